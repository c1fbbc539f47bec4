"""Signing in and staying signed in: the lockout page, the session keep-alive, error pages, and
the favicon browsers ask for before anyone signs in."""

import sys
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.http import require_POST

from requests_app.web.middleware import database_unavailable
from requests_app.web.sessions import restart_idle_clock


@login_not_required
def locked_out(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """django-axes' answer once an account has failed to sign in too often."""
    return render(
        request,
        "registration/locked_out.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
        status=429,
    )


@login_not_required
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which browsers ask for on their own: the portal's icon, a static file
    (static/img/favicon.ico, whose address changes with its content in production)."""
    return HttpResponsePermanentRedirect(static("img/favicon.ico"))


@require_POST
def session_keepalive(request: HttpRequest) -> HttpResponse:
    """Restart the session's idle clock now (the warning's "stay signed in")."""
    restart_idle_clock(request.session)
    return JsonResponse({"expires_in": settings.SESSION_COOKIE_AGE})


@login_not_required
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    # A database lost while a middleware (the session, the history context) rather than the view
    # reads it reaches Django's error handler instead of DatabaseUnavailableMiddleware: answer with
    # the same clean 503, not "something went wrong" (make soak restarts PostgreSQL under load).
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        return database_unavailable(error, request)
    return render(request, "500.html", status=500)


@login_not_required
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)
