"""Opening and checking an input document before anything else touches it.

The type comes from the content (its first bytes), never from the file's name. A PDF must open
without a password and without repair, have at least one page and no more than the page limit
(checked on the count the page tree declares, before the pages are walked); an image (PNG,
JPEG, TIFF) becomes one PDF page per frame, within a pixel limit that stops decompression bombs.
Every refusal names the file and says what to do.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import warnings
from collections.abc import Iterator
from dataclasses import dataclass

import img2pdf
import pikepdf
import pypdfium2 as pdfium
from django.conf import settings
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from requests_app.redaction.boxes import PageSize

# A PDF may carry a little junk before its header; readers look at the first kilobyte.
_PDF_HEADER_WINDOW = 1024
# An image's own resolution is used between these (dots per inch); outside, img2pdf's default.
_LOWEST_DPI, _HIGHEST_DPI = 36, 2400
_EXIF_ORIENTATION = 0x0112
_IMAGE_SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"II*\x00": "image/tiff",
    b"MM\x00*": "image/tiff",
}


@dataclass(frozen=True)
class DocumentLimits:
    """How large an input may be: bytes, pages (and TIFF frames), pixels per image."""

    max_bytes: int = 50 * 1024 * 1024
    max_pages: int = 500
    max_pixels: int = 50_000_000

    @classmethod
    def from_settings(cls) -> DocumentLimits:
        """The deployment's limits: DOCUMENT_MAX_BYTES, DOCUMENT_MAX_PAGES, DOCUMENT_MAX_PIXELS."""
        return cls(
            max_bytes=int(getattr(settings, "DOCUMENT_MAX_BYTES", cls.max_bytes)),
            max_pages=int(getattr(settings, "DOCUMENT_MAX_PAGES", cls.max_pages)),
            max_pixels=int(getattr(settings, "DOCUMENT_MAX_PIXELS", cls.max_pixels)),
        )


class DocumentRefused(ValueError):
    """An input that cannot be used; the message names the file and the reason."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


@dataclass(frozen=True)
class CheckedDocument:
    """An input that passed the checks, as a PDF (an image input is converted).

    `sha256` is the hash of the input as received; `pdf` is what the burn-in reads.
    """

    name: str
    media_type: str
    sha256: str
    pdf: bytes
    page_sizes: tuple[PageSize, ...]

    @property
    def pages(self) -> int:
        """The number of pages."""
        return len(self.page_sizes)


def sniff_media_type(data: bytes) -> str | None:
    """application/pdf, image/png, image/jpeg or image/tiff from the first bytes; else None."""
    if b"%PDF-" in data[:_PDF_HEADER_WINDOW]:
        return "application/pdf"
    for signature, media_type in _IMAGE_SIGNATURES.items():
        if data.startswith(signature):
            return media_type
    return None


def check_document(
    data: bytes,
    *,
    name: str,
    limits: DocumentLimits | None = None,
    allow_images: bool = True,
) -> CheckedDocument:
    """Check an input and return it as a PDF with its page sizes and SHA-256.

    Raises DocumentRefused for: a file over the size limit, content that is neither a PDF nor a
    supported image (or an image when `allow_images` is false), an encrypted PDF, a truncated or
    malformed PDF, a PDF with no pages or declaring more than the page limit, an image over the
    pixel limit or a TIFF with more frames than the page limit.
    """
    limits = limits or DocumentLimits.from_settings()
    if len(data) > limits.max_bytes:
        raise DocumentRefused(
            name, f"is {len(data):,} bytes, over the limit of {limits.max_bytes:,} bytes"
        )
    sha256 = hashlib.sha256(data).hexdigest()
    media_type = sniff_media_type(data)
    if media_type is None:
        raise DocumentRefused(
            name, "is not a PDF or a PNG, JPEG or TIFF image (judged from its content)"
        )
    if media_type == "application/pdf":
        pdf = data
    elif not allow_images:
        raise DocumentRefused(name, f"is an image ({media_type}), not a PDF")
    else:
        pdf = _image_to_pdf(data, name=name, limits=limits)
    page_sizes = _pdf_page_sizes(pdf, name=name, limits=limits)
    return CheckedDocument(
        name=name, media_type=media_type, sha256=sha256, pdf=pdf, page_sizes=page_sizes
    )


def _pdf_page_sizes(data: bytes, *, name: str, limits: DocumentLimits) -> tuple[PageSize, ...]:
    try:
        # No recovery: a truncated or damaged file is refused, not silently rebuilt.
        with pikepdf.open(io.BytesIO(data), attempt_recovery=False) as pdf:
            if pdf.is_encrypted:
                raise DocumentRefused(name, "is encrypted: remove the password first")
            declared = _declared_page_count(pdf)
            if declared > limits.max_pages:
                raise DocumentRefused(
                    name, f"declares {declared:,} pages, over the limit of {limits.max_pages:,}"
                )
            counted = len(pdf.pages)
    except DocumentRefused:
        raise
    except pikepdf.PasswordError as error:
        raise DocumentRefused(name, "is encrypted: remove the password first") from error
    except (pikepdf.PdfError, ValueError, TypeError, AttributeError, KeyError) as error:
        raise DocumentRefused(
            name, "is damaged or truncated and cannot be read as a PDF"
        ) from error
    if counted == 0:
        raise DocumentRefused(name, "has no pages")
    if counted > limits.max_pages:
        raise DocumentRefused(
            name, f"has {counted:,} pages, over the limit of {limits.max_pages:,}"
        )
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise DocumentRefused(name, "is damaged and cannot be read as a PDF") from error
    try:
        if len(document) != counted:
            raise DocumentRefused(name, "is damaged: its page tree is inconsistent")
        sizes = []
        for index in range(counted):
            width, height = document.get_page_size(index)
            if not (width > 0 and height > 0):
                raise DocumentRefused(name, f"page {index + 1} has no area")
            sizes.append(PageSize(width=width, height=height))
    finally:
        document.close()
    return tuple(sizes)


def _declared_page_count(pdf: pikepdf.Pdf) -> int:
    count = pdf.Root.Pages.get("/Count", 0)
    try:
        return int(count)
    except (TypeError, ValueError):
        return 0


def _image_to_pdf(data: bytes, *, name: str, limits: DocumentLimits) -> bytes:
    """One PDF page per image frame, each frame normalized to PNG first (img2pdf refuses alpha
    channels and some modes), so what is embedded is only pixels."""
    pages: list[bytes] = []
    with warnings.catch_warnings(), _truncated_images_refused():
        # Pillow warns past Image.MAX_IMAGE_PIXELS and raises past twice that: refuse at once.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as image:
                frames = int(getattr(image, "n_frames", 1))
                if frames > limits.max_pages:
                    raise DocumentRefused(
                        name, f"has {frames:,} frames, over the limit of {limits.max_pages:,} pages"
                    )
                for frame in range(frames):
                    image.seek(frame)
                    width, height = image.size
                    if width * height > limits.max_pixels:
                        raise DocumentRefused(
                            name,
                            f"is {width} x {height} pixels, over the limit of "
                            f"{limits.max_pixels:,} pixels per page",
                        )
                    pages.append(_frame_as_png(image))
        except DocumentRefused:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise DocumentRefused(name, "is an image too large to open safely") from error
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as error:
            raise DocumentRefused(name, "is a damaged or unsupported image") from error
    if not pages:
        raise DocumentRefused(name, "has no pages")
    try:
        converted: bytes = img2pdf.convert(pages)
    except (ValueError, img2pdf.ImageOpenError) as error:
        # A page over the 200 inches a PDF page may measure, at the image's resolution.
        raise DocumentRefused(name, f"cannot be made into PDF pages ({error})") from error
    return converted


@contextlib.contextmanager
def _truncated_images_refused() -> Iterator[None]:
    # WeasyPrint sets Pillow's process-wide LOAD_TRUNCATED_IMAGES on import, which would let a
    # truncated scan through with its missing part painted grey: refuse it while we decode.
    before = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = before


def _frame_as_png(image: Image.Image) -> bytes:
    """The frame as an 8-bit grey or RGB PNG, as it would look printed on white paper and the
    right way up (a camera's EXIF orientation applied, as viewers do)."""
    dpi = image.info.get("dpi")
    # Only a turned photo is transposed: each transposition is a copy of the frame.
    turned = image.getexif().get(_EXIF_ORIENTATION, 1) != 1
    frame = _as_printed(ImageOps.exif_transpose(image) if turned else image)
    buffer = io.BytesIO()
    if _plausible_dpi(dpi):
        frame.save(buffer, format="PNG", dpi=dpi)
    else:
        # No resolution, or a nonsensical one: img2pdf's default stands.
        frame.save(buffer, format="PNG")
    return buffer.getvalue()


def _plausible_dpi(dpi: object) -> bool:
    if not isinstance(dpi, tuple) or len(dpi) != 2:
        return False
    try:
        return all(_LOWEST_DPI <= float(value) <= _HIGHEST_DPI for value in dpi)
    except (TypeError, ValueError):
        return False


def _as_printed(image: Image.Image) -> Image.Image:
    if image.mode in ("1", "L"):
        return image.convert("L")
    if image.mode.startswith("I") or image.mode == "F":
        # Deeper grey (16-bit scans, 32-bit integers or floats) scaled to 8 bits: a plain
        # conversion clips, and a 16-bit scan would come out white.
        _, high = image.getextrema()
        brightest = float(high)  # type: ignore[arg-type]
        top = max(brightest, 1.0) if image.mode == "F" else max(brightest, 65535.0)
        return image.convert("F").point(lambda value: value * 255 / top).convert("L")
    if "A" in image.mode or "transparency" in image.info:
        # Transparent parts show the paper, not whatever colour the pixels hold.
        rgba = image.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(paper, rgba).convert("RGB")
    return image if image.mode == "RGB" else image.convert("RGB")
