"""Choice sets and fixed wording for release authorizations."""

from django.db import models


class ReleaseForm(models.TextChoices):
    """The two approved forms of 31-8-5's "Release of Information"."""

    TO_DCF = "DCF-2131T", "DCF-2131T: release of information to DCF"
    FROM_DCF = "DCF-2131F", "DCF-2131F: release of information from DCF"


#: The full titles 31-8-5 gives the two forms, printed at the top of each.
FORM_TITLES: dict[str, str] = {
    ReleaseForm.TO_DCF: (
        "Authorization for Release of Information to the Department of Children and Families"
    ),
    ReleaseForm.FROM_DCF: (
        "Authorization for Release of Information from the Department of Children and Families"
    ),
}

#: What each form is for, in 31-8-5's words, for the form choice on screen.
FORM_PURPOSES = {
    ReleaseForm.TO_DCF: (
        "DCF-2131T: DCF asks another agency, person or provider for records (they release to DCF)"
    ),
    ReleaseForm.FROM_DCF: (
        "DCF-2131F: DCF is asked to disclose its records to another agency, person or provider"
    ),
}


class SignerKind(models.TextChoices):
    CLIENT = "client", "The client"
    AUTHORIZED_REPRESENTATIVE = "authorized_representative", "An authorized representative"
    OTHER = "other", "Someone else"


#: Who may sign a DCF-2131 prepared in the portal: the client, or a representative of record.
SIGNERS = [
    (SignerKind.CLIENT.value, "The client"),
    (
        SignerKind.AUTHORIZED_REPRESENTATIVE.value,
        "An authorized representative of record (parent, guardian, attorney, representative)",
    ),
]


class ReleaseStatus(models.TextChoices):
    """Derived from dates and facts (see ReleaseAuthorization.status_on); never stored."""

    DRAFT = "draft", "Draft"
    READY_FOR_SIGNATURE = "ready_for_signature", "Ready for signature"
    SIGNED = "signed", "Signed, not yet effective"
    CURRENT = "current", "Current"
    EXPIRED = "expired", "Expired"
    REVOKED = "revoked", "Revoked"
    # Dates that can never have been valid (policy.release_dates_hold): for instance an expiry
    # beyond RELEASE_MAX_DAYS recorded before the limit existed. Its creator corrects them.
    DATES_NOT_VALID = "dates_not_valid", "Dates not valid"


class RevocationReceipt(models.TextChoices):
    """How the signer's written revocation reached DCF."""

    MAIL = "mail", "Letter received by mail"
    HAND_DELIVERED = "hand_delivered", "Written notice handed to DCF staff"
    EMAIL = "email", "Signed letter attached to an email"
    FAX = "fax", "Signed letter received by fax"
    OTHER = "other", "Another written form (describe it)"


class ScanKind(models.TextChoices):
    """File types accepted for the signed scan, recognised from their content."""

    PDF = "pdf", "PDF document"
    PNG = "png", "PNG image"
    JPEG = "jpeg", "JPEG image"


class ReleaseEventKind(models.TextChoices):
    """Steps on a release's history."""

    CREATED = "created", "Prepared"
    UPDATED = "updated", "Draft changed"
    MARKED_READY = "marked_ready", "Marked ready for signature"
    # When a PDF of the form is produced for someone (to print or keep), not when it is marked
    # ready: a form marked ready may never have been printed.
    PRINTED = "printed", "Printed"
    RETURNED_TO_DRAFT = "back_to_draft", "Returned to draft"
    SIGNED = "signed", "Signature recorded"
    REVOKED = "revoked", "Revocation recorded"
    SENT_TO_PROVIDER = "sent_to_provider", "Sent to the provider"
    RECORDS_RECEIVED = "records_received", "Records received"


#: The statements every signer must be given (NOTES.md: 45 CFR 164.508(c), Conn. Gen. Stat.
#: §17a-28), keyed by the model field that records the signer read it.
STATEMENTS = (
    (
        "read_right_to_revoke",
        "Right to revoke",
        "I may revoke this authorization at any time by giving written notice to the Department "
        "of Children and Families. A revocation does not undo any disclosure already made in "
        "reliance on this authorization before DCF received the revocation.",
    ),
    (
        "read_services_not_conditioned",
        "Services are not conditioned on signing",
        "DCF will not condition services, treatment, payment, enrollment or eligibility for "
        "benefits on whether I sign this authorization. I may refuse to sign it.",
    ),
    (
        "read_redisclosure_warning",
        "Redisclosure",
        "Information disclosed under this authorization may be redisclosed by the recipient and "
        "may then no longer be protected by federal privacy rules. Records of the Department of "
        "Children and Families are confidential under Conn. Gen. Stat. §17a-28 and may not be "
        "disclosed further without the consent that law requires.",
    ),
)
COPY_STATEMENT = "I am entitled to a copy of this authorization once signed."
