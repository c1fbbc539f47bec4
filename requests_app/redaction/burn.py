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
import pypdfium2.raw as pdfium_c
from django.conf import settings
from PIL import Image, ImageChops, ImageDraw, ImageFont

from requests_app.redaction.boxes import Box, BoxesRefused, PageSize, boxes_problems

DEFAULT_DPI = 200
# The label keeps this far from the box's edges (points), so a box's rim is always solid black:
# the proof checks that rim (verify.py).
LABEL_MARGIN_POINTS = 4.0
# The most pixels a page is rasterized to: a page larger than that at the chosen resolution (a
# poster, or a page tree declaring a 200-inch page) is rasterized at a lower one, so one page
# never holds more than about 200 MB whatever it declares. A letter page at 550 dpi fits.
RASTER_MAX_PIXELS = 30_000_000
# A box is painted at least this thick (points), whatever it was given.
THINNEST_BOX_POINTS = 1.5
_BAND_ROWS = 256
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
                scale = page_scale(size, dpi)
                # Rendered straight to 3-byte RGB: the image shares pdfium's buffer until it
                # is painted on, so a page is held at most twice. The bitmap is released only
                # once the page is written, as the image may still be reading its buffer.
                bitmap = page.render(
                    scale=scale,
                    may_draw_forms=True,
                    force_bitmap_format=pdfium_c.FPDFBitmap_BGR,
                    rev_byteorder=True,
                )
                image = bitmap.to_pil()
                if image.mode != "RGB":
                    image = image.convert("RGB")
            finally:
                page.close()
            _paint(image, by_page.get(index + 1, []), scale)
            writer.add_page(image, size, grey=is_colourless(image))
            image.close()
            bitmap.close()
        digest = writer.finish()
    finally:
        document.close()
    return BurnResult(pages=len(sizes), boxes=len(boxes), sha256=digest)


def is_colourless(image: Image.Image) -> bool:
    """True when every pixel of an RGB image is grey (most scanned and typed pages), checked a
    band of rows at a time so no copy of the page is made."""
    for top in range(0, image.height, _BAND_ROWS):
        band = image.crop((0, top, image.width, min(image.height, top + _BAND_ROWS)))
        red, green, blue = band.split()
        coloured = (
            ImageChops.difference(red, green).getbbox()
            or ImageChops.difference(green, blue).getbbox()
        )
        for part in (band, red, green, blue):
            part.close()
        if coloured:
            return False
    return True


def page_scale(size: PageSize, dpi: int) -> float:
    """Pixels per point for this page: dpi/72, lowered for a page too large to rasterize whole."""
    scale = dpi / 72
    pixels = size.width * size.height * scale * scale
    if pixels > RASTER_MAX_PIXELS:
        # Slightly under the bound: pdfium rounds each side up to whole pixels.
        scale *= math.sqrt(RASTER_MAX_PIXELS / pixels) * 0.999
    return scale


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
    """The box in pixels, rounded outward (a box never covers less than it was given), and at
    least THINNEST_BOX_POINTS across, widened about its middle: a hairline box would otherwise
    come back as a faint grey line that no one, and no proof, could tell from a page's rule."""
    x0, x1 = _at_least(box.x0, box.x1, THINNEST_BOX_POINTS)
    y0, y1 = _at_least(box.y0, box.y1, THINNEST_BOX_POINTS)
    left, top = max(0, math.floor(x0 * scale)), max(0, math.floor(y0 * scale))
    right = max(min(size[0], math.ceil(x1 * scale)), left + 1)
    bottom = max(min(size[1], math.ceil(y1 * scale)), top + 1)
    return left, top, right, bottom


def _at_least(low: float, high: float, span: float) -> tuple[float, float]:
    if high - low >= span:
        return low, high
    middle = (low + high) / 2
    return middle - span / 2, middle + span / 2


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
    largest size up to 12 points); None when even the smallest readable size does not fit, or
    on a page rasterized below 72 dpi (too large a page), where the proof's look at the box's
    rim, at its own lower resolution, could reach the label."""
    if scale < 1:
        return None
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

    def add_page(self, image: Image.Image, size: PageSize, *, grey: bool = False) -> None:
        """Append one page showing `image` (RGB) over the whole of `size` (points); `grey`
        writes it in grey, a third of the pixels, for a page without colour."""
        colour_space = b"/DeviceGray" if grey else b"/DeviceRGB"
        image_number, length_number = self._next, self._next + 1
        content_number, page_number = self._next + 2, self._next + 3
        self._next += 4
        # The pixels are compressed and written a band of rows at a time, never copied whole;
        # their length, known only at the end, is an object of its own (ISO 32000-1 §7.3.10).
        self._offsets[image_number] = self._position
        self._write(
            b"%d 0 obj\n<< /Type /XObject /Subtype /Image /Width %d /Height %d "
            b"/ColorSpace %s /BitsPerComponent 8 /Filter /FlateDecode /Length %d 0 R >>"
            b"\nstream\n" % (image_number, image.width, image.height, colour_space, length_number)
        )
        compressor = zlib.compressobj(6)
        length = 0
        for top in range(0, image.height, _BAND_ROWS):
            band = image.crop((0, top, image.width, min(image.height, top + _BAND_ROWS)))
            if grey:
                # Exact for grey pixels: the luma weights add up to one.
                band = band.convert("L")
            chunk = compressor.compress(band.tobytes())
            band.close()
            length += len(chunk)
            self._write(chunk)
        chunk = compressor.flush()
        length += len(chunk)
        self._write(chunk)
        self._write(b"\nendstream\nendobj\n")
        self._object(length_number, b"%d" % length)
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
