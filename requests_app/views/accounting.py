"""The accounting of disclosures per client: on screen, as CSV and as PDF."""

import datetime
import io

from django.contrib.auth.models import User
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from requests_app import audit
from requests_app.models import Client, Disclosure
from requests_app.pdf import pdf_from_html
from requests_app.people import display_name
from requests_app.permissions import corrects_every_disclosure
from requests_app.selectors import requests as selectors
from requests_app.web.auth import AuthenticatedHttpRequest
from requests_app.web.csv_export import csv_response
from requests_app.web.paging import page_of
from requests_app.web.responses import pdf_response

PAGE_SIZE = 50
CSV_COLUMNS = [
    "request",
    "disclosed_on",
    "recipient",
    "information_disclosed",
    "purpose",
    "authority",
    "authority_kind",
    "mode",
    "media",
    "redactions_applied",
    "recorded_by",
    "recorded_at",
    "originally_recorded_on",
    "date_corrections",
    "packet_sha256",
    "packet_pages",
    "packet_redactions",
]


def accounting(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    client = selectors.client_for_accounting(user=request.user, pk=pk)
    audit.record_view(request, client, detail="accounting of disclosures")
    rows = selectors.accounting_page_rows(client=client)
    page = page_of(request, rows, PAGE_SIZE)
    corrects_all = corrects_every_disclosure(request.user)
    return render(
        request,
        "requests_app/accounting.html",
        {"client": client, "page": page, "corrects_all": corrects_all},
    )


def _corrections_columns(entry: Disclosure) -> tuple[str, str]:
    """The date first recorded (blank when never corrected) and every correction: the dates
    before and after, when, by whom and why."""
    corrections = list(entry.corrections.all())
    if not corrections:
        return "", ""
    history = "; ".join(
        f"{c.previous_disclosed_on.isoformat()} to {c.disclosed_on.isoformat()} on "
        f"{timezone.localtime(c.corrected_at).isoformat(timespec='minutes')} by "
        f"{display_name(c.corrected_by)}: {c.reason}"
        for c in corrections
    )
    return corrections[0].previous_disclosed_on.isoformat(), history


def accounting_csv(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    client = selectors.client_for_accounting(user=request.user, pk=pk)
    audit.record_view(request, client, action="export", detail="accounting of disclosures, CSV")
    rows = (
        (
            d.request.reference,
            d.disclosed_on.isoformat(),
            d.recipient,
            d.information_disclosed,
            d.purpose,
            d.authority,
            d.authority_kind,
            d.get_mode_display(),
            ", ".join(d.media_labels),
            "yes" if d.redactions_applied else "no",
            display_name(d.recorded_by),
            timezone.localtime(d.recorded_at).isoformat(timespec="minutes"),
            *_corrections_columns(d),
            *(
                (d.packet.sha256, d.packet.page_count, d.packet.redaction_count)
                if d.packet
                else ("", "", "")
            ),
        )
        for d in selectors.disclosures_of_client(client=client).iterator(chunk_size=500)
    )
    filename = f"accounting-{client.pk}-{timezone.localdate():%Y%m%d}.csv"
    return csv_response(filename=filename, header=CSV_COLUMNS, rows=rows)


def accounting_pdf(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """The accounting as a Letter-size PDF (WeasyPrint; nothing is fetched from the network)."""
    client = selectors.client_for_accounting(user=request.user, pk=pk)
    audit.record_view(request, client, action="export", detail="accounting of disclosures, PDF")
    html = accounting_html(client=client, user=request.user, now=timezone.now())
    filename = f"accounting-{client.pk}-{timezone.localdate():%Y%m%d}.pdf"
    return pdf_response(io.BytesIO(pdf_from_html(html)), filename)


def accounting_html(*, client: Client, user: User, now: datetime.datetime) -> str:
    """The page WeasyPrint prints as the client's accounting of disclosures."""
    return render_to_string(
        "requests_app/pdf/accounting.html",
        {
            "client": client,
            "disclosures": list(selectors.disclosures_of_client(client=client)),
            "now": now,
            "user": user,
        },
    )
