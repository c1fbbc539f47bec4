"""Pages of casework: the home page per role, a client and a case.

Views check permission (through a scoped selector: 404 for anything the user may not see),
call one selector and render.
"""

from django.core.paginator import Page
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from requests_app import audit
from requests_app.permissions import may_read_accounting, may_request_for_client, standing_of
from requests_app.selectors import casework as selectors
from requests_app.selectors.audit import who_looked_at
from requests_app.selectors.home import home_page
from requests_app.web.auth import AuthenticatedHttpRequest
from requests_app.web.paging import page_of

#: Cases per page of a caseload (each with its clients and their relations).
CASELOAD_PAGE_SIZE = 10
#: Rows per page of a supervisor's table of supervisees' cases.
SUPERVISEES_PAGE_SIZE = 25


def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What the signed-in user does next (`selectors.home`), and the cases they work on.

    The caseload and the supervisees' cases are paged apart (`page` and `supervisees`), so a
    supervisor of a large unit costs the same queries and rows as any other user.
    """
    today = timezone.localdate()
    caseload = page_of(
        request, selectors.caseload(user=request.user, today=today), CASELOAD_PAGE_SIZE
    )
    supervisees = None
    if standing_of(request.user).is_supervisor:
        supervisees = page_of(
            request,
            selectors.supervisee_caseloads(user=request.user, today=today),
            SUPERVISEES_PAGE_SIZE,
            "supervisees",
        )
    sections = home_page(user=request.user, today=today, now=timezone.now())
    context = {
        "today": today,
        "home": sections,
        "caseload": caseload,
        "caseload_counts": selectors.caseload_counts(user=request.user, today=today),
        "supervisees": supervisees,
        # Each pager's links keep the other's page.
        "caseload_query": _page_query("supervisees", supervisees),
        "supervisees_query": _page_query("page", caseload),
        "incidents_home": sections.incidents,
        "expiring_releases": sections.releases_expiring,
    }
    shown = [m.client_id for a in caseload for m in a.case.memberships.all()]
    audit.record_list_view(request, page="home", clients=shown + sections.clients_shown)
    return render(request, "requests_app/home.html", context)


def _page_query(param: str, page: Page | None) -> str:
    """`param=N` for a page after the first, else nothing."""
    return f"{param}={page.number}" if page is not None and page.number > 1 else ""


def client_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A client: facts, cases, relations, releases, who looked; and links to the client's
    accounting of disclosures and to a new request for the client, for those who may open them."""
    client = selectors.client_for_user(user=request.user, pk=pk)
    audit.record_view(request, client)
    context = {
        "client": client,
        "today": timezone.localdate(),
        "looked": who_looked_at(client=client),
        "may_read_accounting": may_read_accounting(user=request.user, client_id=client.pk),
        "may_request": may_request_for_client(user=request.user, client_id=client.pk),
    }
    return render(request, "requests_app/client_detail.html", context)


def case_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for_user(user=request.user, pk=pk)
    for membership in case.memberships.all():
        audit.record_view(request, case, client=membership.client)
    today = timezone.localdate()
    return render(request, "requests_app/case_detail.html", {"case": case, "today": today})
