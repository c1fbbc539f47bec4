"""Journeys of a disclosure request in Chromium: permitted and recorded, escalated for a third
party, and escalated because the requester is other DCF staff."""

import datetime

import pytest
from playwright.sync_api import expect

from requests_app.services.casework import assignment_create
from tests.browser.pages import NewRequestPage, go_to, record_the_disclosure
from tests.factories import TEST_PASSWORD, CaseFactory, RelationFactory, StaffFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
START = datetime.date(2025, 1, 1)


@pytest.fixture
def caseload():
    """A worker with one open case, a child and the child's verified mother."""

    def make(role="social_worker"):
        worker = StaffFactory(user__username="maria", disclosure_role=role).user
        case = CaseFactory(case_number="C-7001")
        child = case.clients.get()
        mother = RelationFactory(
            client=child, full_name="Rosa Lopez", verified_by=worker, verified_on=START
        )
        assignment_create(case=case, staff=worker, starts_on=START)
        return worker, child, mother

    return make


def test_worker_discloses_to_a_verified_parent_and_it_is_accounted_for(
    page, live_server, sign_in_page, caseload, assert_accessible
):
    _, child, _ = caseload()
    sign_in_page.sign_in("maria", TEST_PASSWORD)
    new = NewRequestPage(page, live_server.url)
    new.open_for(child.full_name)
    assert_accessible(page)
    new.recipient("A parent, legal guardian, attorney or representative of record")
    page.get_by_label("Relation of record").select_option(label="Rosa Lopez, parent (verified)")
    new.describe()
    new.acknowledge_and_submit()

    expect(
        page.get_by_text("You may disclose this information to Rosa Lopez (parent)")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Record the disclosure").click()
    expect(page.get_by_label("To whom")).to_have_value("Rosa Lopez (parent)")
    page.get_by_label("What was disclosed").fill("Case plan, pages 1-4")
    assert_accessible(page)
    record_the_disclosure(page)

    expect(
        page.get_by_text("The disclosure is recorded in the client's accounting.")
    ).to_be_visible()
    page.get_by_role("link", name="accounting of disclosures").click()
    expect(page.get_by_role("cell", name="Case plan, pages 1-4")).to_be_visible()
    expect(page.get_by_text("A rule of DCF Policy 31-8-5", exact=True)).to_be_visible()
    expect(
        page.get_by_text("A parent of record whose rights were not terminated, in an open case")
    ).to_be_visible()
    expect(page.get_by_text("parent_in_open_case")).to_have_count(0)
    assert_accessible(page)


def test_a_request_to_a_third_party_without_a_release_waits_on_legal_affairs(
    page, live_server, sign_in_page, caseload, assert_accessible
):
    _, child, _ = caseload()
    sign_in_page.sign_in("maria", TEST_PASSWORD)
    new = NewRequestPage(page, live_server.url)
    new.open_for(child.full_name)
    new.recipient("Someone else (a named third party)")
    page.get_by_label("Name", exact=True).fill("Acme Tutoring")
    page.get_by_label("Address").fill("1 Elm Street, Hartford, CT")
    new.describe(category="Educational")
    new.acknowledge_and_submit()

    expect(page.get_by_text("This request has gone to Legal Affairs")).to_be_visible()
    expect(page.get_by_text("Waiting on Legal Affairs")).to_be_visible()
    assert_accessible(page)
    go_to(page, "Requests", "My requests")
    expect(page.get_by_role("cell", name="Waiting on Legal Affairs")).to_be_visible()
    assert_accessible(page)


def test_other_dcf_staff_are_escalated_even_for_a_permitted_recipient(
    page, live_server, sign_in_page, caseload, assert_accessible
):
    _, child, _ = caseload(role="other_dcf_staff")
    sign_in_page.sign_in("maria", TEST_PASSWORD)
    new = NewRequestPage(page, live_server.url)
    new.open_for(child.full_name)
    new.recipient("The client")
    new.describe()
    new.acknowledge_and_submit()

    expect(page.get_by_text("This request has gone to Legal Affairs")).to_be_visible()
    expect(page.get_by_text("discuss all requests").first).to_be_visible()
    assert_accessible(page)
