"""Disclosure requests: submit (the engine decides at once), resubmit after a return, and record
what was actually disclosed (the accounting entry)."""

import datetime
import uuid
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from requests_app import audit
from requests_app.business_days import review_due_on
from requests_app.choices import (
    DutyGroup,
    EventKind,
    Outcome,
    RequestStatus,
)
from requests_app.integrity import check_violation
from requests_app.models import (
    CaseAssignment,
    Disclosure,
    DisclosureRequest,
    PolicyDecision,
    RequestEvent,
    Review,
)
from requests_app.services.decisions import decision_record
from requests_app.services.notifications import notify

#: The request fields a requester fills in (model field names).
REQUEST_FIELDS = (
    "client",
    "case",
    "recipient_kind",
    "recipient_relation",
    "recipient_staff",
    "recipient_name",
    "recipient_organization",
    "recipient_address",
    "business_reason",
    "court_docket_number",
    "hearing_on",
    "hearing_related_to_case",
    "release",
    "categories",
    "information_description",
    "information_from",
    "information_to",
    "media",
    "mode",
    "purpose",
    "requester_in_doubt",
)
DISCLOSABLE = (
    RequestStatus.PERMITTED,
    RequestStatus.APPROVED,
    RequestStatus.APPROVED_WITH_REDACTIONS,
)


def event_add(
    *, request: DisclosureRequest, kind: EventKind, actor: AbstractUser | None, detail: str = ""
) -> RequestEvent:
    return RequestEvent.objects.create(
        request=request, kind=kind, actor=actor, at=timezone.now(), detail=detail
    )


def _check_caseload(*, requester: AbstractUser, fields: dict[str, Any], today: datetime.date):
    """The request must be about a client of a case on the requester's own active caseload."""
    case, client = fields["case"], fields["client"]
    on_caseload = CaseAssignment.objects.filter(
        CaseAssignment.active_on_q(today), staff=requester, case=case, case__clients=client
    ).exists()
    if not on_caseload:
        raise PermissionDenied("The client and case must be on your own caseload.")


def _decide(*, request: DisclosureRequest, actor: AbstractUser, today: datetime.date) -> None:
    record = decision_record(request=request, as_of=today)
    if record.outcome == Outcome.PERMITTED:
        request.status = RequestStatus.PERMITTED
        request.save(update_fields=["status", "updated_at"])
        event_add(request=request, kind=EventKind.PERMITTED, actor=None, detail=record.citation)
        return
    request.status = RequestStatus.ESCALATED
    request.save(update_fields=["status", "updated_at"])
    _review_open(request=request, record=record, today=today)


def _review_open(*, request: DisclosureRequest, record: PolicyDecision, today: datetime.date):
    closures = [datetime.date.fromisoformat(d) for d in settings.AGENCY_CLOSURES]
    due = review_due_on(
        escalated_on=today,
        business_days=settings.REVIEW_DUE_BUSINESS_DAYS,
        hearing_on=request.hearing_on,
        closures=closures,
    )
    Review.objects.create(request=request, decision=record, opened_at=timezone.now(), due_on=due)
    reasons = "; ".join(r["code"] for r in record.reasons)
    event_add(request=request, kind=EventKind.ESCALATED, actor=None, detail=reasons)
    reviewers = get_user_model().objects.filter(
        groups__name=DutyGroup.LEGAL_AFFAIRS, is_active=True
    )
    notify(
        users=reviewers,
        subject=f"Disclosure request {request.reference} needs Legal Affairs review",
        body=f"Escalated by the 31-8-5 rules ({reasons}). Due {due:%B %-d, %Y}.",
        link=reverse("requests:detail", args=[request.pk]),
        also_email=[settings.LEGAL_AFFAIRS_EMAIL],
    )


@transaction.atomic
def request_submit(
    *,
    requester: AbstractUser,
    fields: dict[str, Any],
    submission_token: uuid.UUID,
    today: datetime.date | None = None,
) -> DisclosureRequest:
    """Store a new request, decide it at once, and open a review if the rules escalate it.

    The same `submission_token` twice (a double-clicked submit) returns the first request.
    The requester has acknowledged the consequences of unauthorized disclosure: the time is
    stored with the request.
    """
    today = today or timezone.localdate()
    existing = DisclosureRequest.objects.filter(submission_token=submission_token).first()
    if existing is not None:
        if existing.requester_id != requester.pk:
            raise PermissionDenied
        return existing
    _check_caseload(requester=requester, fields=fields, today=today)
    now = timezone.now()
    request = DisclosureRequest(
        requester=requester,
        submission_token=submission_token,
        submitted_at=now,
        consequences_acknowledged_at=now,
        **{name: fields.get(name) for name in REQUEST_FIELDS if name in fields},
    )
    # The requester, client and case were checked just above; the check constraints are left
    # to the database (requests_app.integrity), which refuses the same rows with one query less
    # per constraint.
    request.full_clean(
        exclude=["submission_token", "requester", "client", "case"], validate_constraints=False
    )
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError as error:
        violation = check_violation(DisclosureRequest, error)
        if violation is not None:
            raise violation from error
        # A concurrent submit with the same token won the race; answer with its request.
        return DisclosureRequest.objects.get(submission_token=submission_token)
    event_add(request=request, kind=EventKind.SUBMITTED, actor=requester)
    _decide(request=request, actor=requester, today=today)
    # Last: the audit trail's chain lock is held from this insert until the commit.
    audit.record_change(requester, "create", request)
    return request


@transaction.atomic
def request_resubmit(
    *,
    request: DisclosureRequest,
    requester: AbstractUser,
    fields: dict[str, Any],
    today: datetime.date | None = None,
) -> DisclosureRequest:
    """Edit a request Legal Affairs returned and decide it again; earlier decisions are kept."""
    today = today or timezone.localdate()
    request = DisclosureRequest.objects.select_for_update().get(pk=request.pk)
    if request.requester_id != requester.pk or request.status != RequestStatus.RETURNED:
        raise PermissionDenied("Only a returned request can be resubmitted, by its requester.")
    _check_caseload(requester=requester, fields=fields, today=today)
    for name in REQUEST_FIELDS:
        if name in fields:
            setattr(request, name, fields[name])
    request.consequences_acknowledged_at = timezone.now()
    request.full_clean(exclude=["submission_token"])
    request.status = RequestStatus.SUBMITTED
    request.save()
    event_add(request=request, kind=EventKind.RESUBMITTED, actor=requester)
    audit.record_change(requester, "update", request, detail="resubmitted")
    _decide(request=request, actor=requester, today=today)
    return request


def _authority(request: DisclosureRequest) -> str:
    if request.status == RequestStatus.PERMITTED:
        record = request.decisions.order_by("-decided_at", "-pk").first()
        return f"DCF Policy 31-8-5 rule {record.rule}: {record.citation}"
    review = request.reviews.exclude(decided_at=None).order_by("-decided_at").first()
    who = review.decided_by.get_full_name() or review.decided_by.username
    basis = f" ({review.legal_basis})" if review.legal_basis else ""
    return (
        f"Office of Legal Affairs: {review.get_resolution_display()} by {who} on "
        f"{timezone.localtime(review.decided_at):%Y-%m-%d}{basis}"
    )


@transaction.atomic
def disclosure_record(
    *,
    request: DisclosureRequest,
    user: AbstractUser,
    disclosed_on: datetime.date,
    mode: str,
    media: list[str],
    information_disclosed: str,
    recipient: str,
    redactions_applied: bool = False,
    today: datetime.date | None = None,
) -> Disclosure:
    """Record what was actually disclosed: the client's accounting entry. The request must be
    permitted or approved; approval with redactions needs the redactions confirmed."""
    today = today or timezone.localdate()
    request = DisclosureRequest.objects.select_for_update().get(pk=request.pk)
    if request.requester_id != user.pk:
        raise PermissionDenied("Only the requester records the disclosure.")
    if request.status not in DISCLOSABLE:
        raise ValidationError("This request is not permitted or approved for disclosure.")
    if request.status == RequestStatus.APPROVED_WITH_REDACTIONS and not redactions_applied:
        raise ValidationError(
            {"redactions_applied": "Confirm that every redaction note was applied."}
        )
    if disclosed_on > today:
        raise ValidationError({"disclosed_on": "The date of disclosure cannot be in the future."})
    disclosure = Disclosure(
        request=request,
        client_id=request.client_id,
        disclosed_on=disclosed_on,
        mode=mode,
        media=media,
        information_disclosed=information_disclosed,
        recipient=recipient,
        purpose=request.purpose,
        authority=_authority(request),
        redactions_applied=redactions_applied,
        recorded_by=user,
        recorded_at=timezone.now(),
    )
    disclosure.full_clean(exclude=["request"])
    disclosure.save()
    request.status = RequestStatus.DISCLOSED
    request.save(update_fields=["status", "updated_at"])
    event_add(request=request, kind=EventKind.DISCLOSED, actor=user, detail=recipient)
    audit.record_change(user, "create", disclosure)
    return disclosure
