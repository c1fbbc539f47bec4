"""Every moment a person reads, on a page, in a PDF or in an email, is written one way, in the
agency's time zone and naming it: "Dec 1, 2026, 10:30 PM EST" (`requests_app.dates`)."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from requests_app.models import Notification, OutboundEmail
from requests_app.services import incidents as services
from tests.integration import test_incidents

pytestmark = pytest.mark.django_db

#: The people of the incident tests: a unit with a supervisor and a worker, and the others.
people = test_incidents.people

#: 3:30 AM UTC on December 2 is still December 1 in Connecticut.
LATE_EVENING = datetime.datetime(2026, 12, 2, 3, 30, tzinfo=datetime.UTC)
#: A summer afternoon, in daylight time.
SUMMER = datetime.datetime(2026, 6, 15, 17, 5, tzinfo=datetime.UTC)


def pdf_text(response) -> str:
    content = b"".join(response.streaming_content)
    pages = PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


@pytest.mark.parametrize(
    ("now", "reported", "discovered"),
    [
        pytest.param(
            LATE_EVENING,
            "Dec 1, 2026, 10:30 PM EST",
            "Dec 1, 2026, 9:30 PM EST",
            id="standard time, a UTC time past midnight",
        ),
        pytest.param(
            SUMMER, "Jun 15, 2026, 1:05 PM EDT", "Jun 15, 2026, 12:05 PM EDT", id="daylight time"
        ),
    ],
)
def test_a_loss_reports_moments_read_the_same_in_the_email_the_page_and_the_pdf(
    client, people, now, reported, discovered
):
    loss = test_incidents.report_loss(people, now=now)
    email = OutboundEmail.objects.get(to=[people.supervisor.email])
    note = Notification.objects.get(user=people.supervisor)
    for body in (email.body, note.body):
        assert f"on {reported}" in body and f"discovered {discovered}" in body

    client.force_login(people.worker)
    page = client.get(reverse("requests:incident_detail", args=[loss.pk])).content.decode()
    assert f"<dt>Reported</dt><dd>{reported} by" in page
    assert f"<dt>Discovered</dt><dd>{discovered}</dd>" in page

    text = pdf_text(client.get(reverse("requests:incident_pdf", args=[loss.pk])))
    assert f"Date reported {reported}" in text
    assert f"Date of discovery {discovered}" in text


def test_an_acknowledgement_reads_with_its_zone_in_the_reporters_notice_and_the_timeline(
    client, people
):
    loss = test_incidents.report_loss(people, now=LATE_EVENING)
    services.incident_acknowledge(
        incident=loss, by=people.supervisor, now=LATE_EVENING + datetime.timedelta(minutes=20)
    )
    notice = Notification.objects.filter(user=people.worker).latest("id")
    assert "Dec 1, 2026, 10:50 PM EST" in notice.body
    client.force_login(people.worker)
    page = client.get(reverse("requests:incident_detail", args=[loss.pk])).content.decode()
    assert "<td>Dec 1, 2026, 10:50 PM EST</td>" in page
