"""Journey: a reviewer draws a box over a name on page 2 of an uploaded record and approves with
redactions; the worker builds the packet and records the disclosure; the packet downloaded
again has no trace of the name (pypdf and poppler's pdftotext) and the region is black."""

import datetime
import hashlib
import io
import subprocess

import pytest
from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfReader

from requests_app.models import DisclosurePacket, RedactionBox
from requests_app.services.casework import assignment_create
from requests_app.services.documents import document_attach, page_images_render, text_matches
from requests_app.services.reviews import review_claim
from requests_app.tasks import build_packet
from tests.factories import CaseFactory, StaffFactory, submitted_request, text_pdf

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

NAME = "Dana Whitfield"


def test_a_record_is_redacted_packed_and_disclosed(
    page, live_server, sign_in_as, assert_accessible
):
    worker = StaffFactory(user__username="maria").user
    lawyer = StaffFactory(disclosure_role="other_dcf_staff", user__duties=["legal_affairs"]).user
    case = CaseFactory()
    assignment_create(case=case, staff=worker, starts_on=datetime.date(2025, 1, 1))
    request = submitted_request(worker, case, requester_in_doubt=True, purpose="Referral")
    document = document_attach(
        request=request,
        user=worker,
        name="narrative.pdf",
        data=text_pdf(["Home visit narrative", "The child is well"], ["Reported by " + NAME]),
    )
    page_images_render(document)
    review_claim(review=request.reviews.get(), reviewer=lawyer)
    (where,) = text_matches(document, NAME, "reporter_identity")
    assert where.page == 2

    # Legal Affairs: from the review, to the editor's page 2; a box dragged over the name.
    sign_in_as(lawyer)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/reviews/{request.reviews.get().pk}/")
    page.get_by_role("link", name="Redact narrative.pdf").click()
    page.get_by_role("link", name="Next page").click()
    expect(page.get_by_role("heading", name="Page 2 of 2")).to_be_visible()
    assert_accessible(page)
    svg = page.locator("svg.redaction-page").bounding_box()
    assert svg is not None
    scale = svg["width"] / 612
    page.mouse.move(svg["x"] + (where.x0 - 2) * scale, svg["y"] + (where.y0 - 2) * scale)
    page.mouse.down()
    page.mouse.move(svg["x"] + (where.x1 + 2) * scale, svg["y"] + (where.y1 + 2) * scale, steps=8)
    page.mouse.up()
    page.get_by_label("Reason").first.select_option("reporter_identity")
    page.get_by_role("button", name="Draw the box").click()
    expect(page.get_by_text("The box is drawn on page 2.")).to_be_visible()
    box = RedactionBox.objects.get(document=document)
    assert box.x0 <= where.x0 and box.x1 >= where.x1 and box.y0 <= where.y0 and box.y1 >= where.y1

    page.goto(f"{live_server.url}/reviews/{request.reviews.get().pk}/")
    page.get_by_label("Approved with redactions").check()
    page.get_by_label("Authority", exact=True).select_option("court_order")
    page.get_by_label("Court", exact=True).fill("Superior Court for Juvenile Matters at Hartford")
    page.get_by_label("Docket number").fill("H12-CP26-000778-A")
    page.get_by_label("Date of the order").fill("2026-01-05")
    page.get_by_label("I understand the decision is final").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("The decision is recorded")).to_be_visible()

    # The worker builds the packet (the background worker's task, run here) and discloses.
    page.context.clear_cookies()
    sign_in_as(worker)
    page.goto(f"{live_server.url}/requests/{request.pk}/")
    page.get_by_role("button", name="Build the disclosure packet").click()
    expect(page.get_by_text("The packet is being built")).to_be_visible()
    packet = DisclosurePacket.objects.get(request=request)
    build_packet.call(packet.pk)
    page.reload()
    expect(page.get_by_role("link", name="Download the packet")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Record the disclosure").click()
    page.get_by_label("What was disclosed").fill("Home visit narrative, the reporter redacted")
    page.get_by_label("I confirm every redaction note above was applied").check()
    page.locator('a[href="#confirm-disclosure"]').click()
    page.get_by_role("dialog", name="Record this disclosure?").get_by_role(
        "button", name="Record the disclosure"
    ).click()
    expect(page.get_by_text("The disclosure is recorded")).to_be_visible()

    # The packet downloaded again, from the accounting.
    page.get_by_role("link", name="accounting of disclosures").click()
    link = page.get_by_role("link", name=f"Download the packet of {request.reference}")
    response = page.request.get(live_server.url + link.get_attribute("href"))
    assert response.ok and response.headers["cache-control"] == "private, no-store"
    pdf = response.body()
    packet.refresh_from_db()
    assert hashlib.sha256(pdf).hexdigest() == packet.sha256
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    poppler = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    for extracted in (text, poppler.stdout.decode()):
        assert "Whitfield" not in extracted and "Dana" not in extracted
        assert "Reported by" not in extracted  # the record is pixels only
    # Page 3 of the packet is the record's page 2: the region of the name renders black.
    png = subprocess.run(
        ["pdftoppm", "-f", "3", "-l", "3", "-r", "72", "-png", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout
    image = Image.open(io.BytesIO(png)).convert("L")
    centre = ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
    assert image.getpixel((int(box.x0 + 1), int(centre[1]))) < 40
    assert image.getpixel((int(box.x1 - 1), int(centre[1]))) < 40
