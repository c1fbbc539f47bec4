"""A disclosure request's status machine: the one table of allowed transitions.

    submitted -> permitted | escalated                  (the 31-8-5 rules decide)
    escalated -> in_review                              (a reviewer claims it, or is assigned it)
    in_review -> in_review                              (a supervisor reassigns it)
    in_review -> escalated                              (the reviewer puts it back in the queue)
    in_review -> approved | approved_with_redactions | denied | returned   (Legal Affairs decides)
    returned  -> submitted                              (the requester resubmits it)
    permitted | approved | approved_with_redactions -> disclosed

Every status change goes through `transition`, which checks the table against the status the
database holds (one conditional UPDATE, so two concurrent changes cannot both pass), writes the
request's timeline event and the audit event, and nothing else: the services around it check who
may act and write what the change carries (a decision, a review, a disclosure).
"""

from collections.abc import Set
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone

from requests_app import audit
from requests_app.choices import EventKind, RequestStatus
from requests_app.models import DisclosureRequest, RequestEvent
from requests_app.permissions import DISCLOSABLE

S = RequestStatus


class TransitionRefused(ValidationError):
    """The request's status does not allow this change (it changed meanwhile, or never could)."""


@dataclass(frozen=True)
class Transition:
    """One allowed change: its name (also the audit event's action), the statuses it may start
    from, the status it leads to, and the event it adds to the request's timeline."""

    name: str
    sources: frozenset[str]
    target: RequestStatus
    event: EventKind
    #: The 31-8-5 rules made the change: the timeline names no person (the audit names who
    #: submitted the request that the rules decided).
    by_rules: bool = False


def _allow(
    name: str, sources: Set[str], target: RequestStatus, event: EventKind, *, by_rules: bool = False
) -> Transition:
    return Transition(name, frozenset(sources), target, event, by_rules)


E = EventKind
REVIEWING = {S.IN_REVIEW}
TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        _allow("permit", {S.SUBMITTED}, S.PERMITTED, E.PERMITTED, by_rules=True),
        _allow("escalate", {S.SUBMITTED}, S.ESCALATED, E.ESCALATED, by_rules=True),
        _allow("claim", {S.ESCALATED}, S.IN_REVIEW, E.CLAIMED),
        _allow("assign", {S.ESCALATED, S.IN_REVIEW}, S.IN_REVIEW, E.ASSIGNED),
        _allow("unclaim", REVIEWING, S.ESCALATED, E.UNCLAIMED),
        _allow("approve", REVIEWING, S.APPROVED, E.REVIEWED),
        _allow("approve_redacted", REVIEWING, S.APPROVED_WITH_REDACTIONS, E.REVIEWED),
        _allow("deny", REVIEWING, S.DENIED, E.REVIEWED),
        _allow("return", REVIEWING, S.RETURNED, E.RETURNED),
        _allow("resubmit", {S.RETURNED}, S.SUBMITTED, E.RESUBMITTED),
        _allow("disclose", set(DISCLOSABLE), S.DISCLOSED, E.DISCLOSED),
    )
}


def allowed(source: str, target: str) -> bool:
    """Whether any transition leads from `source` to `target`."""
    return any(source in t.sources and t.target == target for t in TRANSITIONS.values())


def transition(
    *,
    request: DisclosureRequest,
    name: str,
    by: User | None,
    detail: str = "",
    created: bool = False,
) -> None:
    """Change the request's status by the transition `name`, or refuse (TransitionRefused) when
    the status the database holds is not one it starts from. Writes the timeline event (with
    `detail`) and the audit event; the object passed in carries the new status afterwards.

    `created`: the request was just stored (as `submitted`) and this is its first change: its
    `submitted` event and the audit event of its creation are written with this change's, one
    insert for the events and one for the audit."""
    step = TRANSITIONS[name]
    now = timezone.now()
    changed = DisclosureRequest.objects.filter(pk=request.pk, status__in=step.sources).update(
        status=step.target, updated_at=now
    )
    if not changed:
        current = (
            DisclosureRequest.objects.filter(pk=request.pk).values_list("status", flat=True).first()
        )
        label = S(current).label.lower() if current else "gone"
        raise TransitionRefused(
            f"Request {request.reference} is {label}: it cannot be {step.event.label.lower()} now.",
            code="transition_refused",
        )
    request.status, request.updated_at = step.target, now
    events, audited = [], []
    if created:
        events.append(RequestEvent(request=request, kind=EventKind.SUBMITTED, actor=by, at=now))
        audited.append(("create", request, ""))
    actor = None if step.by_rules else by
    events.append(
        RequestEvent(request=request, kind=step.event, actor=actor, at=now, detail=detail)
    )
    audited.append((step.name, request, detail or step.target.value))
    RequestEvent.objects.bulk_create(events)
    # Last: the audit trail's chain lock is held from this insert until the commit.
    audit.record_changes(by, audited)
