"""Template context shared by every page: the signed-in user's standing, for navigation."""

from django.conf import settings
from django.http import HttpRequest

from requests_app.models import Notification
from requests_app.roles import standing_of


def staff(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    unread = Notification.objects.filter(user=user, read_at__isnull=True).count()
    return {
        "standing": standing_of(user),
        "unread_notifications": unread,
        "session_seconds": settings.SESSION_COOKIE_AGE,
        "session_warning": settings.SESSION_WARNING_SECONDS,
    }
