"""A long unbroken word (a pasted link, a file name, a typing slip) wraps inside the page of
every printed form: the DCF-2131F and DCF-2131T releases, the accounting of disclosures and the
loss report. Each free-text field is filled with one word as long as the field allows."""

import datetime

import pytest
from django.utils import timezone

from forms_app.pdf import release_facts, release_html
from requests_app.services.casework import assignment_create
from requests_app.services.requests import disclosure_record
from requests_app.views.accounting import accounting_html
from requests_app.views.incidents import loss_report_html
from tests.factories import (
    CaseFactory,
    LossReportFactory,
    ReleaseFactory,
    StaffFactory,
    submitted_request,
)
from tests.pdf_layout import text_off_the_page

pytestmark = pytest.mark.django_db


def word(length: int) -> str:
    """One word of wide letters, `length` characters long."""
    return ("WM" * length)[:length]


@pytest.mark.parametrize("form", ["DCF-2131F", "DCF-2131T"])
@pytest.mark.parametrize("signed", [True, False], ids=["signed", "for signature"])
def test_a_long_word_wraps_inside_a_release(form, signed):
    release = ReleaseFactory(
        form=form,
        counterparty_name=word(200),
        counterparty_organization=word(200),
        counterparty_address=word(500),
        information_description=word(2000),
        purpose=word(4000),
        expiry_event=word(200),
        signer_name=word(200),
        **({} if signed else {"signed_on": None}),
    )
    html = release_html(release_facts(release))
    assert word(200) in html
    assert text_off_the_page(html) == []


def test_a_ten_thousand_character_word_wraps_inside_a_release():
    """Longer than any field keeps: the page still holds it (the purpose, on the form)."""
    facts = release_facts(ReleaseFactory())
    facts["purpose"] = word(10_000)
    html = release_html(facts)
    assert word(10_000) in html
    assert text_off_the_page(html) == []


def test_a_long_word_wraps_inside_the_accounting_of_disclosures():
    worker = StaffFactory().user
    case = CaseFactory()
    assignment_create(case=case, staff=worker, starts_on=datetime.date(2025, 1, 1))
    request = submitted_request(worker, case, media=["email"], mode="verbal", purpose=word(4000))
    disclosure_record(
        request=request,
        user=worker,
        disclosed_on=timezone.localdate(),
        mode="verbal",
        media=["email"],
        information_disclosed=word(4000),
        recipient=word(400),
    )
    html = accounting_html(client=request.client, user=worker, now=timezone.now())
    assert word(400) in html
    assert text_off_the_page(html) == []


def test_a_long_word_wraps_inside_the_loss_report():
    loss = LossReportFactory(
        description=word(4000),
        location=word(300),
        circumstances=word(4000),
        security_notes=word(2000),
        steps_taken=word(4000),
        prevention_steps=word(2000),
        delay_reason=word(2000),
        asset_tag=word(60),
        contact_phone=word(40),
    )
    html = loss_report_html(incident=loss, now=timezone.now())
    assert word(300) in html
    assert text_off_the_page(html) == []


def test_ordinary_text_is_never_found_off_the_page():
    """The check itself: text that fits is not reported, text that does not is."""
    fits = "<p>An ordinary sentence.</p>"
    assert text_off_the_page(fits) == []
    [off] = text_off_the_page(f"<p>{word(300)}</p>")
    assert off.startswith("page 1: 'WMWM")
