"""Evaluate facts against `RULES`: gates first, then permit rules, otherwise escalate.

`evaluate` is a pure function of the facts and the sensitive set: it never reads the clock (the
date is `facts.as_of`), touches no database and never denies; only Legal Affairs denies.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable

from .decision import Decision, Outcome, Reason
from .facts import (
    DEFAULT_SENSITIVE_CATEGORIES,
    Case,
    CaseStatus,
    Facts,
    Information,
    Recipient,
    RecipientKind,
    Release,
    Requester,
    Role,
)
from .rules import POLICY_VERSION, RULES, Context, Rule, RuleKind

GATES: tuple[Rule, ...] = tuple(rule for rule in RULES if rule.kind is RuleKind.GATE)
PERMIT_RULES: tuple[Rule, ...] = tuple(rule for rule in RULES if rule.kind is RuleKind.PERMIT)
(ESCALATION_RULE,) = (rule for rule in RULES if rule.kind is RuleKind.ESCALATION)
#: The permit rules that rely on a release (they apply to every recipient).
RELEASE_RULES: tuple[Rule, ...] = tuple(rule for rule in PERMIT_RULES if rule.needs_release)

# Looking permit rules up by recipient keeps each evaluation to the rules that could apply,
# in the order of `RULES`.
_PERMIT_RULES_BY_RECIPIENT: dict[RecipientKind, tuple[Rule, ...]] = {
    kind: tuple(rule for rule in PERMIT_RULES if kind in rule.recipients) for kind in RecipientKind
}

_DEFAULT_CONTEXT = Context(frozenset(DEFAULT_SENSITIVE_CATEGORIES))


@functools.lru_cache(maxsize=32)
def _context(sensitive_categories: frozenset[str]) -> Context:
    return Context(sensitive_categories)


def evaluate(
    facts: Facts,
    *,
    sensitive_categories: Iterable[str] = DEFAULT_SENSITIVE_CATEGORIES,
) -> Decision:
    """Decide whether 31-8-5 permits the disclosure described by `facts`, or escalate it.

    1. Every failing gate is a reason; any failing gate escalates, whatever the recipient.
    2. The first permit rule for the recipient whose conditions all hold permits (when no gate
       failed). A release rule is only considered when a release was given.
    3. Otherwise the request is escalated with every failed condition of the gates, of the
       recipient's rule and of the release, and, when nothing permitted, why the escalation rule
       applies (`recipient_not_listed`, `no_release`). The citation is the first failing gate's
       clause, or the clause forwarding all other requests to Legal Affairs.
    """
    if sensitive_categories is DEFAULT_SENSITIVE_CATEGORIES:
        context = _DEFAULT_CONTEXT
    else:
        context = _context(frozenset(sensitive_categories))

    reasons: list[Reason] = []
    first_failed_gate: Rule | None = None
    for gate in GATES:
        for condition in gate.conditions:
            if not condition.holds(facts, context):
                reasons.append(condition.reason)
                if first_failed_gate is None:
                    first_failed_gate = gate

    permitting_rule: Rule | None = None
    release_given = facts.release is not None
    for rule in _PERMIT_RULES_BY_RECIPIENT[facts.recipient.kind]:
        if rule.needs_release and not release_given:
            continue
        failed = [c.reason for c in rule.conditions if not c.holds(facts, context)]
        if failed:
            reasons.extend(failed)
        elif permitting_rule is None:
            if first_failed_gate is None:
                return Decision(
                    Outcome.PERMITTED,
                    rule.id,
                    rule.citation,
                    (rule.permit_reason,),
                    POLICY_VERSION,
                    facts,
                )
            permitting_rule = rule

    if permitting_rule is None:
        reasons.extend(c.reason for c in ESCALATION_RULE.conditions if not c.holds(facts, context))
    cited = ESCALATION_RULE if first_failed_gate is None else first_failed_gate
    return Decision(Outcome.ESCALATED, None, cited.citation, tuple(reasons), POLICY_VERSION, facts)


# The release rules read only the release, the information and the date; these stand in for the
# rest of the facts when a release is judged on its own (`release_problems`).
_ANY_REQUESTER = Requester(role=Role.SOCIAL_WORKER, assigned_to_case=True)
_ANY_CASE = Case(status=CaseStatus.OPEN)
_ANY_RECIPIENT = Recipient(kind=RecipientKind.THIRD_PARTY)


def release_problems(
    release: Release | None, information: Information, as_of: datetime.date
) -> tuple[Reason, ...]:
    """Why `release` does not by itself let `information` go to the recipient it was described
    for (`release.names_recipient`) on `as_of`: the failed conditions of the release rules, in
    their order; empty when a release rule holds.

    The request form asks this to propose the client's release on file, or to say why none
    applies, before the request is submitted; it is the engine's own conditions, so the form
    and `evaluate` agree: `evaluate` permits by a release rule only when this is empty, and
    permits whenever this is empty and no gate fails.
    """
    facts = Facts(as_of, _ANY_REQUESTER, _ANY_CASE, _ANY_RECIPIENT, information, release)
    failed: list[Reason] = []
    for rule in RELEASE_RULES:
        reasons = [c.reason for c in rule.conditions if not c.holds(facts, _DEFAULT_CONTEXT)]
        if not reasons:
            return ()
        failed.extend(reasons)
    return tuple(failed)


def explain(decision: Decision) -> list[str]:
    """The decision in plain English, one line each: the outcome, every reason, the authority."""
    if decision.permitted:
        lines = ["Permitted: you may disclose this information without a Legal Affairs review."]
    else:
        lines = [
            "Sent to the Office of Legal Affairs: do not disclose anything until Legal Affairs"
            " has advised."
        ]
    lines.extend(reason.message for reason in decision.reasons)
    lines.append(f"Authority: {decision.citation} (rules version {decision.policy_version}).")
    return lines
