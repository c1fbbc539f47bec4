"""The access matrix: every URL name against every kind of user, with the expected answer.

Read it as documentation. Each row is a URL name (with the object it is opened on, in the world
of tests/world.py); each column a kind of user. Answers: 200 the page; 302 sent elsewhere (anonymous users to sign-in, a signed-in
user away from sign-in); 403 the role does not include this screen; 404 the object is one the
user may not know exists; 405 the URL only takes POST (its permission check is then exercised by
the service tests); a notification opens (302, to its page) for its own user only; 301 the
favicon's permanent redirect to its static file, for everyone. Every URL name of the portal must
appear here (a test checks).

Columns:
  anon        not signed in
  worker      social worker assigned to the case, who made the request
  north/south/cjts/other  Solnit North, Solnit South, CJTS, other DCF staff, assigned to the case
  sup         the worker's supervisor           osup  a supervisor of another unit
  stranger    a social worker not assigned to the case
  legal/aag   Office of Legal Affairs / Assistant Attorney General
  director    the Agency Legal Director         comm/hr  the Commissioner / Director of HR
  sysadmin    system administrator
The incident rows are opened on a loss report the worker made. The browser walk
(tests/browser/test_page_walk.py) opens every 200 of this table in Chromium.
"""

import os

import pytest
from django.urls import get_resolver, reverse

from tests.world import COLUMNS

pytestmark = pytest.mark.django_db


def row(text: str) -> tuple[int, ...]:
    codes = tuple(int(c) for c in text.split())
    assert len(codes) == len(COLUMNS), text
    return codes


# fmt: off
#                                   anon wrk nor sou cjt oth sup osu str leg aag dir com hr  sys
MATRIX = {
    "home":                     row("302 200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "login":                    row("200 302 302 302 302 302 302 302 302 302 302 302 302 302 302"),
    "logout":                   row("302 405 405 405 405 405 405 405 405 405 405 405 405 405 405"),
    "session_keepalive":        row("302 405 405 405 405 405 405 405 405 405 405 405 405 405 405"),
    "favicon":                  row("301 301 301 301 301 301 301 301 301 301 301 301 301 301 301"),
    "twofactor_setup":          row("302 200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "twofactor_verify":         row("302 302 302 302 302 302 302 302 302 302 302 302 302 302 302"),
    "password_set":             row("200 200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "password_set_done":        row("200 200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "requests:client_detail":   row("302 200 200 200 200 200 200 404 404 404 404 404 404 404 404"),
    "requests:case_detail":     row("302 200 200 200 200 200 200 404 404 404 404 404 404 404 404"),
    "requests:accounting":      row("302 200 200 200 200 200 200 404 404 200 200 200 404 404 404"),
    "requests:accounting_csv":  row("302 200 200 200 200 200 200 404 404 200 200 200 404 404 404"),
    "requests:accounting_pdf":  row("302 200 200 200 200 200 200 404 404 200 200 200 404 404 404"),
    "requests:list":            row("302 200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "requests:choose_client":   row("302 200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "requests:new":             row("302 200 200 200 200 200 200 404 404 404 404 404 404 404 404"),
    "requests:release_check":   row("302 405 405 405 405 405 405 405 405 405 405 405 405 405 405"),
    "requests:detail":          row("302 200 404 404 404 404 200 404 404 200 200 200 404 404 404"),
    "requests:edit":            row("302 403 404 404 404 404 403 404 404 403 403 403 404 404 404"),
    "requests:packet_build":    row("302 405 405 405 405 405 405 405 405 405 405 405 405 405 405"),
    "requests:packet_download": row("302 200 200 200 200 200 200 404 404 200 200 200 404 404 404"),
    "requests:document_add":    row("302 405 405 405 405 405 405 405 405 405 405 405 405 405 405"),
    "requests:document_download": row("302 200 404 404 404 404 200 404 404 200 200 200 404 404 404"),
    "requests:document_redact": row("302 403 404 404 404 404 403 404 404 200 200 200 404 404 404"),
    "requests:document_page":   row("302 200 404 404 404 404 200 404 404 200 200 200 404 404 404"),
    "requests:disclose":        row("302 403 404 404 404 404 403 404 404 403 403 403 404 404 404"),
    "requests:disclosure_correct": row("302 200 403 403 403 403 403 404 404 200 403 200 404 404 404"),
    "requests:notifications":   row("302 200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "requests:notifications_read": row("302 405 405 405 405 405 405 405 405 405 405 405 405 405 405"),
    "requests:notification_open": row("302 404 404 404 404 404 404 404 404 302 404 404 404 404 404"),
    "requests:simulator":       row("302 403 403 403 403 403 403 403 403 200 200 200 403 403 403"),
    "requests:audit":           row("302 403 403 403 403 403 403 403 403 200 403 200 403 403 403"),
    "requests:audit_csv":       row("302 403 403 403 403 403 403 403 403 200 403 200 403 403 403"),
    "requests:review_queue":    row("302 403 403 403 403 403 403 403 403 200 200 200 403 403 403"),
    "requests:reviews_assign":  row("302 405 405 405 405 405 405 405 405 405 405 405 405 405 405"),
    "requests:review_dashboard": row("302 403 403 403 403 403 403 403 403 200 200 200 403 403 403"),
    "requests:review":          row("302 403 403 403 403 403 403 403 403 200 200 200 403 403 403"),
    "requests:review_claim":    row("302 405 405 405 405 405 405 405 405 405 405 405 405 405 405"),
    "requests:review_unclaim":  row("302 405 405 405 405 405 405 405 405 405 405 405 405 405 405"),
    "requests:review_decide":   row("302 405 405 405 405 405 405 405 405 405 405 405 405 405 405"),
    "requests:redaction_note_add": row("302 405 405 405 405 405 405 405 405 405 405 405 405 405 405"),
    "requests:redaction_note_edit": row("302 403 403 403 403 403 403 403 403 200 200 200 403 403 403"),
    "requests:incident_list":   row("302 200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "requests:incident_start":  row("302 200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "requests:incident_new_loss": row("302 200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "requests:incident_new_breach": row("302 200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "requests:incident_detail": row("302 200 404 404 404 404 200 404 404 404 404 200 404 404 404"),
    "requests:incident_pdf":    row("302 200 404 404 404 404 200 404 404 404 404 200 404 404 404"),
    "requests:incident_submitted": row("302 200 404 404 404 404 404 404 404 404 404 404 404 404 404"),
    "requests:incident_acknowledge": row("302 405 405 405 405 405 405 405 405 405 405 405 405 405 405"),
    "requests:incident_escalate": row("302 405 405 405 405 405 405 405 405 405 405 405 405 405 405"),
    "requests:incident_notify_leadership": row("302 405 405 405 405 405 405 405 405 405 405 405 405 405 405"),
    "requests:incident_close":  row("302 405 405 405 405 405 405 405 405 405 405 405 405 405 405"),
    "forms:list":               row("302 200 200 200 200 200 200 404 404 404 404 404 404 404 404"),
    "forms:create":             row("302 200 200 200 200 200 200 404 404 404 404 404 404 404 404"),
    "forms:detail":             row("302 200 200 200 200 200 200 404 404 200 200 200 404 404 404"),
    "forms:update":             row("302 302 302 302 302 302 302 404 404 404 404 404 404 404 404"),
    "forms:mark_ready":         row("302 405 405 405 405 405 405 405 405 405 405 405 405 405 405"),
    "forms:return_to_draft":    row("302 302 302 302 302 302 302 404 404 404 404 404 404 404 404"),
    "forms:sign":               row("302 200 200 200 200 200 200 404 404 404 404 404 404 404 404"),
    "forms:revoke":             row("302 200 200 200 200 200 200 404 404 404 404 404 404 404 404"),
    "forms:correct_dates":      row("302 200 403 403 403 403 403 404 404 404 404 404 404 404 404"),
    "forms:mark_sent":          row("302 200 200 200 200 200 200 404 404 404 404 404 404 404 404"),
    "forms:records_received":   row("302 200 200 200 200 200 200 404 404 404 404 404 404 404 404"),
    "forms:pdf":                row("302 200 200 200 200 200 200 404 404 200 200 200 404 404 404"),
    "forms:scan":               row("302 404 404 404 404 404 404 404 404 404 404 404 404 404 404"),
    "forms:print_queue":        row("302 403 403 403 403 403 200 200 403 403 403 403 403 403 403"),
    "forms:print_batch":        row("302 403 403 403 403 403 200 404 403 403 403 403 403 403 403"),
    "forms:print_batch_pdf":    row("302 403 403 403 403 403 200 404 403 403 403 403 403 403 403"),
}
#: Admin pages: accounts and units for system administrators, never client information.
ADMIN_MATRIX = {
    "admin:index":                               row("302 302 302 302 302 302 302 302 302 302 302 302 302 302 200"),
    "admin:auth_user_changelist":               row("302 302 302 302 302 302 302 302 302 302 302 302 302 302 200"),
    "admin:auth_user_password_change":          row("302 302 302 302 302 302 302 302 302 302 302 302 302 302 403"),
    "admin:requests_app_rolegrantrequest_changelist": row("302 302 302 302 302 302 302 302 302 302 302 302 302 302 200"),
    "admin:requests_app_workunit_changelist":   row("302 302 302 302 302 302 302 302 302 302 302 302 302 302 200"),
    "admin:requests_app_client_changelist":     row("302 302 302 302 302 302 302 302 302 302 302 302 302 302 403"),
    "admin:requests_app_case_changelist":       row("302 302 302 302 302 302 302 302 302 302 302 302 302 302 403"),
    "admin:forms_app_releaseauthorization_changelist": row("302 302 302 302 302 302 302 302 302 302 302 302 302 302 403"),
    "admin:requests_app_authority_changelist":  row("302 302 302 302 302 302 302 302 302 302 302 302 302 302 403"),
}
# fmt: on


def _answers(client, world, name):
    url = world.url(name)
    answers = []
    for column in COLUMNS:
        client.logout()
        if column != "anon":
            client.force_login(world.users[column])
        answers.append(client.get(url).status_code)
    return tuple(answers)


def test_every_url_name_is_in_the_matrix():
    names = set()

    def walk(resolver, prefix=""):
        for pattern in resolver.url_patterns:
            if hasattr(pattern, "url_patterns"):
                namespace = pattern.namespace
                walk(pattern, f"{prefix}{namespace}:" if namespace else prefix)
            elif pattern.name:
                names.add(prefix + pattern.name)

    walk(get_resolver())
    portal = {n for n in names if not n.startswith("admin:")}
    assert portal - set(MATRIX) == set(), "add these URL names to the matrix"
    assert set(MATRIX) - portal == set(), "these rows name no URL"


def test_access_matrix(client, world):
    """Walk the whole table; report every cell that differs."""
    differences = []
    for name, expected in {**MATRIX, **ADMIN_MATRIX}.items():
        answers = _answers(client, world, name)
        if os.environ.get("PRINT_ACCESS_MATRIX"):
            print(f'    "{name}": row("{" ".join(map(str, answers))}"),')
        differences += [
            f"{name} as {column}: expected {want}, got {got}"
            for column, want, got in zip(COLUMNS, expected, answers, strict=True)
            if want != got
        ]
    assert differences == []


#: Pages a client's page links to, each shown only to those who may open it.
CLIENT_PAGE_LINKS = ("requests:accounting", "requests:new")


def test_the_client_page_links_to_the_accounting_and_a_new_request_for_who_may_open_them(
    client, world
):
    """Whoever may open a client's page finds there a link to the client's accounting of
    disclosures and one to a new request for the client (the request form, the client chosen)
    exactly when the matrix lets them open that page."""
    (child,) = world.args["requests:client_detail"]
    viewers = 0
    for column in COLUMNS[1:]:
        client.force_login(world.users[column])
        response = client.get(world.url("requests:client_detail"))
        if response.status_code != 200:
            continue
        viewers += 1
        page = response.content.decode()
        for name in CLIENT_PAGE_LINKS:
            may_open = MATRIX[name][COLUMNS.index(column)] == 200
            linked = f'href="{reverse(name, args=[child])}"' in page
            assert linked == may_open, f"{name} for {column}"
    assert viewers == 6, "the worker, the four other roles assigned and the supervisor"
