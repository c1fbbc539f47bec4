"""Proving the audit trail: its two hash chains, the decisions they seal, and checkpoints of
their heads kept outside the database.

Two chains are kept by PostgreSQL triggers: the access events (migration 0005) and the seals of
every decision (migration 0016). A chain proves that nothing inside it changed; it cannot prove
that nothing was cut from its end, nor that someone able to write the table did not rewrite an
event and every later hash. A checkpoint can: `audit_checkpoint` signs each chain's head (last id,
hash and count) with a key that is not in the database (HMAC-SHA256) and appends it to a file (and
syslog). `verify` checks the chains, every sealed decision against its row, and every checkpoint
against the database, and says what is missing or changed.
"""

import dataclasses
import datetime
import hashlib
import hmac
import json
import logging.handlers
import socket
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone
from psycopg import sql

from requests_app.models.audit import GENESIS_HASH


@dataclasses.dataclass(frozen=True)
class Chain:
    """One hash chain: its table, the SQL function that hashes a row, and how reports name it."""

    key: str
    table: str
    hash_function: str
    noun: str


ACCESS = Chain(
    "access_events", "requests_app_accessevent", "requests_app_accessevent_hash", "access event"
)
SEALS = Chain("seals", "requests_app_recordseal", "requests_app_recordseal_hash", "seal")
CHAINS = (ACCESS, SEALS)

#: The sealed tables, as reports name their rows.
SEALED = {
    "requests_app_policydecision": "policy decision",
    "requests_app_review": "decided review",
}

#: How many problems of one kind a report lists before it only counts them.
REPORT_LIMIT = 20


@dataclasses.dataclass(frozen=True)
class Head:
    """A chain's last row (id and hash) and how many rows it holds."""

    last_id: int
    last_hash: str
    count: int


@dataclasses.dataclass(frozen=True)
class Checkpoint:
    """A signed record of every chain's head at a moment."""

    at: str
    heads: dict[str, Head]

    def payload(self) -> dict[str, Any]:
        return {"at": self.at, **{k: dataclasses.asdict(h) for k, h in self.heads.items()}}


@dataclasses.dataclass
class Report:
    """What `verify` found: problems (each a sentence) and facts (what was checked)."""

    problems: list[str] = dataclasses.field(default_factory=list)
    facts: list[str] = dataclasses.field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problems


# ----------------------------------------------------------------------------- the chains


def _query(template: str, chain: Chain) -> str:
    """`template` with {table}, {hash_function} and {key} filled from `chain`, quoted by psycopg
    (identifiers and a literal): the module's own names, never input."""
    connection.ensure_connection()
    query = sql.SQL(template).format(
        table=sql.Identifier(chain.table),
        hash_function=sql.Identifier(chain.hash_function),
        key=sql.Literal(chain.key),
    )
    return query.as_string(connection.connection)


# Recomputes every hash (with the SQL function the insert trigger uses) and every link.
_CHAIN_SQL = """
    SELECT id FROM (
        SELECT r.id, r.hash, r.prev_hash,
               lag(r.hash) OVER (ORDER BY r.id) AS previous,
               {hash_function}(r) AS expected
        FROM {table} r
    ) chain
    WHERE hash <> expected OR prev_hash <> coalesce(previous, %s)
    ORDER BY id LIMIT 1
"""

_HEAD_SQL = """
    SELECT {key}, last.id, last.hash, (SELECT count(*) FROM {table})
    FROM (SELECT NULL) one
    LEFT JOIN (SELECT id, hash FROM {table} ORDER BY id DESC LIMIT 1) last ON true
"""

_UP_TO_SQL = """
    SELECT (SELECT count(*) FROM {table} WHERE id <= %s),
           (SELECT hash FROM {table} WHERE id = %s),
           (SELECT max(id) FROM {table})
"""


def first_broken_link(chain: Chain = ACCESS) -> int | None:
    """The id of the first row whose hash or link to its predecessor does not verify."""
    with connection.cursor() as cursor:
        cursor.execute(_query(_CHAIN_SQL, chain), [GENESIS_HASH])
        row = cursor.fetchone()
    return row[0] if row else None


def heads() -> dict[str, Head]:
    """Every chain's head now, read in one statement (one snapshot)."""
    query = " UNION ALL ".join(_query(_HEAD_SQL, chain) for chain in CHAINS)
    with connection.cursor() as cursor:
        cursor.execute(query)
        rows = cursor.fetchall()
    return {
        key: Head(last_id, last_hash, count) if last_id else Head(0, GENESIS_HASH, 0)
        for key, last_id, last_hash, count in rows
    }


# ----------------------------------------------------------------------------- sealed decisions

_SEALED_ROWS_SQL = """
    SELECT s.id, s.table_name, s.row_id,
           CASE WHEN t.row IS NULL THEN 'deleted' ELSE 'changed' END
    FROM requests_app_recordseal s
    LEFT JOIN LATERAL (
        SELECT requests_app_row_json(d) AS row FROM requests_app_policydecision d
        WHERE s.table_name = 'requests_app_policydecision' AND d.id = s.row_id
        UNION ALL
        SELECT requests_app_row_json(r) FROM requests_app_review r
        WHERE s.table_name = 'requests_app_review' AND r.id = s.row_id
    ) t ON true
    WHERE t.row IS NULL
       OR s.content <> (SELECT jsonb_object_agg(k, t.row -> k) FROM jsonb_object_keys(s.content) k)
    ORDER BY s.id
"""

_UNSEALED_SQL = """
    SELECT 'requests_app_policydecision', d.id FROM requests_app_policydecision d
    WHERE NOT EXISTS (SELECT 1 FROM requests_app_recordseal s
                      WHERE s.table_name = 'requests_app_policydecision' AND s.row_id = d.id)
    UNION ALL
    SELECT 'requests_app_review', r.id FROM requests_app_review r
    WHERE r.decided_at IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM requests_app_recordseal s
                      WHERE s.table_name = 'requests_app_review' AND s.row_id = r.id)
    ORDER BY 1, 2
"""


def sealed_row_problems() -> list[str]:
    """Decisions and decided reviews that differ from their seal, or were deleted, or were
    never sealed (written with the triggers off)."""
    with connection.cursor() as cursor:
        cursor.execute(_SEALED_ROWS_SQL)
        altered = cursor.fetchall()
        cursor.execute(_UNSEALED_SQL)
        unsealed = cursor.fetchall()
    problems = [
        f"{SEALED[table].capitalize()} {row_id} was {what} after it was sealed (seal {seal_id})"
        for seal_id, table, row_id, what in altered
    ]
    problems += [
        f"{SEALED[table].capitalize()} {row_id} has no seal: it was written with the triggers off"
        for table, row_id in unsealed
    ]
    return _capped(problems)


def _capped(problems: list[str]) -> list[str]:
    if len(problems) <= REPORT_LIMIT:
        return problems
    return [*problems[:REPORT_LIMIT], f"... and {len(problems) - REPORT_LIMIT} more like these"]


# ----------------------------------------------------------------------------- checkpoints


def _signature(payload: dict[str, Any]) -> str:
    message = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
    key = settings.AUDIT_CHECKPOINT_KEY.encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def checkpoint_line(checkpoint: Checkpoint) -> str:
    """The checkpoint as one signed JSON line (no newline)."""
    payload = checkpoint.payload()
    return json.dumps({**payload, "hmac": _signature(payload)}, sort_keys=True)


def checkpoint_take(*, at: datetime.datetime | None = None) -> str:
    """Sign every chain's head now and write it to the configured destinations; the line."""
    moment = (at or timezone.now()).astimezone(datetime.UTC)
    line = checkpoint_line(Checkpoint(at=moment.isoformat(timespec="seconds"), heads=heads()))
    path = Path(settings.AUDIT_CHECKPOINT_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        out.write(line + "\n")
        out.flush()
    if settings.AUDIT_CHECKPOINT_SYSLOG:
        _to_syslog(settings.AUDIT_CHECKPOINT_SYSLOG, line)
    return line


def _to_syslog(address: str, line: str) -> None:
    target: str | tuple[str, int]
    if address.startswith("/"):
        target = address
    else:
        host, _, port = address.rpartition(":")
        target = (host or address, int(port) if host else 514)
    handler = logging.handlers.SysLogHandler(
        address=target, facility=logging.handlers.SysLogHandler.LOG_AUTH, socktype=socket.SOCK_DGRAM
    )
    try:
        record = logging.LogRecord("dcf-audit", logging.INFO, __file__, 0, line, None, None)
        handler.handle(record)
    finally:
        handler.close()


def read_checkpoints(path: Path) -> tuple[list[Checkpoint], list[str]]:
    """The checkpoints in `path` whose signature verifies, oldest first, and a problem for every
    line that is not one."""
    checkpoints, problems = [], []
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not text.strip():
            continue
        checkpoint = _parse(text)
        if checkpoint is None:
            problems.append(
                f"{path}:{number}: not a checkpoint signed with this portal's key "
                "(altered, or signed with another AUDIT_CHECKPOINT_KEY)"
            )
        else:
            checkpoints.append(checkpoint)
    return checkpoints, problems


def _parse(text: str) -> Checkpoint | None:
    try:
        data = json.loads(text)
        signature = data.pop("hmac")
        if not hmac.compare_digest(str(signature), _signature(data)):
            return None
        found = {c.key: Head(**data[c.key]) for c in CHAINS}
        return Checkpoint(at=str(data["at"]), heads=found)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def _rows_up_to(chain: Chain, last_id: int) -> tuple[int, str | None, int | None]:
    """How many rows have an id up to `last_id`, the hash of row `last_id`, the highest id."""
    with connection.cursor() as cursor:
        cursor.execute(_query(_UP_TO_SQL, chain), [last_id, last_id])
        count, found_hash, highest = cursor.fetchone()
    return count, found_hash, highest


def checkpoint_problems(checkpoints: list[Checkpoint]) -> list[str]:
    """What each chain lost or had rewritten since its checkpoints: the newest failing
    checkpoint says what is missing or changed, the last one that still holds says from where."""
    problems = []
    for chain in CHAINS:
        verdicts = [(c, _compare(chain, c.heads[chain.key])) for c in checkpoints]
        failing = [(c, v) for c, v in verdicts if v]
        if not failing:
            continue
        newest, verdict = failing[-1]
        problems.append(f"{verdict} (checkpoint of {newest.at})")
        first_failing_id = failing[0][0].heads[chain.key].last_id
        holding = [
            c for c, v in verdicts if not v and c.heads[chain.key].last_id < first_failing_id
        ]
        if holding:
            last_good = holding[-1]
            good_id = last_good.heads[chain.key].last_id
            problems.append(
                f"The {chain.noun}s up to {good_id} still match the checkpoint of {last_good.at}: "
                f"what changed comes after {chain.noun} {good_id}"
            )
    return problems


def _compare(chain: Chain, head: Head) -> str:
    """Empty when the database still holds `head`'s chain; else what is missing or changed."""
    if head.count == 0:
        return ""
    count, found_hash, highest = _rows_up_to(chain, head.last_id)
    noun = chain.noun
    if highest is None:
        return (
            f"Every {noun} is gone: the checkpoint recorded {head.count} {noun}(s) up to "
            f"{noun} {head.last_id} (the table was emptied)"
        )
    if highest < head.last_id:
        return (
            f"The {noun}s after {highest} up to {head.last_id} are missing: "
            f"{head.count - count} {noun}(s) were cut from the end of the chain"
        )
    if found_hash is None or count < head.count:
        return (
            f"{head.count - count} {noun}(s) up to {head.last_id} are missing "
            f"({noun} {head.last_id} {'is gone' if found_hash is None else 'is still there'})"
        )
    if found_hash != head.last_hash:
        return (
            f"The hash of {noun} {head.last_id} is not the one checkpointed: the chain was "
            f"rewritten at or before {noun} {head.last_id} and rehashed"
        )
    return ""


# ----------------------------------------------------------------------------- all of it


def verify(checkpoint_file: Path | None = None) -> Report:
    """Check both chains, every sealed decision, and the checkpoints in `checkpoint_file`
    (default: AUDIT_CHECKPOINT_FILE)."""
    report = Report()
    for chain in CHAINS:
        broken = first_broken_link(chain)
        if broken is not None:
            report.problems.append(f"The {chain.noun} chain is broken at {chain.noun} {broken}")
    report.problems += sealed_row_problems()
    now = heads()
    report.facts += [
        f"{now[ACCESS.key].count} access event(s), {now[SEALS.key].count} sealed decision(s)"
    ]
    path = Path(checkpoint_file or settings.AUDIT_CHECKPOINT_FILE)
    if not path.exists():
        report.facts.append(
            f"no checkpoint file at {path}: the end of the chains is not proven "
            "(run `manage.py audit_checkpoint` hourly)"
        )
        return report
    checkpoints, unreadable = read_checkpoints(path)
    report.problems += unreadable
    report.problems += checkpoint_problems(checkpoints)
    if checkpoints:
        report.facts.append(
            f"{len(checkpoints)} checkpoint(s) in {path}, the latest of {checkpoints[-1].at}"
        )
    return report
