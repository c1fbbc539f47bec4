"""`make bench`: the portal's pages under load at statewide volume, each beside the floor.

    .venv/bin/python bench/run_bench.py [--duration 15] [--pages submit,request_list,...]

1. The 31-8-5 engine alone: `bench/engine.py` (its own report, then `--json`).
2. Query counts per page, with the test client, at the bench size (dcf_bench, `make bench-data`)
   and on a database a hundredth of its size (dcf_bench_small, loaded on first use).
3. gunicorn (2 sync workers, dcfconf.bench) on a free port of 127.0.0.1 against dcf_bench; for
   every page, wrk at 8 connections (`-t2 -c8 --latency`) on the floor (`/bench/floor/`: one
   indexed query) and then on the page, one right after the other, so machine noise hits both.
4. bench/results.json and bench/results.md (the table, with the targets), and the table printed.

Writes go to dcf_bench (submitted requests, audit events, sessions): `make bench-data` resets it.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import http.client
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common
from pages import PAGES

WORKERS = 2
CONNECTIONS = 8
THREADS = 2
P99_TARGET_MS = 100.0
RATIO_TARGETS = {  # the share of the floor's throughput each page must reach
    "submit": 0.25,
    "home": 0.40,
    "request_list": 0.40,
    "review_queue": 0.40,
    "request_detail": 0.40,
    "accounting": 0.40,
    "pdf_stored": 0.40,
}
ENGINE_TARGET = 100_000
SMALL_DB = "dcf_bench_small"
#: Requests wrk left queued are still served after it stops (slow PDFs): let them finish before
#: the next measurement starts.
DRAIN_SECONDS = 2.0
SMALL_SCALE = 0.01


def log(message: str) -> None:
    print(message, flush=True)


def manage(url: str, *args: str, settings: str = "dcfconf.settings") -> str:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": settings}
    result = subprocess.run(
        [common.PYTHON, "manage.py", *args],
        cwd=common.ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def script(name: str, *args: str, database: str | None = None) -> str:
    env = {**os.environ, **({"DATABASE_URL": database} if database else {})}
    result = subprocess.run(
        [common.PYTHON, str(common.BENCH_DIR / name), *args],
        cwd=common.ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def dataset_info(url: str) -> dict | None:
    """What bench/load_data.py recorded on the database (None when it was never loaded)."""
    name = url.rsplit("/", 1)[1]
    try:
        conn = common.connect(common.with_database(url, "postgres"))
    except Exception:
        return None
    with conn, conn.cursor() as cur:
        cur.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name],
        )
        row = cur.fetchone()
    conn.close()
    if not row or not row[0]:
        return None
    return json.loads(row[0])


def machine(url: str) -> dict:
    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError):
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kib / 1024 / 1024:.1f} GiB"
    conn = common.connect(url)
    with conn, conn.cursor() as cur:
        cur.execute("SHOW server_version")
        pg = cur.fetchone()[0]
        cur.execute("SHOW shared_buffers")
        shared_buffers = cur.fetchone()[0]
    conn.close()
    wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
    import django
    import gunicorn

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": gunicorn.__version__,
        "postgresql": pg,
        "postgresql_shared_buffers": shared_buffers,
        "wrk": (wrk.stdout or wrk.stderr).splitlines()[0] if (wrk.stdout or wrk.stderr) else "",
        "gunicorn_workers": WORKERS,
        "wrk_connections": CONNECTIONS,
        "wrk_threads": THREADS,
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    """gunicorn with the benchmark settings, stopped (by its own pid) when the block ends."""

    def __init__(self, url: str, port: int, workers: int = WORKERS, log_path: Path | None = None):
        self.url, self.port, self.workers = url, port, workers
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Gunicorn:
        env = {
            **os.environ,
            "DATABASE_URL": self.url,
            "DJANGO_SETTINGS_MODULE": "dcfconf.bench",
            "LOG_LEVEL": "WARNING",
        }
        log_file = open(self.log_path or os.devnull, "ab")
        self._log_file = log_file
        self.process = subprocess.Popen(
            [
                str(common.ROOT / ".venv" / "bin" / "gunicorn"),
                "dcfconf.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--worker-class",
                "sync",
                "--timeout",
                "60",
            ],
            cwd=common.ROOT,
            env=env,
            stdout=log_file,
            stderr=log_file,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited with {self.process.returncode}")
            with contextlib.suppress(OSError):
                if http_get(self.port, "/bench/floor/")[0] == 200:
                    return self
            time.sleep(0.3)
        raise SystemExit("gunicorn did not answer within 60 s")

    def __exit__(self, *exc: object) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log_file.close()


def http_get(port: int, path: str, cookie: str = "") -> tuple[int, str, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        return response.status, response.getheader("Location") or "", response.read()
    finally:
        conn.close()


def preflight(port: int, target_dir: Path) -> None:
    """Every page answers as it should for its first targets (not a redirect to sign-in)."""
    for key, _ in PAGES:
        lines = (target_dir / f"{key}.targets").read_text().splitlines()[:2]
        for line in lines:
            method, path, cookie, body = [*line.split("\t"), ""][:4]
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            headers = {"Cookie": cookie}
            payload = None
            if method == "POST":
                headers["Content-Type"] = "application/x-www-form-urlencoded"
                payload = body.replace("@TOKEN@", str(__import__("uuid").uuid4()))
            conn.request(method, path, body=payload, headers=headers)
            response = conn.getresponse()
            response.read()
            location = response.getheader("Location") or ""
            conn.close()
            ok = (
                response.status == 302 and re.match(r"^/requests/\d+/$", location)
                if method == "POST"
                else response.status == 200
            )
            if not ok:
                raise SystemExit(
                    f"preflight: {method} {path} answered {response.status} {location}"
                )


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS[unit]


def wrk(port: int, path_or_targets: str | Path, seconds: float) -> dict:
    """One wrk run: a plain URL, or a target file through bench/targets.lua."""
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds:g}s", "--latency"]
    if isinstance(path_or_targets, Path):
        command += ["-s", str(common.BENCH_DIR / "targets.lua"), f"http://127.0.0.1:{port}"]
        command += ["--", str(path_or_targets)]
    else:
        command.append(f"http://127.0.0.1:{port}{path_or_targets}")
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    latency = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)\s*$", output, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)$", output, re.M)
    total = re.search(r"^\s+(\d+) requests in", output, re.M)
    return {
        "rps": round(float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)), 1),
        "p50_ms": round(_ms(latency["50"]), 2),
        "p99_ms": round(_ms(latency["99"]), 2),
        "requests": int(total.group(1)) if total else 0,
        "non_2xx_3xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1).strip() if socket_errors else "",
    }


#: The floors behind the sign-in, measured for the request list's visitors: (key, path, label).
SIGNED_IN_FLOORS = [
    ("signed_in_floor", "/bench/floor/signed-in/", "signed-in floor"),
    ("page_floor", "/bench/floor/page/", "page floor"),
]


def measure_signed_in_floors(port: int, out: Path, seconds: float) -> dict[str, dict]:
    """The floor's query for signed-in visitors (the request list's), then the same in an empty
    portal page, each right after the floor: what any page costs before its own work, and so the
    most a page's ratio could ever be."""
    cookies = [
        line.split("\t")[2] for line in (out / "request_list.targets").read_text().splitlines()
    ]
    measured = {}
    for key, path, label in SIGNED_IN_FLOORS:
        targets = out / f"{key}.targets"
        targets.write_text("".join(f"GET\t{path}\t{c}\t\n" for c in cookies))
        wrk(port, targets, 3)  # warm-up
        floor = wrk(port, "/bench/floor/", seconds)
        signed_in = wrk(port, targets, seconds)
        measured[key] = {
            **{k: signed_in[k] for k in ("rps", "p50_ms", "p99_ms", "requests")},
            "errors": signed_in["non_2xx_3xx"],
            "floor_rps": floor["rps"],
            "ratio_to_floor": round(signed_in["rps"] / floor["rps"], 3),
        }
        log(
            f"   {label:<16} {signed_in['rps']:>8,.1f} req/s  "
            f"p50 {signed_in['p50_ms']:>7.2f} ms  p99 {signed_in['p99_ms']:>7.2f} ms | "
            f"floor {floor['rps']:>8,.1f} req/s  ratio {measured[key]['ratio_to_floor']:.0%}  "
            f"errors {signed_in['non_2xx_3xx']}"
        )
    return measured


def queries_for(url: str, out: Path) -> tuple[dict, dict]:
    summary = json.loads(script("pages.py", "prepare", "--url", url, "--out", str(out)))
    counts = json.loads(script("pages.py", "queries", "--url", url, "--out", str(out)))
    return summary, counts


def verdicts(key: str, row: dict) -> list[str]:
    """Which targets this page misses (empty: it meets them all)."""
    missed = []
    if row["p99_ms"] > P99_TARGET_MS:
        missed.append(f"p99 {row['p99_ms']:.0f} ms > {P99_TARGET_MS:.0f} ms")
    wanted = RATIO_TARGETS.get(key)
    if wanted is not None and row["ratio_to_floor"] < wanted:
        missed.append(f"{row['ratio_to_floor']:.0%} of floor < {wanted:.0%}")
    if not row["queries_independent_of_size"]:
        missed.append("queries depend on data size")
    if row["errors"]:
        missed.append(f"{row['errors']} error responses")
    return missed


def _span(counts: list[int]) -> str:
    low, high = min(counts), max(counts)
    return str(low) if low == high else f"{low}-{high}"


def table(results: dict) -> str:
    lines = [
        "| Page | req/s | p50 ms | p99 ms | floor req/s | of floor | queries (1M / 10k) "
        "| targets |",
        "|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for key, label in PAGES:
        row = results["pages"].get(key)
        if not row:
            continue
        queries = " / ".join(_span(row[k]) for k in ("queries_samples", "queries_samples_small_db"))
        if key == "submit":
            queries = (
                f"{row['queries']}+{row['queries_escalated'] - row['queries']} escalated / "
                f"{row['queries_small_db']}+"
                f"{row['queries_escalated_small_db'] - row['queries_small_db']} escalated"
            )
        missed = verdicts(key, row)
        verdict = "meets" if not missed else "misses: " + "; ".join(missed)
        lines.append(
            f"| {label} | {row['rps']:,.0f} | {row['p50_ms']:.1f} | {row['p99_ms']:.1f} | "
            f"{row['floor_rps']:,.0f} | {row['ratio_to_floor']:.0%} | {queries} | {verdict} |"
        )
    engine = results["engine_decisions_per_second"]
    lines.append("")
    floors = {
        "signed_in_floor": "Signed-in floor (the floor's query behind the sign-in: session, user, "
        "every middleware, no page)",
        "page_floor": "Page floor (the signed-in floor in the portal's base template: header, "
        "navigation and its unread badge, session timer; no content)",
    }
    for key, label in floors.items():
        row = results.get(key)
        if row:
            lines.append(
                f"{label}: {row['rps']:,.0f} req/s, p99 {row['p99_ms']:.1f} ms, "
                f"{row['ratio_to_floor']:.0%} of the floor ({row['floor_rps']:,.0f} req/s)."
            )
            lines.append("")
    lines.append(
        f"Engine: {engine:,} decisions/s in one process "
        f"({'meets' if engine >= ENGINE_TARGET else 'misses'} the {ENGINE_TARGET:,} target); "
        f"the adapter builds a request's facts in {results['adapter_queries_per_request']} "
        "queries."
    )
    return "\n".join(lines)


def markdown(results: dict) -> str:
    sizes = results["dataset"]["sizes"]
    m = results["machine"]
    wrk = f"wrk -t{m['wrk_threads']} -c{m['wrk_connections']} -d{results['seconds']:g}s --latency"
    return f"""# Benchmark results

Measured {results["timestamp"]} by `make bench` (bench/run_bench.py) on {m["cores"]} cores
({m["cpu"]}, {m["memory"]}), PostgreSQL {m["postgresql"]}
(shared_buffers {m["postgresql_shared_buffers"]}), Python {m["python"]}, Django {m["django"]},
gunicorn {m["gunicorn"]} with {m["gunicorn_workers"]} sync workers, `{wrk}` on 127.0.0.1.

Dataset (`make bench-data`, loaded in {results["dataset"].get("load_seconds", "?")} s):
{sizes.get("disclosure_requests", 0):,} disclosure requests and as many decisions,
{sizes.get("reviews", 0):,} reviews, {sizes.get("disclosures", 0):,} accounting entries,
{sizes.get("access_events", 0):,} audit events, {sizes.get("request_events", 0):,} timeline events,
{sizes.get("notifications", 0):,} notifications, {sizes.get("clients", 0):,} clients,
{sizes.get("cases", 0):,} cases, {sizes.get("staff", 0):,} staff,
{sizes.get("case_assignments", 0):,} assignments, {sizes.get("relations", 0):,} relations,
{sizes.get("client_permissions", 0) + sizes.get("case_permissions", 0):,} object permissions,
{sizes.get("releases", 0):,} releases.

## Targets

- every page: p99 at or under {P99_TARGET_MS:.0f} ms with 1,000,000 requests in the database;
- list and detail pages (home, request list, review queue, request page, accounting, stored PDF):
  at least 40% of the floor's requests per second; submitting a request: at least 25%;
- queries per page the same at 1,000,000 requests as on a database a hundredth of the size;
- the 31-8-5 engine: at least {ENGINE_TARGET:,} decisions per second in one process.

The floor is `/bench/floor/` (bench URLconf only): one indexed query behind the full middleware
stack, measured with the same wrk settings right before each page. The signed-in floor,
`/bench/floor/signed-in/`, is the same query for the request list's visitors: it reads their
session and user as every page does, and so shows how much of the floor is left for a page's
own queries, audit event and template. The page floor, `/bench/floor/page/`, puts that one value
in the portal's base template (header, navigation with the unread badge, session timer) and
nothing else: the most any page of the portal could reach.

## Results

{table(results)}

Queries are counted with Django's test client and CaptureQueriesContext on three targets of each
page (a range when they differ: a request page shows its accounting entry once disclosed),
visit for visit at the bench size and on `{SMALL_DB}` (scale {SMALL_SCALE}); a
submission is counted once permitted and once escalated (review, Legal Affairs notifications,
queued email). The fresh PDF renders the 2-page form with WeasyPrint on every request (the
bench-only `/bench/releases/<pk>/pdf-fresh/` blanks the stored PDF's fingerprint, then calls the
real view); with 8 connections on 2 workers a request waits behind others, so its latency is
render time times queue length, whatever the database: see docs/performance.md.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="dcf_bench")
    parser.add_argument("--duration", type=float, default=15.0, help="seconds per wrk run")
    parser.add_argument("--pages", default=",".join(k for k, _ in PAGES))
    parser.add_argument("--keep-targets", action="store_true")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    chosen = [k for k in args.pages.split(",") if k]

    url = common.database_url(args.db)
    dataset = dataset_info(url)
    if dataset is None:
        raise SystemExit(f"{args.db} holds no benchmark data: run `make bench-data` first")
    log(f"bench: {url} ({dataset['sizes'].get('disclosure_requests', 0):,} requests)")
    manage(url, "migrate", "--noinput", "-v", "0")  # a no-op unless the code has moved on

    log("== the 31-8-5 engine (bench/engine.py)")
    print(script("engine.py", "3"), end="", flush=True)
    engine = json.loads(script("engine.py", "3", "--json", database=url))
    log("== one DCF-2131F PDF, rendered and stored (manage.py bench_pdf)")
    print(manage(url, "bench_pdf", settings="dcfconf.bench"), end="", flush=True)
    pdf = json.loads(manage(url, "bench_pdf", "--json", settings="dcfconf.bench"))

    manage(url, "collectstatic", "--noinput", "-v", "0", settings="dcfconf.bench")
    work = Path(tempfile.mkdtemp(prefix="dcf-bench-"))
    try:
        log("== queries per page (test client), at the bench size and at a hundredth")
        summary, counts = queries_for(url, work / "big")
        small_url = common.database_url(SMALL_DB)
        if dataset_info(small_url) is None:
            log(f"   loading {SMALL_DB} (scale {SMALL_SCALE}) once")
            script("load_data.py", "--db", SMALL_DB, "--scale", str(SMALL_SCALE))
        manage(small_url, "migrate", "--noinput", "-v", "0")
        _, small_counts = queries_for(small_url, work / "small")
        for key, _ in PAGES:
            log(f"   {key:<16} {counts[key]['queries']} / {small_counts[key]['queries']}")

        results_pages: dict[str, dict] = {}
        port = free_port()
        log(f"== gunicorn ({WORKERS} sync workers, dcfconf.bench) on 127.0.0.1:{port}")
        with Gunicorn(url, port, log_path=work / "gunicorn.log"):
            preflight(port, work / "big")
            signed_in_floors = measure_signed_in_floors(port, work / "big", args.duration)
            for key, label in PAGES:
                if key not in chosen:
                    continue
                targets = work / "big" / f"{key}.targets"
                wrk(port, targets, 3)  # warm-up (connections, caches, the first PDF renders)
                time.sleep(DRAIN_SECONDS)
                floor = wrk(port, "/bench/floor/", args.duration)
                page = wrk(port, targets, args.duration)
                time.sleep(DRAIN_SECONDS)
                big_q, small_q = counts[key]["queries"], small_counts[key]["queries"]
                row = {
                    "label": label,
                    **{k: page[k] for k in ("rps", "p50_ms", "p99_ms", "requests")},
                    "errors": page["non_2xx_3xx"],
                    "socket_errors": page["socket_errors"],
                    "floor_rps": floor["rps"],
                    "floor_p50_ms": floor["p50_ms"],
                    "floor_p99_ms": floor["p99_ms"],
                    "ratio_to_floor": round(page["rps"] / floor["rps"], 3),
                    "queries": max(big_q[:1] if key == "submit" else big_q),
                    "queries_small_db": max(small_q[:1] if key == "submit" else small_q),
                    "queries_samples": big_q,
                    "queries_samples_small_db": small_q,
                }
                if key == "submit":
                    row["queries_escalated"] = big_q[1]
                    row["queries_escalated_small_db"] = small_q[1]
                # The same kinds of visit on both databases (pages.count_queries), in order.
                row["queries_independent_of_size"] = big_q == small_q
                results_pages[key] = row
                log(
                    f"   {key:<16} {page['rps']:>8,.1f} req/s  p50 {page['p50_ms']:>7.2f} ms  "
                    f"p99 {page['p99_ms']:>7.2f} ms | floor {floor['rps']:>8,.1f} req/s  "
                    f"ratio {row['ratio_to_floor']:.0%}  errors {page['non_2xx_3xx']}"
                )
        if args.keep_targets:
            log(f"   targets kept in {work}")
    finally:
        if not args.keep_targets:
            shutil.rmtree(work, ignore_errors=True)

    results = {
        "timestamp": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "seconds": args.duration,
        "pages": results_pages,
        **signed_in_floors,
        "engine_decisions_per_second": engine["engine_decisions_per_second"],
        "adapter_queries_per_request": engine["adapter_queries_per_request"],
        **pdf,
        "dataset": {**dataset, "database": args.db, "visitors": summary},
        "small_dataset": {"database": SMALL_DB, "scale": SMALL_SCALE},
        "targets": {
            "p99_ms": P99_TARGET_MS,
            "ratio_to_floor": RATIO_TARGETS,
            "engine_decisions_per_second": ENGINE_TARGET,
        },
        "machine": machine(url),
    }
    (common.BENCH_DIR / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    (common.BENCH_DIR / "results.md").write_text(markdown(results))
    log("")
    log(table(results))
    log("\nwrote bench/results.json and bench/results.md")


if __name__ == "__main__":
    main()
