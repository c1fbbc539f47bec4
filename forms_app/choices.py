"""Choice sets for release authorizations."""

from django.db import models


class ReleaseForm(models.TextChoices):
    """The two approved forms of 31-8-5's "Release of Information"."""

    TO_DCF = "DCF-2131T", "DCF-2131T: release of information to DCF"
    FROM_DCF = "DCF-2131F", "DCF-2131F: release of information from DCF"


class SignerKind(models.TextChoices):
    CLIENT = "client", "The client"
    AUTHORIZED_REPRESENTATIVE = "authorized_representative", "An authorized representative"
    OTHER = "other", "Someone else"


class ReleaseStatus(models.TextChoices):
    """Derived from dates and facts (see ReleaseAuthorization.status_on); never stored."""

    DRAFT = "draft", "Draft"
    READY_FOR_SIGNATURE = "ready_for_signature", "Ready for signature"
    SIGNED = "signed", "Signed, not yet effective"
    CURRENT = "current", "Current"
    EXPIRED = "expired", "Expired"
    REVOKED = "revoked", "Revoked"
