"""The proof that a burnt-in packet leaks nothing, built on tools the burn-in does not use.

Poppler runs as fixed programs with fixed arguments and a temporary path, never through a shell.
The burn-in rasterizes with pypdfium2 and writes its own PDF; the proof reads the packet with
pypdf and poppler's `pdftotext` (text), poppler's `pdftoppm` (pixels) and pikepdf (structure).
pypdfium2 is used only to read, from the original, the text that lay under each box.

`verify_packet` holds any PDF to the checks that need no original: no forbidden key (JavaScript,
attachments, annotations, forms, an open action, XMP metadata) and none of the given terms
extractable. `verify_redaction` adds, against the original and its boxes: no text under any box
(nor any text at all: the packet must be pixels only), every box rendered opaque where it was
drawn, the same number and size of pages.
"""

from __future__ import annotations

import hashlib
import io
import math
import re
import subprocess  # nosec B404
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pypdf
import pypdfium2 as pdfium
from PIL import Image

from requests_app.redaction.boxes import Box, PageSize, to_user_space

FORBIDDEN_KEYS = (
    "/JavaScript",
    "/JS",
    "/EmbeddedFiles",
    "/Annots",
    "/AcroForm",
    "/OpenAction",
    "/Metadata",
)
# Rendering resolution of the opacity check, and how far inside a box's edges it looks (points):
# the inset leaves room for rounding at either resolution; the rim lies inside the burn-in's
# label margin (burn.LABEL_MARGIN_POINTS), so it is solid black on every honest box.
PROOF_DPI = 100
_EDGE_INSET_POINTS = 1.5
_RIM_POINTS = 1.5
_DARK = 64
_SLIVER_DARK = 128
_DARK_SHARE = 0.6
_PROOF_MAX_PIXELS = 25_000_000
_POPPLER_SECONDS = 120


@dataclass(frozen=True)
class Verification:
    """The result of a proof: pages, the packet's SHA-256, and every problem found."""

    pages: int
    sha256: str
    problems: tuple[str, ...]

    @property
    def verified(self) -> bool:
        """True when nothing failed."""
        return not self.problems

    def as_dict(self) -> dict[str, object]:
        """The JSON report of the command line."""
        return {
            "pages": self.pages,
            "sha256": self.sha256,
            "verified": self.verified,
            "problems": list(self.problems),
        }


def verify_packet(
    packet: bytes, *, absent: Iterable[str] = (), by_word: bool = False
) -> Verification:
    """Check any PDF: no forbidden key or XMP metadata, none of `absent` extractable by pypdf
    nor by pdftotext. A term is compared with whitespace removed and case folded (extractors
    space and break lines differently); with `by_word`, each of its words of three or more
    characters must be absent too. Problems name the check and the page, never the term found
    (a report must not repeat what was withheld)."""
    verification, _ = _verify_packet(packet, absent=absent, by_word=by_word)
    return verification


def _verify_packet(
    packet: bytes, *, absent: Iterable[str], by_word: bool
) -> tuple[Verification, dict[str, list[str]]]:
    """verify_packet, and the text each tool extracted from each page (read once for both)."""
    problems: list[str] = []
    pages = 0
    try:
        with pikepdf.open(io.BytesIO(packet)) as pdf:
            pages = len(pdf.pages)
            problems.extend(forbidden_key_problems(pdf))
    except pikepdf.PdfError:
        problems.append("the packet cannot be read as a PDF")
        return Verification(pages=0, sha256=_sha256(packet), problems=tuple(problems)), {}
    terms = [_forms(text, by_word=by_word) for text in absent]
    terms = [forms for forms in terms if forms]
    texts = {"pypdf": pypdf_texts(packet), "pdftotext": pdftotext_texts(packet, pages)}
    for tool, page_texts in texts.items():
        for number, text in enumerate(page_texts, start=1):
            squeezed = _squeeze(text)
            found = [forms for forms in terms if any(form in squeezed for form in forms)]
            if found:
                problems.append(
                    f"page {number}: {tool} extracts {len(found)} of the withheld terms"
                )
    verification = Verification(pages=pages, sha256=_sha256(packet), problems=tuple(problems))
    return verification, texts


def verify_redaction(original: bytes, packet: bytes, boxes: Sequence[Box]) -> Verification:
    """Prove `packet` is a faithful burn-in of `boxes` onto `original`.

    Fails when the packet has any forbidden key, any extractable text (by pypdf or pdftotext),
    in particular text that lay under a box in the original, a box region that does not render
    opaque, or pages that differ in number or displayed size from the original's.
    """
    under = text_under_boxes(original, boxes)
    result, texts = _verify_packet(packet, absent=under, by_word=True)
    problems = list(result.problems)
    problems.extend(_text_layer_problems(texts))
    problems.extend(_structure_problems(packet))
    original_sizes = _original_page_sizes(original)
    packet_sizes = _packet_page_sizes(packet) if result.pages else []
    if len(packet_sizes) != len(original_sizes):
        problems.append(
            f"the packet has {len(packet_sizes)} pages, the original {len(original_sizes)}"
        )
    else:
        for number, (ours, theirs) in enumerate(zip(packet_sizes, original_sizes, strict=True), 1):
            if abs(ours.width - theirs.width) > 0.5 or abs(ours.height - theirs.height) > 0.5:
                problems.append(f"page {number}: the packet's page size differs from the original")
        problems.extend(opacity_problems(packet, boxes))
    return Verification(pages=result.pages, sha256=result.sha256, problems=tuple(problems))


def text_under_boxes(original: bytes, boxes: Sequence[Box]) -> list[str]:
    """The text of the original that lies under each box (pypdfium2's bounded text)."""
    texts: list[str] = []
    document = pdfium.PdfDocument(original)
    try:
        for box in boxes:
            if not 1 <= box.page <= len(document):
                continue
            page = document[box.page - 1]
            textpage = page.get_textpage()
            try:
                left, bottom, right, top = to_user_space(
                    box,
                    tuple(page.get_cropbox()),
                    page.get_rotation(),  # type: ignore[arg-type]
                )
                text = textpage.get_text_bounded(left=left, bottom=bottom, right=right, top=top)
            finally:
                textpage.close()
                page.close()
            if text.strip():
                texts.append(text)
    finally:
        document.close()
    return texts


def forbidden_key_problems(pdf: pikepdf.Pdf) -> list[str]:
    """Every forbidden key found in any object of the file (and in the trailer)."""
    found: set[str] = set()
    seen: set[tuple[int, int]] = set()
    for obj in [pdf.trailer, *pdf.objects]:
        _walk(obj, found, seen)
    return [f"the packet contains {key}" for key in FORBIDDEN_KEYS if key in found]


def _walk(obj: object, found: set[str], seen: set[tuple[int, int]]) -> None:
    stack = [obj]
    while stack:
        current = stack.pop()
        if isinstance(current, pikepdf.Object) and current.is_indirect:
            identity = current.objgen
            if identity in seen:
                continue
            seen.add(identity)
        if isinstance(current, pikepdf.Stream):
            current = current.stream_dict
        if isinstance(current, pikepdf.Dictionary):
            for key in current.keys():  # noqa: SIM118
                if key in FORBIDDEN_KEYS:
                    found.add(key)
                if key == "/Type" and current.get("/Type") == pikepdf.Name.Metadata:
                    found.add("/Metadata")
                stack.append(current.get(key))
        elif isinstance(current, pikepdf.Array):
            stack.extend(current)


def pypdf_texts(packet: bytes) -> list[str]:
    """The text pypdf extracts from each page."""
    try:
        reader = pypdf.PdfReader(io.BytesIO(packet))
        return [page.extract_text() or "" for page in reader.pages]
    except (pypdf.errors.PyPdfError, ValueError, KeyError) as error:
        return [f"<pypdf could not read the packet: {type(error).__name__}>"]


def pdftotext_texts(packet: bytes, pages: int) -> list[str]:
    """The text poppler's pdftotext extracts, one string per page (it separates pages with a
    form feed)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "packet.pdf"
        path.write_bytes(packet)
        result = subprocess.run(  # noqa: S603  # nosec B603 B607
            ["pdftotext", "-q", "-enc", "UTF-8", str(path), "-"],  # noqa: S607
            capture_output=True,
            timeout=_POPPLER_SECONDS,
            check=False,
        )
    if result.returncode != 0:
        return [f"<pdftotext could not read the packet (status {result.returncode})>"]
    texts = result.stdout.decode("utf-8", "replace").split("\f")
    return texts[:pages] if pages else texts


def opacity_problems(packet: bytes, boxes: Sequence[Box]) -> list[str]:
    """Each box, rendered back from the packet by pdftoppm, must be opaque: its rim solid dark,
    and most of its inside dark (the label is white)."""
    problems: list[str] = []
    sizes = _packet_page_sizes(packet)
    by_page: dict[int, list[tuple[int, Box]]] = {}
    for index, box in enumerate(boxes):
        by_page.setdefault(box.page, []).append((index, box))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "packet.pdf"
        path.write_bytes(packet)
        for page_number, page_boxes in sorted(by_page.items()):
            if page_number > len(sizes):
                problems.append(f"page {page_number}: the packet has no such page")
                continue
            size = sizes[page_number - 1]
            # A page too large for the proof's resolution is rendered at a lower one (in bounds).
            dpi = min(PROOF_DPI, 72 * math.sqrt(_PROOF_MAX_PIXELS / (size.width * size.height)))
            scale = dpi / 72
            image = _render_page(path, page_number, dpi)
            if image is None:
                problems.append(f"page {page_number}: pdftoppm could not render it")
                continue
            with image:
                for index, box in page_boxes:
                    if not _is_opaque(image, box, scale):
                        problems.append(
                            f"boxes[{index}]: the region on page {page_number} is not opaque"
                        )
    return problems


def _render_page(path: Path, page_number: int, dpi: float) -> Image.Image | None:
    result = subprocess.run(  # noqa: S603  # nosec B603 B607
        [  # noqa: S607
            "pdftoppm",
            "-q",
            "-gray",
            "-r",
            f"{dpi:.3f}",
            "-f",
            str(page_number),
            "-l",
            str(page_number),
            str(path),
        ],
        capture_output=True,
        timeout=_POPPLER_SECONDS,
        check=False,
    )
    if result.returncode != 0 or not result.stdout:
        return None
    image = Image.open(io.BytesIO(result.stdout))
    image.load()
    return image


def _is_opaque(image: Image.Image, box: Box, scale: float) -> bool:
    # At a low resolution (a page too large for PROOF_DPI) a pixel is more than the insets:
    # keep a pixel and a half off the edges, whose pixels blend the box with the page.
    inset = max(_EDGE_INSET_POINTS, 1.5 / scale)
    left = int((box.x0 + inset) * scale)
    top = int((box.y0 + inset) * scale)
    right = min(image.width, int((box.x1 - inset) * scale))
    bottom = min(image.height, int((box.y1 - inset) * scale))
    if right <= left or bottom <= top:
        # A box too thin for the insets (a point or two): it hides little, but it must be there.
        # Rendered at a lower resolution than it was painted, it comes back grey, not black.
        sliver = (
            math.floor(box.x0 * scale),
            math.floor(box.y0 * scale),
            max(math.ceil(box.x1 * scale), math.floor(box.x0 * scale) + 1),
            max(math.ceil(box.y1 * scale), math.floor(box.y0 * scale) + 1),
        )
        darkest, _ = image.crop(sliver).convert("L").getextrema()
        return _value(darkest) < _SLIVER_DARK
    region = image.crop((left, top, right, bottom)).convert("L")
    width, height = region.size
    rim = max(1, round(_RIM_POINTS * scale))
    strips = (
        (0, 0, width, min(rim, height)),
        (0, max(0, height - rim), width, height),
        (0, 0, min(rim, width), height),
        (max(0, width - rim), 0, width, height),
    )
    for strip in strips:
        _, brightest = region.crop(strip).getextrema()
        if _value(brightest) >= _DARK:
            return False
    dark = sum(region.histogram()[:_DARK])
    return dark >= _DARK_SHARE * width * height


def _value(pixel: object) -> int:
    if isinstance(pixel, tuple):
        return int(pixel[0])
    return int(pixel)  # type: ignore[call-overload]


def _text_layer_problems(texts_by_tool: dict[str, list[str]]) -> list[str]:
    problems: list[str] = []
    for tool, texts in texts_by_tool.items():
        pages_with_text = [number for number, text in enumerate(texts, 1) if text.strip()]
        if pages_with_text:
            listed = ", ".join(str(number) for number in pages_with_text[:10])
            problems.append(
                f"{tool} extracts text from page(s) {listed}: the packet has a text layer"
            )
    return problems


def _structure_problems(packet: bytes) -> list[str]:
    """A rebuilt packet is a catalog, pages and images: no document information, no outline or
    other catalog entry, one revision."""
    problems: list[str] = []
    revisions = packet.count(b"startxref")
    if revisions > 1:
        problems.append(f"the packet has {revisions} revisions")
    try:
        with pikepdf.open(io.BytesIO(packet)) as pdf:
            if pdf.trailer.get("/Info") is not None and len(pdf.docinfo.keys()) > 0:
                problems.append("the packet has document information (/Info)")
            extra = sorted(set(pdf.Root.keys()) - {"/Type", "/Pages"})
            if extra:
                problems.append(f"the packet's catalog has {', '.join(extra)}")
    except pikepdf.PdfError:
        problems.append("the packet cannot be read as a PDF")
    return problems


def _original_page_sizes(original: bytes) -> list[PageSize]:
    document = pdfium.PdfDocument(original)
    try:
        return [PageSize(*document.get_page_size(index)) for index in range(len(document))]
    finally:
        document.close()


def _packet_page_sizes(packet: bytes) -> list[PageSize]:
    """Displayed page sizes read by pypdf (crop box, turned by /Rotate)."""
    sizes: list[PageSize] = []
    for page in pypdf.PdfReader(io.BytesIO(packet)).pages:
        width, height = float(page.cropbox.width), float(page.cropbox.height)
        if page.rotation % 180:
            width, height = height, width
        sizes.append(PageSize(width=width, height=height))
    return sizes


def _forms(text: str, *, by_word: bool) -> frozenset[str]:
    """Comparable forms of one withheld text: the whole of it and, `by_word`, each word of three
    or more characters, with whitespace removed and case folded."""
    forms = {_squeeze(word) for word in text.split() if len(word) >= 3} if by_word else set()
    whole = _squeeze(text)
    if whole:
        forms.add(whole)
    return frozenset(forms)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
