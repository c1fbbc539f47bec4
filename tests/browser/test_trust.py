"""Trust, as a person meets it in Chromium: typed script stays text, five wrong passwords lock
the account, and an idle session warns before it ends."""

import datetime

import pytest
from playwright.sync_api import expect

from requests_app.services.casework import assignment_create
from tests.browser.pages import NewRequestPage, go_to
from tests.factories import TEST_PASSWORD, CaseFactory, StaffFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
SCRIPT = '<script>window.__pwned = true</script><img src=x onerror="window.__pwned=true">'
FREE_TEXT = [
    "Name",
    "Organization (optional)",
    "Address",
    "Describe the records or information (optional)",
    "Purpose of the disclosure",
]


def test_script_typed_into_every_free_text_field_shows_as_text_and_never_runs(
    page, live_server, sign_in_page, assert_accessible
):
    worker = StaffFactory(user__username="maria").user
    case = CaseFactory()
    child = case.clients.get()
    assignment_create(case=case, staff=worker, starts_on=datetime.date(2025, 1, 1))
    sign_in_page.sign_in("maria", TEST_PASSWORD)
    new = NewRequestPage(page, live_server.url)
    new.open_for(child.full_name)
    new.recipient("Someone else (a named third party)")
    new.describe()
    for label in FREE_TEXT:
        page.get_by_label(label, exact=True).fill(f"{label}: {SCRIPT}")
    new.acknowledge_and_submit()
    expect(page.get_by_text("This request has gone to Legal Affairs")).to_be_visible()
    for label in ("Purpose of the disclosure", "Address"):
        expect(page.get_by_text(f"{label}: {SCRIPT}").first).to_be_visible()
    go_to(page, "Requests", "My requests")
    expect(page.get_by_text(f"Name: {SCRIPT}", exact=False).first).to_be_visible()
    assert page.evaluate("window.__pwned === undefined")
    assert_accessible(page)


def test_five_wrong_passwords_lock_the_account(page, sign_in_page, assert_accessible):
    StaffFactory(user__username="maria")
    for _ in range(5):
        sign_in_page.sign_in("maria", "not-the-password")
    expect(page.get_by_role("heading", name="Sign-in is locked")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("After 5 failed sign-in attempts")
    assert_accessible(page)
    sign_in_page.sign_in("maria", TEST_PASSWORD)
    expect(page.get_by_role("heading", name="Sign-in is locked")).to_be_visible()


def test_an_idle_session_warns_before_it_ends(page, sign_in_page, settings, assert_accessible):
    settings.SESSION_COOKIE_AGE = 4
    settings.SESSION_WARNING_SECONDS = 3
    StaffFactory(user__username="maria")
    sign_in_page.sign_in("maria", TEST_PASSWORD)
    warning = page.get_by_role("alertdialog")
    expect(warning).to_be_hidden()
    expect(warning).to_be_visible(timeout=5000)
    expect(warning).to_contain_text("you will be signed out")
    assert_accessible(page)
    expect(page).to_have_url(f"{sign_in_page.base_url}/login/?expired=1", timeout=8000)
    expect(
        page.get_by_text("You were signed out after 15 minutes without activity.")
    ).to_be_visible()
