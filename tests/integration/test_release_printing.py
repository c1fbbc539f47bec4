"""Printing releases: the supervisor's print queue flags forms that are not current and prints
them only when confirmed, has "Select all", names every release in one format, and a release's
history says "printed" when a PDF of it is produced."""

import datetime
import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from forms_app import services
from forms_app.choices import ReleaseEventKind, ReleaseForm, SignerKind
from forms_app.models import ReleaseAuthorization, ReleasePrint, release_reference
from requests_app.models.authority import release_in_words
from requests_app.services.casework import assignment_create
from tests.factories import (
    CaseFactory,
    ClientFactory,
    ReleaseFactory,
    StaffFactory,
    WorkUnitFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def fresh(user):
    """guardian caches permissions on the user object: read it again."""
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def today():
    """Services stamp the real time here, so the real date."""
    return timezone.localdate()


@pytest.fixture
def unit():
    return WorkUnitFactory()


@pytest.fixture
def worker(unit):
    return StaffFactory(unit=unit).user


@pytest.fixture
def supervisor(unit):
    return StaffFactory(unit=unit, user__duties=["supervisor"]).user


@pytest.fixture
def child(worker):
    """A client who is an adult, so signs their own releases."""
    case = CaseFactory(clients=[ClientFactory(date_of_birth=datetime.date(2000, 3, 2))])
    assignment_create(case=case, staff=worker, starts_on=datetime.date(2025, 1, 1))
    return case.clients.get()


@pytest.fixture
def queue(worker, today):
    """One form of each kind in the unit's print queue."""
    return {
        "current": ReleaseFactory(
            prepared_by=worker, effective_on=today - 30 * DAY, expires_on=today + 90 * DAY
        ),
        "expired": ReleaseFactory(
            prepared_by=worker, effective_on=today - 200 * DAY, expires_on=today - DAY
        ),
        "revoked": ReleaseFactory(
            prepared_by=worker,
            effective_on=today - 30 * DAY,
            expires_on=today + 90 * DAY,
            signed_on=today - 30 * DAY,
            revoked_on=today - 2 * DAY,
            revoked_recorded_by=worker,
            revocation_received_how="mail",
        ),
        "future": ReleaseFactory(
            prepared_by=worker,
            signed_on=today,
            effective_on=today + 10 * DAY,
            expires_on=today + 90 * DAY,
        ),
    }


def post(client, data):
    return client.post(reverse("forms:print_queue"), data)


# ---- flags and confirmation ------------------------------------------------------------------


def test_the_print_queue_flags_revoked_expired_and_not_yet_effective_forms(
    client, supervisor, queue, today
):
    client.force_login(fresh(supervisor))
    page = client.get(reverse("forms:print_queue")).content.decode()
    for release in queue.values():
        assert release.reference in page
    assert f"Revoked on {queue['revoked'].revoked_on:%b %-d, %Y}" in page
    assert f"covered disclosures until {queue['expired'].expires_on:%b %-d, %Y}" in page
    assert f"takes effect on {queue['future'].effective_on:%b %-d, %Y}" in page
    assert page.count('class="flagged"') == 3


def test_a_batch_with_flagged_forms_is_printed_only_once_the_supervisor_confirms(
    client, supervisor, queue
):
    client.force_login(fresh(supervisor))
    everything = [release.pk for release in queue.values()]
    page = post(client, {"releases": everything}).content.decode()
    assert not ReleasePrint.objects.exists(), "nothing printed before the confirmation"
    assert "3 of the selected forms are revoked, expired or not yet in effect" in page
    assert "Confirm: 3 selected forms are not current" in page
    assert "Leave them out and print the others" in page and "Print them too" in page

    response = post(client, {"releases": everything, "flagged": "leave_out"})
    assert response.status_code == 302
    assert set(ReleasePrint.objects.values_list("release", flat=True)) == {queue["current"].pk}
    left = [queue[k].pk for k in ("expired", "revoked", "future")]
    page = client.get(reverse("forms:print_queue")).content.decode()
    assert all(queue[k].reference in page for k in ("expired", "revoked", "future"))

    response = post(client, {"releases": left, "flagged": "include"})
    assert response.status_code == 302
    assert ReleasePrint.objects.count() == 4


def test_leaving_out_every_selected_form_prints_nothing(client, supervisor, queue):
    client.force_login(fresh(supervisor))
    page = post(client, {"releases": [queue["expired"].pk], "flagged": "leave_out"})
    assert "every selected form was left out" in page.content.decode()
    assert not ReleasePrint.objects.exists()


def test_current_forms_print_without_a_confirmation(client, supervisor, queue):
    client.force_login(fresh(supervisor))
    assert post(client, {"releases": [queue["current"].pk]}).status_code == 302
    assert ReleasePrint.objects.get().release == queue["current"]


def test_the_print_service_refuses_flagged_forms_unless_confirmed(supervisor, queue, today):
    with pytest.raises(ValidationError, match="confirm printing forms that are not current"):
        services.releases_print(
            printed_by=fresh(supervisor), releases=[queue["expired"]], today=today
        )
    assert not ReleasePrint.objects.exists()
    services.releases_print(
        printed_by=fresh(supervisor), releases=[queue["expired"]], include_flagged=True, today=today
    )
    assert ReleasePrint.objects.get().release == queue["expired"]


def test_select_all_ticks_every_form_on_the_page_without_javascript(client, supervisor, queue):
    client.force_login(fresh(supervisor))
    page = post(client, {"select_all": "1"}).content.decode()
    assert not ReleasePrint.objects.exists()
    assert page.count(" checked>") == len(queue)
    assert 'data-select-all="releases"' in page


# ---- "printed" on the release's history ------------------------------------------------------


def prepared(worker, child, today) -> ReleaseAuthorization:
    return services.release_create(
        prepared_by=fresh(worker),
        draft=ReleaseAuthorization(
            client=child,
            form=ReleaseForm.FROM_DCF,
            counterparty_name="Dr. Ana Ruiz",
            counterparty_address="1 Main Street, Hartford, CT 06103",
            categories=["case_record"],
            purpose="Coordinating care",
            effective_on=today,
            expires_on=today + 90 * DAY,
            signer_kind=SignerKind.CLIENT,
        ),
        today=today,
    )


def printed_events(release):
    return list(release.events.filter(kind=ReleaseEventKind.PRINTED).order_by("pk"))


def test_printed_is_recorded_when_a_pdf_is_produced_not_when_marked_ready(
    client, worker, child, supervisor, today
):
    release = prepared(worker, child, today)
    release = services.release_mark_ready(release=release, actor=fresh(worker), today=today)
    assert printed_events(release) == [], "marking ready prints nothing"
    marked = release.events.get(kind=ReleaseEventKind.MARKED_READY)
    assert marked.get_kind_display() == "Marked ready for signature"

    client.force_login(fresh(worker))
    response = client.get(reverse("forms:pdf", args=[release.pk]))
    assert response["Content-Type"] == "application/pdf"
    (event,) = printed_events(release)
    assert (event.actor, event.get_kind_display(), event.detail) == (
        worker,
        "Printed",
        "copy for signature",
    )
    page = client.get(reverse("forms:detail", args=[release.pk])).content.decode()
    assert "Printed" in page and "copy for signature" in page

    release = services.release_sign(
        release=release,
        actor=fresh(worker),
        signed_on=today,
        scan=SimpleUploadedFile("scan.png", PNG),
        read_right_to_revoke=True,
        read_services_not_conditioned=True,
        read_redisclosure_warning=True,
        copy_given_to_signer=True,
        today=today,
    )
    batch = services.releases_print(printed_by=fresh(supervisor), releases=[release], today=today)
    assert len(printed_events(release)) == 1, "putting a form in a print is not printing it"
    client.force_login(fresh(supervisor))
    client.get(reverse("forms:print_batch_pdf", args=[batch.pk]))
    last = printed_events(release)[-1]
    assert last.actor == supervisor
    assert last.detail == f"signed copy, print {batch.pk} from the print queue"


def test_a_flagged_form_printed_anyway_says_so_on_its_history(client, supervisor, queue, today):
    batch = services.releases_print(
        printed_by=fresh(supervisor), releases=[queue["revoked"]], include_flagged=True, today=today
    )
    client.force_login(fresh(supervisor))
    client.get(reverse("forms:print_batch_pdf", args=[batch.pk]))
    (event,) = printed_events(queue["revoked"])
    assert event.detail.endswith(f"revoked on {queue['revoked'].revoked_on:%b %-d, %Y}")


# ---- one reference format --------------------------------------------------------------------


def test_a_release_reference_has_one_format_everywhere(client, worker, child, supervisor, today):
    release = ReleaseFactory(
        client=child,
        prepared_by=worker,
        signed_on=today,
        effective_on=today,
        expires_on=today + 20 * DAY,
        number="2131F-2026-000123",
    )
    reference = "DCF-2131F 2131F-2026-000123"
    assert release_reference(release.form, release.number) == release.reference == reference
    assert str(release) == reference
    assert release_in_words(release).startswith(f"{reference} to Hartford Pediatrics")
    client.force_login(fresh(worker))
    for url in (
        reverse("forms:list", args=[child.pk]),
        reverse("forms:detail", args=[release.pk]),
        reverse("home"),  # the releases expiring within 30 days
        reverse("requests:new", args=[child.pk]),  # the release dropdown
    ):
        assert reference in client.get(url).content.decode(), url
    response = client.get(reverse("forms:pdf", args=[release.pk]))
    assert f"{reference.replace(' ', '-')}.pdf" in response["Content-Disposition"]
    content = b"".join(response.streaming_content)
    text = " ".join(
        "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split()
    )
    assert f"Form reference {reference}" in text and f"Reference {reference}." in text
    client.force_login(fresh(supervisor))
    assert reference in client.get(reverse("forms:print_queue")).content.decode()
