"""`manage.py evaluate_disclosure [FILE]`: decide 31-8-5 disclosures from facts given as JSON.

The JSON contract (facts in, decisions out, exit status 0; bad input: exit status 2, nothing on
standard output, one `path: message` line per problem on standard error) is relied on by auditors
and tests: keep it stable. The command never touches the database, so it runs where none is
reachable.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import IO, Any, NoReturn

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from requests_app.policy import (
    DEFAULT_SENSITIVE_CATEGORIES,
    decision_to_dict,
    evaluate,
    parse_document,
)

_INVALID_INPUT = 2


def sensitive_categories_setting() -> frozenset[str]:
    """The deployment's sensitive categories (`DISCLOSURE_SENSITIVE_CATEGORIES`), or the default."""
    configured: object = getattr(settings, "DISCLOSURE_SENSITIVE_CATEGORIES", None)
    if configured is None:
        return DEFAULT_SENSITIVE_CATEGORIES
    if isinstance(configured, str):
        # A single category given as a bare string must not be split into characters.
        return frozenset({configured})
    if isinstance(configured, Iterable):
        return frozenset(str(category) for category in configured)
    return DEFAULT_SENSITIVE_CATEGORIES


class Command(BaseCommand):
    help = (
        "Decide disclosures under DCF Policy 31-8-5. Reads one JSON facts object, or an array of "
        "them, from FILE or standard input, and prints one decision object per facts object (an "
        "array for an array): outcome (permitted or escalated), rule, citation, reasons, "
        "policy_version. Facts: as_of (YYYY-MM-DD); requester {role, assigned_to_case, in_doubt}; "
        "case {status}; recipient {kind, relationship_verified, parental_rights_terminated, "
        "business_reason, hearing_related_to_case}; information {categories}; release (null or "
        "{form, signed_on, signed_by, effective_on, expires_on, revoked_on, names_recipient, "
        "categories, signer_was_minor}). signer_was_minor (optional, default false): the client "
        "was under 18 on signed_on and not emancipated; a release the client signed then fails "
        "with release_signer_minor (a parent or guardian must sign for a minor). Every object is "
        "checked before anything is printed; on bad input the "
        "command prints nothing, writes one 'path: problem' line per problem to standard error "
        "and exits with status 2. Values are checked strictly (booleans must be true or false, "
        "dates YYYY-MM-DD); keys the format does not define are ignored. The sensitive categories "
        "come from the DISCLOSURE_SENSITIVE_CATEGORIES setting. No database is used."
    )
    # Deciding needs no models, so skip the checks that would load them or reach the database.
    requires_system_checks: list[str] = []
    requires_migrations_checks = False
    # Lets call_command pass a stream in place of standard input.
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file",
            nargs="?",
            default="-",
            metavar="FILE",
            help="JSON file of facts; '-' or nothing reads standard input",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: str = options["file"]
        try:
            if path == "-":
                raw = _read_stream(options.get("stdin") or sys.stdin)
            else:
                with open(path, "rb") as stream:
                    raw = stream.read()
        except OSError as error:
            self._fail([f"input: cannot read {path!r}: {error.strerror or error}"])

        document = parse_document(raw)
        if document.problems:
            self._fail(document.problems)

        sensitive = sensitive_categories_setting()
        decisions = [
            decision_to_dict(evaluate(facts, sensitive_categories=sensitive))
            for facts in document.facts
        ]
        payload: object = decisions if document.many else decisions[0]
        self.stdout.write(json.dumps(payload, indent=2))

    def _fail(self, problems: Iterable[str]) -> NoReturn:
        for problem in problems:
            self.stderr.write(problem)
        # SystemExit, not CommandError: the contract fixes the exit status and the exact lines.
        raise SystemExit(_INVALID_INPUT)


def _read_stream(stream: IO[Any]) -> str | bytes:
    # Reading bytes lets json detect the encoding (and a byte-order mark) itself.
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        data: bytes = buffer.read()
        return data
    text: str | bytes = stream.read()
    return text
