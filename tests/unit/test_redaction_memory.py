"""A 500-page burn-in streams its pages: peak memory stays under 400 MB (measured in a process
of its own, so nothing else the test run holds counts)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
PEAK_LIMIT_MB = 400

SCRIPT = """
import io, json, os, resource, tempfile
import django
django.setup()
from requests_app.redaction import Box, burn_in
from tests.redaction_pdfs import PageSpec, Word, build_pdf, pdf_bytes, LEGAL
words = [Word("Line %d of the case narrative" % n, 72, 60 + 14 * n) for n in range(60)]
original = pdf_bytes(build_pdf([PageSpec(words, size=LEGAL) for _ in range(500)]))
boxes = [Box(page, 72, 100, 400, 300, "other") for page in range(1, 501)]
with tempfile.TemporaryFile() as output:
    result = burn_in(original, boxes, output, dpi=200)
    size = output.tell()
print(json.dumps({"pages": result.pages, "bytes": size,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def test_a_500_page_burn_in_stays_under_400_mb() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
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
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["pages"] == 500
    assert report["peak_mb"] < PEAK_LIMIT_MB, report
