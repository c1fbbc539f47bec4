"""Journey: a worker reports a stolen laptop; the supervisor is notified at once, opens the
report from the notification and acknowledges it; the worker sees the acknowledgement."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from requests_app.models import Incident
from requests_app.services.casework import assignment_create
from tests.browser.pages import go_to
from tests.factories import TEST_PASSWORD, CaseFactory, StaffFactory, WorkUnitFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_a_worker_reports_a_lost_laptop_and_the_supervisor_acknowledges_it(
    page, live_server, sign_in_page, assert_accessible
):
    unit = WorkUnitFactory(name="Hartford Area Office")
    supervisor = StaffFactory(
        unit=unit,
        user__username="sam",
        user__first_name="Sam",
        user__last_name="Okafor",
        user__duties=["supervisor"],
    ).user
    worker = StaffFactory(unit=unit, supervisor=supervisor, user__username="maria").user
    case = CaseFactory()
    assignment_create(case=case, staff=worker, starts_on=datetime.date(2025, 1, 1))
    child = case.clients.get()
    discovered = timezone.localtime(timezone.now() - datetime.timedelta(hours=1))

    sign_in_page.sign_in("maria", TEST_PASSWORD)
    go_to(page, "Loss or breach", "Report a loss or breach")
    expect(page.get_by_role("heading", name="Report a loss or breach")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Report a loss or theft").click()
    assert_accessible(page)

    page.get_by_label("Laptop computer").check()
    page.get_by_label("Describe what was lost").fill("State laptop with case notes")
    page.get_by_role("button", name="Send to my supervisor").click()
    # Nothing is sent with required answers missing; each is named.
    expect(page.get_by_role("alert")).to_contain_text("Give the asset tag of the lost equipment.")
    expect(page.get_by_label("Describe what was lost")).to_have_value(
        "State laptop with case notes"
    )
    assert_accessible(page)

    page.get_by_label("Asset tag number").fill("CT-004411")
    page.get_by_label("Value of the equipment (US dollars)").fill("1200")
    page.get_by_label("Stolen", exact=True).check()
    page.get_by_label("When was the loss discovered?").fill(discovered.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Where was it lost or stolen?").fill("A parked car on Main Street")
    page.get_by_label(f"{child.full_name} ({child.client_number})").check()
    page.get_by_label("Circumstances", exact=True).fill(
        "The car window was broken during a home visit."
    )
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("Steps to prevent it happening again").fill("No devices left in cars")
    page.get_by_role("button", name="Send to my supervisor").click()

    incident = Incident.objects.get()
    expect(
        page.get_by_role("heading", name=f"Your loss report {incident.reference} is sent")
    ).to_be_visible()
    expect(page.get_by_text("Sam Okafor (supervisor notified)")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Open the report").click()
    expect(page.get_by_text("Not yet: waiting")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    sign_in_page.sign_in("sam", TEST_PASSWORD)
    page.get_by_role("link", name="Notifications").click()
    assert_accessible(page)
    page.get_by_role(
        "link", name=f"A loss report {incident.reference} needs your acknowledgement"
    ).click()
    expect(page.get_by_role("heading", name=f"Loss report {incident.reference}")).to_be_visible()
    expect(page.get_by_text(child.full_name)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Note to the reporter").fill("Thanks, call me about the police report.")
    page.get_by_role("button", name="Acknowledge this report").click()
    expect(page.get_by_text(f"You have acknowledged {incident.reference}.")).to_be_visible()
    expect(page.get_by_role("cell", name=re.compile("^Acknowledged"))).to_be_visible()
    expect(page.get_by_role("button", name="Acknowledge this report")).to_have_count(0)
    assert_accessible(page)
    go_to(page, "Loss or breach", "Incidents")
    expect(page.get_by_role("link", name=incident.reference)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    sign_in_page.sign_in("maria", TEST_PASSWORD)
    page.get_by_role("link", name="Notifications").click()
    page.get_by_role("link", name=f"Your loss report {incident.reference} was acknowledged").click()
    expect(page.get_by_text("by Sam Okafor")).to_be_visible()
    assert_accessible(page)
