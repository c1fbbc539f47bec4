"""Reads of a user's in-app notifications."""

from django.contrib.auth.models import User
from django.db.models import QuerySet

from requests_app.models import Notification


def notifications_for_user(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user)


def unread_count(*, user: User, limit: int) -> int:
    """How many notifications the user has not read, counted up to `limit` + 1 only.

    A Legal Affairs member is notified of every escalation, and counting tens of thousands of
    unread rows on every page would cost as much as they are. Unordered, so it reads the partial
    index of unread rows alone, with one plan for everyone (ordered newest first, PostgreSQL
    planned it afresh on every page: 0.5 ms)."""
    return (
        Notification.objects.filter(user=user, read_at__isnull=True)
        .order_by()
        .values("pk")[: limit + 1]
        .count()
    )
