"""Corrections of a wrong date on a record: the accounting's history of its entries' dates."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from requests_app.models.limits import NOTE, text_limits


class DisclosureCorrection(models.Model):
    """A corrected date of disclosure: the date the accounting entry held before and the one it
    holds now, who corrected it, when and why. The accounting of disclosures shows every one, so
    a date is never silently overwritten; the entry's own history (django-pghistory) keeps the
    same change with the same reason. Rows are added, never changed (migration 0018)."""

    disclosure = models.ForeignKey(
        "requests_app.Disclosure", on_delete=models.PROTECT, related_name="corrections"
    )
    previous_disclosed_on = models.DateField("Date before the correction")
    disclosed_on = models.DateField("Corrected date")
    reason = models.TextField("Reason for the correction", max_length=NOTE)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    corrected_at = models.DateTimeField()

    class Meta:
        ordering = ["corrected_at", "pk"]
        indexes = [models.Index(fields=["disclosure", "corrected_at"])]
        constraints = [
            *text_limits("disclosurecorrection", reason=NOTE),
            models.CheckConstraint(condition=~Q(reason=""), name="disclosurecorrection_has_reason"),
            models.CheckConstraint(
                condition=~Q(disclosed_on=F("previous_disclosed_on")),
                name="disclosurecorrection_changes_the_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Date corrected from {self.previous_disclosed_on} to {self.disclosed_on}"
