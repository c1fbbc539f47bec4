"""Redaction boxes: where they are, why, and how a displayed page maps to PDF user space.

A box is given in points with its origin at the top-left corner of the page *as displayed*: after
the page's /Rotate and its crop box are applied, which is what a reviewer sees in a viewer and
what the burn-in rasterizes. `to_user_space` maps a box back into the page's own coordinates
(the space a PDF's text positions are in), for reading what lay under it in the original.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from requests_app.choices import RedactionBasis

# The short label printed in white on each box, by redaction basis: the statute a requester can
# look up, or a plain word. One table, so the burn-in and any future editor agree.
BASIS_LABELS: dict[str, str] = {
    RedactionBasis.REPORTER_IDENTITY: "17a-28",
    RedactionBasis.HIV_RELATED: "HIV",
    RedactionBasis.SUBSTANCE_USE: "42 CFR 2",
    RedactionBasis.PSYCHIATRIC: "52-146e",
    RedactionBasis.OTHER_PEOPLE: "Other person",
    RedactionBasis.OTHER: "Withheld",
}

# How far past a page's edge a box may reach and still count as on it (points): page sizes are
# read as single-precision numbers (an A4 page is 595.2756 wide, not 595.276).
EDGE_TOLERANCE_POINTS = 0.01
_BOX_KEYS = ("page", "x0", "y0", "x1", "y1", "reason")


@dataclass(frozen=True)
class PageSize:
    """A page's displayed size in points (after /Rotate and the crop box)."""

    width: float
    height: float


@dataclass(frozen=True)
class Box:
    """One opaque box on one page: 1-based page number, displayed coordinates in points
    (top-left origin, x to the right, y downward), and the redaction basis code."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    reason: str

    @property
    def label(self) -> str:
        """The short label painted on the box."""
        return BASIS_LABELS[self.reason]


class BoxesRefused(ValueError):
    """Boxes that cannot be applied; `problems` has one line per problem."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = tuple(problems)


def whole_page_box(page: int, size: PageSize, reason: str) -> Box:
    """A box withholding the whole of a page."""
    return Box(page=page, x0=0.0, y0=0.0, x1=size.width, y1=size.height, reason=reason)


def boxes_from_json(data: object) -> list[Box]:
    """Boxes from decoded JSON: a list of objects with page (1-based), x0, y0, x1, y1 (points,
    top-left origin of the displayed page) and reason (a redaction basis code).

    Raises BoxesRefused naming every problem (`boxes[2]: missing key 'y1'`), never the first only.
    """
    parsed, problems = parse_boxes(data)
    if problems:
        raise BoxesRefused(problems)
    return [box for _, box in parsed]


def parse_boxes(data: object) -> tuple[list[tuple[int, Box]], list[str]]:
    """The well-formed boxes of decoded JSON, each with its index in the list, and one line per
    problem with the others (so a caller can still check the good ones against the pages)."""
    if not isinstance(data, list):
        return [], ["boxes: expected a JSON list of boxes"]
    problems: list[str] = []
    parsed: list[tuple[int, Box]] = []
    for index, item in enumerate(data):
        where = f"boxes[{index}]"
        if not isinstance(item, dict):
            problems.append(f"{where}: expected an object")
            continue
        missing = [key for key in _BOX_KEYS if key not in item]
        for key in missing:
            problems.append(f"{where}: missing key {key!r}")
        if missing:
            continue
        item_problems = _item_problems(where, item)
        if item_problems:
            problems.extend(item_problems)
            continue
        box = Box(
            page=item["page"],
            x0=float(item["x0"]),
            y0=float(item["y0"]),
            x1=float(item["x1"]),
            y1=float(item["y1"]),
            reason=item["reason"],
        )
        parsed.append((index, box))
    return parsed, problems


def _item_problems(where: str, item: dict[str, object]) -> list[str]:
    problems: list[str] = []
    page = item["page"]
    if isinstance(page, bool) or not isinstance(page, int) or page < 1:
        problems.append(f"{where}: page must be a whole number from 1, not {page!r}")
    numbers_ok = True
    for key in ("x0", "y0", "x1", "y1"):
        value = item[key]
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            problems.append(f"{where}: {key} must be a number of points, not {value!r}")
            numbers_ok = False
    if numbers_ok:
        x0, y0, x1, y1 = (float(item[key]) for key in ("x0", "y0", "x1", "y1"))  # type: ignore[arg-type]
        if x1 <= x0:
            problems.append(f"{where}: x1 ({x1:g}) must be greater than x0 ({x0:g})")
        if y1 <= y0:
            problems.append(f"{where}: y1 ({y1:g}) must be greater than y0 ({y0:g})")
    reason = item["reason"]
    if not isinstance(reason, str) or reason not in BASIS_LABELS:
        known = ", ".join(BASIS_LABELS)
        problems.append(f"{where}: unknown reason {reason!r} (one of {known})")
    return problems


def boxes_problems(boxes: Sequence[Box], page_sizes: Sequence[PageSize]) -> list[str]:
    """What keeps these boxes off this document, one line per problem (`boxes[i]: ...`)."""
    return [
        f"boxes[{index}]: {problem}"
        for index, box in enumerate(boxes)
        for problem in box_problems(box, page_sizes)
    ]


def box_problems(box: Box, page_sizes: Sequence[PageSize]) -> list[str]:
    """What keeps one box off this document: an unknown reason, no area, a page the document
    does not have, or not lying wholly on its displayed page. A box partly off its page is
    refused rather than clipped: whoever drew it meant something that is not there, and
    clipping would hide the mistake."""
    problems: list[str] = []
    if box.reason not in BASIS_LABELS:
        problems.append(f"unknown reason {box.reason!r}")
    if box.x1 <= box.x0 or box.y1 <= box.y0:
        problems.append("empty box (x1 must exceed x0 and y1 must exceed y0)")
    if not 1 <= box.page <= len(page_sizes):
        problems.append(
            f"page {box.page} does not exist (the document has {len(page_sizes)} pages)"
        )
        return problems
    size = page_sizes[box.page - 1]
    slack = EDGE_TOLERANCE_POINTS
    if (
        box.x0 < -slack
        or box.y0 < -slack
        or box.x1 > size.width + slack
        or box.y1 > size.height + slack
    ):
        problems.append(
            f"box ({box.x0:g}, {box.y0:g})-({box.x1:g}, {box.y1:g}) is not wholly on page "
            f"{box.page}, which is {size.width:g} x {size.height:g} points"
        )
    return problems


def to_user_space(
    box: Box, crop_box: tuple[float, float, float, float], rotation: int
) -> tuple[float, float, float, float]:
    """The box as (left, bottom, right, top) in the page's user space, given the page's crop box
    (left, bottom, right, top in user space) and its /Rotate (0, 90, 180 or 270, clockwise)."""
    corners = [
        _point_to_user(x, y, crop_box, rotation) for x, y in ((box.x0, box.y0), (box.x1, box.y1))
    ]
    xs = [x for x, _ in corners]
    ys = [y for _, y in corners]
    return min(xs), min(ys), max(xs), max(ys)


def _point_to_user(
    x: float, y: float, crop_box: tuple[float, float, float, float], rotation: int
) -> tuple[float, float]:
    left, bottom, right, top = crop_box
    if rotation == 90:
        return left + y, bottom + x
    if rotation == 180:
        return right - x, bottom + y
    if rotation == 270:
        return right - y, top - x
    return left + x, top - y
