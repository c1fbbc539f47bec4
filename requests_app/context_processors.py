"""Template context shared by every page: the signed-in user's standing, for navigation."""

from django.conf import settings
from django.http import HttpRequest

from requests_app.models import Notification
from requests_app.roles import standing_of
from requests_app.sessions import seconds_left

#: The notification badge shows at most this number, then "99+".
UNREAD_BADGE_LIMIT = 99


def staff(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Counted up to the limit only: a Legal Affairs member is notified of every escalation, and
    # counting tens of thousands of unread rows on every page would cost as much as they are.
    # Unordered, so it reads the partial index of unread rows alone, with one plan for everyone
    # (ordered newest first, PostgreSQL planned it afresh on every page: 0.5 ms).
    unread = (
        Notification.objects.filter(user=user, read_at__isnull=True)
        .order_by()
        .values("pk")[: UNREAD_BADGE_LIMIT + 1]
        .count()
    )
    return {
        "standing": standing_of(user),
        "unread_notifications": unread,
        "unread_notifications_label": (
            f"{UNREAD_BADGE_LIMIT}+" if unread > UNREAD_BADGE_LIMIT else str(unread)
        ),
        "session_seconds": seconds_left(request.session),
        "session_warning": settings.SESSION_WARNING_SECONDS,
    }
