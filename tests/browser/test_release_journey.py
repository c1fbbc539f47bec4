"""Journey: a worker prepares a DCF-2131F for a minor client, signed by the client's mother
(a minor cannot sign: §17a-28), prints it for signature and records the signature with a scanned
PNG; the unit's supervisor prints it from the print queue."""

import datetime

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from requests_app.services.casework import assignment_create
from tests.factories import (
    TEST_PASSWORD,
    CaseFactory,
    RelationFactory,
    StaffFactory,
    WorkUnitFactory,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


class ReleaseFormPage:
    """The capture form of a DCF-2131T or DCF-2131F."""

    def __init__(self, page) -> None:
        self.page = page

    def fill(self, *, form: str, name: str, organization: str, expires_on: datetime.date) -> None:
        self.page.get_by_label(form).check()
        self.page.get_by_label("Name of the other party").fill(name)
        self.page.get_by_label("Organization").fill(organization)
        self.page.get_by_label("Address of the other party").fill("1 Main Street, Hartford, CT")
        self.page.get_by_label("Case record").check()
        self.page.get_by_label("Purpose of the release").fill("Coordinating medical care")
        self.page.get_by_label("Expiry date").fill(expires_on.isoformat())

    def parent_signs(self, *, name: str) -> None:
        self.page.get_by_label("An authorized representative of record").check()
        self.page.get_by_role("combobox", name="Authorized representative of record").select_option(
            label=name
        )
        self.page.get_by_label("Representative's relationship to the client").fill("Mother")
        self.page.get_by_label("Representative's authority to act for the client").fill(
            "Parent of a minor"
        )

    def save(self) -> None:
        self.page.get_by_role("button", name="Save draft").click()


@pytest.fixture
def scan_png(tmp_path):
    """A scanned signature page, as a real PNG file."""
    path = tmp_path / "signed-release.png"
    Image.new("RGB", (850, 1100), "white").save(path)
    return path


def test_worker_prepares_signs_and_supervisor_prints_a_release(
    page, live_server, sign_in_page, assert_accessible, scan_png, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    today = timezone.localdate()
    unit = WorkUnitFactory(name="Hartford Area Office")
    worker = StaffFactory(unit=unit, user__username="maria", user__first_name="Maria").user
    StaffFactory(unit=unit, user__username="sam", user__duties=["supervisor"])
    case = CaseFactory(case_number="C-7101")
    child = case.clients.get()
    RelationFactory(client=child, full_name="Rosa Ruiz")
    assignment_create(case=case, staff=worker, starts_on=datetime.date(2025, 1, 1))

    sign_in_page.sign_in("maria", TEST_PASSWORD)
    page.get_by_role("link", name=child.full_name).click()
    page.get_by_role("link", name="Prepare a new release").click()
    expect(page.get_by_role("heading", name="Prepare a release of information")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("alert")).to_contain_text("Expiry date")
    assert_accessible(page)

    form = ReleaseFormPage(page)
    form.fill(
        form="DCF-2131F",
        name="Dr. Ana Ruiz",
        organization="Hartford Pediatrics",
        expires_on=today + datetime.timedelta(days=180),
    )
    page.get_by_label("The client", exact=True).check()
    form.save()
    expect(page.get_by_role("alert")).to_contain_text("The client is a minor")
    assert_accessible(page)
    form.parent_signs(name="Rosa Ruiz, parent (not verified)")
    form.save()
    expect(page.get_by_text("Draft DCF-2131F")).to_be_visible()
    expect(page.locator("h1 .tag")).to_have_text("Draft")
    assert_accessible(page)

    page.get_by_role("button", name="Mark ready for signature").click()
    expect(page.locator("h1 .tag")).to_have_text("Ready for signature")
    assert_accessible(page)
    pdf_link = page.get_by_role("link", name="Print the form for signature (PDF)")
    printed = page.request.get(live_server.url + pdf_link.get_attribute("href"))
    assert printed.headers["content-type"] == "application/pdf"
    assert printed.body().startswith(b"%PDF-")

    page.get_by_role("link", name="Record the signature").click()
    assert_accessible(page)
    page.get_by_label("Date signed").fill(today.isoformat())
    page.get_by_label("Signed scan").set_input_files(scan_png)
    page.get_by_label("statement: right to revoke").check()
    page.get_by_label("statement: services are not conditioned").check()
    page.get_by_label("statement: redisclosure warning").check()
    page.get_by_label("A copy of the signed form was given to the signer").check()
    page.get_by_label("I confirm the form was signed").check()
    page.get_by_role("button", name="Record the signature").click()
    expect(page.get_by_text("Signature recorded and the signed scan stored.")).to_be_visible()
    expect(page.locator("h1 .tag")).to_have_text("Current")
    assert_accessible(page)
    number = page.locator("h1").inner_text().split()[1]
    page.get_by_role("button", name="Sign out").click()

    sign_in_page.sign_in("sam", TEST_PASSWORD)
    page.get_by_role("link", name="Print queue").click()
    expect(page.get_by_role("heading", name="Print queue")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("checkbox", name=f"DCF-2131F {number}").check()
    page.get_by_role("button", name="Print selected forms").click()
    expect(page.get_by_text("1 form printed by")).to_be_visible()
    assert_accessible(page)
    batch_pdf = page.get_by_role("link", name="Open the PDF to print").get_attribute("href")
    response = page.request.get(live_server.url + batch_pdf)
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")

    page.get_by_role("link", name="Print queue").first.click()
    expect(page.get_by_text("No signed forms from your unit are waiting")).to_be_visible()
    assert_accessible(page)
