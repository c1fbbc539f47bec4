"""Telling people: an in-app notification per user and an email, queued in the caller's
transaction so a mail-server outage never fails the change and loses nothing."""

from collections.abc import Iterable, Sequence

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from requests_app.choices import EmailStatus
from requests_app.models import Notification, OutboundEmail
from requests_app.tasks import deliver_email


def portal_link(path: str) -> str:
    """The address of the portal's page at `path` ("/requests/2/"), for an email: read in a mail
    client, a link must be absolute, and it starts with PORTAL_URL (never the address a request
    came in on)."""
    if not path.startswith("/") or path.startswith("//"):
        raise ValueError(f"not a path of the portal: {path!r}")
    return f"{settings.PORTAL_URL}{path}"


def email_queue(
    *, to: Sequence[str], subject: str, body: str, dedupe_key: str | None = None
) -> OutboundEmail | None:
    """Queue an email for the background worker. With a `dedupe_key` already used, queue nothing
    and return None (periodic commands use this to never send the same thing twice)."""
    recipients = sorted({address for address in to if address})
    if not recipients:
        return None
    try:
        with transaction.atomic():
            email = OutboundEmail.objects.create(
                to=recipients,
                subject=subject,
                body=body,
                created_at=timezone.now(),
                dedupe_key=dedupe_key,
            )
    except IntegrityError:
        if dedupe_key and OutboundEmail.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        raise
    deliver_email.enqueue(email.pk)
    return email


@transaction.atomic
def notify(
    *,
    users: Iterable[User],
    subject: str,
    body: str = "",
    link: str = "",
    also_email: Sequence[str] = (),
) -> list[Notification]:
    """Notify each user in the app and by email (plus any extra addresses, e.g. a team box).
    `link`: the path of the page it is about; the email gives its full address."""
    users = list(users)
    now = timezone.now()
    notes = Notification.objects.bulk_create(
        Notification(user=u, created_at=now, subject=subject, body=body, link=link) for u in users
    )
    text = body + (f"\n\nOpen it in the portal: {portal_link(link)}" if link else "")
    email_queue(to=[*(u.email for u in users), *also_email], subject=subject, body=text)
    return notes


def notifications_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications (all, or those in `ids`) as read."""
    queryset = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    return queryset.update(read_at=timezone.now())


def emails_retry_failed() -> int:
    """Queue every failed email again; returns how many."""
    ids = list(OutboundEmail.objects.filter(status=EmailStatus.FAILED).values_list("pk", flat=True))
    for pk in ids:
        deliver_email.enqueue(pk)
    return len(ids)
