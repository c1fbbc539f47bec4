"""Burn-in: the released copy of a document, rebuilt from pixels.

Every page is rasterized (pypdfium2, `REDACTION_DPI`, 200 by default), its boxes are painted
opaque black with the basis label in white, and the page is written as one image into a new PDF
that this module writes itself, object by object. Nothing of the original is copied: no text
layer, metadata, annotations, form fields, attachments, JavaScript, outlines or earlier
revisions; only what the page showed, as pixels. Pages are streamed (rasterized, painted,
compressed, written, released one at a time), so memory stays that of one page whatever the
document's length.
"""

from __future__ import annotations

import hashlib
import math
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import BinaryIO

import pypdfium2 as pdfium
from django.conf import settings
from PIL import Image, ImageDraw, ImageFont

from requests_app.redaction.boxes import Box, BoxesRefused, PageSize, boxes_problems

DEFAULT_DPI = 200
# The label keeps this far from the box's edges (points), so a box's rim is always solid black:
# the proof checks that rim (verify.py).
LABEL_MARGIN_POINTS = 4.0
# A label smaller than this (pixels) would be unreadable: the box is left plain.
_SMALLEST_LABEL_PIXELS = 7


@dataclass(frozen=True)
class BurnResult:
    """What was written: pages, boxes painted, the SHA-256 of the output."""

    pages: int
    boxes: int
    sha256: str


def redaction_dpi() -> int:
    """The rasterizing resolution (`REDACTION_DPI`, default 200)."""
    return int(getattr(settings, "REDACTION_DPI", DEFAULT_DPI))


def burn_in(
    pdf: bytes, boxes: Sequence[Box], output: BinaryIO, *, dpi: int | None = None
) -> BurnResult:
    """Write to `output` a rebuilt copy of `pdf` with `boxes` burnt in.

    `pdf` should have passed `documents.check_document`. Raises BoxesRefused when a box names a
    page the document lacks or is not wholly on its page (nothing is written then).
    """
    dpi = dpi or redaction_dpi()
    if not 36 <= dpi <= 600:
        raise ValueError(f"dpi must be between 36 and 600, not {dpi}")
    scale = dpi / 72
    document = pdfium.PdfDocument(pdf)
    try:
        # Form fields are drawn as they appear on the page (their values are content too).
        document.init_forms()
        sizes = [PageSize(*document.get_page_size(index)) for index in range(len(document))]
        problems = boxes_problems(boxes, sizes)
        if problems:
            raise BoxesRefused(problems)
        by_page: dict[int, list[Box]] = {}
        for box in boxes:
            by_page.setdefault(box.page, []).append(box)
        writer = _ImagePdfWriter(output)
        for index, size in enumerate(sizes):
            page = document[index]
            try:
                bitmap = page.render(scale=scale, may_draw_forms=True)
                image = bitmap.to_pil().convert("RGB")
                bitmap.close()
            finally:
                page.close()
            _paint(image, by_page.get(index + 1, []), scale)
            writer.add_page(image, size)
            image.close()
        digest = writer.finish()
    finally:
        document.close()
    return BurnResult(pages=len(sizes), boxes=len(boxes), sha256=digest)


def _paint(image: Image.Image, boxes: Sequence[Box], scale: float) -> None:
    draw = ImageDraw.Draw(image)
    areas = [_pixels(box, scale, image.size) for box in boxes]
    for area in areas:
        draw.rectangle((area[0], area[1], area[2] - 1, area[3] - 1), fill=(0, 0, 0))
    # Labels go on once every box is black, and only where they touch no other box: a label is
    # white, and over another box's edge it would open a gap in that box.
    for index, (box, area) in enumerate(zip(boxes, areas, strict=True)):
        placed = _place_label(draw, box.label, area, scale)
        if placed is None:
            continue
        text_area, position, font = placed
        others = (other for number, other in enumerate(areas) if number != index)
        if not any(_overlap(text_area, other) for other in others):
            draw.text(position, box.label, fill=(255, 255, 255), font=font)


def _pixels(box: Box, scale: float, size: tuple[int, int]) -> tuple[int, int, int, int]:
    """The box in pixels, rounded outward: a box never covers less than it was given."""
    return (
        math.floor(box.x0 * scale),
        math.floor(box.y0 * scale),
        max(min(size[0], math.ceil(box.x1 * scale)), math.floor(box.x0 * scale) + 1),
        max(min(size[1], math.ceil(box.y1 * scale)), math.floor(box.y0 * scale) + 1),
    )


def _overlap(first: tuple[int, int, int, int], second: tuple[int, int, int, int]) -> bool:
    return (
        first[0] < second[2]
        and second[0] < first[2]
        and first[1] < second[3]
        and second[1] < first[3]
    )


def _place_label(
    draw: ImageDraw.ImageDraw, text: str, area: tuple[int, int, int, int], scale: float
) -> tuple[tuple[int, int, int, int], tuple[int, int], ImageFont.FreeTypeFont] | None:
    """Where the label fits, centred, at least LABEL_MARGIN_POINTS inside the box's edges (the
    largest size up to 12 points); None when even the smallest readable size does not fit."""
    margin = math.ceil(LABEL_MARGIN_POINTS * scale) + 1
    left, top, right, bottom = area
    room_width, room_height = right - left - 2 * margin, bottom - top - 2 * margin
    size = min(int(room_height * 0.8), int(12 * scale))
    while size >= _SMALLEST_LABEL_PIXELS:
        font = ImageFont.load_default(size=size)
        x0, y0, x1, y1 = (int(v) for v in draw.textbbox((0, 0), text, font=font))
        if x1 - x0 <= room_width and y1 - y0 <= room_height:
            x = left + margin + (room_width - (x1 - x0)) // 2
            y = top + margin + (room_height - (y1 - y0)) // 2
            return (x, y, x + x1 - x0, y + y1 - y0), (x - x0, y - y0), font  # type: ignore[return-value]
        size = int(size * 0.85)
    return None


class _ImagePdfWriter:
    """A minimal PDF of full-page images, written as it goes (PDF 1.7, ISO 32000-1 §7.5).

    Objects: 1 catalog, 2 page tree (written last, once every page is known), then per page an
    image, its content stream and the page. No document information dictionary, no metadata.
    """

    def __init__(self, output: BinaryIO) -> None:
        self._output = output
        self._hash = hashlib.sha256()
        self._offsets: dict[int, int] = {}
        self._position = 0
        self._pages: list[int] = []
        self._next = 3
        # The binary comment line marks the file as binary for transfer tools.
        self._write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    def _write(self, data: bytes) -> None:
        self._output.write(data)
        self._hash.update(data)
        self._position += len(data)

    def _object(self, number: int, body: bytes, stream: bytes | None = None) -> None:
        self._offsets[number] = self._position
        self._write(b"%d 0 obj\n" % number + body)
        if stream is not None:
            self._write(b"\nstream\n")
            self._write(stream)
            self._write(b"\nendstream")
        self._write(b"\nendobj\n")

    def add_page(self, image: Image.Image, size: PageSize) -> None:
        image_number, content_number, page_number = self._next, self._next + 1, self._next + 2
        self._next += 3
        pixels = zlib.compress(image.tobytes(), 6)
        self._object(
            image_number,
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB "
            b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>"
            % (image.width, image.height, len(pixels)),
            pixels,
        )
        del pixels
        width, height = _number(size.width), _number(size.height)
        content = b"q %s 0 0 %s 0 0 cm /Im0 Do Q" % (width, height)
        self._object(content_number, b"<< /Length %d >>" % len(content), content)
        self._object(
            page_number,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %s %s] /Contents %d 0 R "
            b"/Resources << /XObject << /Im0 %d 0 R >> >> >>"
            % (width, height, content_number, image_number),
        )
        self._pages.append(page_number)

    def finish(self) -> str:
        """Write the page tree, catalog, cross-reference table and trailer; return the SHA-256."""
        kids = b" ".join(b"%d 0 R" % number for number in self._pages)
        self._object(2, b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(self._pages)))
        self._object(1, b"<< /Type /Catalog /Pages 2 0 R >>")
        xref_at = self._position
        count = self._next
        lines = [b"xref\n0 %d\n" % count, b"0000000000 65535 f \n"]
        lines.extend(b"%010d 00000 n \n" % self._offsets[number] for number in range(1, count))
        self._write(b"".join(lines))
        self._write(
            b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (count, xref_at)
        )
        self._output.flush()
        return self._hash.hexdigest()


def _number(value: float) -> bytes:
    return (b"%.4f" % value).rstrip(b"0").rstrip(b".")
