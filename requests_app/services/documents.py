"""Attaching the records themselves to a disclosure request."""

import io

import pypdfium2 as pdfium
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from requests_app import audit
from requests_app.models import DisclosureRequest, Document, DocumentPage
from requests_app.permissions import may_attach_document
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
