"""Disclosure requests and the policy decisions made on them."""

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q

from requests_app.choices import (
    COURT_RECIPIENTS,
    RELATION_RECIPIENTS,
    DisclosureMode,
    EventKind,
    InformationCategory,
    Medium,
    Outcome,
    RecipientKind,
    RedactionBasis,
    RequestStatus,
    ReviewResolution,
    category_labels,
    media_labels,
)
from requests_app.models.authority import CitedAuthority, authority_constraints
from requests_app.models.limits import LONG, NOTE, SHORT, text_limits
from requests_app.people import display_name


@pghistory.track()
class DisclosureRequest(models.Model):
    """A staff member's question: may this information about this client go to this recipient?

    The recipient is one of: a relation of record of the client (parent, guardian, attorney,
    authorized representative), the client, a DCF staff member, an Assistant Attorney General, a
    court, or a named third party; a DCF-2131F release on file may be relied on.
    """

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="disclosure_requests"
    )
    client = models.ForeignKey(
        "requests_app.Client", on_delete=models.PROTECT, related_name="disclosure_requests"
    )
    case = models.ForeignKey(
        "requests_app.Case", on_delete=models.PROTECT, related_name="disclosure_requests"
    )

    recipient_kind = models.CharField(max_length=32, choices=RecipientKind.choices)
    recipient_relation = models.ForeignKey(
        "requests_app.ClientRelation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disclosure_requests",
    )
    recipient_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disclosures_received",
    )
    recipient_name = models.CharField(max_length=200, blank=True)
    recipient_organization = models.CharField(max_length=200, blank=True)
    recipient_address = models.TextField(blank=True, max_length=SHORT)
    business_reason = models.TextField(blank=True, max_length=NOTE)
    court_docket_number = models.CharField(max_length=60, blank=True)
    hearing_on = models.DateField(null=True, blank=True)
    hearing_related_to_case = models.BooleanField(default=False)
    release = models.ForeignKey(
        "forms_app.ReleaseAuthorization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disclosure_requests",
    )

    categories = ArrayField(models.CharField(max_length=32, choices=InformationCategory.choices))
    information_description = models.TextField(blank=True, max_length=LONG)
    information_from = models.DateField(null=True, blank=True)
    information_to = models.DateField(null=True, blank=True)
    media = ArrayField(models.CharField(max_length=16, choices=Medium.choices))
    mode = models.CharField(max_length=16, choices=DisclosureMode.choices)
    purpose = models.TextField(max_length=LONG)
    requester_in_doubt = models.BooleanField(default=False)
    consequences_acknowledged_at = models.DateTimeField()

    status = models.CharField(
        max_length=32, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED
    )
    submission_token = models.UUIDField(unique=True, help_text="Makes a double submit harmless.")
    submitted_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            *text_limits(
                "request",
                recipient_address=SHORT,
                business_reason=NOTE,
                information_description=LONG,
                purpose=LONG,
            ),
            models.CheckConstraint(
                condition=Q(recipient_kind__in=RecipientKind.values),
                name="request_known_recipient_kind",
            ),
            models.CheckConstraint(
                condition=~Q(recipient_kind__in=sorted(RELATION_RECIPIENTS))
                | Q(recipient_relation__isnull=False),
                name="request_relation_recipient_has_relation",
            ),
            models.CheckConstraint(
                condition=~Q(recipient_kind=RecipientKind.DCF_STAFF)
                | Q(recipient_staff__isnull=False),
                name="request_staff_recipient_has_staff",
            ),
            models.CheckConstraint(
                condition=~Q(
                    recipient_kind__in=sorted({*COURT_RECIPIENTS, RecipientKind.THIRD_PARTY})
                )
                | ~Q(recipient_name=""),
                name="request_named_recipient_has_name",
            ),
            models.CheckConstraint(condition=~Q(categories=[]), name="request_has_categories"),
            models.CheckConstraint(condition=~Q(media=[]), name="request_has_media"),
            models.CheckConstraint(
                condition=Q(information_from__isnull=True)
                | Q(information_to__isnull=True)
                | Q(information_to__gte=models.F("information_from")),
                name="request_information_range_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["requester", "-submitted_at"]),
            models.Index(fields=["client", "-submitted_at"]),
            models.Index(fields=["status", "-submitted_at"]),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return self.reference_for(self.pk) if self.pk else "DR-(new)"

    @staticmethod
    def reference_for(pk: int) -> str:
        """The reference of the request with this primary key (as staff quote it)."""
        return f"DR-{pk:06d}"

    @property
    def category_labels(self) -> list[str]:
        return category_labels(self.categories)

    @property
    def media_labels(self) -> list[str]:
        return media_labels(self.media)

    @property
    def recipient_display(self) -> str:
        """The recipient in words, for pages and for the accounting of disclosures."""
        if self.recipient_kind == RecipientKind.CLIENT:
            return f"{self.client.full_name} (the client)"
        if self.recipient_relation is not None:
            relation = self.recipient_relation
            return f"{relation.full_name} ({relation.get_kind_display().lower()})"
        if self.recipient_staff_id:
            staff = self.recipient_staff
            return f"{display_name(staff)} (DCF staff)"
        label = self.get_recipient_kind_display()
        parts = [p for p in (self.recipient_name, self.recipient_organization) if p]
        return f"{', '.join(parts)} ({label})" if parts else label


@pghistory.track()
class PolicyDecision(models.Model):
    """The engine's answer for a request, stored with the facts it was made on so that it can be
    replayed and explained later. A resubmitted request gets a new decision; old ones stay."""

    request = models.ForeignKey(
        DisclosureRequest, on_delete=models.PROTECT, related_name="decisions"
    )
    decided_at = models.DateTimeField()
    as_of = models.DateField()
    facts = models.JSONField()
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    rule = models.CharField(max_length=64, blank=True)
    citation = models.TextField()
    reasons = models.JSONField(help_text="List of {code, message}.")
    reason_codes = ArrayField(models.CharField(max_length=64), default=list)
    policy_version = models.CharField(max_length=32)
    sensitive_categories = ArrayField(
        models.CharField(max_length=64),
        null=True,
        blank=True,
        help_text="The categories the deployment treated as sensitive when this was decided "
        "(DISCLOSURE_SENSITIVE_CATEGORIES); null on decisions stored before it was recorded.",
    )

    class Meta:
        ordering = ["-decided_at", "-pk"]
        get_latest_by = ["decided_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=Outcome.values), name="decision_known_outcome"
            ),
            models.CheckConstraint(
                condition=Q(outcome=Outcome.ESCALATED, rule="")
                | (Q(outcome=Outcome.PERMITTED) & ~Q(rule="")),
                name="decision_rule_iff_permitted",
            ),
        ]
        indexes = [
            models.Index(fields=["request", "-decided_at"]),
            # The review queue's reason filter (reason_codes @> ARRAY[code]).
            GinIndex(fields=["reason_codes"], name="decision_reason_codes"),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} ({self.rule or 'Legal Affairs'})"


class RequestEvent(models.Model):
    """One step on a request's timeline: what happened, who did it, when."""

    request = models.ForeignKey(DisclosureRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField()
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["request", "at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M}"


#: The resolutions that let the information go out: each cites its authority.
APPROVALS = (ReviewResolution.APPROVED.value, ReviewResolution.APPROVED_WITH_REDACTIONS.value)


@pghistory.track()
class Review(CitedAuthority):
    """Legal Affairs' review of an escalated request: who holds it, by when, and what they
    decided. A request returned and resubmitted may be escalated (and reviewed) again.

    An approval cites its authority (`CitedAuthority`), written in the same UPDATE as the
    decision, so it is sealed with it and never changes after."""

    request = models.ForeignKey(DisclosureRequest, on_delete=models.PROTECT, related_name="reviews")
    decision = models.ForeignKey(PolicyDecision, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField()
    due_on = models.DateField()
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviews_assigned",
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=32, choices=ReviewResolution.choices, blank=True)
    resolution_reason = models.TextField(blank=True, max_length=LONG)
    legal_basis = models.TextField(blank=True, max_length=SHORT)
    message_to_requester = models.TextField(blank=True, max_length=LONG)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "opened_at"]
        constraints = [
            *text_limits(
                "review", resolution_reason=LONG, legal_basis=SHORT, message_to_requester=LONG
            ),
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(decided_at__isnull=True),
                name="review_one_open_per_request",
            ),
            models.CheckConstraint(
                condition=Q(decided_at__isnull=True, resolution="")
                | (Q(decided_at__isnull=False, decided_by__isnull=False) & ~Q(resolution="")),
                name="review_resolution_iff_decided",
            ),
            models.CheckConstraint(
                condition=Q(assignee__isnull=True) | Q(claimed_at__isnull=False),
                name="review_assignee_has_claim_time",
            ),
            *authority_constraints("review"),
            models.CheckConstraint(
                condition=Q(authority_basis="") | Q(resolution__in=APPROVALS),
                name="review_authority_only_for_approvals",
            ),
            # Added NOT VALID (migration 0019): approvals decided before authorities were
            # structured keep their free text (legal_basis) and no authority.
            models.CheckConstraint(
                condition=~Q(resolution__in=APPROVALS) | ~Q(authority_basis=""),
                name="review_approval_cites_authority",
            ),
        ]
        indexes = [
            # The queue's order over open reviews: a page reads its 25 rows off this index
            # and joins only those (not every review due on the same days, then sorted).
            models.Index(
                fields=["due_on", "opened_at", "id"],
                condition=Q(decided_at__isnull=True),
                name="review_open_queue_order",
            ),
            models.Index(fields=["assignee", "due_on"]),
            # The same order for decided and all reviews.
            models.Index(fields=["due_on", "opened_at", "id"], name="review_queue_order"),
        ]

    def __str__(self) -> str:
        return f"Review of {self.request.reference}"

    @property
    def is_open(self) -> bool:
        return self.decided_at is None


@pghistory.track()
class RedactionNote(models.Model):
    """What Legal Affairs requires withheld before disclosure: which record, where in it, what,
    and the legal basis. Editable until the review is decided, frozen after."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="redaction_notes")
    document = models.CharField("Record or document", max_length=200)
    location = models.CharField("Where (pages or sections)", max_length=200, blank=True)
    what = models.TextField("What to redact", max_length=NOTE)
    legal_basis = models.CharField(max_length=32, choices=RedactionBasis.choices)
    legal_basis_other = models.CharField("Other basis", max_length=200, blank=True)
    note = models.TextField(blank=True, max_length=NOTE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            *text_limits("redactionnote", what=NOTE, note=NOTE),
            models.CheckConstraint(
                condition=~Q(legal_basis=RedactionBasis.OTHER) | ~Q(legal_basis_other=""),
                name="redactionnote_other_basis_explained",
            ),
        ]

    def __str__(self) -> str:
        return f"Redact {self.document}: {self.get_legal_basis_display()}"


@pghistory.track()
class Disclosure(CitedAuthority):
    """The accounting entry: what was actually disclosed about a client, to whom, when, how and
    under which authority: the rule and clause of the engine's decision, or the authority the
    Legal Affairs approval cited (`CitedAuthority`), and `authority` in plain words as it read
    when recorded. Entries recorded before authorities were structured keep their words only
    (a blank basis)."""

    request = models.OneToOneField(
        DisclosureRequest, on_delete=models.PROTECT, related_name="disclosure"
    )
    client = models.ForeignKey(
        "requests_app.Client", on_delete=models.PROTECT, related_name="disclosures"
    )
    disclosed_on = models.DateField()
    mode = models.CharField(max_length=16, choices=DisclosureMode.choices)
    media = ArrayField(models.CharField(max_length=16, choices=Medium.choices))
    information_disclosed = models.TextField(max_length=LONG)
    recipient = models.CharField(max_length=400)
    purpose = models.TextField(max_length=LONG)
    authority = models.TextField(help_text="The authority in plain words, as recorded.")
    redactions_applied = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()
    #: The packet that left DCF, for a documentary disclosure of records: its SHA-256, pages
    #: and boxes are the accounting's proof of what went out.
    packet = models.ForeignKey(
        "requests_app.DisclosurePacket",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-disclosed_on", "-recorded_at"]
        indexes = [models.Index(fields=["client", "-disclosed_on"])]
        constraints = [
            *text_limits("disclosure", information_disclosed=LONG, purpose=LONG),
            models.CheckConstraint(condition=~Q(media=[]), name="disclosure_has_media"),
            *authority_constraints("disclosure"),
        ]

    def __str__(self) -> str:
        return f"Disclosure {self.request_reference} on {self.disclosed_on}"

    @property
    def request_reference(self) -> str:
        """The request's reference, without reading the request."""
        return DisclosureRequest.reference_for(self.request_id)

    @property
    def media_labels(self) -> list[str]:
        return media_labels(self.media)
