"""Journey: a social worker signs in and sees their caseload, and only theirs."""

import datetime

import pytest
from playwright.sync_api import expect

from requests_app.services.casework import assignment_create
from tests.factories import TEST_PASSWORD, CaseFactory, RelationFactory, StaffFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_worker_signs_in_and_sees_their_caseload(page, sign_in_page, assert_accessible):
    worker = StaffFactory(user__username="maria", user__first_name="Maria").user
    mine = CaseFactory(case_number="C-7001")
    child = mine.clients.get()
    RelationFactory(client=child, full_name="Pat Parent", parental_rights_terminated=True)
    theirs = CaseFactory(case_number="C-7002")
    start = datetime.date(2025, 1, 1)
    assignment_create(case=mine, staff=worker, starts_on=start)
    assignment_create(case=theirs, staff=StaffFactory().user, starts_on=start)

    sign_in_page.page.goto(f"{sign_in_page.base_url}/login/")
    assert_accessible(page)
    sign_in_page.sign_in("maria", TEST_PASSWORD)

    expect(page.get_by_role("heading", name="My caseload")).to_be_visible()
    expect(page.get_by_role("link", name="Case C-7001")).to_be_visible()
    expect(page.get_by_text(child.client_number)).to_be_visible()
    expect(page.get_by_text("Parental rights terminated")).to_be_visible()
    expect(page.get_by_text("C-7002")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name=child.full_name).click()
    expect(page.get_by_role("heading", name=child.full_name)).to_be_visible()
    assert_accessible(page)


def test_wrong_password_shows_a_clear_message(page, sign_in_page, assert_accessible):
    StaffFactory(user__username="maria")
    sign_in_page.sign_in("maria", "not-the-password")
    expect(page.get_by_role("alert")).to_contain_text("correct username and password")
    assert_accessible(page)
