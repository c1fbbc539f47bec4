"""Loss, theft and breach reports: choosing which to make, the two report forms, the
confirmation, a report's page with its timeline and the steps its reader may take, the list,
and the printed loss report.

Each view reads through `selectors.incidents` (a 404 for any report the user may not read),
audits every read of a report like client information, and writes only through services.
"""

import datetime
import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST

from requests_app import audit
from requests_app.choices import IncidentStepKind
from requests_app.forms.incidents import (
    AcknowledgeForm,
    BreachReportForm,
    CloseForm,
    EscalateForm,
    IncidentFilterForm,
    IncidentReportForm,
    LossReportForm,
    NotifyLeadershipForm,
    StepForm,
)
from requests_app.models import Incident
from requests_app.models.incidents import ack_hours
from requests_app.pdf import pdf_from_html
from requests_app.permissions import incident_actions, is_staff_member, requires
from requests_app.selectors import incidents as incident_selectors
from requests_app.services import incidents as services
from requests_app.web.auth import AuthenticatedHttpRequest
from requests_app.web.paging import filters_query, page_of
from requests_app.web.responses import pdf_response

PAGE_SIZE = 25


def _audit_read(request: HttpRequest, incident: Incident, action: str = "view") -> None:
    """A read of a report, audited like client information: one event naming the report and
    every client it concerns (none when they are not known), so each client's "who looked"
    lists it."""
    audit.record_view(
        request,
        incident,
        clients=incident.clients.all(),
        action=action,
        detail=f"{incident.reference} {incident.kind_short}",
    )


def _posted(request: HttpRequest):
    return request.POST if request.method == "POST" else None


@requires(is_staff_member)
def incident_start(request: HttpRequest) -> HttpResponse:
    """Which report to make: a loss or theft, or a breach of the policy."""
    return render(request, "requests_app/incident_start.html", {"ack_hours": ack_hours()})


def _report(
    request: AuthenticatedHttpRequest, form_class: type[IncidentReportForm], submit
) -> HttpResponse:
    """A report's form; once valid, `submit` (the kind's service) stores and sends it."""
    now = timezone.now()
    form = form_class(_posted(request), user=request.user, now=now)
    if request.method == "POST" and form.is_valid():
        try:
            incident = submit(
                reporter=request.user,
                draft=form.instance,
                clients=list(form.cleaned_data["clients"]),
                submission_token=form.cleaned_data["submission_token"],
                now=now,
                **form.service_arguments(),
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            return redirect("requests:incident_submitted", pk=incident.pk)
    status = 400 if form.errors else 200
    return render(request, "requests_app/incident_form.html", {"form": form}, status=status)


@requires(is_staff_member)
def loss_report_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _report(request, LossReportForm, services.loss_report_submit)


@requires(is_staff_member)
def breach_report_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _report(request, BreachReportForm, services.breach_report_submit)


def incident_submitted(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The confirmation: who was notified (or that nobody could be), and what happens next."""
    incident = incident_selectors.incident_for_user(user=request.user, pk=pk)
    if incident.reporter_id != request.user.pk:
        raise Http404
    _audit_read(request, incident)
    steps = list(incident.steps.all())
    context = {
        "incident": incident,
        "notified": [s for s in steps if s.recipient_id],
        "unit_fallback": any(s.kind == IncidentStepKind.UNIT_SUPERVISOR_NOTIFIED for s in steps),
        "nobody": any(s.kind == IncidentStepKind.NOBODY_TO_NOTIFY for s in steps),
    }
    return render(request, "requests_app/incident_submitted.html", context)


def _detail_page(
    request: AuthenticatedHttpRequest, incident: Incident, **forms: object
) -> HttpResponse:
    now = timezone.now()
    incident_selectors.with_timing([incident], now=now)
    related = incident.escalated_from if incident.is_breach else _breach_of(incident)
    context = {
        "incident": incident,
        "now": now,
        "overdue": incident.is_overdue(now),
        "ack_hours": ack_hours(),
        "actions": incident_actions(user=request.user, incident=incident),
        "related": related,
        "related_visible": incident_selectors.incident_visible(user=request.user, incident=related),
        "acknowledge_form": AcknowledgeForm(prefix="ack"),
        "escalate_form": EscalateForm(prefix="escalate"),
        "notify_form": NotifyLeadershipForm(prefix="notify"),
        "close_form": CloseForm.for_incident(incident)(prefix="close"),
        **forms,
    }
    status = 400 if any(getattr(f, "errors", None) for f in forms.values()) else 200
    return render(request, "requests_app/incident_detail.html", context, status=status)


def _breach_of(incident: Incident) -> Incident | None:
    try:
        return incident.breach_report
    except Incident.DoesNotExist:
        return None


def incident_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    incident = incident_selectors.incident_for_user(user=request.user, pk=pk)
    _audit_read(request, incident)
    return _detail_page(request, incident)


def _act(
    request: AuthenticatedHttpRequest,
    pk: int,
    form_class: type[StepForm],
    prefix: str,
    key: str,
    perform,
):
    """Validate a step's form and run its service; errors re-render the report's page."""
    incident = incident_selectors.incident_for_user(user=request.user, pk=pk)
    form = form_class.for_incident(incident)(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            result = perform(incident, form.cleaned_data)
        except services.IncidentUnavailable as gone:
            messages.error(request, str(gone))
            return redirect("requests:incident_detail", pk=pk)
        except ValidationError as error:
            problems = error.message_dict if hasattr(error, "error_dict") else {None: error}
            for field, messages_ in problems.items():
                form.add_error(field if field in form.fields else None, messages_)
        else:
            return result
    _audit_read(request, incident)
    return _detail_page(request, incident, **{key: form})


@require_POST
def incident_acknowledge(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def perform(incident: Incident, data) -> HttpResponse:
        services.incident_acknowledge(incident=incident, by=request.user, note=data["note"])
        messages.success(request, f"You have acknowledged {incident.reference}.")
        return redirect("requests:incident_detail", pk=pk)

    return _act(request, pk, AcknowledgeForm, "ack", "acknowledge_form", perform)


@require_POST
def incident_escalate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def perform(incident: Incident, data) -> HttpResponse:
        breach = services.incident_escalate(
            incident=incident, by=request.user, reason=data["reason"]
        )
        messages.success(
            request,
            f"Breach report {breach.reference} is open and went to the Agency Legal Director.",
        )
        return redirect("requests:incident_detail", pk=breach.pk)

    return _act(request, pk, EscalateForm, "escalate", "escalate_form", perform)


@require_POST
def incident_notify_leadership(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def perform(incident: Incident, data) -> HttpResponse:
        services.incident_notify_leadership(incident=incident, by=request.user, note=data["note"])
        messages.success(
            request, "The Commissioner and the Director of Human Resources have been notified."
        )
        return redirect("requests:incident_detail", pk=pk)

    return _act(request, pk, NotifyLeadershipForm, "notify", "notify_form", perform)


@require_POST
def incident_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def perform(incident: Incident, data) -> HttpResponse:
        services.incident_close(
            incident=incident,
            by=request.user,
            note=data["note"],
            prevention_steps=data.get("prevention_steps", ""),
        )
        messages.success(request, f"{incident.reference} is closed.")
        return redirect("requests:incident_detail", pk=pk)

    return _act(request, pk, CloseForm, "close", "close_form", perform)


def incident_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The reports the user may read: filters in the URL (no client data), pagination."""
    now = timezone.now()
    filters = IncidentFilterForm(request.GET or None)
    rows = incident_selectors.incident_list(user=request.user, filters=filters.filters(), now=now)
    page = page_of(request, rows, PAGE_SIZE)
    page.object_list = incident_selectors.with_timing(page.object_list, now=now)
    return render(
        request,
        "requests_app/incident_list.html",
        {"page": page, "filters": filters, "query": filters_query(request), "now": now},
    )


def incident_pdf(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """The loss report printed for the DCF Loss Reporting Procedure (Policy 12-16)."""
    incident = incident_selectors.incident_for_user(user=request.user, pk=pk)
    if not incident.is_loss:
        raise Http404
    _audit_read(request, incident, action="print")
    html = loss_report_html(incident=incident, now=timezone.now())
    return pdf_response(io.BytesIO(pdf_from_html(html)), f"{incident.reference}-loss-report.pdf")


def loss_report_html(*, incident: Incident, now: datetime.datetime) -> str:
    """The page WeasyPrint prints as the loss report."""
    return render_to_string(
        "requests_app/pdf/incident_loss.html",
        {"incident": incident, "breach": _breach_of(incident), "now": now},
    )
