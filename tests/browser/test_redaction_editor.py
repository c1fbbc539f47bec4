"""Journey: Legal Affairs draws a box over a name with the mouse in the redaction editor."""

import pytest
from playwright.sync_api import expect

from requests_app.models import Document, RedactionBox
from requests_app.services.documents import document_attach, page_images_render
from tests.factories import text_pdf

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_a_reviewer_draws_a_box_with_the_mouse(
    page, live_server, sign_in_as, world, assert_accessible
):
    request = Document.objects.get(pk=world.args["requests:document_download"][0]).request
    document = document_attach(
        request=request,
        user=world.users["worker"],
        name="narrative.pdf",
        data=text_pdf(["Visit notes", "Jane Roe called the office"]),
    )
    page_images_render(document)
    sign_in_as(world.users["legal"])
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/documents/{document.pk}/redact/")
    assert_accessible(page)
    svg = page.locator("svg.redaction-page")
    box = svg.bounding_box()
    assert box is not None
    scale = box["width"] / 612  # points to screen pixels
    # From (70, 84) to (240, 102) in points: over the second line, "Jane Roe called the office".
    page.mouse.move(box["x"] + 70 * scale, box["y"] + 84 * scale)
    page.mouse.down()
    page.mouse.move(box["x"] + 160 * scale, box["y"] + 95 * scale, steps=5)
    page.mouse.move(box["x"] + 240 * scale, box["y"] + 102 * scale, steps=5)
    page.mouse.up()
    expect(page.get_by_label("Reason").first).to_be_focused()
    page.get_by_label("Reason").first.select_option("reporter_identity")
    page.get_by_role("button", name="Draw the box").click()
    expect(page.get_by_text("The box is drawn on page 1.")).to_be_visible()
    drawn = RedactionBox.objects.get(document=document)
    assert drawn.x0 == pytest.approx(70, abs=2) and drawn.y1 == pytest.approx(102, abs=2)
    expect(page.locator("rect.redaction-box")).to_have_count(1)
    assert_accessible(page)
