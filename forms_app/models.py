"""Release authorizations: DCF-2131F (DCF releases to someone) and DCF-2131T (someone releases to
DCF), holding every element a valid authorization needs (policy/NOTES.md: §17a-28 consent and
45 CFR 164.508(c)); their history, and the log of supervisors' prints."""

import datetime

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery

from forms_app.choices import (
    ReleaseEventKind,
    ReleaseForm,
    ReleaseStatus,
    RevocationReceipt,
    ScanKind,
    SignerKind,
)
from requests_app import policy
from requests_app.choices import InformationCategory, category_labels
from requests_app.dates import day_in_words
from requests_app.models.limits import LONG, NOTE, SHORT, text_limits

#: A general release cannot authorize these: HIV-related information needs form DCF-2134
#: (Conn. Gen. Stat. §19a-583/585; see policy/NOTES.md).
CATEGORIES_NEEDING_THEIR_OWN_FORM = frozenset({InformationCategory.HIV_RELATED.value})


def release_reference(form: str, number: str) -> str:
    """How a release is named wherever it is shown, printed or sent: the form, then its number
    ("DCF-2131F 2131F-2026-000012"). The one place this format is written."""
    return f"{form} {number}"


@pghistory.track()
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
    counterparty_address = models.TextField(max_length=SHORT)
    categories = ArrayField(models.CharField(max_length=32, choices=InformationCategory.choices))
    information_description = models.TextField(
        blank=True, max_length=LONG, help_text="The specific records, in the signer's words."
    )
    information_from = models.DateField(null=True, blank=True)
    information_to = models.DateField(null=True, blank=True)
    purpose = models.TextField(max_length=LONG)
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
    # Stored under MEDIA_ROOT, never under static files, and served only by a view that checks
    # the user may see the release.
    signed_scan = models.FileField(upload_to="releases/scans/%Y/%m/", blank=True)
    signed_scan_kind = models.CharField(max_length=8, choices=ScanKind.choices, blank=True)
    revoked_on = models.DateField(null=True, blank=True)
    revoked_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    revocation_received_how = models.CharField(
        max_length=200, choices=RevocationReceipt.choices, blank=True
    )
    revocation_note = models.TextField(blank=True, max_length=NOTE)

    # DCF-2131T only: the request went to the provider, and the records came back.
    sent_to_provider_on = models.DateField(null=True, blank=True)
    records_received_on = models.DateField(null=True, blank=True)

    # The last printable PDF, kept until anything printed on it changes (the fingerprint is a
    # hash of the values and the template it was rendered from).
    rendered_pdf = models.FileField(upload_to="releases/pdf/%Y/%m/", blank=True)
    rendered_pdf_fingerprint = models.CharField(max_length=64, blank=True)
    rendered_pdf_at = models.DateTimeField(null=True, blank=True)

    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="releases_prepared"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-effective_on", "number"]
        constraints = [
            *text_limits(
                "release",
                counterparty_address=SHORT,
                information_description=LONG,
                purpose=LONG,
                revocation_note=NOTE,
            ),
            models.CheckConstraint(
                condition=Q(form__in=ReleaseForm.values), name="release_known_form"
            ),
            models.CheckConstraint(
                condition=Q(expires_on__gt=F("effective_on")),
                name="release_expires_after_effective",
            ),
            # Consent cannot take effect before it is given.
            models.CheckConstraint(
                condition=Q(signed_on__isnull=True) | Q(effective_on__gte=F("signed_on")),
                name="release_effective_not_before_signed",
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
            models.CheckConstraint(
                condition=Q(sent_to_provider_on__isnull=True) | Q(form=ReleaseForm.TO_DCF),
                name="release_only_2131t_is_sent_to_a_provider",
            ),
            models.CheckConstraint(
                condition=Q(records_received_on__isnull=True)
                | Q(
                    sent_to_provider_on__isnull=False,
                    records_received_on__gte=F("sent_to_provider_on"),
                ),
                name="release_records_received_after_sent",
            ),
            models.CheckConstraint(
                condition=Q(signed_scan="") | Q(signed_on__isnull=False),
                name="release_scan_only_when_signed",
            ),
        ]
        indexes = [models.Index(fields=["client", "form"])]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """The release's reference as every page, PDF, file name and message shows it."""
        return release_reference(self.form, self.number)

    def clean(self) -> None:
        """What every release must satisfy whatever the date: dates that make sense together
        (`date_errors`), an ordered date range, a signer entitled to sign, and a described
        "other" category."""
        errors = self.date_errors()
        start, end = self.information_from, self.information_to
        if start and end and end < start:
            errors["information_to"] = "The end of the information date range is before its start."
        categories = set(self.categories or ())
        if categories & CATEGORIES_NEEDING_THEIR_OWN_FORM:
            errors["categories"] = (
                "HIV-related information cannot be released on a DCF-2131: it needs its own "
                "authorization (form DCF-2134). Remove it from the categories."
            )
        if InformationCategory.OTHER in categories and not self.information_description.strip():
            errors["information_description"] = (
                "Describe the information when you choose the category Other."
            )
        errors.update(self._signer_errors())
        if self.revoked_on and not self.revocation_received_how:
            errors["revocation_received_how"] = "Say how the written revocation was received."
        if errors:
            raise ValidationError(errors)

    def date_errors(self) -> dict[str, str]:
        """A release's dates together (README, "A release's dates"), each message naming its
        field: effective on or after the signing date, expiring after the effective date and at
        most RELEASE_MAX_DAYS after signing (before it is signed, after the effective date: the
        latest it can be signed), signed on or after the client's birth. The same rules as
        `policy.release_dates_hold`, which the pages and the engine's facts use."""
        errors: dict[str, str] = {}
        effective, expires, signed = self.effective_on, self.expires_on, self.signed_on
        if effective and expires and expires <= effective:
            errors["expires_on"] = "The expiry date must be after the effective date."
        if signed and effective and effective < signed:
            errors["effective_on"] = (
                f"Effective date: a release takes effect on or after the day it is signed "
                f"({day_in_words(signed)}); choose that day or a later one."
            )
        limit = settings.RELEASE_MAX_DAYS
        start = signed or effective
        if start and expires and "expires_on" not in errors:
            latest = start + datetime.timedelta(days=limit)
            if expires > latest:
                since = (
                    f"after it is signed ({day_in_words(start)})"
                    if signed
                    else "after it is signed, and it is signed on or before its effective date"
                )
                errors["expires_on"] = (
                    f"Expiry date: consent is given for a limited time, at most {limit} days "
                    f"{since}: choose {day_in_words(latest)} or earlier."
                )
        if signed and self.client_id and signed < self.client.date_of_birth:
            errors["signed_on"] = (
                f"Date signed: the client was born on {day_in_words(self.client.date_of_birth)}; "
                "a release cannot be signed before the client's birth."
            )
        return errors

    def _signer_errors(self) -> dict[str, str]:
        if self.signer_kind != SignerKind.AUTHORIZED_REPRESENTATIVE:
            return {}
        relation = self.signer_relation
        if relation is None:
            return {
                "signer_relation": "Choose the authorized representative of record who will sign."
            }
        if self.client_id and relation.client_id != self.client_id:
            return {"signer_relation": "The representative must be a relation of this client."}
        if relation.parental_rights_terminated:
            return {
                "signer_relation": (
                    f"{relation.full_name} is a parent whose parental rights were terminated, "
                    "and cannot sign a release for this client. Choose another signer."
                )
            }
        errors = {}
        if not self.signer_relationship.strip():
            errors["signer_relationship"] = "Enter the representative's relationship to the client."
        if not self.signer_authority.strip():
            errors["signer_authority"] = (
                "Enter the representative's authority to act for the client "
                "(for example a guardianship order or a power of attorney)."
            )
        return errors

    @property
    def category_labels(self) -> list[str]:
        return category_labels(self.categories)

    @property
    def is_draft(self) -> bool:
        return self.ready_for_signature_at is None and self.signed_on is None

    @property
    def is_awaiting_signature(self) -> bool:
        return self.ready_for_signature_at is not None and self.signed_on is None

    @property
    def is_signed(self) -> bool:
        return self.signed_on is not None

    @staticmethod
    def waiting_to_print_q(unit_id: int | Subquery) -> Q:
        """Q for the releases in the print queue of a supervisor of the unit `unit_id` (an id,
        or a subquery giving it): signed, prepared by staff of that unit, never printed from
        the queue."""
        printed = ReleasePrint.objects.filter(release=OuterRef("pk"))
        return Q(signed_on__isnull=False, prepared_by__staff_profile__unit_id=unit_id) & ~Q(
            Exists(printed)
        )

    @property
    def tracks_provider(self) -> bool:
        """A DCF-2131T asks a provider for records: it is sent, and records come back."""
        return self.form == ReleaseForm.TO_DCF

    def dates_hold(self) -> bool:
        """The release's dates make sense together (`policy.release_dates_hold` with the
        RELEASE_MAX_DAYS setting); one whose dates do not was never valid."""
        return policy.release_dates_hold(
            self.signed_on,
            self.effective_on,
            self.expires_on,
            max_days=settings.RELEASE_MAX_DAYS,
        )

    def status_on(self, day: datetime.date) -> ReleaseStatus:
        """The release's status on `day`, from its dates as the 31-8-5 engine reads them
        (`requests_app.policy`, through `requests_app.adapters`): current exactly when its dates
        make sense together (`dates_hold`) and the engine's release conditions on dates all
        hold."""
        if policy.release_revoked_by(self.revoked_on, day):
            return ReleaseStatus.REVOKED
        if not self.dates_hold():
            return ReleaseStatus.DATES_NOT_VALID
        if policy.release_expired_by(self.expires_on, day):
            return ReleaseStatus.EXPIRED
        if not policy.release_signed_by(self.signed_on, day):
            if self.ready_for_signature_at is not None:
                return ReleaseStatus.READY_FOR_SIGNATURE
            return ReleaseStatus.DRAFT
        if not policy.release_in_effect_on(self.effective_on, day):
            return ReleaseStatus.SIGNED
        return ReleaseStatus.CURRENT

    def is_current_on(self, day: datetime.date) -> bool:
        return self.status_on(day) == ReleaseStatus.CURRENT

    def print_warning(self, day: datetime.date) -> str:
        """Why a form is not one to print without a second thought on `day`: revoked, expired,
        not yet in effect or any other status but current (from `status_on`); empty when it is
        current."""
        status = self.status_on(day)
        if status == ReleaseStatus.REVOKED:
            return f"Revoked on {self.revoked_on:%b %-d, %Y}"
        if status == ReleaseStatus.EXPIRED:
            return f"Expired: it covered disclosures until {self.expires_on:%b %-d, %Y}"
        if status == ReleaseStatus.SIGNED:
            return f"Not yet in effect: it takes effect on {self.effective_on:%b %-d, %Y}"
        if status == ReleaseStatus.CURRENT:
            return ""
        return str(status.label)


class ReleaseEvent(models.Model):
    """One step in a release's history: who did what, when (the audit record of its services)."""

    release = models.ForeignKey(
        ReleaseAuthorization, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(max_length=32, choices=ReleaseEventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ReleaseEventKind.values), name="releaseevent_known_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.release}: {self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M}"


@pghistory.track()
class ReleasePrintBatch(models.Model):
    """One print from the supervisor's print queue: one or more signed forms, printed together."""

    printed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="release_print_batches"
    )
    printed_at = models.DateTimeField()

    class Meta:
        ordering = ["-printed_at", "-pk"]

    def __str__(self) -> str:
        return f"Print {self.pk} by {self.printed_by} at {self.printed_at:%Y-%m-%d %H:%M}"


@pghistory.track()
class ReleasePrint(models.Model):
    """The print log: one row per form per print, so "printed by whom and when" is answerable
    for every form."""

    batch = models.ForeignKey(ReleasePrintBatch, on_delete=models.PROTECT, related_name="prints")
    release = models.ForeignKey(
        ReleaseAuthorization, on_delete=models.PROTECT, related_name="prints"
    )
    printed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="release_prints"
    )
    printed_at = models.DateTimeField()

    class Meta:
        ordering = ["-printed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "release"], name="releaseprint_once_a_batch"),
        ]
        indexes = [models.Index(fields=["release", "printed_at"])]

    def __str__(self) -> str:
        return f"{self.release} printed by {self.printed_by} at {self.printed_at:%Y-%m-%d %H:%M}"
