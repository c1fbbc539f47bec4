"""Shared fixtures. The database is the PostgreSQL that DATABASE_URL names (bin/dbenv)."""

import datetime

import pytest

TODAY = datetime.date(2026, 6, 15)


@pytest.fixture
def today() -> datetime.date:
    """A fixed 'today' so tests never depend on the clock."""
    return TODAY


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Every factory-made user has a password; PBKDF2's production rounds would make hashing
    them most of the suite's time. Signing in works the same with a fast hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
