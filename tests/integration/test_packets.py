"""The disclosure packet: cover letter, records with their boxes burned in, redaction log, each
page stamped; proven before release, refused with what failed."""

import datetime
import io
import subprocess

import pikepdf
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader

from requests_app.models import PacketStatus
from requests_app.selectors.documents import packet_is_current
from requests_app.services import packets
from requests_app.services.casework import assignment_create
from requests_app.services.documents import boxes_add, document_attach, text_matches
from requests_app.services.packets import packet_start
from requests_app.tasks import build_packet
from tests.factories import CaseFactory, StaffFactory, submitted_request, text_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def worker():
    return StaffFactory().user


def permitted_with_record(worker, **fields):
    case = CaseFactory()
    assignment_create(case=case, staff=worker, starts_on=datetime.date(2025, 1, 1))
    request = submitted_request(worker, case, **fields)
    document = document_attach(
        request=request,
        user=worker,
        name="report.pdf",
        data=text_pdf(["School report", "Sibling: Sam Roe, grade 4"]),
    )
    return request, document


def texts(pdf: bytes) -> tuple[str, str]:
    """The packet's text by pypdf and by poppler's pdftotext."""
    by_pypdf = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    by_poppler = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return by_pypdf, by_poppler


def build(request, worker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        packet = packet_start(request=request, user=worker)
    assert len(queued) == 1 and packet.status == PacketStatus.BUILDING
    build_packet.call(packet.pk)
    packet.refresh_from_db()
    return packet


def test_a_packet_is_built_stamped_and_proven(worker, django_capture_on_commit_callbacks):
    request, document = permitted_with_record(worker)
    boxes_add(
        document=document, user=worker, boxes=text_matches(document, "Sam Roe", "other_people")
    )
    packet = build(request, worker, django_capture_on_commit_callbacks)
    assert packet.status == PacketStatus.VERIFIED, packet.problems
    pdf = packet.file.open("rb").read()
    assert packet.page_count == 3 and packet.redaction_count == 1
    import hashlib

    assert packet.sha256 == hashlib.sha256(pdf).hexdigest()
    for text in texts(pdf):
        assert "Sam Roe" not in text and "Sam" not in text.split()
        assert f"Disclosure of confidential information: {request.reference}" in " ".join(
            text.split()
        )
        assert f"{request.reference}-0003" in text and "page 3 of 3" in text
        assert "Redaction log" in text
    with pikepdf.open(io.BytesIO(pdf)) as opened:
        assert "/Info" not in opened.trailer
        assert all(float(p.mediabox[1]) == -packets.STAMP_HEIGHT for p in opened.pages)
    assert packet_is_current(packet, request)
    boxes_add(document=document, user=worker, boxes=text_matches(document, "School", "other"))
    assert not packet_is_current(packet, request)  # a box drawn since: rebuild


def test_the_statutes_notices_go_with_hiv_and_substance_use_information(
    worker, django_capture_on_commit_callbacks
):
    request, _ = permitted_with_record(worker, categories=["case_record"])
    packet = build(request, worker, django_capture_on_commit_callbacks)
    plain = " ".join(texts(packet.file.open("rb").read())[0].split())
    assert "do not redisclose" in plain.lower() and "19a-585" not in plain and "42 CFR" not in plain
    request.categories = ["hiv_related", "substance_use"]
    request.save(update_fields=["categories"])
    packet = build(request, worker, django_capture_on_commit_callbacks)
    plain = " ".join(texts(packet.file.open("rb").read())[0].split())
    assert "19a-585" in plain and "42 CFR part 2" in plain


def test_a_faulty_burn_in_is_caught_and_the_packet_refused(
    worker, django_capture_on_commit_callbacks, monkeypatch
):
    request, document = permitted_with_record(worker)
    boxes_add(
        document=document, user=worker, boxes=text_matches(document, "Sam Roe", "other_people")
    )

    def copies_the_original(pdf, boxes, output, **kwargs):
        output.write(pdf)  # the text, and what lay under the box, still there

    monkeypatch.setattr(packets, "burn_in", copies_the_original)
    packet = build(request, worker, django_capture_on_commit_callbacks)
    assert packet.status == PacketStatus.REFUSED and not packet.file
    assert "report.pdf:" in packet.problems
    assert "Sam Roe" not in packet.problems  # the report never repeats what was withheld


def test_only_the_requester_builds_once_the_request_may_be_disclosed(worker):
    request, _ = permitted_with_record(worker)
    with pytest.raises(PermissionDenied):
        packet_start(request=request, user=StaffFactory().user)
    escalated, _ = permitted_with_record(worker, requester_in_doubt=True)
    with pytest.raises(PermissionDenied):
        packet_start(request=escalated, user=worker)
    case = CaseFactory()
    assignment_create(case=case, staff=worker, starts_on=datetime.date(2025, 1, 1))
    with pytest.raises(ValidationError):
        packet_start(request=submitted_request(worker, case), user=worker)


def test_a_documentary_disclosure_of_records_needs_the_current_packet(
    client, worker, django_capture_on_commit_callbacks
):
    """Recording the disclosure refuses until a verified packet built with today's boxes exists;
    then the accounting shows the packet's hash, pages and redactions, and it downloads again."""
    from django.urls import reverse
    from django.utils import timezone

    from requests_app.models import AccessEvent, Disclosure

    request, document = permitted_with_record(worker)
    client.force_login(worker)
    form = {
        "disclosed_on": timezone.localdate().isoformat(),
        "mode": "documentary",
        "media": ["hard_copy"],
        "recipient": "the client",
        "information_disclosed": "School report",
    }
    url = reverse("requests:disclose", args=[request.pk])
    refused = client.post(url, form)
    assert refused.status_code == 200 and "Build the disclosure packet first" in (
        refused.content.decode()
    )
    assert not Disclosure.objects.filter(request=request).exists()
    packet = build(request, worker, django_capture_on_commit_callbacks)
    boxes_add(document=document, user=worker, boxes=text_matches(document, "Sam Roe", "other"))
    assert "Build the disclosure packet first" in client.post(url, form).content.decode()  # stale
    packet = build(request, worker, django_capture_on_commit_callbacks)
    assert client.post(url, form).status_code == 302
    entry = Disclosure.objects.get(request=request)
    assert entry.packet == packet
    page = client.get(reverse("requests:accounting", args=[request.client_id])).content.decode()
    assert packet.sha256 in page and f"{packet.page_count} pages" in page
    download = client.get(reverse("requests:packet_download", args=[packet.pk]))
    assert download.status_code == 200 and download["Cache-Control"] == "private, no-store"
    assert AccessEvent.objects.filter(action="download", object_id=str(packet.pk)).exists()


def test_a_verbal_disclosure_needs_no_packet(client, worker):
    from django.urls import reverse
    from django.utils import timezone

    from requests_app.models import Disclosure

    request, _ = permitted_with_record(worker)
    client.force_login(worker)
    response = client.post(
        reverse("requests:disclose", args=[request.pk]),
        {
            "disclosed_on": timezone.localdate().isoformat(),
            "mode": "verbal",
            "media": ["hard_copy"],
            "recipient": "the client",
            "information_disclosed": "Told the client the school report's findings",
        },
    )
    assert response.status_code == 302
    assert Disclosure.objects.get(request=request).packet is None


def test_a_verified_packet_cannot_change_nor_disappear(worker, django_capture_on_commit_callbacks):
    """The database refuses to rewrite or delete a verified packet, whoever asks; a packet still
    being built is written by its build."""
    from django.db import DatabaseError, transaction

    from requests_app.models import DisclosurePacket

    request, _ = permitted_with_record(worker)
    packet = build(request, worker, django_capture_on_commit_callbacks)
    assert packet.status == PacketStatus.VERIFIED
    for change in (
        lambda rows: rows.update(sha256="0" * 64),
        lambda rows: rows.update(status="refused"),
        lambda rows: rows.delete(),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            change(DisclosurePacket.objects.filter(pk=packet.pk))
    packet.refresh_from_db()
    assert packet.status == PacketStatus.VERIFIED and packet.file
