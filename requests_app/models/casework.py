"""Clients, cases, who is assigned to them and who is related to the client.

This data comes from DCF's case-management system (see `import_casework`); the portal reads it
to decide who may see a client and, through the policy adapter, who may receive information.
"""

import datetime

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from guardian.models import UserObjectPermissionBase

from requests_app.choices import CaseStatus, RelationKind
from requests_app.models.limits import SHORT, text_limits

ADULT_AGE = 18


@pghistory.track()
class Client(models.Model):
    """A child or adult named in DCF records. Minor or adult is derived for a given date: under
    18 and not emancipated (a court's emancipation, Conn. Gen. Stat. §46b-150, lets a minor
    consent as an adult, so a release they sign is theirs to sign)."""

    client_number = models.CharField(max_length=20, unique=True)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    emancipated_on = models.DateField(
        null=True,
        blank=True,
        help_text="The date a court emancipated the client as a minor, if it did.",
    )

    class Meta:
        ordering = ["last_name", "first_name", "client_number"]
        indexes = [models.Index(fields=["last_name", "first_name"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(emancipated_on__isnull=True)
                | Q(emancipated_on__gte=F("date_of_birth")),
                name="client_emancipated_not_before_birth",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.client_number})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day: datetime.date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def is_minor_on(self, day: datetime.date) -> bool:
        """Under 18 on `day` and not emancipated by then (§17a-28: a minor's consent to release
        records is given by a parent or guardian)."""
        emancipated = self.emancipated_on is not None and self.emancipated_on <= day
        return self.age_on(day) < ADULT_AGE and not emancipated


@pghistory.track()
class Case(models.Model):
    """A DCF case. Open from `opened_on` until `closed_on` (the status is derived, never stored,
    so it cannot go stale)."""

    case_number = models.CharField(max_length=20, unique=True)
    opened_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    clients = models.ManyToManyField(Client, through="CaseMembership", related_name="cases")

    class Meta:
        ordering = ["case_number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="case_closed_not_before_opened",
            ),
        ]

    def __str__(self) -> str:
        return self.case_number

    def status_on(self, day: datetime.date) -> CaseStatus:
        if self.opened_on <= day and (self.closed_on is None or self.closed_on > day):
            return CaseStatus.OPEN
        return CaseStatus.CLOSED

    @staticmethod
    def open_on_q(day: datetime.date, prefix: str = "") -> Q:
        """Q for cases open on `day` (as `status_on`); `prefix` reaches them through a
        relation."""
        return Q(**{f"{prefix}opened_on__lte": day}) & (
            Q(**{f"{prefix}closed_on__isnull": True}) | Q(**{f"{prefix}closed_on__gt": day})
        )

    def is_open_on(self, day: datetime.date) -> bool:
        return self.status_on(day) == CaseStatus.OPEN


@pghistory.track()
class CaseMembership(models.Model):
    """A client's place in a case (the child, a parent who is also a client, ...)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="memberships")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="memberships")
    role_in_case = models.CharField(max_length=60, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "client"], name="casemembership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.client} in {self.case}"


@pghistory.track()
class CaseAssignment(models.Model):
    """A staff member assigned to a case from one date to another (inclusive).

    An active assignment is what 31-8-5 calls "the normal course of their duties" for that case.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_assignments"
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="caseassignment_ends_not_before_start",
            ),
            models.UniqueConstraint(
                fields=["case", "staff", "starts_on"], name="caseassignment_unique_start"
            ),
        ]
        indexes = [models.Index(fields=["staff", "case"])]

    def __str__(self) -> str:
        return f"{self.staff} on {self.case} from {self.starts_on}"

    def is_active_on(self, day: datetime.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or self.ends_on >= day)

    @staticmethod
    def active_on_q(day: datetime.date, prefix: str = "") -> Q:
        """Q for assignments active on `day`; `prefix` reaches them through a relation."""
        return Q(**{f"{prefix}starts_on__lte": day}) & (
            Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": day})
        )


@pghistory.track()
class ClientRelation(models.Model):
    """A person tied to a client whom 31-8-5 may let receive information: a parent, a legal
    guardian, an attorney or another authorized representative.

    "Of record" means it is here and not ended; "verified" means a staff member checked the
    relationship. A parent whose parental rights were terminated is never treated as a parent.
    """

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="relations")
    source_id = models.CharField(
        max_length=40,
        unique=True,
        null=True,
        blank=True,
        help_text="Identifier in the case-management system, for re-imports.",
    )
    kind = models.CharField(max_length=32, choices=RelationKind.choices)
    full_name = models.CharField(max_length=200)
    organization = models.CharField(max_length=200, blank=True)
    address = models.TextField(blank=True, max_length=SHORT)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_on = models.DateField(null=True, blank=True)
    parental_rights_terminated = models.BooleanField(default=False)
    parental_rights_terminated_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "full_name"]
        constraints = [
            *text_limits("relation", address=SHORT),
            models.CheckConstraint(
                condition=Q(kind__in=RelationKind.values), name="clientrelation_known_kind"
            ),
            models.CheckConstraint(
                condition=Q(verified_on__isnull=True, verified_by__isnull=True)
                | Q(verified_on__isnull=False, verified_by__isnull=False),
                name="clientrelation_verified_by_and_on_together",
            ),
            models.CheckConstraint(
                condition=Q(parental_rights_terminated=False) | Q(kind=RelationKind.PARENT),
                name="clientrelation_only_parents_have_rights_terminated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name}, {self.get_kind_display()} of {self.client.client_number}"

    @property
    def is_verified(self) -> bool:
        return self.verified_on is not None

    def is_of_record_on(self, day: datetime.date) -> bool:
        return self.ended_on is None or self.ended_on > day


class CaseUserObjectPermission(UserObjectPermissionBase):
    """Per-user permissions on cases, with a real foreign key (guardian's fast path)."""

    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)


class ClientUserObjectPermission(UserObjectPermissionBase):
    """Per-user permissions on clients, with a real foreign key (guardian's fast path)."""

    content_object = models.ForeignKey(Client, on_delete=models.CASCADE)
