"""Loss, theft and breach reports: submit, acknowledge, escalate a loss to a breach, notify the
Commissioner and the Director of Human Resources, close, and remind.

Each service is atomic: the report, its timeline steps, the in-app notifications, the queued
emails and the audit record are written together or not at all. Emails and notifications name
the report by its reference and link to it; they never name a client.
"""

import datetime
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from requests_app import audit, incident_selectors
from requests_app.choices import (
    DutyGroup,
    IncidentKind,
    IncidentStage,
    IncidentStepKind,
)
from requests_app.models import (
    Client,
    DisclosureRequest,
    Incident,
    IncidentStep,
    Notification,
)
from requests_app.services.notifications import email_queue, notify

#: Fields a reporter fills in, per kind (model field names).
LOSS_FIELDS = (
    "items_lost",
    "description",
    "loss_cause",
    "asset_tag",
    "equipment_value",
    "discovered_at",
    "location",
    "clients_unknown",
    "circumstances",
    "security_adequate",
    "security_notes",
    "steps_taken",
    "prevention_steps",
    "delay_reason",
    "contact_phone",
)
BREACH_FIELDS = (
    "description",
    "occurred_on",
    "discovered_at",
    "location",
    "staff_involved",
    "clients_unknown",
    "steps_taken",
    "delay_reason",
    "contact_phone",
)


class IncidentUnavailable(Exception):
    """The step was already taken (by someone else, or by a double submit)."""


def _name(user: AbstractUser | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def _when(moment: datetime.datetime) -> str:
    return f"{timezone.localtime(moment):%b %-d, %Y %H:%M}"


def _link(incident: Incident) -> str:
    return reverse("requests:incident_detail", args=[incident.pk])


def step_add(
    *,
    incident: Incident,
    kind: IncidentStepKind,
    at: datetime.datetime,
    actor: AbstractUser | None = None,
    recipient: AbstractUser | None = None,
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


def _audit(user: AbstractUser | None, action: str, incident: Incident) -> None:
    """One access event per change, naming the report, never a client (client stays None)."""
    audit.record_change(
        user, action, incident, detail=f"{incident.reference} {incident.kind_short}"
    )


def _notify_each(
    *,
    incident: Incident,
    users: Iterable[AbstractUser],
    kind: IncidentStepKind,
    at: datetime.datetime,
    actor: AbstractUser | None,
    subject: str,
    body: str,
    detail: str = "",
) -> list[AbstractUser]:
    """Notify the users (in the app and by email) and record a step naming each one."""
    users = list(users)
    if users:
        notify(users=users, subject=subject, body=body, link=_link(incident))
    for user in users:
        step_add(incident=incident, kind=kind, at=at, actor=actor, recipient=user, detail=detail)
    return users


def _reported_line(incident: Incident) -> str:
    unit = f" ({incident.unit.name})" if incident.unit_id else ""
    return (
        f"Reported by {_name(incident.reporter)}{unit} on {_when(incident.submitted_at)}; "
        f"discovered {_when(incident.discovered_at)}."
    )


def _check_reporter(reporter: AbstractUser) -> None:
    if getattr(reporter, "staff_profile", None) is None:
        raise PermissionDenied("Only DCF staff members report losses and breaches.")


def _check_clients(*, reporter: AbstractUser, clients: Sequence[Client], today: datetime.date):
    allowed = incident_selectors.reportable_clients(user=reporter, today=today)
    ids = {c.pk for c in clients}
    if ids and allowed.filter(pk__in=ids).count() != len(ids):
        raise PermissionDenied("Affected clients must be on your own caseload.")


def _create(
    *,
    kind: IncidentKind,
    reporter: AbstractUser,
    fields: dict[str, Any],
    names: Sequence[str],
    clients: Sequence[Client],
    submission_token: uuid.UUID,
    now: datetime.datetime,
    escalated_from: Incident | None = None,
    escalation_reason: str = "",
) -> tuple[Incident, bool]:
    """Store a report (or return the one a repeated token already made: (incident, False))."""
    existing = Incident.objects.filter(submission_token=submission_token).first()
    if existing is not None:
        if existing.reporter_id != reporter.pk:
            raise PermissionDenied
        return existing, False
    if not clients and not fields.get("clients_unknown"):
        raise ValidationError(
            {"clients": "Choose the clients who may be affected, or tick that it is not known."}
        )
    profile = getattr(reporter, "staff_profile", None)
    incident = Incident(
        kind=kind,
        reporter=reporter,
        unit_id=profile.unit_id if profile else None,
        supervisor_id=profile.supervisor_id if profile else None,
        submission_token=submission_token,
        submitted_at=now,
        escalated_from=escalated_from,
        escalation_reason=escalation_reason,
        **{name: fields[name] for name in names if name in fields},
    )
    incident.full_clean(exclude=["submission_token"])
    try:
        with transaction.atomic():
            incident.save()
    except IntegrityError:
        # A concurrent submit with the same token won the race; answer with its report.
        return Incident.objects.get(submission_token=submission_token), False
    incident.clients.set(clients)
    return incident, True


def _send_loss_to_supervisors(incident: Incident, now: datetime.datetime) -> None:
    supervisors, fallback = incident_selectors.supervisors_for(reporter=incident.reporter)
    if not supervisors:
        step_add(
            incident=incident,
            kind=IncidentStepKind.NOBODY_TO_NOTIFY,
            at=now,
            detail="No supervisor is on record for the reporter or their unit.",
        )
        return
    _notify_each(
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
            f"{_reported_line(incident)}"
            + (
                "\nThe reporter has no supervisor on record: it went to the unit's supervisors."
                if fallback
                else ""
            )
        ),
    )


def _send_breach_to_legal_director(incident: Incident, now: datetime.datetime) -> None:
    directors = list(incident_selectors.users_with_duty(DutyGroup.AGENCY_LEGAL_DIRECTOR))
    if not directors:
        step_add(
            incident=incident,
            kind=IncidentStepKind.NOBODY_TO_NOTIFY,
            at=now,
            detail="No Agency Legal Director is set up in the portal.",
        )
        return
    _notify_each(
        incident=incident,
        users=directors,
        kind=IncidentStepKind.LEGAL_DIRECTOR_NOTIFIED,
        at=now,
        actor=None,
        subject=f"A breach report {incident.reference} needs your attention",
        body=(
            f"A breach report {incident.reference} of DCF Policy 31-8-5 needs your "
            f"acknowledgement and your notice to the Commissioner and the Director of Human "
            f"Resources.\n{_reported_line(incident)}"
        ),
    )


@transaction.atomic
def loss_report_submit(
    *,
    reporter: AbstractUser,
    fields: dict[str, Any],
    clients: Sequence[Client],
    submission_token: uuid.UUID,
    now: datetime.datetime | None = None,
) -> Incident:
    """Report a loss or theft of confidential information; the reporter's supervisor (or,
    without one, the unit's supervisors) is notified at once. A repeated token returns the
    first report."""
    now = now or timezone.now()
    _check_reporter(reporter)
    _check_clients(reporter=reporter, clients=clients, today=timezone.localdate(now))
    incident, created = _create(
        kind=IncidentKind.LOSS,
        reporter=reporter,
        fields=fields,
        names=LOSS_FIELDS,
        clients=clients,
        submission_token=submission_token,
        now=now,
    )
    if created:
        step_add(incident=incident, kind=IncidentStepKind.SUBMITTED, at=now, actor=reporter)
        _send_loss_to_supervisors(incident, now)
        _audit(reporter, "create", incident)
    return incident


@transaction.atomic
def breach_report_submit(
    *,
    reporter: AbstractUser,
    fields: dict[str, Any],
    clients: Sequence[Client],
    disclosure_requests: Sequence[DisclosureRequest] = (),
    submission_token: uuid.UUID,
    now: datetime.datetime | None = None,
) -> Incident:
    """Report a breach of 31-8-5; the Agency Legal Director is notified at once. Linked
    disclosure requests must be the reporter's own."""
    now = now or timezone.now()
    _check_reporter(reporter)
    _check_clients(reporter=reporter, clients=clients, today=timezone.localdate(now))
    ids = {r.pk for r in disclosure_requests}
    own = incident_selectors.reportable_requests(user=reporter).filter(pk__in=ids)
    if own.count() != len(ids):
        raise PermissionDenied("Only your own disclosure requests can be linked.")
    incident, created = _create(
        kind=IncidentKind.BREACH,
        reporter=reporter,
        fields=fields,
        names=BREACH_FIELDS,
        clients=clients,
        submission_token=submission_token,
        now=now,
    )
    if created:
        incident.disclosure_requests.set(disclosure_requests)
        step_add(incident=incident, kind=IncidentStepKind.SUBMITTED, at=now, actor=reporter)
        _send_breach_to_legal_director(incident, now)
        _audit(reporter, "create", incident)
    return incident


def _locked(incident: Incident) -> Incident:
    locked = Incident.objects.select_for_update().get(pk=incident.pk)
    if locked.closed_at is not None:
        raise IncidentUnavailable(f"{locked.reference} is closed.")
    return locked


def _acknowledge(locked: Incident, by: AbstractUser, now: datetime.datetime, note: str) -> None:
    locked.acknowledged_at = now
    locked.acknowledged_by = by
    locked.acknowledgement_note = note
    locked.save(update_fields=["acknowledged_at", "acknowledged_by", "acknowledgement_note"])
    step_add(incident=locked, kind=IncidentStepKind.ACKNOWLEDGED, at=now, actor=by, detail=note)


@transaction.atomic
def incident_acknowledge(
    *, incident: Incident, by: AbstractUser, note: str = "", now: datetime.datetime | None = None
) -> Incident:
    """The supervisor acknowledges a loss report; the Agency Legal Director a breach report.
    The reporter is told."""
    now = now or timezone.now()
    locked = _locked(incident)
    if locked.acknowledged_at is not None:
        raise IncidentUnavailable(f"{locked.reference} has already been acknowledged.")
    if not incident_selectors.incident_actions(user=by, incident=locked).acknowledge:
        raise PermissionDenied("You cannot acknowledge this report.")
    _acknowledge(locked, by, now, note.strip())
    notify(
        users=[locked.reporter],
        subject=f"Your {locked.kind_short} {locked.reference} was acknowledged",
        body=f"{_name(by)} acknowledged your {locked.kind_short} {locked.reference} on "
        f"{_when(now)}.",
        link=_link(locked),
    )
    _audit(by, "acknowledge", locked)
    return locked


@transaction.atomic
def incident_escalate(
    *, incident: Incident, by: AbstractUser, reason: str, now: datetime.datetime | None = None
) -> Incident:
    """Escalate a loss report to a breach of 31-8-5 (the reporter's supervisor, or the Agency
    Legal Director): opens a breach report linked to the loss, with its facts and clients, and
    sends it to the Agency Legal Director. A loss not yet acknowledged is acknowledged by the
    escalation. Returns the breach report."""
    now = now or timezone.now()
    locked = _locked(incident)
    if Incident.objects.filter(escalated_from=locked).exists():
        raise IncidentUnavailable(f"{locked.reference} has already been escalated.")
    if not incident_selectors.incident_actions(user=by, incident=locked).escalate:
        raise PermissionDenied("You cannot escalate this report.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why this loss is a breach of the policy."})
    if locked.acknowledged_at is None:
        _acknowledge(locked, by, now, "Acknowledged on escalation to a breach report.")
    breach = Incident(
        kind=IncidentKind.BREACH,
        reporter=by,
        unit_id=locked.unit_id,
        supervisor_id=locked.supervisor_id,
        submission_token=uuid.uuid4(),
        submitted_at=now,
        discovered_at=locked.discovered_at,
        location=locked.location,
        description=f"Escalated from loss report {locked.reference}: {locked.description}",
        clients_unknown=locked.clients_unknown,
        steps_taken=locked.steps_taken,
        escalated_from=locked,
        escalation_reason=reason.strip(),
    )
    breach.full_clean(exclude=["submission_token"])
    breach.save()
    breach.clients.set(locked.clients.all())
    step_add(
        incident=locked,
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
        detail=f"Loss report {locked.reference}",
    )
    if incident_selectors.is_legal_director(by):
        # The Legal Director escalating it has it in hand; the others are still told.
        _acknowledge(breach, by, now, "Opened by the Agency Legal Director.")
    _send_breach_to_legal_director(breach, now)
    _audit(by, "escalate", locked)
    _audit(by, "create", breach)
    return breach


@transaction.atomic
def incident_notify_leadership(
    *, incident: Incident, by: AbstractUser, note: str = "", now: datetime.datetime | None = None
) -> Incident:
    """The Agency Legal Director notifies the Commissioner and the Director of Human Resources
    of a breach: one action, two notifications, each recorded with its time. Both must be set
    up in the portal. A breach not yet acknowledged is acknowledged by it."""
    given = now
    now = now or timezone.now()
    locked = _locked(incident)
    if locked.is_breach and locked.leadership_notified:
        raise IncidentUnavailable(f"{locked.reference}: they have already been notified.")
    if not incident_selectors.incident_actions(user=by, incident=locked).notify_leadership:
        raise PermissionDenied("Only the Agency Legal Director notifies them of a breach.")
    commissioners = list(incident_selectors.users_with_duty(DutyGroup.COMMISSIONER))
    hr_directors = list(incident_selectors.users_with_duty(DutyGroup.HR_DIRECTOR))
    missing = [
        label
        for label, users in (
            ("the Commissioner", commissioners),
            ("the Director of Human Resources", hr_directors),
        )
        if not users
    ]
    if missing:
        raise ValidationError(
            f"Nobody in the portal holds the duty of {' or '.join(missing)}: ask the system "
            "administrator to set it up, and notify them directly meanwhile."
        )
    if locked.acknowledged_at is None:
        _acknowledge(locked, by, now, "Acknowledged on notifying the Commissioner and HR.")
    note = note.strip()
    body = (
        f"The Agency Legal Director, {_name(by)}, notifies you of a breach of DCF Policy 31-8-5: "
        f"breach report {locked.reference}.\n{_reported_line(locked)}"
        + ("\nThe Legal Director's note is on the report." if note else "")
    )
    subject = f"Breach report {locked.reference}: notice from the Agency Legal Director"
    locked.commissioner_notified_at = now
    _notify_each(
        incident=locked,
        users=commissioners,
        kind=IncidentStepKind.COMMISSIONER_NOTIFIED,
        at=now,
        actor=by,
        subject=subject,
        body=body,
        detail=note,
    )
    # Each notice keeps its own time (the same instant only when a clock is passed in).
    sent_hr = given or timezone.now()
    locked.hr_director_notified_at = sent_hr
    _notify_each(
        incident=locked,
        users=hr_directors,
        kind=IncidentStepKind.HR_DIRECTOR_NOTIFIED,
        at=sent_hr,
        actor=by,
        subject=subject,
        body=body,
        detail=note,
    )
    locked.leadership_notified_by = by
    locked.save(
        update_fields=[
            "commissioner_notified_at",
            "hr_director_notified_at",
            "leadership_notified_by",
        ]
    )
    _audit(by, "notify", locked)
    return locked


@transaction.atomic
def incident_close(
    *, incident: Incident, by: AbstractUser, note: str, now: datetime.datetime | None = None
) -> Incident:
    """Close an acknowledged report (a breach only once the Commissioner and HR are
    notified), with a note of how it ended. The reporter is told."""
    now = now or timezone.now()
    locked = _locked(incident)
    if not incident_selectors.incident_actions(user=by, incident=locked).close:
        raise PermissionDenied("You cannot close this report now.")
    if not note.strip():
        raise ValidationError({"note": "Say how the report was resolved."})
    locked.closed_at = now
    locked.closed_by = by
    locked.closing_note = note.strip()
    locked.save(update_fields=["closed_at", "closed_by", "closing_note"])
    step_add(incident=locked, kind=IncidentStepKind.CLOSED, at=now, actor=by, detail=note.strip())
    if locked.reporter_id != by.pk:
        notify(
            users=[locked.reporter],
            subject=f"Your {locked.kind_short} {locked.reference} was closed",
            body=f"{_name(by)} closed your {locked.kind_short} {locked.reference}.",
            link=_link(locked),
        )
    _audit(by, "close", locked)
    return locked


def _reminder_recipients(incident: Incident, now: datetime.datetime) -> list[AbstractUser]:
    """Who must act: for a loss, its supervisors (those it was sent to, and the supervisor on
    record now, or else the unit's supervisors now); for a breach, the Agency Legal Director.
    A unit supervisor it had not been sent to gets a notification step, so they may read it."""
    if incident.is_breach:
        return list(incident_selectors.users_with_duty(DutyGroup.AGENCY_LEGAL_DIRECTOR))
    sent = {
        step.recipient.pk: step.recipient
        for step in incident.steps.filter(
            kind__in=incident_selectors.SUPERVISOR_STEPS, recipient__is_active=True
        ).select_related("recipient")
    }
    current, fallback = incident_selectors.supervisors_for(reporter=incident.reporter)
    for user in current:
        if fallback and user.pk not in sent:
            step_add(
                incident=incident,
                kind=IncidentStepKind.UNIT_SUPERVISOR_NOTIFIED,
                at=now,
                recipient=user,
            )
        sent.setdefault(user.pk, user)
    return list(sent.values())


def _reminder_text(incident: Incident, now: datetime.datetime) -> tuple[str, str]:
    waited = incident.waiting_for(now)
    if incident.stage == IncidentStage.NOTIFY:
        subject = (
            f"Reminder: breach report {incident.reference} is waiting for your notice to the "
            "Commissioner and HR"
        )
        body = (
            f"Breach report {incident.reference} was acknowledged {waited} ago, and the "
            "Commissioner and the Director of Human Resources have not been notified. "
            "DCF Policy 31-8-5 asks for this immediately."
        )
    else:
        subject = f"Reminder: {incident.kind_short} {incident.reference} needs your acknowledgement"
        body = (
            f"A {incident.kind_short} {incident.reference} was submitted {waited} ago and has "
            "not been acknowledged. DCF Policy 31-8-5 asks for it to be reported immediately."
        )
    return subject, body


@transaction.atomic
def incident_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind whoever must act on each report overdue at its stage (not acknowledged within
    INCIDENT_ACK_HOURS; for a breach, the Commissioner and HR not notified within as many
    hours of acknowledgement). Once per report per stage: a reminder step (unique per stage)
    and the email's dedupe key make a second run send nothing. Returns reminders sent."""
    now = now or timezone.now()
    sent = 0
    for due in incident_selectors.reminders_due(now=now):
        incident = Incident.objects.select_for_update().get(pk=due.pk)
        stage = incident.stage
        if IncidentStep.objects.filter(
            incident=incident, kind=IncidentStepKind.REMINDER, stage=stage
        ).exists():
            continue
        recipients = _reminder_recipients(incident, now)
        subject, body = _reminder_text(incident, now)
        if recipients:
            # Not `notify`: the email carries a dedupe key, so it can never go out twice.
            Notification.objects.bulk_create(
                Notification(
                    user=user, created_at=now, subject=subject, body=body, link=_link(incident)
                )
                for user in recipients
            )
            email_queue(
                to=[user.email for user in recipients],
                subject=subject,
                body=f"{body}\n\nOpen it in the portal: {_link(incident)}",
                dedupe_key=f"incident-reminder:{incident.pk}:{stage}",
            )
        names = ", ".join(_name(u) for u in recipients) or "nobody on record"
        step_add(
            incident=incident,
            kind=IncidentStepKind.REMINDER,
            at=now,
            stage=stage,
            detail=f"{IncidentStage(stage).label}: reminded {names}.",
        )
        _audit(None, "remind", incident)
        sent += 1
    return sent
