"""Loss, theft and breach reports (DCF Policy 31-8-5) and the steps of their notification chain.

31-8-5, "Loss of Confidential Information": a loss or theft "must immediately be reported to the
employee's supervisor" and follow the DCF Loss Reporting Procedure (Policy 12-16).
"Reporting Requirements for Breach of Confidentiality": a breach is reported "to the Agency Legal
Director immediately. The Agency Legal Director shall notify the Commissioner and the Director of
Human Resources." The fields of a loss report follow the state's loss report (form CO-853).
"""

import datetime
from decimal import Decimal

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from requests_app.choices import (
    EQUIPMENT_ITEMS,
    IncidentKind,
    IncidentStage,
    IncidentStepKind,
    LossCause,
    LostItem,
)
from requests_app.models.limits import LONG, NOTE, text_limits


def format_elapsed(delta: datetime.timedelta | None) -> str:
    """A duration in words a reader takes in at a glance: "45 min", "3 h 5 min", "2 d 4 h"."""
    if delta is None:
        return ""
    minutes = max(int(delta.total_seconds() // 60), 0)
    if minutes < 1:
        return "under a minute"
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h" if hours else f"{days} d"
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{minutes} min"


def ack_hours() -> int:
    """Hours within which a report must be acknowledged (31-8-5 says "immediately")."""
    return settings.INCIDENT_ACK_HOURS


@pghistory.track()
class Incident(models.Model):
    """A report of a loss or theft of confidential information, or of a breach of 31-8-5.

    The chain's times are kept on the row (acknowledged, Commissioner and HR notified, closed) so
    lists can sort and flag overdue reports in one query; every step is also an `IncidentStep`
    on the timeline, with who did it and who was told. A loss escalated to a breach opens a
    breach report linked to it (`escalated_from`).
    """

    kind = models.CharField(max_length=8, choices=IncidentKind.choices)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="incidents_reported"
    )
    unit = models.ForeignKey(
        "requests_app.WorkUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
        help_text="The reporter's unit when reported (the loss report's agency and location).",
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The reporter's supervisor on record when reported, if any.",
    )
    submission_token = models.UUIDField(unique=True, help_text="Makes a double submit harmless.")
    submitted_at = models.DateTimeField()
    discovered_at = models.DateTimeField("When discovered")
    occurred_on = models.DateField("When it happened", null=True, blank=True)
    location = models.CharField("Where", max_length=300, blank=True)
    description = models.TextField(max_length=LONG)

    # Loss or theft (the state's loss report, CO-853).
    items_lost = ArrayField(
        models.CharField(max_length=20, choices=LostItem.choices), default=list, blank=True
    )
    loss_cause = models.CharField(max_length=8, choices=LossCause.choices, blank=True)
    asset_tag = models.CharField("Asset tag number", max_length=60, blank=True)
    equipment_value = models.DecimalField(
        "Value of the equipment (US dollars)",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    circumstances = models.TextField(blank=True, max_length=LONG)
    security_adequate = models.BooleanField("Security was adequate", null=True, blank=True)
    security_notes = models.TextField("Security in place", blank=True, max_length=NOTE)
    prevention_steps = models.TextField(
        "Steps to prevent it happening again", blank=True, max_length=NOTE
    )

    # Breach of the policy.
    staff_involved = models.TextField(blank=True, max_length=NOTE)
    disclosure_requests = models.ManyToManyField(
        "requests_app.DisclosureRequest", blank=True, related_name="incidents"
    )

    # Both.
    clients = models.ManyToManyField("requests_app.Client", blank=True, related_name="incidents")
    clients_unknown = models.BooleanField("Which clients are affected is not known", default=False)
    steps_taken = models.TextField("Steps taken since", blank=True, max_length=LONG)
    delay_reason = models.TextField(
        "Reason for any delay in reporting", blank=True, max_length=NOTE
    )
    contact_phone = models.CharField("Contact telephone", max_length=40, blank=True)

    escalated_from = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="breach_report",
        help_text="The loss report this breach report was opened from.",
    )
    escalation_reason = models.TextField(blank=True, max_length=LONG)

    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledgement_note = models.TextField(blank=True, max_length=NOTE)
    commissioner_notified_at = models.DateTimeField(null=True, blank=True)
    hr_director_notified_at = models.DateTimeField(null=True, blank=True)
    leadership_notified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closing_note = models.TextField(blank=True, max_length=LONG)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            *text_limits(
                "incident",
                description=LONG,
                circumstances=LONG,
                security_notes=NOTE,
                prevention_steps=NOTE,
                staff_involved=NOTE,
                steps_taken=LONG,
                delay_reason=NOTE,
                escalation_reason=LONG,
                acknowledgement_note=NOTE,
                closing_note=LONG,
            ),
            models.CheckConstraint(
                condition=Q(kind__in=IncidentKind.values), name="incident_known_kind"
            ),
            models.CheckConstraint(
                condition=Q(kind=IncidentKind.BREACH)
                | (~Q(items_lost=[]) & ~Q(loss_cause="") & Q(security_adequate__isnull=False)),
                name="incident_loss_has_loss_fields",
            ),
            models.CheckConstraint(
                condition=Q(kind=IncidentKind.LOSS) | Q(items_lost=[]),
                name="incident_breach_has_no_lost_items",
            ),
            models.CheckConstraint(
                condition=Q(escalated_from__isnull=True) | Q(kind=IncidentKind.BREACH),
                name="incident_only_breach_escalated_from",
            ),
            models.CheckConstraint(
                condition=Q(discovered_at__lte=models.F("submitted_at")),
                name="incident_discovered_before_reported",
            ),
            models.CheckConstraint(
                condition=Q(acknowledged_at__isnull=True, acknowledged_by__isnull=True)
                | Q(acknowledged_at__isnull=False, acknowledged_by__isnull=False),
                name="incident_acknowledged_by_someone",
            ),
            models.CheckConstraint(
                condition=Q(kind=IncidentKind.BREACH)
                | Q(commissioner_notified_at__isnull=True, hr_director_notified_at__isnull=True),
                name="incident_leadership_notified_of_breaches_only",
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True)
                | Q(acknowledged_at__isnull=False, closed_by__isnull=False),
                name="incident_closed_after_acknowledgement",
            ),
            models.CheckConstraint(
                condition=Q(equipment_value__isnull=True) | Q(equipment_value__gte=0),
                name="incident_equipment_value_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["reporter", "-submitted_at"]),
            models.Index(fields=["kind", "-submitted_at"]),
            models.Index(
                fields=["submitted_at"], condition=Q(closed_at__isnull=True), name="incident_open"
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return self.reference_for(self.pk) if self.pk else "INC-(new)"

    @staticmethod
    def reference_for(pk: int) -> str:
        """The reference of the report with this primary key (as staff quote it)."""
        return f"INC-{pk:06d}"

    @property
    def is_loss(self) -> bool:
        return self.kind == IncidentKind.LOSS

    @property
    def is_breach(self) -> bool:
        return self.kind == IncidentKind.BREACH

    @property
    def kind_short(self) -> str:
        return "loss report" if self.is_loss else "breach report"

    @property
    def involves_equipment(self) -> bool:
        return bool(EQUIPMENT_ITEMS & set(self.items_lost))

    @property
    def items_lost_display(self) -> str:
        labels = dict(LostItem.choices)
        return ", ".join(labels.get(item, item) for item in self.items_lost)

    @property
    def ack_after(self) -> str:
        """Submission to acknowledgement, in words."""
        if self.acknowledged_at is None:
            return ""
        return format_elapsed(self.acknowledged_at - self.submitted_at)

    @property
    def leadership_notified(self) -> bool:
        return (
            self.commissioner_notified_at is not None and self.hr_director_notified_at is not None
        )

    @property
    def stage(self) -> IncidentStage:
        """The step the report waits on, derived from the chain's times (never stale)."""
        if self.closed_at:
            return IncidentStage.CLOSED
        if self.acknowledged_at is None:
            return IncidentStage.ACKNOWLEDGE
        if self.is_breach and not self.leadership_notified:
            return IncidentStage.NOTIFY
        return IncidentStage.FOLLOW_UP

    def stage_started_at(self) -> datetime.datetime:
        """When the current stage's clock started: submission, then acknowledgement."""
        if self.acknowledged_at is not None and self.stage == IncidentStage.NOTIFY:
            return self.acknowledged_at
        return self.submitted_at

    def is_overdue(self, now: datetime.datetime) -> bool:
        """Waiting to be acknowledged (or, for a breach, to be passed on to the Commissioner
        and HR) for longer than INCIDENT_ACK_HOURS."""
        if self.stage not in (IncidentStage.ACKNOWLEDGE, IncidentStage.NOTIFY):
            return False
        return now - self.stage_started_at() > datetime.timedelta(hours=ack_hours())

    @property
    def reported_after(self) -> str:
        return format_elapsed(self.submitted_at - self.discovered_at)

    def waiting_for(self, now: datetime.datetime) -> str:
        return format_elapsed(now - self.stage_started_at())

    @property
    def time_to_notify(self) -> str:
        """Submission to the notice that closes the policy's chain: the supervisor's
        acknowledgement for a loss, the Commissioner's and HR's notice for a breach."""
        if self.is_breach:
            commissioner, hr_director = self.commissioner_notified_at, self.hr_director_notified_at
            if commissioner is None or hr_director is None:  # not yet leadership_notified
                return ""
            done = max(commissioner, hr_director)
        else:
            if self.acknowledged_at is None:
                return ""
            done = self.acknowledged_at
        return format_elapsed(done - self.submitted_at)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.kind == IncidentKind.LOSS:
            if not self.items_lost:
                errors["items_lost"] = "Say what was lost or stolen."
            if not self.loss_cause:
                errors["loss_cause"] = "Say whether it was lost or stolen, or that you do not know."
            if self.security_adequate is None:
                errors["security_adequate"] = "Say whether security was adequate."
            if not self.location.strip():
                errors["location"] = "Say where it was lost or stolen."
            if not self.circumstances.strip():
                errors["circumstances"] = "Describe the circumstances."
            if EQUIPMENT_ITEMS & set(self.items_lost):
                if not self.asset_tag.strip():
                    errors["asset_tag"] = "Give the asset tag of the lost equipment."
                if self.equipment_value is None:
                    errors["equipment_value"] = "Give the value of the lost equipment."
        if self.kind == IncidentKind.BREACH and self.items_lost:
            errors["items_lost"] = "A breach report does not list lost items."
        if self.discovered_at and self.submitted_at:
            if self.discovered_at > self.submitted_at:
                errors["discovered_at"] = "This is in the future."
            late = self.submitted_at - self.discovered_at > datetime.timedelta(hours=ack_hours())
            if late and not self.delay_reason.strip() and self.escalated_from_id is None:
                errors["delay_reason"] = (
                    f"You are reporting more than {ack_hours()} hours after discovery: "
                    "give the reason for the delay."
                )
        if self.occurred_on and self.discovered_at:
            discovered_on = self.discovered_at.date()
            if self.occurred_on > discovered_on:
                errors["occurred_on"] = "This is after you say it was discovered."
        if errors:
            raise ValidationError(errors)


@pghistory.track()
class IncidentStep(models.Model):
    """One step of an incident's chain with its time: reported, who was notified, acknowledged,
    escalated, the Commissioner and HR notified, reminders, closed. A notification step names
    its recipient, which is also what lets that person read the report."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(max_length=32, choices=IncidentStepKind.choices)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incident_notices",
    )
    stage = models.CharField(
        max_length=16,
        choices=IncidentStage.choices,
        blank=True,
        help_text="For a reminder: the stage it was about (one reminder per stage).",
    )
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=IncidentStepKind.values), name="incidentstep_known_kind"
            ),
            models.CheckConstraint(
                condition=Q(kind=IncidentStepKind.REMINDER, stage__in=IncidentStage.values)
                | (~Q(kind=IncidentStepKind.REMINDER) & Q(stage="")),
                name="incidentstep_stage_iff_reminder",
            ),
            models.UniqueConstraint(
                fields=["incident", "stage"],
                condition=Q(kind=IncidentStepKind.REMINDER),
                name="incidentstep_one_reminder_per_stage",
            ),
        ]
        indexes = [
            models.Index(fields=["incident", "at"]),
            models.Index(
                fields=["recipient", "incident"],
                condition=Q(recipient__isnull=False),
                name="incidentstep_recipient",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M}"

    @property
    def since_discovery(self) -> str:
        return format_elapsed(self.at - self.incident.discovered_at)

    @property
    def since_submission(self) -> str:
        return format_elapsed(self.at - self.incident.submitted_at)
