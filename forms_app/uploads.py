"""Checks on the signed scan of a release: a PDF, PNG or JPEG of at most 10 MB.

The type is read from the file's first bytes, never from its name or the browser's claimed
content type, so a text file renamed `.pdf` is refused.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from forms_app.choices import ScanKind

MAX_SCAN_BYTES = 10 * 1024 * 1024
MEGABYTE = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ScanType:
    """A file type accepted for a signed scan and the bytes it starts with."""

    kind: ScanKind
    content_type: str
    extension: str
    magic: bytes


SCAN_TYPES = (
    ScanType(ScanKind.PDF, "application/pdf", "pdf", b"%PDF-"),
    ScanType(ScanKind.PNG, "image/png", "png", b"\x89PNG\r\n\x1a\n"),
    ScanType(ScanKind.JPEG, "image/jpeg", "jpg", b"\xff\xd8\xff"),
)
SCAN_TYPES_BY_KIND = {scan_type.kind.value: scan_type for scan_type in SCAN_TYPES}


def scan_type_of(head: bytes) -> ScanType | None:
    """The accepted type whose signature `head` starts with, or None."""
    return next((t for t in SCAN_TYPES if head.startswith(t.magic)), None)


def validate_scan(upload: UploadedFile, *, label: str = "Signed scan") -> ScanType:
    """Return the scan's type, or raise a ValidationError whose message names the field."""
    size = upload.size or 0
    if size == 0:
        raise ValidationError(f"{label}: the file is empty. Choose the scanned form.", code="empty")
    if size > MAX_SCAN_BYTES:
        raise ValidationError(
            f"{label}: the file is {size / MEGABYTE:.1f} MB; the limit is "
            f"{MAX_SCAN_BYTES // MEGABYTE} MB. Scan at a lower resolution or in black and white.",
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    scan_type = scan_type_of(head)
    if scan_type is None:
        raise ValidationError(
            f"{label}: the file's content is not a PDF, PNG or JPEG, whatever its name says. "
            "Save the scan as one of those types and choose it again.",
            code="wrong_type",
        )
    return scan_type
