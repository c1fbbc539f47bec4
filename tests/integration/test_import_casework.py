"""`manage.py import_casework`: validated, all-or-nothing, idempotent, applying permissions."""

import datetime
import textwrap
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from requests_app.models import Case, CaseAssignment, CaseMembership, Client, ClientRelation
from requests_app.selectors import casework as selectors
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

GOOD = {
    "clients.csv": """\
        client_number,first_name,last_name,date_of_birth
        CL-1,Ana,Lopez,2014-02-03
        CL-2,Ben,Lopez,2016-07-08
        """,
    "cases.csv": """\
        case_number,opened_on,closed_on
        C-1,2025-01-10,
        C-2,2020-01-10,2021-03-04
        """,
    "case_members.csv": """\
        case_number,client_number,role_in_case
        C-1,CL-1,Child
        C-1,CL-2,Child
        C-2,CL-2,Child
        """,
    "assignments.csv": """\
        case_number,staff_username,starts_on,ends_on
        C-1,maria,2025-01-10,
        """,
    "relations.csv": """\
        relation_id,client_number,kind,full_name,organization,address,phone,email,verified_by_username,verified_on,parental_rights_terminated,ended_on
        R-1,CL-1,parent,Rosa Lopez,,1 Elm St,,,maria,2025-02-01,no,
        R-2,CL-1,parent,Jorge Lopez,,,,,,,yes,
        R-3,CL-1,attorney,Sam Stein,Stein LLC,,,,,,no,
        """,
}


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).write_text(textwrap.dedent(text))
    return folder


@pytest.fixture
def maria():
    return StaffFactory(user__username="maria").user


def counts() -> tuple[int, ...]:
    return tuple(
        m.objects.count() for m in (Client, Case, CaseMembership, CaseAssignment, ClientRelation)
    )


def test_a_good_folder_imports_everything_and_grants_access(tmp_path, maria, capsys):
    call_command("import_casework", str(write(tmp_path, GOOD)))
    assert counts() == (2, 2, 3, 1, 3)
    assert "clients: 2 created, 0 updated" in capsys.readouterr().out
    jorge = ClientRelation.objects.get(source_id="R-2")
    assert jorge.parental_rights_terminated and not jorge.is_verified
    assert ClientRelation.objects.get(source_id="R-1").verified_by == maria
    maria = get_user_model().objects.get(pk=maria.pk)
    assert list(selectors.cases_for_user(user=maria).values_list("case_number", flat=True)) == [
        "C-1"
    ]
    assert selectors.clients_for_user(user=maria).count() == 2


def test_reimporting_updates_and_never_duplicates(tmp_path, maria, capsys):
    folder = write(tmp_path, GOOD)
    call_command("import_casework", str(folder))
    before = counts()
    changed = dict(GOOD)
    changed["clients.csv"] = GOOD["clients.csv"].replace("Ana,Lopez", "Ana,Lopez-Diaz")
    call_command("import_casework", str(write(folder, changed)))
    assert counts() == before
    assert Client.objects.get(client_number="CL-1").last_name == "Lopez-Diaz"
    assert "clients: 0 created, 2 updated" in capsys.readouterr().out


def test_a_bad_row_imports_nothing_and_names_file_line_and_column(tmp_path, maria):
    bad = dict(GOOD)
    bad["clients.csv"] = GOOD["clients.csv"] + "        CL-3,Cara,Lopez,2016-13-40\n"
    bad["relations.csv"] = GOOD["relations.csv"] + "        R-4,CL-1,uncle,Al,,,,,,,no,\n"
    errors = []
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_casework", str(write(tmp_path, bad)), stderr=_Collect(errors))
    assert counts() == (0, 0, 0, 0, 0)
    text = "\n".join(errors)
    assert "clients.csv:4: date_of_birth: '2016-13-40' is not a date (YYYY-MM-DD)" in text
    assert "relations.csv:5: kind: 'uncle' is not one of parent" in text


def test_unknown_references_are_reported(tmp_path, maria):
    files = {
        "assignments.csv": """\
            case_number,staff_username,starts_on,ends_on
            C-404,nobody,2025-01-01,2024-01-01
            """
    }
    errors = []
    with pytest.raises(CommandError):
        call_command("import_casework", str(write(tmp_path, files)), stderr=_Collect(errors))
    text = "\n".join(errors)
    assert "assignments.csv:2: case_number: unknown case" in text
    assert "assignments.csv:2: staff_username: no staff member with username 'nobody'" in text
    assert "assignments.csv:2: ends_on: is before starts_on" in text


def test_a_missing_column_is_reported_on_line_one(tmp_path):
    errors = []
    with pytest.raises(CommandError):
        call_command(
            "import_casework",
            str(write(tmp_path, {"clients.csv": "client_number,first_name\nCL-1,A\n"})),
            stderr=_Collect(errors),
        )
    assert errors == ["clients.csv:1: missing column(s): last_name, date_of_birth\n"]


def test_an_ended_assignment_in_a_reimport_removes_access(tmp_path, maria):
    folder = write(tmp_path, GOOD)
    call_command("import_casework", str(folder))
    ended = {
        "assignments.csv": """\
            case_number,staff_username,starts_on,ends_on
            C-1,maria,2025-01-10,2025-06-30
            """
    }
    call_command(
        "import_casework", "--assignments", str(write(tmp_path, ended) / "assignments.csv")
    )
    maria = get_user_model().objects.get(pk=maria.pk)
    assert not selectors.cases_for_user(user=maria).exists()


class _Collect:
    """A stand-in stream for the command's stderr that keeps each line written."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines

    def write(self, text: str) -> None:
        self.lines.append(text)

    def flush(self) -> None:
        pass


def test_an_import_is_audited(tmp_path, maria):
    from requests_app.models import AccessEvent

    call_command("import_casework", str(write(tmp_path, GOOD)))
    event = AccessEvent.objects.get(action="import")
    assert "clients: 2 created" in event.detail


def _problems(folder: Path) -> list[str]:
    errors: list[str] = []
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_casework", str(folder), stderr=_Collect(errors))
    assert counts() == (0, 0, 0, 0, 0)
    return [e.rstrip("\n") for e in errors]


HEADER = "client_number,first_name,last_name,date_of_birth\n"


def test_a_file_that_is_not_utf8_is_reported_at_its_line(tmp_path):
    (tmp_path / "clients.csv").write_bytes(
        (HEADER + "CL-1,Ana,Lopez,2014-02-03\n").encode()
        + "CL-2,Zoë,Ruiz,2015-01-01\n".encode("latin-1")
    )
    assert _problems(tmp_path) == ["clients.csv:3: file: is not UTF-8 text (save it as CSV UTF-8)"]


def test_a_nul_byte_is_reported_at_its_line(tmp_path):
    (tmp_path / "clients.csv").write_text(HEADER + "CL-1,Ana,Lo\0pez,2014-02-03\n")
    assert _problems(tmp_path) == ["clients.csv:2: last_name: contains a NUL character"]


def test_overlong_values_are_reported_with_their_column(tmp_path):
    huge = "x" * 200_000
    (tmp_path / "clients.csv").write_text(
        HEADER + f"CL-1,{'A' * 101},Lopez,2014-02-03\nCL-2,Ben,{huge},2016-07-08\n"
    )
    problems = _problems(tmp_path)
    assert problems[0] == "clients.csv:2: first_name: is longer than 100 characters"
    assert problems[1].startswith("clients.csv:3: file: field larger than field limit")


def test_a_birth_in_the_future_and_unknown_columns_are_refused(tmp_path):
    (tmp_path / "clients.csv").write_text(
        "client_number,first_name,last_name,date_of_birth,ssn\nCL-1,Ana,Lopez,2099-02-03,123\n"
    )
    assert _problems(tmp_path) == [
        "clients.csv:1: unknown column(s): ssn",
        "clients.csv:2: date_of_birth: is in the future",
    ]


def test_an_emancipation_date_is_imported_and_a_blank_one_is_none(tmp_path, maria):
    """`emancipated_on` (optional column): a date, or blank for none; a file without the column
    leaves the dates already imported as they are."""
    (tmp_path / "clients.csv").write_text(
        "client_number,first_name,last_name,date_of_birth,emancipated_on\n"
        "CL-1,Ana,Lopez,2009-02-03,2025-05-01\n"
        "CL-2,Ben,Lopez,2016-07-08,\n"
    )
    call_command("import_casework", str(tmp_path))
    ana, ben = Client.objects.get(client_number="CL-1"), Client.objects.get(client_number="CL-2")
    assert (ana.emancipated_on, ben.emancipated_on) == (datetime.date(2025, 5, 1), None)
    assert not ana.is_minor_on(datetime.date(2025, 5, 1)), "emancipated: consents as an adult"
    assert ana.is_minor_on(datetime.date(2025, 4, 30))

    (tmp_path / "clients.csv").write_text(HEADER + "CL-1,Ana,Lopez,2009-02-03\n")
    call_command("import_casework", str(tmp_path))
    ana.refresh_from_db()
    assert ana.emancipated_on == datetime.date(2025, 5, 1), "no column: nothing changes"

    (tmp_path / "clients.csv").write_text(
        "client_number,first_name,last_name,date_of_birth,emancipated_on\n"
        "CL-1,Ana,Lopez,2009-02-03,\n"
    )
    call_command("import_casework", str(tmp_path))
    ana.refresh_from_db()
    assert ana.emancipated_on is None, "a blank cell is no emancipation"


def test_an_emancipation_before_birth_in_the_future_or_not_a_date_is_refused(tmp_path):
    (tmp_path / "clients.csv").write_text(
        "client_number,first_name,last_name,date_of_birth,emancipated_on\n"
        "CL-1,Ana,Lopez,2009-02-03,2008-12-31\n"
        "CL-2,Ben,Lopez,2009-02-03,2999-01-01\n"
        "CL-3,Cara,Lopez,2009-02-03,last May\n"
    )
    problems = _problems(tmp_path)
    assert problems[0] == "clients.csv:2: emancipated_on: is before date_of_birth"
    assert problems[1].startswith("clients.csv:3: emancipated_on: ")
    assert problems[2] == "clients.csv:4: emancipated_on: 'last May' is not a date (YYYY-MM-DD)"
    assert len(problems) == 3
