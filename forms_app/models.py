"""Release authorizations: DCF-2131F (DCF releases to someone) and DCF-2131T (someone releases to
DCF), holding every element a valid authorization needs (policy/NOTES.md: §17a-28 consent and
45 CFR 164.508(c))."""

import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q

from forms_app.choices import ReleaseForm, ReleaseStatus, SignerKind
from requests_app.choices import InformationCategory


class ReleaseAuthorization(models.Model):
    """A client's (or authorized representative's) written consent to release information.

    Consent under §17a-28 names specified information, a limited time and a specifically
    identified recipient, so the counterparty, the categories and the expiry date are required.
    Status is derived from dates (`status_on`), so an expired release can never look current.
    """

    form = models.CharField(max_length=9, choices=ReleaseForm.choices)
    number = models.CharField(max_length=24, unique=True, help_text="Form reference number.")
    client = models.ForeignKey(
        "requests_app.Client", on_delete=models.PROTECT, related_name="releases"
    )
    # The other side: for DCF-2131F the recipient of DCF's records, for DCF-2131T the agency,
    # person or provider releasing its records to DCF.
    counterparty_name = models.CharField(max_length=200)
    counterparty_organization = models.CharField(max_length=200, blank=True)
    counterparty_address = models.TextField()
    categories = ArrayField(models.CharField(max_length=32, choices=InformationCategory.choices))
    information_description = models.TextField(
        blank=True, help_text="The specific records, in the signer's words."
    )
    information_from = models.DateField(null=True, blank=True)
    information_to = models.DateField(null=True, blank=True)
    purpose = models.TextField()
    effective_on = models.DateField()
    expires_on = models.DateField()
    expiry_event = models.CharField(max_length=200, blank=True)

    signer_kind = models.CharField(max_length=32, choices=SignerKind.choices)
    signer_name = models.CharField(max_length=200)
    signer_relation = models.ForeignKey(
        "requests_app.ClientRelation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="releases_signed",
    )
    signer_relationship = models.CharField(max_length=100, blank=True)
    signer_authority = models.CharField(max_length=200, blank=True)
    read_right_to_revoke = models.BooleanField(default=False)
    read_services_not_conditioned = models.BooleanField(default=False)
    read_redisclosure_warning = models.BooleanField(default=False)
    copy_given_to_signer = models.BooleanField(default=False)

    ready_for_signature_at = models.DateTimeField(null=True, blank=True)
    signed_on = models.DateField(null=True, blank=True)
    signed_scan = models.FileField(upload_to="releases/scans/%Y/%m/", blank=True)
    revoked_on = models.DateField(null=True, blank=True)
    revoked_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    revocation_received_how = models.CharField(max_length=200, blank=True)

    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="releases_prepared"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-effective_on", "number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(form__in=ReleaseForm.values), name="release_known_form"
            ),
            models.CheckConstraint(
                condition=Q(expires_on__gt=F("effective_on")),
                name="release_expires_after_effective",
            ),
            models.CheckConstraint(
                condition=Q(information_from__isnull=True)
                | Q(information_to__isnull=True)
                | Q(information_to__gte=F("information_from")),
                name="release_information_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(revoked_on__isnull=True) | Q(signed_on__isnull=False),
                name="release_only_signed_can_be_revoked",
            ),
            models.CheckConstraint(
                condition=Q(revoked_on__isnull=True) | Q(revoked_recorded_by__isnull=False),
                name="release_revocation_recorded_by",
            ),
            models.CheckConstraint(condition=~Q(categories=[]), name="release_has_categories"),
        ]
        indexes = [models.Index(fields=["client", "form"])]

    def __str__(self) -> str:
        return f"{self.form} {self.number}"

    def status_on(self, day: datetime.date) -> ReleaseStatus:
        if self.revoked_on is not None and self.revoked_on <= day:
            return ReleaseStatus.REVOKED
        if self.expires_on < day:
            return ReleaseStatus.EXPIRED
        if self.signed_on is None or self.signed_on > day:
            if self.ready_for_signature_at is not None:
                return ReleaseStatus.READY_FOR_SIGNATURE
            return ReleaseStatus.DRAFT
        if self.effective_on > day:
            return ReleaseStatus.SIGNED
        return ReleaseStatus.CURRENT

    def is_current_on(self, day: datetime.date) -> bool:
        return self.status_on(day) == ReleaseStatus.CURRENT
