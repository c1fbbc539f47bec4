"""Breach reports: submitted to the Agency Legal Director at once, who notifies the Commissioner
and the Director of Human Resources (DCF Policy 31-8-5, "Breach of Confidentiality")."""

import datetime
import uuid
from collections.abc import Sequence

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from requests_app import permissions
from requests_app.choices import DutyGroup, IncidentKind, IncidentStepKind
from requests_app.models import Client, DisclosureRequest, Incident
from requests_app.people import display_name
from requests_app.selectors.casework import users_with_duty
from requests_app.selectors.incidents import reportable_requests
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

#: Who the Agency Legal Director notifies of a breach, how each is named, the step recording
#: it, and the report's field keeping when.
LEADERSHIP = (
    (
        DutyGroup.COMMISSIONER,
        "the Commissioner",
        IncidentStepKind.COMMISSIONER_NOTIFIED,
        "commissioner_notified_at",
    ),
    (
        DutyGroup.HR_DIRECTOR,
        "the Director of Human Resources",
        IncidentStepKind.HR_DIRECTOR_NOTIFIED,
        "hr_director_notified_at",
    ),
)


def send_to_legal_director(incident: Incident, now: datetime.datetime) -> None:
    """Send a breach report to the Agency Legal Director (or record that nobody holds it)."""
    directors = list(users_with_duty(DutyGroup.AGENCY_LEGAL_DIRECTOR))
    if not directors:
        step_add(
            incident=incident,
            kind=IncidentStepKind.NOBODY_TO_NOTIFY,
            at=now,
            detail="No Agency Legal Director is set up in the portal.",
        )
        return
    notify_each(
        incident=incident,
        users=directors,
        kind=IncidentStepKind.LEGAL_DIRECTOR_NOTIFIED,
        at=now,
        actor=None,
        subject=f"A breach report {incident.reference} needs your attention",
        body=(
            f"A breach report {incident.reference} of DCF Policy 31-8-5 needs your "
            f"acknowledgement and your notice to the Commissioner and the Director of Human "
            f"Resources.\n{reported_line(incident)}"
        ),
    )


@transaction.atomic
def breach_report_submit(
    *,
    reporter: User,
    draft: Incident,
    clients: Sequence[Client],
    disclosure_requests: Sequence[DisclosureRequest] = (),
    submission_token: uuid.UUID,
    now: datetime.datetime | None = None,
) -> Incident:
    """Report a breach of 31-8-5; the Agency Legal Director is notified at once. Linked
    disclosure requests must be the reporter's own."""
    ids = {r.pk for r in disclosure_requests}
    permissions.require(
        reportable_requests(user=reporter).filter(pk__in=ids).count() == len(ids),
        "Only your own disclosure requests can be linked.",
    )
    draft.kind = IncidentKind.BREACH
    return report_submit(
        draft=draft,
        reporter=reporter,
        clients=clients,
        submission_token=submission_token,
        now=now or timezone.now(),
        send=send_to_legal_director,
        after_create=lambda incident: incident.disclosure_requests.set(disclosure_requests),
    )


@transaction.atomic
def incident_notify_leadership(
    *, incident: Incident, by: User, note: str = "", now: datetime.datetime | None = None
) -> Incident:
    """The Agency Legal Director notifies the Commissioner and the Director of Human Resources
    of a breach: one action, two notifications, each recorded with its time. Both must be set
    up in the portal. A breach not yet acknowledged is acknowledged by it."""
    given = now
    now = now or timezone.now()
    row = locked(incident)
    if row.is_breach and row.leadership_notified:
        raise IncidentUnavailable(f"{row.reference}: they have already been notified.")
    permissions.require(
        permissions.incident_actions(user=by, incident=row).notify_leadership,
        "Only the Agency Legal Director notifies them of a breach.",
    )
    recipients = [
        (list(users_with_duty(duty)), label, kind, field) for duty, label, kind, field in LEADERSHIP
    ]
    missing = [label for users, label, _, _ in recipients if not users]
    if missing:
        raise ValidationError(
            f"Nobody in the portal holds the duty of {' or '.join(missing)}: ask the system "
            "administrator to set it up, and notify them directly meanwhile."
        )
    if row.acknowledged_at is None:
        acknowledge(row, by, now, "Acknowledged on notifying the Commissioner and HR.")
    note = note.strip()
    body = (
        f"The Agency Legal Director, {display_name(by)}, notifies you of a breach of DCF Policy "
        f"31-8-5: breach report {row.reference}.\n{reported_line(row)}"
        + ("\nThe Legal Director's note is on the report." if note else "")
    )
    subject = f"Breach report {row.reference}: notice from the Agency Legal Director"
    for index, (users, _, kind, field) in enumerate(recipients):
        # Each notice keeps its own time (the same instant only when a clock is passed in).
        sent = now if index == 0 else (given or timezone.now())
        setattr(row, field, sent)
        notify_each(
            incident=row,
            users=users,
            kind=kind,
            at=sent,
            actor=by,
            subject=subject,
            body=body,
            detail=note,
        )
    row.leadership_notified_by = by
    row.save(update_fields=[field for *_, field in LEADERSHIP] + ["leadership_notified_by"])
    audit_change(by, "notify", row)
    return row
