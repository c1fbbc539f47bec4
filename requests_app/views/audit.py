"""The audit trail screen: search access events by client, user and dates; export CSV.

Search terms (a client number is an identifier) are posted and kept in the session, never put
in the URL.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from requests_app import audit
from requests_app.forms.audit import AuditSearchForm
from requests_app.permissions import reads_audit, requires
from requests_app.selectors.audit import access_events
from requests_app.web.auth import AuthenticatedHttpRequest
from requests_app.web.csv_export import csv_response
from requests_app.web.paging import page_of

PAGE_SIZE = 50
SESSION_KEY = "audit_search"


def _filters(request: HttpRequest) -> dict:
    saved = request.session.get(SESSION_KEY, {})
    form = AuditSearchForm(saved or None)
    return form.filters() if saved and form.is_valid() else {}


@requires(reads_audit)
def audit_search(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = AuditSearchForm(request.POST)
        if form.is_valid():
            request.session[SESSION_KEY] = {
                k: (v.isoformat() if hasattr(v, "isoformat") else v)
                for k, v in form.cleaned_data.items()
                if v
            }
            return redirect("requests:audit")
    else:
        form = AuditSearchForm(initial=request.session.get(SESSION_KEY, {}))
    events = access_events(user=request.user, **_filters(request))
    page = page_of(request, events, PAGE_SIZE)
    audit.record_list_view(
        request, page="audit search", clients=[e.client_id for e in page if e.client_id]
    )
    return render(request, "requests_app/audit_search.html", {"form": form, "page": page})


#: The audit CSV's columns.
AUDIT_CSV_COLUMNS = (
    "id",
    "at",
    "user",
    "action",
    "object_type",
    "object_id",
    "client_number",
    "ip_address",
    "detail",
    "hash",
)


@requires(reads_audit)
def audit_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    filters = _filters(request)
    audit.record(
        user=request.user, action="export", object_type="AccessEvent", detail="audit trail CSV"
    )
    rows = (
        (
            e.id,
            timezone.localtime(e.at).isoformat(timespec="seconds"),
            e.user.username if e.user else "",
            e.action,
            e.object_type,
            e.object_id,
            e.client.client_number if e.client else "",
            e.ip_address or "",
            e.detail,
            e.hash,
        )
        for e in access_events(user=request.user, **filters).iterator(chunk_size=1000)
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return csv_response(filename=f"access-events-{stamp}.csv", header=AUDIT_CSV_COLUMNS, rows=rows)
