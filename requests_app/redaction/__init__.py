"""Burn-in redaction of documents released to requesters, and its independent proof.

The released copy of a document is rebuilt, never edited: `burn.burn_in` rasterizes every page,
paints the boxes opaque and assembles a new PDF of images; `verify.verify_redaction` then proves,
with tools the burn-in does not use, that nothing under a box and nothing of the original's
structure survived. `documents.check_document` opens and checks an input (a PDF or an image)
before anything else touches it. Pure functions: nothing here reads or writes the database.
"""

from requests_app.redaction.boxes import (
    BASIS_LABELS,
    Box,
    BoxesRefused,
    PageSize,
    box_problems,
    boxes_from_json,
    boxes_problems,
    parse_boxes,
    whole_page_box,
)
from requests_app.redaction.burn import BurnResult, burn_in
from requests_app.redaction.documents import (
    CheckedDocument,
    DocumentLimits,
    DocumentRefused,
    check_document,
)
from requests_app.redaction.verify import Verification, verify_packet, verify_redaction

__all__ = [
    "BASIS_LABELS",
    "Box",
    "BoxesRefused",
    "BurnResult",
    "CheckedDocument",
    "DocumentLimits",
    "DocumentRefused",
    "PageSize",
    "Verification",
    "box_problems",
    "boxes_from_json",
    "boxes_problems",
    "burn_in",
    "check_document",
    "parse_boxes",
    "verify_packet",
    "verify_redaction",
    "whole_page_box",
]
