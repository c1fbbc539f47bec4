"""Accounts: the enrolment codes that let a user enrol their first authenticator."""

from django.conf import settings
from django.db import models


class EnrolmentCode(models.Model):
    """A single-use code, issued by an administrator (or later by the directory's sign-on), that
    a user enters with their password to enrol their first authenticator where
    ENROLMENT_CODE_REQUIRED is on: a password alone, guessed or phished, cannot bind an attacker's
    phone to the account.

    Only the code's SHA-256 is kept: the code is random (80 bits), so the hash cannot be
    reversed, and whoever reads this table learns nothing usable. Issuing a new code voids the
    user's earlier unused ones; using one marks it used, in the transaction that confirms the
    authenticator.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolment_codes"
    )
    code_hash = models.CharField(max_length=64, unique=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when issued at the server's console (manage.py issue_enrolment_code).",
    )
    issued_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_at"]
        indexes = [models.Index(fields=["user", "-issued_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("issued_at")),
                name="enrolmentcode_expires_after_issue",
            ),
            models.CheckConstraint(
                condition=models.Q(used_at__isnull=True) | models.Q(voided_at__isnull=True),
                name="enrolmentcode_used_or_voided_not_both",
            ),
        ]

    def __str__(self) -> str:
        return f"enrolment code for user {self.user_id} issued {self.issued_at:%Y-%m-%d %H:%M}"
