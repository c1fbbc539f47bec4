"""The engine's codes in plain words, for pages: a short label for every rule id and reason code.

A reason's `message` says at length why a request was escalated, for the requester; a label names
the reason in a few words, where a list or a filter has room for no more ("Recipient not on the
31-8-5 list" for `recipient_not_listed`). The codes themselves stay what they are: stable, in the
stored decisions and in the JSON contract. A test checks that every rule and every condition of
`RULES` has its label here.
"""

from __future__ import annotations

from .rules import RULES

#: Every rule of `RULES` by its id: what it permits, or what it sends to Legal Affairs.
RULE_LABELS: dict[str, str] = {
    "requester_must_consult_legal": "Requester's role must consult Legal Affairs",
    "not_in_normal_course": "Not in the requester's normal course of duties",
    "requester_in_doubt": "Requester in doubt",
    "sensitive_information": "Information with extra protection in law",
    "client_in_open_case": "The client, in an open case",
    "parent_in_open_case": "A parent of record whose rights were not terminated, in an open case",
    "legal_guardian_in_open_case": "A legal guardian of record, in an open case",
    "attorney_in_open_case": "The client's attorney of record, in an open case",
    "authorized_representative_in_open_case": (
        "An authorized representative of record, in an open case"
    ),
    "dcf_staff_business_reason": "DCF staff with a business reason to know",
    "assistant_attorney_general": "An Assistant Attorney General",
    "court_hearing_on_case": (
        "The Superior Court for Juvenile Matters or a Probate Court, for a hearing on the case"
    ),
    "signed_current_release": "Someone named in a signed, current release (DCF-2131F)",
    "forward_to_legal_affairs": "Every other request goes to Legal Affairs",
}

#: Every reason code a condition of `RULES` reports when it does not hold.
REASON_LABELS: dict[str, str] = {
    "requester_must_consult_legal": "Requester's role must consult Legal Affairs",
    "not_in_normal_course": "Not in the requester's normal course of duties",
    "requester_in_doubt": "Requester in doubt",
    "sensitive_information": "Information with extra protection in law",
    "case_not_open": "Case not open",
    "relationship_not_verified": "Relationship not verified",
    "parental_rights_terminated": "Parental rights terminated",
    "no_business_reason": "No business reason to know",
    "hearing_not_related": "Hearing not related to the case",
    "recipient_not_listed": "Recipient not on the 31-8-5 list",
    "no_release": "No release given",
    "release_wrong_form": "Release not on form DCF-2131F",
    "release_unsigned": "Release not signed",
    "release_signer_not_authorized": "Release signer not authorized",
    "release_signer_minor": "Release signed by a minor client",
    "release_not_yet_effective": "Release not yet in effect",
    "release_no_expiration": "Release without an expiration date",
    "release_expired": "Release expired",
    "release_revoked": "Release revoked",
    "release_recipient_not_named": "Release does not name the recipient",
    "release_scope_insufficient": "Release does not cover the information",
}

#: The reason codes of `RULES` in the order the rules report them, each once.
REASON_CODES: tuple[str, ...] = tuple(
    dict.fromkeys(condition.code for rule in RULES for condition in rule.conditions)
)


def _as_words(code: str) -> str:
    """A code no table knows (from older rules), at least without its underscores."""
    return code.replace("_", " ").capitalize()


def rule_label(rule_id: str) -> str:
    """A rule of 31-8-5 in plain words."""
    return RULE_LABELS.get(rule_id) or _as_words(rule_id)


def reason_label(code: str) -> str:
    """A reason in a few plain words: a condition's code, or the id of the rule that permitted
    (a permitted decision's one reason)."""
    return REASON_LABELS.get(code) or RULE_LABELS.get(code) or _as_words(code)
