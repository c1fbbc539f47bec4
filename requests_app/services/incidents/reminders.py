"""Reminders for loss and breach reports overdue at their stage (`send_incident_reminders`)."""

import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from requests_app.choices import DutyGroup, IncidentStage, IncidentStepKind
from requests_app.models import Incident, IncidentStep, Notification
from requests_app.notifications import email_queue, portal_link
from requests_app.people import display_name
from requests_app.permissions import SUPERVISOR_STEPS
from requests_app.selectors.casework import users_with_duty
from requests_app.selectors.incidents import reminders_due, supervisors_for
from requests_app.services.incidents.common import audit_change, link, step_add


def _reminder_recipients(incident: Incident, now: datetime.datetime) -> list[User]:
    """Who must act: for a loss, its supervisors (those it was sent to, and the supervisor on
    record now, or else the unit's supervisors now); for a breach, the Agency Legal Director.
    A unit supervisor it had not been sent to gets a notification step, so they may read it."""
    if incident.is_breach:
        return list(users_with_duty(DutyGroup.AGENCY_LEGAL_DIRECTOR))
    sent = {
        step.recipient.pk: step.recipient
        for step in incident.steps.filter(
            kind__in=SUPERVISOR_STEPS, recipient__is_active=True
        ).select_related("recipient")
        if step.recipient is not None  # always, by the filter
    }
    current, fallback = supervisors_for(reporter=incident.reporter)
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
    for due in reminders_due(now=now):
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
                    user=user, created_at=now, subject=subject, body=body, link=link(incident)
                )
                for user in recipients
            )
            email_queue(
                to=[user.email for user in recipients],
                subject=subject,
                body=f"{body}\n\nOpen it in the portal: {portal_link(link(incident))}",
                dedupe_key=f"incident-reminder:{incident.pk}:{stage}",
            )
        names = ", ".join(display_name(u) for u in recipients) or "nobody on record"
        step_add(
            incident=incident,
            kind=IncidentStepKind.REMINDER,
            at=now,
            stage=stage,
            detail=f"{IncidentStage(stage).label}: reminded {names}.",
        )
        audit_change(None, "remind", incident)
        sent += 1
    return sent
