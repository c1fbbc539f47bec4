"""`manage.py evaluate_disclosure`: facts JSON in, decision JSON out, exit 2 on bad input.

Most tests run the real command in a subprocess with the database pointed at a port where nothing
listens, so they also show that deciding never needs a database connection.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import django
import pytest
from django.core.management import call_command
from django.test import override_settings

from requests_app.management.commands.evaluate_disclosure import Command

PROJECT = Path(__file__).resolve().parents[2]
UNREACHABLE_DATABASE = "postgres://nobody@127.0.0.1:1/none"
KINDS = (
    "client, parent, legal_guardian, attorney, authorized_representative, dcf_staff, "
    "assistant_attorney_general, juvenile_court, probate_court, other_court, third_party"
)
CONTRACT_KEYS = {"outcome", "rule", "citation", "reasons", "policy_version"}

CLIENT_IN_OPEN_CASE: dict[str, Any] = {
    "as_of": "2026-06-15",
    "requester": {"role": "social_worker", "assigned_to_case": True},
    "case": {"status": "open"},
    "recipient": {"kind": "client"},
    "information": {"categories": ["case_record"]},
}
THIRD_PARTY_WITHOUT_RELEASE: dict[str, Any] = {
    **CLIENT_IN_OPEN_CASE,
    "recipient": {"kind": "third_party"},
    "release": None,
}


def with_changes(base: dict[str, Any], **sections: Any) -> dict[str, Any]:
    return {**base, **sections}


def run(*args: str, stdin: str | bytes = b"") -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": UNREACHABLE_DATABASE,
        "DJANGO_SETTINGS_MODULE": "dcfconf.settings",
    }
    data = stdin.encode() if isinstance(stdin, str) else stdin
    result = subprocess.run(
        [sys.executable, "manage.py", "evaluate_disclosure", *args],
        cwd=PROJECT,
        env=env,
        input=data,
        capture_output=True,
        timeout=60,
        check=False,
    )
    return subprocess.CompletedProcess(
        result.args, result.returncode, result.stdout.decode(), result.stderr.decode()
    )


class TestDecisions:
    def test_one_object_gives_one_decision_object(self) -> None:
        result = run(stdin=json.dumps(CLIENT_IN_OPEN_CASE))

        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
        assert result.stdout.endswith("}\n")
        decision = json.loads(result.stdout)
        assert set(decision) == CONTRACT_KEYS
        assert decision["outcome"] == "permitted"
        assert decision["rule"] == "client_in_open_case"
        assert "DCF Policy 31-8-5" in decision["citation"]
        assert decision["reasons"][0]["code"] == "client_in_open_case"

    def test_output_is_indented_json(self) -> None:
        result = run(stdin=json.dumps(CLIENT_IN_OPEN_CASE))

        assert result.stdout == json.dumps(json.loads(result.stdout), indent=2) + "\n"

    def test_an_array_gives_an_array_of_decisions_in_order(self) -> None:
        facts = [CLIENT_IN_OPEN_CASE, THIRD_PARTY_WITHOUT_RELEASE, CLIENT_IN_OPEN_CASE]

        result = run(stdin=json.dumps(facts))

        assert result.returncode == 0, result.stderr
        decisions = json.loads(result.stdout)
        assert [d["outcome"] for d in decisions] == ["permitted", "escalated", "permitted"]
        assert decisions[1] == {
            "outcome": "escalated",
            "rule": None,
            "citation": decisions[1]["citation"],
            "reasons": decisions[1]["reasons"],
            "policy_version": decisions[0]["policy_version"],
        }
        assert [r["code"] for r in decisions[1]["reasons"]] == [
            "recipient_not_listed",
            "no_release",
        ]
        assert "Office of Legal Affairs" in decisions[1]["citation"]

    def test_an_empty_array_gives_an_empty_array(self) -> None:
        result = run(stdin="[]")

        assert (result.returncode, result.stdout, result.stderr) == (0, "[]\n", "")

    def test_facts_from_a_file(self, tmp_path: Path) -> None:
        path = tmp_path / "facts.json"
        path.write_text(json.dumps([THIRD_PARTY_WITHOUT_RELEASE]), encoding="utf-8")

        result = run(str(path))

        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)[0]["outcome"] == "escalated"

    def test_a_dash_reads_standard_input(self) -> None:
        result = run("-", stdin=json.dumps(CLIENT_IN_OPEN_CASE))

        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["rule"] == "client_in_open_case"

    def test_a_release_a_minor_client_signed_is_escalated_with_its_reason(self) -> None:
        release = {
            "form": "DCF-2131F",
            "signed_on": "2026-01-10",
            "signed_by": "client",
            "effective_on": "2026-01-10",
            "expires_on": "2027-01-10",
            "names_recipient": True,
            "categories": ["case_record"],
        }
        facts = [
            with_changes(THIRD_PARTY_WITHOUT_RELEASE, release=release),
            with_changes(
                THIRD_PARTY_WITHOUT_RELEASE, release={**release, "signer_was_minor": False}
            ),
            with_changes(
                THIRD_PARTY_WITHOUT_RELEASE, release={**release, "signer_was_minor": True}
            ),
            with_changes(
                THIRD_PARTY_WITHOUT_RELEASE,
                release={
                    **release,
                    "signer_was_minor": True,
                    "signed_by": "authorized_representative",
                },
            ),
        ]

        result = run(stdin=json.dumps(facts))

        assert result.returncode == 0, result.stderr
        decisions = json.loads(result.stdout)
        assert [d["rule"] for d in decisions] == [
            "signed_current_release",
            "signed_current_release",
            None,
            "signed_current_release",
        ]
        assert decisions[2]["outcome"] == "escalated"
        assert decisions[2]["reasons"][0]["code"] == "release_signer_minor"
        assert "minor" in decisions[2]["reasons"][0]["message"]
        assert "parent or guardian must sign" in decisions[2]["reasons"][0]["message"]
        assert [r["code"] for r in decisions[2]["reasons"]] == [
            "release_signer_minor",
            "recipient_not_listed",
        ]

    def test_signer_was_minor_must_be_true_or_false(self) -> None:
        release = {
            "form": "DCF-2131F",
            "signed_by": "client",
            "effective_on": "2026-01-10",
            "names_recipient": True,
            "categories": ["case_record"],
            "signer_was_minor": "yes",
        }

        expect_rejected(
            run(stdin=json.dumps(with_changes(THIRD_PARTY_WITHOUT_RELEASE, release=release))),
            ["release.signer_was_minor: expected true or false, got a string ('yes')"],
        )

    def test_gates_and_recipient_reasons_are_all_listed(self) -> None:
        facts = with_changes(
            CLIENT_IN_OPEN_CASE,
            requester={"role": "other_dcf_staff", "assigned_to_case": False, "in_doubt": True},
            case={"status": "closed"},
            recipient={"kind": "parent", "parental_rights_terminated": True},
            information={"categories": ["hiv_related"]},
        )

        result = run(stdin=json.dumps(facts))

        decision = json.loads(result.stdout)
        assert [r["code"] for r in decision["reasons"]] == [
            "requester_must_consult_legal",
            "not_in_normal_course",
            "requester_in_doubt",
            "sensitive_information",
            "case_not_open",
            "relationship_not_verified",
            "parental_rights_terminated",
            "no_release",
        ]
        assert "prior to dissemination" in decision["citation"]


def expect_rejected(result: subprocess.CompletedProcess[str], problems: list[str]) -> None:
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == problems


class TestBadInput:
    def test_invalid_json(self) -> None:
        result = run(stdin='{"as_of": "2026-06-15",')

        expect_rejected(
            result,
            [
                "input: not valid JSON: Expecting property name enclosed in double quotes"
                " at line 1, column 24"
            ],
        )

    def test_missing_as_of(self) -> None:
        facts = dict(CLIENT_IN_OPEN_CASE)
        del facts["as_of"]

        expect_rejected(run(stdin=json.dumps(facts)), ["as_of: missing required field"])

    def test_unknown_recipient_kind_in_an_array(self) -> None:
        facts = [with_changes(CLIENT_IN_OPEN_CASE, recipient={"kind": "media"})]

        expect_rejected(
            run(stdin=json.dumps(facts)), [f"[0].recipient.kind: 'media' is not one of {KINDS}"]
        )

    def test_malformed_date(self) -> None:
        facts = with_changes(CLIENT_IN_OPEN_CASE, as_of="06/15/2026")

        expect_rejected(
            run(stdin=json.dumps(facts)), ["as_of: '06/15/2026' is not a date in YYYY-MM-DD form"]
        )

    def test_wrong_type(self) -> None:
        facts = with_changes(
            CLIENT_IN_OPEN_CASE, requester={"role": "social_worker", "assigned_to_case": 1}
        )

        expect_rejected(
            run(stdin=json.dumps(facts)),
            ["requester.assigned_to_case: expected true or false, got a number (1)"],
        )

    def test_a_nested_object_given_as_a_number(self) -> None:
        facts = with_changes(CLIENT_IN_OPEN_CASE, requester=5)

        expect_rejected(
            run(stdin=json.dumps(facts)), ["requester: expected an object, got a number (5)"]
        )

    def test_input_that_is_neither_an_object_nor_an_array(self) -> None:
        expect_rejected(
            run(stdin='"facts"'),
            ["input: expected a JSON object or an array of objects, got a string ('facts')"],
        )

    def test_every_problem_in_every_object_and_no_partial_output(self) -> None:
        facts = [
            CLIENT_IN_OPEN_CASE,
            with_changes(CLIENT_IN_OPEN_CASE, as_of="2026-02-30", case={"status": "pending"}),
            7,
            with_changes(CLIENT_IN_OPEN_CASE, information={"categories": []}),
        ]

        expect_rejected(
            run(stdin=json.dumps(facts)),
            [
                "[1].as_of: '2026-02-30' is not a real date",
                "[1].case.status: 'pending' is not one of open, closed",
                "[2]: expected an object, got a number (7)",
                "[3].information.categories: expected at least one category, got an empty list",
            ],
        )

    def test_a_missing_file(self, tmp_path: Path) -> None:
        missing = tmp_path / "nowhere.json"

        expect_rejected(
            run(str(missing)), [f"input: cannot read '{missing}': No such file or directory"]
        )

    def test_empty_input(self) -> None:
        expect_rejected(run(), ["input: not valid JSON: Expecting value at line 1, column 1"])


# In-process tests reach the parts a subprocess cannot: settings overrides and the stdin option.


@pytest.fixture
def configured_django() -> Iterator[None]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dcfconf.settings")
    django.setup()
    yield


def call(facts: object, **options: Any) -> tuple[str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command(
        "evaluate_disclosure",
        stdin=io.StringIO(json.dumps(facts)),
        stdout=stdout,
        stderr=stderr,
        **options,
    )
    return stdout.getvalue(), stderr.getvalue()


SENSITIVE_PSYCHIATRIC = with_changes(
    CLIENT_IN_OPEN_CASE, information={"categories": ["psychiatric", "hiv_related"]}
)


@pytest.mark.usefixtures("configured_django")
class TestInProcess:
    def test_a_decision(self) -> None:
        stdout, stderr = call(CLIENT_IN_OPEN_CASE)

        assert json.loads(stdout)["rule"] == "client_in_open_case"
        assert stderr == ""

    def test_bad_input_exits_with_status_2(self) -> None:
        stdout, stderr = io.StringIO(), io.StringIO()

        with pytest.raises(SystemExit) as exit_info:
            call_command(
                "evaluate_disclosure",
                stdin=io.StringIO('{"as_of": 5}'),
                stdout=stdout,
                stderr=stderr,
            )

        assert exit_info.value.code == 2
        assert stdout.getvalue() == ""
        assert stderr.getvalue().splitlines()[0] == (
            "as_of: expected a date (YYYY-MM-DD), got a number (5)"
        )

    def test_the_sensitive_set_comes_from_settings(self) -> None:
        with override_settings(DISCLOSURE_SENSITIVE_CATEGORIES=["psychiatric"]):
            stdout, _ = call(SENSITIVE_PSYCHIATRIC)

        decision = json.loads(stdout)
        assert [r["code"] for r in decision["reasons"]] == ["sensitive_information"]

    def test_a_setting_of_one_bare_category(self) -> None:
        with override_settings(DISCLOSURE_SENSITIVE_CATEGORIES="medical"):
            stdout, _ = call(SENSITIVE_PSYCHIATRIC)

        assert json.loads(stdout)["rule"] == "client_in_open_case"

    def test_an_empty_setting_marks_nothing_sensitive(self) -> None:
        with override_settings(DISCLOSURE_SENSITIVE_CATEGORIES=()):
            stdout, _ = call(SENSITIVE_PSYCHIATRIC)

        assert json.loads(stdout)["outcome"] == "permitted"

    @pytest.mark.parametrize("setting", [None, 42], ids=["unset", "not a collection"])
    def test_without_a_usable_setting_the_default_set_applies(self, setting: object) -> None:
        with override_settings(DISCLOSURE_SENSITIVE_CATEGORIES=setting):
            stdout, _ = call(SENSITIVE_PSYCHIATRIC)

        assert json.loads(stdout)["reasons"][0]["code"] == "sensitive_information"

    def test_help_documents_the_contract(self) -> None:
        help_text = " ".join(
            Command().create_parser("manage.py", "evaluate_disclosure").format_help().split()
        )

        assert "keys the format does not define are ignored" in help_text
        assert "exits with status 2" in help_text
        assert "signer_was_minor (optional, default false)" in help_text
        assert "release_signer_minor" in help_text
