"""Shared fixtures. The database is the PostgreSQL that DATABASE_URL names (bin/dbenv)."""

import contextlib
import datetime

import pytest
from django.conf import settings
from django.db import connection, connections
from django.db.backends.signals import connection_created

from requests_app import dbroles
from tests.world import World, world_build

TODAY = datetime.date(2026, 6, 15)


@pytest.fixture
def today() -> datetime.date:
    """A fixed 'today' so tests never depend on the clock."""
    return TODAY


@pytest.fixture
def world() -> World:
    """The world of the access matrix (tests/world.py): its users by column, its URLs."""
    return world_build()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Every factory-made user has a password; PBKDF2's production rounds would make hashing
    them most of the suite's time. Signing in works the same with a fast hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def audit_checkpoints(settings, tmp_path):
    """Each test keeps its audit checkpoints in a file of its own."""
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "audit-checkpoints.jsonl"
    return settings.AUDIT_CHECKPOINT_FILE


# ----------------------------------------------------------------------------- database roles
#
# With DATABASE_OWNER_URL naming another role than DATABASE_URL (as `make test` sets them, from
# bin/dbenv), the test database is created and migrated as the owner, and every test then runs
# with the portal's role (SET ROLE on each connection): the suite passes only if the portal
# needs nothing beyond the grants `manage.py migrate` gives it.


def _act_as_portal(role):
    def act(sender, connection, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute(f"SET ROLE {connection.ops.quote_name(role)}")

    return act


@pytest.fixture(scope="session")
def portal_role() -> str | None:
    """The role the portal connects as, when migrations connect as another (the owner)."""
    return connections["default"].settings_dict["USER"] if dbroles.owner_differs() else None


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, portal_role):
    if portal_role:
        connections["default"].settings_dict.update(
            {key: settings.DATABASE_OWNER[key] for key in dbroles.CREDENTIALS}
        )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, portal_role):
    if not portal_role:
        yield
        return
    with django_db_blocker.unblock():
        dbroles.grant_application_role(connection, portal_role)
    connections.close_all()
    connection_created.connect(_act_as_portal(portal_role), weak=False, dispatch_uid="portal")
    yield
    connection_created.disconnect(dispatch_uid="portal")
    connections.close_all()


@pytest.fixture
def as_table_owner(portal_role):
    """Inside the returned context manager the test's connection acts as the tables' owner:
    what someone holding DATABASE_OWNER_URL (or a superuser) could do, such as disabling
    triggers to tamper with rows."""

    @contextlib.contextmanager
    def owner():
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
        try:
            yield
        finally:
            if portal_role:
                with connection.cursor() as cursor:
                    cursor.execute(f"SET ROLE {connection.ops.quote_name(portal_role)}")

    return owner


@pytest.fixture
def tamper(as_table_owner):
    """Run one statement on `table` as its owner with its triggers off: how someone holding the
    owner's password could rewrite rows the portal may only append."""

    def run(table: str, statement: str, params: list | None = None) -> None:
        with as_table_owner(), connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks: ALTER may run
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            cursor.execute(statement, params or [])
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    return run


TRUNCATE_GUARDS = """
    SELECT tgrelid::regclass::text, tgname FROM pg_trigger
    WHERE tgfoid = 'requests_app_refuse_truncate'::regproc
"""


class _Flush:
    """The append-only tables' TRUNCATE guards that a flush turned off (none when on)."""

    guards_off: list[tuple[str, str]] = []


@pytest.fixture(autouse=True)
def flush_as_owner(request, as_table_owner):
    """After a test that commits (transaction=True, the live server), pytest-django empties
    every table with TRUNCATE, which the portal's role may not do and the append-only tables
    refuse: the flush runs as the owner with those guards off. The next test, whatever it is,
    starts with them back on and as the portal's role again."""
    marker = request.node.get_closest_marker("django_db")
    uses_database = marker is not None or {"db", "transactional_db"} & set(request.fixturenames)
    if _Flush.guards_off and uses_database:
        with as_table_owner(), connection.cursor() as cursor:
            for table, trigger in _Flush.guards_off:
                cursor.execute(f'ALTER TABLE {table} ENABLE TRIGGER "{trigger}"')
        _Flush.guards_off = []
    commits = (marker is not None and marker.kwargs.get("transaction")) or (
        "live_server" in request.fixturenames or "transactional_db" in request.fixturenames
    )
    if not commits:
        yield
        return
    request.getfixturevalue("transactional_db")  # set up first, so it flushes after this ends
    yield
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")
        cursor.execute(TRUNCATE_GUARDS)
        _Flush.guards_off = cursor.fetchall()
        for table, trigger in _Flush.guards_off:
            cursor.execute(f'ALTER TABLE {table} DISABLE TRIGGER "{trigger}"')
