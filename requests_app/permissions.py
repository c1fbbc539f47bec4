"""Decorators for views that only some duties may open."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from requests_app.roles import Standing, standing_of


def requires(test: Callable[[Standing], bool]) -> Callable[..., Any]:
    """Let the view run only for users whose standing passes `test` (403 otherwise).

    Sign-in is already required for every view by LoginRequiredMiddleware.
    """

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not test(standing_of(request.user)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def is_reviewer(standing: Standing) -> bool:
    """Office of Legal Affairs staff and Assistant Attorneys General."""
    return standing.is_reviewer
