"""The audit trail survives the roles that can write to it.

The portal connects as a role that owns nothing and may not TRUNCATE, change the schema or
rewrite an append-only row; TRUNCATE is refused even to the owner; every decision is sealed in a
second hash chain; and signed checkpoints of both chains' heads, kept outside the database, let
`verify_audit` report an emptied table, events cut from the end and a chain rewritten and
rehashed from any point."""

import json
import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from requests_app import audit
from requests_app.models import PolicyDecision, RecordSeal

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


# Rewrite the event marked "to be forged" and rehash it and every later event, with the
# project's own hash function: the chain verifies again afterwards.
REWRITE_AND_REHASH = """
DO $$ DECLARE r record; previous text; start bigint; BEGIN
    SELECT id INTO start FROM requests_app_accessevent WHERE detail = 'to be forged';
    SELECT hash INTO previous FROM requests_app_accessevent
    WHERE id < start ORDER BY id DESC LIMIT 1;
    FOR r IN SELECT id FROM requests_app_accessevent WHERE id >= start ORDER BY id LOOP
        UPDATE requests_app_accessevent SET prev_hash = previous,
               detail = CASE WHEN id = start THEN 'forged' ELSE detail END
        WHERE id = r.id;
        UPDATE requests_app_accessevent e SET hash = requests_app_accessevent_hash(e)
        WHERE id = r.id RETURNING hash INTO previous;
    END LOOP;
END $$
"""


def _events(count: int) -> list[int]:
    return [
        audit.record(user=None, action="view", object_type="Test", detail=str(i)).pk
        for i in range(count)
    ]


def _verify(capsys, **options) -> tuple[bool, str]:
    """Run verify_audit: whether it passed, and everything it wrote."""
    try:
        call_command("verify_audit", **options)
        passed = True
    except CommandError:
        passed = False
    captured = capsys.readouterr()
    return passed, captured.out + captured.err


# ----------------------------------------------------------------------------- database roles


def test_the_portals_role_owns_nothing_and_may_only_read_and_write_rows(portal_role):
    if not portal_role:
        pytest.skip("DATABASE_OWNER_URL is not set: the portal connects as the owner here")
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname FROM pg_class WHERE relowner = current_user::regrole")
        assert cursor.fetchall() == []
    for statement, refusal in (
        ("TRUNCATE django_session", "permission denied"),
        ("CREATE TABLE stolen (a int)", "permission denied"),
        ("ALTER TABLE requests_app_accessevent DISABLE TRIGGER USER", "must be owner"),
        ("DROP TRIGGER accessevent_chain ON requests_app_accessevent", "must be owner"),
        ("UPDATE requests_app_accessevent SET detail = ''", "permission denied"),
        ("DELETE FROM requests_app_recordseal", "permission denied"),
        ("DELETE FROM requests_app_policydecision", "permission denied"),
        ("DELETE FROM requests_app_clientevent", "permission denied"),
        ("DELETE FROM django_migrations", "permission denied"),
        ("SET session_replication_role = replica", "permission denied"),
    ):
        with (
            pytest.raises(DatabaseError, match=refusal),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)


def test_migrate_runs_as_the_owner_and_grants_the_portals_role_only_rows(portal_role):
    """`manage.py migrate` with DATABASE_URL (the portal's role) and DATABASE_OWNER_URL (the
    owner) on a new database: the owner owns every table, the portal's role none, and the
    portal's role reads and writes rows but may not empty a table."""
    if not portal_role:
        pytest.skip("DATABASE_OWNER_URL is not set: the portal connects as the owner here")
    owner = settings.DATABASE_OWNER
    name = f"test_roles_{uuid.uuid4().hex[:8]}"

    def url(user: str, database: str) -> str:
        return f"postgres://{user}@{owner['HOST']}:{owner['PORT']}/{database}"

    with psycopg.connect(url(owner["USER"], "postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        env = {
            **os.environ,
            "DATABASE_URL": url(portal_role, name),
            "DATABASE_OWNER_URL": url(owner["USER"], name),
        }
        result = subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr[-2000:]
        assert f"Granted the portal's role {portal_role}" in result.stdout
        with psycopg.connect(url(portal_role, name), autocommit=True) as portal:
            owners = portal.execute(
                "SELECT DISTINCT pg_get_userbyid(relowner) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'"
            ).fetchall()
            assert owners == [(owner["USER"],)]
            portal.execute("SELECT count(*) FROM requests_app_client")
            portal.execute("INSERT INTO django_session VALUES ('k', 'd', now())")
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                portal.execute("TRUNCATE django_session")
    finally:
        with psycopg.connect(url(owner["USER"], "postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_truncate_of_an_append_only_table_is_refused_even_to_the_owner(as_table_owner):
    _events(2)
    for statement in (
        "TRUNCATE requests_app_accessevent",
        "TRUNCATE auth_user CASCADE",  # reaches the access events through their foreign key
    ):
        with (
            as_table_owner(),
            pytest.raises(DatabaseError, match="append-only: TRUNCATE refused"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks: TRUNCATE may run
            cursor.execute(statement)


# ----------------------------------------------------------------------------- sealed decisions


def test_every_decision_and_decided_review_is_sealed_in_a_chain(decided_review):
    decision = PolicyDecision.objects.get(request=decided_review.request)
    seals = {
        s.table_name: s
        for s in RecordSeal.objects.filter(row_id__in=[decision.pk, decided_review.pk])
    }
    assert seals["requests_app_policydecision"].content["outcome"] == "escalated"
    assert seals["requests_app_review"].content["resolution"] == "approved"
    assert seals["requests_app_review"].prev_hash == seals["requests_app_policydecision"].hash


def test_a_decision_rewritten_by_the_owner_is_reported(decided_review, tamper, capsys):
    assert _verify(capsys)[0]
    decision = PolicyDecision.objects.get(request=decided_review.request)
    tamper(
        "requests_app_policydecision",
        "UPDATE requests_app_policydecision SET reasons = '[]', reason_codes = '{}' WHERE id = %s",
        [decision.pk],
    )
    tamper(
        "requests_app_review",
        "UPDATE requests_app_review SET resolution = 'approved_with_redactions' WHERE id = %s",
        [decided_review.pk],
    )
    passed, output = _verify(capsys)
    assert not passed
    assert f"Policy decision {decision.pk} was changed after it was sealed" in output
    assert f"Decided review {decided_review.pk} was changed after it was sealed" in output


def test_a_deleted_seal_is_reported(decided_review, tamper, capsys):
    decision = PolicyDecision.objects.get(request=decided_review.request)
    tamper(
        "requests_app_recordseal",
        "DELETE FROM requests_app_recordseal WHERE table_name = %s AND row_id = %s",
        ["requests_app_policydecision", decision.pk],
    )
    passed, output = _verify(capsys)
    assert not passed
    assert f"Policy decision {decision.pk} has no seal" in output
    assert "The seal chain is broken" in output


# ----------------------------------------------------------------------------- checkpoints


def test_a_checkpoint_is_a_signed_line_appended_outside_the_database(audit_checkpoints, capsys):
    ids = _events(3)
    call_command("audit_checkpoint")
    call_command("audit_checkpoint")
    lines = audit_checkpoints.read_text().splitlines()
    assert len(lines) == 2
    checkpoint = json.loads(lines[-1])
    assert checkpoint["access_events"]["last_id"] == ids[-1]
    assert set(checkpoint) == {"at", "access_events", "seals", "hmac"}
    assert set(checkpoint["access_events"]) == {"last_id", "last_hash", "count"}
    assert _verify(capsys)[0]

    forged = dict(checkpoint, access_events={**checkpoint["access_events"], "count": 1})
    audit_checkpoints.write_text(lines[0] + "\n" + json.dumps(forged) + "\n")
    passed, output = _verify(capsys)
    assert not passed and f"{audit_checkpoints}:2: not a checkpoint signed" in output


def test_an_emptied_table_is_reported(tamper, capsys):
    ids = _events(4)
    call_command("audit_checkpoint")
    tamper("requests_app_accessevent", "TRUNCATE requests_app_accessevent")
    passed, output = _verify(capsys)
    assert not passed
    assert "Every access event is gone: the checkpoint recorded" in output
    assert f"up to access event {ids[-1]}" in output


def test_events_cut_from_the_end_are_reported(tamper, capsys):
    ids = _events(5)
    call_command("audit_checkpoint")
    assert _verify(capsys)[0]
    tamper(
        "requests_app_accessevent",
        "DELETE FROM requests_app_accessevent WHERE id >= %s",
        [ids[3]],
    )
    passed, output = _verify(capsys)
    assert not passed
    assert f"The access events after {ids[2]} up to {ids[4]} are missing" in output
    assert "2 access event(s) were cut from the end" in output


def test_a_chain_rewritten_and_rehashed_is_reported_with_where_it_changed(tamper, capsys):
    """The chain itself verifies after a rehash with the project's own hash function; the
    checkpoints do not."""
    first = _events(3)
    call_command("audit_checkpoint")
    forged = audit.record(user=None, action="view", object_type="Test", detail="to be forged")
    later = [*_events(1), forged.pk, *_events(1)]
    call_command("audit_checkpoint")
    tamper("requests_app_accessevent", REWRITE_AND_REHASH)
    passed, output = _verify(capsys)
    assert not passed
    assert "chain is broken" not in output
    assert f"The hash of access event {later[-1]} is not the one checkpointed" in output
    assert f"The access events up to {first[-1]} still match the checkpoint" in output


def test_verify_without_checkpoints_says_the_end_is_not_proven(capsys):
    _events(1)
    passed, output = _verify(capsys)
    assert passed and "the end of the chains is not proven" in output


def test_checkpoints_also_go_to_syslog(settings, audit_checkpoints):
    receiver = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    receiver.bind(("127.0.0.1", 0))
    receiver.settimeout(5)
    settings.AUDIT_CHECKPOINT_SYSLOG = f"127.0.0.1:{receiver.getsockname()[1]}"
    try:
        call_command("audit_checkpoint")
        datagram = receiver.recv(65536).decode()
    finally:
        receiver.close()
    assert audit_checkpoints.read_text().strip() in datagram


def test_verify_reads_checkpoints_kept_elsewhere(tamper, capsys, tmp_path, audit_checkpoints):
    ids = _events(2)
    call_command("audit_checkpoint")
    elsewhere = tmp_path / "from-the-log-server.jsonl"
    elsewhere.write_text(audit_checkpoints.read_text())
    audit_checkpoints.unlink()
    tamper(
        "requests_app_accessevent", "DELETE FROM requests_app_accessevent WHERE id = %s", [ids[-1]]
    )
    passed, output = _verify(capsys, checkpoints=elsewhere)
    assert not passed and f"up to {ids[-1]} are missing" in output
