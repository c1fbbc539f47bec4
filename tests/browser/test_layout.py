"""The layout on a phone and a desktop: the header in one row whatever the user's duties, its
menu on a narrow screen, a long word that wraps, and radio buttons and checkboxes big enough to
hit."""

import datetime

import pytest
from playwright.sync_api import expect

from requests_app.models.limits import LONG
from requests_app.services.casework import assignment_create
from tests.browser.pages import go_to
from tests.factories import CaseFactory, StaffFactory, submitted_request

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 800}


def primary_rows(page) -> int:
    """How many rows the header's main navigation takes."""
    return page.evaluate(
        "new Set(Array.from(document.querySelectorAll('.usa-nav__primary > li'),"
        " li => li.getBoundingClientRect().top)).size"
    )


def test_the_header_is_one_row_for_every_duty_at_once(page, live_server, sign_in_as):
    everything = StaffFactory(
        disclosure_role="other_dcf_staff",
        user__duties=["legal_affairs", "agency_legal_director", "supervisor"],
        user__is_staff=True,
    ).user
    sign_in_as(everything)
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/")
    assert primary_rows(page) == 1
    for menu in ("Legal Affairs", "Loss or breach"):
        expect(page.get_by_role("button", name=menu)).to_be_visible()
    expect(page.get_by_role("link", name="Print queue")).to_be_visible()
    expect(page.get_by_role("link", name="Administration")).to_be_visible()


def test_on_a_phone_every_link_is_in_the_menu(page, live_server, sign_in_as):
    legal = StaffFactory(disclosure_role="other_dcf_staff", user__duties=["legal_affairs"]).user
    sign_in_as(legal)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("link", name="Review queue")).to_be_hidden()
    go_to(page, "Legal Affairs", "Review queue")
    expect(page.get_by_role("heading", name="Legal Affairs review queue")).to_be_visible()
    page.goto(f"{live_server.url}/")
    go_to(page, "Loss or breach", "Report a loss or breach")
    expect(page.get_by_role("heading", name="Report a loss or breach")).to_be_visible()


def test_a_long_word_wraps_inside_the_page(page, live_server, sign_in_as):
    worker = StaffFactory().user
    case = CaseFactory()
    assignment_create(case=case, staff=worker, starts_on=datetime.date(2025, 1, 1))
    word = "x" * LONG
    request = submitted_request(worker, case, purpose=word, information_description=word)
    sign_in_as(worker)
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        page.goto(f"{live_server.url}/requests/{request.pk}/")
        size = page.evaluate(
            "({scroll: document.documentElement.scrollWidth, inner: window.innerWidth,"
            " height: document.documentElement.scrollHeight})"
        )
        assert size["scroll"] <= size["inner"], viewport
        # Two 4,000-character words, wrapped at the width of the page: a few screens, not the
        # hundreds a word broken one character a line would take.
        assert size["height"] < 12_000, (viewport, size)


def test_radio_buttons_and_checkboxes_are_big_enough_to_hit(page, live_server, sign_in_as):
    worker = StaffFactory().user
    case = CaseFactory()
    assignment_create(case=case, staff=worker, starts_on=datetime.date(2025, 1, 1))
    sign_in_as(worker)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/requests/new/{case.clients.get().pk}/")
    for label in ("The client", "Case record"):
        control = page.get_by_label(label, exact=True)
        box = control.bounding_box()
        assert box is not None and box["height"] >= 40 and box["width"] >= 280, (label, box)
        drawn = control.evaluate(
            "input => parseFloat(getComputedStyle(input.labels[0], '::before').width)"
        )
        assert drawn >= 20, (label, drawn)
