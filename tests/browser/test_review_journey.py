"""Journey: Legal Affairs claims an escalated request, adds a redaction note and approves with
redactions under a court order; the worker sees the note, records the disclosure and finds the
order in the client's accounting."""

import datetime
import uuid

import pytest
from playwright.sync_api import expect

from requests_app.models import DisclosureRequest
from requests_app.services.casework import assignment_create
from requests_app.services.requests import request_submit
from tests.browser.pages import go_to, record_the_disclosure
from tests.factories import TEST_PASSWORD, CaseFactory, StaffFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_redactions_flow_from_legal_affairs_to_the_worker(
    page, live_server, sign_in_page, assert_accessible
):
    worker = StaffFactory(user__username="maria").user
    StaffFactory(
        user__username="robert", disclosure_role="other_dcf_staff", user__duties=["legal_affairs"]
    )
    case = CaseFactory()
    assignment_create(case=case, staff=worker, starts_on=datetime.date(2025, 1, 1))
    request = request_submit(
        requester=worker,
        draft=DisclosureRequest(
            client=case.clients.get(),
            case=case,
            recipient_kind="third_party",
            recipient_name="Acme Tutoring",
            recipient_address="1 Elm St",
            categories=["educational"],
            media=["email"],
            mode="documentary",
            purpose="Tutoring plan",
        ),
        submission_token=uuid.uuid4(),
    )

    sign_in_page.sign_in("robert", TEST_PASSWORD)
    go_to(page, "Legal Affairs", "Review queue")
    assert_accessible(page)
    page.get_by_role("link", name=request.reference).click()
    page.get_by_role("button", name="Claim this review").click()
    expect(page.get_by_text(f"You have claimed {request.reference}.")).to_be_visible()
    assert_accessible(page)

    page.get_by_text("Add a redaction note").click()
    page.get_by_label("Record or document").fill("School report, 2025")
    page.get_by_label("Where (pages or sections)").fill("page 2")
    page.get_by_label("What to redact").fill("Sibling's name and school")
    page.get_by_label("Legal basis for the redaction").select_option("other_people")
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_role("cell", name="Sibling's name and school")).to_be_visible()

    page.get_by_label("Approved with redactions").check()
    page.get_by_label("I understand the decision is final").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(
        page.get_by_text("Authority: choose what the approval relies on.", exact=True)
    ).to_be_visible()
    assert_accessible(page)
    expect(page.get_by_label("Docket number")).to_be_hidden()
    page.get_by_label("Authority", exact=True).select_option("court_order")
    page.get_by_label("Court", exact=True).fill("Superior Court for Juvenile Matters at Hartford")
    page.get_by_label("Docket number").fill("H12-CP26-000777-A")
    page.get_by_label("Date of the order").fill("2026-01-05")
    page.get_by_label("Approved with redactions").check()
    page.get_by_label("I understand the decision is final").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("The decision is recorded")).to_be_visible()
    expect(page.get_by_text("its notes are frozen")).to_be_visible()
    expect(page.get_by_text("docket number H12-CP26-000777-A")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    sign_in_page.sign_in("maria", TEST_PASSWORD)
    page.get_by_role("link", name="Notifications").click()
    page.get_by_role("link", name=f"Legal Affairs decided request {request.reference}").click()
    expect(page.get_by_text("Sibling's name and school")).to_be_visible()
    page.get_by_role("link", name="Record the disclosure").click()
    expect(page.get_by_text("Sibling's name and school")).to_be_visible()
    page.get_by_label("What was disclosed").fill("School report with page 2 redacted")
    record_the_disclosure(page)
    expect(page.get_by_text("Confirm that every redaction note was applied.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("I confirm every redaction note above was applied").check()
    record_the_disclosure(page)
    expect(page.get_by_text("The disclosure is recorded")).to_be_visible()
    expect(page.get_by_text("Disclosed", exact=True).first).to_be_visible()
    page.get_by_role("link", name="accounting of disclosures").click()
    expect(page.get_by_text("A court order", exact=True)).to_be_visible()
    assert_accessible(page)
