"""Where one page's time goes, in this process: replay a page's bench targets under cProfile.

    .venv/bin/python bench/pages.py prepare --url URL --out DIR       # once, as `make bench` does
    .venv/bin/python bench/profile_page.py --url URL --out DIR --page request_list [--visits 200]

Visits go through Django's test client with the benchmark settings and sessions, after five warm-up
visits, so the figures are a running worker's: milliseconds per visit (wall and CPU), then the
functions with the most time of their own and the most time under them (`--time-only`: the
milliseconds without the profiler's overhead).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common
import pages

_client = None


def visit(target: list[str]) -> int:
    global _client
    method, path, cookie, body = target
    # One client, and so one handler with its middleware loaded, for every visitor (as in a
    # running worker); each visit carries its visitor's cookies.
    if _client is None:
        _client = pages._client_for(cookie)
    pages.set_cookies(_client, cookie)
    client = _client
    if method == "POST":
        response = client.post(
            path,
            body.replace("@TOKEN@", str(uuid.uuid4())),
            content_type="application/x-www-form-urlencoded",
        )
    else:
        response = client.get(path)
    pages._discard(response)
    return response.status_code


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--page", required=True, choices=[key for key, _ in pages.PAGES])
    parser.add_argument("--visits", type=int, default=200)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument(
        "--time-only", action="store_true", help="time the visits without the profiler"
    )
    args = parser.parse_args()
    common.django_setup(args.url, "dcfconf.bench")

    targets = json.loads((args.out / "targets.json").read_text())["targets"][args.page]
    for target in targets[:5]:
        visit(target)
    profile = cProfile.Profile()
    statuses: dict[int, int] = {}
    wall, cpu = time.perf_counter(), time.process_time()
    if not args.time_only:
        profile.enable()
    for number in range(args.visits):
        status = visit(targets[number % len(targets)])
        statuses[status] = statuses.get(status, 0) + 1
    profile.disable()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(
        f"{args.page}: {args.visits} visits, statuses {statuses}, "
        f"{1000 * wall / args.visits:.1f} ms wall and {1000 * cpu / args.visits:.1f} ms CPU "
        f"per visit{'' if args.time_only else ' (under the profiler)'}"
    )
    if args.time_only:
        return
    stats = pstats.Stats(profile)
    stats.sort_stats("tottime").print_stats(args.top)
    stats.sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
