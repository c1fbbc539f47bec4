"""Pages of casework: the home page per role, a client and a case.

Views check permission (through a scoped selector: 404 for anything the user may not see),
call one selector and render.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from forms_app import selectors as forms_selectors
from requests_app import audit, incident_selectors, selectors
from requests_app.choices import DutyGroup
from requests_app.roles import standing_of


def home(request: HttpRequest) -> HttpResponse:
    """What the signed-in user works on: a caseload, supervisees' cases, or their queue."""
    today = timezone.localdate()
    standing = standing_of(request.user)
    context = {
        "today": today,
        "caseload": selectors.caseload(user=request.user, today=today),
        "supervisee_assignments": (
            selectors.supervisee_caseloads(user=request.user, today=today)
            if standing.has(DutyGroup.SUPERVISOR)
            else []
        ),
        "DutyGroup": DutyGroup,
        "incidents_home": incident_selectors.incidents_home(user=request.user, now=timezone.now()),
        "expiring_releases": forms_selectors.releases_expiring_for_user(
            user=request.user, today=today
        ),
    }
    return render(request, "requests_app/home.html", context)


def client_detail(request: HttpRequest, pk: int) -> HttpResponse:
    client = selectors.client_for_user(user=request.user, pk=pk)
    audit.record_view(request, client)
    today = timezone.localdate()
    return render(
        request,
        "requests_app/client_detail.html",
        {"client": client, "today": today, "looked": selectors.who_looked_at(client=client)},
    )


def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for_user(user=request.user, pk=pk)
    for membership in case.memberships.all():
        audit.record_view(request, case, client=membership.client)
    today = timezone.localdate()
    return render(request, "requests_app/case_detail.html", {"case": case, "today": today})
