"""Import of casework from the case-management system's CSV exports.

Each file is optional; rows are keyed by the system of record's identifiers, so a re-import
updates what is there and never duplicates it. Every row of every file is validated first; one
bad row imports nothing, and each problem is reported as `file:line: column: message`.

Files and columns (first line is the header; dates are YYYY-MM-DD; blank means none):

- clients.csv: client_number, first_name, last_name, date_of_birth, emancipated_on (optional
  column: the date a court emancipated the client as a minor; a file without it leaves the
  dates already imported as they are)
- cases.csv: case_number, opened_on, closed_on
- case_members.csv: case_number, client_number, role_in_case
- assignments.csv: case_number, staff_username, starts_on, ends_on
- relations.csv: relation_id, client_number, kind, full_name, organization, address, phone,
  email, verified_by_username, verified_on, parental_rights_terminated, ended_on
"""

import csv
import datetime
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from requests_app import audit
from requests_app.choices import RelationKind
from requests_app.dates import EARLIEST_DATE, LATEST_DATE, in_range
from requests_app.models import (
    Case,
    CaseAssignment,
    CaseMembership,
    Client,
    ClientRelation,
    StaffProfile,
)
from requests_app.services.casework import access_sync

COLUMNS: dict[str, tuple[str, ...]] = {
    "clients": ("client_number", "first_name", "last_name", "date_of_birth", "emancipated_on"),
    "cases": ("case_number", "opened_on", "closed_on"),
    "case_members": ("case_number", "client_number", "role_in_case"),
    "assignments": ("case_number", "staff_username", "starts_on", "ends_on"),
    "relations": (
        "relation_id",
        "client_number",
        "kind",
        "full_name",
        "organization",
        "address",
        "phone",
        "email",
        "verified_by_username",
        "verified_on",
        "parental_rights_terminated",
        "ended_on",
    ),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "clients": ("client_number", "first_name", "last_name", "date_of_birth"),
    "cases": ("case_number", "opened_on"),
    "case_members": ("case_number", "client_number"),
    "assignments": ("case_number", "staff_username", "starts_on"),
    "relations": ("relation_id", "client_number", "kind", "full_name"),
}
_MODELS: dict[str, type[Model]] = {
    "clients": Client,
    "cases": Case,
    "case_members": CaseMembership,
    "assignments": CaseAssignment,
    "relations": ClientRelation,
}


def _max_lengths(model: type[Model], columns: Iterable[str]) -> dict[str, int]:
    """The length limit of each column that is one of `model`'s text fields."""
    limits = {}
    for column in columns:
        try:
            field = model._meta.get_field(column)
        except FieldDoesNotExist:
            continue
        limit = getattr(field, "max_length", None)
        if isinstance(limit, int):
            limits[column] = limit
    return limits


#: The longest value each column may hold (its model field's length).
MAX_LENGTHS = {kind: _max_lengths(_MODELS[kind], columns) for kind, columns in COLUMNS.items()}
TRUE_WORDS = {"true", "yes", "y", "1"}
FALSE_WORDS = {"false", "no", "n", "0", ""}


class ImportRejected(Exception):
    """Raised with every problem found; nothing was imported."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problem(s); nothing was imported")
        self.problems = problems


@dataclass
class ImportReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, created: bool) -> None:
        bucket = self.created if created else self.updated
        bucket[kind] = bucket.get(kind, 0) + 1

    def summary(self) -> str:
        kinds = sorted(set(self.created) | set(self.updated))
        if not kinds:
            return "Nothing to import."
        return "; ".join(
            f"{kind}: {self.created.get(kind, 0)} created, {self.updated.get(kind, 0)} updated"
            for kind in kinds
        )


@dataclass
class _Row:
    where: str
    values: dict[str, Any]


class _Validator:
    """Turns raw CSV rows into typed values, collecting every problem with its place."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        #: The columns each file's header names (an optional column may be left out).
        self.headers: dict[str, set[str]] = {}

    def read(self, kind: str, path: Path) -> list[_Row]:
        """The file's rows, each checked for its required columns, their lengths and NUL
        characters. A file that is not UTF-8 text, or that the CSV reader gives up on (a field
        past its limit), is reported at the line it fails on."""
        rows: list[_Row] = []
        data = path.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            self.problems.append(
                f"{path.name}:{line}: file: is not UTF-8 text (save it as CSV UTF-8)"
            )
            return rows
        line = 1
        with io.StringIO(text, newline="") as handle:
            try:
                reader = csv.DictReader(handle)
                header = reader.fieldnames or []
                self.headers[kind] = set(header)
                missing = [c for c in REQUIRED[kind] if c not in header]
                if missing:
                    self.problems.append(f"{path.name}:1: missing column(s): {', '.join(missing)}")
                    return rows
                unknown = [c for c in header if c not in COLUMNS[kind]]
                if unknown:
                    self.problems.append(f"{path.name}:1: unknown column(s): {', '.join(unknown)}")
                for line, raw in enumerate(reader, start=2):
                    self._row(kind, f"{path.name}:{line}", raw, rows)
            except csv.Error as error:
                self.problems.append(f"{path.name}:{line + 1}: file: {error}")
        return rows

    def _row(self, kind: str, where: str, raw: dict[str, Any], rows: list[_Row]) -> None:
        values = {c: (raw.get(c) or "").strip() for c in COLUMNS[kind]}
        ok = True
        for column in REQUIRED[kind]:
            if not values[column]:
                self.problems.append(f"{where}: {column}: is required")
                ok = False
        for column, value in values.items():
            if "\x00" in value:
                self.problems.append(f"{where}: {column}: contains a NUL character")
                ok = False
        for column, limit in MAX_LENGTHS[kind].items():
            if len(values[column]) > limit:
                self.problems.append(f"{where}: {column}: is longer than {limit} characters")
                ok = False
        if ok:
            rows.append(_Row(where, values))

    def date(self, row: _Row, column: str) -> datetime.date | None:
        text = row.values[column]
        if not text:
            return None
        try:
            day = datetime.date.fromisoformat(text)
        except ValueError:
            self.problems.append(f"{row.where}: {column}: {text!r} is not a date (YYYY-MM-DD)")
            return None
        if not in_range(day):
            self.problems.append(
                f"{row.where}: {column}: {text} is not between "
                f"{EARLIEST_DATE.year} and {LATEST_DATE.year}"
            )
            return None
        return day

    def boolean(self, row: _Row, column: str) -> bool:
        text = row.values[column].lower()
        if text in TRUE_WORDS:
            return True
        if text not in FALSE_WORDS:
            self.problems.append(f"{row.where}: {column}: {text!r} is not yes or no")
        return False

    def check(self, row: _Row, condition: bool, column: str, message: str) -> None:
        if not condition:
            self.problems.append(f"{row.where}: {column}: {message}")


def _upsert(
    model: type[Model], report: ImportReport, kind: str, lookup: dict, defaults: dict
) -> Any:
    obj, created = model._default_manager.update_or_create(**lookup, defaults=defaults)
    report.count(kind, created)
    return obj


def _duplicates(v: _Validator, rows: Iterable[_Row], key: Callable[[_Row], object], col: str):
    seen: dict[object, str] = {}
    for row in rows:
        k = key(row)
        if k in seen:
            v.problems.append(f"{row.where}: {col}: duplicates {seen[k]}")
        seen.setdefault(k, row.where)


def casework_import(*, files: dict[str, Path]) -> ImportReport:
    """Validate every row of the given files, then import them all in one transaction.

    `files` maps a kind (a key of COLUMNS) to its CSV path. Raises ImportRejected listing every
    problem, in which case nothing is written.
    """
    v = _Validator()
    rows = {kind: v.read(kind, path) for kind, path in files.items()}
    for kind in COLUMNS:
        rows.setdefault(kind, [])

    # Typed values and cross-file references.
    client_numbers = {r.values["client_number"] for r in rows["clients"]}
    case_numbers = {r.values["case_number"] for r in rows["cases"]}
    known_clients = client_numbers | set(
        Client.objects.filter(
            client_number__in={r.values["client_number"] for r in rows["case_members"]}
            | {r.values["client_number"] for r in rows["relations"]}
        ).values_list("client_number", flat=True)
    )
    known_cases = case_numbers | set(
        Case.objects.filter(
            case_number__in={r.values["case_number"] for r in rows["case_members"]}
            | {r.values["case_number"] for r in rows["assignments"]}
        ).values_list("case_number", flat=True)
    )
    usernames = {r.values["staff_username"] for r in rows["assignments"]} | {
        r.values["verified_by_username"]
        for r in rows["relations"]
        if r.values["verified_by_username"]
    }
    users = {u.username: u for u in get_user_model().objects.filter(username__in=usernames)}
    staff_with_profile = set(
        StaffProfile.objects.filter(user__username__in=usernames).values_list(
            "user__username", flat=True
        )
    )

    today = timezone.localdate()
    for r in rows["clients"]:
        born = r.values["date_of_birth"] = v.date(r, "date_of_birth")
        if born:
            v.check(r, born <= today, "date_of_birth", "is in the future")
        emancipated = r.values["emancipated_on"] = v.date(r, "emancipated_on")
        if emancipated:
            v.check(r, emancipated <= today, "emancipated_on", "is in the future")
            if born:
                v.check(r, emancipated >= born, "emancipated_on", "is before date_of_birth")
    _duplicates(v, rows["clients"], lambda r: r.values["client_number"], "client_number")
    for r in rows["cases"]:
        r.values["opened_on"] = v.date(r, "opened_on")
        r.values["closed_on"] = v.date(r, "closed_on")
        opened, closed = r.values["opened_on"], r.values["closed_on"]
        if opened and closed:
            v.check(r, closed >= opened, "closed_on", "is before opened_on")
    _duplicates(v, rows["cases"], lambda r: r.values["case_number"], "case_number")
    for r in rows["case_members"]:
        v.check(r, r.values["case_number"] in known_cases, "case_number", "unknown case")
        v.check(r, r.values["client_number"] in known_clients, "client_number", "unknown client")
    for r in rows["assignments"]:
        v.check(r, r.values["case_number"] in known_cases, "case_number", "unknown case")
        v.check(
            r,
            r.values["staff_username"] in staff_with_profile,
            "staff_username",
            f"no staff member with username {r.values['staff_username']!r}",
        )
        r.values["starts_on"] = v.date(r, "starts_on")
        r.values["ends_on"] = v.date(r, "ends_on")
        starts, ends = r.values["starts_on"], r.values["ends_on"]
        if starts and ends:
            v.check(r, ends >= starts, "ends_on", "is before starts_on")
    for r in rows["relations"]:
        v.check(r, r.values["client_number"] in known_clients, "client_number", "unknown client")
        v.check(
            r,
            r.values["kind"] in RelationKind.values,
            "kind",
            f"{r.values['kind']!r} is not one of {', '.join(RelationKind.values)}",
        )
        r.values["verified_on"] = v.date(r, "verified_on")
        r.values["ended_on"] = v.date(r, "ended_on")
        r.values["parental_rights_terminated"] = v.boolean(r, "parental_rights_terminated")
        verifier = r.values["verified_by_username"]
        v.check(r, not verifier or verifier in users, "verified_by_username", "unknown user")
        v.check(
            r,
            bool(verifier) == bool(r.values["verified_on"]),
            "verified_on",
            "verified_on and verified_by_username go together",
        )
        v.check(
            r,
            not r.values["parental_rights_terminated"] or r.values["kind"] == RelationKind.PARENT,
            "parental_rights_terminated",
            "only a parent's rights can be terminated",
        )
    _duplicates(v, rows["relations"], lambda r: r.values["relation_id"], "relation_id")
    if v.problems:
        raise ImportRejected(v.problems)
    return _write(rows, users, client_columns=v.headers.get("clients", set()))


@transaction.atomic
def _write(
    rows: dict[str, list[_Row]], users: dict[str, Any], *, client_columns: set[str]
) -> ImportReport:
    report = ImportReport()
    for r in rows["clients"]:
        x = r.values
        client_values = {
            "first_name": x["first_name"],
            "last_name": x["last_name"],
            "date_of_birth": x["date_of_birth"],
        }
        if "emancipated_on" in client_columns:  # a blank cell is no emancipation
            client_values["emancipated_on"] = x["emancipated_on"]
        _upsert(Client, report, "clients", {"client_number": x["client_number"]}, client_values)
    for r in rows["cases"]:
        x = r.values
        _upsert(
            Case,
            report,
            "cases",
            {"case_number": x["case_number"]},
            {
                "opened_on": x["opened_on"],
                "closed_on": x["closed_on"],
            },
        )
    cases = {
        c.case_number: c
        for c in Case.objects.filter(
            case_number__in={
                r.values["case_number"] for r in rows["case_members"] + rows["assignments"]
            }
        )
    }
    clients = {
        c.client_number: c
        for c in Client.objects.filter(
            client_number__in={
                r.values["client_number"] for r in rows["case_members"] + rows["relations"]
            }
        )
    }
    for r in rows["case_members"]:
        x = r.values
        _upsert(
            CaseMembership,
            report,
            "case_members",
            {
                "case": cases[x["case_number"]],
                "client": clients[x["client_number"]],
            },
            {"role_in_case": x["role_in_case"]},
        )
    touched_staff = set()
    for r in rows["assignments"]:
        x = r.values
        _upsert(
            CaseAssignment,
            report,
            "assignments",
            {
                "case": cases[x["case_number"]],
                "staff": users[x["staff_username"]],
                "starts_on": x["starts_on"],
            },
            {"ends_on": x["ends_on"]},
        )
        touched_staff.add(users[x["staff_username"]].pk)
    for r in rows["relations"]:
        x = r.values
        _upsert(
            ClientRelation,
            report,
            "relations",
            {"source_id": x["relation_id"]},
            {
                "client": clients[x["client_number"]],
                "kind": x["kind"],
                "full_name": x["full_name"],
                "organization": x["organization"],
                "address": x["address"],
                "phone": x["phone"],
                "email": x["email"],
                "verified_by": users.get(x["verified_by_username"]),
                "verified_on": x["verified_on"],
                "parental_rights_terminated": x["parental_rights_terminated"],
                "ended_on": x["ended_on"],
            },
        )
    # A new member of a case must become visible to everyone already assigned to it.
    member_case_ids = {cases[r.values["case_number"]].pk for r in rows["case_members"]}
    touched_staff |= set(
        CaseAssignment.objects.filter(case_id__in=member_case_ids).values_list(
            "staff_id", flat=True
        )
    )
    supervisors = set(
        StaffProfile.objects.filter(
            user_id__in=touched_staff, supervisor__isnull=False
        ).values_list("supervisor_id", flat=True)
    )
    for user in get_user_model().objects.filter(pk__in=touched_staff | supervisors):
        access_sync(user=user)
    audit.record(user=None, action="import", object_type="CaseworkImport", detail=report.summary())
    return report
