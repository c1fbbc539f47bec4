"""Journey: the client has a current DCF-2131F naming the recipient; the worker describes the
request without touching the release dropdown, the form proposes the release, and the request is
permitted on it. A release that does not apply says why before anything is submitted."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from requests_app.services.casework import assignment_create
from tests.browser.pages import NewRequestPage
from tests.factories import TEST_PASSWORD, CaseFactory, ReleaseFactory, StaffFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
DAY = datetime.timedelta(days=1)
PEDIATRICS = "Hartford Pediatrics"


@pytest.fixture
def child():
    """A worker's client, with one DCF-2131F to Hartford Pediatrics for the case record."""
    worker = StaffFactory(user__username="maria").user
    case = CaseFactory(case_number="C-7301")
    assignment_create(case=case, staff=worker, starts_on=datetime.date(2025, 1, 1))
    return case.clients.get()


def release_to_pediatrics(child, **dates):
    today = timezone.localdate()
    values = {
        "signed_on": today - 30 * DAY,
        "effective_on": today - 30 * DAY,
        "expires_on": today + 200 * DAY,
        **dates,
    }
    return ReleaseFactory(
        client=child,
        counterparty_name=PEDIATRICS,
        counterparty_organization=PEDIATRICS,
        categories=["case_record", "educational"],
        **values,
    )


def test_a_request_to_a_recipient_with_a_current_release_on_file_is_permitted_untouched(
    page, live_server, sign_in_page, child, assert_accessible
):
    release = release_to_pediatrics(child)
    sign_in_page.sign_in("maria", TEST_PASSWORD)
    new = NewRequestPage(page, live_server.url)
    new.open_for(child.full_name)
    expect(new.release_on_file).to_contain_text(release.reference)
    expect(new.release).to_have_value("")

    new.third_party(PEDIATRICS, "1 Main Street, Hartford, CT")
    new.describe(category="Case record")
    expect(new.release_on_file).to_contain_text(
        f"The client's current release {release.reference} names this recipient"
    )
    expect(new.release).to_have_value(str(release.pk))
    assert_accessible(page)
    new.acknowledge_and_submit()

    expect(page.get_by_text(f"You may disclose this information to {PEDIATRICS}")).to_be_visible()
    expect(page.get_by_text(f"{release.reference} to {PEDIATRICS}")).to_be_visible()
    assert_accessible(page)


def test_an_expired_release_on_file_says_why_before_submitting(
    page, live_server, sign_in_page, child, assert_accessible
):
    release = release_to_pediatrics(child, expires_on=timezone.localdate() - DAY)
    sign_in_page.sign_in("maria", TEST_PASSWORD)
    new = NewRequestPage(page, live_server.url)
    new.open_for(child.full_name)
    new.third_party(PEDIATRICS, "1 Main Street, Hartford, CT")
    new.describe(category="Case record")
    expect(new.release_on_file).to_contain_text(f"{release.reference} to {PEDIATRICS}")
    expect(new.release_on_file).to_contain_text("The release has expired.")
    expect(new.release).to_have_value("")
    assert_accessible(page)
    new.acknowledge_and_submit()
    expect(page.get_by_text("This request has gone to Legal Affairs")).to_be_visible()
