"""The portal's own middleware.

- `DatabaseUnavailableMiddleware`: when the database cannot be reached, answer with a clean 503
  page (never a traceback). Nothing is half-written: every write runs in a transaction that the
  failure rolls back. The connection is re-established on the next request
  (CONN_HEALTH_CHECKS), so the portal recovers by itself as soon as PostgreSQL is back.
- `PrivatePagesMiddleware`: every page, CSV and PDF is `Cache-Control: private, no-store`.
- `AuditMiddleware`: keeps the requesting address and the signed-in user for the audit events
  of the request.
- `RequireTwoFactorMiddleware`: sends signed-in users without a verified second factor to enrol
  or verify (when OTP_REQUIRED is on).
"""

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections, connections
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django_otp import user_has_device

from requests_app import audit
from requests_app.pdf import RenderTooLong
from requests_app.web.addresses import client_address

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 5


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            return self.get_response(request)
        except (OperationalError, InterfaceError) as error:
            return database_unavailable(error, request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, (OperationalError, InterfaceError)):
            return database_unavailable(exception, request)
        return None


def database_unavailable(error: Exception, request: HttpRequest) -> HttpResponse:
    """The clean 503 page (rendered without the database), with connections reset. Logged in
    one line per request, however many layers of the request meet the lost database."""
    if not getattr(request, "_database_outage_logged", False):
        # The kind of failure only: its text can echo SQL parameters (client data).
        logger.error("database unavailable: %s", type(error).__name__)
        request._database_outage_logged = True  # type: ignore[attr-defined]
    for connection in connections.all():
        connection.close_if_unusable_or_obsolete()
    close_old_connections()
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class PrivatePagesMiddleware:
    """Mark every response the portal makes as private and not to be stored: pages show client
    information, so no browser cache, proxy or shared computer may keep a copy. A response that
    already says how it may be cached (Django's `never_cache` on sign-in) keeps its header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-store"
        return response


class PdfTooLongMiddleware:
    """A PDF abandoned after PDF_RENDER_SECONDS answers with a page that says so (and what to
    do instead), never a killed worker or an error page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, RenderTooLong):
            return None
        logger.warning("PDF abandoned after %s s: %s", settings.PDF_RENDER_SECONDS, request.path)
        context = {"seconds": settings.PDF_RENDER_SECONDS}
        return render(request, "pdf_too_long.html", context, status=503)


class AuditMiddleware:
    """Keeps the requesting address, and who is signed in, for the audit records made while
    serving the request (a change of rights is audited by a signal that has no request)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with (
            audit.requesting_address(client_address(request)),
            audit.acting(getattr(request, "user", None)),
        ):
            return self.get_response(request)


#: Paths a signed-in user reaches before proving a second factor.
OPEN_PATHS = ("/static/", "/favicon.ico", "/logout/", "/two-factor/")


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
