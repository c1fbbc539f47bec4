"""Choice sets shared by models, forms and the policy adapter.

The string values are stable: they appear in the database, in imports and in the policy engine's
JSON contract.
"""

from collections.abc import Iterable

from django.db import models


class DisclosureRole(models.TextChoices):
    """The role 31-8-5 judges a requester by; every staff member has exactly one."""

    SOCIAL_WORKER = "social_worker", "Social worker"
    SOLNIT_NORTH_STAFF = "solnit_north_staff", "Solnit Center North staff"
    SOLNIT_SOUTH_STAFF = "solnit_south_staff", "Solnit Center South staff"
    CJTS_STAFF = "cjts_staff", "CJTS staff"
    OTHER_DCF_STAFF = "other_dcf_staff", "Other DCF staff"


class DutyGroup(models.TextChoices):
    """Django groups for duties a staff member holds beside their disclosure role."""

    SUPERVISOR = "supervisor", "Supervisor"
    LEGAL_AFFAIRS = "legal_affairs", "Office of Legal Affairs"
    ASSISTANT_ATTORNEY_GENERAL = "assistant_attorney_general", "Assistant Attorney General"
    AGENCY_LEGAL_DIRECTOR = "agency_legal_director", "Agency Legal Director"
    COMMISSIONER = "commissioner", "Commissioner"
    HR_DIRECTOR = "hr_director", "Director of Human Resources"
    SYSTEM_ADMIN = "system_admin", "System administrator"


#: Duty groups that open client information (Legal Affairs' queue, the audit trail, supervisees'
#: cases, breach reports) or the admin (system_admin): granting one takes a second person
#: (a role-grant request another administrator approves) or a superuser at the console.
PRIVILEGED_DUTIES = frozenset(
    {
        DutyGroup.SUPERVISOR.value,
        DutyGroup.LEGAL_AFFAIRS.value,
        DutyGroup.ASSISTANT_ATTORNEY_GENERAL.value,
        DutyGroup.AGENCY_LEGAL_DIRECTOR.value,
        DutyGroup.COMMISSIONER.value,
        DutyGroup.HR_DIRECTOR.value,
        DutyGroup.SYSTEM_ADMIN.value,
    }
)


class GrantKind(models.TextChoices):
    """What a role-grant request changes on its user. The value it carries: a duty group's
    name, a supervisor's username (blank: none), a disclosure role, "yes"/"no" for staff
    status, or an email address."""

    ADD_DUTY = "add_duty", "Add a duty group"
    REMOVE_DUTY = "remove_duty", "Remove a duty group"
    SET_SUPERVISOR = "set_supervisor", "Set the supervisor"
    SET_ROLE = "set_role", "Set the disclosure role"
    SET_STAFF = "set_staff", "Set staff status (admin access)"
    SET_EMAIL = "set_email", "Set the email address"


class GrantStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a second person"
    APPROVED = "approved", "Approved and applied"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn by the requester"


class UnitKind(models.TextChoices):
    AREA_OFFICE = "area_office", "Area office"
    SOLNIT_NORTH = "solnit_north", "Solnit Children's Center North"
    SOLNIT_SOUTH = "solnit_south", "Solnit Children's Center South"
    CJTS = "cjts", "Connecticut Juvenile Training School"
    CENTRAL_OFFICE = "central_office", "Central office"
    LEGAL_AFFAIRS = "legal_affairs", "Office of Legal Affairs"


class RelationKind(models.TextChoices):
    """People 31-8-5 names as recipients in an open case, besides the client."""

    PARENT = "parent", "Parent"
    LEGAL_GUARDIAN = "legal_guardian", "Legal guardian"
    ATTORNEY = "attorney", "Attorney"
    AUTHORIZED_REPRESENTATIVE = "authorized_representative", "Authorized representative"


class CaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class InformationCategory(models.TextChoices):
    """Categories of client information, shared by requests and release authorizations."""

    CASE_RECORD = "case_record", "Case record"
    INVESTIGATION = "investigation", "Investigation"
    MEDICAL = "medical", "Medical"
    PSYCHIATRIC = "psychiatric", "Psychiatric"
    SUBSTANCE_USE = "substance_use", "Substance-use treatment"
    HIV_RELATED = "hiv_related", "HIV-related"
    EDUCATIONAL = "educational", "Educational"
    REPORTER_IDENTITY = "reporter_identity", "Identity of the reporter"
    OTHER = "other", "Other"


def category_labels(values: Iterable[str]) -> list[str]:
    """The labels of information categories, in the order given (an unknown value as itself)."""
    labels = dict(InformationCategory.choices)
    return [labels.get(value, value) for value in values]


class RecipientKind(models.TextChoices):
    """Who would receive the information; the values are the policy engine's recipient kinds."""

    CLIENT = "client", "The client"
    PARENT = "parent", "Parent"
    LEGAL_GUARDIAN = "legal_guardian", "Legal guardian"
    ATTORNEY = "attorney", "Attorney"
    AUTHORIZED_REPRESENTATIVE = "authorized_representative", "Authorized representative"
    DCF_STAFF = "dcf_staff", "DCF staff member"
    ASSISTANT_ATTORNEY_GENERAL = "assistant_attorney_general", "Assistant Attorney General"
    JUVENILE_COURT = "juvenile_court", "Superior Court for Juvenile Matters"
    PROBATE_COURT = "probate_court", "Probate Court"
    OTHER_COURT = "other_court", "Another court"
    THIRD_PARTY = "third_party", "A named third party"


RELATION_RECIPIENTS = frozenset(RelationKind.values)
COURT_RECIPIENTS = frozenset(
    {RecipientKind.JUVENILE_COURT, RecipientKind.PROBATE_COURT, RecipientKind.OTHER_COURT}
)


class Medium(models.TextChoices):
    """The media the information is in (31-8-5: hard copy, electronic, email, audio, video)."""

    HARD_COPY = "hard_copy", "Hard copy"
    ELECTRONIC = "electronic", "Electronic file"
    EMAIL = "email", "Email"
    AUDIO = "audio", "Audio recording"
    VIDEO = "video", "Video recording"


def media_labels(values: Iterable[str]) -> list[str]:
    """The labels of media, in the order given (an unknown value as itself)."""
    labels = dict(Medium.choices)
    return [labels.get(value, value) for value in values]


class DisclosureMode(models.TextChoices):
    """31-8-5 lets information go 'in either verbal or documentary form'."""

    VERBAL = "verbal", "Verbal"
    DOCUMENTARY = "documentary", "Documentary"
    BOTH = "both", "Verbal and documentary"


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    PERMITTED = "permitted", "Permitted"
    ESCALATED = "escalated", "Waiting on Legal Affairs"
    IN_REVIEW = "in_review", "In review by Legal Affairs"
    APPROVED = "approved", "Approved by Legal Affairs"
    APPROVED_WITH_REDACTIONS = "approved_with_redactions", "Approved with redactions"
    DENIED = "denied", "Denied by Legal Affairs"
    RETURNED = "returned", "Returned for more information"
    DISCLOSED = "disclosed", "Disclosed"


class Outcome(models.TextChoices):
    PERMITTED = "permitted", "Permitted"
    ESCALATED = "escalated", "Escalated to Legal Affairs"


class ReviewResolution(models.TextChoices):
    """What Legal Affairs decided on an escalated request."""

    APPROVED = "approved", "Approved"
    APPROVED_WITH_REDACTIONS = "approved_with_redactions", "Approved with redactions"
    DENIED = "denied", "Denied"
    RETURNED = "returned", "Returned for more information"


class EventKind(models.TextChoices):
    """Steps on a request's timeline."""

    SUBMITTED = "submitted", "Submitted"
    RESUBMITTED = "resubmitted", "Resubmitted"
    PERMITTED = "permitted", "Permitted by the 31-8-5 rules"
    ESCALATED = "escalated", "Sent to Legal Affairs"
    CLAIMED = "claimed", "Claimed for review"
    UNCLAIMED = "unclaimed", "Released for another reviewer"
    ASSIGNED = "assigned", "Assigned to a reviewer"
    REVIEWED = "reviewed", "Decided by Legal Affairs"
    RETURNED = "returned", "Returned for more information"
    DISCLOSED = "disclosed", "Disclosure recorded"


class EmailStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed (will be retried)"


class RedactionBasis(models.TextChoices):
    """Why something must be withheld before information leaves DCF."""

    REPORTER_IDENTITY = "reporter_identity", "Identity of the reporter (Conn. Gen. Stat. §17a-28)"
    HIV_RELATED = "hiv_related", "HIV-related information (Conn. Gen. Stat. §19a-583)"
    SUBSTANCE_USE = "substance_use", "Substance-use treatment records (42 CFR Part 2)"
    PSYCHIATRIC = "psychiatric", "Psychiatric records (Conn. Gen. Stat. §52-146e)"
    OTHER_PEOPLE = "other_people", "Information about other people"
    OTHER = "other", "Other (explain)"


class IncidentKind(models.TextChoices):
    """The two reports 31-8-5 requires: a loss or theft (to the supervisor) and a breach of the
    policy (to the Agency Legal Director)."""

    LOSS = "loss", "Loss or theft of confidential information"
    BREACH = "breach", "Breach of the confidentiality policy"


class LostItem(models.TextChoices):
    """What was lost or stolen (31-8-5: hard copy or electronic, a laptop or other device)."""

    HARD_COPY = "hard_copy", "Hard copy (paper records)"
    ELECTRONIC_FILES = "electronic_files", "Electronic files"
    LAPTOP = "laptop", "Laptop computer"
    OTHER_DEVICE = "other_device", "Other electronic device (phone, tablet, USB drive)"


#: Lost items that are state equipment: the loss report needs their asset tag and value.
EQUIPMENT_ITEMS = frozenset({LostItem.LAPTOP, LostItem.OTHER_DEVICE})


class LossCause(models.TextChoices):
    """Why the information is gone, as far as the reporter knows (the loss report's "reason")."""

    LOST = "lost", "Lost or misplaced"
    STOLEN = "stolen", "Stolen"
    UNKNOWN = "unknown", "Not known"


class IncidentStepKind(models.TextChoices):
    """Steps on an incident's timeline; notification steps name the person notified."""

    SUBMITTED = "submitted", "Reported"
    SUPERVISOR_NOTIFIED = "supervisor_notified", "Supervisor notified"
    UNIT_SUPERVISOR_NOTIFIED = "unit_supervisor_notified", "Unit supervisor notified"
    NOBODY_TO_NOTIFY = "nobody_to_notify", "Nobody on record to notify"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    ESCALATED = "escalated", "Escalated to a breach report"
    OPENED_FROM_LOSS = "opened_from_loss", "Opened from a loss report"
    LEGAL_DIRECTOR_NOTIFIED = "legal_director_notified", "Agency Legal Director notified"
    COMMISSIONER_NOTIFIED = "commissioner_notified", "Commissioner notified"
    HR_DIRECTOR_NOTIFIED = "hr_director_notified", "Director of Human Resources notified"
    REMINDER = "reminder", "Reminder sent"
    CLOSED = "closed", "Closed"


class IncidentStage(models.TextChoices):
    """The step a report waits on; reminders are sent once per report per stage."""

    ACKNOWLEDGE = "acknowledge", "Awaiting acknowledgement"
    NOTIFY = "notify", "Awaiting notice to the Commissioner and HR"
    FOLLOW_UP = "follow_up", "Acknowledged, open"
    CLOSED = "closed", "Closed"


class AuthorityBasis(models.TextChoices):
    """What a disclosure goes out under: the structured authority of a Legal Affairs approval
    and of every accounting entry (`requests_app.models.authority`)."""

    RULE = "rule", "A rule of DCF Policy 31-8-5"
    RELEASE = "release", "A current release (DCF-2131F)"
    STATUTE = "statute", "A statute or regulation"
    COURT_ORDER = "court_order", "A court order"
    OTHER_CONSENT = "other_consent", "Consent on another form"


class AuthorityKind(models.TextChoices):
    """The kinds of law in the table of authorities Legal Affairs maintains."""

    WITHOUT_CONSENT = "without_consent", "Disclosure without consent (Conn. Gen. Stat. §17a-28)"
    OWN_STATUTE = "own_statute", "Information with a statute of its own"
    OTHER = "other", "Other law"
