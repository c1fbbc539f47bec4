"""The DCF Policy 31-8-5 engine: may this client information go to this recipient?

Pure Python over frozen dataclasses, standard library only (nothing here imports django):
`evaluate(facts) -> Decision`, with the date carried in `facts.as_of` rather than read from a clock.
The engine permits or escalates to the Office of Legal Affairs; it never denies.
"""

from __future__ import annotations

from .codec import Document, decision_to_dict, facts_to_dict, parse_document, parse_facts
from .decision import Decision, Outcome, Reason
from .engine import (
    ESCALATION_RULE,
    GATES,
    PERMIT_RULES,
    RELEASE_RULES,
    evaluate,
    explain,
    release_problems,
)
from .facts import (
    DEFAULT_SENSITIVE_CATEGORIES,
    DIRECT_ROLES,
    Case,
    CaseStatus,
    Category,
    Facts,
    Information,
    Recipient,
    RecipientKind,
    Release,
    ReleaseForm,
    Requester,
    Role,
    Signer,
    release_dates_hold,
    release_expired_by,
    release_in_effect_on,
    release_revoked_by,
    release_signed_by,
)
from .labels import REASON_CODES, REASON_LABELS, RULE_LABELS, reason_label, rule_label
from .rules import POLICY_VERSION, RULES, Condition, Context, Rule, RuleKind

__all__ = [
    "DEFAULT_SENSITIVE_CATEGORIES",
    "DIRECT_ROLES",
    "ESCALATION_RULE",
    "GATES",
    "PERMIT_RULES",
    "POLICY_VERSION",
    "REASON_CODES",
    "REASON_LABELS",
    "RELEASE_RULES",
    "RULES",
    "RULE_LABELS",
    "Case",
    "CaseStatus",
    "Category",
    "Condition",
    "Context",
    "Decision",
    "Document",
    "Facts",
    "Information",
    "Outcome",
    "Reason",
    "Recipient",
    "RecipientKind",
    "Release",
    "ReleaseForm",
    "Requester",
    "Role",
    "Rule",
    "RuleKind",
    "Signer",
    "decision_to_dict",
    "evaluate",
    "explain",
    "facts_to_dict",
    "parse_document",
    "parse_facts",
    "reason_label",
    "release_dates_hold",
    "release_expired_by",
    "release_in_effect_on",
    "release_problems",
    "release_revoked_by",
    "release_signed_by",
    "rule_label",
]
