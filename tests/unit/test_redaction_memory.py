"""A 500-page burn-in streams its pages: peak memory stays under 400 MB (measured in a process
of its own, so nothing else the test run holds counts)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
PEAK_LIMIT_MB = 400

#: Writes the 500-page original to the file named by argv[1] (a process of its own, so that
#: building it does not count in the burn-in's peak).
MAKE = """
import sys
import django
django.setup()
from tests.redaction_pdfs import PageSpec, Word, build_pdf, pdf_bytes, LEGAL
words = [Word("Line %d of the case narrative" % n, 72, 60 + 14 * n) for n in range(60)]
with open(sys.argv[1], "wb") as out:
    out.write(pdf_bytes(build_pdf([PageSpec(words, size=LEGAL) for _ in range(500)])))
"""

SCRIPT = """
import json, resource, sys, tempfile
import django
django.setup()
from requests_app.redaction import Box, burn_in
with open(sys.argv[1], "rb") as source:
    original = source.read()
boxes = [Box(page, 72, 100, 400, 300, "other") for page in range(1, 501)]
with tempfile.TemporaryFile() as output:
    result = burn_in(original, boxes, output, dpi=200)
    size = output.tell()
print(json.dumps({"pages": result.pages, "bytes": size,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def test_a_500_page_burn_in_stays_under_400_mb(tmp_path: Path) -> None:
    original = tmp_path / "original.pdf"
    for script in (MAKE, SCRIPT):
        result = _run(script, original)
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["pages"] == 500
    assert report["peak_mb"] < PEAK_LIMIT_MB, report


def _run(script: str, original: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", script, str(original)],
        cwd=PROJECT,
        env={
            "DJANGO_SETTINGS_MODULE": "dcfconf.settings",
            "PYTHONPATH": str(PROJECT),
            "PATH": "/usr/bin:/bin",
        },
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
