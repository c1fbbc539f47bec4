"""The redaction editor: Legal Affairs draws boxes on a request's records while reviewing it
(the requester, once the request is permitted or approved); a box by its corners, a whole page,
or every place a word appears, each listed with its page, reason and who drew it."""

import pypdfium2 as pdfium
import pytest
from django.urls import reverse

from requests_app.models import AccessEvent, Document, RedactionBox
from requests_app.redaction.boxes import Box, to_user_space
from requests_app.services.documents import document_attach, page_images_render
from tests.factories import CaseFactory, StaffFactory, submitted_request, text_pdf
from tests.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def record(world: World) -> Document:
    """A two-page record on the world's escalated request: a name twice on page 1, and once on
    page 2, which is turned a quarter (/Rotate 90)."""
    request = Document.objects.get(pk=world.args["requests:document_download"][0]).request
    document = document_attach(
        request=request,
        user=world.users["worker"],
        name="narrative.pdf",
        data=text_pdf(
            ["Visit notes", "Jane Roe called the office", "JANE ROE again"],
            ["Reported by Jane Roe"],
            rotate=(0, 90),
        ),
    )
    page_images_render(document)
    return document


def editor(document: Document, page: int | None = None) -> str:
    url = reverse("requests:document_redact", args=[document.pk])
    return f"{url}?page={page}" if page else url


def text_under(document: Document, box: RedactionBox) -> str:
    """The original's text under a box (pypdfium2 on the stored PDF)."""
    pdf = pdfium.PdfDocument(document.pdf.open("rb").read())
    page = pdf[box.page - 1]
    user = to_user_space(
        Box(box.page, box.x0, box.y0, box.x1, box.y1, box.reason),
        page.get_cropbox(),
        page.get_rotation(),
    )
    return page.get_textpage().get_text_bounded(*user)


def test_legal_affairs_opens_a_page_with_its_boxes_and_the_view_is_audited(client, world, record):
    client.force_login(world.users["legal"])
    response = client.get(editor(record, 2))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Page 2 of 2" in page and 'viewBox="0 0 792 612"' in page  # turned a quarter
    assert reverse("requests:document_page", args=[record.pk, 2]) in page
    assert AccessEvent.objects.filter(
        user=world.users["legal"], object_id=str(record.pk), detail="redaction page 2"
    ).exists()
    assert client.get(editor(record) + "?page=zzz").status_code == 200  # the first page


def test_a_drawn_box_is_stored_listed_and_drawn(client, world, record):
    client.force_login(world.users["legal"])
    response = client.post(
        editor(record, 1),
        {
            "action": "draw",
            "draw-page": "1",
            "draw-x0": "70",
            "draw-y0": "85",
            "draw-x1": "240",
            "draw-y1": "100",
            "draw-reason": "reporter_identity",
        },
    )
    assert response.status_code == 302
    box = RedactionBox.objects.get(document=record)
    assert (box.page, box.x0, box.y0, box.x1, box.y1) == (1, 70, 85, 240, 100)
    assert box.drawn_by == world.users["legal"]
    assert "Jane Roe" in text_under(record, box)
    page = client.get(editor(record, 1)).content.decode()
    assert '<rect class="redaction-box" x="70" y="85" width="170" height="15"' in page
    assert "Identity of the reporter" in page


@pytest.mark.parametrize(
    ("corners", "says"),
    [
        (("500", "700", "700", "800"), "is not wholly on page 1"),
        (("100", "100", "50", "120"), "empty box"),
        (("-5", "10", "20", "20"), "Ensure this value is greater than or equal to 0"),
    ],
)
def test_a_box_off_its_page_is_refused_naming_the_problem(client, world, record, corners, says):
    client.force_login(world.users["legal"])
    x0, y0, x1, y1 = corners
    response = client.post(
        editor(record, 1),
        {
            "action": "draw",
            "draw-page": "1",
            "draw-x0": x0,
            "draw-y0": y0,
            "draw-x1": x1,
            "draw-y1": y1,
            "draw-reason": "other_people",
        },
    )
    assert response.status_code == 400
    assert says in response.content.decode()
    assert not RedactionBox.objects.filter(document=record).exists()


def test_a_whole_page_is_withheld(client, world, record):
    client.force_login(world.users["legal"])
    client.post(
        editor(record, 2), {"action": "whole", "whole-page": "2", "whole-reason": "psychiatric"}
    )
    box = RedactionBox.objects.get(document=record)
    assert (box.page, box.x0, box.y0, box.x1, box.y1) == (2, 0, 0, 792, 612)


def test_every_match_of_a_word_is_redacted_on_every_page_whatever_its_rotation(
    client, world, record
):
    client.force_login(world.users["legal"])
    response = client.post(
        editor(record), {"action": "search", "search-term": "jane roe", "search-reason": "other"}
    )
    assert response.status_code == 302
    boxes = list(RedactionBox.objects.filter(document=record).order_by("page", "y0"))
    assert [b.page for b in boxes] == [1, 1, 2]
    for box in boxes:
        assert "jane roe" in text_under(record, box).lower(), box
    missing = client.post(
        editor(record), {"action": "search", "search-term": "Nobody", "search-reason": "other"}
    )
    assert missing.status_code == 400
    assert "“Nobody” is not in this record" in missing.content.decode()
    assert RedactionBox.objects.filter(document=record).count() == 3


def test_a_box_is_removed_and_the_removal_audited(client, world, record):
    client.force_login(world.users["legal"])
    client.post(editor(record), {"action": "whole", "whole-page": "1", "whole-reason": "other"})
    box = RedactionBox.objects.get(document=record)
    response = client.post(editor(record), {"action": "remove", "box": box.pk})
    assert response.status_code == 302
    assert not RedactionBox.objects.filter(pk=box.pk).exists()
    assert AccessEvent.objects.filter(action="delete", object_id=str(record.pk)).exists()


@pytest.mark.parametrize(("column", "status"), [("worker", 403), ("sup", 403), ("stranger", 404)])
def test_while_in_review_only_legal_affairs_redacts(client, world, record, column, status):
    client.force_login(world.users[column])
    assert client.get(editor(record)).status_code == status
    response = client.post(
        editor(record), {"action": "whole", "whole-page": "1", "whole-reason": "other"}
    )
    assert response.status_code == status
    assert not RedactionBox.objects.filter(document=record).exists()


def test_the_requester_redacts_a_permitted_request_and_legal_affairs_does_not(client):
    worker = StaffFactory().user
    case = CaseFactory()
    import datetime

    from requests_app.services.casework import assignment_create

    assignment_create(case=case, staff=worker, starts_on=datetime.date(2025, 1, 1))
    request = submitted_request(worker, case)
    assert request.status == "permitted"
    document = document_attach(
        request=request, user=worker, name="report.pdf", data=text_pdf(["Sibling: Sam Roe"])
    )
    client.force_login(worker)
    assert client.get(editor(document)).status_code == 200
    client.post(
        editor(document),
        {"action": "search", "search-term": "Sam Roe", "search-reason": "other_people"},
    )
    assert RedactionBox.objects.filter(document=document, drawn_by=worker).count() == 1
    lawyer = StaffFactory(disclosure_role="other_dcf_staff", user__duties=["legal_affairs"]).user
    client.force_login(lawyer)
    assert client.get(editor(document)).status_code == 404  # not a request Legal Affairs sees


def test_approving_with_redactions_needs_a_box_on_the_records(client, world, record):
    """A request with records is approved with redactions only once a box is drawn on them (a
    redaction note alone does not redact a document)."""
    from django.core.exceptions import ValidationError

    from requests_app.services.reviews import review_decide
    from tests.factories import court_order

    request = record.request
    review = request.reviews.get()
    assert review.redaction_notes.exists()  # the world's note: not enough for records
    with pytest.raises(ValidationError) as refused:
        review_decide(
            review=review,
            by=world.users["legal"],
            resolution="approved_with_redactions",
            authority=court_order(),
        )
    assert "Draw at least one box on the request's records" in str(refused.value)
    client.force_login(world.users["legal"])
    client.post(editor(record), {"action": "whole", "whole-page": "2", "whole-reason": "other"})
    review_decide(
        review=review,
        by=world.users["legal"],
        resolution="approved_with_redactions",
        authority=court_order(),
    )
    request.refresh_from_db()
    assert request.status == "approved_with_redactions"
    assert client.get(editor(record)).status_code == 403  # decided: the boxes are final
