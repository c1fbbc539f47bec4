"""Idle sessions that cost one read per page, not a read and a write.

A signed-in session ends SESSION_COOKIE_AGE seconds (15 minutes) after the user's last page.
Saving the session on every request would keep that exact, at the price of an UPDATE and a commit
on every page; instead the session is saved (and its expiry and cookie moved on) once a
fifteenth of the idle limit has passed since it was last saved: at most once a minute. A session
therefore ends between 14 and 15 minutes after the last page, and pages tell the browser how
long is really left (`seconds_left`), so the warning still comes before the end.
"""

import math
import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.base import SessionBase
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpRequest, HttpResponse

#: When the session's idle clock last restarted (seconds since the epoch).
REFRESHED_KEY = "_idle_refreshed"


def refresh_interval() -> float:
    return settings.SESSION_COOKIE_AGE / 15


def _refresh_due(session: SessionBase, now: float) -> bool:
    return now - session.get(REFRESHED_KEY, 0) >= refresh_interval()


def restart_idle_clock(session: SessionBase) -> None:
    """Save the session at the end of this request, with a new expiry."""
    session[REFRESHED_KEY] = time.time()


def seconds_left(session: SessionBase) -> int:
    """Seconds until the signed-in session ends unless the user does something."""
    now = time.time()
    if _refresh_due(session, now):  # this response restarts the clock
        return settings.SESSION_COOKIE_AGE
    return max(0, math.ceil(settings.SESSION_COOKIE_AGE - (now - session[REFRESHED_KEY])))


class IdleSessionMiddleware(SessionMiddleware):
    """Django's session middleware, restarting a signed-in session's idle clock when due."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and session.get(SESSION_KEY) and _refresh_due(session, time.time()):
            restart_idle_clock(session)
        return super().process_response(request, response)


def idle_clock_starts_at_sign_in(sender: object, request: HttpRequest, **kwargs: object) -> None:
    """Signing in starts the idle clock (the sign-in saves the session anyway)."""
    if request is not None and hasattr(request, "session"):
        restart_idle_clock(request.session)
