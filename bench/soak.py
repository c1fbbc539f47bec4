"""`make soak`: nothing is lost or half-written under concurrent load, a database restart, or a
race for the same review. Exits non-zero on any loss; takes about three minutes.

    .venv/bin/python bench/soak.py [--seconds 60] [--submitters 32] [--races 1000]

Runs against `dcf_soak` in this checkout's PRIVATE PostgreSQL cluster (`DCF_PG_SKIP_SYSTEM=1
bin/dbenv dcf_soak`), loaded with a small benchmark dataset, served by gunicorn with the benchmark
settings (production's, on plain HTTP).

(a) 32 concurrent submitters post the real new-request form for 60 seconds (a few double-clicks:
    the same submission_token twice at once). No 5xx; every successful submission stored exactly
    once (rows counted by submission_token); one "create DisclosureRequest" audit event each.
(b) While submitters run, the private cluster is stopped (pg_ctl stop -m fast) and started again.
    During the outage every answer is the clean 503 page (checked in the body, never a
    traceback); within 5 seconds of the server being back, submissions succeed again without
    restarting gunicorn. Submissions refused during the outage are sent again with the same
    token (what a user's second click does). Afterwards no request is half-written: each has its
    decision, its timeline events and its audit event; each escalated one its open review.
(c) Two threads, each with its own database connection, claim the same review at the same
    moment, 1,000 times (review_claim, SELECT ... FOR UPDATE SKIP LOCKED): exactly one wins each
    time and the review has that one assignee.

The audit chain is verified at the end. The private cluster is stopped again if this started it.
"""

from __future__ import annotations

import argparse
import collections
import http.client
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common
from run_bench import Gunicorn, free_port

SOAK_DB = "dcf_soak"
SOAK_SCALE = 0.01
GUNICORN_WORKERS = 4
RECOVERY_SECONDS = 5.0
CLEAN_503 = "The portal is temporarily unavailable"
DETAIL = re.compile(r"^/requests/(\d+)/$")


def log(message: str) -> None:
    print(message, flush=True)


# --------------------------------------------------------------------------- the private cluster


def _bin_dir() -> Path:
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), reverse=True)
    if candidates:
        return candidates[0].parent
    found = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
    return Path(found.stdout.strip())


class PrivateCluster:
    """This checkout's private cluster, as bin/dbenv lays it out (see its header)."""

    def __init__(self) -> None:
        digest = __import__("hashlib").sha256(str(common.ROOT).encode()).hexdigest()[:10]
        for base in (common.ROOT / ".var" / "postgres", Path(f"/tmp/dcf-portal-pg-{digest}")):
            if (base / "data" / "PG_VERSION").exists():
                self.base = base
                break
        else:
            self.base = None
        self.pg_ctl = str(_bin_dir() / "pg_ctl")

    @property
    def data(self) -> Path:
        return self.base / "data"

    def running(self) -> bool:
        return self.base is not None and (self.data / "postmaster.pid").exists()

    def port(self) -> str:
        return (self.data / "postmaster.pid").read_text().splitlines()[3].strip()

    def _pg_ctl(self, *args: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run(
            [*prefix, self.pg_ctl, "-D", str(self.data), *args],
            cwd="/",
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=True,
        )

    def stop(self) -> None:
        self._pg_ctl("-m", "fast", "-w", "-t", "60", "stop")

    def start(self, port: str) -> None:
        log_file = str(self.base / "postgresql.log")
        self._pg_ctl("-l", log_file, "-w", "-t", "60", "-o", f"-p {port}", "start")


# --------------------------------------------------------------------------- submitters


@dataclass
class Visitor:
    cookie: str
    csrf: str
    targets: list[tuple[int, int]]  # (client, case)


@dataclass
class Attempt:
    started: float
    ended: float
    token: str
    status: int  # 0 = no HTTP answer
    request_id: int | None = None
    problem: str = ""
    visitor: Visitor | None = None
    target: tuple[int, int] | None = None


@dataclass
class Log:
    attempts: list[Attempt] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, attempt: Attempt) -> None:
        with self.lock:
            self.attempts.append(attempt)


def prepare_visitors(count: int) -> list[Visitor]:
    """Social workers with a caseload, each with a session and the clients they may ask about."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from pages import _csrf_secret, _session, caseload_case

    from requests_app.choices import DutyGroup
    from requests_app.selectors.casework import caseload_clients

    today = timezone.localdate()
    users = list(
        get_user_model()
        .objects.filter(
            staff_profile__disclosure_role="social_worker",
            case_assignments__ends_on__isnull=True,
        )
        .exclude(groups__name=DutyGroup.SUPERVISOR)
        .distinct()
        .order_by("pk")
    )
    visitors = []
    for user in users:
        targets = []
        for client in caseload_clients(user=user, today=today)[:4]:
            case = caseload_case(user=user, client=client, today=today)
            targets.append((client.pk, case.pk))
        if targets:
            csrf = _csrf_secret()
            visitors.append(Visitor(f"sessionid={_session(user)}; csrftoken={csrf}", csrf, targets))
    if not visitors:
        raise SystemExit("no social worker with a caseload in the soak database")
    return [visitors[i % len(visitors)] for i in range(count)]


def submit(port: int, visitor: Visitor, target: tuple[int, int], token: str, log_: Log) -> Attempt:
    from pages import submission_body

    client_id, case_id = target
    body = submission_body(
        csrf=visitor.csrf, case_id=case_id, escalate=random.random() < 0.15, token=token
    )
    started = time.monotonic()
    attempt = Attempt(started, started, token, 0, visitor=visitor, target=target)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request(
            "POST",
            f"/requests/new/{client_id}/",
            body=body,
            headers={
                "Cookie": visitor.cookie,
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        response = conn.getresponse()
        content = response.read().decode(errors="replace")
        conn.close()
        attempt.status = response.status
        match = DETAIL.match(response.getheader("Location") or "")
        if response.status == 302 and match:
            attempt.request_id = int(match.group(1))
        elif response.status == 503:
            if CLEAN_503 not in content or "Traceback" in content:
                attempt.problem = "503 without the clean page"
        else:
            attempt.problem = f"unexpected {response.status}: {content[:200]!r}"
    except (OSError, http.client.HTTPException) as error:
        attempt.problem = f"no answer: {type(error).__name__}: {error}"
    attempt.ended = time.monotonic()
    log_.add(attempt)
    return attempt


def submitters(port: int, visitors: list[Visitor], seconds: float, log_: Log) -> None:
    """Each visitor submits in a loop until the time is up; now and then a double-click."""
    deadline = time.monotonic() + seconds

    def run(visitor: Visitor, seed: int) -> None:
        rng = random.Random(seed)
        while time.monotonic() < deadline:
            target = rng.choice(visitor.targets)
            token = str(uuid.uuid4())
            if rng.random() < 0.03:  # a double-click: the same form posted twice at once
                twin = threading.Thread(target=submit, args=(port, visitor, target, token, log_))
                twin.start()
                submit(port, visitor, target, token, log_)
                twin.join()
            elif submit(port, visitor, target, token, log_).status == 503:
                time.sleep(0.25)  # what a person does: wait a moment (Retry-After says 5 s)

    threads = [threading.Thread(target=run, args=(v, i)) for i, v in enumerate(visitors)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


# --------------------------------------------------------------------------- checks


def check_stored(log_: Log, since_id: int, problems: list[str]) -> dict:
    """Every successful submission stored exactly once, with one create event; nothing else."""
    from django.db.models import Count

    from requests_app.models import AccessEvent, DisclosureRequest

    ok = [a for a in log_.attempts if a.request_id]
    by_token: dict[str, set[int]] = collections.defaultdict(set)
    for a in ok:
        by_token[a.token].add(a.request_id)
    rows = dict(
        DisclosureRequest.objects.filter(submission_token__in=list(by_token)).values_list(
            "submission_token", "pk"
        )
    )
    for token, ids in by_token.items():
        stored = rows.get(uuid.UUID(token))
        if len(ids) != 1 or stored not in ids:
            problems.append(f"token {token}: answered {sorted(ids)}, stored {stored}")
    new_rows = DisclosureRequest.objects.filter(pk__gt=since_id)
    extra = new_rows.exclude(submission_token__in=list(by_token)).count()
    if extra:
        problems.append(f"{extra} stored request(s) no submitter was told about")
    creates = dict(
        AccessEvent.objects.filter(
            action="create",
            object_type="DisclosureRequest",
            object_id__in=[str(pk) for pk in new_rows.values_list("pk", flat=True)],
        )
        .values_list("object_id")
        .annotate(n=Count("id"))
    )
    wrong_audit = [pk for pk in new_rows.values_list("pk", flat=True) if creates.get(str(pk)) != 1]
    if wrong_audit:
        problems.append(f"{len(wrong_audit)} request(s) without exactly one create event")
    doubles = collections.Counter(a.token for a in ok)
    return {
        "successful_submissions": len(ok),
        "distinct_tokens": len(by_token),
        "double_clicks_answered_twice": sum(1 for n in doubles.values() if n > 1),
        "stored_requests": new_rows.count(),
        "create_events_checked": len(creates),
    }


def check_whole(since_id: int, problems: list[str]) -> dict:
    """No half-written request: decision, timeline and audit event for each; a review for each
    escalated one."""
    from django.db.models import CharField, Exists, OuterRef, Q
    from django.db.models.functions import Cast

    from requests_app.models import (
        AccessEvent,
        DisclosureRequest,
        PolicyDecision,
        RequestEvent,
        Review,
    )

    new = DisclosureRequest.objects.filter(pk__gt=since_id).annotate(
        pk_text=Cast("pk", CharField())
    )
    missing = {
        "decision": ~Exists(PolicyDecision.objects.filter(request=OuterRef("pk"))),
        "submitted event": ~Exists(
            RequestEvent.objects.filter(request=OuterRef("pk"), kind="submitted")
        ),
        "decision event": ~Exists(
            RequestEvent.objects.filter(
                Q(kind="permitted") | Q(kind="escalated"), request=OuterRef("pk")
            )
        ),
        "audit event": ~Exists(
            AccessEvent.objects.filter(
                action="create", object_type="DisclosureRequest", object_id=OuterRef("pk_text")
            )
        ),
        "open review (escalated)": Q(status="escalated")
        & ~Exists(Review.objects.filter(request=OuterRef("pk"), decided_at__isnull=True)),
        "decision (status still submitted)": Q(status="submitted"),
    }
    counts = {}
    for what, condition in missing.items():
        n = new.filter(condition).count()
        counts[what] = n
        if n:
            problems.append(f"{n} request(s) without their {what}")
    return {"requests_checked": new.count(), "missing": counts}


def verify_audit(problems: list[str]) -> None:
    from requests_app.auditchain import first_broken_link

    broken = first_broken_link()
    if broken is not None:
        problems.append(f"audit chain broken at event {broken}")


# --------------------------------------------------------------------------- phases


def phase_concurrency(port: int, visitors: list[Visitor], seconds: float) -> tuple[dict, list]:
    from requests_app.models import DisclosureRequest

    problems: list[str] = []
    since = DisclosureRequest.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    log_ = Log()
    started = time.monotonic()
    submitters(port, visitors, seconds, log_)
    elapsed = time.monotonic() - started
    statuses = collections.Counter(a.status for a in log_.attempts)
    for a in log_.attempts:
        if a.problem or a.status >= 500 or a.status == 0:
            problems.append(a.problem or f"status {a.status}")
    summary = {
        "seconds": round(elapsed, 1),
        "submitters": len(visitors),
        "attempts": len(log_.attempts),
        "statuses": dict(statuses),
        "submissions_per_second": round(len(log_.attempts) / elapsed, 1),
        **check_stored(log_, since, problems),
    }
    summary.update(check_whole(since, problems))
    return summary, problems


def phase_restart(
    port: int, visitors: list[Visitor], cluster: PrivateCluster, seconds: float
) -> tuple[dict, list]:
    from django.db import connections

    from requests_app.models import DisclosureRequest

    problems: list[str] = []
    since = DisclosureRequest.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    connections.close_all()
    cluster_port = cluster.port()
    log_ = Log()
    marks: dict[str, float] = {}

    def restart() -> None:
        time.sleep(seconds / 4)
        marks["stop"] = time.monotonic()
        cluster.stop()
        marks["stopped"] = time.monotonic()
        time.sleep(4)
        marks["start"] = time.monotonic()
        cluster.start(cluster_port)
        marks["up"] = time.monotonic()  # pg_ctl -w: accepting connections

    restarter = threading.Thread(target=restart)
    restarter.start()
    submitters(port, visitors, seconds, log_)
    restarter.join()

    up = marks["up"]
    refused = [a for a in log_.attempts if a.status == 503]
    bad = [
        a for a in log_.attempts if (a.problem and a.status != 503) or a.status not in (302, 503)
    ]
    bad += [a for a in refused if a.problem]
    for a in bad:
        problems.append(a.problem or f"status {a.status}")
    first_ok = min(
        (a.ended for a in log_.attempts if a.request_id and a.started >= up), default=None
    )
    late_failures = [
        a for a in log_.attempts if not a.request_id and a.started >= up + RECOVERY_SECONDS
    ]
    if first_ok is None or first_ok - up > RECOVERY_SECONDS:
        problems.append(f"no success within {RECOVERY_SECONDS:g} s of the database being back")
    if late_failures:
        problems.append(f"{len(late_failures)} failure(s) more than {RECOVERY_SECONDS:g} s after")

    # What a user does after a refusal: press submit again (same form, same token).
    answered = {a.token for a in log_.attempts if a.request_id}
    pending = {a.token: a for a in log_.attempts if not a.request_id and a.token not in answered}

    def resubmit(item: tuple[str, Attempt]) -> Attempt:
        token, refused_attempt = item
        return submit(port, refused_attempt.visitor, refused_attempt.target, token, log_)

    with ThreadPoolExecutor(max_workers=len(visitors)) as pool:
        for again in pool.map(resubmit, sorted(pending.items())):
            if not again.request_id:
                problems.append(f"resubmitting {again.token} after the outage: {again.status}")
    summary = {
        "attempts": len(log_.attempts),
        "statuses": dict(collections.Counter(a.status for a in log_.attempts)),
        "clean_503_pages": len([a for a in refused if not a.problem]),
        "outage_seconds": round(marks["up"] - marks["stop"], 1),
        "first_success_after_up_seconds": round(first_ok - up, 2) if first_ok else None,
        "resubmitted_after_outage": len(pending),
    }
    summary.update(check_stored(log_, since, problems))
    summary.update(check_whole(since, problems))
    return summary, problems


def phase_claim_race(rounds: int) -> tuple[dict, list]:
    """Two threads with their own connections claim one review at once; exactly one may win."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from requests_app.choices import DutyGroup
    from requests_app.models import RequestEvent, Review
    from requests_app.services import reviews as review_services

    problems: list[str] = []
    reviewers = list(
        get_user_model().objects.filter(groups__name=DutyGroup.LEGAL_AFFAIRS).order_by("pk")[:2]
    )
    review = Review.objects.filter(decided_at__isnull=True, assignee__isnull=True).first()
    if review is None or len(reviewers) < 2:
        return {}, ["no open unassigned review or fewer than two reviewers"]
    barrier = threading.Barrier(3)
    outcomes: list[list[str]] = [[], []]

    def contender(i: int) -> None:
        reviewer = get_user_model().objects.get(pk=reviewers[i].pk)
        for _ in range(rounds):
            barrier.wait()  # start together
            try:
                review_services.review_claim(
                    review=Review.objects.get(pk=review.pk), reviewer=reviewer
                )
                outcomes[i].append("won")
            except review_services.ReviewUnavailable:
                outcomes[i].append("lost")
            except Exception as error:  # reported, not raised: the other thread must go on
                outcomes[i].append(f"error {type(error).__name__}: {error}")
            barrier.wait()  # both done; the main thread checks and resets
            barrier.wait()
        connection.close()

    threads = [threading.Thread(target=contender, args=(i,)) for i in (0, 1)]
    for t in threads:
        t.start()
    wins = collections.Counter()
    claims_before = RequestEvent.objects.filter(
        request_id=review.request_id, kind="claimed"
    ).count()
    for n in range(rounds):
        barrier.wait()
        barrier.wait()
        a, b = outcomes[0][n], outcomes[1][n]
        current = Review.objects.get(pk=review.pk)
        winners = [i for i, o in enumerate((a, b)) if o == "won"]
        if len(winners) != 1 or current.assignee_id != reviewers[winners[0]].pk:
            problems.append(f"round {n}: {a} / {b}, assignee {current.assignee_id}")
        else:
            wins[winners[0]] += 1
        if current.assignee_id:
            review_services.review_unclaim(review=current, by=current.assignee)
        barrier.wait()
    for t in threads:
        t.join()
    claims = RequestEvent.objects.filter(request_id=review.request_id, kind="claimed").count()
    if claims - claims_before != rounds:
        problems.append(f"{claims - claims_before} claim events for {rounds} rounds")
    return {
        "rounds": rounds,
        "won_by_first": wins[0],
        "won_by_second": wins[1],
        "claim_events": claims - claims_before,
    }, problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--restart-seconds", type=float, default=30)
    parser.add_argument("--submitters", type=int, default=32)
    parser.add_argument("--races", type=int, default=1000)
    parser.add_argument("--phases", default="abc", help="which of (a), (b), (c) to run")
    args = parser.parse_args()

    cluster = PrivateCluster()
    was_running = cluster.running()
    url = common.database_url(SOAK_DB, private=True)
    cluster = PrivateCluster()
    if not cluster.running():
        raise SystemExit("the private cluster did not start")
    started = time.monotonic()
    problems: list[str] = []
    report: dict[str, object] = {"database": url}
    try:
        others = _other_databases_in_use(url)
        if others:
            raise SystemExit(
                f"the private cluster serves other databases right now ({', '.join(others)}); "
                "restarting it would break them. Try again when they are done."
            )
        log(f"soak: {url}: loading a small dataset (scale {SOAK_SCALE})")
        subprocess.run(
            [common.PYTHON, str(common.BENCH_DIR / "load_data.py"), "--url", url,
             "--scale", str(SOAK_SCALE)],
            check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "dcfconf.bench"}
        subprocess.run(
            [common.PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=common.ROOT,
            env=env,
            check=True,
        )
        common.django_setup(url, "dcfconf.bench")
        visitors = prepare_visitors(args.submitters)
        port = free_port()
        server_log = Path(tempfile.mkdtemp(prefix="dcf-soak-")) / "gunicorn.log"
        with Gunicorn(url, port, workers=GUNICORN_WORKERS, log_path=server_log):
            if "a" in args.phases:
                log(f"(a) {args.submitters} submitters for {args.seconds:g} s")
                summary, found = phase_concurrency(port, visitors, args.seconds)
                report["concurrency"] = summary
                problems += [f"(a) {p}" for p in found]
                log(json.dumps(summary))
            if "b" in args.phases:
                log(f"(b) {len(visitors) // 2} submitters, the cluster restarted under load")
                summary, found = phase_restart(
                    port, visitors[: len(visitors) // 2], cluster, args.restart_seconds
                )
                report["restart"] = summary
                problems += [f"(b) {p}" for p in found]
                log(json.dumps(summary))
        tracebacks = server_log.read_text(errors="replace").count("Traceback")
        report["server_log"] = str(server_log)
        report["tracebacks_in_server_log"] = tracebacks
        if problems and tracebacks:
            log(f"server log with {tracebacks} traceback(s): {server_log}")
        if "c" in args.phases:
            log(f"(c) the review claim race, {args.races} times")
            summary, found = phase_claim_race(args.races)
            report["claim_race"] = summary
            problems += [f"(c) {p}" for p in found]
            log(json.dumps(summary))
        verify_audit(problems)
    finally:
        from django.db import connections

        with __import__("contextlib").suppress(Exception):
            connections.close_all()
        if not was_running and cluster.running():
            cluster.stop()
            log("soak: stopped the private cluster (it was not running before)")
    report["seconds"] = round(time.monotonic() - started, 1)
    report["problems"] = problems
    (common.BENCH_DIR / "soak-results.json").write_text(json.dumps(report, indent=2) + "\n")
    log("")
    log(f"soak: {report['seconds']} s; " + ("PASSED: nothing lost" if not problems else "FAILED"))
    for problem in problems[:50]:
        log(f"  - {problem}")
    if len(problems) > 50:
        log(f"  ... and {len(problems) - 50} more")
    sys.exit(1 if problems else 0)


def _other_databases_in_use(url: str) -> list[str]:
    conn = common.connect(common.with_database(url, "postgres"))
    with conn, conn.cursor() as cur:
        cur.execute(
            "SELECT DISTINCT datname FROM pg_stat_activity WHERE datname IS NOT NULL "
            "AND datname NOT IN ('postgres', %s) AND pid <> pg_backend_pid()",
            [url.rsplit("/", 1)[1]],
        )
        names = [row[0] for row in cur.fetchall()]
    conn.close()
    return names


if __name__ == "__main__":
    main()
