"""The records themselves: a request's documents, attached by the requester while the request
is open, checked from their content, stored under an opaque name and served only to whoever may
see the request, every download audited."""

import hashlib
import io

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from requests_app.models import AccessEvent, Document
from requests_app.tasks import render_document_pages
from tests.factories import pdf_bytes
from tests.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    """Each test stores its files in a folder of its own."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(media) -> list[str]:
    return sorted(p.name for p in media.rglob("*") if p.is_file())


def attach(client, world: World, name: str, data: bytes, column: str = "worker"):
    client.force_login(world.users[column])
    return client.post(world.url("requests:document_add"), {"file": SimpleUploadedFile(name, data)})


def png(width: int = 300, height: int = 200) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(out, "PNG")
    return out.getvalue()


def encrypted_pdf() -> bytes:
    pdf = pikepdf.open(io.BytesIO(pdf_bytes()))
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(owner="o", user="secret"))
    return out.getvalue()


def test_the_requester_attaches_a_pdf_with_its_hash_pages_and_sizes(client, world, media):
    data = pdf_bytes((612, 792), (842, 595))
    before = Document.objects.count()
    response = attach(client, world, "school-report.pdf", data)
    assert response.status_code == 302
    document = Document.objects.latest("pk")
    assert Document.objects.count() == before + 1
    assert document.name == "school-report.pdf" and document.uploaded_type == "application/pdf"
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.page_count == 2 and document.page_sizes == [[612, 792], [842, 595]]
    assert "school-report" not in document.pdf.name  # an opaque name in the storage
    assert AccessEvent.objects.filter(
        action="create", object_type="Document", object_id=str(document.pk)
    ).exists()
    page = client.get(world.url("requests:detail")).content.decode()
    assert "school-report.pdf" in page and document.sha256[:12] in page


def test_an_image_becomes_one_pdf_page(client, world):
    assert attach(client, world, "photo.png", png()).status_code == 302
    document = Document.objects.latest("pk")
    assert document.uploaded_type == "image/png" and document.page_count == 1
    assert document.pdf.open("rb").read(5) == b"%PDF-"


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("locked.pdf", encrypted_pdf(), "remove the password first"),
        ("notes.pdf", b"Just some text, renamed to look like a PDF.\n" * 20, "is not a PDF"),
        ("broken.pdf", pdf_bytes()[:200], "broken.pdf: "),
        ("empty.pdf", b"", "empty.pdf: is empty"),
    ],
    ids=["encrypted", "text renamed .pdf", "truncated", "empty"],
)
def test_a_bad_file_is_refused_naming_it_and_nothing_is_stored(
    client, world, media, name, data, says
):
    before, files = Document.objects.count(), stored_files(media)
    response = attach(client, world, name, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert says in page
    assert "There is a problem with this form" in page
    assert Document.objects.count() == before and stored_files(media) == files


@override_settings(DOCUMENT_MAX_BYTES=1000)
def test_a_file_over_the_size_limit_is_refused_before_it_is_read(client, world, media):
    before, files = Document.objects.count(), stored_files(media)
    response = attach(client, world, "big.pdf", pdf_bytes() + b"%" * 2000)
    assert response.status_code == 400
    assert "big.pdf: is" in response.content.decode() and "over the limit of 1,000 bytes" in (
        response.content.decode()
    )
    assert Document.objects.count() == before and stored_files(media) == files


@pytest.mark.parametrize(("column", "status"), [("sup", 403), ("legal", 403), ("stranger", 404)])
def test_only_the_requester_attaches(client, world, column, status):
    before = Document.objects.count()
    assert attach(client, world, "x.pdf", pdf_bytes(), column=column).status_code == status
    assert Document.objects.count() == before


def test_no_record_is_added_to_a_disclosed_request(client, world):
    client.force_login(world.users["worker"])
    disclosed = world.args["requests:disclosure_correct"]  # the disclosure entry's id
    from requests_app.models import Disclosure

    request_id = Disclosure.objects.get(pk=disclosed[0]).request_id
    response = client.post(
        reverse("requests:document_add", args=[request_id]),
        {"file": SimpleUploadedFile("late.pdf", pdf_bytes())},
    )
    assert response.status_code == 403
    page = client.get(reverse("requests:detail", args=[request_id])).content.decode()
    assert "Attach the record" not in page


def test_a_download_is_private_audited_and_the_stored_pdf(client, world):
    document = Document.objects.get(pk=world.args["requests:document_download"][0])
    for column in ("worker", "sup", "legal"):
        client.force_login(world.users[column])
        response = client.get(world.url("requests:document_download"))
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"
        assert response["Content-Type"] == "application/pdf"
        assert "case-plan" not in response["Content-Disposition"]
        assert b"".join(response.streaming_content) == document.pdf.open("rb").read()
        assert AccessEvent.objects.filter(
            user=world.users[column], action="download", object_id=str(document.pk)
        ).exists()


def test_the_request_page_costs_the_same_queries_whatever_the_records(client, world):
    client.force_login(world.users["worker"])
    url = world.url("requests:detail")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for n in range(3):
        attach(client, world, f"more-{n}.pdf", pdf_bytes())
    with CaptureQueriesContext(connection) as four:
        assert client.get(url).status_code == 200
    assert len(one) > 5 and len(four) == len(one)


def test_pages_are_rendered_in_the_background_with_progress(
    client, world, django_capture_on_commit_callbacks
):
    """Attaching queues the rendering (never in the web request); the page shows how far it is,
    and each page image, once rendered, is served privately and audited."""
    with django_capture_on_commit_callbacks(execute=False) as queued:
        attach(client, world, "three-pages.pdf", pdf_bytes((612, 792), (612, 792), (792, 612)))
    assert len(queued) == 1  # render_document_pages.enqueue, after the commit
    document = Document.objects.latest("pk")
    assert document.pages.count() == 0
    page = client.get(world.url("requests:detail")).content.decode()
    assert 'max="3" value="0"' in page and "0 of 3 ready" in page
    assert client.get(reverse("requests:document_page", args=[document.pk, 1])).status_code == 404

    assert render_document_pages.call(document.pk) == "3 pages rendered"
    assert render_document_pages.call(document.pk) == "0 pages rendered"  # idempotent
    document.refresh_from_db()
    assert document.pages_rendered == 3 and document.pages_ready
    landscape = document.pages.get(number=3)
    assert (landscape.width_px, landscape.height_px) == (1056, 816)  # 11 x 8.5 in at 96 dpi
    response = client.get(reverse("requests:document_page", args=[document.pk, 3]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert AccessEvent.objects.filter(
        action="view", object_type="Document", object_id=str(document.pk), detail="page 3"
    ).exists()
    assert client.get(reverse("requests:document_page", args=[document.pk, 4])).status_code == 404


def test_a_page_image_is_not_found_for_who_may_not_see_the_request(client, world):
    client.force_login(world.users["stranger"])
    assert client.get(world.url("requests:document_page")).status_code == 404
