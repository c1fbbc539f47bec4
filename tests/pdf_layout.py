"""Where the text of a PDF lies on its pages, from WeasyPrint's layout of the portal's print
pages (`requests_app.pdf.document_from_html`): `text_off_the_page(html)` names every piece of
text that runs past the printable area of its page, so a long unbroken word is caught before it
runs off the paper."""

from __future__ import annotations

from collections.abc import Iterator

from weasyprint import Document
from weasyprint.formatting_structure import boxes

from requests_app.pdf import document_from_html

#: Layout rounding, in CSS pixels.
TOLERANCE = 0.5


def _text_boxes(box: boxes.Box, *, in_margin: bool = False) -> Iterator[tuple[boxes.TextBox, bool]]:
    in_margin = in_margin or isinstance(box, boxes.MarginBox)
    if isinstance(box, boxes.TextBox):
        yield box, in_margin
    for child in getattr(box, "children", ()):
        yield from _text_boxes(child, in_margin=in_margin)


def text_off_the_page(document: Document | str) -> list[str]:
    """Each piece of text (page number, start of the text) that does not lie inside its page:
    the body's text within the page's content area, a running header's or footer's within the
    sheet. `document`: a laid-out document, or the HTML to lay out."""
    if isinstance(document, str):
        document = document_from_html(document)
    off = []
    for number, page in enumerate(document.pages, start=1):
        page_box = page._page_box
        left = page_box.content_box_x()
        right = left + page_box.width
        for text, in_margin in _text_boxes(page_box):
            low, high = (0.0, page.width) if in_margin else (left, right)
            start, end = text.position_x, text.position_x + text.width
            if start < low - TOLERANCE or end > high + TOLERANCE:
                off.append(f"page {number}: {text.text[:30]!r} from {start:.0f} to {end:.0f}")
    return off
