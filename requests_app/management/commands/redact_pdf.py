"""`manage.py redact_pdf IN.pdf OUT.pdf --boxes BOXES.json [--dpi N]`: burn boxes into a PDF.

The contract (JSON report on standard output; exit status 0 when OUT was written and verified,
2 on bad input, 3 when the proof failed; problems on standard error, one line each; OUT
written atomically and only after the proof passed) is relied on by others: keep it stable.
No database is used.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser

from requests_app.redaction import (
    Box,
    DocumentRefused,
    burn_in,
    check_document,
    verify_redaction,
)
from requests_app.redaction.boxes import box_problems, parse_boxes
from requests_app.redaction.documents import DocumentLimits

BAD_INPUT = 2
NOT_VERIFIED = 3


class Command(BaseCommand):
    help = (
        "Burn redaction boxes into a PDF and prove the result. IN.pdf is rebuilt page by page "
        "from pixels (rasterized at --dpi, default the REDACTION_DPI setting, 200): each box is "
        "painted opaque black with its reason's short label, and the new PDF carries no text, "
        "metadata, annotations, forms, attachments, scripts or earlier revisions. BOXES.json is "
        'a JSON list of {"page": 1-based page number, "x0", "y0", "x1", "y1": points from the '
        "top-left corner of the page as displayed (after its rotation and crop box), "
        '"reason": one of reporter_identity, hiv_related, substance_use, psychiatric, '
        "other_people, other}; an empty list rebuilds the document with no box. A box must lie "
        "wholly on its page: one partly off the page is refused, not clipped. The result is "
        "then verified with independent tools (no text under any box, no text at all, every box "
        "opaque, no forbidden keys) and OUT.pdf is written only when that passes, atomically "
        "(a temporary file renamed), so a failure never leaves a partial file. Prints one JSON "
        'object on standard output: {"pages", "boxes", "sha256" (of OUT.pdf), "verified": '
        "true}. Exit status 0 on success; 2 on bad input (not a PDF, encrypted, malformed, too "
        "large, bad JSON, a missing key, an unknown reason, x1<=x0 or y1<=y0, a page that does "
        "not exist, a box off its page), one line per problem on standard error, nothing "
        "written; 3 when verification fails, one line per failed check on standard error, "
        "nothing written. No database is used."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("input", metavar="IN.pdf", help="the PDF to redact")
        parser.add_argument("output", metavar="OUT.pdf", help="where to write the redacted PDF")
        parser.add_argument(
            "--boxes", required=True, metavar="BOXES.json", help="JSON list of boxes"
        )
        parser.add_argument(
            "--dpi", type=int, default=None, metavar="N", help="rasterizing resolution (36-600)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source, target = Path(options["input"]), Path(options["output"])
        dpi: int | None = options["dpi"]
        problems: list[str] = []
        if dpi is not None and not 36 <= dpi <= 600:
            problems.append(f"--dpi: {dpi} is not between 36 and 600")
        document = None
        try:
            document = check_document(
                read_input(source),
                name=str(source),
                allow_images=False,
            )
        except DocumentRefused as refused:
            problems.append(str(refused))
        except OSError as error:
            problems.append(f"{source}: cannot be read ({error.strerror or error})")
        boxes_path = options["boxes"]
        parsed: list[tuple[int, Box]] = []
        try:
            parsed, box_lines = parse_boxes(json.loads(Path(boxes_path).read_bytes()))
        except OSError as error:
            box_lines = [f"cannot be read ({error.strerror or error})"]
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            box_lines = [f"not valid JSON ({error})"]
        if document is not None:
            box_lines.extend(
                f"boxes[{index}]: {problem}"
                for index, box in parsed
                for problem in box_problems(box, document.page_sizes)
            )
        problems.extend(f"{boxes_path}: {line}" for line in box_lines)
        boxes = [box for _, box in parsed]
        if problems or document is None:
            self._fail(problems, BAD_INPUT)

        folder = target.resolve().parent
        if target.is_dir():
            self._fail([f"{target}: is a folder, not a file to write"], BAD_INPUT)
        if not folder.is_dir():
            self._fail([f"{target}: the folder {folder} does not exist"], BAD_INPUT)
        try:
            # Beside OUT, so the final rename is atomic (one file system).
            handle, temporary = tempfile.mkstemp(prefix=".redacting-", suffix=".pdf", dir=folder)
        except OSError as error:
            self._fail([f"{target}: cannot be written ({error.strerror or error})"], BAD_INPUT)
        try:
            with os.fdopen(handle, "wb") as stream:
                result = burn_in(document.pdf, boxes, stream, dpi=dpi)
                os.fsync(stream.fileno())
            verification = verify_redaction(document.pdf, Path(temporary).read_bytes(), boxes)
            if not verification.verified:
                self._fail(verification.problems, NOT_VERIFIED)
            os.replace(temporary, target)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
        report = {
            "pages": result.pages,
            "boxes": result.boxes,
            "sha256": result.sha256,
            "verified": True,
        }
        self.stdout.write(json.dumps(report))

    def _fail(self, problems: Iterable[str], status: int) -> NoReturn:
        for problem in problems:
            self.stderr.write(problem)
        # SystemExit, not CommandError: the contract fixes the exit status and the exact lines.
        raise SystemExit(status)


def read_input(path: Path) -> bytes:
    """The file's bytes, refused before reading when it is over DOCUMENT_MAX_BYTES."""
    limit = DocumentLimits.from_settings().max_bytes
    size = path.stat().st_size
    if size > limit:
        raise DocumentRefused(str(path), f"is {size:,} bytes, over the limit of {limit:,} bytes")
    return path.read_bytes()
