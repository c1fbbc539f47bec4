"""Journey: each role lands on a home page that leads to its next step. A worker goes from
their home to record a permitted disclosure, a supervisor to the print queue, Legal Affairs from
the overdue count to the queue so filtered, a system administrator to the admin."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from requests_app.models import DisclosureRequest, Review
from requests_app.services.casework import assignment_create
from tests.factories import (
    TEST_PASSWORD,
    CaseFactory,
    DraftReleaseFactory,
    LossReportFactory,
    ReleaseFactory,
    StaffFactory,
    WorkUnitFactory,
    submitted_request,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def _submit(worker, case, **extra) -> DisclosureRequest:
    return submitted_request(worker, case, **extra)


def test_each_home_page_leads_to_the_next_step(page, live_server, sign_in_page, assert_accessible):
    unit = WorkUnitFactory()
    supervisor = StaffFactory(unit=unit, user__username="sam", user__duties=["supervisor"]).user
    worker = StaffFactory(unit=unit, user__username="maria", supervisor=supervisor).user
    StaffFactory(
        user__username="robert", disclosure_role="other_dcf_staff", user__duties=["legal_affairs"]
    )
    StaffFactory(
        user__username="ivan",
        disclosure_role="other_dcf_staff",
        user__duties=["system_admin"],
        user__is_staff=True,
    )
    case = CaseFactory()
    assignment_create(case=case, staff=worker, starts_on=datetime.date(2025, 1, 1))
    permitted = _submit(worker, case)
    overdue = _submit(worker, case, requester_in_doubt=True)
    Review.objects.filter(request=overdue).update(
        due_on=timezone.localdate() - datetime.timedelta(days=3)
    )
    DraftReleaseFactory(client=case.clients.get(), prepared_by=worker)
    ReleaseFactory(client=case.clients.get(), prepared_by=worker)
    LossReportFactory(reporter=worker)

    sign_in_page.sign_in("maria", TEST_PASSWORD)
    expect(page.get_by_role("heading", name="Requests waiting for you")).to_be_visible()
    expect(page.get_by_role("heading", name="Releases you are preparing")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("row", name=permitted.reference).get_by_role(
        "link", name="Record the disclosure"
    ).click()
    expect(page.get_by_role("heading", name="Record the disclosure")).to_be_visible()

    page.context.clear_cookies()
    sign_in_page.sign_in("sam", TEST_PASSWORD)
    expect(page.get_by_role("heading", name="Loss reports sent to you")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="1 signed release waiting to be printed").click()
    expect(page.get_by_role("heading", name="Print queue", exact=True)).to_be_visible()

    page.context.clear_cookies()
    sign_in_page.sign_in("robert", TEST_PASSWORD)
    expect(page.get_by_role("heading", name="My claimed reviews")).to_be_visible()
    expect(page.get_by_text("No reviews are due soon.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="1 overdue").click()
    expect(page.get_by_role("heading", name="Legal Affairs review queue")).to_be_visible()
    expect(page.get_by_role("link", name=overdue.reference)).to_be_visible()
    expect(page.get_by_label("Overdue only")).to_be_checked()

    page.context.clear_cookies()
    sign_in_page.sign_in("ivan", TEST_PASSWORD)
    expect(page.get_by_role("heading", name="Administration")).to_be_visible()
    expect(page.get_by_role("heading", name="Requests waiting for you")).to_have_count(0)
    assert_accessible(page)
