"""Checking an input before redaction: what is refused (naming the file), what an image becomes,
and what a checked document reports (pages, displayed sizes, SHA-256). No database."""

from __future__ import annotations

import hashlib
import importlib
import io
import subprocess

import pikepdf
import pytest
from PIL import Image, ImageFile

from requests_app.redaction import DocumentLimits, DocumentRefused, PageSize, check_document
from tests.redaction_pdfs import A4, LEGAL, LETTER, PageSpec, Word, build_pdf, pdf_bytes

LIMITS = DocumentLimits(max_bytes=5 * 1024 * 1024, max_pages=20, max_pixels=4_000_000)


def simple_pdf(pages: int = 1) -> bytes:
    return pdf_bytes(build_pdf([PageSpec([Word("Alpha", 100, 700)]) for _ in range(pages)]))


def encrypted_pdf(*, user_password: str) -> bytes:
    pdf = build_pdf([PageSpec([Word("Alpha", 100, 700)])])
    return pdf_bytes(pdf, encryption=pikepdf.Encryption(owner="owner", user=user_password))


def raw_pdf(*objects: bytes) -> bytes:
    """A PDF written byte by byte (objects numbered from 1, the first the catalog), with a correct
    cross-reference table, so its page tree says exactly what the test wants it to."""
    out = b"%PDF-1.7\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def pdf_declaring_pages(count: int) -> bytes:
    """One real page under a page tree whose /Count claims `count` pages."""
    return raw_pdf(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count %d >>" % count,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
    )


def pdf_with_pages_under_a_low_count(pages: int) -> bytes:
    """`pages` real pages under a page tree whose /Count claims only one."""
    kids = b" ".join(b"%d 0 R" % (3 + index) for index in range(pages))
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"
    return raw_pdf(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count 1 >>" % kids,
        *[page] * pages,
    )


def zero_page_pdf() -> bytes:
    return raw_pdf(b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>")


def image_bytes(
    size: tuple[int, int], image_format: str, mode: str = "RGB", **save: object
) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, "white").save(buffer, format=image_format, **save)  # type: ignore[arg-type]
    return buffer.getvalue()


def multipage_tiff(frames: int, size: tuple[int, int] = (200, 300)) -> bytes:
    buffer = io.BytesIO()
    images = [Image.new("L", size, 255) for _ in range(frames)]
    images[0].save(buffer, format="TIFF", save_all=True, append_images=images[1:])
    return buffer.getvalue()


REFUSED = [
    pytest.param(
        encrypted_pdf(user_password="open"),
        "remove the password first",
        id="encrypted with a user password",
    ),
    pytest.param(
        encrypted_pdf(user_password=""),
        "remove the password first",
        id="encrypted with an owner password only",
    ),
    pytest.param(simple_pdf(3)[:-200], "damaged or truncated", id="truncated"),
    pytest.param(simple_pdf()[:400], "damaged or truncated", id="cut short after the header"),
    pytest.param(
        b"%PDF-1.7\nthis is not a PDF body at all\n%%EOF\n", "damaged or truncated", id="malformed"
    ),
    pytest.param(zero_page_pdf(), "has no pages", id="zero pages"),
    pytest.param(
        pdf_declaring_pages(100_000),
        "declares 100,000 pages, over the limit of 20",
        id="page tree claiming 100,000 pages",
    ),
    pytest.param(
        simple_pdf(21), "declares 21 pages, over the limit of 20", id="more pages than the limit"
    ),
    pytest.param(
        pdf_with_pages_under_a_low_count(21),
        "has 21 pages, over the limit of 20",
        id="more pages than its page tree admits",
    ),
    pytest.param(
        b"Dear DCF,\nplease find my records.\n", "is not a PDF", id="a text file named .pdf"
    ),
    pytest.param(b"", "is not a PDF", id="an empty file"),
    pytest.param(
        b"\x00" * (5 * 1024 * 1024 + 1), "over the limit of 5,242,880 bytes", id="too many bytes"
    ),
    pytest.param(
        image_bytes((2001, 2000), "PNG"),
        "over the limit of 4,000,000 pixels",
        id="an image over the pixel limit",
    ),
    pytest.param(
        multipage_tiff(21, (10, 10)),
        "has 21 frames, over the limit of 20 pages",
        id="a TIFF with too many frames",
    ),
    pytest.param(
        image_bytes((50, 50), "PNG")[:60], "damaged or unsupported image", id="a truncated PNG"
    ),
]


@pytest.mark.parametrize(("data", "reason"), REFUSED)
def test_inputs_that_cannot_be_used_are_refused_naming_the_file(data: bytes, reason: str) -> None:
    with pytest.raises(DocumentRefused) as refused:
        check_document(data, name="records.pdf", limits=LIMITS)
    assert str(refused.value).startswith("records.pdf: ")
    assert reason in str(refused.value)


def test_pillow_own_decompression_bomb_limit_refuses_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pillow's MAX_IMAGE_PIXELS stops a bomb even under a generous setting."""
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 10_000)
    generous = DocumentLimits(max_bytes=LIMITS.max_bytes, max_pages=20, max_pixels=10**9)
    with pytest.raises(DocumentRefused, match="too large to open safely"):
        check_document(image_bytes((200, 200), "PNG"), name="scan.png", limits=generous)


def test_the_type_comes_from_the_content_never_the_name() -> None:
    checked = check_document(simple_pdf(), name="letter.txt", limits=LIMITS)
    assert checked.media_type == "application/pdf"
    png = check_document(image_bytes((100, 100), "PNG"), name="scan.pdf", limits=LIMITS)
    assert png.media_type == "image/png"


def test_a_truncated_image_is_refused_even_after_weasyprint_relaxed_pillow() -> None:
    """WeasyPrint (which the portal imports) lets Pillow load truncated images process-wide."""
    importlib.import_module("weasyprint")
    assert ImageFile.LOAD_TRUNCATED_IMAGES
    jpeg = image_bytes((300, 300), "JPEG")
    with pytest.raises(DocumentRefused, match="damaged or unsupported image"):
        check_document(jpeg[: len(jpeg) // 2], name="scan.jpg", limits=LIMITS)
    assert ImageFile.LOAD_TRUNCATED_IMAGES


def test_images_are_refused_where_only_a_pdf_will_do() -> None:
    with pytest.raises(DocumentRefused, match=r"scan\.pdf: is an image \(image/png\), not a PDF"):
        check_document(image_bytes((10, 10), "PNG"), name="scan.pdf", allow_images=False)


@pytest.mark.parametrize(
    ("data", "media_type", "pages"),
    [
        pytest.param(
            image_bytes((144, 72), "PNG", "RGBA", dpi=(72, 72)), "image/png", 1, id="PNG with alpha"
        ),
        pytest.param(image_bytes((144, 72), "JPEG", dpi=(72, 72)), "image/jpeg", 1, id="JPEG"),
        pytest.param(
            image_bytes((144, 72), "PNG", "1", dpi=(72, 72)), "image/png", 1, id="PNG bilevel"
        ),
        pytest.param(multipage_tiff(3, (144, 72)), "image/tiff", 3, id="TIFF of three frames"),
    ],
)
def test_images_become_one_pdf_page_per_frame(data: bytes, media_type: str, pages: int) -> None:
    checked = check_document(data, name="scan", limits=LIMITS)
    assert checked.media_type == media_type
    assert checked.pages == pages
    assert checked.pdf.startswith(b"%PDF-")
    reopened = pikepdf.open(io.BytesIO(checked.pdf))
    assert len(reopened.pages) == pages
    assert checked.sha256 == hashlib.sha256(data).hexdigest()


def test_a_checked_pdf_reports_pages_displayed_sizes_and_sha256() -> None:
    data = pdf_bytes(
        build_pdf(
            [
                PageSpec([], size=LETTER),
                PageSpec([], size=LEGAL, rotate=90),
                PageSpec([], size=A4, crop=(50, 100, 545, 700)),
                PageSpec([], size=A4, rotate=270, crop=(50, 100, 545, 700)),
            ]
        )
    )
    checked = check_document(data, name="mixed.pdf", limits=LIMITS)
    assert checked.pages == 4
    assert checked.page_sizes == (
        PageSize(612, 792),
        PageSize(1008, 612),
        PageSize(495, 600),
        PageSize(600, 495),
    )
    assert checked.sha256 == hashlib.sha256(data).hexdigest()
    assert checked.pdf == data


def test_limits_come_from_the_settings(settings: object) -> None:
    settings.DOCUMENT_MAX_PAGES = 2  # type: ignore[attr-defined]
    settings.DOCUMENT_MAX_BYTES = 10**6  # type: ignore[attr-defined]
    settings.DOCUMENT_MAX_PIXELS = 1000  # type: ignore[attr-defined]
    assert DocumentLimits.from_settings() == DocumentLimits(10**6, 2, 1000)
    with pytest.raises(DocumentRefused, match="declares 3 pages, over the limit of 2"):
        check_document(simple_pdf(3), name="three.pdf")


def rendered_pixel(pdf: bytes, x: int, y: int) -> tuple[int, ...]:
    """A pixel of the first page as poppler draws it at 72 dpi."""
    result = subprocess.run(
        ["pdftoppm", "-r", "72", "-f", "1", "-l", "1", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    )
    pixel = Image.open(io.BytesIO(result.stdout)).convert("RGB").getpixel((x, y))
    return tuple(pixel)  # type: ignore[arg-type]


@pytest.mark.parametrize("image_format", ["PNG", "TIFF"])
def test_a_16_bit_grey_scan_keeps_its_greys(image_format: str) -> None:
    """A plain conversion to 8 bits clips: every pixel above 255 of 65535 came out white."""
    scan = Image.new("I;16", (72, 72), 65535)
    scan.paste(Image.new("I;16", (36, 72), 16384), (0, 0))
    buffer = io.BytesIO()
    scan.save(buffer, format=image_format, dpi=(72, 72))
    checked = check_document(buffer.getvalue(), name="scan", limits=LIMITS)
    dark, light = rendered_pixel(checked.pdf, 10, 36), rendered_pixel(checked.pdf, 60, 36)
    assert 55 <= dark[0] <= 75
    assert light[0] >= 250


def test_transparent_parts_of_an_image_show_white_paper() -> None:
    """Transparent pixels usually hold black: dropping the alpha would print them black."""
    picture = Image.new("RGBA", (72, 72), (0, 0, 0, 0))
    picture.paste(Image.new("RGBA", (36, 72), (200, 0, 0, 255)), (0, 0))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", dpi=(72, 72))
    checked = check_document(buffer.getvalue(), name="logo.png", limits=LIMITS)
    assert min(rendered_pixel(checked.pdf, 60, 36)) >= 250
    red, green, blue = rendered_pixel(checked.pdf, 10, 36)
    assert red > 190 and green < 10 and blue < 10


def test_a_photo_is_turned_the_way_its_camera_says() -> None:
    """EXIF orientation 6 (turn 90 degrees clockwise to view): viewers show the photo upright,
    and so does its page."""
    photo = Image.new("RGB", (200, 100), "white")
    exif = Image.Exif()
    exif[0x0112] = 6
    buffer = io.BytesIO()
    photo.save(buffer, format="JPEG", dpi=(72, 72), exif=exif.tobytes())
    checked = check_document(buffer.getvalue(), name="photo.jpg", limits=LIMITS)
    assert checked.page_sizes == (PageSize(100, 200),)


@pytest.mark.parametrize("dpi", [(100000, 100000), (0.01, 0.01), (72, 100000)])
def test_an_image_with_a_nonsensical_resolution_is_still_a_page(dpi: tuple[float, float]) -> None:
    checked = check_document(image_bytes((300, 300), "PNG", dpi=dpi), name="s.png", limits=LIMITS)
    assert checked.pages == 1
    assert 3 <= checked.page_sizes[0].width <= 14400
