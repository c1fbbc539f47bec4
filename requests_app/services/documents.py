"""Attaching the records themselves to a disclosure request."""

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from requests_app import audit
from requests_app.models import DisclosureRequest, Document
from requests_app.permissions import may_attach_document
from requests_app.redaction.documents import check_document


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
    return document
