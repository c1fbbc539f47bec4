"""`release_problems`: a release judged on its own by the engine's release rules, as the request
form asks it before submitting. A table of situations, and properties tying it to `evaluate`.
"""

from __future__ import annotations

import datetime
from dataclasses import replace

import pytest
from hypothesis import given, settings

from requests_app.policy import (
    GATES,
    RELEASE_RULES,
    Category,
    Facts,
    Information,
    Outcome,
    Release,
    ReleaseForm,
    Signer,
    evaluate,
    release_problems,
)
from tests.unit.test_policy_properties import any_facts

deterministic = settings(derandomize=True, database=None, max_examples=400, deadline=None)

AS_OF = datetime.date(2026, 6, 15)
DAY = datetime.timedelta(days=1)
CASE_RECORD = Information(categories=(Category.CASE_RECORD,))

CURRENT = Release(
    form=ReleaseForm.DCF_2131F,
    signed_on=AS_OF - 30 * DAY,
    signed_by=Signer.CLIENT,
    effective_on=AS_OF - 30 * DAY,
    expires_on=AS_OF + 90 * DAY,
    revoked_on=None,
    names_recipient=True,
    categories=(Category.CASE_RECORD, Category.EDUCATIONAL),
)

TABLE = [
    ("a current release naming the recipient and covering the information", CURRENT, ()),
    (
        "a release through its expiry date still holds on that day",
        replace(CURRENT, expires_on=AS_OF),
        (),
    ),
    ("an expired release", replace(CURRENT, expires_on=AS_OF - DAY), ("release_expired",)),
    ("a revoked release", replace(CURRENT, revoked_on=AS_OF), ("release_revoked",)),
    (
        "a release naming another recipient",
        replace(CURRENT, names_recipient=False),
        ("release_recipient_not_named",),
    ),
    (
        "a release not covering the information",
        replace(CURRENT, categories=(Category.EDUCATIONAL,)),
        ("release_scope_insufficient",),
    ),
    (
        "a release not yet in effect",
        replace(CURRENT, effective_on=AS_OF + DAY),
        ("release_not_yet_effective",),
    ),
    (
        "a release printed but not signed",
        replace(CURRENT, signed_on=None),
        ("release_unsigned",),
    ),
    (
        "a DCF-2131T",
        replace(CURRENT, form=ReleaseForm.DCF_2131T),
        ("release_wrong_form",),
    ),
    (
        "an expired release to someone else: every reason, in the rule's order",
        replace(CURRENT, expires_on=AS_OF - DAY, names_recipient=False),
        ("release_expired", "release_recipient_not_named"),
    ),
]


@pytest.mark.parametrize(
    ("release", "codes"), [row[1:] for row in TABLE], ids=[row[0] for row in TABLE]
)
def test_release_problems_table(release: Release, codes: tuple[str, ...]) -> None:
    assert tuple(r.code for r in release_problems(release, CASE_RECORD, AS_OF)) == codes


def test_no_release_fails_every_condition_of_the_release_rule() -> None:
    codes = [r.code for r in release_problems(None, CASE_RECORD, AS_OF)]
    assert codes == [c.code for rule in RELEASE_RULES for c in rule.conditions]


GATE_CODES = {condition.code for gate in GATES for condition in gate.conditions}


@deterministic
@given(any_facts.filter(lambda f: f.release is not None))
def test_the_engine_permits_on_a_release_exactly_when_the_form_would_propose_it(
    facts: Facts,
) -> None:
    """The form and `evaluate` agree: a release rule permits only when `release_problems` is
    empty, an empty answer permits whenever no gate fails, and an escalation lists every
    problem the form would show."""
    problems = release_problems(facts.release, facts.information, facts.as_of)
    decision = evaluate(facts)
    if decision.rule in {rule.id for rule in RELEASE_RULES}:
        assert problems == ()
    if problems == () and not GATE_CODES & set(decision.codes):
        assert decision.outcome is Outcome.PERMITTED
    if problems and decision.outcome is Outcome.ESCALATED:
        assert set(problems) <= set(decision.reasons)
