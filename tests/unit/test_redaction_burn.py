"""Burn-in and its proof on generated PDFs: the text under a box is gone (pypdf and pdftotext),
no text layer is left at all, each box lands where it was drawn on the displayed page whatever
the rotation, crop box or size, nothing of the original's structure survives, and a faulty
burn-in is caught by the proof. No database."""

from __future__ import annotations

import io
import subprocess
from collections.abc import Sequence

import pikepdf
import pytest
from PIL import Image, ImageDraw

from requests_app.choices import RedactionBasis
from requests_app.redaction import (
    BASIS_LABELS,
    Box,
    BoxesRefused,
    PageSize,
    burn_in,
    check_document,
    verify_packet,
    verify_redaction,
    whole_page_box,
)
from requests_app.redaction import burn as burn_module
from requests_app.redaction.verify import (
    FORBIDDEN_KEYS,
    pdftotext_texts,
    pypdf_texts,
    text_under_boxes,
)
from tests.redaction_pdfs import (
    A4,
    LEGAL,
    LETTER,
    PageSpec,
    Word,
    build_pdf,
    displayed_box,
    pdf_bytes,
    with_incremental_update,
    word_extent,
)

SECRET, KEPT = "Secretname", "Keptword"


def page(size: tuple[float, float] = LETTER, **options: object) -> PageSpec:
    """A page with a word to withhold and a word to keep, well apart."""
    return PageSpec([Word(SECRET, 150, 500), Word(KEPT, 150, 200)], size=size, **options)  # type: ignore[arg-type]


CASES = {
    "letter": [page()],
    "rotated 90": [page(rotate=90)],
    "rotated 180": [page(rotate=180)],
    "rotated 270": [page(rotate=270)],
    "rotated -90 (as 270)": [page(rotate=-90)],
    "rotated 450 (as 90)": [page(rotate=450)],
    "crop box offset from the media box": [page(crop=(40, 60, 560, 700))],
    "crop box and rotation 90": [page(size=LEGAL, rotate=90, crop=(30, 100, 600, 900))],
    "crop box and rotation 270": [page(size=A4, rotate=270, crop=(25, 50, 500, 800))],
    "mixed sizes: letter, legal, A4": [page(), page(size=LEGAL), page(size=A4, rotate=180)],
}


def secret_boxes(specs: Sequence[PageSpec]) -> list[Box]:
    boxes = []
    for number, spec in enumerate(specs, start=1):
        x0, y0, x1, y1 = displayed_box(word_extent(spec.words[0]), spec)
        boxes.append(Box(number, x0, y0, x1, y1, RedactionBasis.HIV_RELATED))
    return boxes


def burnt(pdf: bytes, boxes: Sequence[Box], **options: int) -> bytes:
    output = io.BytesIO()
    burn_in(pdf, boxes, output, **options)
    return output.getvalue()


def render(packet: bytes, page_number: int, dpi: int = 72) -> Image.Image:
    """A page of the packet as poppler draws it (grey, one pixel per point at 72 dpi)."""
    result = subprocess.run(
        ["pdftoppm", "-gray", "-r", str(dpi), "-f", str(page_number), "-l", str(page_number), "-"],
        input=packet,
        capture_output=True,
        check=True,
    )
    return Image.open(io.BytesIO(result.stdout))


def darkest(image: Image.Image, box: tuple[float, float, float, float]) -> int:
    low, _ = image.crop(tuple(int(v) for v in box)).getextrema()  # type: ignore[arg-type]
    return int(low)


def dark_share(image: Image.Image, box: tuple[float, float, float, float]) -> float:
    region = image.crop(tuple(int(v) for v in box))  # type: ignore[arg-type]
    return sum(region.histogram()[:64]) / (region.width * region.height)


def all_text(packet: bytes) -> str:
    pages = len(pikepdf.open(io.BytesIO(packet)).pages)
    return "".join(pypdf_texts(packet)) + "".join(pdftotext_texts(packet, pages))


@pytest.mark.parametrize("specs", CASES.values(), ids=CASES.keys())
def test_the_text_under_a_box_is_gone_and_the_box_lands_where_it_was_drawn(
    specs: list[PageSpec],
) -> None:
    original = pdf_bytes(build_pdf(specs))
    assert SECRET in "".join(pypdf_texts(original)), "the test document must have a text layer"
    boxes = secret_boxes(specs)
    packet = burnt(original, boxes)

    assert all_text(packet).strip() == ""
    for box, spec in zip(boxes, specs, strict=True):
        image = render(packet, box.page)
        assert (
            PageSize(image.width, image.height)
            == check_document(original, name="o.pdf").page_sizes[box.page - 1]
        )
        inside = (box.x0 + 2, box.y0 + 2, box.x1 - 2, box.y1 - 2)
        assert dark_share(image, inside) > 0.6
        assert darkest(image, (box.x0 + 1, box.y0 + 1, box.x0 + 3, box.y1 - 1)) < 64
        # Around the box the page is white; the word kept is drawn, as pixels, where it was.
        for margin in (
            (box.x0 - 12, box.y0 - 12, box.x1 + 12, box.y0 - 4),
            (box.x0 - 12, box.y1 + 4, box.x1 + 12, box.y1 + 12),
            (box.x0 - 12, box.y0, box.x0 - 4, box.y1),
            (box.x1 + 4, box.y0, box.x1 + 12, box.y1),
        ):
            assert darkest(image, margin) > 200
        kept = displayed_box(word_extent(spec.words[1]), spec)
        assert dark_share(image, kept) > 0.02
        assert dark_share(image, kept) < 0.5
    assert verify_redaction(original, packet, boxes).problems == ()


def test_nothing_of_the_original_structure_survives() -> None:
    specs = [page(), page(size=LEGAL)]
    original = pdf_bytes(build_pdf(specs, extras=True))
    assert verify_packet(original).problems, "the original must carry what a packet may not"
    packet = burnt(original, secret_boxes(specs))

    result = verify_packet(packet, absent=["Jane Roe", "Secret Author", "Hidden field value"])
    assert result.problems == ()
    with pikepdf.open(io.BytesIO(packet)) as pdf:
        assert not pdf.docinfo.keys()
        assert "/Outlines" not in pdf.Root
        assert "/Names" not in pdf.Root
        assert not pdf.attachments
        for key in FORBIDDEN_KEYS:
            assert key.encode() not in packet
    assert b"Jane Roe" not in packet and b"attached secret" not in packet


def test_an_earlier_revision_text_is_gone_too() -> None:
    specs = [page()]
    saved = pdf_bytes(
        build_pdf(specs),
        object_stream_mode=pikepdf.ObjectStreamMode.disable,
        compress_streams=False,
    )
    updated = with_incremental_update(saved, 0, [Word("Newtext", 150, 500), Word(KEPT, 150, 200)])
    assert b"Secretname" in updated, "the earlier revision stays in the file's bytes"
    assert "Newtext" in "".join(pypdf_texts(updated))
    assert SECRET not in "".join(pypdf_texts(updated))
    packet = burnt(updated, secret_boxes(specs))

    assert verify_redaction(updated, packet, secret_boxes(specs)).problems == ()
    assert verify_packet(packet, absent=[SECRET, "Newtext", KEPT]).problems == ()
    assert b"Secretname" not in packet


def test_form_fields_and_annotations_show_as_pixels_only() -> None:
    original = pdf_bytes(build_pdf([page()], extras=True))
    packet = burnt(original, [])
    assert all_text(packet).strip() == ""


def test_a_whole_page_can_be_withheld() -> None:
    specs = [page(), page(size=A4, rotate=90)]
    original = pdf_bytes(build_pdf(specs))
    sizes = check_document(original, name="o.pdf").page_sizes
    boxes = [whole_page_box(2, sizes[1], RedactionBasis.PSYCHIATRIC)]
    packet = burnt(original, boxes)

    image = render(packet, 2)
    assert image.size == (842, 595)
    assert dark_share(image, (0, 0, image.width, image.height)) > 0.95
    assert verify_redaction(original, packet, boxes).problems == ()


def test_every_redaction_basis_has_a_short_label() -> None:
    assert set(BASIS_LABELS) == set(RedactionBasis.values)
    assert all(0 < len(label) <= 12 for label in BASIS_LABELS.values())


@pytest.mark.parametrize(
    ("box", "problem"),
    [
        pytest.param(
            Box(3, 10, 10, 50, 50, "other"),
            "page 3 does not exist",
            id="a page that does not exist",
        ),
        pytest.param(
            Box(1, 580, 10, 620, 50, "other"),
            "not wholly on page 1",
            id="partly off the right edge",
        ),
        pytest.param(
            Box(1, -1, 10, 50, 50, "other"), "not wholly on page 1", id="partly off the left edge"
        ),
        pytest.param(
            Box(2, 10, 600, 50, 700, "other"), "not wholly on page 2", id="below a rotated page"
        ),
        pytest.param(Box(1, 10, 10, 50, 50, "gossip"), "unknown reason", id="an unknown reason"),
        pytest.param(Box(1, 50, 10, 50, 50, "other"), "empty box", id="no width"),
    ],
)
def test_boxes_off_their_page_are_refused_and_nothing_is_written(box: Box, problem: str) -> None:
    original = pdf_bytes(build_pdf([page(), page(rotate=90)]))
    output = io.BytesIO()
    with pytest.raises(BoxesRefused) as refused:
        burn_in(original, [box], output)
    assert problem in refused.value.problems[0]
    assert output.getvalue() == b""


def test_the_resolution_is_a_setting(settings: object) -> None:
    original = pdf_bytes(build_pdf([page()]))
    settings.REDACTION_DPI = 72  # type: ignore[attr-defined]
    low = burnt(original, [])
    settings.REDACTION_DPI = 150  # type: ignore[attr-defined]
    high = burnt(original, [])
    widths = []
    for packet in (low, high):
        with pikepdf.open(io.BytesIO(packet)) as pdf:
            widths.append(int(pdf.pages[0].Resources.XObject.Im0.Width))
    assert widths == [612, 1275]


# ----------------------------------------------------------------------------- faulty burn-ins


def test_a_box_painted_at_the_wrong_place_is_caught() -> None:
    specs = [page(rotate=90)]
    original = pdf_bytes(build_pdf(specs))
    boxes = secret_boxes(specs)
    wrong = [Box(b.page, b.x0 + 100, b.y0 + 100, b.x1 + 100, b.y1 + 100, b.reason) for b in boxes]
    packet = burnt(original, wrong)

    problems = verify_redaction(original, packet, boxes).problems
    assert problems == ("boxes[0]: the region on page 1 is not opaque",)


def test_a_transparent_box_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    specs = [page()]
    original = pdf_bytes(build_pdf(specs))

    def outline_only(image: Image.Image, boxes: Sequence[Box], scale: float) -> None:
        draw = ImageDraw.Draw(image)
        for box in boxes:
            draw.rectangle([v * scale for v in (box.x0, box.y0, box.x1, box.y1)], outline=0)

    monkeypatch.setattr(burn_module, "_paint", outline_only)
    packet = burnt(original, secret_boxes(specs))

    problems = verify_redaction(original, packet, secret_boxes(specs)).problems
    assert problems == ("boxes[0]: the region on page 1 is not opaque",)


def test_a_text_layer_kept_is_caught() -> None:
    specs = [page()]
    original = pdf_bytes(build_pdf(specs))
    boxes = secret_boxes(specs)
    packet = burnt(original, boxes)
    # Slip the original's words back in as invisible text (render mode 3), as OCR layers are.
    pdf = pikepdf.open(io.BytesIO(packet))
    target = pdf.pages[0]
    font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
    )
    target.obj.Resources.Font = pikepdf.Dictionary(F1=font)
    target.contents_add(
        pdf.make_stream(b"BT 3 Tr /F1 14 Tf 150 292 Td (Secretname) Tj ET"), prepend=False
    )
    leaky = pdf_bytes(pdf)

    problems = verify_redaction(original, leaky, boxes).problems
    assert "page 1: pypdf extracts 1 of the withheld terms" in problems
    assert "page 1: pdftotext extracts 1 of the withheld terms" in problems
    assert any("the packet has a text layer" in problem for problem in problems)
    assert all(SECRET not in problem for problem in problems)


def test_metadata_or_scripts_added_to_a_packet_are_caught() -> None:
    original = pdf_bytes(build_pdf([page()]))
    packet = burnt(original, [])
    pdf = pikepdf.open(io.BytesIO(packet))
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:title"] = "x"
    pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("1"))
    problems = verify_redaction(original, pdf_bytes(pdf), []).problems
    assert set(problems) >= {
        "the packet contains /JS",
        "the packet contains /OpenAction",
        "the packet contains /Metadata",
    }
    assert "the packet's catalog has /Metadata, /OpenAction" in problems


def test_a_packet_missing_a_page_is_caught() -> None:
    original = pdf_bytes(build_pdf([page(), page()]))
    packet = burnt(pdf_bytes(build_pdf([page()])), [])
    assert verify_redaction(original, packet, []).problems == (
        "the packet has 1 pages, the original 2",
    )


# ----------------------------------------------------------------------------- hard cases


def boxes_of_every_size() -> list[Box]:
    """Boxes from slivers of half a point to wide bands, each label in turn, laid in rows."""
    reasons = list(BASIS_LABELS)
    boxes, x, y, row = [], 5.0, 5.0, 0.0
    sizes = [(w, h) for w in (0.5, 1, 3, 8, 20, 50, 120) for h in (0.5, 1, 2.5, 5, 9, 14, 30)]
    for index, (width, height) in enumerate(sizes):
        if x + width > 600:
            x, y, row = 5.0, y + row + 5, 0.0
        boxes.append(Box(1, x, y, x + width, y + height, reasons[index % len(reasons)]))
        x, row = x + width + 5.3, max(row, height)
    return boxes


@pytest.mark.parametrize("dpi", [72, 150, 200, 300])
def test_boxes_of_every_size_are_painted_and_proved_at_any_resolution(dpi: int) -> None:
    """Coordinates are rounded outward (a half-point box is painted, not refused by the
    drawing library), and a sliver rendered back grey is still recognised as painted."""
    original = pdf_bytes(build_pdf([page()]))
    boxes = boxes_of_every_size()
    packet = burnt(original, boxes, dpi=dpi)
    assert verify_redaction(original, packet, boxes).problems == ()


def test_a_missing_sliver_is_caught() -> None:
    original = pdf_bytes(build_pdf([page()]))
    sliver = [Box(1, 300, 300, 300.5, 340, RedactionBasis.OTHER)]
    packet = burnt(original, [])
    assert verify_redaction(original, packet, sliver).problems == (
        "boxes[0]: the region on page 1 is not opaque",
    )


@pytest.mark.parametrize(
    "boxes",
    [
        pytest.param(
            [Box(1, 0, 0, 612, 792, "other"), Box(1, 100, 100, 300, 140, "hiv_related")],
            id="a box on a withheld page",
        ),
        pytest.param(
            [Box(1, 100, 100, 300, 160, "other_people"), Box(1, 120, 130, 400, 200, "other")],
            id="two boxes overlapping",
        ),
        pytest.param(
            [Box(1, 100, 100, 400, 160, "psychiatric"), Box(1, 240, 60, 260, 300, "other")],
            id="a band across another box's label",
        ),
        pytest.param(
            [Box(1, 240, 60, 260, 300, "other"), Box(1, 100, 100, 400, 160, "psychiatric")],
            id="a box whose label would cross an earlier band",
        ),
    ],
)
def test_overlapping_boxes_keep_each_other_opaque(boxes: list[Box]) -> None:
    """A label is white: it is left off where it would open a gap in another box."""
    original = pdf_bytes(build_pdf([page()]))
    packet = burnt(original, boxes)
    assert verify_redaction(original, packet, boxes).problems == ()


def test_a_media_box_away_from_the_origin() -> None:
    spec = PageSpec([Word(SECRET, 250, 600), Word(KEPT, 250, 300)], size=(612, 792), rotate=90)
    pdf = build_pdf([spec])
    pdf.pages[0].obj.MediaBox = [100, 100, 712, 892]
    original = pdf_bytes(pdf)
    x0, y0, x1, y1 = displayed_box(
        word_extent(spec.words[0]), PageSpec([], crop=(100, 100, 712, 892), rotate=90)
    )
    boxes = [Box(1, x0, y0, x1, y1, "other")]
    packet = burnt(original, boxes)
    assert verify_redaction(original, packet, boxes).problems == ()
    assert "".join(pypdf_texts(original)).count(SECRET) == 1
    image = render(packet, 1)
    assert dark_share(image, (x0 + 2, y0 + 2, x1 - 2, y1 - 2)) > 0.6


def test_text_under_the_box_is_what_the_proof_looks_for() -> None:
    """The proof reads, from the original, exactly the words under each box, whatever the page's
    rotation and crop box (so a box drawn at the wrong place could not pass unnoticed)."""
    for specs in CASES.values():
        original = pdf_bytes(build_pdf(specs))
        assert text_under_boxes(original, secret_boxes(specs)) == [SECRET] * len(specs)


def test_colours_survive_the_rebuild() -> None:
    """Pages are rasterized in colour (pdfium's byte order turned to RGB), not in grey."""
    pdf = build_pdf([PageSpec([])])
    pdf.pages[0].obj.Contents = pdf.make_stream(b"1 0 0 rg 100 592 100 100 re f")
    packet = burnt(pdf_bytes(pdf), [])
    result = subprocess.run(
        ["pdftoppm", "-r", "72", "-"], input=packet, capture_output=True, check=True
    )
    image = Image.open(io.BytesIO(result.stdout)).convert("RGB")
    with pikepdf.open(io.BytesIO(packet)) as rebuilt:
        assert rebuilt.pages[0].Resources.XObject.Im0.ColorSpace == "/DeviceRGB"
    red, green, blue = image.getpixel((150, 150))  # type: ignore[misc]
    assert red > 250 and green < 5 and blue < 5
    assert min(image.getpixel((50, 50))) > 250  # type: ignore[arg-type]


def test_a_page_too_large_to_rasterize_whole_is_rasterized_smaller() -> None:
    """A 200-inch page (the largest a PDF may declare) would be 800 million pixels at 200 dpi:
    it is rasterized within RASTER_MAX_PIXELS, and its box still lands and is proved."""
    spec = PageSpec([Word(SECRET, 7000, 7000)], size=(14400, 14400))
    original = pdf_bytes(build_pdf([spec]))
    boxes = secret_boxes([spec])
    packet = burnt(original, boxes)
    with pikepdf.open(io.BytesIO(packet)) as pdf:
        image = pdf.pages[0].Resources.XObject.Im0
        assert int(image.Width) * int(image.Height) <= burn_module.RASTER_MAX_PIXELS
        assert [float(v) for v in pdf.pages[0].MediaBox] == [0, 0, 14400, 14400]
    assert verify_redaction(original, packet, boxes).problems == ()


def test_document_information_an_outline_or_a_revision_added_to_a_packet_are_caught() -> None:
    original = pdf_bytes(build_pdf([page()]))
    packet = burnt(original, [])
    pdf = pikepdf.open(io.BytesIO(packet))
    pdf.docinfo["/Title"] = "Case of Jane Roe"
    with pdf.open_outline() as outline:
        outline.root.append(pikepdf.OutlineItem("Jane Roe", 0))
    dressed = pdf_bytes(pdf)
    assert verify_redaction(original, dressed, []).problems == (
        "the packet has document information (/Info)",
        "the packet's catalog has /Outlines",
    )
    revised = with_incremental_update(
        pdf_bytes(pikepdf.open(io.BytesIO(packet)), compress_streams=False), 0, []
    )
    assert verify_redaction(original, revised, []).problems == ("the packet has 2 revisions",)


def test_a_page_without_colour_is_written_in_grey() -> None:
    """A third of the pixels to write for a typed or scanned page, the same page to read."""
    specs = [page()]
    original = pdf_bytes(build_pdf(specs))
    packet = burnt(original, secret_boxes(specs))
    with pikepdf.open(io.BytesIO(packet)) as pdf:
        assert pdf.pages[0].Resources.XObject.Im0.ColorSpace == "/DeviceGray"
    assert verify_redaction(original, packet, secret_boxes(specs)).problems == ()
