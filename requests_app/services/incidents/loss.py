"""Loss and theft reports: submitted to the reporter's supervisor (or, without one, the unit's
supervisors), and escalated to a breach report when the loss is a breach of 31-8-5."""

import datetime
import uuid
from collections.abc import Sequence

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from requests_app import permissions
from requests_app.choices import IncidentKind, IncidentStepKind
from requests_app.models import Client, Incident
from requests_app.models.limits import LONG
from requests_app.selectors.incidents import supervisors_for
from requests_app.services.incidents.breach import send_to_legal_director
from requests_app.services.incidents.common import (
    IncidentUnavailable,
    acknowledge,
    audit_change,
    locked,
    notify_each,
    report_submit,
    reported_line,
    step_add,
)


def send_to_supervisors(incident: Incident, now: datetime.datetime) -> None:
    """Send a loss report to the reporter's supervisor, else the unit's supervisors (or record
    that nobody is on record)."""
    supervisors, fallback = supervisors_for(reporter=incident.reporter)
    if not supervisors:
        step_add(
            incident=incident,
            kind=IncidentStepKind.NOBODY_TO_NOTIFY,
            at=now,
            detail="No supervisor is on record for the reporter or their unit.",
        )
        return
    notify_each(
        incident=incident,
        users=supervisors,
        kind=(
            IncidentStepKind.UNIT_SUPERVISOR_NOTIFIED
            if fallback
            else IncidentStepKind.SUPERVISOR_NOTIFIED
        ),
        at=now,
        actor=None,
        subject=f"A loss report {incident.reference} needs your acknowledgement",
        body=(
            f"A loss report {incident.reference} needs your acknowledgement.\n"
            f"{reported_line(incident)}"
            + (
                "\nThe reporter has no supervisor on record: it went to the unit's supervisors."
                if fallback
                else ""
            )
        ),
    )


@transaction.atomic
def loss_report_submit(
    *,
    reporter: User,
    draft: Incident,
    clients: Sequence[Client],
    submission_token: uuid.UUID,
    now: datetime.datetime | None = None,
) -> Incident:
    """Report a loss or theft of confidential information; the reporter's supervisor (or,
    without one, the unit's supervisors) is notified at once. A repeated token returns the
    first report."""
    draft.kind = IncidentKind.LOSS
    return report_submit(
        draft=draft,
        reporter=reporter,
        clients=clients,
        submission_token=submission_token,
        now=now or timezone.now(),
        send=send_to_supervisors,
    )


@transaction.atomic
def incident_escalate(
    *, incident: Incident, by: User, reason: str, now: datetime.datetime | None = None
) -> Incident:
    """Escalate a loss report to a breach of 31-8-5 (the reporter's supervisor, or the Agency
    Legal Director): opens a breach report linked to the loss, with its facts and clients, and
    sends it to the Agency Legal Director. A loss not yet acknowledged is acknowledged by the
    escalation. Returns the breach report."""
    now = now or timezone.now()
    row = locked(incident)
    if Incident.objects.filter(escalated_from=row).exists():
        raise IncidentUnavailable(f"{row.reference} has already been escalated.")
    permissions.require(
        permissions.incident_actions(user=by, incident=row).escalate,
        "You cannot escalate this report.",
    )
    if not reason.strip():
        raise ValidationError({"reason": "Say why this loss is a breach of the policy."})
    if row.acknowledged_at is None:
        acknowledge(row, by, now, "Acknowledged on escalation to a breach report.")
    breach = Incident(
        kind=IncidentKind.BREACH,
        reporter=by,
        unit_id=row.unit_id,
        supervisor_id=row.supervisor_id,
        submission_token=uuid.uuid4(),
        submitted_at=now,
        discovered_at=row.discovered_at,
        location=row.location,
        description=f"Escalated from loss report {row.reference}: {row.description}"[:LONG],
        clients_unknown=row.clients_unknown,
        steps_taken=row.steps_taken,
        escalated_from=row,
        escalation_reason=reason.strip(),
    )
    breach.full_clean(exclude=["submission_token"])
    breach.save()
    breach.clients.set(row.clients.all())
    step_add(
        incident=row,
        kind=IncidentStepKind.ESCALATED,
        at=now,
        actor=by,
        detail=f"Breach report {breach.reference}: {reason.strip()}",
    )
    step_add(
        incident=breach,
        kind=IncidentStepKind.OPENED_FROM_LOSS,
        at=now,
        actor=by,
        detail=f"Loss report {row.reference}",
    )
    if permissions.standing_of(by).is_legal_director:
        # The Legal Director escalating it has it in hand; the others are still told.
        acknowledge(breach, by, now, "Opened by the Agency Legal Director.")
    send_to_legal_director(breach, now)
    audit_change(by, "escalate", row)
    audit_change(by, "create", breach)
    return breach
