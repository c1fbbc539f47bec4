"""Production hardening: lockout, two-factor sign-in, CSP without inline code, friendly error
pages, session expiry, password rules, and `check --deploy` clean with production settings."""

import datetime
import os
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from requests_app.web import sessions
from tests.factories import TEST_PASSWORD, StaffFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def sign_in(client, username, password=TEST_PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_five_failed_sign_ins_lock_the_account_with_a_clear_message(client):
    StaffFactory(user__username="maria")
    for _ in range(4):
        assert sign_in(client, "maria", "wrong-password").status_code == 200
    locked = sign_in(client, "maria", "wrong-password")
    assert locked.status_code == 429
    assert "After 5 failed sign-in attempts this account is locked" in locked.content.decode()
    assert sign_in(client, "maria").status_code == 429, "even the right password waits"


def test_passwords_need_at_least_twelve_characters():
    with pytest.raises(ValidationError, match="at least 12"):
        validate_password("Sh0rt-pass!")
    validate_password("a-much-longer-passphrase")


def test_every_page_has_a_strict_content_security_policy(client):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_no_template_has_inline_scripts_or_styles():
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        if "/pdf/" in str(path):
            continue  # print templates are rendered by WeasyPrint, never served to browsers
        text = path.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\sstyle=", text):
            offenders.append(str(path.relative_to(ROOT)))
        if re.search(r"\son[a-z]+=", text):
            offenders.append(f"{path.relative_to(ROOT)} (inline event handler)")
    assert offenders == []


def test_not_found_pages_are_friendly_and_reveal_nothing(client, settings):
    settings.DEBUG = False
    client.force_login(StaffFactory().user)
    response = client.get("/clients/999999/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert "Traceback" not in page and "URLconf" not in page and "999999" not in page


def test_server_errors_are_friendly_and_reveal_nothing(client, settings, monkeypatch):
    from requests_app.views import casework

    settings.DEBUG = False
    worker = StaffFactory().user
    client.force_login(worker)

    def explode(**kwargs):
        raise RuntimeError("secret detail CL-123")

    monkeypatch.setattr(casework.selectors, "caseload", explode)
    client.raise_request_exception = False
    response = client.get(reverse("home"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong" in page
    assert "secret detail" not in page and "CL-123" not in page


def test_sessions_expire_after_fifteen_idle_minutes_with_a_warning(client, settings):
    assert settings.SESSION_COOKIE_AGE == 15 * 60
    client.force_login(StaffFactory().user)
    page = client.get(reverse("home")).content.decode()
    assert 'data-session-seconds="900"' in page and 'id="session-warning"' in page
    assert client.post(reverse("session_keepalive")).status_code == 200


class Clock:
    """requests_app.sessions' time.time, moved on by hand."""

    def __init__(self, monkeypatch):
        self.now = time.time()
        monkeypatch.setattr(sessions.time, "time", lambda: self.now)


def _session_writes(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = (
            client.get(path) if path != "keepalive" else client.post(reverse("session_keepalive"))
        )
    writes = [q for q in queries if q["sql"].startswith('UPDATE "django_session"')]
    return response, len(writes)


def test_the_idle_clock_restarts_without_writing_the_session_on_every_page(client, monkeypatch):
    clock = Clock(monkeypatch)
    client.force_login(StaffFactory().user)
    home = reverse("home")
    expiry = Session.objects.get().expire_date

    clock.now += 30  # half a minute later: no write, and the page says what is really left
    response, writes = _session_writes(client, home)
    assert writes == 0 and 'data-session-seconds="870"' in response.content.decode()
    assert Session.objects.get().expire_date == expiry

    clock.now += 40  # over a minute since sign-in: this page restarts the clock
    response, writes = _session_writes(client, home)
    assert writes == 1 and 'data-session-seconds="900"' in response.content.decode()
    assert Session.objects.get().expire_date > expiry

    clock.now += 5  # "stay signed in" always restarts it
    _, writes = _session_writes(client, "keepalive")
    assert writes == 1


def test_a_session_idle_for_fifteen_minutes_is_over(client):
    client.force_login(StaffFactory().user)
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.fixture
def otp_on(settings):
    settings.OTP_REQUIRED = True


def test_two_factor_enrollment_then_sign_in_with_a_generated_code(client, otp_on):
    worker = StaffFactory(user__username="maria").user
    response = sign_in(client, "maria")
    assert client.get(reverse("home")).url.startswith(reverse("twofactor_setup"))
    page = client.get(reverse("twofactor_setup"))
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=worker, confirmed=False)
    wrong = client.post(reverse("twofactor_setup"), {"password": TEST_PASSWORD, "code": "000000"})
    assert "Code from the new authenticator: that code is not right" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code throttles the next try for a second
    code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    confirmed = client.post(
        reverse("twofactor_setup"), {"password": TEST_PASSWORD, "code": f"{code:06d}"}
    )
    codes = confirmed.context["codes"]
    assert len(codes) == 10 and StaticToken.objects.filter(device__user=worker).count() == 10
    assert client.get(reverse("home")).status_code == 200

    client.post(reverse("logout"))
    response = sign_in(client, "maria")
    assert client.get(reverse("home")).url.startswith(reverse("twofactor_verify"))
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time += device.step  # the code of the next step (the current one was just used)
    response = client.post(reverse("twofactor_verify"), {"code": f"{totp.token():06d}"})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_a_recovery_code_signs_in_once(client, otp_on):
    worker = StaffFactory(user__username="maria").user
    sign_in(client, "maria")
    client.get(reverse("twofactor_setup"))
    device = TOTPDevice.objects.get(user=worker)
    code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    confirmed = client.post(
        reverse("twofactor_setup"), {"password": TEST_PASSWORD, "code": f"{code:06d}"}
    )
    recovery = confirmed.context["codes"][0]
    for expected in (302, 200):
        client.post(reverse("logout"))
        sign_in(client, "maria")
        response = client.post(reverse("twofactor_verify"), {"code": recovery})
        assert response.status_code == expected


def test_check_deploy_is_clean_with_production_settings():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "dcfconf.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "disclosures.dcf.ct.gov",
        "PORTAL_URL": "https://disclosures.dcf.ct.gov",
        "AUDIT_CHECKPOINT_KEY": secrets.token_urlsafe(40),
        "AUDIT_CHECKPOINT_FILE": "/var/lib/dcf-portal/audit-checkpoints.jsonl",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_lost_database_answers_a_clean_503(client, monkeypatch):
    from django.db import OperationalError

    from requests_app.views import casework

    client.force_login(StaffFactory().user)

    def down(**kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(casework.selectors, "caseload", down)
    response = client.get(reverse("home"))
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    page = response.content.decode()
    assert "temporarily unavailable" in page and "Traceback" not in page


def test_a_database_lost_inside_a_middleware_also_answers_the_clean_503(client, monkeypatch):
    """The failure can surface in a middleware (here the history context reading the user) and
    reach Django's error handler rather than the view: still the 503 page, never a 500."""
    from django.db import OperationalError
    from pghistory.middleware import HistoryMiddleware

    client.force_login(StaffFactory().user)

    def down(self, request):
        raise OperationalError("connection to server failed: Connection refused")

    monkeypatch.setattr(HistoryMiddleware, "get_context", down)
    client.raise_request_exception = False
    response = client.post(reverse("session_keepalive"))
    assert response.status_code == 503
    page = response.content.decode()
    assert "temporarily unavailable" in page and "Traceback" not in page


def test_every_page_with_client_information_is_private_and_never_stored(client):
    """Pages, exports and error pages alike: no cache may keep a copy of client information."""
    from requests_app.services.casework import assignment_create
    from tests.factories import CaseFactory, StaffFactory

    worker = StaffFactory().user
    case = CaseFactory()
    assignment_create(case=case, staff=worker, starts_on=datetime.date(2025, 1, 1))
    child = case.clients.get()
    client.force_login(worker)
    for url in (
        reverse("home"),
        reverse("requests:client_detail", args=[child.pk]),
        reverse("requests:case_detail", args=[case.pk]),
        reverse("requests:list"),
        reverse("requests:choose_client"),
        reverse("requests:accounting", args=[child.pk]),
        reverse("requests:accounting_csv", args=[child.pk]),
        reverse("forms:list", args=[child.pk]),
        reverse("requests:client_detail", args=[child.pk + 1000]),
    ):
        cache = client.get(url)["Cache-Control"]
        assert "private" in cache and "no-store" in cache, url


def test_a_database_outage_is_logged_in_one_line_without_a_traceback(client, monkeypatch, caplog):
    from django.db import OperationalError
    from pghistory.middleware import HistoryMiddleware

    client.force_login(StaffFactory().user)

    def down(self, request):
        raise OperationalError("connection failed: SELECT ... WHERE client_number = 'CL-1'")

    monkeypatch.setattr(HistoryMiddleware, "get_context", down)
    client.raise_request_exception = False
    with caplog.at_level("INFO"):
        assert client.post(reverse("session_keepalive")).status_code == 503
    errors = [r for r in caplog.records if r.levelname in ("ERROR", "CRITICAL")]
    assert [r.getMessage() for r in errors] == ["database unavailable: OperationalError"]
    assert not any(r.exc_info for r in errors)
    assert "CL-1" not in caplog.text


def test_an_overlong_username_is_a_normal_failed_sign_in(client):
    client.raise_request_exception = True
    response = client.post(reverse("login"), {"username": "x" * 300, "password": "not-it-123456"})
    assert response.status_code == 200
    assert "correct username and password" in response.content.decode()


def _sign_in_from(client, address, username, password=TEST_PASSWORD, **headers):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def test_a_stranger_cannot_lock_the_legal_director_out_from_everywhere(client):
    """Five wrong passwords for one username from one address lock that pair only."""
    StaffFactory(user__username="legal_director")
    for _ in range(5):
        _sign_in_from(client, "198.51.100.7", "legal_director", "wrong-password")
    assert _sign_in_from(client, "198.51.100.7", "legal_director").status_code == 429
    assert _sign_in_from(client, "10.1.2.3", "legal_director").status_code == 302


def test_an_address_failing_for_many_usernames_is_slowed_down(client, settings):
    settings.SIGNIN_ADDRESS_LIMIT = 6
    StaffFactory(user__username="maria")
    for n in range(6):
        _sign_in_from(client, "198.51.100.8", f"guess{n}", "wrong-password")
    refused = _sign_in_from(client, "198.51.100.8", "maria")
    assert refused.status_code == 200
    assert "Too many failed sign-ins from your network address" in refused.content.decode()
    assert _sign_in_from(client, "10.1.2.4", "maria").status_code == 302


def test_behind_a_trusted_proxy_the_clients_address_is_read_and_audited(client, settings):
    """One proxy in front (the README's HAProxy): the address it appended to X-Forwarded-For is
    the client's; whatever the client wrote there itself is not believed."""
    from requests_app.models import AccessEvent
    from requests_app.services.casework import assignment_create
    from tests.factories import CaseFactory

    settings.TRUSTED_PROXY_COUNT = 1
    maria = StaffFactory(user__username="maria").user
    forwarded = {"HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.9"}
    for _ in range(5):
        _sign_in_from(client, "10.0.0.2", "maria", "wrong-password", **forwarded)
    other_client = {"HTTP_X_FORWARDED_FOR": "203.0.113.10"}
    assert _sign_in_from(client, "10.0.0.2", "maria", **forwarded).status_code == 429
    assert _sign_in_from(client, "10.0.0.2", "maria", **other_client).status_code == 302
    case = CaseFactory()
    assignment_create(case=case, staff=maria, starts_on=datetime.date(2025, 1, 1))
    child = case.clients.get()
    page = reverse("requests:client_detail", args=[child.pk])
    assert client.get(page, REMOTE_ADDR="10.0.0.2", **other_client).status_code == 200
    assert AccessEvent.objects.get(client=child).ip_address == "203.0.113.10"


def test_a_pdf_that_takes_too_long_is_abandoned_with_a_clear_page(client, settings):
    """The accounting of a client with a huge history took 30 s and the worker was killed: a
    render past PDF_RENDER_SECONDS is abandoned, and the page says what to do instead."""
    from requests_app.services.casework import assignment_create
    from tests.factories import CaseFactory

    worker = StaffFactory().user
    case = CaseFactory()
    assignment_create(case=case, staff=worker, starts_on=datetime.date(2025, 1, 1))
    child = case.clients.get()
    client.force_login(worker)
    url = reverse("requests:accounting_pdf", args=[child.pk])
    assert client.get(url)["Content-Type"] == "application/pdf"
    settings.PDF_RENDER_SECONDS = 0.000_001
    response = client.get(url)
    assert response.status_code == 503
    page = response.content.decode()
    assert "This PDF took too long to prepare" in page and "CSV" in page
