"""Facts from JSON and decisions to JSON: the contract of the `evaluate_disclosure` command.

Every bad value is reported as `path: message`, all of them at once; extra keys are ignored.
"""

from __future__ import annotations

import copy
import datetime
import json
from typing import Any

import pytest

from requests_app.policy import (
    Case,
    CaseStatus,
    Category,
    Document,
    Facts,
    Information,
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
    parse_document,
    parse_facts,
)

KINDS = (
    "client, parent, legal_guardian, attorney, authorized_representative, dcf_staff, "
    "assistant_attorney_general, juvenile_court, probate_court, other_court, third_party"
)
CATEGORIES = (
    "case_record, investigation, medical, psychiatric, substance_use, hiv_related, educational, "
    "reporter_identity, other"
)

ROLES = "social_worker, solnit_north_staff, solnit_south_staff, cjts_staff, other_dcf_staff"
# Full-width digits count as digits for str.isdigit and for \d in re, but not in a date.
FULL_WIDTH_YEAR = "\uff12\uff10\uff12\uff16-06-15"

FULL: dict[str, Any] = {
    "as_of": "2026-06-15",
    "requester": {"role": "social_worker", "assigned_to_case": True, "in_doubt": False},
    "case": {"status": "open"},
    "recipient": {
        "kind": "third_party",
        "relationship_verified": False,
        "parental_rights_terminated": False,
        "business_reason": "",
        "hearing_related_to_case": False,
    },
    "information": {"categories": ["case_record", "educational"]},
    "release": {
        "form": "DCF-2131F",
        "signed_on": "2026-01-10",
        "signed_by": "client",
        "effective_on": "2026-01-10",
        "expires_on": "2027-01-10",
        "revoked_on": None,
        "names_recipient": True,
        "categories": ["case_record", "educational", "medical"],
        "signer_was_minor": False,
    },
}

FULL_FACTS = Facts(
    as_of=datetime.date(2026, 6, 15),
    requester=Requester(role=Role.SOCIAL_WORKER, assigned_to_case=True, in_doubt=False),
    case=Case(status=CaseStatus.OPEN),
    recipient=Recipient(kind=RecipientKind.THIRD_PARTY),
    information=Information(categories=(Category.CASE_RECORD, Category.EDUCATIONAL)),
    release=Release(
        form=ReleaseForm.DCF_2131F,
        signed_on=datetime.date(2026, 1, 10),
        signed_by=Signer.CLIENT,
        effective_on=datetime.date(2026, 1, 10),
        expires_on=datetime.date(2027, 1, 10),
        revoked_on=None,
        names_recipient=True,
        categories=(Category.CASE_RECORD, Category.EDUCATIONAL, Category.MEDICAL),
    ),
)

DELETE = object()


def changed(**changes: object) -> dict[str, Any]:
    """FULL with fields replaced (or removed, with DELETE); keys are dotted paths, `__` for `.`."""
    data = copy.deepcopy(FULL)
    for dotted, value in changes.items():
        *parents, last = dotted.split("__")
        target = data
        for key in parents:
            target = target[key]
        if value is DELETE:
            del target[last]
        else:
            target[last] = value
    return data


def test_full_facts_parse() -> None:
    assert parse_facts(FULL) == (FULL_FACTS, [])


def test_optional_fields_take_their_defaults() -> None:
    data = {
        "as_of": "2026-06-15",
        "requester": {"role": "cjts_staff", "assigned_to_case": True},
        "case": {"status": "closed"},
        "recipient": {"kind": "parent"},
        "information": {"categories": ["medical"]},
    }

    facts, problems = parse_facts(data)

    assert problems == []
    assert facts == Facts(
        as_of=datetime.date(2026, 6, 15),
        requester=Requester(role=Role.CJTS_STAFF, assigned_to_case=True, in_doubt=False),
        case=Case(status=CaseStatus.CLOSED),
        recipient=Recipient(
            kind=RecipientKind.PARENT,
            relationship_verified=False,
            parental_rights_terminated=False,
            business_reason="",
            hearing_related_to_case=False,
        ),
        information=Information(categories=(Category.MEDICAL,)),
        release=None,
    )


def test_a_null_release_is_no_release() -> None:
    facts, problems = parse_facts(changed(release=None))

    assert problems == []
    assert facts is not None
    assert facts.release is None


def test_a_release_with_only_its_required_fields() -> None:
    release = {
        "form": "DCF-2131T",
        "signed_by": "other",
        "effective_on": "2026-01-01",
        "names_recipient": False,
        "categories": [],
    }

    facts, problems = parse_facts(changed(release=release))

    assert problems == []
    assert facts is not None
    assert facts.release == Release(
        form=ReleaseForm.DCF_2131T,
        signed_on=None,
        signed_by=Signer.OTHER,
        effective_on=datetime.date(2026, 1, 1),
        expires_on=None,
        revoked_on=None,
        names_recipient=False,
        categories=(),
    )


def test_a_release_without_signer_was_minor_reads_as_before() -> None:
    """`signer_was_minor` is optional: facts written before it existed mean what they meant."""
    data = changed(release__signer_was_minor=DELETE)

    assert parse_facts(data) == (FULL_FACTS, [])


def test_a_release_the_client_signed_as_a_minor() -> None:
    facts, problems = parse_facts(changed(release__signer_was_minor=True))

    assert problems == []
    assert facts is not None and facts.release is not None
    assert facts.release.signer_was_minor is True
    assert facts_to_dict(facts)["release"]["signer_was_minor"] is True


def test_unknown_keys_are_ignored_at_every_level() -> None:
    data = changed(
        note="from the intake form",
        requester__name="J. Smith",
        case__number="C-1234",
        recipient__address={"city": "Hartford"},
        information__purpose="school enrolment",
        release__scan="2131F.pdf",
    )

    assert parse_facts(data) == (FULL_FACTS, [])


def test_facts_to_dict_spells_out_every_field() -> None:
    assert facts_to_dict(FULL_FACTS) == FULL


BAD = [
    pytest.param(changed(as_of=DELETE), ["as_of: missing required field"], id="as_of missing"),
    pytest.param(
        changed(as_of=20260615),
        ["as_of: expected a date (YYYY-MM-DD), got a number (20260615)"],
        id="as_of given as a number",
    ),
    pytest.param(
        changed(as_of="20260615"),
        ["as_of: '20260615' is not a date in YYYY-MM-DD form"],
        id="as_of in compact ISO form",
    ),
    pytest.param(
        changed(as_of="2026-6-15"),
        ["as_of: '2026-6-15' is not a date in YYYY-MM-DD form"],
        id="as_of without leading zeros",
    ),
    pytest.param(
        changed(as_of="2026-06-15T09:00:00"),
        ["as_of: '2026-06-15T09:00:00' is not a date in YYYY-MM-DD form"],
        id="as_of with a time",
    ),
    pytest.param(
        changed(as_of="2026-06-15\n"),
        ["as_of: '2026-06-15\\n' is not a date in YYYY-MM-DD form"],
        id="as_of with a trailing newline",
    ),
    pytest.param(
        changed(as_of=FULL_WIDTH_YEAR),
        [f"as_of: '{FULL_WIDTH_YEAR}' is not a date in YYYY-MM-DD form"],
        id="as_of in full-width digits",
    ),
    pytest.param(
        changed(as_of="2026-02-30"),
        ["as_of: '2026-02-30' is not a real date"],
        id="as_of on the thirtieth of February",
    ),
    pytest.param(
        changed(requester=DELETE), ["requester: missing required field"], id="requester missing"
    ),
    pytest.param(
        changed(requester=5),
        ["requester: expected an object, got a number (5)"],
        id="requester given as a number",
    ),
    pytest.param(
        changed(case=["open"]),
        ["case: expected an object, got a list"],
        id="case given as a list",
    ),
    pytest.param(
        changed(recipient="client"),
        ["recipient: expected an object, got a string ('client')"],
        id="recipient given as a string",
    ),
    pytest.param(
        changed(information=None),
        ["information: expected an object, got null"],
        id="information given as null",
    ),
    pytest.param(
        changed(requester__role=DELETE),
        ["requester.role: missing required field"],
        id="role missing",
    ),
    pytest.param(
        changed(requester__role="intern"),
        [f"requester.role: 'intern' is not one of {ROLES}"],
        id="unknown role",
    ),
    pytest.param(
        changed(requester__role={"name": "social_worker"}),
        ["requester.role: expected a string, got an object"],
        id="role given as an object",
    ),
    pytest.param(
        changed(requester__assigned_to_case=DELETE),
        ["requester.assigned_to_case: missing required field"],
        id="assigned_to_case missing",
    ),
    pytest.param(
        changed(requester__assigned_to_case=1),
        ["requester.assigned_to_case: expected true or false, got a number (1)"],
        id="assigned_to_case given as 1",
    ),
    pytest.param(
        changed(requester__assigned_to_case="true"),
        ["requester.assigned_to_case: expected true or false, got a string ('true')"],
        id="assigned_to_case given as a string",
    ),
    pytest.param(
        changed(requester__in_doubt=0.0),
        ["requester.in_doubt: expected true or false, got a number (0.0)"],
        id="in_doubt given as a number",
    ),
    pytest.param(
        changed(requester__in_doubt=None),
        ["requester.in_doubt: expected true or false, got null"],
        id="in_doubt given as null",
    ),
    pytest.param(
        changed(case__status=DELETE), ["case.status: missing required field"], id="status missing"
    ),
    pytest.param(
        changed(case__status="Open"),
        ["case.status: 'Open' is not one of open, closed"],
        id="status in the wrong case",
    ),
    pytest.param(
        changed(recipient__kind=DELETE),
        ["recipient.kind: missing required field"],
        id="recipient kind missing",
    ),
    pytest.param(
        changed(recipient__kind="media"),
        [f"recipient.kind: 'media' is not one of {KINDS}"],
        id="unknown recipient kind",
    ),
    pytest.param(
        changed(recipient__kind=True),
        ["recipient.kind: expected a string, got true"],
        id="recipient kind given as true",
    ),
    pytest.param(
        changed(
            recipient__relationship_verified="yes",
            recipient__parental_rights_terminated=None,
            recipient__hearing_related_to_case=1,
        ),
        [
            "recipient.relationship_verified: expected true or false, got a string ('yes')",
            "recipient.parental_rights_terminated: expected true or false, got null",
            "recipient.hearing_related_to_case: expected true or false, got a number (1)",
        ],
        id="recipient flags that are not booleans",
    ),
    pytest.param(
        changed(recipient__business_reason=False),
        ["recipient.business_reason: expected a string, got false"],
        id="business reason given as false",
    ),
    pytest.param(
        changed(information__categories=DELETE),
        ["information.categories: missing required field"],
        id="categories missing",
    ),
    pytest.param(
        changed(information__categories="case_record"),
        ["information.categories: expected a list of categories, got a string ('case_record')"],
        id="categories given as a string",
    ),
    pytest.param(
        changed(information__categories=[]),
        ["information.categories: expected at least one category, got an empty list"],
        id="no categories",
    ),
    pytest.param(
        changed(information__categories=["case_record", "gossip", 3]),
        [
            f"information.categories[1]: 'gossip' is not one of {CATEGORIES}",
            "information.categories[2]: expected a string, got a number (3)",
        ],
        id="unknown and mistyped categories",
    ),
    pytest.param(
        changed(release=5),
        ["release: expected an object or null, got a number (5)"],
        id="release given as a number",
    ),
    pytest.param(
        changed(release={}),
        [
            "release.form: missing required field",
            "release.signed_by: missing required field",
            "release.effective_on: missing required field",
            "release.names_recipient: missing required field",
            "release.categories: missing required field",
        ],
        id="empty release",
    ),
    pytest.param(
        changed(
            release__form="DCF-2131",
            release__signed_by="guardian",
            release__names_recipient="yes",
            release__categories=["case_record", "everything"],
        ),
        [
            "release.form: 'DCF-2131' is not one of DCF-2131F, DCF-2131T",
            "release.signed_by: 'guardian' is not one of client, authorized_representative, other",
            "release.names_recipient: expected true or false, got a string ('yes')",
            f"release.categories[1]: 'everything' is not one of {CATEGORIES}",
        ],
        id="release with unknown values",
    ),
    pytest.param(
        changed(
            release__signed_on="last week",
            release__effective_on=None,
            release__expires_on=5,
            release__revoked_on=False,
        ),
        [
            "release.effective_on: expected a date (YYYY-MM-DD), got null",
            "release.signed_on: 'last week' is not a date in YYYY-MM-DD form",
            "release.expires_on: expected a date (YYYY-MM-DD) or null, got a number (5)",
            "release.revoked_on: expected a date (YYYY-MM-DD) or null, got false",
        ],
        id="release with bad dates",
    ),
    pytest.param(
        changed(release__signer_was_minor="no"),
        ["release.signer_was_minor: expected true or false, got a string ('no')"],
        id="signer_was_minor given as a word",
    ),
    pytest.param(
        changed(release__signer_was_minor=None),
        ["release.signer_was_minor: expected true or false, got null"],
        id="signer_was_minor given as null",
    ),
    pytest.param(
        changed(release__categories={"case_record": True}),
        ["release.categories: expected a list of categories, got an object"],
        id="release categories given as an object",
    ),
    pytest.param(
        changed(requester__role="x" * 100),
        [f"requester.role: '{'x' * 56}... is not one of {ROLES}"],
        id="a long value is shortened in the message",
    ),
    pytest.param(
        {"as_of": "2026-06-15"},
        [
            "requester: missing required field",
            "case: missing required field",
            "recipient: missing required field",
            "information: missing required field",
        ],
        id="only the date",
    ),
    pytest.param(["not", "an", "object"], ["input: expected an object, got a list"], id="a list"),
]


@pytest.mark.parametrize(("data", "problems"), BAD)
def test_bad_facts_are_reported_by_path(data: object, problems: list[str]) -> None:
    assert parse_facts(data) == (None, problems)


def test_a_path_prefix_names_the_array_element() -> None:
    facts, problems = parse_facts(changed(recipient__kind="media"), path="[3]")

    assert facts is None
    assert problems == [f"[3].recipient.kind: 'media' is not one of {KINDS}"]


def test_an_element_that_is_not_an_object_is_named_by_its_index() -> None:
    assert parse_facts(7, path="[2]") == (None, ["[2]: expected an object, got a number (7)"])


class TestParseDocument:
    def test_one_object(self) -> None:
        assert parse_document(json.dumps(FULL)) == Document((FULL_FACTS,), False, ())

    def test_an_array(self) -> None:
        text = json.dumps([FULL, changed(case__status="closed")])

        document = parse_document(text.encode())

        assert document.many
        assert document.problems == ()
        assert [facts.case.status for facts in document.facts] == ["open", "closed"]

    def test_an_empty_array(self) -> None:
        assert parse_document("[]") == Document((), True, ())

    def test_every_problem_of_every_element(self) -> None:
        text = json.dumps([FULL, changed(as_of=DELETE), "x", changed(recipient__kind="media")])

        document = parse_document(text)

        assert document.problems == (
            "[1].as_of: missing required field",
            "[2]: expected an object, got a string ('x')",
            f"[3].recipient.kind: 'media' is not one of {KINDS}",
        )

    def test_a_problem_in_one_object_has_no_index(self) -> None:
        document = parse_document(json.dumps(changed(recipient__kind="media")))

        assert document == Document((), False, (f"recipient.kind: 'media' is not one of {KINDS}",))

    @pytest.mark.parametrize(
        ("text", "problem"),
        [
            pytest.param(
                "", "input: not valid JSON: Expecting value at line 1, column 1", id="empty"
            ),
            pytest.param(
                '{"as_of": "2026-06-15",\n}',
                "input: not valid JSON: Expecting property name enclosed in double quotes"
                " at line 2, column 1",
                id="trailing comma",
            ),
            pytest.param(
                "{} {}", "input: not valid JSON: Extra data at line 1, column 4", id="two values"
            ),
            pytest.param(
                '{"as_of": NaN}', "input: not valid JSON: NaN is not allowed in JSON", id="NaN"
            ),
            pytest.param(
                "[" * 100_000, "input: not valid JSON: nested too deeply", id="deeply nested"
            ),
            pytest.param(
                b'{"as_of": "\xff"}',
                "input: not valid JSON: the text is not UTF-8",
                id="not UTF-8",
            ),
            pytest.param(
                "5",
                "input: expected a JSON object or an array of objects, got a number (5)",
                id="a number",
            ),
            pytest.param(
                "null",
                "input: expected a JSON object or an array of objects, got null",
                id="null",
            ),
        ],
    )
    def test_input_that_is_not_facts(self, text: str | bytes, problem: str) -> None:
        assert parse_document(text) == Document((), False, (problem,))

    def test_a_byte_order_mark_is_accepted(self) -> None:
        document = parse_document(b"\xef\xbb\xbf" + json.dumps(FULL).encode())

        assert document.problems == ()


class TestDecisionToDict:
    def test_the_contract_fields(self) -> None:
        decision = evaluate(FULL_FACTS)

        assert decision_to_dict(decision) == {
            "outcome": "permitted",
            "rule": "signed_current_release",
            "citation": decision.citation,
            "reasons": [{"code": "signed_current_release", "message": decision.reasons[0].message}],
            "policy_version": decision.policy_version,
        }

    def test_an_escalation(self) -> None:
        decision = evaluate(parse_facts(changed(release=None))[0])  # type: ignore[arg-type]

        data = decision_to_dict(decision)

        assert data["outcome"] == "escalated"
        assert data["rule"] is None
        assert [r["code"] for r in data["reasons"]] == ["recipient_not_listed", "no_release"]

    def test_facts_included_for_storage(self) -> None:
        data = decision_to_dict(evaluate(FULL_FACTS), include_facts=True)

        assert data["facts"] == FULL
        assert json.loads(json.dumps(data)) == data
