"""Disclosure requests: submit (the engine decides at once), resubmit after a return, and record
what was actually disclosed (the accounting entry).

The requester's answers arrive as an unsaved request built by the request form (its fields are
listed there, once); the service sets what the requester does not choose (who, when, the status)
and every status change goes through `requests_app.workflow`.
"""

import datetime
import uuid

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from requests_app import audit, permissions, policy, workflow
from requests_app.business_days import agency_closures, review_due_on
from requests_app.choices import DisclosureMode, DutyGroup, Outcome, RequestStatus
from requests_app.dates import day_in_words
from requests_app.models import (
    AuthorityCited,
    Disclosure,
    DisclosurePacket,
    DisclosureRequest,
    PolicyDecision,
    Review,
)
from requests_app.models.authority import rule_authority
from requests_app.notifications import notify
from requests_app.people import display_name
from requests_app.selectors.casework import users_with_duty
from requests_app.selectors.documents import current_packet, packet_is_current
from requests_app.selectors.requests import latest_decided_review, latest_decision
from requests_app.services.decisions import decision_record
from requests_app.services.disclosures import disclosure_date_check
from requests_app.services.integrity import check_violation


def _require_sees_client_and_case(requester: User, request: DisclosureRequest) -> None:
    """The requester must be able to see the client and the case; whether they work the case
    that day is the engine's question (`not_in_normal_course`), never a refusal here."""
    permissions.require(
        permissions.may_see_client_and_case(
            user=requester, client_id=request.client_id, case_id=request.case_id
        ),
        "The client and case must be ones you may see.",
    )


def _review_open(*, request: DisclosureRequest, record: PolicyDecision, today: datetime.date):
    """Open the Legal Affairs review of an escalated request and tell Legal Affairs."""
    due = review_due_on(
        escalated_on=today,
        business_days=settings.REVIEW_DUE_BUSINESS_DAYS,
        hearing_on=request.hearing_on,
        closures=agency_closures(),
    )
    Review.objects.create(request=request, decision=record, opened_at=timezone.now(), due_on=due)
    reasons = "; ".join(r["code"] for r in record.reasons)
    because = "; ".join(policy.reason_label(r["code"]) for r in record.reasons)
    notify(
        users=users_with_duty(DutyGroup.LEGAL_AFFAIRS),
        subject=f"Disclosure request {request.reference} needs Legal Affairs review",
        body=f"Escalated by the 31-8-5 rules ({because}). Due {day_in_words(due)}.",
        link=reverse("requests:detail", args=[request.pk]),
        also_email=[settings.LEGAL_AFFAIRS_EMAIL],
    )
    return reasons


def _decide(
    *, request: DisclosureRequest, by: User, today: datetime.date, submitting: bool
) -> None:
    """Decide the request with the engine and move it to `permitted` or `escalated` (opening a
    review). The writes that hold the audit chain's lock come last (`submitting`: the creation's
    audit event comes first)."""
    record = decision_record(request=request, as_of=today)
    if record.outcome == Outcome.PERMITTED:
        name, detail = "permit", record.citation
    else:
        name, detail = "escalate", _review_open(request=request, record=record, today=today)
    workflow.transition(request=request, name=name, by=by, detail=detail, created=submitting)


@transaction.atomic
def request_submit(
    *,
    requester: User,
    draft: DisclosureRequest,
    submission_token: uuid.UUID,
    today: datetime.date | None = None,
) -> DisclosureRequest:
    """Store a new request (the requester's answers in `draft`, unsaved), decide it at once,
    and open a review if the rules escalate it.

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
    _require_sees_client_and_case(requester, draft)
    now = timezone.now()
    request = draft
    request.pk = None
    request.requester = requester
    request.submission_token = submission_token
    request.status = RequestStatus.SUBMITTED
    request.submitted_at = request.consequences_acknowledged_at = now
    # The requester, client and case were checked just above; the check constraints are left
    # to the database (services.integrity), which refuses the same rows with one query less
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
    _decide(request=request, by=requester, today=today, submitting=True)
    return request


@transaction.atomic
def request_resubmit(
    *, request: DisclosureRequest, requester: User, today: datetime.date | None = None
) -> DisclosureRequest:
    """Resubmit a request Legal Affairs returned, as its requester edited it (`request`, with
    the edits unsaved), and decide it again; earlier decisions are kept."""
    today = today or timezone.localdate()
    stored = DisclosureRequest.objects.select_for_update().get(pk=request.pk)
    permissions.require(
        permissions.may_resubmit(user=requester, request=stored),
        "Only a returned request can be resubmitted, by its requester.",
    )
    _require_sees_client_and_case(requester, request)
    request.requester_id, request.status = stored.requester_id, stored.status
    request.submission_token, request.submitted_at = stored.submission_token, stored.submitted_at
    request.consequences_acknowledged_at = timezone.now()
    request.full_clean(exclude=["submission_token"])
    request.save()
    workflow.transition(request=request, name="resubmit", by=requester)
    _decide(request=request, by=requester, today=today, submitting=False)
    return request


def disclosure_authority(request: DisclosureRequest) -> tuple[AuthorityCited | None, str]:
    """Under what authority the request's information may go out, structured and in the words
    of the accounting: the rule and clause of the engine's decision, or the authority of the
    Legal Affairs approval (an approval decided before authorities were structured gives its
    words only)."""
    if request.status == RequestStatus.PERMITTED:
        record = latest_decision(request=request)
        if record is not None and record.outcome == Outcome.PERMITTED:
            by_rule = rule_authority(
                rule=record.rule, citation=record.citation, release=request.release
            )
            return by_rule, by_rule.in_words()
    review = latest_decided_review(request=request)
    if review is None or review.decided_at is None:
        raise ValidationError("This request has no decision to disclose under.")
    by = display_name(review.decided_by)
    on = timezone.localdate(review.decided_at)
    cited = review.cited_authority
    if cited is None:
        basis = f" ({review.legal_basis})" if review.legal_basis else ""
        return None, (
            f"Office of Legal Affairs: {review.get_resolution_display()} by {by} on "
            f"{on:%Y-%m-%d}{basis}"
        )
    return cited, (
        f"{cited.in_words()}. {review.get_resolution_display()} by the Office of Legal Affairs "
        f"({by}, {day_in_words(on)})."
    )


@transaction.atomic
def disclosure_record(
    *,
    request: DisclosureRequest,
    user: User,
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
    permissions.require(request.requester_id == user.pk, "Only the requester records it.")
    if request.status not in permissions.DISCLOSABLE:
        raise ValidationError("This request is not permitted or approved for disclosure.")
    if request.status == RequestStatus.APPROVED_WITH_REDACTIONS and not redactions_applied:
        raise ValidationError(
            {"redactions_applied": "Confirm that every redaction note was applied."}
        )
    disclosure_date_check(request=request, disclosed_on=disclosed_on, today=today)
    packet = _packet_released(request, mode)
    cited, words = disclosure_authority(request)
    disclosure = Disclosure(
        request=request,
        client_id=request.client_id,
        disclosed_on=disclosed_on,
        mode=mode,
        media=media,
        information_disclosed=information_disclosed,
        recipient=recipient,
        purpose=request.purpose,
        authority=words,
        redactions_applied=redactions_applied,
        recorded_by=user,
        recorded_at=timezone.now(),
        packet=packet,
    )
    disclosure.cite(cited)
    disclosure.full_clean(exclude=["request"])
    disclosure.save()
    audit.record_change(user, "create", disclosure)
    workflow.transition(request=request, name="disclose", by=user, detail=recipient)
    return disclosure


def _packet_released(request: DisclosureRequest, mode: str) -> DisclosurePacket | None:
    """The packet a documentary disclosure of a request's records releases: nothing documentary
    leaves DCF but a verified packet built with the boxes the records carry now. A verbal
    disclosure, or a request without records, needs none."""
    if mode == DisclosureMode.VERBAL or not request.documents.exists():
        return None
    packet = current_packet(request)
    if packet_is_current(packet, request):
        return packet
    raise ValidationError(
        {
            "mode": "Build the disclosure packet first (or again, if a box changed since): "
            "records leave DCF only in a packet the portal built and verified."
        }
    )
