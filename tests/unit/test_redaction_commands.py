"""`manage.py redact_pdf` and `manage.py verify_packet`: their JSON reports, exit statuses and
problem lines, through call_command and through a real process (with the database pointed at a
port where nothing listens: neither command needs one)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from django.core.management import call_command
from PIL import Image

from requests_app.redaction import verify as verify_module
from requests_app.redaction.verify import pdftotext_texts, pypdf_texts
from tests.redaction_pdfs import (
    LEGAL,
    PageSpec,
    Word,
    build_pdf,
    displayed_box,
    pdf_bytes,
    word_extent,
)

PROJECT = Path(__file__).resolve().parents[2]
UNREACHABLE_DATABASE = "postgres://nobody@127.0.0.1:1/none"
SECRET = "Secretname"
SPECS = [
    PageSpec([Word(SECRET, 150, 500), Word("Keptword", 150, 200)]),
    PageSpec([Word("Otherword", 150, 500)], size=LEGAL, rotate=90, crop=(20, 40, 600, 980)),
]


def secret_box(page: int = 1, reason: str = "reporter_identity") -> dict[str, Any]:
    spec = SPECS[page - 1]
    x0, y0, x1, y1 = displayed_box(word_extent(spec.words[0]), spec)
    return {"page": page, "x0": x0, "y0": y0, "x1": x1, "y1": y1, "reason": reason}


@pytest.fixture
def original(tmp_path: Path) -> Path:
    path = tmp_path / "in.pdf"
    path.write_bytes(pdf_bytes(build_pdf(SPECS, extras=True)))
    return path


def write_json(tmp_path: Path, name: str, data: object) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return path


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": UNREACHABLE_DATABASE,
        "DJANGO_SETTINGS_MODULE": "dcfconf.settings",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def call(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


# ----------------------------------------------------------------------------- redact_pdf


def test_redact_pdf_writes_a_verified_copy_and_reports_it(original: Path, tmp_path: Path) -> None:
    boxes = write_json(tmp_path, "boxes.json", [secret_box(1), secret_box(2, "other_people")])
    out = tmp_path / "out.pdf"
    result = run("redact_pdf", str(original), str(out), "--boxes", str(boxes), "--dpi", "100")

    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report == {
        "pages": 2,
        "boxes": 2,
        "sha256": hashlib.sha256(out.read_bytes()).hexdigest(),
        "verified": True,
    }
    packet = out.read_bytes()
    assert "".join(pypdf_texts(packet)).strip() == ""
    assert "".join(pdftotext_texts(packet, 2)).strip() == ""
    with pikepdf.open(io.BytesIO(packet)) as pdf:
        assert int(pdf.pages[0].Resources.XObject.Im0.Width) == 850  # 8.5 in at 100 dpi
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_redact_pdf_through_call_command(original: Path, tmp_path: Path) -> None:
    boxes = write_json(tmp_path, "boxes.json", [secret_box(1, "hiv_related")])
    out = tmp_path / "out.pdf"
    status, stdout, stderr = call("redact_pdf", str(original), str(out), "--boxes", str(boxes))
    assert (status, stderr) == (0, "")
    assert json.loads(stdout)["verified"] is True
    assert json.loads(stdout)["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()


def test_an_empty_list_of_boxes_rebuilds_the_document(original: Path, tmp_path: Path) -> None:
    boxes = write_json(tmp_path, "boxes.json", [])
    out = tmp_path / "out.pdf"
    status, stdout, _ = call("redact_pdf", str(original), str(out), "--boxes", str(boxes))
    assert status == 0
    assert json.loads(stdout)["boxes"] == 0
    assert "".join(pypdf_texts(out.read_bytes())).strip() == ""


BAD_BOXES = {
    "bad JSON": (b"[{", ["not valid JSON"]),
    "not a list": (b'{"page": 1}', ["boxes: expected a JSON list of boxes"]),
    "a missing key": (
        json.dumps([{"page": 1, "x0": 1, "y0": 1, "x1": 9, "reason": "other"}]).encode(),
        ["boxes[0]: missing key 'y1'"],
    ),
    "an unknown reason": (
        json.dumps([{**secret_box(), "reason": "gossip"}]).encode(),
        ["boxes[0]: unknown reason 'gossip'"],
    ),
    "x1 not beyond x0, y1 not beyond y0": (
        json.dumps([{**secret_box(), "x1": 10, "x0": 10, "y0": 50, "y1": 40}]).encode(),
        ["boxes[0]: x1 (10) must be greater than x0 (10)", "boxes[0]: y1 (40) must be greater"],
    ),
    "a page that does not exist": (
        json.dumps([secret_box(), {**secret_box(), "page": 3}]).encode(),
        ["boxes[1]: page 3 does not exist (the document has 2 pages)"],
    ),
    "page zero": (json.dumps([{**secret_box(), "page": 0}]).encode(), ["boxes[0]: page must"]),
    "a box partly off its page": (
        json.dumps([{**secret_box(), "x1": 700}]).encode(),
        ["boxes[0]: box (", "is not wholly on page 1, which is 612 x 792 points"],
    ),
    "a box off a rotated page": (
        json.dumps([{**secret_box(2), "y0": 570, "y1": 590}]).encode(),
        ["is not wholly on page 2, which is 940 x 580 points"],
    ),
    "a coordinate that is not a number": (
        json.dumps([{**secret_box(), "x0": "12"}]).encode(),
        ["boxes[0]: x0 must be a number of points, not '12'"],
    ),
    "two problems, two lines": (
        json.dumps([{**secret_box(), "reason": "x"}, {**secret_box(), "page": 9}]).encode(),
        ["boxes[0]: unknown reason 'x'", "boxes[1]: page 9 does not exist"],
    ),
}


LINES = {"x1 not beyond x0, y1 not beyond y0": 2, "two problems, two lines": 2}


@pytest.mark.parametrize("case", BAD_BOXES)
def test_bad_boxes_exit_2_naming_each_problem_and_write_nothing(
    original: Path, tmp_path: Path, case: str
) -> None:
    raw, expected = BAD_BOXES[case]
    boxes = tmp_path / "boxes.json"
    boxes.write_bytes(raw)
    out = tmp_path / "out.pdf"
    status, stdout, stderr = call("redact_pdf", str(original), str(out), "--boxes", str(boxes))

    assert status == 2
    assert stdout == ""
    lines = stderr.splitlines()
    for fragment in expected:
        assert any(fragment in line for line in lines), (fragment, lines)
    assert all(line.startswith(str(boxes)) for line in lines)
    assert len(lines) == LINES.get(case, 1)
    assert not out.exists()
    assert set(tmp_path.iterdir()) == {original, boxes}


def encrypted(tmp_path: Path) -> Path:
    path = tmp_path / "locked.pdf"
    path.write_bytes(
        pdf_bytes(build_pdf(SPECS), encryption=pikepdf.Encryption(owner="o", user="u"))
    )
    return path


BAD_INPUTS = {
    "not a PDF": (lambda t: _write(t / "letter.pdf", b"Dear DCF\n"), "is not a PDF"),
    "an image": (lambda t: _write(t / "scan.pdf", _png()), "is an image (image/png), not a PDF"),
    "encrypted": (encrypted, "is encrypted: remove the password first"),
    "truncated": (
        lambda t: _write(t / "cut.pdf", pdf_bytes(build_pdf(SPECS))[:-300]),
        "is damaged or truncated",
    ),
    "missing": (lambda t: t / "nowhere.pdf", "cannot be read"),
}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(("make", "reason"), BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_a_bad_input_pdf_exits_2_naming_the_file(tmp_path: Path, make: Any, reason: str) -> None:
    source = make(tmp_path)
    boxes = write_json(tmp_path, "boxes.json", [secret_box()])
    out = tmp_path / "out.pdf"
    result = run("redact_pdf", str(source), str(out), "--boxes", str(boxes))

    assert result.returncode == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(f"{source}: ")
    assert reason in line
    assert not out.exists()


def test_a_failed_proof_exits_3_and_writes_nothing(
    original: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A proof that finds a box not opaque (as a faulty burn-in would) keeps OUT unwritten,
    including an OUT that was there before."""
    monkeypatch.setattr(
        verify_module, "opacity_problems", lambda packet, boxes: ["boxes[0]: not opaque"]
    )
    boxes = write_json(tmp_path, "boxes.json", [secret_box()])
    out = tmp_path / "out.pdf"
    out.write_bytes(b"previous")
    status, stdout, stderr = call("redact_pdf", str(original), str(out), "--boxes", str(boxes))

    assert status == 3
    assert stdout == ""
    assert stderr.splitlines() == ["boxes[0]: not opaque"]
    assert out.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["boxes.json", "in.pdf", "out.pdf"]


@pytest.mark.parametrize(
    ("out", "problem"),
    [
        pytest.param("", "is a folder, not a file to write", id="a folder"),
        pytest.param("missing/out.pdf", "does not exist", id="in a folder that does not exist"),
    ],
)
def test_an_output_that_cannot_be_written_is_bad_input(
    original: Path, tmp_path: Path, out: str, problem: str
) -> None:
    boxes = write_json(tmp_path, "boxes.json", [])
    result = run("redact_pdf", str(original), str(tmp_path / out), "--boxes", str(boxes))
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert problem in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["boxes.json", "in.pdf"]


FAULTY_PROOF = """
import sys
import django
django.setup()
from django.core.management import execute_from_command_line
from requests_app.redaction import verify
verify.opacity_problems = lambda packet, boxes: ["boxes[0]: the region on page 1 is not opaque"]
execute_from_command_line(["manage.py", "redact_pdf", *sys.argv[1:]])
"""


def test_a_failed_proof_exits_3_from_a_process_too(original: Path, tmp_path: Path) -> None:
    boxes = write_json(tmp_path, "boxes.json", [secret_box()])
    out = tmp_path / "out.pdf"
    result = subprocess.run(
        [sys.executable, "-c", FAULTY_PROOF, str(original), str(out), "--boxes", str(boxes)],
        cwd=PROJECT,
        env={
            **os.environ,
            "DATABASE_URL": UNREACHABLE_DATABASE,
            "DJANGO_SETTINGS_MODULE": "dcfconf.settings",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 3
    assert (result.stdout, result.stderr) == ("", "boxes[0]: the region on page 1 is not opaque\n")
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["boxes.json", "in.pdf"]


def test_a_dpi_out_of_range_is_bad_input(original: Path, tmp_path: Path) -> None:
    boxes = write_json(tmp_path, "boxes.json", [])
    status, _, stderr = call(
        "redact_pdf", str(original), str(tmp_path / "o.pdf"), "--boxes", str(boxes), "--dpi", "5"
    )
    assert status == 2
    assert "--dpi: 5 is not between 36 and 600" in stderr


def test_help_documents_the_contract() -> None:
    result = run("redact_pdf", "--help")
    text = " ".join(result.stdout.split())
    for phrase in ("top-left corner", "partly off the page is refused", "Exit status 0", "3 when"):
        assert phrase in text
    result = run("verify_packet", "--help")
    assert "TERMS.json" in result.stdout


# ----------------------------------------------------------------------------- verify_packet


def test_verify_packet_passes_a_redacted_copy_with_the_terms_absent(
    original: Path, tmp_path: Path
) -> None:
    boxes = write_json(tmp_path, "boxes.json", [secret_box()])
    out = tmp_path / "out.pdf"
    assert run("redact_pdf", str(original), str(out), "--boxes", str(boxes)).returncode == 0
    terms = write_json(tmp_path, "terms.json", [SECRET, "Keptword", "Jane Roe"])

    result = run("verify_packet", str(out), "--absent", str(terms))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "pages": 2,
        "sha256": hashlib.sha256(out.read_bytes()).hexdigest(),
        "verified": True,
        "problems": [],
    }


def test_verify_packet_fails_the_original_with_every_problem(
    original: Path, tmp_path: Path
) -> None:
    terms = write_json(tmp_path, "terms.json", ["secret NAME", "nothing like this"])
    result = run("verify_packet", str(original), "--absent", str(terms))

    assert result.returncode == 3
    report = json.loads(result.stdout)
    assert report["verified"] is False
    assert report["pages"] == 2
    assert report["problems"] == [
        "the packet contains /JavaScript",
        "the packet contains /JS",
        "the packet contains /EmbeddedFiles",
        "the packet contains /Annots",
        "the packet contains /AcroForm",
        "the packet contains /OpenAction",
        "the packet contains /Metadata",
        "page 1: pypdf extracts 1 of the withheld terms",
        "page 1: pdftotext extracts 1 of the withheld terms",
    ]
    assert result.stderr.splitlines()[-len(report["problems"]) :] == report["problems"]
    assert "secret" not in result.stdout.lower()


def test_verify_packet_without_terms_checks_the_keys_only(tmp_path: Path) -> None:
    plain = _write(tmp_path / "plain.pdf", pdf_bytes(build_pdf(SPECS)))
    status, stdout, stderr = call("verify_packet", str(plain))
    assert (status, stderr) == (0, "")
    assert json.loads(stdout)["verified"] is True


@pytest.mark.parametrize(
    ("terms", "problem"),
    [
        pytest.param(b"[1, 2]", "expected a JSON list of strings", id="not strings"),
        pytest.param(b'"Secretname"', "expected a JSON list of strings", id="not a list"),
        pytest.param(b"[", "not valid JSON", id="bad JSON"),
    ],
)
def test_verify_packet_bad_terms_exit_2(
    original: Path, tmp_path: Path, terms: bytes, problem: str
) -> None:
    path = _write(tmp_path / "terms.json", terms)
    result = run("verify_packet", str(original), "--absent", str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    assert f"{path}: {problem}" in result.stderr


def test_verify_packet_refuses_what_is_not_a_pdf(tmp_path: Path) -> None:
    text = _write(tmp_path / "notes.pdf", b"just words")
    result = run("verify_packet", str(text))
    assert result.returncode == 2
    assert result.stdout == ""
    assert f"{text}: is not a PDF" in result.stderr


def test_verify_packet_matches_each_term_whole(tmp_path: Path) -> None:
    """A term is one string (spacing and case aside): a word of it found alone is not it."""
    pdf = _write(
        tmp_path / "letter.pdf",
        pdf_bytes(build_pdf([PageSpec([Word("John", 100, 700), Word("Keptword", 100, 600)])])),
    )
    absent = write_json(tmp_path, "terms.json", ["John Smith", "Smith"])
    present = write_json(tmp_path, "present.json", ["KEPT  word"])

    status, stdout, _ = call("verify_packet", str(pdf), "--absent", str(absent))
    assert (status, json.loads(stdout)["problems"]) == (0, [])
    status, stdout, _ = call("verify_packet", str(pdf), "--absent", str(present))
    assert status == 3
    assert "page 1: pypdf extracts 1 of the withheld terms" in json.loads(stdout)["problems"]


def test_a_whole_page_box_on_an_a4_page_of_fractional_size(tmp_path: Path) -> None:
    """Page sizes are read in single precision: a box to the page's edge as written in the
    file (595.2756 points, 595.27557 in single precision) is on the page, not a hair past it."""
    pdf = build_pdf([PageSpec([Word(SECRET, 100, 700)])])
    pdf.pages[0].obj.MediaBox = [0, 0, 595.2756, 841.8898]
    source = _write(tmp_path / "a4.pdf", pdf_bytes(pdf))
    whole = {"page": 1, "x0": 0, "y0": 0, "x1": 595.2756, "y1": 841.8898, "reason": "other"}
    boxes = write_json(tmp_path, "boxes.json", [whole])
    status, stdout, stderr = call(
        "redact_pdf", str(source), str(tmp_path / "out.pdf"), "--boxes", str(boxes)
    )
    assert (status, stderr) == (0, "")
    assert json.loads(stdout)["verified"] is True


def test_out_may_replace_in(original: Path, tmp_path: Path) -> None:
    """The input is read whole before anything is written, and replaced only once proved."""
    boxes = write_json(tmp_path, "boxes.json", [secret_box()])
    status, stdout, _ = call("redact_pdf", str(original), str(original), "--boxes", str(boxes))
    assert status == 0
    assert json.loads(stdout)["sha256"] == hashlib.sha256(original.read_bytes()).hexdigest()
    assert "".join(pypdf_texts(original.read_bytes())).strip() == ""
