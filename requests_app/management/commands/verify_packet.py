"""`manage.py verify_packet FILE.pdf [--absent TERMS.json]`: check a PDF before it is released.

The contract (a JSON report on standard output; exit status 0 verified, 2 bad input, 3 failed,
with the failed checks also on standard error, one line each) is relied on by others: keep it
stable. No database is used.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser

from requests_app.management.commands.redact_pdf import BAD_INPUT, NOT_VERIFIED, read_input
from requests_app.redaction import DocumentRefused, check_document, verify_packet


class Command(BaseCommand):
    help = (
        "Check a PDF before it is released: it must have no /JavaScript, /JS, /EmbeddedFiles, "
        "/Annots, /AcroForm, /OpenAction or XMP metadata (/Metadata) in any object, and none "
        "of the strings listed in TERMS.json (a JSON list of strings) may be extractable from "
        "it by pypdf nor by poppler's pdftotext (each string as a whole, compared with "
        "whitespace removed and case folded). Prints one JSON object on standard "
        'output: {"pages", "sha256", "verified": true or false, "problems": [...]}; problems '
        "name the check and the page, never the term found. Exit status 0 when verified; 3 "
        "when a check failed (the problems are also written to standard error, one per line); "
        "2 on bad input (the file is not a PDF, encrypted, malformed or too large; TERMS.json "
        "unreadable, not JSON or not a list of strings), one line per problem on standard "
        "error and nothing on standard output. No database is used."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE.pdf", help="the PDF to check")
        parser.add_argument(
            "--absent",
            metavar="TERMS.json",
            default=None,
            help="JSON list of strings that must not be extractable",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        problems: list[str] = []
        data = b""
        try:
            data = read_input(path)
            check_document(data, name=str(path), allow_images=False)
        except DocumentRefused as refused:
            problems.append(str(refused))
        except OSError as error:
            problems.append(f"{path}: cannot be read ({error.strerror or error})")
        terms: list[str] = []
        if options["absent"] is not None:
            terms_path = options["absent"]
            try:
                decoded = json.loads(Path(terms_path).read_bytes())
            except OSError as error:
                problems.append(f"{terms_path}: cannot be read ({error.strerror or error})")
            except (json.JSONDecodeError, UnicodeDecodeError) as error:
                problems.append(f"{terms_path}: not valid JSON ({error})")
            else:
                if isinstance(decoded, list) and all(isinstance(t, str) for t in decoded):
                    terms = decoded
                else:
                    problems.append(f"{terms_path}: expected a JSON list of strings")
        if problems:
            self._fail(problems, BAD_INPUT)

        verification = verify_packet(data, absent=terms)
        self.stdout.write(json.dumps(verification.as_dict()))
        if not verification.verified:
            self._fail(verification.problems, NOT_VERIFIED)

    def _fail(self, problems: list[str] | tuple[str, ...], status: int) -> NoReturn:
        for problem in problems:
            self.stderr.write(problem)
        # SystemExit, not CommandError: the contract fixes the exit status and the exact lines.
        raise SystemExit(status)
