"""Shared helpers of the benchmark and soak scripts: where the project is, which database URL a
name resolves to (bin/dbenv), raw connections, and Django setup for a chosen database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
BENCH_DIR = ROOT / "bench"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def database_url(name: str, *, private: bool = False) -> str:
    """The superuser's URL bin/dbenv gives for database `name` (created if missing): loading
    writes with triggers off, which only a superuser may. `private` skips the system server, so
    the database lives in this checkout's private cluster."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    if private:
        env["DCF_PG_SKIP_SYSTEM"] = "1"
    result = subprocess.run(
        [str(ROOT / "bin" / "dbenv"), "--admin", name],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    return result.stdout.strip()


def with_database(url: str, name: str) -> str:
    """The same server's URL for another database."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def connect(url: str):
    """A raw psycopg2 connection (autocommit off)."""
    import psycopg2

    return psycopg2.connect(url)


def django_setup(url: str, settings: str = "dcfconf.settings") -> None:
    """Configure Django for `url` in this process (before anything imports the ORM)."""
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = settings
    import django

    django.setup()
