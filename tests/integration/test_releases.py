"""DCF-2131T and DCF-2131F releases: capture, lifecycle, signed scans, PDFs and the print queue."""

import datetime
import io
import re
import socket
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from forms_app import pdf, selectors, services
from forms_app.choices import ReleaseForm, ReleaseStatus, SignerKind
from forms_app.models import ReleaseAuthorization, ReleasePrint
from forms_app.uploads import MAX_SCAN_BYTES
from requests_app import pdf as shared_pdf
from requests_app.choices import RelationKind
from requests_app.models import ClientRelation
from requests_app.selectors.casework import releases_expiring
from requests_app.services.casework import assignment_create
from tests.factories import (
    CaseFactory,
    ClientFactory,
    DraftReleaseFactory,
    RelationFactory,
    ReleaseFactory,
    ReleasePrintFactory,
    StaffFactory,
    WorkUnitFactory,
)

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"0" * 64 + b"\n%%EOF\n"
DAY = datetime.timedelta(days=1)


def fresh(user):
    """guardian caches permissions on the user object: read it again."""
    return get_user_model().objects.get(pk=user.pk)


def upload(content: bytes = PNG, name: str = "scan.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded scans and stored PDFs go to a folder of the test's own."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def today():
    """The services are called with the real date here: marking ready stamps the real time."""
    return timezone.localdate()


@pytest.fixture
def unit():
    return WorkUnitFactory()


@pytest.fixture
def worker(unit):
    return StaffFactory(unit=unit, user__first_name="Maria", user__last_name="Lopez").user


@pytest.fixture
def child(worker):
    case = CaseFactory(clients=[ClientFactory(date_of_birth=datetime.date(2014, 3, 2))])
    assignment_create(case=case, staff=worker, starts_on=datetime.date(2025, 1, 1))
    return case.clients.get()


@pytest.fixture
def signed_in(client, worker, child):
    client.force_login(fresh(worker))
    return client


@pytest.fixture
def supervisor(unit):
    return StaffFactory(unit=unit, user__duties=["supervisor"]).user


def fields(today, **overrides):
    values = {
        "form": ReleaseForm.FROM_DCF,
        "counterparty_name": "Dr. Ana Ruiz",
        "counterparty_organization": "Hartford Pediatrics",
        "counterparty_address": "1 Main Street, Hartford, CT 06103",
        "categories": ["case_record", "medical"],
        "information_description": "Case plan and immunization record",
        "information_from": datetime.date(2024, 1, 1),
        "information_to": today,
        "purpose": "Coordinating the child's medical care",
        "effective_on": today,
        "expires_on": today + 180 * DAY,
        "expiry_event": "",
        "signer_kind": SignerKind.CLIENT,
        "signer_relation": None,
        "signer_relationship": "",
        "signer_authority": "",
    }
    return {**values, **overrides}


def edited(release, today, **overrides):
    """The release with the capture form's fields set as `fields` gives them (unsaved)."""
    signer = signer_for(release.client, today)
    for name, value in fields(today, **{**signer, **overrides}).items():
        setattr(release, name, value)
    return release


def mother_of(child):
    """The child's mother of record, who signs for a minor (§17a-28)."""
    relation, _ = ClientRelation.objects.get_or_create(
        client=child, kind=RelationKind.PARENT, full_name="Rosa Ruiz"
    )
    return relation


def signer_for(child, day):
    """The signer fields of a release for `child` on `day`: the client as an adult (the
    default), the mother for a minor."""
    if not child.is_minor_on(day):
        return {}
    return {
        "signer_kind": SignerKind.AUTHORIZED_REPRESENTATIVE,
        "signer_relation": mother_of(child),
        "signer_relationship": "Mother",
        "signer_authority": "Parent of a minor",
    }


def draft(worker, child, today, **overrides):
    return services.release_create(
        prepared_by=fresh(worker),
        draft=ReleaseAuthorization(
            client=child, **fields(today, **{**signer_for(child, today), **overrides})
        ),
        today=today,
    )


def signed(worker, child, today, scan=PNG, **overrides):
    release = draft(worker, child, today, **overrides)
    release = services.release_mark_ready(release=release, actor=fresh(worker), today=today)
    return services.release_sign(
        release=release,
        actor=fresh(worker),
        signed_on=today,
        scan=upload(scan),
        read_right_to_revoke=True,
        read_services_not_conditioned=True,
        read_redisclosure_warning=True,
        copy_given_to_signer=True,
        today=today,
    )


def form_data(today, signer=None, **overrides):
    """The capture form as posted; the client signs, or the relation `signer` as a parent."""
    if signer is not None:
        overrides = {
            "signer_kind": "authorized_representative",
            "signer_relation": str(signer.pk),
            "signer_relationship": "Mother",
            "signer_authority": "Parent of a minor",
            **overrides,
        }
    data = {
        "form": "DCF-2131F",
        "counterparty_name": "Dr. Ana Ruiz",
        "counterparty_organization": "Hartford Pediatrics",
        "counterparty_address": "1 Main Street, Hartford, CT 06103",
        "categories": ["case_record"],
        "information_description": "",
        "information_from": "",
        "information_to": "",
        "purpose": "Coordinating care",
        "effective_on": today.isoformat(),
        "expires_on": (today + 90 * DAY).isoformat(),
        "expiry_event": "",
        "signer_kind": "client",
        "signer_relation": "",
        "signer_relationship": "",
        "signer_authority": "",
    }
    return {**data, **overrides}


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# ---- capture ---------------------------------------------------------------------------------


def test_a_worker_prepares_a_draft_dcf_2131f(signed_in, child, worker, today):
    data = form_data(today, signer=mother_of(child))
    response = signed_in.post(reverse("forms:create", args=[child.pk]), data)
    release = ReleaseAuthorization.objects.get(client=child)
    assert response.status_code == 302
    assert response.url == reverse("forms:detail", args=[release.pk])
    assert release.status_on(today) == ReleaseStatus.DRAFT
    assert release.number == f"2131F-{today.year}-{release.pk:06d}"
    assert release.signer_name == "Rosa Ruiz"
    assert release.prepared_by == worker
    assert [e.kind for e in release.events.all()] == ["created"]


def test_capture_errors_name_the_field_and_keep_what_was_typed(signed_in, child, today):
    data = form_data(today, expires_on="", purpose="", categories=[])
    data["counterparty_name"] = "Bridges Counseling Center"
    response = signed_in.post(reverse("forms:create", args=[child.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter the expiry date." in page
    assert "Enter the purpose of the release." in page
    assert "Choose at least one category of information to be released." in page
    assert 'value="Bridges Counseling Center"' in page, "typed values are shown again"
    assert 'href="#id_expires_on">Expiry date</a>' in page, "the summary names the field"
    assert not ReleaseAuthorization.objects.exists()


def test_expiry_must_follow_the_effective_date_and_not_be_past(signed_in, child, today):
    url = reverse("forms:create", args=[child.pk])
    same_day = form_data(today, expires_on=today.isoformat())
    page = signed_in.post(url, same_day).content.decode()
    assert "The expiry date must be after the effective date." in page
    past = form_data(
        today, effective_on=(today - 30 * DAY).isoformat(), expires_on=(today - DAY).isoformat()
    )
    page = signed_in.post(url, past).content.decode()
    assert "The expiry date has already passed" in page
    assert not ReleaseAuthorization.objects.exists()


def test_a_bad_date_and_an_unordered_range_are_named(signed_in, child, today):
    data = form_data(
        today,
        effective_on="next tuesday",
        information_from="2026-05-01",
        information_to="2026-01-01",
    )
    page = signed_in.post(reverse("forms:create", args=[child.pk]), data).content.decode()
    assert "Enter the effective date as a date, for example 2026-06-15." in page
    assert "The end of the information date range is before its start." in page
    assert 'value="next tuesday"' in page


def test_hiv_related_information_needs_its_own_form(worker, child, today):
    with pytest.raises(ValidationError) as error:
        draft(worker, child, today, categories=["hiv_related"])
    assert "DCF-2134" in str(error.value.message_dict["categories"])


def test_other_information_must_be_described(signed_in, child, today):
    data = form_data(today, categories=["other"])
    page = signed_in.post(reverse("forms:create", args=[child.pk]), data).content.decode()
    assert "Describe the information when you choose the category Other." in page


def test_a_representative_needs_relationship_and_authority(signed_in, child, today):
    guardian = RelationFactory(client=child, kind=RelationKind.LEGAL_GUARDIAN)
    data = form_data(
        today, signer_kind="authorized_representative", signer_relation=str(guardian.pk)
    )
    page = signed_in.post(reverse("forms:create", args=[child.pk]), data).content.decode()
    assert "Enter the representative&#x27;s relationship to the client." in page
    assert "Enter the representative&#x27;s authority to act for the client" in page
    data = form_data(today, signer_kind="authorized_representative")
    page = signed_in.post(reverse("forms:create", args=[child.pk]), data).content.decode()
    assert "Choose the authorized representative of record who will sign." in page


def test_a_representative_of_record_signs_in_their_own_name(worker, child, today):
    guardian = RelationFactory(client=child, kind=RelationKind.LEGAL_GUARDIAN)
    release = draft(
        worker,
        child,
        today,
        signer_kind=SignerKind.AUTHORIZED_REPRESENTATIVE,
        signer_relation=guardian,
        signer_relationship="Aunt, legal guardian",
        signer_authority="Probate Court guardianship order 2025-PR-118",
    )
    assert release.signer_name == guardian.full_name


def test_a_parent_whose_rights_were_terminated_cannot_sign(signed_in, child, worker, today):
    parent = RelationFactory(client=child, full_name="Pat Parent", parental_rights_terminated=True)
    data = form_data(
        today,
        signer_kind="authorized_representative",
        signer_relation=str(parent.pk),
        signer_relationship="Father",
        signer_authority="Parent of a minor",
    )
    response = signed_in.post(reverse("forms:create", args=[child.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Pat Parent is a parent whose parental rights were terminated" in page
    assert "parental rights terminated: cannot sign" in page, "the choice says so up front"
    assert not ReleaseAuthorization.objects.exists()
    with pytest.raises(ValidationError):
        draft(
            worker,
            child,
            today,
            signer_kind=SignerKind.AUTHORIZED_REPRESENTATIVE,
            signer_relation=parent,
            signer_relationship="Father",
            signer_authority="Parent of a minor",
        )


def test_a_parent_whose_rights_are_terminated_after_capture_cannot_sign(worker, child, today):
    parent = RelationFactory(client=child, full_name="Pat Parent")
    release = draft(
        worker,
        child,
        today,
        signer_kind=SignerKind.AUTHORIZED_REPRESENTATIVE,
        signer_relation=parent,
        signer_relationship="Father",
        signer_authority="Parent of a minor",
    )
    release = services.release_mark_ready(release=release, actor=fresh(worker), today=today)
    parent.parental_rights_terminated = True
    parent.parental_rights_terminated_on = today
    parent.save()
    with pytest.raises(ValidationError, match="parental rights were terminated"):
        services.release_sign(
            release=release,
            actor=fresh(worker),
            signed_on=today,
            scan=upload(),
            read_right_to_revoke=True,
            read_services_not_conditioned=True,
            read_redisclosure_warning=True,
            copy_given_to_signer=False,
            today=today,
        )
    release.refresh_from_db()
    assert release.signed_on is None
    assert not release.signed_scan


def test_a_parent_cannot_sign_for_an_adult_client(worker, today):
    adult = ClientFactory(date_of_birth=datetime.date(1990, 1, 1))
    case = CaseFactory(clients=[adult])
    assignment_create(case=case, staff=worker, starts_on=datetime.date(2025, 1, 1))
    mother = RelationFactory(client=adult, kind=RelationKind.PARENT)
    with pytest.raises(ValidationError, match="The client is an adult"):
        draft(
            worker,
            adult,
            today,
            signer_kind=SignerKind.AUTHORIZED_REPRESENTATIVE,
            signer_relation=mother,
            signer_relationship="Mother",
            signer_authority="Parent",
        )


def test_only_staff_who_see_the_client_may_prepare_a_release(client, child, today):
    stranger = StaffFactory().user
    client.force_login(stranger)
    assert client.get(reverse("forms:create", args=[child.pk])).status_code == 404
    assert client.get(reverse("forms:list", args=[child.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        draft(stranger, child, today)


# ---- lifecycle -------------------------------------------------------------------------------


def test_the_lifecycle_from_draft_to_revoked(worker, child, today):
    release = draft(worker, child, today)
    assert release.status_on(today) == ReleaseStatus.DRAFT
    release = services.release_mark_ready(release=release, actor=fresh(worker), today=today)
    assert release.status_on(today) == ReleaseStatus.READY_FOR_SIGNATURE
    release = services.release_sign(
        release=release,
        actor=fresh(worker),
        signed_on=today,
        scan=upload(),
        read_right_to_revoke=True,
        read_services_not_conditioned=True,
        read_redisclosure_warning=True,
        copy_given_to_signer=True,
        today=today,
    )
    assert release.status_on(today) == ReleaseStatus.CURRENT
    assert release.status_on(release.expires_on + DAY) == ReleaseStatus.EXPIRED, "by date alone"
    release = services.release_revoke(
        release=release, actor=fresh(worker), revoked_on=today, received_how="mail", today=today
    )
    assert release.status_on(today) == ReleaseStatus.REVOKED
    assert release.revoked_recorded_by == worker
    assert release.get_revocation_received_how_display() == "Letter received by mail"
    assert [e.kind for e in release.events.all()] == [
        "created",
        "marked_ready",
        "signed",
        "revoked",
    ]


def test_signed_before_the_effective_date_is_signed_not_current(worker, child, today):
    release = signed(worker, child, today, effective_on=today + 10 * DAY)
    assert release.status_on(today) == ReleaseStatus.SIGNED
    assert release.status_on(today + 10 * DAY) == ReleaseStatus.CURRENT


def test_only_drafts_change_and_only_ready_forms_are_signed(signed_in, worker, child, today):
    release = draft(worker, child, today)
    with pytest.raises(ValidationError, match="not waiting for a signature"):
        services.release_sign(
            release=release,
            actor=fresh(worker),
            signed_on=today,
            scan=upload(),
            read_right_to_revoke=True,
            read_services_not_conditioned=True,
            read_redisclosure_warning=True,
            copy_given_to_signer=True,
            today=today,
        )
    release = services.release_mark_ready(release=release, actor=fresh(worker), today=today)
    with pytest.raises(ValidationError, match="Only a draft can be changed"):
        services.release_update(release=edited(release, today), actor=fresh(worker), today=today)
    response = signed_in.get(reverse("forms:update", args=[release.pk]), follow=True)
    assert "Only a draft can be changed" in response.content.decode()


def test_a_draft_is_changed_through_the_edit_page(signed_in, worker, child, today):
    release = draft(worker, child, today)
    url = reverse("forms:update", args=[release.pk])
    assert 'value="Dr. Ana Ruiz"' in signed_in.get(url).content.decode()
    data = form_data(today, signer=mother_of(child), counterparty_name="Dr. Lee Chen")
    response = signed_in.post(url, data)
    assert response.status_code == 302
    release.refresh_from_db()
    assert release.counterparty_name == "Dr. Lee Chen"
    assert release.events.last().kind == "updated"


def test_marking_ready_is_a_post_and_locks_the_draft(signed_in, worker, child, today):
    release = draft(worker, child, today)
    url = reverse("forms:mark_ready", args=[release.pk])
    assert signed_in.get(url).status_code == 405
    assert signed_in.post(url).status_code == 302
    release.refresh_from_db()
    assert release.ready_for_signature_at is not None
    page = signed_in.post(url, follow=True).content.decode()
    assert "already marked ready" in page


def test_a_form_printed_for_signature_returns_to_draft_with_a_reason(
    signed_in, worker, child, today
):
    release = services.release_mark_ready(
        release=draft(worker, child, today), actor=fresh(worker), today=today
    )
    detail = signed_in.get(reverse("forms:detail", args=[release.pk])).content.decode()
    url = reverse("forms:return_to_draft", args=[release.pk])
    assert url in detail
    assert "Return to draft" in signed_in.get(url).content.decode()

    page = signed_in.post(url, {"reason": "   "}).content.decode()
    assert "Say why the release goes back to draft." in page
    assert "Confirm that the printed copies will be destroyed." in page
    page = signed_in.post(url, {"reason": "Signer wants a later start date"}).content.decode()
    assert "Signer wants a later start date" in page, "what was typed is kept"
    release.refresh_from_db()
    assert release.is_awaiting_signature, "nothing changes until confirmed"

    reason = "Signer wants a later start date"
    response = signed_in.post(url, {"reason": reason, "confirm": "on"})
    assert response.status_code == 302
    release.refresh_from_db()
    assert release.is_draft
    event = release.events.last()
    assert (event.kind, event.detail, event.actor_id) == ("back_to_draft", reason, worker.pk)
    history = signed_in.get(reverse("forms:detail", args=[release.pk])).content.decode()
    assert "Returned to draft" in history and reason in history

    changed = services.release_update(
        release=edited(release, today, purpose="Changed"), actor=fresh(worker), today=today
    )
    assert changed.purpose == "Changed"


def test_only_a_form_awaiting_signature_returns_to_draft(signed_in, worker, child, today):
    release = draft(worker, child, today)
    with pytest.raises(ValidationError, match="printed for signature and not yet signed"):
        services.release_return_to_draft(release=release, actor=fresh(worker), reason="x")
    page = signed_in.get(
        reverse("forms:return_to_draft", args=[release.pk]), follow=True
    ).content.decode()
    assert "Only a release printed for signature can go back to draft." in page
    done = signed(worker, child, today)
    with pytest.raises(ValidationError, match="printed for signature and not yet signed"):
        services.release_return_to_draft(release=done, actor=fresh(worker), reason="x")


def test_another_worker_cannot_return_a_release_to_draft(client, worker, child, today):
    release = services.release_mark_ready(
        release=draft(worker, child, today), actor=fresh(worker), today=today
    )
    client.force_login(StaffFactory().user)
    url = reverse("forms:return_to_draft", args=[release.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "x", "confirm": "on"}).status_code == 404
    release.refresh_from_db()
    assert release.is_awaiting_signature


def test_recording_the_signature_needs_confirmation_and_the_statements(
    signed_in, worker, child, today
):
    release = draft(worker, child, today)
    services.release_mark_ready(release=release, actor=fresh(worker), today=today)
    url = reverse("forms:sign", args=[release.pk])
    data = {"signed_on": today.isoformat(), "scan": upload()}
    page = signed_in.post(url, data).content.decode()
    assert "Confirm the signature before recording it." in page
    assert "Confirm the signer was given the statement on the right to revoke." in page
    assert f'value="{today.isoformat()}"' in page
    release.refresh_from_db()
    assert release.signed_on is None
    data = {
        "signed_on": today.isoformat(),
        "scan": upload(PDF, "signed.pdf"),
        "read_right_to_revoke": "on",
        "read_services_not_conditioned": "on",
        "read_redisclosure_warning": "on",
        "confirm": "on",
    }
    assert signed_in.post(url, data).status_code == 302
    release.refresh_from_db()
    assert release.signed_on == today
    assert release.signed_scan_kind == "pdf"
    assert release.signed_scan.name.endswith(".pdf")
    assert release.copy_given_to_signer is False


def test_the_signature_date_is_not_in_the_future(worker, child, today):
    release = draft(worker, child, today)
    release = services.release_mark_ready(release=release, actor=fresh(worker), today=today)
    with pytest.raises(ValidationError) as error:
        services.release_sign(
            release=release,
            actor=fresh(worker),
            signed_on=today + DAY,
            scan=upload(),
            read_right_to_revoke=True,
            read_services_not_conditioned=True,
            read_redisclosure_warning=True,
            copy_given_to_signer=True,
            today=today,
        )
    assert error.value.message_dict["signed_on"] == ["The signature date cannot be in the future."]


def test_signing_tells_the_units_supervisors(worker, child, supervisor, today):
    other_unit_supervisor = StaffFactory(user__duties=["supervisor"]).user
    release = signed(worker, child, today)
    assert supervisor.notifications.filter(subject__contains=release.number).exists()
    assert not other_unit_supervisor.notifications.exists()


# ---- scan uploads ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "name", "kind"),
    [(PNG, "scan.png", "png"), (JPEG, "scan.jpeg", "jpeg"), (PDF, "scan.pdf", "pdf")],
    ids=["png", "jpeg", "pdf"],
)
def test_pdf_png_and_jpeg_scans_are_accepted(worker, child, today, content, name, kind):
    release = signed(worker, child, today, scan=content)
    assert release.signed_scan_kind == kind
    assert release.signed_scan.read() == content


def _ready(worker, child, today):
    release = draft(worker, child, today)
    return services.release_mark_ready(release=release, actor=fresh(worker), today=today)


def _sign_post(client, release, today, scan):
    data = {
        "signed_on": today.isoformat(),
        "scan": scan,
        "read_right_to_revoke": "on",
        "read_services_not_conditioned": "on",
        "read_redisclosure_warning": "on",
        "confirm": "on",
    }
    return client.post(reverse("forms:sign", args=[release.pk]), data)


def test_a_text_file_named_pdf_is_refused(signed_in, worker, child, today):
    release = _ready(worker, child, today)
    fake = SimpleUploadedFile("signed.pdf", b"Just some text.\n", content_type="application/pdf")
    response = _sign_post(signed_in, release, today, fake)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Signed scan: the file&#x27;s content is not a PDF, PNG or JPEG" in page
    release.refresh_from_db()
    assert release.signed_on is None


def test_a_scan_over_10_mb_is_refused(signed_in, worker, child, today):
    release = _ready(worker, child, today)
    big = upload(PNG + b"\x00" * (MAX_SCAN_BYTES + 1 - len(PNG)), "big.png")
    page = _sign_post(signed_in, release, today, big).content.decode()
    assert "Signed scan: the file is 10.0 MB; the limit is 10 MB." in page
    empty = SimpleUploadedFile("empty.png", b"")
    page = _sign_post(signed_in, release, today, empty).content.decode()
    assert "Signed scan: the file is empty." in page
    release.refresh_from_db()
    assert release.signed_on is None


def test_the_scan_is_stored_under_media_not_static_with_a_generated_name(
    worker, child, today, media_root
):
    release = signed(worker, child, today)
    stored = Path(release.signed_scan.path).resolve()
    assert stored.is_relative_to(media_root.resolve())
    assert not any(
        stored.is_relative_to(Path(d).resolve()) for d in django_settings.STATICFILES_DIRS
    )
    assert child.last_name.lower() not in release.signed_scan.name.lower()
    assert re.search(rf"release-{release.pk}-[0-9a-f]{{16}}\.png$", release.signed_scan.name)


def test_the_scan_is_served_only_to_permitted_users(client, worker, child, supervisor, today):
    release = signed(worker, child, today)
    url = reverse("forms:scan", args=[release.pk])
    assert client.get(url).status_code == 302, "anonymous users are sent to sign in"
    reviewer = StaffFactory(user__duties=["legal_affairs"]).user
    for allowed in (worker, reviewer, supervisor):
        client.force_login(fresh(allowed))
        response = client.get(url)
        assert response.status_code == 200, allowed
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["Content-Type"] == "image/png"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == PNG
    other_supervisor = StaffFactory(user__duties=["supervisor"]).user
    for refused in (StaffFactory().user, other_supervisor):
        client.force_login(fresh(refused))
        assert client.get(url).status_code == 404
        assert client.get(reverse("forms:detail", args=[release.pk])).status_code == 404
        assert client.get(reverse("forms:pdf", args=[release.pk])).status_code == 404
    media_url = f"{django_settings.MEDIA_URL}{release.signed_scan.name}"
    client.force_login(fresh(worker))
    assert client.get(media_url).status_code == 404, "MEDIA is never served directly"


def test_reviewers_read_any_release_but_do_not_change_it(client, worker, child, today):
    release = signed(worker, child, today)
    reviewer = StaffFactory(user__duties=["legal_affairs"]).user
    assert selectors.release_for_user(user=fresh(reviewer), pk=release.pk) == release
    client.force_login(fresh(reviewer))
    assert client.get(reverse("forms:detail", args=[release.pk])).status_code == 200
    assert client.get(reverse("forms:pdf", args=[release.pk])).status_code == 200
    assert client.get(reverse("forms:revoke", args=[release.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.release_revoke(
            release=release, actor=fresh(reviewer), revoked_on=today, received_how="mail"
        )


# ---- revocation ------------------------------------------------------------------------------


def test_revoking_needs_confirmation_and_records_who_and_how(signed_in, worker, child, today):
    release = signed(worker, child, today)
    url = reverse("forms:revoke", args=[release.pk])
    data = {"revoked_on": today.isoformat(), "revocation_received_how": "other"}
    page = signed_in.post(url, data).content.decode()
    assert "Confirm the revocation before recording it." in page
    page = signed_in.post(url, {**data, "confirm": "on"}).content.decode()
    assert "Describe how the written revocation was received." in page
    release.refresh_from_db()
    assert release.revoked_on is None
    data = {**data, "confirm": "on", "revocation_received_how": "hand_delivered"}
    assert signed_in.post(url, data).status_code == 302
    release.refresh_from_db()
    assert release.revoked_on == today
    assert release.revoked_recorded_by == worker
    assert release.revocation_received_how == "hand_delivered"
    page = signed_in.post(url, data, follow=True).content.decode()
    assert "already revoked" in page


def test_only_a_signed_release_is_revoked_and_not_before_its_signature(worker, child, today):
    release = draft(worker, child, today)
    with pytest.raises(ValidationError, match="Only a signed release"):
        services.release_revoke(
            release=release, actor=fresh(worker), revoked_on=today, received_how="mail"
        )
    release = signed(worker, child, today)
    with pytest.raises(ValidationError) as error:
        services.release_revoke(
            release=release, actor=fresh(worker), revoked_on=today - DAY, received_how="mail"
        )
    assert "before the release was signed" in str(error.value.message_dict["revoked_on"])


# ---- DCF-2131T: request for records from a provider -----------------------------------------


def test_a_2131t_is_sent_to_the_provider_and_the_records_come_back(signed_in, worker, child, today):
    release = signed(worker, child, today, form=ReleaseForm.TO_DCF)
    sent_url = reverse("forms:mark_sent", args=[release.pk])
    received_url = reverse("forms:records_received", args=[release.pk])
    page = signed_in.post(received_url, {"records_received_on": today.isoformat()}, follow=True)
    assert "Record when the request was sent" in page.content.decode()
    page = signed_in.post(sent_url, {"sent_to_provider_on": (today + DAY).isoformat()})
    assert "The date sent cannot be in the future." in page.content.decode()
    assert signed_in.post(sent_url, {"sent_to_provider_on": today.isoformat()}).status_code == 302
    assert (
        signed_in.post(received_url, {"records_received_on": today.isoformat()}).status_code == 302
    )
    release.refresh_from_db()
    assert (release.sent_to_provider_on, release.records_received_on) == (today, today)
    detail = signed_in.get(reverse("forms:detail", args=[release.pk])).content.decode()
    assert "Records received" in detail
    assert [e.kind for e in release.events.all()][-2:] == ["sent_to_provider", "records_received"]


def test_records_cannot_arrive_before_the_request_was_sent(worker, child, today):
    release = signed(worker, child, today, form=ReleaseForm.TO_DCF)
    release = services.release_mark_sent(release=release, actor=fresh(worker), sent_on=today)
    with pytest.raises(ValidationError) as error:
        services.release_records_received(
            release=release, actor=fresh(worker), received_on=today - DAY, today=today
        )
    assert "before the request was sent" in str(error.value.message_dict["records_received_on"])


def test_a_2131f_is_not_sent_to_a_provider(worker, child, today):
    release = signed(worker, child, today)
    with pytest.raises(ValidationError, match="Only a DCF-2131T"):
        services.release_mark_sent(release=release, actor=fresh(worker), sent_on=today)


# ---- PDFs ------------------------------------------------------------------------------------


def test_the_pdf_holds_every_element_of_the_form(signed_in, worker, child, today):
    release = draft(worker, child, today)
    response = signed_in.get(reverse("forms:pdf", args=[release.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"
    content = b"".join(response.streaming_content)
    text = squash(pdf_text(content))
    assert PdfReader(io.BytesIO(content)).pages[0].mediabox.width == 612, "US Letter"
    for expected in (
        "DCF-2131F",
        "Authorization for Release of Information from the Department of Children and Families",
        f"Client no. {child.client_number}",
        release.number,
        child.full_name,
        "Dr. Ana Ruiz",
        "Hartford Pediatrics",
        "Coordinating the child's medical care",
        "I may revoke this authorization at any time",
        "does not undo any disclosure",
        "DCF will not condition services",
        "may be redisclosed by the recipient",
        "Signature of the authorized representative",
        "Rosa Ruiz",
        "Page 1 of",
        "DRAFT: NOT FOR SIGNATURE",
    ):
        assert expected in text, expected


def test_the_pdf_embeds_its_fonts_subset_by_harfbuzz(worker, child, today, caplog):
    """bin/ensure-browser installs HarfBuzz's subsetter; without it WeasyPrint warns and falls back
    to fontTools, which takes two thirds of a render."""
    release = signed(worker, child, today)
    with caplog.at_level("WARNING", logger="weasyprint"):
        content = pdf.render_release(pdf.release_facts(release))
    assert not [r for r in caplog.records if "fontTools" in r.getMessage()], caplog.text
    fonts = {
        str(font["/BaseFont"])
        for page in PdfReader(io.BytesIO(content)).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all(re.fullmatch(r"/[A-Z]{6}\+.+", name) for name in fonts), fonts


def test_a_signed_2131t_pdf_shows_the_signing_details_and_direction(worker, child, today):
    release = signed(worker, child, today, form=ReleaseForm.TO_DCF)
    text = squash(pdf_text(services.release_pdf(release=release).read()))
    assert "DCF-2131T" in text
    assert "to the Department of Children and Families" in text
    assert f"Signed on {today:%B %-d, %Y}" in text
    assert "Signature of the client" not in text, "no blank signature line once signed"
    assert "DRAFT" not in text


def test_a_stored_pdf_is_served_again_until_the_release_changes(
    worker, child, today, monkeypatch, django_capture_on_commit_callbacks
):
    renders = []
    real_render = pdf.render_release
    monkeypatch.setattr(
        pdf, "render_release", lambda facts: renders.append(1) or real_render(facts)
    )
    release = draft(worker, child, today)
    first = services.release_pdf(release=release)
    first_name = first.name
    again = services.release_pdf(release=release)
    assert again.name == first_name
    assert len(renders) == 1, "the stored PDF is served again"
    release.refresh_from_db()
    assert release.rendered_pdf_fingerprint and release.rendered_pdf_at
    with django_capture_on_commit_callbacks(execute=True):
        release = services.release_update(
            release=edited(release, today, counterparty_name="Dr. Lee Chen"),
            actor=fresh(worker),
            today=today,
        )
        changed = services.release_pdf(release=release)
    assert len(renders) == 2, "a change renders afresh"
    assert changed.name != first_name
    assert "Dr. Lee Chen" in pdf_text(changed.read())
    assert not changed.storage.exists(first_name), "the stale PDF is deleted"


def test_rendering_fetches_nothing_remote(monkeypatch):
    calls = []
    real_fetch = shared_pdf.LocalOnlyFetcher.fetch

    def spy(self, url, headers=None):
        try:
            response = real_fetch(self, url, headers)
        except shared_pdf.RefusedURL:
            calls.append((url, "refused"))
            raise
        calls.append((url, "fetched"))
        return response

    def no_network(*args, **kwargs):
        raise AssertionError("rendering tried to open a network connection")

    monkeypatch.setattr(shared_pdf.LocalOnlyFetcher, "fetch", spy)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    pixel = (
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
        "+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    )
    html = (
        '<html><head><link rel="stylesheet" href="https://example.com/x.css"></head><body>'
        '<img src="http://example.com/x.png"><img src="file:///etc/passwd">'
        f'<img src="{pixel}"><p>Hello</p></body></html>'
    )
    content = shared_pdf.pdf_from_html(html)
    assert content.startswith(b"%PDF-")
    assert ("http://example.com/x.png", "refused") in calls
    assert ("https://example.com/x.css", "refused") in calls
    assert ("file:///etc/passwd", "refused") in calls
    assert (pixel, "fetched") in calls, "inline data: URLs are allowed"


def test_the_fetcher_allows_local_static_files_only(tmp_path):
    fetcher = shared_pdf.LocalOnlyFetcher()
    css = Path(django_settings.STATICFILES_DIRS[0]) / "css" / "portal.css"
    assert fetcher.fetch(css.resolve().as_uri()).read()
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    with pytest.raises(shared_pdf.RefusedURL):
        fetcher.fetch(outside.as_uri())
    with pytest.raises(shared_pdf.RefusedURL):
        fetcher.fetch(f"{css.resolve().as_uri()}/../../../../etc/passwd")


# ---- print queue -----------------------------------------------------------------------------


def test_the_print_queue_shows_only_the_supervisors_units_signed_forms_revoked_ones_flagged(
    client, worker, supervisor, unit
):
    colleague = StaffFactory(unit=unit).user
    mine = ReleaseFactory(prepared_by=worker)
    colleagues = ReleaseFactory(prepared_by=colleague)
    other_unit = ReleaseFactory(prepared_by=StaffFactory().user)
    unsigned = DraftReleaseFactory(prepared_by=worker)
    revoked = ReleaseFactory(
        prepared_by=worker,
        revoked_on=datetime.date(2026, 2, 1),
        revoked_recorded_by=worker,
        revocation_received_how="mail",
    )
    printed = ReleaseFactory(prepared_by=worker)
    ReleasePrintFactory(release=printed, batch__printed_by=supervisor)
    queue = list(selectors.print_queue(user=fresh(supervisor)))
    assert set(queue) == {mine, colleagues, revoked}
    client.force_login(fresh(supervisor))
    page = client.get(reverse("forms:print_queue")).content.decode()
    assert mine.number in page and colleagues.number in page
    assert revoked.number in page and "Revoked on Feb 1, 2026" in page
    for absent in (other_unit, unsigned, printed):
        assert absent.number not in page
    assert client.get(reverse("forms:detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("forms:detail", args=[other_unit.pk])).status_code == 404
    assert client.get(reverse("forms:detail", args=[unsigned.pk])).status_code == 404


def test_the_print_queue_is_for_supervisors_only(client, worker):
    client.force_login(fresh(worker))
    assert client.get(reverse("forms:print_queue")).status_code == 403
    assert not selectors.print_queue(user=fresh(worker)).exists()


def test_an_empty_print_queue_says_so(client, supervisor):
    client.force_login(fresh(supervisor))
    page = client.get(reverse("forms:print_queue")).content.decode()
    assert "No signed forms from your unit are waiting to be printed." in page


def test_printing_several_records_who_and_when_and_gives_one_pdf(client, worker, supervisor, today):
    # Current today: a form that is not current is printed only once the supervisor confirms.
    first, second = (ReleaseFactory(prepared_by=worker, effective_on=today) for _ in range(2))
    client.force_login(fresh(supervisor))
    before = timezone.now()
    response = client.post(reverse("forms:print_queue"), {"releases": [first.pk, second.pk]})
    assert response.status_code == 302
    prints = ReleasePrint.objects.filter(release__in=[first, second])
    assert prints.count() == 2
    assert {p.printed_by for p in prints} == {supervisor}
    assert all(before <= p.printed_at <= timezone.now() for p in prints)
    assert len({p.batch_id for p in prints}) == 1
    assert not selectors.print_queue(user=fresh(supervisor)).exists(), "printed forms leave"
    batch_page = client.get(response.url).content.decode()
    assert first.number in batch_page and second.number in batch_page
    batch = prints.first().batch
    pdf_response = client.get(reverse("forms:print_batch_pdf", args=[batch.pk]))
    assert pdf_response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(b"".join(pdf_response.streaming_content)))
    text = squash("\n".join(page.extract_text() for page in reader.pages))
    assert first.number in text and second.number in text
    assert text.count("Page 1 of") == 2, "each form keeps its own page numbers"
    again = client.post(reverse("forms:print_queue"), {"releases": [first.pk]})
    assert "no longer waiting to be printed" in again.content.decode()
    client.force_login(fresh(StaffFactory(user__duties=["supervisor"]).user))
    assert client.get(reverse("forms:print_batch", args=[batch.pk])).status_code == 404


def test_printing_nothing_is_refused_with_a_message(client, worker, supervisor):
    ReleaseFactory(prepared_by=worker)
    client.force_login(fresh(supervisor))
    page = client.post(reverse("forms:print_queue"), {}).content.decode()
    assert "Forms to print: select at least one form." in page
    assert not ReleasePrint.objects.exists()


def test_a_supervisor_cannot_print_another_units_form(client, supervisor):
    elsewhere = ReleaseFactory(prepared_by=StaffFactory().user)
    client.force_login(fresh(supervisor))
    response = client.post(reverse("forms:print_queue"), {"releases": [elsewhere.pk]})
    assert response.status_code == 200
    assert not ReleasePrint.objects.exists()


# ---- home, list, security --------------------------------------------------------------------


def test_releases_expiring_within_30_days_show_on_the_workers_home(signed_in, worker, child, today):
    soon = ReleaseFactory(
        client=child,
        prepared_by=worker,
        signed_on=today - DAY,
        expires_on=today + 10 * DAY,
        effective_on=today - DAY,
    )
    later = ReleaseFactory(
        client=child,
        prepared_by=worker,
        signed_on=today - DAY,
        expires_on=today + 45 * DAY,
        effective_on=today - DAY,
    )
    revoked = ReleaseFactory(
        client=child,
        prepared_by=worker,
        signed_on=today - DAY,
        expires_on=today + 5 * DAY,
        effective_on=today - DAY,
        revoked_on=today,
        revoked_recorded_by=worker,
        revocation_received_how="mail",
    )
    unsigned = DraftReleaseFactory(
        client=child, prepared_by=worker, expires_on=today + 5 * DAY, effective_on=today - DAY
    )
    theirs = ReleaseFactory(signed_on=today - DAY, expires_on=today + 3 * DAY)
    found = releases_expiring(user=fresh(worker), today=today)
    assert found == [soon]
    page = signed_in.get(reverse("home")).content.decode()
    assert "Releases expiring within 30 days" in page
    expiring = page.split('id="expiring-releases-heading"', 1)[1].split("</section>", 1)[0]
    assert soon.number in expiring and "in 10 days" in expiring
    for absent in (later, revoked, unsigned, theirs):
        assert absent.number not in expiring
    assert theirs.number not in page


def test_the_release_list_is_paginated_with_an_empty_state(signed_in, worker, child):
    url = reverse("forms:list", args=[child.pk])
    assert "No releases are recorded for this client yet." in signed_in.get(url).content.decode()
    for _ in range(selectors.PAGE_SIZE + 1):
        ReleaseFactory(client=child, prepared_by=worker)
    page = signed_in.get(url).content.decode()
    assert "Page 1 of 2" in page
    assert page.count('href="/releases/') >= selectors.PAGE_SIZE
    assert "Page 2 of 2" in signed_in.get(url + "?page=2").content.decode()


def test_the_client_page_links_to_the_clients_releases(signed_in, child):
    page = signed_in.get(reverse("requests:client_detail", args=[child.pk])).content.decode()
    assert reverse("forms:list", args=[child.pk]) in page
    assert reverse("forms:create", args=[child.pk]) in page


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_release_list_costs_the_same_queries_whatever_its_size(signed_in, worker, child):
    url = reverse("forms:list", args=[child.pk])
    counts = []
    for size in (3, 12):
        while ReleaseAuthorization.objects.filter(client=child).count() < size:
            ReleaseFactory(client=child, prepared_by=StaffFactory().user)
        counts.append(_count_queries(signed_in, url))
    assert counts[0] == counts[1]


def test_the_print_queue_costs_the_same_queries_whatever_its_size(client, supervisor, unit):
    client.force_login(fresh(supervisor))
    url = reverse("forms:print_queue")
    counts = []
    for size in (2, 9):
        while selectors.print_queue(user=fresh(supervisor)).count() < size:
            ReleaseFactory(prepared_by=StaffFactory(unit=unit).user)
        counts.append(_count_queries(client, url))
    assert counts[0] == counts[1]


def test_every_post_form_carries_a_csrf_token(worker, child, today):
    strict = HttpClient(enforce_csrf_checks=True)
    strict.force_login(fresh(worker))
    url = reverse("forms:create", args=[child.pk])
    assert strict.post(url, form_data(today)).status_code == 403
    assert "csrfmiddlewaretoken" in strict.get(url).content.decode()


def test_release_pages_have_no_inline_scripts_or_styles():
    """A strict Content-Security-Policy must not break these pages."""
    folder = Path(django_settings.BASE_DIR) / "templates" / "forms_app"
    for template in folder.glob("*.html"):
        source = template.read_text()
        assert "<script" not in source, template.name
        assert "style=" not in source, template.name


def test_urls_carry_ids_not_names(worker, child, today):
    release = signed(worker, child, today)
    for name in ("detail", "pdf", "scan", "sign", "revoke"):
        assert re.fullmatch(r"/releases/\d+/[a-z/]*", reverse(f"forms:{name}", args=[release.pk]))
