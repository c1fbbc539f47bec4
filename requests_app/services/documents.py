"""Attaching the records themselves to a disclosure request."""

import io

import pypdfium2 as pdfium
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from requests_app import audit
from requests_app.models import DisclosureRequest, Document, DocumentPage, RedactionBox
from requests_app.permissions import may_attach_document, may_redact
from requests_app.redaction.boxes import Box, PageSize, boxes_problems, whole_page_box
from requests_app.redaction.documents import check_document
from requests_app.tasks import render_document_pages


def document_attach(*, request: DisclosureRequest, user: User, name: str, data: bytes) -> Document:
    """Check an upload (its type from its content, its size, pages and structure: raises
    `DocumentRefused` naming the file) and attach it to the request as a PDF, with its SHA-256,
    page count and page sizes, written to the audit trail. Nothing is stored when it is refused;
    a file written for a row that does not commit is removed."""
    if not may_attach_document(user=user, request=request):
        raise PermissionDenied("Only the requester adds records, while the request is open.")
    checked = check_document(data, name=name)
    document = Document(
        request=request,
        name=name,
        uploaded_type=checked.media_type,
        sha256=checked.sha256,
        size_bytes=len(data),
        page_count=checked.pages,
        page_sizes=[[size.width, size.height] for size in checked.page_sizes],
        uploaded_by=user,
        uploaded_at=timezone.now(),
    )
    document.pdf.save("document.pdf", ContentFile(checked.pdf), save=False)
    stored = str(document.pdf.name)
    try:
        with transaction.atomic():
            document.save(force_insert=True)
            audit.record(
                user=user,
                action="create",
                obj=document,
                client=request.client,
                detail=f"{checked.pages} pages",
            )
    except BaseException:
        document.pdf.storage.delete(stored)
        raise
    transaction.on_commit(lambda: render_document_pages.enqueue(document.pk))
    return document


def page_images_render(document: Document) -> int:
    """Render the document's pages not yet rendered to PNG images at DOCUMENT_PAGE_DPI (96 by
    default: a screen's resolution), one page at a time, counting each as it is stored so the
    request's page shows the progress. Returns how many pages were rendered now."""
    scale = settings.DOCUMENT_PAGE_DPI / 72
    done = set(document.pages.values_list("number", flat=True))
    rendered = 0
    with document.pdf.open("rb") as stored:
        pdf = pdfium.PdfDocument(stored.read())
    try:
        for index in range(len(pdf)):
            number = index + 1
            if number in done:
                continue
            page = pdf[index]
            image = page.render(scale=scale).to_pil()
            page.close()
            out = io.BytesIO()
            image.save(out, "PNG", optimize=True)
            page_row = DocumentPage(
                document=document, number=number, width_px=image.width, height_px=image.height
            )
            page_row.image.save("page.png", ContentFile(out.getvalue()), save=False)
            with transaction.atomic():
                page_row.save(force_insert=True)
                Document.objects.filter(pk=document.pk).update(
                    pages_rendered=F("pages_rendered") + 1
                )
            rendered += 1
    finally:
        pdf.close()
    return rendered


# ---------------------------------------------------------------- redaction boxes


def _may_redact_or_refuse(*, user: User, document: Document) -> None:
    if not may_redact(user=user, request=document.request):
        raise PermissionDenied(
            "Only Legal Affairs while reviewing, or the requester once permitted."
        )


def page_sizes_of(document: Document) -> list[PageSize]:
    """The document's displayed page sizes, as stored when it was attached."""
    return [PageSize(width, height) for width, height in document.page_sizes]


@transaction.atomic
def boxes_add(*, document: Document, user: User, boxes: list[Box]) -> list[RedactionBox]:
    """Draw boxes on a record (each wholly on an existing page, with a known reason: raises
    ValidationError naming each problem), audited."""
    _may_redact_or_refuse(user=user, document=document)
    problems = boxes_problems(boxes, page_sizes_of(document))
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    rows = RedactionBox.objects.bulk_create(
        RedactionBox(
            document=document,
            page=box.page,
            x0=box.x0,
            y0=box.y0,
            x1=box.x1,
            y1=box.y1,
            reason=box.reason,
            drawn_by=user,
            drawn_at=now,
        )
        for box in boxes
    )
    audit.record(
        user=user,
        action="create",
        obj=document,
        client=document.request.client,
        detail=f"{len(rows)} redaction box(es)",
    )
    return rows


@transaction.atomic
def box_remove(*, box: RedactionBox, user: User) -> None:
    """Take a box off a record (while it may still be redacted), audited."""
    _may_redact_or_refuse(user=user, document=box.document)
    audit.record(
        user=user,
        action="delete",
        obj=box.document,
        client=box.document.request.client,
        detail=f"redaction box on page {box.page}",
    )
    box.delete()


def whole_page(document: Document, page: int, reason: str) -> Box:
    """A box withholding a whole page."""
    sizes = page_sizes_of(document)
    if not 1 <= page <= len(sizes):
        raise ValidationError(f"Page {page} does not exist (the record has {len(sizes)} pages).")
    return whole_page_box(page, sizes[page - 1], reason)


#: Room left around a word found by a search, in points, so no stroke of it shows.
MATCH_MARGIN = 1.0


def text_matches(document: Document, term: str, reason: str) -> list[Box]:
    """A box over every place `term` appears in the record's text layer (any case), in the
    displayed page's coordinates, whatever the page's rotation and crop box."""
    term = term.strip()
    if not term:
        return []
    with document.pdf.open("rb") as stored:
        pdf = pdfium.PdfDocument(stored.read())
    found: list[Box] = []
    sizes = page_sizes_of(document)
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            text = page.get_textpage()
            crop = page.get_cropbox()
            rotation = page.get_rotation()
            size = sizes[index]
            searcher = text.search(term, match_case=False)
            while (match := searcher.get_next()) is not None:
                start, count = match
                for rect in range(text.count_rects(start, count)):
                    left, bottom, right, top = text.get_rect(rect)
                    x0, y0, x1, y1 = from_user_space((left, bottom, right, top), crop, rotation)
                    found.append(
                        Box(
                            page=index + 1,
                            x0=max(0.0, x0 - MATCH_MARGIN),
                            y0=max(0.0, y0 - MATCH_MARGIN),
                            x1=min(size.width, x1 + MATCH_MARGIN),
                            y1=min(size.height, y1 + MATCH_MARGIN),
                            reason=reason,
                        )
                    )
            searcher.close()
            text.close()
            page.close()
    finally:
        pdf.close()
    return found


def from_user_space(
    rect: tuple[float, float, float, float],
    crop_box: tuple[float, float, float, float],
    rotation: int,
) -> tuple[float, float, float, float]:
    """A rectangle (left, bottom, right, top) of the page's user space on the page as displayed
    (points from its top-left corner, after /Rotate and the crop box): the inverse of
    `redaction.boxes.to_user_space`."""
    left, bottom, right, top = crop_box

    def point(u: float, v: float) -> tuple[float, float]:
        if rotation == 90:
            return v - bottom, u - left
        if rotation == 180:
            return right - u, v - bottom
        if rotation == 270:
            return top - v, right - u
        return u - left, top - v

    corners = [point(rect[0], rect[1]), point(rect[2], rect[3])]
    xs = [x for x, _ in corners]
    ys = [y for _, y in corners]
    return min(xs), min(ys), max(xs), max(ys)
