"""Playwright against Debian's Chromium and Django's live server.

Chromium runs headless with the flags this machine needs (no sandbox as root, no background
networking on a closed network). Every page a journey visits gets an axe check.
"""

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.world import sign_in_verified

# The live server runs in a thread beside Playwright's event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERIOUS = {"serious", "critical"}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


@pytest.fixture
def serious_violations(axe):
    """A function giving the page's serious and critical axe violations, each with its rule id,
    what it asks and the elements that break it."""

    def find(page) -> list[str]:
        # axe is put into a document once: a page checked again (at another width) reuses it.
        if not page.evaluate("() => typeof axe === 'object'"):
            page.evaluate(axe.axe_script)
        violations = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")[
            "violations"
        ]
        return [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
            for v in violations
            if v["impact"] in SERIOUS
        ]

    return find


@pytest.fixture
def assert_accessible(serious_violations):
    """Run axe on the page; fail on any serious or critical violation, naming them."""

    def check(page) -> None:
        bad = serious_violations(page)
        assert not bad, "\n".join(bad)

    return check


class SignInPage:
    """The sign-in screen."""

    def __init__(self, page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url

    def sign_in(self, username: str, password: str) -> None:
        self.page.goto(f"{self.base_url}/login/")
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()


@pytest.fixture
def sign_in_page(page, live_server):
    return SignInPage(page, live_server.url)


@pytest.fixture
def sign_in_as(context, live_server):
    """A function that signs the browser in as a user without the sign-in screen, with the second
    factor proved as production asks, and returns a test client holding the same session."""

    def sign_in(user) -> Client:
        client = Client()
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="Phone", defaults={"confirmed": True}
        )
        sign_in_verified(client, user, device)
        cookie = {
            "name": settings.SESSION_COOKIE_NAME,
            "value": client.session.session_key,
            "url": live_server.url,
        }
        context.add_cookies([cookie])
        return client

    return sign_in
