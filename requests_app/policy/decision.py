"""What the 31-8-5 engine returns: an outcome, the rule and clause relied on, and the reasons.

A `Decision` carries the facts it was made on and the policy version, so a stored decision can be
replayed (`evaluate(decision.facts)`) and explained long after it was made.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from .facts import Facts


class Outcome(enum.StrEnum):
    """The engine permits or escalates; it never denies. Only Legal Affairs denies."""

    PERMITTED = "permitted"
    ESCALATED = "escalated"


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason for a decision: a stable snake_case `code` and a plain-English `message`."""

    code: str
    message: str


@dataclass(frozen=True, slots=True)
class Decision:
    """The engine's answer.

    `rule` is the id of the permitting rule, `None` when escalated. `citation` names
    DCF Policy 31-8-5 and quotes the clause relied on (for an escalation, the clause that sends the
    request to Legal Affairs). `reasons` lists every applicable reason when escalated, and one
    reason saying why the disclosure is permitted otherwise.
    """

    outcome: Outcome
    rule: str | None
    citation: str
    reasons: tuple[Reason, ...]
    policy_version: str
    facts: Facts

    @property
    def permitted(self) -> bool:
        """True when the requester may disclose without going to Legal Affairs."""
        return self.outcome is Outcome.PERMITTED

    @property
    def codes(self) -> tuple[str, ...]:
        """The reason codes, in order."""
        return tuple(reason.code for reason in self.reasons)
