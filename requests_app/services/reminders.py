"""Daily review reminders: each assignee their due-soon and overdue reviews, and Legal Affairs
a digest of unassigned ones. Each email carries a key for the day, so a second run sends
nothing twice."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse

from requests_app.notifications import email_queue, portal_link
from requests_app.selectors import reviews as review_queue


def _line(review, today: datetime.date) -> str:
    state = "OVERDUE" if review.due_on < today else "due"
    return f"- {review.request.reference}: {state} {review.due_on:%a %b %-d}"


@transaction.atomic
def review_reminders_send(*, today: datetime.date) -> int:
    """Queue today's reminder emails; returns how many were queued (0 on a second run)."""
    by_assignee, unassigned = review_queue.reminders_for(today=today)
    queued = 0
    users = get_user_model().objects.in_bulk(list(by_assignee))
    queue_url = portal_link(reverse("requests:review_queue"))
    for user_id, reviews in by_assignee.items():
        user = users[user_id]
        body = "\n".join(_line(r, today) for r in reviews)
        sent = email_queue(
            to=[user.email],
            subject=f"{len(reviews)} review(s) due soon or overdue",
            body=f"Your reviews needing a decision:\n{body}\n\nQueue: {queue_url}?assignee=me",
            dedupe_key=f"review-reminder:{today.isoformat()}:{user_id}",
        )
        queued += sent is not None
    if unassigned:
        body = "\n".join(_line(r, today) for r in unassigned)
        sent = email_queue(
            to=[settings.LEGAL_AFFAIRS_EMAIL],
            subject=f"{len(unassigned)} unassigned review(s)",
            body=f"Reviews nobody has claimed:\n{body}\n\nQueue: {queue_url}?assignee=unassigned",
            dedupe_key=f"review-digest:{today.isoformat()}",
        )
        queued += sent is not None
    return queued
