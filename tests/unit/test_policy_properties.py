"""Properties of the 31-8-5 engine that hold for any facts, checked with hypothesis.

Deterministic (`derandomize=True`, no example database) so a run is repeatable in CI.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from requests_app.policy import (
    DEFAULT_SENSITIVE_CATEGORIES,
    DIRECT_ROLES,
    GATES,
    PERMIT_RULES,
    Case,
    CaseStatus,
    Category,
    Facts,
    Information,
    Outcome,
    Recipient,
    RecipientKind,
    Release,
    ReleaseForm,
    Requester,
    Role,
    Signer,
    decision_to_dict,
    evaluate,
    facts_to_dict,
    parse_facts,
)

RELEASE_RULE = "signed_current_release"
deterministic = settings(derandomize=True, database=None, max_examples=250, deadline=None)

ONE_DAY = datetime.timedelta(days=1)
WINDOW = datetime.timedelta(days=400)
dates = st.dates(min_value=datetime.date(2025, 6, 1), max_value=datetime.date(2027, 6, 30))
categories = st.lists(st.sampled_from(Category), min_size=1, max_size=4).map(tuple)

releases = st.builds(
    Release,
    form=st.sampled_from(ReleaseForm),
    signed_on=st.none() | dates,
    signed_by=st.sampled_from(Signer),
    effective_on=dates,
    expires_on=st.none() | dates,
    revoked_on=st.none() | dates,
    names_recipient=st.booleans(),
    categories=st.lists(st.sampled_from(Category), max_size=5).map(tuple),
    signer_was_minor=st.booleans(),
)


def facts_strategy(
    roles: list[Role] | None = None, kinds: list[RecipientKind] | None = None
) -> st.SearchStrategy[Facts]:
    """Any facts, or only those with the given roles and recipients (built, not filtered)."""
    return st.builds(
        Facts,
        as_of=dates,
        requester=st.builds(
            Requester,
            role=st.sampled_from(roles or list(Role)),
            assigned_to_case=st.booleans(),
            in_doubt=st.booleans(),
        ),
        case=st.builds(Case, status=st.sampled_from(CaseStatus)),
        recipient=st.builds(
            Recipient,
            kind=st.sampled_from(kinds or list(RecipientKind)),
            relationship_verified=st.booleans(),
            parental_rights_terminated=st.booleans(),
            business_reason=st.sampled_from(["", "  ", "Placement planning", "\tcourt prep\n"]),
            hearing_related_to_case=st.booleans(),
        ),
        information=st.builds(Information, categories=categories),
        release=st.none() | releases,
    )


any_facts = facts_strategy()


def release_is_valid(facts: Facts) -> bool:
    """An independent reading of "a signed and current release" from the contract."""
    release = facts.release
    if release is None:
        return False
    as_of = facts.as_of
    return (
        release.form == "DCF-2131F"
        and release.signed_on is not None
        and release.signed_on <= as_of
        and release.signed_by in ("client", "authorized_representative")
        and not (release.signed_by == "client" and release.signer_was_minor)
        and release.effective_on <= as_of
        and release.expires_on is not None
        and as_of <= release.expires_on
        and (release.revoked_on is None or release.revoked_on > as_of)
        and release.names_recipient
        and set(facts.information.categories) <= set(release.categories)
    )


@deterministic
@given(any_facts)
def test_same_facts_same_decision(facts: Facts) -> None:
    assert evaluate(facts) == evaluate(facts)


@deterministic
@given(any_facts)
def test_every_decision_cites_31_8_5_and_carries_its_facts(facts: Facts) -> None:
    decision = evaluate(facts)

    assert "DCF Policy 31-8-5" in decision.citation
    assert decision.facts == facts
    assert decision.outcome in (Outcome.PERMITTED, Outcome.ESCALATED)


@deterministic
@given(any_facts)
def test_escalated_has_no_rule_and_some_reason_permitted_has_its_rule(facts: Facts) -> None:
    decision = evaluate(facts)

    if decision.outcome is Outcome.ESCALATED:
        assert decision.rule is None
        assert decision.reasons
    else:
        assert decision.rule in {rule.id for rule in PERMIT_RULES}
        assert decision.codes == (decision.rule,)
    assert len(set(decision.codes)) == len(decision.codes)


@deterministic
@given(facts_strategy(roles=[role for role in Role if role not in DIRECT_ROLES]))
def test_a_requester_outside_the_four_roles_is_never_permitted(facts: Facts) -> None:
    decision = evaluate(facts)

    assert decision.outcome is Outcome.ESCALATED
    assert decision.codes[0] == "requester_must_consult_legal"


@deterministic
@given(facts_strategy(kinds=[RecipientKind.OTHER_COURT, RecipientKind.THIRD_PARTY]))
def test_nobody_off_the_list_is_permitted_without_a_valid_release(facts: Facts) -> None:
    decision = evaluate(facts)

    if decision.permitted:
        assert decision.rule == "signed_current_release"
        assert release_is_valid(facts)
    else:
        assert "recipient_not_listed" in decision.codes


NOT_SENSITIVE = [c for c in Category if c not in DEFAULT_SENSITIVE_CATEGORIES]


@st.composite
def facts_with_a_valid_release(draw: st.DrawFn) -> Facts:
    """Facts that pass every gate, for any recipient, with a signed and current DCF-2131F."""
    facts = draw(any_facts)
    as_of = facts.as_of
    requested = draw(st.lists(st.sampled_from(NOT_SENSITIVE), min_size=1, max_size=3))
    before = st.dates(max_value=as_of, min_value=as_of - WINDOW)
    after = st.dates(min_value=as_of, max_value=as_of + WINDOW)
    signed_by = draw(st.sampled_from([Signer.CLIENT, Signer.AUTHORIZED_REPRESENTATIVE]))
    release = Release(
        form=ReleaseForm.DCF_2131F,
        signed_on=draw(before),
        signed_by=signed_by,
        effective_on=draw(before),
        expires_on=draw(after),
        revoked_on=draw(st.none() | st.dates(min_value=as_of + ONE_DAY, max_value=as_of + WINDOW)),
        names_recipient=True,
        categories=tuple(requested) + tuple(draw(st.lists(st.sampled_from(Category)))),
        # A parent or guardian may sign for a minor client; the client only as an adult.
        signer_was_minor=signed_by is Signer.AUTHORIZED_REPRESENTATIVE and draw(st.booleans()),
    )
    return Facts(
        as_of=as_of,
        requester=Requester(
            role=draw(st.sampled_from(sorted(DIRECT_ROLES))), assigned_to_case=True
        ),
        case=facts.case,
        recipient=facts.recipient,
        information=Information(categories=tuple(requested)),
        release=release,
    )


@deterministic
@given(facts_with_a_valid_release())
def test_a_valid_release_permits_any_recipient_once_the_gates_pass(facts: Facts) -> None:
    assert release_is_valid(facts)

    decision = evaluate(facts)

    assert decision.permitted
    assert decision.rule is not None


@deterministic
@given(any_facts, releases, st.sampled_from(Signer))
def test_a_minor_clients_own_signature_never_permits_through_a_release(
    facts: Facts, release: Release, signed_by: Signer
) -> None:
    """A release the client signed as a minor never permits, and says so; the flag changes
    nothing when someone other than the client signed, or when the list permits anyway."""
    release = replace(release, signed_by=signed_by)
    adult = evaluate(replace(facts, release=replace(release, signer_was_minor=False)))
    minor = evaluate(replace(facts, release=replace(release, signer_was_minor=True)))

    if signed_by is not Signer.CLIENT or (adult.permitted and adult.rule != RELEASE_RULE):
        assert (minor.outcome, minor.rule, minor.codes) == (adult.outcome, adult.rule, adult.codes)
        return
    assert minor.outcome is Outcome.ESCALATED
    assert "release_signer_minor" in minor.codes
    if not adult.permitted:
        # The same reasons, the new one aside (and the recipient no longer being covered by a
        # release that held but for a failing gate).
        added = {"release_signer_minor", "recipient_not_listed"}
        assert [c for c in minor.codes if c not in added] == [
            c for c in adult.codes if c != "recipient_not_listed"
        ]


@deterministic
@given(any_facts)
def test_gates_escalate_whatever_else_holds(facts: Facts) -> None:
    decision = evaluate(facts)
    failing = [
        gate.id
        for gate, fails in zip(
            GATES,
            (
                facts.requester.role not in DIRECT_ROLES,
                not facts.requester.assigned_to_case,
                facts.requester.in_doubt,
                not DEFAULT_SENSITIVE_CATEGORIES.isdisjoint(facts.information.categories),
            ),
            strict=True,
        )
        if fails
    ]

    assert list(decision.codes[: len(failing)]) == failing
    assert not set(decision.codes[len(failing) :]) & {gate.id for gate in GATES}
    if failing:
        assert decision.outcome is Outcome.ESCALATED
        assert decision.citation == next(g.citation for g in GATES if g.id == failing[0])


@deterministic
@given(any_facts)
def test_facts_survive_a_round_trip_through_json(facts: Facts) -> None:
    text = json.dumps(facts_to_dict(facts))

    assert parse_facts(json.loads(text)) == (facts, [])


@deterministic
@given(any_facts)
def test_decision_serialises_to_the_contract(facts: Facts) -> None:
    decision = evaluate(facts)

    data = json.loads(json.dumps(decision_to_dict(decision)))

    assert set(data) == {"outcome", "rule", "citation", "reasons", "policy_version"}
    assert data["outcome"] == decision.outcome.value
    assert [reason["code"] for reason in data["reasons"]] == list(decision.codes)
