"""Shared fixtures. The database is the PostgreSQL that DATABASE_URL names (bin/dbenv)."""

import datetime

import pytest

TODAY = datetime.date(2026, 6, 15)


@pytest.fixture
def today() -> datetime.date:
    """A fixed 'today' so tests never depend on the clock."""
    return TODAY
