"""PDFs made with pikepdf for the redaction tests: words at known places, rotated and cropped
pages, annotations, form fields, attachments, JavaScript, XMP metadata, incremental updates.

Every word is drawn in Helvetica (a standard font, nothing embedded) at a known place in the
page's user space; `displayed_box` turns such a place into the box a reviewer would draw on the
page as displayed, so the tests state where text is in the same terms as the burn-in.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

import pikepdf

LETTER = (612.0, 792.0)
LEGAL = (612.0, 1008.0)
A4 = (595.0, 842.0)
FONT_SIZE = 14


@dataclass(frozen=True)
class Word:
    """A word drawn at (x, y) of the page's user space (baseline start)."""

    text: str
    x: float
    y: float


@dataclass
class PageSpec:
    """One page to build: its size, rotation, crop box (user space) and words."""

    words: Sequence[Word]
    size: tuple[float, float] = LETTER
    rotate: int = 0
    crop: tuple[float, float, float, float] | None = None
    extra: dict[str, object] = field(default_factory=dict)


def word_extent(word: Word) -> tuple[float, float, float, float]:
    """A generous user-space rectangle around a word (left, bottom, right, top)."""
    width = 0.62 * FONT_SIZE * len(word.text)
    return word.x - 2, word.y - 5, word.x + width + 2, word.y + FONT_SIZE + 2


def displayed_box(
    extent: tuple[float, float, float, float], spec: PageSpec
) -> tuple[float, float, float, float]:
    """The displayed (top-left origin, after /Rotate and crop box) rectangle of a user-space one."""
    left, bottom, right, top = spec.crop or (0.0, 0.0, *spec.size)
    rotate = spec.rotate % 360
    points = []
    for ux, uy in ((extent[0], extent[1]), (extent[2], extent[3])):
        if rotate == 90:
            points.append((uy - bottom, ux - left))
        elif rotate == 180:
            points.append((right - ux, uy - bottom))
        elif rotate == 270:
            points.append((top - uy, right - ux))
        else:
            points.append((ux - left, top - uy))
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def _content(words: Sequence[Word]) -> bytes:
    parts = [b"BT /F1 %d Tf" % FONT_SIZE]
    for word in words:
        parts.append(
            b"1 0 0 1 %.2f %.2f Tm (%s) Tj" % (word.x, word.y, word.text.encode("latin-1"))
        )
    parts.append(b"ET")
    return b"\n".join(parts)


def build_pdf(pages: Sequence[PageSpec], *, extras: bool = False) -> pikepdf.Pdf:
    """A pikepdf document of these pages; with `extras`, everything a packet must not carry:
    document information, XMP metadata, an outline, an annotation, a form field, an attachment,
    an open action and document JavaScript."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    for spec in pages:
        page = pikepdf.Dictionary(
            Type=pikepdf.Name.Page,
            MediaBox=[0, 0, *spec.size],
            Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
            Contents=pdf.make_stream(_content(spec.words)),
        )
        if spec.rotate:
            page.Rotate = spec.rotate
        if spec.crop:
            page.CropBox = list(spec.crop)
        pdf.pages.append(pikepdf.Page(page))
    if extras:
        _add_extras(pdf)
    return pdf


def _add_extras(pdf: pikepdf.Pdf) -> None:
    pdf.docinfo["/Title"] = "Case of Jane Roe"
    pdf.docinfo["/Author"] = "Secret Author"
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:title"] = "Case of Jane Roe"
    with pdf.open_outline() as outline:
        outline.root.append(pikepdf.OutlineItem("Chapter on Jane Roe", 0))
    first = pdf.pages[0]
    note = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Text,
            Rect=[10, 10, 30, 30],
            Contents=pikepdf.String("Annotation mentions Jane Roe"),
        )
    )
    field_widget = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Widget,
            FT=pikepdf.Name.Tx,
            T=pikepdf.String("client"),
            V=pikepdf.String("Hidden field value"),
            Rect=[400, 10, 500, 30],
            P=first.obj,
        )
    )
    first.obj.Annots = pdf.make_indirect(pikepdf.Array([note, field_widget]))
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array([field_widget]))
    attachment = pikepdf.AttachedFileSpec(pdf, b"attached secret", filename="secret.txt")
    pdf.attachments["secret.txt"] = attachment
    script = pdf.make_indirect(
        pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert('hi');"))
    )
    pdf.Root.OpenAction = script
    pdf.Root.Names.JavaScript = pikepdf.Dictionary(
        Names=pikepdf.Array([pikepdf.String("hello"), script])
    )


def pdf_bytes(pdf: pikepdf.Pdf, **save: object) -> bytes:
    """The document saved to bytes."""
    buffer = io.BytesIO()
    pdf.save(buffer, **save)  # type: ignore[arg-type]
    return buffer.getvalue()


def with_incremental_update(original: bytes, page_index: int, words: Sequence[Word]) -> bytes:
    """`original` (saved with a classic cross-reference table) with a revision appended, an
    incremental update that replaces one page's text: the earlier text stays in the file's
    bytes, below the new revision."""
    reader = pikepdf.open(io.BytesIO(original))
    page_number = reader.pages[page_index].obj.objgen[0]
    size = int(reader.trailer.Size)
    root = reader.trailer.Root.objgen[0]
    content = _content(words)
    stream_number = size
    body = io.BytesIO()
    offset = len(original)
    offsets = {}
    offsets[stream_number] = offset + body.tell()
    body.write(b"%d 0 obj\n<< /Length %d >>\nstream\n" % (stream_number, len(content)))
    body.write(content + b"\nendstream\nendobj\n")
    old_page = reader.pages[page_index].obj
    entries = []
    for key in old_page.keys():  # noqa: SIM118
        if key == "/Contents":
            continue
        entries.append(key.encode() + b" " + old_page[key].unparse())
    entries.append(b"/Contents %d 0 R" % stream_number)
    offsets[page_number] = offset + body.tell()
    body.write(b"%d 0 obj\n<< %s >>\nendobj\n" % (page_number, b" ".join(entries)))
    xref_at = offset + body.tell()
    body.write(b"xref\n")
    for number in sorted(offsets):
        body.write(b"%d 1\n%010d 00000 n \n" % (number, offsets[number]))
    previous = _startxref(original)
    body.write(
        b"trailer\n<< /Size %d /Root %d 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n"
        % (size + 1, root, previous, xref_at)
    )
    return original + body.getvalue()


def _startxref(data: bytes) -> int:
    tail = data[data.rindex(b"startxref") + len(b"startxref") :]
    return int(tail.split()[0])
