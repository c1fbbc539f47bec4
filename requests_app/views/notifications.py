"""A user's in-app notifications."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from requests_app.notifications import notifications_mark_read
from requests_app.selectors.notifications import notifications_for_user
from requests_app.web.auth import AuthenticatedHttpRequest
from requests_app.web.paging import page_of
from requests_app.web.redirects import safe_next

PAGE_SIZE = 25


def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = notifications_for_user(user=request.user)
    page = page_of(request, rows, PAGE_SIZE)
    return render(request, "requests_app/notification_list.html", {"page": page})


def notification_open(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Open one of the user's notifications: mark it read, then go to the page it is about.

    A GET, so the notification is an ordinary link (it opens in a new tab too): marking one's
    own notification read is all it changes. Its link is a path the portal wrote; anything
    else (another site, a relative path) goes to the list instead, never elsewhere."""
    notification = get_object_or_404(notifications_for_user(user=request.user), pk=pk)
    notifications_mark_read(user=request.user, ids=[notification.pk])
    link = notification.link
    target = link if link.startswith("/") and safe_next(request, link) else ""
    return redirect(target or "requests:notifications")


@require_POST
def notifications_read(request: AuthenticatedHttpRequest) -> HttpResponse:
    notifications_mark_read(user=request.user)
    return redirect("requests:notifications")
