"""JSON in and out for the engine: facts from decoded JSON, with every problem found; decisions out.

This is the contract of the `evaluate_disclosure` command, so the messages are part of it: one line
per problem, `path: message`, where the path names the field (`recipient.kind`,
`information.categories[1]`), prefixed by the element's index when the input is an array
(`[3].recipient.kind`). Problems with the input as a whole are reported under `input`.

Parsing is strict about values and lenient about keys: booleans must be JSON `true`/`false`, dates
strings in `YYYY-MM-DD` form that name a real day, enumerations one of their listed strings; keys
the contract does not define are ignored, so callers may carry extra data alongside the facts.
"""

from __future__ import annotations

import datetime
import enum
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from .decision import Decision
from .facts import (
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
)

_E = TypeVar("_E", bound=enum.StrEnum)
_T = TypeVar("_T")

# date.fromisoformat also accepts forms such as "20260105"; the contract allows only YYYY-MM-DD.
_DATE_FORM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MISSING = "missing required field"
_ROOT = "input"


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:57]}..."


def _describe(value: object) -> str:
    """Name a decoded JSON value's type for a message, as a JSON author would see it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"a number ({_show(value)})"
    if isinstance(value, str):
        return f"a string ({_show(value)})"
    if isinstance(value, list):
        return "a list"
    return "an object"


class _Reader:
    """Collects every problem instead of stopping at the first, so one run reports them all."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(f"{path or _ROOT}: {message}")

    def mapping(self, value: object, path: str, *, nullable: bool = False) -> dict[str, Any] | None:
        if isinstance(value, dict):
            return value
        if not (nullable and value is None):
            expected = "an object or null" if nullable else "an object"
            self.problem(path, f"expected {expected}, got {_describe(value)}")
        return None

    def child(self, parent: dict[str, Any], key: str, path: str) -> dict[str, Any] | None:
        """A required nested object."""
        here = _join(path, key)
        if key not in parent:
            self.problem(here, _MISSING)
            return None
        return self.mapping(parent[key], here)

    def string(self, value: object, path: str) -> str | None:
        if isinstance(value, str):
            return value
        self.problem(path, f"expected a string, got {_describe(value)}")
        return None

    def boolean(self, value: object, path: str) -> bool | None:
        # isinstance(True, int) holds, so 0 and 1 must be refused by checking for bool itself.
        if isinstance(value, bool):
            return value
        self.problem(path, f"expected true or false, got {_describe(value)}")
        return None

    def choice(self, value: object, kind: type[_E], path: str) -> _E | None:
        text = self.string(value, path)
        if text is None:
            return None
        try:
            return kind(text)
        except ValueError:
            allowed = ", ".join(member.value for member in kind)
            self.problem(path, f"{_show(text)} is not one of {allowed}")
            return None

    def date(self, value: object, path: str, *, nullable: bool = False) -> datetime.date | None:
        if nullable and value is None:
            return None
        if not isinstance(value, str):
            expected = "a date (YYYY-MM-DD) or null" if nullable else "a date (YYYY-MM-DD)"
            self.problem(path, f"expected {expected}, got {_describe(value)}")
            return None
        if not _DATE_FORM.fullmatch(value):
            self.problem(path, f"{_show(value)} is not a date in YYYY-MM-DD form")
            return None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            self.problem(path, f"{_show(value)} is not a real date")
            return None

    def categories(
        self, value: object, path: str, *, allow_empty: bool
    ) -> tuple[Category, ...] | None:
        if not isinstance(value, list):
            self.problem(path, f"expected a list of categories, got {_describe(value)}")
            return None
        if not value and not allow_empty:
            self.problem(path, "expected at least one category, got an empty list")
            return None
        parsed = [self.choice(item, Category, f"{path}[{i}]") for i, item in enumerate(value)]
        return tuple(item for item in parsed if item is not None)


class _Absent:
    """Marks a required field that was not given, so its problem is reported once."""


_ABSENT = _Absent()


def _get(reader: _Reader, data: dict[str, Any], key: str, path: str) -> object:
    if key in data:
        return data[key]
    reader.problem(_join(path, key), _MISSING)
    return _ABSENT


def _requester(reader: _Reader, data: dict[str, Any], path: str) -> Requester | None:
    role = _get(reader, data, "role", path)
    assigned = _get(reader, data, "assigned_to_case", path)
    parsed_role = None if role is _ABSENT else reader.choice(role, Role, _join(path, "role"))
    parsed_assigned = (
        None if assigned is _ABSENT else reader.boolean(assigned, _join(path, "assigned_to_case"))
    )
    in_doubt = reader.boolean(data.get("in_doubt", False), _join(path, "in_doubt"))
    if parsed_role is None or parsed_assigned is None or in_doubt is None:
        return None
    return Requester(role=parsed_role, assigned_to_case=parsed_assigned, in_doubt=in_doubt)


def _case(reader: _Reader, data: dict[str, Any], path: str) -> Case | None:
    status = _get(reader, data, "status", path)
    parsed = None if status is _ABSENT else reader.choice(status, CaseStatus, _join(path, "status"))
    return None if parsed is None else Case(status=parsed)


def _recipient(reader: _Reader, data: dict[str, Any], path: str) -> Recipient | None:
    kind = _get(reader, data, "kind", path)
    parsed_kind = (
        None if kind is _ABSENT else reader.choice(kind, RecipientKind, _join(path, "kind"))
    )
    flags = {
        key: reader.boolean(data.get(key, False), _join(path, key))
        for key in (
            "relationship_verified",
            "parental_rights_terminated",
            "hearing_related_to_case",
        )
    }
    business_reason = reader.string(data.get("business_reason", ""), _join(path, "business_reason"))
    if parsed_kind is None or business_reason is None or None in flags.values():
        return None
    return Recipient(
        kind=parsed_kind,
        relationship_verified=bool(flags["relationship_verified"]),
        parental_rights_terminated=bool(flags["parental_rights_terminated"]),
        business_reason=business_reason,
        hearing_related_to_case=bool(flags["hearing_related_to_case"]),
    )


def _information(reader: _Reader, data: dict[str, Any], path: str) -> Information | None:
    value = _get(reader, data, "categories", path)
    if value is _ABSENT:
        return None
    before = len(reader.problems)
    categories = reader.categories(value, _join(path, "categories"), allow_empty=False)
    if categories is None or len(reader.problems) != before:
        return None
    return Information(categories=categories)


def _release(reader: _Reader, data: dict[str, Any], path: str) -> Release | None:
    before = len(reader.problems)
    form = _get(reader, data, "form", path)
    signed_by = _get(reader, data, "signed_by", path)
    effective_on = _get(reader, data, "effective_on", path)
    names_recipient = _get(reader, data, "names_recipient", path)
    categories = _get(reader, data, "categories", path)
    parsed_form = None if form is _ABSENT else reader.choice(form, ReleaseForm, _join(path, "form"))
    parsed_signer = (
        None if signed_by is _ABSENT else reader.choice(signed_by, Signer, _join(path, "signed_by"))
    )
    parsed_effective = (
        None if effective_on is _ABSENT else reader.date(effective_on, _join(path, "effective_on"))
    )
    parsed_names = (
        None
        if names_recipient is _ABSENT
        else reader.boolean(names_recipient, _join(path, "names_recipient"))
    )
    # A release may cover nothing at all; it then simply fails to cover the request.
    parsed_categories = (
        None
        if categories is _ABSENT
        else reader.categories(categories, _join(path, "categories"), allow_empty=True)
    )
    signed_on, expires_on, revoked_on = (
        reader.date(data.get(key), _join(path, key), nullable=True)
        for key in ("signed_on", "expires_on", "revoked_on")
    )
    # Optional, so releases described before it existed read as they did.
    signer_was_minor = reader.boolean(
        data.get("signer_was_minor", False), _join(path, "signer_was_minor")
    )
    if (
        len(reader.problems) != before
        or parsed_form is None
        or parsed_signer is None
        or parsed_effective is None
        or parsed_names is None
        or parsed_categories is None
        or signer_was_minor is None
    ):
        return None
    return Release(
        form=parsed_form,
        signed_on=signed_on,
        signed_by=parsed_signer,
        effective_on=parsed_effective,
        expires_on=expires_on,
        revoked_on=revoked_on,
        names_recipient=parsed_names,
        categories=parsed_categories,
        signer_was_minor=signer_was_minor,
    )


def _part(
    reader: _Reader,
    root: dict[str, Any],
    key: str,
    path: str,
    parse: Callable[[_Reader, dict[str, Any], str], _T | None],
) -> _T | None:
    child = reader.child(root, key, path)
    return None if child is None else parse(reader, child, _join(path, key))


def parse_facts(data: object, *, path: str = "") -> tuple[Facts | None, list[str]]:
    """Facts from one decoded JSON object, or `None` and every problem found (`path: message`).

    `path` prefixes every problem's path; pass `"[3]"` for the fourth element of an array.
    """
    reader = _Reader()
    root = reader.mapping(data, path)
    if root is None:
        return None, reader.problems

    as_of_value = _get(reader, root, "as_of", path)
    as_of = None if as_of_value is _ABSENT else reader.date(as_of_value, _join(path, "as_of"))
    requester = _part(reader, root, "requester", path, _requester)
    case = _part(reader, root, "case", path, _case)
    recipient = _part(reader, root, "recipient", path, _recipient)
    information = _part(reader, root, "information", path, _information)
    release: Release | None = None
    release_data = reader.mapping(root.get("release"), _join(path, "release"), nullable=True)
    if release_data is not None:
        release = _release(reader, release_data, _join(path, "release"))

    if (
        reader.problems
        or as_of is None
        or requester is None
        or case is None
        or recipient is None
        or information is None
    ):
        return None, reader.problems
    facts = Facts(
        as_of=as_of,
        requester=requester,
        case=case,
        recipient=recipient,
        information=information,
        release=release,
    )
    return facts, []


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed input: the facts in order, whether the input was an array, and every problem."""

    facts: tuple[Facts, ...]
    many: bool
    problems: tuple[str, ...]


def _refuse_constant(name: str) -> object:
    raise ValueError(f"{name} is not allowed in JSON")


def parse_document(text: str | bytes) -> Document:
    """Parse a whole input: one facts object, or an array of them. Never raises on bad input."""
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        return Document((), False, (f"{_ROOT}: not valid JSON: {error.msg} at {where}",))
    except UnicodeDecodeError:
        return Document((), False, (f"{_ROOT}: not valid JSON: the text is not UTF-8",))
    except ValueError as error:
        return Document((), False, (f"{_ROOT}: not valid JSON: {error}",))
    except RecursionError:
        return Document((), False, (f"{_ROOT}: not valid JSON: nested too deeply",))

    if isinstance(data, dict):
        facts, problems = parse_facts(data)
        return Document(() if facts is None else (facts,), False, tuple(problems))
    if not isinstance(data, list):
        message = f"expected a JSON object or an array of objects, got {_describe(data)}"
        return Document((), False, (f"{_ROOT}: {message}",))

    parsed: list[Facts] = []
    all_problems: list[str] = []
    for index, item in enumerate(data):
        facts, problems = parse_facts(item, path=f"[{index}]")
        all_problems.extend(problems)
        if facts is not None:
            parsed.append(facts)
    return Document(tuple(parsed), True, tuple(all_problems))


def _date_or_none(value: datetime.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _categories_to_list(categories: Sequence[Category]) -> list[str]:
    return [str(category) for category in categories]


def facts_to_dict(facts: Facts) -> dict[str, Any]:
    """Facts as the contract's JSON object, every field spelled out; `parse_facts` reads it back."""
    release = facts.release
    return {
        "as_of": facts.as_of.isoformat(),
        "requester": {
            "role": str(facts.requester.role),
            "assigned_to_case": facts.requester.assigned_to_case,
            "in_doubt": facts.requester.in_doubt,
        },
        "case": {"status": str(facts.case.status)},
        "recipient": {
            "kind": str(facts.recipient.kind),
            "relationship_verified": facts.recipient.relationship_verified,
            "parental_rights_terminated": facts.recipient.parental_rights_terminated,
            "business_reason": facts.recipient.business_reason,
            "hearing_related_to_case": facts.recipient.hearing_related_to_case,
        },
        "information": {"categories": _categories_to_list(facts.information.categories)},
        "release": None
        if release is None
        else {
            "form": str(release.form),
            "signed_on": _date_or_none(release.signed_on),
            "signed_by": str(release.signed_by),
            "effective_on": release.effective_on.isoformat(),
            "expires_on": _date_or_none(release.expires_on),
            "revoked_on": _date_or_none(release.revoked_on),
            "names_recipient": release.names_recipient,
            "categories": _categories_to_list(release.categories),
            "signer_was_minor": release.signer_was_minor,
        },
    }


def decision_to_dict(decision: Decision, *, include_facts: bool = False) -> dict[str, Any]:
    """A decision as the contract's JSON object; `include_facts` adds `facts` for storing it."""
    result: dict[str, Any] = {
        "outcome": str(decision.outcome),
        "rule": decision.rule,
        "citation": decision.citation,
        "reasons": [
            {"code": reason.code, "message": reason.message} for reason in decision.reasons
        ],
        "policy_version": decision.policy_version,
    }
    if include_facts:
        result["facts"] = facts_to_dict(decision.facts)
    return result
