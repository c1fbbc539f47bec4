"""What loss and breach reports share: storing a report, its timeline steps, notifying people,
acknowledging and closing.

Each service is atomic: the report, its timeline steps, the in-app notifications, the queued
emails and the audit record are written together or not at all. Emails and notifications name
the report by its reference and link to it; they never name a client.
"""

import datetime
import uuid
from collections.abc import Callable, Iterable, Sequence

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from requests_app import audit, permissions
from requests_app.choices import IncidentStepKind
from requests_app.dates import moment_in_words
from requests_app.models import Client, Incident, IncidentStep
from requests_app.notifications import notify
from requests_app.people import display_name
from requests_app.selectors.incidents import reportable_clients


class IncidentUnavailable(Exception):
    """The step was already taken (by someone else, or by a double submit)."""


def when(moment: datetime.datetime) -> str:
    return moment_in_words(moment)


def link(incident: Incident) -> str:
    return reverse("requests:incident_detail", args=[incident.pk])


def step_add(
    *,
    incident: Incident,
    kind: IncidentStepKind,
    at: datetime.datetime,
    actor: User | None = None,
    recipient: User | None = None,
    stage: str = "",
    detail: str = "",
) -> IncidentStep:
    return IncidentStep.objects.create(
        incident=incident,
        kind=kind,
        at=at,
        actor=actor,
        recipient=recipient,
        stage=stage,
        detail=detail,
    )


def audit_change(user: User | None, action: str, incident: Incident) -> None:
    """One access event per change, naming the report, never a client (client stays None)."""
    audit.record_change(
        user, action, incident, detail=f"{incident.reference} {incident.kind_short}"
    )


def notify_each(
    *,
    incident: Incident,
    users: Iterable[User],
    kind: IncidentStepKind,
    at: datetime.datetime,
    actor: User | None,
    subject: str,
    body: str,
    detail: str = "",
) -> list[User]:
    """Notify the users (in the app and by email) and record a step naming each one."""
    users = list(users)
    if users:
        notify(users=users, subject=subject, body=body, link=link(incident))
    for user in users:
        step_add(incident=incident, kind=kind, at=at, actor=actor, recipient=user, detail=detail)
    return users


def reported_line(incident: Incident) -> str:
    unit = f" ({incident.unit.name})" if incident.unit is not None else ""
    return (
        f"Reported by {display_name(incident.reporter)}{unit} on {when(incident.submitted_at)}; "
        f"discovered {when(incident.discovered_at)}."
    )


def report_submit(
    *,
    draft: Incident,
    reporter: User,
    clients: Sequence[Client],
    submission_token: uuid.UUID,
    now: datetime.datetime,
    send: Callable[[Incident, datetime.datetime], None],
    after_create: Callable[[Incident], None] = lambda incident: None,
) -> Incident:
    """Store a report (the reporter's answers in `draft`, unsaved, as the report's form built
    it), record its submission, `send` it up the chain and audit it. A repeated token returns
    the report it already made. Affected clients must be on the reporter's own caseload."""
    permissions.require_staff_member(reporter)
    allowed = reportable_clients(user=reporter, today=timezone.localdate(now))
    ids = {c.pk for c in clients}
    permissions.require(
        not ids or allowed.filter(pk__in=ids).count() == len(ids),
        "Affected clients must be on your own caseload.",
    )
    existing = Incident.objects.filter(submission_token=submission_token).first()
    if existing is not None:
        if existing.reporter_id != reporter.pk:
            raise PermissionDenied
        return existing
    if not clients and not draft.clients_unknown:
        raise ValidationError(
            {"clients": "Choose the clients who may be affected, or tick that it is not known."}
        )
    profile = getattr(reporter, "staff_profile", None)
    incident = draft
    incident.pk = None
    incident.reporter = reporter
    incident.unit_id = profile.unit_id if profile else None
    incident.supervisor_id = profile.supervisor_id if profile else None
    incident.submission_token = submission_token
    incident.submitted_at = now
    incident.full_clean(exclude=["submission_token"])
    try:
        with transaction.atomic():
            incident.save()
    except IntegrityError:
        # A concurrent submit with the same token won the race; answer with its report.
        return Incident.objects.get(submission_token=submission_token)
    incident.clients.set(clients)
    after_create(incident)
    step_add(incident=incident, kind=IncidentStepKind.SUBMITTED, at=now, actor=reporter)
    send(incident, now)
    audit_change(reporter, "create", incident)
    return incident


def locked(incident: Incident) -> Incident:
    """The report read again under a row lock; a closed report takes no more steps."""
    row = Incident.objects.select_for_update().get(pk=incident.pk)
    if row.closed_at is not None:
        raise IncidentUnavailable(f"{row.reference} is closed.")
    return row


def acknowledge(row: Incident, by: User, now: datetime.datetime, note: str) -> None:
    row.acknowledged_at = now
    row.acknowledged_by = by
    row.acknowledgement_note = note
    row.save(update_fields=["acknowledged_at", "acknowledged_by", "acknowledgement_note"])
    step_add(incident=row, kind=IncidentStepKind.ACKNOWLEDGED, at=now, actor=by, detail=note)


@transaction.atomic
def incident_acknowledge(
    *, incident: Incident, by: User, note: str = "", now: datetime.datetime | None = None
) -> Incident:
    """The supervisor acknowledges a loss report; the Agency Legal Director a breach report.
    The reporter is told."""
    now = now or timezone.now()
    row = locked(incident)
    if row.acknowledged_at is not None:
        raise IncidentUnavailable(f"{row.reference} has already been acknowledged.")
    permissions.require(
        permissions.incident_actions(user=by, incident=row).acknowledge,
        "You cannot acknowledge this report.",
    )
    acknowledge(row, by, now, note.strip())
    notify(
        users=[row.reporter],
        subject=f"Your {row.kind_short} {row.reference} was acknowledged",
        body=f"{display_name(by)} acknowledged your {row.kind_short} {row.reference} on "
        f"{when(now)}.",
        link=link(row),
    )
    audit_change(by, "acknowledge", row)
    return row


@transaction.atomic
def incident_close(
    *,
    incident: Incident,
    by: User,
    note: str,
    prevention_steps: str = "",
    now: datetime.datetime | None = None,
) -> Incident:
    """Close an acknowledged report (a breach only once the Commissioner and HR are
    notified), with a note of how it ended. The reporter is told. A loss report reported
    without its steps to prevent it happening again takes `prevention_steps` (steps given when
    it was reported are kept)."""
    now = now or timezone.now()
    row = locked(incident)
    permissions.require(
        permissions.incident_actions(user=by, incident=row).close,
        "You cannot close this report now.",
    )
    if not note.strip():
        raise ValidationError({"note": "Say how the report was resolved."})
    row.closed_at = now
    row.closed_by = by
    row.closing_note = note.strip()
    fields = ["closed_at", "closed_by", "closing_note"]
    if row.is_loss and not row.prevention_steps.strip() and prevention_steps.strip():
        row.prevention_steps = prevention_steps.strip()
        fields.append("prevention_steps")
    row.save(update_fields=fields)
    step_add(incident=row, kind=IncidentStepKind.CLOSED, at=now, actor=by, detail=note.strip())
    if row.reporter_id != by.pk:
        notify(
            users=[row.reporter],
            subject=f"Your {row.kind_short} {row.reference} was closed",
            body=f"{display_name(by)} closed your {row.kind_short} {row.reference}.",
            link=link(row),
        )
    audit_change(by, "close", row)
    return row
