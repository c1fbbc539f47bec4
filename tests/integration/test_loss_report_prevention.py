"""A loss is reported at once, so the steps to prevent it happening again are optional when it
is reported: the page, the printed report and the supervisor's close say what is missing, and
the supervisor may record the steps when closing the report."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from requests_app.models import Incident
from requests_app.services import incidents as services
from tests.integration import test_incidents

pytestmark = pytest.mark.django_db

#: The people of the incident tests: a unit with a supervisor and a worker, and the others.
people = test_incidents.people

NOT_YET = "Not given yet: they can be recorded when the report is closed."


def pdf_text(response) -> str:
    content = b"".join(response.streaming_content)
    return " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages
    )


def test_a_loss_report_without_steps_to_prevent_it_is_accepted(client, people):
    data = test_incidents.loss_post(people)
    del data["prevention_steps"]
    client.force_login(people.worker)
    form = client.get(reverse("requests:incident_new_loss")).content.decode()
    assert "Steps to prevent it happening again <span" in form  # marked optional
    response = client.post(reverse("requests:incident_new_loss"), data)
    assert response.status_code == 302, response.content.decode()
    loss = Incident.objects.get(reporter=people.worker)
    assert loss.prevention_steps == ""

    page = client.get(reverse("requests:incident_detail", args=[loss.pk])).content.decode()
    assert f'<dt>Steps to prevent recurrence</dt><dd class="multiline">{NOT_YET}</dd>' in page
    text = pdf_text(client.get(reverse("requests:incident_pdf", args=[loss.pk])))
    assert f"Steps to prevent recurrence {NOT_YET}" in text


def test_steps_given_when_reporting_are_shown_and_kept_at_closing(client, people):
    loss = test_incidents.report_loss(people, prevention_steps="No devices left in cars")
    services.incident_acknowledge(incident=loss, by=people.supervisor)
    client.force_login(people.supervisor)
    page = client.get(reverse("requests:incident_detail", args=[loss.pk])).content.decode()
    assert "No devices left in cars</dd>" in page
    assert 'name="close-prevention_steps"' not in page, "nothing to ask: they were given"
    services.incident_close(
        incident=loss, by=people.supervisor, note="Laptop wiped", prevention_steps="Other steps"
    )
    assert Incident.objects.get(pk=loss.pk).prevention_steps == "No devices left in cars"


def test_the_supervisor_records_the_missing_steps_when_closing(client, people):
    loss = test_incidents.report_loss(people, prevention_steps="")
    services.incident_acknowledge(incident=loss, by=people.supervisor)
    client.force_login(people.supervisor)
    page = client.get(reverse("requests:incident_detail", args=[loss.pk])).content.decode()
    assert 'name="close-prevention_steps"' in page
    response = client.post(
        reverse("requests:incident_close", args=[loss.pk]),
        {
            "close-note": "Laptop remotely wiped",
            "close-prevention_steps": "  Laptops go home in a locked case  ",
            "close-confirm": "on",
        },
    )
    assert response.status_code == 302
    loss.refresh_from_db()
    assert loss.closed_at is not None
    assert loss.prevention_steps == "Laptops go home in a locked case"
    page = client.get(reverse("requests:incident_detail", args=[loss.pk])).content.decode()
    assert "Laptops go home in a locked case</dd>" in page


def test_a_report_closed_without_the_steps_says_none_were_recorded(client, people):
    loss = test_incidents.report_loss(people, prevention_steps="")
    services.incident_acknowledge(incident=loss, by=people.supervisor)
    services.incident_close(incident=loss, by=people.supervisor, note="Found in the office")
    client.force_login(people.worker)
    page = client.get(reverse("requests:incident_detail", args=[loss.pk])).content.decode()
    assert '<dt>Steps to prevent recurrence</dt><dd class="multiline">None recorded</dd>' in page
    text = pdf_text(client.get(reverse("requests:incident_pdf", args=[loss.pk])))
    assert "Steps to prevent recurrence None recorded" in text


def test_a_breach_report_is_closed_without_the_question(client, people):
    breach = test_incidents.report_breach(people)
    services.incident_acknowledge(incident=breach, by=people.director)
    services.incident_notify_leadership(incident=breach, by=people.director)
    client.force_login(people.director)
    page = client.get(reverse("requests:incident_detail", args=[breach.pk])).content.decode()
    assert 'name="close-note"' in page
    assert 'name="close-prevention_steps"' not in page
