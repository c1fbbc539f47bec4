"""The pages `make bench` measures: who visits them, with which ids, and what each costs in queries.

    .venv/bin/python bench/pages.py prepare --url URL --out DIR   # sessions, ids, wrk target files
    .venv/bin/python bench/pages.py queries --url URL --out DIR   # queries per page (JSON)

`prepare` picks the visitors (social workers, the busiest among them, Legal Affairs members),
creates a Django session for each directly (no sign-in, no password), picks the requests,
clients and releases they may open, stores the PDFs of the "stored" releases once, and writes one
target file per page for bench/targets.lua: `METHOD<TAB>PATH<TAB>COOKIE<TAB>BODY` per line.
`queries` replays three targets of every page through Django's test client with the same
sessions and counts the SQL statements (CaptureQueriesContext).
Both run with the benchmark settings (dcfconf.bench) against the database given.
"""

from __future__ import annotations

import argparse
import json
import random
import secrets
import string
import sys
import uuid
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common

#: (key, what the row measures); the order of the results table.
PAGES = [
    ("submit", "Submit a request (POST: decision, audit, notification)"),
    ("home", "A worker's home page (the caseload)"),
    ("request_list", "A worker's request list"),
    ("review_queue", "Legal Affairs review queue"),
    ("request_detail", "A request page"),
    ("accounting", "A client's accounting of disclosures"),
    ("pdf_stored", "DCF-2131F PDF, stored (served again)"),
    ("pdf_fresh", "DCF-2131F PDF, fresh render"),
]
SEED = 2131
ESCALATED_SHARE = 0.15  # of benchmark submissions: the requester is in doubt


def _session(user) -> str:
    """A signed-in session for `user`, made the way django.contrib.auth.login makes one."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from requests_app.web.sessions import restart_idle_clock

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[
        1
    ]  # requests_app.auth.PortalBackend
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    restart_idle_clock(store)  # as signing in does (requests_app.sessions)
    store.set_expiry(8 * 3600)
    store.create()
    return store.session_key


def _csrf_secret() -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(32))


class Visitor:
    def __init__(self, user) -> None:
        self.user = user
        self.session = _session(user)
        self.csrf = _csrf_secret()

    @property
    def cookie(self) -> str:
        return f"sessionid={self.session}; csrftoken={self.csrf}"


def submission_body(*, csrf: str, case_id: int, escalate: bool, token: str = "@TOKEN@") -> str:
    """The new-request form as a browser posts it (the recipient is the client)."""
    fields = [
        ("csrfmiddlewaretoken", csrf),
        ("submission_token", token),
        ("case", case_id),
        ("recipient_type", "client"),
        ("categories", "case_record"),
        ("media", "email"),
        ("mode", "verbal"),
        ("purpose", "Benchmark: the client asked for the visitation schedule."),
        ("information_description", "Visitation schedule"),
        ("acknowledge_consequences", "on"),
    ]
    if escalate:
        fields.append(("requester_in_doubt", "on"))
    return urlencode(fields, safe="@")


#: (status, reviewed by Legal Affairs): the kinds of request page whose queries are counted.
DETAIL_SHAPES = (("permitted", False), ("disclosed", False), ("denied", True))


def caseload_case(*, user, client, today):
    """The first of the client's cases on the user's own active caseload (a request about it is
    in the normal course of the user's duties)."""
    from requests_app.models import Case, CaseAssignment

    active = CaseAssignment.objects.filter(CaseAssignment.active_on_q(today), staff=user)
    return (
        Case.objects.filter(memberships__client=client, assignments__in=active)
        .order_by("case_number")
        .first()
    )


def prepare(out: Path, *, workers: int = 40, busiest: int = 8) -> dict:
    """Choose visitors and ids, create sessions, store PDFs; write the target files."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.utils import timezone

    from forms_app import services as release_services
    from forms_app.models import ReleaseAuthorization
    from requests_app.choices import DutyGroup
    from requests_app.models import (
        ClientUserObjectPermission,
        Disclosure,
        DisclosureRequest,
    )
    from requests_app.selectors.casework import caseload_clients

    rng = random.Random(SEED)
    today = timezone.localdate()
    users = get_user_model().objects
    per_requester = dict(
        DisclosureRequest.objects.values_list("requester").annotate(n=Count("id")).order_by()
    )
    candidates = list(
        users.filter(
            staff_profile__disclosure_role="social_worker",
            staff_profile__supervisor__isnull=False,
            case_assignments__ends_on__isnull=True,
        )
        .exclude(groups__name=DutyGroup.SUPERVISOR)
        .distinct()
        .order_by("pk")
    )
    candidates = [u for u in candidates if per_requester.get(u.pk, 0) >= 25]
    heavy = sorted(candidates, key=lambda u: -per_requester[u.pk])[:busiest]
    rest = [u for u in candidates if u not in heavy]
    chosen = heavy + rng.sample(rest, min(workers, len(rest)))
    visitors = [Visitor(u) for u in chosen]
    legal_users = list(
        users.filter(groups__name=DutyGroup.LEGAL_AFFAIRS, is_active=True).order_by("pk")
    )
    legal = [Visitor(u) for u in rng.sample(legal_users, min(16, len(legal_users)))]
    # Members first, supervisors (who also get the assignment form) after: the queries are
    # counted on the first targets of each page, so both databases count the same kind of visit.
    legal.sort(key=lambda v: v.user.groups.filter(name=DutyGroup.SUPERVISOR).exists())

    targets: dict[str, list[tuple[str, str, str, str]]] = {key: [] for key, _ in PAGES}
    for v in visitors:
        targets["home"].append(("GET", "/", v.cookie, ""))
        targets["request_list"].append(("GET", "/requests/", v.cookie, ""))
        own = list(
            DisclosureRequest.objects.filter(requester=v.user)
            .order_by("?")
            .values_list("pk", flat=True)[:10]
        )
        targets["request_detail"] += [("GET", f"/requests/{pk}/", v.cookie, "") for pk in own]
        visible = ClientUserObjectPermission.objects.filter(user=v.user).values("content_object")
        with_disclosures = list(
            Disclosure.objects.filter(client__in=visible)
            .values_list("client", flat=True)
            .distinct()[:5]
        )
        targets["accounting"] += [
            ("GET", f"/clients/{pk}/accounting/", v.cookie, "") for pk in with_disclosures
        ]
        for client in caseload_clients(user=v.user, today=today)[:3]:
            case = caseload_case(user=v.user, client=client, today=today)
            body = submission_body(
                csrf=v.csrf, case_id=case.pk, escalate=rng.random() < ESCALATED_SHARE
            )
            targets["submit"].append(("POST", f"/requests/new/{client.pk}/", v.cookie, body))
    # The clients with the most disclosures, opened by a worker who may see them.
    top = (
        Disclosure.objects.values_list("client")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("client", flat=True)[:5]
    )
    for client_id in top:
        grant = ClientUserObjectPermission.objects.filter(content_object_id=client_id).first()
        if grant:
            v = Visitor(grant.user)
            targets["accounting"].append(("GET", f"/clients/{client_id}/accounting/", v.cookie, ""))
    for v in legal:
        targets["review_queue"].append(("GET", "/reviews/", v.cookie, ""))

    # Releases (DCF-2131F) of clients the visitor may see: half stored once now, half fresh.
    releases = []
    for v in visitors:
        visible = ClientUserObjectPermission.objects.filter(user=v.user).values("content_object")
        for release in ReleaseAuthorization.objects.filter(
            client__in=visible, form="DCF-2131F"
        ).order_by("pk")[:2]:
            releases.append((v, release))
    rng.shuffle(releases)
    half = max(1, len(releases) // 2)
    for v, release in releases[:half]:
        release_services.release_pdf(release=release)
        targets["pdf_stored"].append(("GET", f"/releases/{release.pk}/pdf/", v.cookie, ""))
    for v, release in releases[half:] or releases[:half]:
        path = f"/bench/releases/{release.pk}/pdf-fresh/"
        targets["pdf_fresh"].append(("GET", path, v.cookie, ""))

    out.mkdir(parents=True, exist_ok=True)
    for key, rows in targets.items():
        if key != "review_queue":
            rng.shuffle(rows)
    # A request's page shows more for some histories (the accounting entry, Legal Affairs'
    # decision and its redaction notes): the first targets, on which queries are counted, are
    # one request of each kind, so both databases count the same visits.
    shaped = []
    for status, reviewed in DETAIL_SHAPES:
        for v in visitors:
            pk = (
                DisclosureRequest.objects.filter(requester=v.user, status=status)
                .filter(reviews__isnull=not reviewed)
                .values_list("pk", flat=True)
                .first()
            )
            if pk:
                shaped.append(("GET", f"/requests/{pk}/", v.cookie, ""))
                break
    targets["request_detail"][:0] = shaped
    for key, rows in targets.items():
        (out / f"{key}.targets").write_text("".join("\t".join(r) + "\n" for r in rows))
    summary = {
        "visitors": len(visitors),
        "legal_visitors": len(legal),
        "targets": {key: len(rows) for key, rows in targets.items()},
        "busiest_worker_requests": per_requester[heavy[0].pk] if heavy else 0,
    }
    (out / "targets.json").write_text(json.dumps({"summary": summary, "targets": targets}))
    return summary


def _client_for(cookie: str):
    from django.test import Client

    client = Client(enforce_csrf_checks=True, SERVER_NAME="127.0.0.1")
    set_cookies(client, cookie)
    return client


def set_cookies(client, cookie: str) -> None:
    """Give the test client a visitor's cookies (a target's COOKIE column), and only those."""
    client.cookies.clear()
    for part in cookie.split("; "):
        name, value = part.split("=", 1)
        client.cookies[name] = value


def _discard(response) -> None:
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
    response.close()


def count_queries(out: Path, samples: int = 3) -> dict:
    """Queries per page for `samples` targets of each page (and the rows each page showed)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from forms_app.models import ReleaseAuthorization

    targets = json.loads((out / "targets.json").read_text())["targets"]
    result: dict[str, dict] = {}
    for key, _ in PAGES:
        counts, statuses = [], []
        rows = targets[key][:samples]
        if key == "submit":
            # One permitted and one escalated submission, whatever the sample's mix.
            first = rows[0]
            csrf = first[2].split("csrftoken=")[1]
            case_id = int(first[3].split("case=")[1].split("&")[0])
            rows = [
                (
                    "POST",
                    first[1],
                    first[2],
                    submission_body(csrf=csrf, case_id=case_id, escalate=escalate),
                )
                for escalate in (False, True)
            ]
        for number, (method, path, cookie, body) in enumerate(rows):
            client = _client_for(cookie)
            if number == 0 and method == "GET":  # as in a running worker: caches warm
                _discard(client.get(path))
            if key == "pdf_fresh":  # the real view, with its stored copy made stale first
                pk = int(path.split("/")[3])
                ReleaseAuthorization.objects.filter(pk=pk).update(rendered_pdf_fingerprint="")
                path = f"/releases/{pk}/pdf/"
            with CaptureQueriesContext(connection) as captured:
                if method == "POST":
                    body = body.replace("@TOKEN@", str(uuid.uuid4()))
                    response = client.post(
                        path, body, content_type="application/x-www-form-urlencoded"
                    )
                else:
                    response = client.get(path)
                if getattr(response, "streaming", False):
                    b"".join(response.streaming_content)
                response.close()
            counts.append(len(captured))
            statuses.append(response.status_code)
        result[key] = {"queries": counts, "statuses": statuses}
        if key == "submit":
            result[key]["paths"] = ["permitted", "escalated"]
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("action", choices=["prepare", "queries"])
    parser.add_argument("--url", required=True)
    parser.add_argument("--out", required=True, type=Path)
    args = parser.parse_args()
    common.django_setup(args.url, "dcfconf.bench")
    if args.action == "prepare":
        print(json.dumps(prepare(args.out)))
    else:
        print(json.dumps(count_queries(args.out)))


if __name__ == "__main__":
    main()
