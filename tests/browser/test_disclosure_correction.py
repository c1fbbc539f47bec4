"""A worker finds a wrong date in the client's accounting of disclosures and corrects it, with a
reason; the accounting then shows the date first recorded beside the correct one."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from requests_app.models import PolicyDecision
from requests_app.services.casework import assignment_create
from requests_app.services.requests import disclosure_record
from tests.factories import TEST_PASSWORD, CaseFactory, DisclosureRequestFactory, StaffFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
START = datetime.date(2025, 1, 1)


def _day(days_ago: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days_ago)


def _in_words(day: datetime.date) -> str:
    return f"{day:%b} {day.day}, {day.year}"


@pytest.fixture
def recorded():
    """Maria's disclosure to the client, permitted ten days ago and recorded as nine days ago."""
    worker = StaffFactory(user__username="maria", user__first_name="Maria").user
    case = CaseFactory(case_number="C-7101")
    assignment_create(case=case, staff=worker, starts_on=START)
    ten_days_ago = timezone.now() - datetime.timedelta(days=10)
    request = DisclosureRequestFactory(
        requester=worker, case=case, status="permitted", submitted_at=ten_days_ago
    )
    PolicyDecision.objects.create(
        request=request,
        decided_at=ten_days_ago,
        as_of=_day(10),
        facts={},
        outcome="permitted",
        rule="client_in_open_case",
        citation="the client",
        reasons=[],
        policy_version="test",
    )
    return disclosure_record(
        request=request,
        user=worker,
        disclosed_on=_day(9),
        mode="documentary",
        media=["hard_copy"],
        information_disclosed="Case plan, pages 1-4",
        recipient="The client",
    )


def test_worker_corrects_a_wrong_date_of_disclosure(
    page, live_server, sign_in_page, recorded, assert_accessible
):
    sign_in_page.sign_in("maria", TEST_PASSWORD)
    page.goto(live_server.url + reverse("requests:accounting", args=[recorded.client_id]))
    page.get_by_role("link", name="Correct the date").click()
    expect(page.get_by_role("heading", name="Correct the date of disclosure")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Correct date of disclosure").fill(_day(12).isoformat())
    page.get_by_role("button", name="Correct the date").click()
    expect(page.get_by_text("the earliest allowed date is").first).to_be_visible()
    expect(page.get_by_text("Reason for the correction: say why").first).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Correct date of disclosure").fill(_day(2).isoformat())
    page.get_by_label("Reason for the correction").fill("Typed the wrong week")
    page.get_by_label("I confirm the correction").check()
    page.get_by_role("button", name="Correct the date").click()

    expect(page.get_by_text("The accounting shows both dates and the reason.")).to_be_visible()
    expect(page.get_by_text(f"First recorded as {_in_words(_day(9))}.")).to_be_visible()
    expect(page.get_by_text("Reason: Typed the wrong week")).to_be_visible()
    assert_accessible(page)
