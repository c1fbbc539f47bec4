"""Rights granted by two people: a request to change someone's duties, supervisor, disclosure
role, staff status or email address, filed by one administrator and decided by another."""

from django.conf import settings
from django.db import models

from requests_app.choices import DisclosureRole, DutyGroup, GrantKind, GrantStatus
from requests_app.models.limits import NOTE, text_limits


class RoleGrantRequest(models.Model):
    """One change of a user's rights, waiting for (or decided by) a second person.

    The database itself makes the four-eyes rule hold: whoever decides is never the one who
    asked nor the one the change is for, and a decided request can no longer be changed or
    deleted (a trigger, migration 0014). A superuser's status is never granted this way (only
    `manage.py grant_role --superuser`, at the server's console)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="role_grant_requests"
    )
    kind = models.CharField(max_length=32, choices=GrantKind.choices)
    #: A duty group's name, a supervisor's username (blank: no supervisor), a disclosure role,
    #: "yes" or "no" (staff status), or an email address: see `GrantKind`.
    value = models.CharField(max_length=254, blank=True)
    reason = models.TextField()
    status = models.CharField(
        max_length=16, choices=GrantStatus.choices, default=GrantStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    #: Who approved or refused it (a withdrawn request has none: its requester withdrew it).
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=GrantKind.values), name="rolegrant_known_kind"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=GrantStatus.values), name="rolegrant_known_status"
            ),
            models.CheckConstraint(
                condition=~models.Q(decided_by=models.F("requested_by")),
                name="rolegrant_decider_is_not_requester",
            ),
            models.CheckConstraint(
                condition=~models.Q(decided_by=models.F("user")),
                name="rolegrant_decider_is_not_subject",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(
                        status__in=[GrantStatus.APPROVED, GrantStatus.REFUSED],
                        decided_by__isnull=False,
                        decided_at__isnull=False,
                    )
                    | models.Q(
                        status=GrantStatus.WITHDRAWN,
                        decided_by__isnull=True,
                        decided_at__isnull=False,
                    )
                    | models.Q(
                        status=GrantStatus.PENDING,
                        decided_by__isnull=True,
                        decided_at__isnull=True,
                    )
                ),
                name="rolegrant_decision_matches_status",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "value"],
                condition=models.Q(status=GrantStatus.PENDING),
                name="rolegrant_one_pending_per_change",
                violation_error_message="The same change is already waiting for a decision.",
            ),
            *text_limits("rolegrant", reason=NOTE),
        ]
        indexes = [models.Index(fields=["status", "-created_at"], name="rolegrant_status_created")]

    def __str__(self) -> str:
        shown = self.value_label or "none"
        return f"{self.get_kind_display()}: {shown} for {self.user} ({self.get_status_display()})"

    @property
    def value_label(self) -> str:
        """The value in words: a duty group's or a disclosure role's title rather than its
        code; a username, "yes"/"no" or an email address as it is."""
        if self.kind in (GrantKind.ADD_DUTY, GrantKind.REMOVE_DUTY):
            return dict(DutyGroup.choices).get(self.value, self.value)
        if self.kind == GrantKind.SET_ROLE:
            return dict(DisclosureRole.choices).get(self.value, self.value)
        return self.value

    @property
    def is_pending(self) -> bool:
        return self.status == GrantStatus.PENDING
