"""The portal's own middleware.

- `DatabaseUnavailableMiddleware`: when the database cannot be reached, answer with a clean 503
  page (never a traceback). Nothing is half-written: every write runs in a transaction that the
  failure rolls back. The connection is re-established on the next request
  (CONN_HEALTH_CHECKS), so the portal recovers by itself as soon as PostgreSQL is back.
- `AuditMiddleware`: keeps the requesting address for the audit events of the request.
- `RequireTwoFactorMiddleware`: sends signed-in users without a verified second factor to enrol
  or verify (when OTP_REQUIRED is on).
"""

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections, connections
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django_otp import user_has_device

from requests_app import audit

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 5


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            return self.get_response(request)
        except (OperationalError, InterfaceError) as error:
            return self._unavailable(error)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, (OperationalError, InterfaceError)):
            return self._unavailable(exception)
        return None

    def _unavailable(self, error: Exception) -> HttpResponse:
        return database_unavailable(error)


def database_unavailable(error: Exception) -> HttpResponse:
    """The clean 503 page (rendered without the database), with connections reset."""
    # Log the kind of failure only: its text can echo SQL parameters (client data).
    logger.error("database unavailable: %s", type(error).__name__)
    for connection in connections.all():
        connection.close_if_unusable_or_obsolete()
    close_old_connections()
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class AuditMiddleware:
    """Keeps the requesting address for the audit records made while serving the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with audit.requesting_address(request.META.get("REMOTE_ADDR")):
            return self.get_response(request)


#: Paths a signed-in user reaches before proving a second factor.
OPEN_PATHS = ("/static/", "/logout/", "/two-factor/")


class RequireTwoFactorMiddleware:
    """Send signed-in users without a verified second factor to enrol or verify."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            settings.OTP_REQUIRED
            and user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(OPEN_PATHS)
        ):
            target = "twofactor_verify" if user_has_device(user) else "twofactor_setup"
            return redirect(f"{reverse(target)}?next={request.path}")
        return self.get_response(request)
