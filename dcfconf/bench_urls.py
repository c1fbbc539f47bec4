"""URLs of the benchmark settings (dcfconf.bench): every normal URL, plus four bench-only views.

- `/bench/floor/`: the floor every page is compared with. One indexed query (a client's number
  by primary key) behind the full middleware stack; no sign-in, no template.
- `/bench/floor/signed-in/`: the same behind the sign-in (the session and the user are read).
- `/bench/floor/page/`: the signed-in floor as an empty portal page: the base template (header,
  navigation with its unread badge, session timer, footer) around the one value. What every page
  pays before its own content.
- `/bench/releases/<pk>/pdf-fresh/`: the real release PDF view, after blanking the stored PDF's
  fingerprint, so that every call renders the form afresh (and stores it) instead of re-serving.

None exists in dcfconf.urls (a test checks), so production never serves them.
"""

import random

from django.contrib.auth.decorators import login_not_required
from django.db.models import Max
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from dcfconf.urls import handler403, handler404, handler500
from dcfconf.urls import urlpatterns as portal_urlpatterns
from forms_app import views as release_views
from forms_app.models import ReleaseAuthorization
from requests_app.models import Client
from requests_app.web.auth import AuthenticatedHttpRequest

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]

_highest_client_id: list[int] = []


def _one_indexed_query() -> str:
    """A random client's number by primary key."""
    if not _highest_client_id:  # once per process
        _highest_client_id.append(Client.objects.aggregate(top=Max("pk"))["top"] or 1)
    pk = random.randint(1, _highest_client_id[0])  # noqa: S311 (not security)
    return Client.objects.filter(pk=pk).values_list("client_number", flat=True).first() or "-"


@login_not_required
def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse(_one_indexed_query(), content_type="text/plain")


def floor_signed_in(request: HttpRequest) -> HttpResponse:
    """The floor behind the sign-in (LoginRequiredMiddleware has read the session and user)."""
    return HttpResponse(_one_indexed_query(), content_type="text/plain")


def floor_page(request: HttpRequest) -> HttpResponse:
    """The signed-in floor rendered as a portal page with nothing on it but the one value."""
    return render(request, "bench/floor_page.html", {"number": _one_indexed_query()})


def release_pdf_fresh(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """The release PDF view with its stored copy made stale first: a fresh render every time."""
    ReleaseAuthorization.objects.filter(pk=pk).update(rendered_pdf_fingerprint="")
    return release_views.release_pdf(request, pk)


urlpatterns = [
    path("bench/floor/", floor, name="bench_floor"),
    path("bench/floor/signed-in/", floor_signed_in, name="bench_floor_signed_in"),
    path("bench/floor/page/", floor_page, name="bench_floor_page"),
    path("bench/releases/<int:pk>/pdf-fresh/", release_pdf_fresh, name="bench_release_pdf_fresh"),
    *portal_urlpatterns,
]
