"""Template context shared by every page: the signed-in user's standing (for navigation), the
unread notification badge and the session's idle clock."""

from django.conf import settings
from django.http import HttpRequest

from requests_app.permissions import standing_of
from requests_app.selectors.notifications import unread_count
from requests_app.web.sessions import seconds_left

#: The notification badge shows at most this number, then "99+".
UNREAD_BADGE_LIMIT = 99


def staff(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    unread = unread_count(user=user, limit=UNREAD_BADGE_LIMIT)
    return {
        "standing": standing_of(user),
        "unread_notifications": unread,
        "unread_notifications_label": (
            f"{UNREAD_BADGE_LIMIT}+" if unread > UNREAD_BADGE_LIMIT else str(unread)
        ),
        "session_seconds": seconds_left(request.session),
        "session_warning": settings.SESSION_WARNING_SECONDS,
    }
