"""The records themselves: documents attached to a disclosure request."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from requests_app.choices import RedactionBasis
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
    #: How many pages are rendered to images for the redaction editor (in the background).
    pages_rendered = models.PositiveIntegerField(default=0)

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

    @property
    def pages_ready(self) -> bool:
        """Every page is rendered for the editor."""
        return self.pages_rendered >= self.page_count

    @property
    def render_percent(self) -> int:
        """How far the rendering of the page images is, in percent."""
        return min(100, self.pages_rendered * 100 // self.page_count)


def page_image_name(page: "DocumentPage", filename: str) -> str:
    """Where a page image is stored: an opaque name."""
    return f"documents/pages/{uuid.uuid4().hex}.png"


class DocumentPage(models.Model):
    """One page of a document rendered to an image at a screen resolution (pypdfium2), for the
    redaction editor: the original PDF is never sent to the browser for editing."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField("Page")
    image = models.FileField(upload_to=page_image_name, max_length=200)
    width_px = models.PositiveIntegerField()
    height_px = models.PositiveIntegerField()

    class Meta:
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="documentpage_once"),
            models.CheckConstraint(condition=Q(number__gte=1), name="documentpage_from_one"),
        ]

    def __str__(self) -> str:
        return f"Page {self.number} of {self.document}"


class RedactionBox(models.Model):
    """One box to burn in on a record's page: where (points, origin at the top-left of the page
    as displayed), why (a redaction basis), who drew it and when. Legal Affairs draws them while
    reviewing; the requester of a permitted or approved request may too, before the packet."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="boxes")
    page = models.PositiveIntegerField("Page")
    x0 = models.FloatField()
    y0 = models.FloatField()
    x1 = models.FloatField()
    y1 = models.FloatField()
    reason = models.CharField("Reason", max_length=32, choices=RedactionBasis.choices)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    drawn_at = models.DateTimeField()

    class Meta:
        ordering = ["document", "page", "y0", "x0", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(page__gte=1), name="redactionbox_page_from_one"),
            models.CheckConstraint(
                condition=Q(x0__gte=0, y0__gte=0, x1__gt=F("x0"), y1__gt=F("y0")),
                name="redactionbox_is_a_box",
            ),
        ]

    def __str__(self) -> str:
        return f"Box on page {self.page} ({self.get_reason_display()})"

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0


class PacketStatus(models.TextChoices):
    BUILDING = "building", "Being built"
    VERIFIED = "verified", "Built and verified"
    REFUSED = "refused", "Refused by the proof"


def packet_name(packet: "DisclosurePacket", filename: str) -> str:
    """Where a packet is stored: an opaque name."""
    return f"packets/{uuid.uuid4().hex}.pdf"


class DisclosurePacket(models.Model):
    """The one PDF that leaves DCF for a documentary disclosure: a cover letter, the request's
    records rebuilt with their boxes burned in (each page stamped), and the redaction log; built
    in the background and proven before it may be released. `boxes_digest` is the SHA-256 of the
    boxes it was built with: a box drawn or removed afterwards makes it stale."""

    request = models.ForeignKey(
        "requests_app.DisclosureRequest", on_delete=models.PROTECT, related_name="packets"
    )
    status = models.CharField(max_length=16, choices=PacketStatus.choices)
    pages_total = models.PositiveIntegerField(default=0)
    pages_done = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to=packet_name, max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    page_count = models.PositiveIntegerField(default=0)
    redaction_count = models.PositiveIntegerField(default=0)
    boxes_digest = models.CharField(max_length=64)
    problems = models.TextField(blank=True)
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="verified")
                | (~Q(file="") & Q(sha256__regex=r"^[0-9a-f]{64}$")),
                name="disclosurepacket_verified_has_a_file",
            ),
        ]

    def __str__(self) -> str:
        return f"Packet of {self.request_id} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        """How far the building is, in percent."""
        return min(100, self.pages_done * 100 // self.pages_total) if self.pages_total else 0
