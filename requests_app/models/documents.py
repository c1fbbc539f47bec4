"""The records themselves: documents attached to a disclosure request."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from requests_app.models.limits import text_limits

#: The longest file name kept (the name as uploaded, shown to people who may see the request).
NAME_LENGTH = 255


class DocumentType(models.TextChoices):
    """What an upload is, from its content (never its name)."""

    PDF = "application/pdf", "PDF"
    PNG = "image/png", "PNG image"
    JPEG = "image/jpeg", "JPEG image"
    TIFF = "image/tiff", "TIFF image"


def stored_name(document: "Document", filename: str) -> str:
    """Where a document's PDF is stored: an opaque name, never the uploaded one (which may name
    a client)."""
    return f"documents/{uuid.uuid4().hex}.pdf"


class Document(models.Model):
    """A record proposed for disclosure, as a PDF (an image upload becomes one page per frame).

    Whoever may see the request may see its documents; every download is an access event. The
    file lives in the default storage under an opaque name and is served only by a
    permission-checked view, never as a static or media URL."""

    request = models.ForeignKey(
        "requests_app.DisclosureRequest", on_delete=models.PROTECT, related_name="documents"
    )
    name = models.CharField("File name", max_length=NAME_LENGTH)
    uploaded_type = models.CharField("Uploaded as", max_length=20, choices=DocumentType.choices)
    sha256 = models.CharField("SHA-256 of the upload", max_length=64)
    size_bytes = models.PositiveBigIntegerField("Size of the upload (bytes)")
    pdf = models.FileField(upload_to=stored_name, max_length=200)
    page_count = models.PositiveIntegerField("Pages")
    #: Each page's displayed size in points, [width, height], after /Rotate and the crop box.
    page_sizes = models.JSONField(default=list)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["request", "uploaded_at"])]
        constraints = [
            *text_limits("document", name=NAME_LENGTH),
            models.CheckConstraint(condition=~Q(name=""), name="document_has_a_name"),
            models.CheckConstraint(condition=Q(page_count__gte=1), name="document_has_pages"),
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="document_sha256_is_hex"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.page_count} page{'s' if self.page_count != 1 else ''})"
