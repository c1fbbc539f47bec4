"""Staff and the units they work in."""

import pghistory
from django.conf import settings
from django.db import models

from requests_app import policy
from requests_app.choices import DisclosureRole, UnitKind
from requests_app.people import display_name


@pghistory.track()
class WorkUnit(models.Model):
    """An organisational unit: an area office, Solnit North or South, CJTS, central office or
    the Office of Legal Affairs. Supervisors print forms and receive loss reports per unit."""

    code = models.SlugField(max_length=32, unique=True)
    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=32, choices=UnitKind.choices)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


@pghistory.track()
class StaffProfile(models.Model):
    """A DCF staff member's standing in the portal.

    The one-to-one link to the user is what makes the disclosure role unique per person; duty
    groups (supervisor, legal_affairs, ...) are Django groups on the user.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile"
    )
    disclosure_role = models.CharField(max_length=32, choices=DisclosureRole.choices)
    unit = models.ForeignKey(WorkUnit, on_delete=models.PROTECT, related_name="staff")
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supervisees",
    )
    job_title = models.CharField(max_length=120, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(disclosure_role__in=DisclosureRole.values),
                name="staffprofile_known_disclosure_role",
            ),
            models.CheckConstraint(
                condition=~models.Q(supervisor=models.F("user")),
                name="staffprofile_not_own_supervisor",
            ),
        ]

    def __str__(self) -> str:
        return f"{display_name(self.user)} ({self.get_disclosure_role_display()})"

    @property
    def discloses_directly(self) -> bool:
        """True for the four roles 31-8-5 lets disclose without consulting Legal Affairs (the
        engine's list)."""
        return self.disclosure_role in policy.DIRECT_ROLES
