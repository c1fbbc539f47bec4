"""The 31-8-5 engine, situation by situation: one table row per situation, named in words.

Each row gives the facts and the expected outcome, permitting rule, cited rule and reason codes (in
order). A meta-test checks that the table exercises every rule of `RULES` both ways.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from requests_app.policy import (
    DEFAULT_SENSITIVE_CATEGORIES,
    ESCALATION_RULE,
    GATES,
    PERMIT_RULES,
    POLICY_VERSION,
    RULES,
    Case,
    CaseStatus,
    Category,
    Decision,
    Facts,
    Information,
    Outcome,
    Recipient,
    RecipientKind,
    Release,
    ReleaseForm,
    Requester,
    Role,
    Rule,
    RuleKind,
    Signer,
    evaluate,
    explain,
    release_dates_hold,
)

TODAY = datetime.date(2026, 6, 15)
YESTERDAY = TODAY - datetime.timedelta(days=1)
TOMORROW = TODAY + datetime.timedelta(days=1)
LAST_YEAR = datetime.date(2025, 6, 15)
NEXT_YEAR = datetime.date(2027, 6, 15)


def valid_release(**changes: object) -> Release:
    """A DCF-2131F signed by the client, current today, naming the recipient, covering records."""
    release = Release(
        form=ReleaseForm.DCF_2131F,
        signed_on=LAST_YEAR,
        signed_by=Signer.CLIENT,
        effective_on=LAST_YEAR,
        expires_on=NEXT_YEAR,
        revoked_on=None,
        names_recipient=True,
        categories=(Category.CASE_RECORD, Category.EDUCATIONAL),
    )
    return replace(release, **changes)  # type: ignore[arg-type]


def situation(
    recipient: RecipientKind = RecipientKind.CLIENT,
    *,
    role: Role = Role.SOCIAL_WORKER,
    assigned: bool = True,
    in_doubt: bool = False,
    case: CaseStatus = CaseStatus.OPEN,
    categories: tuple[Category, ...] = (Category.CASE_RECORD,),
    release: Release | None = None,
    verified: bool = False,
    rights_terminated: bool = False,
    business_reason: str = "",
    hearing: bool = False,
) -> Facts:
    """Facts for a social worker on the case, on an open case, unless told otherwise."""
    return Facts(
        as_of=TODAY,
        requester=Requester(role=role, assigned_to_case=assigned, in_doubt=in_doubt),
        case=Case(status=case),
        recipient=Recipient(
            kind=recipient,
            relationship_verified=verified,
            parental_rights_terminated=rights_terminated,
            business_reason=business_reason,
            hearing_related_to_case=hearing,
        ),
        information=Information(categories=categories),
        release=release,
    )


@dataclass(frozen=True)
class Expected:
    """What a row expects: outcome, permitting rule, the rule whose citation is given, codes."""

    outcome: Outcome
    rule: str | None
    cites: str
    codes: tuple[str, ...]


def permitted(rule: str) -> Expected:
    return Expected(Outcome.PERMITTED, rule, rule, (rule,))


def escalated(*codes: str, cites: str = "forward_to_legal_affairs") -> Expected:
    return Expected(Outcome.ESCALATED, None, cites, codes)


R = RecipientKind
C = Category
ALL_RELEASE_FAILURES = (
    "release_wrong_form",
    "release_unsigned",
    "release_signer_not_authorized",
    "release_not_yet_effective",
    "release_no_expiration",
    "release_revoked",
    "release_recipient_not_named",
    "release_scope_insufficient",
)

ROWS = [
    # --- Gates ----------------------------------------------------------------------------------
    pytest.param(
        situation(R.CLIENT),
        permitted("client_in_open_case"),
        id="social worker on the case passes every gate and may tell the client in an open case",
    ),
    pytest.param(
        situation(R.CLIENT, role=Role.SOLNIT_NORTH_STAFF),
        permitted("client_in_open_case"),
        id="Solnit North staff may disclose directly",
    ),
    pytest.param(
        situation(R.CLIENT, role=Role.SOLNIT_SOUTH_STAFF),
        permitted("client_in_open_case"),
        id="Solnit South staff may disclose directly",
    ),
    pytest.param(
        situation(R.ASSISTANT_ATTORNEY_GENERAL, role=Role.CJTS_STAFF),
        permitted("assistant_attorney_general"),
        id="CJTS staff may disclose directly",
    ),
    pytest.param(
        situation(R.CLIENT, role=Role.OTHER_DCF_STAFF),
        escalated("requester_must_consult_legal", cites="requester_must_consult_legal"),
        id="other DCF staff must consult Legal Affairs even for the client in an open case",
    ),
    pytest.param(
        situation(R.CLIENT, assigned=False),
        escalated("not_in_normal_course", cites="not_in_normal_course"),
        id="a request outside the normal course of duties is escalated",
    ),
    pytest.param(
        situation(R.CLIENT, in_doubt=True),
        escalated("requester_in_doubt", cites="requester_in_doubt"),
        id="a requester in doubt is sent for a legal consultation",
    ),
    pytest.param(
        situation(R.CLIENT, categories=(C.CASE_RECORD, C.HIV_RELATED)),
        escalated("sensitive_information", cites="sensitive_information"),
        id="HIV-related information is escalated even to the client",
    ),
    pytest.param(
        situation(R.PARENT, verified=True, categories=(C.SUBSTANCE_USE,)),
        escalated("sensitive_information", cites="sensitive_information"),
        id="substance use records are escalated even to a verified parent",
    ),
    pytest.param(
        situation(R.JUVENILE_COURT, hearing=True, categories=(C.REPORTER_IDENTITY,)),
        escalated("sensitive_information", cites="sensitive_information"),
        id="the reporter's identity is escalated even to the juvenile court",
    ),
    pytest.param(
        situation(R.CLIENT, categories=(C.PSYCHIATRIC, C.MEDICAL, C.EDUCATIONAL, C.OTHER)),
        permitted("client_in_open_case"),
        id="psychiatric and medical information are not sensitive by default",
    ),
    pytest.param(
        situation(
            R.CLIENT,
            role=Role.OTHER_DCF_STAFF,
            assigned=False,
            in_doubt=True,
            categories=(C.HIV_RELATED,),
        ),
        escalated(
            "requester_must_consult_legal",
            "not_in_normal_course",
            "requester_in_doubt",
            "sensitive_information",
            cites="requester_must_consult_legal",
        ),
        id="every failing gate is listed and the first one is cited",
    ),
    pytest.param(
        situation(R.CLIENT, assigned=False, in_doubt=True),
        escalated("not_in_normal_course", "requester_in_doubt", cites="not_in_normal_course"),
        id="with two failing gates the first one's clause is cited",
    ),
    pytest.param(
        situation(R.PARENT, role=Role.OTHER_DCF_STAFF, case=CaseStatus.CLOSED),
        escalated(
            "requester_must_consult_legal",
            "case_not_open",
            "relationship_not_verified",
            "no_release",
            cites="requester_must_consult_legal",
        ),
        id="a failing gate also lists what the recipient's rule lacks",
    ),
    pytest.param(
        situation(R.THIRD_PARTY, assigned=False),
        escalated(
            "not_in_normal_course",
            "recipient_not_listed",
            "no_release",
            cites="not_in_normal_course",
        ),
        id="a failing gate with an unlisted recipient and no release lists all three",
    ),
    pytest.param(
        situation(R.CLIENT, role=Role.OTHER_DCF_STAFF, release=valid_release(expires_on=YESTERDAY)),
        escalated(
            "requester_must_consult_legal", "release_expired", cites="requester_must_consult_legal"
        ),
        id="a failing gate lists a given release's problems even when the recipient's rule holds",
    ),
    pytest.param(
        situation(R.CLIENT, in_doubt=True, release=valid_release()),
        escalated("requester_in_doubt", cites="requester_in_doubt"),
        id="a failing gate escalates even when both the list and a valid release would permit",
    ),
    # --- The client -----------------------------------------------------------------------------
    pytest.param(
        situation(R.CLIENT, case=CaseStatus.CLOSED),
        escalated("case_not_open", "no_release"),
        id="the client in a closed case is escalated",
    ),
    pytest.param(
        situation(R.CLIENT, case=CaseStatus.CLOSED, release=valid_release()),
        permitted("signed_current_release"),
        id="the client in a closed case with a current release is permitted by the release",
    ),
    pytest.param(
        situation(R.CLIENT, release=valid_release(revoked_on=YESTERDAY)),
        permitted("client_in_open_case"),
        id="the client in an open case needs no release, even a revoked one",
    ),
    # --- Parents --------------------------------------------------------------------------------
    pytest.param(
        situation(R.PARENT, verified=True),
        permitted("parent_in_open_case"),
        id="a verified parent with parental rights in an open case is permitted",
    ),
    pytest.param(
        situation(R.PARENT, verified=True, rights_terminated=True),
        escalated("parental_rights_terminated", "no_release"),
        id="a parent whose rights were terminated is escalated",
    ),
    pytest.param(
        situation(R.PARENT),
        escalated("relationship_not_verified", "no_release"),
        id="a parent whose relationship is not verified is escalated",
    ),
    pytest.param(
        situation(R.PARENT, verified=True, case=CaseStatus.CLOSED),
        escalated("case_not_open", "no_release"),
        id="a parent in a closed case is escalated",
    ),
    pytest.param(
        situation(R.PARENT, case=CaseStatus.CLOSED, rights_terminated=True),
        escalated(
            "case_not_open", "relationship_not_verified", "parental_rights_terminated", "no_release"
        ),
        id="a parent failing every condition gets every reason",
    ),
    pytest.param(
        situation(
            R.PARENT,
            verified=True,
            rights_terminated=True,
            release=valid_release(revoked_on=TODAY),
        ),
        escalated("parental_rights_terminated", "release_revoked"),
        id="a parent whose rights were terminated, with a release revoked today, gets both reasons",
    ),
    pytest.param(
        situation(R.PARENT, verified=True, rights_terminated=True, release=valid_release()),
        permitted("signed_current_release"),
        id="a parent whose rights were terminated may receive what a current release covers",
    ),
    # --- Legal guardians, attorneys, authorized representatives ---------------------------------
    pytest.param(
        situation(R.LEGAL_GUARDIAN, verified=True),
        permitted("legal_guardian_in_open_case"),
        id="a verified legal guardian in an open case is permitted",
    ),
    pytest.param(
        situation(R.LEGAL_GUARDIAN, verified=True, case=CaseStatus.CLOSED),
        escalated("case_not_open", "no_release"),
        id="a legal guardian in a closed case is escalated",
    ),
    pytest.param(
        situation(R.LEGAL_GUARDIAN),
        escalated("relationship_not_verified", "no_release"),
        id="an unverified legal guardian is escalated",
    ),
    pytest.param(
        situation(R.LEGAL_GUARDIAN, verified=True, rights_terminated=True),
        permitted("legal_guardian_in_open_case"),
        id="terminated parental rights do not concern a legal guardian",
    ),
    pytest.param(
        situation(R.ATTORNEY, verified=True),
        permitted("attorney_in_open_case"),
        id="the client's verified attorney in an open case is permitted",
    ),
    pytest.param(
        situation(R.ATTORNEY, verified=True, case=CaseStatus.CLOSED),
        escalated("case_not_open", "no_release"),
        id="an attorney in a closed case is escalated",
    ),
    pytest.param(
        situation(R.ATTORNEY),
        escalated("relationship_not_verified", "no_release"),
        id="an attorney not verified as the client's is escalated",
    ),
    pytest.param(
        situation(R.AUTHORIZED_REPRESENTATIVE, verified=True),
        permitted("authorized_representative_in_open_case"),
        id="a verified authorized representative in an open case is permitted",
    ),
    pytest.param(
        situation(R.AUTHORIZED_REPRESENTATIVE, case=CaseStatus.CLOSED),
        escalated("case_not_open", "relationship_not_verified", "no_release"),
        id="an unverified authorized representative in a closed case is escalated",
    ),
    # --- DCF staff and Assistant Attorneys General -----------------------------------------------
    pytest.param(
        situation(R.DCF_STAFF, business_reason="Covering the caseworker's visits this week"),
        permitted("dcf_staff_business_reason"),
        id="DCF staff with a business reason to know are permitted",
    ),
    pytest.param(
        situation(R.DCF_STAFF, case=CaseStatus.CLOSED, business_reason="Adoption subsidy review"),
        permitted("dcf_staff_business_reason"),
        id="DCF staff with a business reason are permitted whatever the case status",
    ),
    pytest.param(
        situation(R.DCF_STAFF),
        escalated("no_business_reason", "no_release"),
        id="DCF staff without a business reason are escalated",
    ),
    pytest.param(
        situation(R.DCF_STAFF, business_reason=" \t\n "),
        escalated("no_business_reason", "no_release"),
        id="a business reason of only spaces is no business reason",
    ),
    pytest.param(
        situation(R.ASSISTANT_ATTORNEY_GENERAL),
        permitted("assistant_attorney_general"),
        id="an Assistant Attorney General is permitted",
    ),
    pytest.param(
        situation(R.ASSISTANT_ATTORNEY_GENERAL, case=CaseStatus.CLOSED),
        permitted("assistant_attorney_general"),
        id="an Assistant Attorney General is permitted in a closed case",
    ),
    pytest.param(
        situation(R.ASSISTANT_ATTORNEY_GENERAL, assigned=False),
        escalated("not_in_normal_course", cites="not_in_normal_course"),
        id="an Assistant Attorney General asked for outside normal duties is escalated",
    ),
    # --- Courts ---------------------------------------------------------------------------------
    pytest.param(
        situation(R.JUVENILE_COURT, hearing=True),
        permitted("court_hearing_on_case"),
        id="the juvenile court for a hearing on this case is permitted",
    ),
    pytest.param(
        situation(R.PROBATE_COURT, case=CaseStatus.CLOSED, hearing=True),
        permitted("court_hearing_on_case"),
        id="a probate court for a hearing on this case is permitted whatever the case status",
    ),
    pytest.param(
        situation(R.JUVENILE_COURT),
        escalated("hearing_not_related", "no_release"),
        id="the juvenile court for something other than a hearing on this case is escalated",
    ),
    pytest.param(
        situation(R.PROBATE_COURT),
        escalated("hearing_not_related", "no_release"),
        id="a probate court for something other than a hearing on this case is escalated",
    ),
    pytest.param(
        situation(R.OTHER_COURT, hearing=True),
        escalated("recipient_not_listed", "no_release"),
        id="another court is not on the list even for a hearing on this case",
    ),
    # --- Releases -------------------------------------------------------------------------------
    pytest.param(
        situation(R.THIRD_PARTY),
        escalated("recipient_not_listed", "no_release"),
        id="a third party without a release is escalated",
    ),
    pytest.param(
        situation(R.THIRD_PARTY, release=valid_release()),
        permitted("signed_current_release"),
        id="a third party named in a signed and current release is permitted",
    ),
    pytest.param(
        situation(R.OTHER_COURT, release=valid_release()),
        permitted("signed_current_release"),
        id="another court named in a signed and current release is permitted",
    ),
    pytest.param(
        situation(R.THIRD_PARTY, release=valid_release(signed_by=Signer.AUTHORIZED_REPRESENTATIVE)),
        permitted("signed_current_release"),
        id="a release signed by the client's authorized representative is valid",
    ),
    pytest.param(
        situation(
            R.THIRD_PARTY,
            release=valid_release(signed_on=TODAY, effective_on=TODAY, expires_on=TODAY),
        ),
        permitted("signed_current_release"),
        id="a release signed, effective and expiring today is current today",
    ),
    pytest.param(
        situation(R.THIRD_PARTY, release=valid_release(revoked_on=TOMORROW)),
        permitted("signed_current_release"),
        id="a release to be revoked tomorrow is still current today",
    ),
    pytest.param(
        situation(
            R.THIRD_PARTY,
            categories=(C.EDUCATIONAL, C.EDUCATIONAL),
            release=valid_release(categories=(C.EDUCATIONAL,)),
        ),
        permitted("signed_current_release"),
        id="a release covering exactly the requested category is enough",
    ),
    pytest.param(
        situation(R.THIRD_PARTY, release=valid_release(form=ReleaseForm.DCF_2131T)),
        escalated("release_wrong_form", "recipient_not_listed"),
        id="a DCF-2131T release cannot authorize disclosure from DCF",
    ),
    pytest.param(
        situation(R.THIRD_PARTY, release=valid_release(signed_on=None)),
        escalated("release_unsigned", "recipient_not_listed"),
        id="an unsigned release is escalated",
    ),
    pytest.param(
        situation(R.THIRD_PARTY, release=valid_release(signed_on=TOMORROW)),
        escalated("release_unsigned", "recipient_not_listed"),
        id="a release signed only after the decision date is not signed yet",
    ),
    pytest.param(
        situation(R.THIRD_PARTY, release=valid_release(signed_by=Signer.OTHER)),
        escalated("release_signer_not_authorized", "recipient_not_listed"),
        id="a release signed by someone other than the client or their representative is escalated",
    ),
    pytest.param(
        situation(R.THIRD_PARTY, release=valid_release(signer_was_minor=False)),
        permitted("signed_current_release"),
        id="a release the client signed as an adult is valid",
    ),
    pytest.param(
        situation(
            R.THIRD_PARTY,
            release=valid_release(
                signed_by=Signer.AUTHORIZED_REPRESENTATIVE, signer_was_minor=True
            ),
        ),
        permitted("signed_current_release"),
        id="a release a parent or guardian signed for a minor client is valid",
    ),
    pytest.param(
        situation(R.THIRD_PARTY, release=valid_release(signer_was_minor=True)),
        escalated("release_signer_minor", "recipient_not_listed"),
        id="a release the client signed as a minor is escalated",
    ),
    pytest.param(
        situation(R.OTHER_COURT, release=valid_release(signer_was_minor=True)),
        escalated("release_signer_minor", "recipient_not_listed"),
        id="a release failing only because a minor client signed it still escalates, listing it",
    ),
    pytest.param(
        situation(
            R.THIRD_PARTY, release=valid_release(signed_by=Signer.OTHER, signer_was_minor=True)
        ),
        escalated("release_signer_not_authorized", "recipient_not_listed"),
        id="a minor client's age is not held against a signer who is not the client",
    ),
    pytest.param(
        situation(R.PARENT, verified=True, release=valid_release(signer_was_minor=True)),
        permitted("parent_in_open_case"),
        id="a verified parent in an open case needs no release, even one a minor client signed",
    ),
    pytest.param(
        situation(
            R.JUVENILE_COURT,
            release=valid_release(signer_was_minor=True, expires_on=YESTERDAY),
        ),
        escalated("hearing_not_related", "release_signer_minor", "release_expired"),
        id="a minor client's signature is listed with the release's other problems",
    ),
    pytest.param(
        situation(R.THIRD_PARTY, release=valid_release(effective_on=TOMORROW)),
        escalated("release_not_yet_effective", "recipient_not_listed"),
        id="a release not yet in effect is escalated",
    ),
    pytest.param(
        situation(R.THIRD_PARTY, release=valid_release(expires_on=None)),
        escalated("release_no_expiration", "recipient_not_listed"),
        id="a release without an expiration date is escalated",
    ),
    pytest.param(
        situation(R.THIRD_PARTY, release=valid_release(expires_on=YESTERDAY)),
        escalated("release_expired", "recipient_not_listed"),
        id="a release that expired yesterday is escalated",
    ),
    pytest.param(
        situation(R.THIRD_PARTY, release=valid_release(revoked_on=TODAY)),
        escalated("release_revoked", "recipient_not_listed"),
        id="a release revoked today is escalated",
    ),
    pytest.param(
        situation(R.THIRD_PARTY, release=valid_release(revoked_on=LAST_YEAR)),
        escalated("release_revoked", "recipient_not_listed"),
        id="a release revoked last year is escalated",
    ),
    pytest.param(
        situation(R.THIRD_PARTY, release=valid_release(names_recipient=False)),
        escalated("release_recipient_not_named", "recipient_not_listed"),
        id="a release that does not name the recipient is escalated",
    ),
    pytest.param(
        situation(R.THIRD_PARTY, categories=(C.CASE_RECORD, C.MEDICAL), release=valid_release()),
        escalated("release_scope_insufficient", "recipient_not_listed"),
        id="a release that does not cover every requested category is escalated",
    ),
    pytest.param(
        situation(
            R.THIRD_PARTY,
            release=valid_release(
                form=ReleaseForm.DCF_2131T,
                signed_on=None,
                signed_by=Signer.OTHER,
                effective_on=TOMORROW,
                expires_on=None,
                revoked_on=YESTERDAY,
                names_recipient=False,
                categories=(),
            ),
        ),
        escalated(*ALL_RELEASE_FAILURES, "recipient_not_listed"),
        id="a release wrong in every way gets every reason, without calling it expired",
    ),
    pytest.param(
        situation(R.JUVENILE_COURT, release=valid_release(expires_on=YESTERDAY)),
        escalated("hearing_not_related", "release_expired"),
        id="a court outside a hearing with an expired release gets both reasons",
    ),
]


@pytest.mark.parametrize(("facts", "expected"), ROWS)
def test_situation(facts: Facts, expected: Expected) -> None:
    decision = evaluate(facts)

    assert decision.outcome is expected.outcome
    assert decision.rule == expected.rule
    assert decision.citation == _rule(expected.cites).citation
    assert decision.codes == expected.codes
    assert decision.policy_version == POLICY_VERSION
    assert decision.facts is facts


def _rule(rule_id: str) -> Rule:
    (rule,) = (rule for rule in RULES if rule.id == rule_id)
    return rule


def _rows() -> list[tuple[Facts, Expected]]:
    return [(row.values[0], row.values[1]) for row in ROWS]  # type: ignore[misc]


def test_every_rule_is_exercised_both_ways_by_the_table() -> None:
    """Each gate fails in a row and passes in another; each permit rule permits in a row and fails
    to in another; the escalation rule is cited; every reason code appears in some row."""
    rows = _rows()
    seen_codes = {code for _, expected in rows for code in expected.codes}
    seen_rules = {expected.rule for _, expected in rows} | {e.cites for _, e in rows}

    for gate in GATES:
        assert any(gate.id in e.codes for _, e in rows), f"no row where {gate.id} fails"
        assert any(gate.id not in e.codes for _, e in rows), f"no row where {gate.id} passes"
    for rule in PERMIT_RULES:
        assert any(e.rule == rule.id for _, e in rows), f"no row permitted by {rule.id}"
        assert any(
            e.outcome is Outcome.ESCALATED
            and facts.recipient.kind in rule.recipients
            and (facts.release is not None or not rule.needs_release)
            for facts, e in rows
        ), f"no escalated row to which {rule.id} applies"
    assert ESCALATION_RULE.id in seen_rules
    for rule in RULES:
        assert rule.id in seen_rules | seen_codes, f"{rule.id} appears in no row"
        for condition in rule.conditions:
            assert condition.code in seen_codes, f"reason {condition.code} appears in no row"


def test_rules_are_ordered_gates_then_permits_then_escalation() -> None:
    kinds = [rule.kind for rule in RULES]
    assert kinds == sorted(kinds, key=[RuleKind.GATE, RuleKind.PERMIT, RuleKind.ESCALATION].index)
    assert [rule.id for rule in GATES] == [
        "requester_must_consult_legal",
        "not_in_normal_course",
        "requester_in_doubt",
        "sensitive_information",
    ]
    assert ESCALATION_RULE is RULES[-1]


def test_rule_ids_are_the_stable_ones() -> None:
    assert [rule.id for rule in RULES] == [
        "requester_must_consult_legal",
        "not_in_normal_course",
        "requester_in_doubt",
        "sensitive_information",
        "client_in_open_case",
        "parent_in_open_case",
        "legal_guardian_in_open_case",
        "attorney_in_open_case",
        "authorized_representative_in_open_case",
        "dcf_staff_business_reason",
        "assistant_attorney_general",
        "court_hearing_on_case",
        "signed_current_release",
        "forward_to_legal_affairs",
    ]


def test_every_rule_cites_and_describes_its_clause() -> None:
    snake_case = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")
    for rule in RULES:
        assert snake_case.fullmatch(rule.id)
        assert rule.citation.startswith("DCF Policy 31-8-5, ")
        assert '"' in rule.citation, f"{rule.id} quotes no clause"
        assert rule.description
        for condition in rule.conditions:
            assert snake_case.fullmatch(condition.code)
    for rule in PERMIT_RULES:
        assert rule.permits_because


def test_escalation_citations_send_the_request_to_legal_affairs() -> None:
    by_id = {rule.id: rule for rule in RULES}
    assert "Office of Legal Affairs staff prior to dissemination" in (
        by_id["requester_must_consult_legal"].citation
    )
    assert "a legal consultation shall be sought" in by_id["requester_in_doubt"].citation
    assert "shall be forwarded to DCF Office of Legal Affairs" in (
        by_id["forward_to_legal_affairs"].citation
    )
    assert "shall be forwarded to DCF Office of Legal Affairs" in (
        by_id["not_in_normal_course"].citation
    )


_POLICY_TEXT = Path(__file__).resolve().parents[3] / "shared/policy/dcf-31-8-5-confidentiality.txt"


@pytest.mark.skipif(not _POLICY_TEXT.exists(), reason="the policy text is kept beside the checkout")
def test_every_quoted_clause_is_in_the_policy_text() -> None:
    policy = " ".join(_POLICY_TEXT.read_text(encoding="utf-8").split())
    for rule in RULES:
        for quoted in re.findall(r'"([^"]+)"', rule.citation):
            assert quoted in policy, f"{rule.id} quotes {quoted!r}, not in 31-8-5"


def test_reason_messages_are_plain_english_sentences() -> None:
    messages = [c.message for rule in RULES for c in rule.conditions]
    messages += [rule.permits_because for rule in PERMIT_RULES]
    for message in messages:
        assert message[0].isupper()
        assert message.endswith(".")
        assert "_" not in message, f"a code leaked into {message!r}"


def test_a_failing_condition_has_the_message_of_its_rule() -> None:
    decision = evaluate(situation(R.CLIENT, case=CaseStatus.CLOSED))

    assert decision.reasons[0].message == (
        "The case is not open; 31-8-5 lets you disclose to the client only in an open case."
    )


def test_permitted_decision_has_one_reason_named_after_its_rule() -> None:
    decision = evaluate(situation(R.PARENT, verified=True))

    assert decision.permitted
    assert len(decision.reasons) == 1
    assert decision.reasons[0].code == "parent_in_open_case"
    assert "parent" in decision.reasons[0].message


class TestSensitiveCategories:
    """The sensitive set is the deployment's to choose; the engine takes it as a parameter."""

    def test_default_set(self) -> None:
        assert frozenset({"hiv_related", "substance_use", "reporter_identity"}) == (
            DEFAULT_SENSITIVE_CATEGORIES
        )

    def test_a_wider_set_escalates_more(self) -> None:
        facts = situation(R.CLIENT, categories=(C.PSYCHIATRIC,))

        decision = evaluate(facts, sensitive_categories=["psychiatric", "hiv_related"])

        assert decision.codes == ("sensitive_information",)

    def test_an_empty_set_escalates_nothing_for_sensitivity(self) -> None:
        facts = situation(R.CLIENT, categories=(C.HIV_RELATED,))

        assert evaluate(facts, sensitive_categories=frozenset()).rule == "client_in_open_case"

    def test_an_equal_set_decides_like_the_default(self) -> None:
        facts = situation(R.CLIENT, categories=(C.REPORTER_IDENTITY,))
        same = {"hiv_related", "substance_use", "reporter_identity"}

        assert evaluate(facts, sensitive_categories=same) == evaluate(facts)


class TestExplain:
    def test_permitted(self) -> None:
        decision = evaluate(situation(R.ASSISTANT_ATTORNEY_GENERAL))

        lines = explain(decision)

        assert lines[0].startswith("Permitted: you may disclose")
        assert lines[1] == decision.reasons[0].message
        assert decision.citation in lines[-1]
        assert POLICY_VERSION in lines[-1]

    def test_escalated_lists_every_reason(self) -> None:
        decision = evaluate(situation(R.THIRD_PARTY, assigned=False))

        lines = explain(decision)

        assert lines[0].startswith("Sent to the Office of Legal Affairs")
        assert lines[1:-1] == [reason.message for reason in decision.reasons]
        assert len(lines) == 5
        assert lines[-1].startswith("Authority: DCF Policy 31-8-5")


def test_decision_exposes_codes_and_permitted() -> None:
    decision = evaluate(situation(R.OTHER_COURT))

    assert isinstance(decision, Decision)
    assert not decision.permitted
    assert decision.codes == ("recipient_not_listed", "no_release")


def test_the_engine_never_denies() -> None:
    assert {outcome.value for outcome in Outcome} == {"permitted", "escalated"}


D = datetime.date
MAX_DAYS = 365


@pytest.mark.parametrize(
    ("signed_on", "effective_on", "expires_on", "hold"),
    [
        pytest.param(D(2026, 1, 1), D(2026, 1, 1), D(2027, 1, 1), True, id="a year from signing"),
        pytest.param(D(2026, 1, 1), D(2026, 3, 1), D(2027, 1, 1), True, id="effective later"),
        pytest.param(D(2026, 1, 1), D(2026, 1, 1), D(2027, 1, 2), False, id="a day past the limit"),
        pytest.param(
            D(2026, 1, 1), D(2026, 1, 1), D(9999, 12, 31), False, id="no real limit in time"
        ),
        pytest.param(
            D(2026, 1, 5), D(2026, 1, 1), D(2026, 6, 1), False, id="effective before signing"
        ),
        pytest.param(D(2026, 1, 1), D(2026, 6, 1), D(2026, 6, 1), False, id="expiring on effect"),
        pytest.param(D(2026, 1, 1), D(2026, 6, 1), D(2026, 5, 1), False, id="expiring before"),
        pytest.param(None, D(2026, 3, 1), D(2027, 3, 1), True, id="unsigned, a year from effect"),
        pytest.param(None, D(2026, 3, 1), D(2027, 3, 2), False, id="unsigned, past the limit"),
        pytest.param(None, D(2026, 3, 1), None, True, id="no expiry is judged by the rules"),
        pytest.param(
            D(2026, 3, 2), D(2026, 3, 1), None, False, id="no expiry, effective before signing"
        ),
    ],
)
def test_release_dates_hold(
    signed_on: datetime.date | None,
    effective_on: datetime.date,
    expires_on: datetime.date | None,
    hold: bool,
) -> None:
    """A release's dates make sense together: the portal asks this of a stored release before the
    engine or the release pages rely on it (`RELEASE_MAX_DAYS` is the limit)."""
    assert release_dates_hold(signed_on, effective_on, expires_on, max_days=MAX_DAYS) is hold
