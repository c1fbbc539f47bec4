"""bin/ensure-tools: a no-op when poppler's programs run; otherwise, without root, it names the
package to install and fails (with root it installs it: not exercised here)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "bin" / "ensure-tools"


def test_nothing_to_do_when_pdftotext_and_pdftoppm_run() -> None:
    result = subprocess.run([str(SCRIPT)], capture_output=True, text=True, check=False)
    assert (result.returncode, result.stderr) == (0, "")
    assert shutil.which("pdftotext") and shutil.which("pdftoppm")


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"), reason="needs root")
def test_a_missing_program_without_root_names_the_package() -> None:
    result = subprocess.run(
        ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", str(SCRIPT)],
        env={**os.environ, "DCF_TOOLS_PROGRAMS": "pdftotext no-such-program"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "sudo apt-get install -y poppler-utils" in result.stderr
