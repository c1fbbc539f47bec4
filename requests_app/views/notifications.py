"""A user's in-app notifications."""

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from requests_app.notifications import notifications_mark_read
from requests_app.selectors.notifications import notifications_for_user
from requests_app.web.auth import AuthenticatedHttpRequest
from requests_app.web.paging import page_of

PAGE_SIZE = 25


def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = notifications_for_user(user=request.user)
    page = page_of(request, rows, PAGE_SIZE)
    return render(request, "requests_app/notification_list.html", {"page": page})


@require_POST
def notifications_read(request: AuthenticatedHttpRequest) -> HttpResponse:
    notifications_mark_read(user=request.user)
    return redirect("requests:notifications")
