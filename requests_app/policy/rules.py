"""The rules of DCF Policy 31-8-5 as data: an explicit, ordered tuple `RULES`.

Each `Rule` has a stable snake_case `id`, a `citation` naming "DCF Policy 31-8-5" and quoting the
clause it implements, a `description` quoting that clause, and `conditions`. A `Condition` pairs a
predicate that must hold with the stable reason code and plain-English message reported when it
does not. Three kinds of rule, applied by `engine.evaluate` in this order:

1. gates: a failing gate escalates the request whatever the recipient;
2. permit rules: a rule for the request's recipient whose conditions all hold permits the disclosure
   (a release rule applies only when a release was given);
3. the escalation rule: when nothing permits, its failed conditions are reported too (the recipient
   is not on the list, no release was given) and the request goes to Legal Affairs.

Nothing registers itself: to change the policy, edit `RULES` and bump `POLICY_VERSION`.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field

from .decision import Reason
from .facts import (
    DIRECT_ROLES,
    CaseStatus,
    Facts,
    RecipientKind,
    ReleaseForm,
    Signer,
    release_expired_by,
    release_in_effect_on,
    release_revoked_by,
    release_signed_by,
)

#: Identifies the rule set a decision was made under; bump it whenever `RULES` changes meaning.
POLICY_VERSION = "31-8-5/2026.2"


@dataclass(frozen=True, slots=True)
class Context:
    """Deployment settings a rule depends on, kept out of `Facts`: they are not about a request."""

    sensitive_categories: frozenset[str]


Predicate = Callable[[Facts, Context], bool]


@dataclass(frozen=True, slots=True)
class Condition:
    """Something that must hold; when it does not, `code` and `message` say why."""

    code: str
    message: str
    holds: Predicate
    # Built once here so that evaluating a request allocates no reasons of its own.
    reason: Reason = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "reason", Reason(self.code, self.message))


class RuleKind(enum.StrEnum):
    """Where a rule sits in the order of evaluation."""

    GATE = "gate"
    PERMIT = "permit"
    ESCALATION = "escalation"


ALL_RECIPIENTS: frozenset[RecipientKind] = frozenset(RecipientKind)


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of 31-8-5: `description` quotes the clause it implements, `citation` names it.

    `recipients` limits a permit rule to the recipients its clause names. `needs_release` marks a
    rule that applies only when a release was given. `permits_because` is the plain-English reason
    given when the rule permits a disclosure.
    """

    id: str
    kind: RuleKind
    description: str
    citation: str
    conditions: tuple[Condition, ...]
    recipients: frozenset[RecipientKind] = ALL_RECIPIENTS
    needs_release: bool = False
    permits_because: str = ""
    permit_reason: Reason = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "permit_reason", Reason(self.id, self.permits_because))


# --- The clauses, quoted from the policy text -------------------------------------------------

_POLICY = "DCF Policy 31-8-5"
_DIRECT_SECTION = f"{_POLICY}, Procedures for Disclosure by Social Workers, Solnit and CJTS Staff"
_OTHER_STAFF_CLAUSE = (
    "DCF staff who are not included in the preceding section shall discuss all requests for client"
    " records and information with DCF Office of Legal Affairs staff prior to dissemination."
)
_DOUBT_CLAUSE = (
    "If there is any doubt about whether certain information can be disclosed, a legal consultation"
    " shall be sought."
)
_PROTECT_CLAUSE = (
    "The Department of Children and Families shall protect adult and child client information in"
    " its records in accordance with applicable state and federal law."
)
_NORMAL_COURSE_CLAUSE = (
    "Social Workers, Solnit Center North and South staff and CJTS staff may disclose client"
    " information, in either verbal or documentary form, in the normal course of their duties to:"
)
_FORWARD_CLAUSE = (
    "All other requests for client information shall be forwarded to DCF Office of Legal Affairs"
    " staff or an Assistant Attorney General for advice and, when appropriate, redaction."
)
_CLIENT_CLAUSE = "the client in an open case"
_PARENT_OR_GUARDIAN_CLAUSE = "a client's parent or legal guardian in an open case"
_ATTORNEY_OR_REPRESENTATIVE_CLAUSE = (
    "a client's attorney or other authorized representative in an open case"
)
_DCF_STAFF_CLAUSE = "other DCF staff with a business reason to know"
_AAG_CLAUSE = "an Assistant Attorney General"
_COURT_CLAUSE = (
    "the Superior Court for Juvenile Matters or a Probate Court for purposes of a court hearing"
    " related to a specific case"
)
_RELEASE_CLAUSE = (
    "any third party for whom there is a signed and current release of information from the client"
    " or the client's authorized representative"
)
_RELEASE_FORM_CLAUSE = (
    "DCF-2131F shall be used when DCF is being asked to disclose records to another agency,"
    " person or provider."
)


def _direct(clause: str) -> str:
    return f'{_DIRECT_SECTION}: "{clause}"'


# --- Predicates: each is true when the policy's requirement is met ----------------------------


def role_may_disclose_directly(facts: Facts, context: Context) -> bool:
    """The requester is a social worker, Solnit North or South staff, or CJTS staff."""
    return facts.requester.role in DIRECT_ROLES


def in_normal_course(facts: Facts, context: Context) -> bool:
    """The request is part of the requester's normal duties on this case."""
    return facts.requester.assigned_to_case


def requester_is_sure(facts: Facts, context: Context) -> bool:
    """The requester has no doubt the information may be disclosed."""
    return not facts.requester.in_doubt


def nothing_sensitive(facts: Facts, context: Context) -> bool:
    """No requested category is one the deployment treats as sensitive."""
    return context.sensitive_categories.isdisjoint(facts.information.categories)


def case_is_open(facts: Facts, context: Context) -> bool:
    """The case is open."""
    return facts.case.status is CaseStatus.OPEN


def relationship_is_verified(facts: Facts, context: Context) -> bool:
    """Staff verified the recipient's relationship to the client."""
    return facts.recipient.relationship_verified


def parental_rights_intact(facts: Facts, context: Context) -> bool:
    """The parent's rights have not been terminated (Conn. Gen. Stat. §17a-28)."""
    return not facts.recipient.parental_rights_terminated


def has_business_reason(facts: Facts, context: Context) -> bool:
    """A business reason to know was given, not just blank space."""
    return bool(facts.recipient.business_reason.strip())


def hearing_is_related(facts: Facts, context: Context) -> bool:
    """The disclosure is for a court hearing related to this case."""
    return facts.recipient.hearing_related_to_case


def release_on_disclosure_form(facts: Facts, context: Context) -> bool:
    """The release is a DCF-2131F, the form for disclosing *from* DCF."""
    release = facts.release
    return release is not None and release.form is ReleaseForm.DCF_2131F


def release_is_signed(facts: Facts, context: Context) -> bool:
    """The release was signed on or before the decision date."""
    release = facts.release
    return release is not None and release_signed_by(release.signed_on, facts.as_of)


def release_signer_may_consent(facts: Facts, context: Context) -> bool:
    """The client or the client's authorized representative signed the release."""
    release = facts.release
    return release is not None and release.signed_by in _CONSENTING_SIGNERS


def release_signer_of_age(facts: Facts, context: Context) -> bool:
    """A client who signed the release was not a minor then (§17a-28: for a minor, consent
    comes from a parent whose rights were not terminated or the guardian, not the minor)."""
    release = facts.release
    return release is not None and not (
        release.signed_by is Signer.CLIENT and release.signer_was_minor
    )


def release_in_effect(facts: Facts, context: Context) -> bool:
    """The release took effect on or before the decision date."""
    release = facts.release
    return release is not None and release_in_effect_on(release.effective_on, facts.as_of)


def release_has_expiry(facts: Facts, context: Context) -> bool:
    """The release is for a limited time: it has an expiry date."""
    release = facts.release
    return release is not None and release.expires_on is not None


def release_not_expired(facts: Facts, context: Context) -> bool:
    """The decision date is on or before the expiry date (a missing date is reported on its own)."""
    release = facts.release
    return release is not None and not release_expired_by(release.expires_on, facts.as_of)


def release_not_revoked(facts: Facts, context: Context) -> bool:
    """The release was not revoked on or before the decision date."""
    release = facts.release
    return release is not None and not release_revoked_by(release.revoked_on, facts.as_of)


def release_names_recipient(facts: Facts, context: Context) -> bool:
    """The release specifically identifies this recipient."""
    release = facts.release
    return release is not None and release.names_recipient


def release_covers_request(facts: Facts, context: Context) -> bool:
    """Every requested category is within the release's scope."""
    release = facts.release
    return release is not None and set(facts.information.categories).issubset(release.categories)


def recipient_is_listed(facts: Facts, context: Context) -> bool:
    """Some permit rule other than a release names this kind of recipient."""
    return facts.recipient.kind in LISTED_RECIPIENTS


def release_given(facts: Facts, context: Context) -> bool:
    """A release of information was provided."""
    return facts.release is not None


_CONSENTING_SIGNERS = frozenset({Signer.CLIENT, Signer.AUTHORIZED_REPRESENTATIVE})


# --- Gates ------------------------------------------------------------------------------------

# "DCF staff who are not included in the preceding section shall discuss all requests for client
# records and information with DCF Office of Legal Affairs staff prior to dissemination."
REQUESTER_MUST_CONSULT_LEGAL = Rule(
    id="requester_must_consult_legal",
    kind=RuleKind.GATE,
    description=_OTHER_STAFF_CLAUSE,
    citation=f'{_POLICY}, Procedures for Disclosure by Other DCF Staff: "{_OTHER_STAFF_CLAUSE}"',
    conditions=(
        Condition(
            "requester_must_consult_legal",
            "Your disclosure role is not social worker, Solnit North or South staff, or CJTS staff;"
            " 31-8-5 requires you to discuss every request for client information with the Office"
            " of Legal Affairs before anything is shared.",
            role_may_disclose_directly,
        ),
    ),
)

# "... may disclose client information, in either verbal or documentary form, in the normal course
# of their duties to: ..." and "All other requests ... shall be forwarded to DCF Office of Legal
# Affairs staff or an Assistant Attorney General for advice and, when appropriate, redaction."
NOT_IN_NORMAL_COURSE = Rule(
    id="not_in_normal_course",
    kind=RuleKind.GATE,
    description=f"{_NORMAL_COURSE_CLAUSE} ... {_FORWARD_CLAUSE}",
    citation=f'{_DIRECT_SECTION}: "{_NORMAL_COURSE_CLAUSE}" and "{_FORWARD_CLAUSE}"',
    conditions=(
        Condition(
            "not_in_normal_course",
            "This request is not part of your normal duties (you are not assigned to this case);"
            " 31-8-5 lets you disclose only in the normal course of your duties, so the Office of"
            " Legal Affairs must review it.",
            in_normal_course,
        ),
    ),
)

# "If there is any doubt about whether certain information can be disclosed, a legal consultation
# shall be sought."
REQUESTER_IN_DOUBT = Rule(
    id="requester_in_doubt",
    kind=RuleKind.GATE,
    description=_DOUBT_CLAUSE,
    citation=f'{_POLICY}, Policy: "{_DOUBT_CLAUSE}"',
    conditions=(
        Condition(
            "requester_in_doubt",
            "You said you are not sure this information can be disclosed; 31-8-5 requires a legal"
            " consultation whenever there is any doubt.",
            requester_is_sure,
        ),
    ),
)

# "The Department of Children and Families shall protect adult and child client information in its
# records in accordance with applicable state and federal law." HIV-related information, substance
# use treatment records and the reporter's identity have statutes of their own, so there is doubt.
SENSITIVE_INFORMATION = Rule(
    id="sensitive_information",
    kind=RuleKind.GATE,
    description=f"{_PROTECT_CLAUSE} ... {_DOUBT_CLAUSE}",
    citation=f'{_POLICY}, Policy: "{_PROTECT_CLAUSE}" and "{_DOUBT_CLAUSE}"',
    conditions=(
        Condition(
            "sensitive_information",
            "The request includes information that has extra protection in law (such as"
            " HIV-related information, substance use treatment records or the identity of the"
            " person who reported abuse or neglect); the Office of Legal Affairs must review it"
            " before anything is shared.",
            nothing_sensitive,
        ),
    ),
)

# --- Permit rules: the list in "Procedures for Disclosure by Social Workers, Solnit and CJTS Staff"

# "the client in an open case"
CLIENT_IN_OPEN_CASE = Rule(
    id="client_in_open_case",
    kind=RuleKind.PERMIT,
    description=_CLIENT_CLAUSE,
    citation=_direct(_CLIENT_CLAUSE),
    recipients=frozenset({RecipientKind.CLIENT}),
    permits_because="The case is open; 31-8-5 lets you disclose to the client in an open case.",
    conditions=(
        Condition(
            "case_not_open",
            "The case is not open; 31-8-5 lets you disclose to the client only in an open case.",
            case_is_open,
        ),
    ),
)

# "a client's parent or legal guardian in an open case"; a parent whose rights were terminated is
# not a parent for this purpose (Conn. Gen. Stat. §17a-28).
PARENT_IN_OPEN_CASE = Rule(
    id="parent_in_open_case",
    kind=RuleKind.PERMIT,
    description=_PARENT_OR_GUARDIAN_CLAUSE,
    citation=_direct(_PARENT_OR_GUARDIAN_CLAUSE),
    recipients=frozenset({RecipientKind.PARENT}),
    permits_because=(
        "The case is open and this is the client's verified parent whose rights have not been"
        " terminated; 31-8-5 lets you disclose to a client's parent in an open case."
    ),
    conditions=(
        Condition(
            "case_not_open",
            "The case is not open; 31-8-5 lets you disclose to a client's parent only in an open"
            " case.",
            case_is_open,
        ),
        Condition(
            "relationship_not_verified",
            "The parent's relationship to the client has not been verified; verify it before"
            " disclosing to a parent.",
            relationship_is_verified,
        ),
        Condition(
            "parental_rights_terminated",
            "This parent's parental rights were terminated, so they are not entitled to the"
            " client's information as a parent.",
            parental_rights_intact,
        ),
    ),
)

# "a client's parent or legal guardian in an open case"
LEGAL_GUARDIAN_IN_OPEN_CASE = Rule(
    id="legal_guardian_in_open_case",
    kind=RuleKind.PERMIT,
    description=_PARENT_OR_GUARDIAN_CLAUSE,
    citation=_direct(_PARENT_OR_GUARDIAN_CLAUSE),
    recipients=frozenset({RecipientKind.LEGAL_GUARDIAN}),
    permits_because=(
        "The case is open and the legal guardian has been verified; 31-8-5 lets you disclose to a"
        " client's legal guardian in an open case."
    ),
    conditions=(
        Condition(
            "case_not_open",
            "The case is not open; 31-8-5 lets you disclose to a client's legal guardian only in an"
            " open case.",
            case_is_open,
        ),
        Condition(
            "relationship_not_verified",
            "The legal guardian's authority over the client has not been verified; verify it"
            " before disclosing to a guardian.",
            relationship_is_verified,
        ),
    ),
)

# "a client's attorney or other authorized representative in an open case"
ATTORNEY_IN_OPEN_CASE = Rule(
    id="attorney_in_open_case",
    kind=RuleKind.PERMIT,
    description=_ATTORNEY_OR_REPRESENTATIVE_CLAUSE,
    citation=_direct(_ATTORNEY_OR_REPRESENTATIVE_CLAUSE),
    recipients=frozenset({RecipientKind.ATTORNEY}),
    permits_because=(
        "The case is open and the attorney has been verified as the client's; 31-8-5 lets you"
        " disclose to a client's attorney in an open case."
    ),
    conditions=(
        Condition(
            "case_not_open",
            "The case is not open; 31-8-5 lets you disclose to a client's attorney only in an open"
            " case.",
            case_is_open,
        ),
        Condition(
            "relationship_not_verified",
            "It has not been verified that this attorney represents the client; verify it before"
            " disclosing to the attorney.",
            relationship_is_verified,
        ),
    ),
)

# "a client's attorney or other authorized representative in an open case"
AUTHORIZED_REPRESENTATIVE_IN_OPEN_CASE = Rule(
    id="authorized_representative_in_open_case",
    kind=RuleKind.PERMIT,
    description=_ATTORNEY_OR_REPRESENTATIVE_CLAUSE,
    citation=_direct(_ATTORNEY_OR_REPRESENTATIVE_CLAUSE),
    recipients=frozenset({RecipientKind.AUTHORIZED_REPRESENTATIVE}),
    permits_because=(
        "The case is open and the authorized representative has been verified; 31-8-5 lets you"
        " disclose to a client's authorized representative in an open case."
    ),
    conditions=(
        Condition(
            "case_not_open",
            "The case is not open; 31-8-5 lets you disclose to a client's authorized"
            " representative only in an open case.",
            case_is_open,
        ),
        Condition(
            "relationship_not_verified",
            "The representative's authority to act for the client has not been verified; verify"
            " it before disclosing to the representative.",
            relationship_is_verified,
        ),
    ),
)

# "other DCF staff with a business reason to know"
DCF_STAFF_BUSINESS_REASON = Rule(
    id="dcf_staff_business_reason",
    kind=RuleKind.PERMIT,
    description=_DCF_STAFF_CLAUSE,
    citation=_direct(_DCF_STAFF_CLAUSE),
    recipients=frozenset({RecipientKind.DCF_STAFF}),
    permits_because=(
        "The DCF staff member has a business reason to know; 31-8-5 lets you share client"
        " information with them."
    ),
    conditions=(
        Condition(
            "no_business_reason",
            "No business reason was given for the DCF staff member to know; 31-8-5 lets you share"
            " with other DCF staff only when they have a business reason to know.",
            has_business_reason,
        ),
    ),
)

# "an Assistant Attorney General"
ASSISTANT_ATTORNEY_GENERAL = Rule(
    id="assistant_attorney_general",
    kind=RuleKind.PERMIT,
    description=_AAG_CLAUSE,
    citation=_direct(_AAG_CLAUSE),
    recipients=frozenset({RecipientKind.ASSISTANT_ATTORNEY_GENERAL}),
    permits_because=(
        "The recipient is an Assistant Attorney General; 31-8-5 lets you disclose client"
        " information to an Assistant Attorney General."
    ),
    conditions=(),
)

# "the Superior Court for Juvenile Matters or a Probate Court for purposes of a court hearing
# related to a specific case"
COURT_HEARING_ON_CASE = Rule(
    id="court_hearing_on_case",
    kind=RuleKind.PERMIT,
    description=_COURT_CLAUSE,
    citation=_direct(_COURT_CLAUSE),
    recipients=frozenset({RecipientKind.JUVENILE_COURT, RecipientKind.PROBATE_COURT}),
    permits_because=(
        "The disclosure is for a hearing related to this case; 31-8-5 lets you disclose to the"
        " Superior Court for Juvenile Matters or a Probate Court for such a hearing."
    ),
    conditions=(
        Condition(
            "hearing_not_related",
            "The disclosure is not for a hearing related to this case; 31-8-5 lets you disclose to"
            " the Superior Court for Juvenile Matters or a Probate Court only for a hearing related"
            " to a specific case.",
            hearing_is_related,
        ),
    ),
)

# "any third party for whom there is a signed and current release of information from the client or
# the client's authorized representative", on the form "DCF-2131F [which] shall be used when DCF is
# being asked to disclose records to another agency, person or provider." The client's own
# signature counts only when the client was not a minor: for a minor, §17a-28 takes consent from
# a parent whose rights were not terminated or the guardian.
SIGNED_CURRENT_RELEASE = Rule(
    id="signed_current_release",
    kind=RuleKind.PERMIT,
    description=f"{_RELEASE_CLAUSE} ... {_RELEASE_FORM_CLAUSE}",
    citation=f'{_direct(_RELEASE_CLAUSE)}; Release of Information: "{_RELEASE_FORM_CLAUSE}"',
    needs_release=True,
    permits_because=(
        "There is a signed and current release (DCF-2131F) from the client or the client's"
        " authorized representative that names this recipient and covers the information"
        " requested."
    ),
    conditions=(
        Condition(
            "release_wrong_form",
            "The release is not on form DCF-2131F; only DCF-2131F authorizes DCF to disclose"
            " records (DCF-2131T is for obtaining records from others).",
            release_on_disclosure_form,
        ),
        Condition(
            "release_unsigned",
            "The release is not signed, or it is signed with a date after the date of this"
            " decision.",
            release_is_signed,
        ),
        Condition(
            "release_signer_not_authorized",
            "The release was not signed by the client or the client's authorized representative.",
            release_signer_may_consent,
        ),
        Condition(
            "release_signer_minor",
            "The client was a minor when signing the release; a parent or guardian must sign"
            " for a minor client.",
            release_signer_of_age,
        ),
        Condition(
            "release_not_yet_effective",
            "The release does not take effect until after the date of this decision.",
            release_in_effect,
        ),
        Condition(
            "release_no_expiration",
            "The release has no expiration date; a release must be limited in time.",
            release_has_expiry,
        ),
        Condition(
            "release_expired",
            "The release has expired.",
            release_not_expired,
        ),
        Condition(
            "release_revoked",
            "The release has been revoked.",
            release_not_revoked,
        ),
        Condition(
            "release_recipient_not_named",
            "The release does not name this recipient.",
            release_names_recipient,
        ),
        Condition(
            "release_scope_insufficient",
            "The release does not cover every category of information requested.",
            release_covers_request,
        ),
    ),
)

# --- Escalation -------------------------------------------------------------------------------

# "All other requests for client information shall be forwarded to DCF Office of Legal Affairs staff
# or an Assistant Attorney General for advice and, when appropriate, redaction."
FORWARD_TO_LEGAL_AFFAIRS = Rule(
    id="forward_to_legal_affairs",
    kind=RuleKind.ESCALATION,
    description=_FORWARD_CLAUSE,
    citation=_direct(_FORWARD_CLAUSE),
    conditions=(
        Condition(
            "recipient_not_listed",
            "This recipient is not one 31-8-5 lets you disclose to directly; only a signed and"
            " current release (DCF-2131F) or the Office of Legal Affairs can authorize it.",
            recipient_is_listed,
        ),
        Condition(
            "no_release",
            "No release of information was provided for this disclosure.",
            release_given,
        ),
    ),
)

RULES: tuple[Rule, ...] = (
    REQUESTER_MUST_CONSULT_LEGAL,
    NOT_IN_NORMAL_COURSE,
    REQUESTER_IN_DOUBT,
    SENSITIVE_INFORMATION,
    CLIENT_IN_OPEN_CASE,
    PARENT_IN_OPEN_CASE,
    LEGAL_GUARDIAN_IN_OPEN_CASE,
    ATTORNEY_IN_OPEN_CASE,
    AUTHORIZED_REPRESENTATIVE_IN_OPEN_CASE,
    DCF_STAFF_BUSINESS_REASON,
    ASSISTANT_ATTORNEY_GENERAL,
    COURT_HEARING_ON_CASE,
    SIGNED_CURRENT_RELEASE,
    FORWARD_TO_LEGAL_AFFAIRS,
)

#: Recipients some permit rule names without needing a release ("the list").
LISTED_RECIPIENTS: frozenset[RecipientKind] = frozenset(
    kind
    for rule in RULES
    if rule.kind is RuleKind.PERMIT and not rule.needs_release
    for kind in rule.recipients
)
