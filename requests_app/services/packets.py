"""The disclosure packet: the one PDF that leaves DCF for a documentary disclosure.

A cover letter (the recipient, the request, the authority, the redisclosure warning and the
notices their statutes require for HIV-related and substance-use information), the request's
records rebuilt with their boxes burned in (`redaction.burn`), and the redaction log; every page
stamped below its content with the request, the recipient, the date, its number and a Bates
number. Each record is proven against its original (`redaction.verify.verify_redaction`) and the
whole packet again (`verify_packet`: no forbidden key, none of the withheld text); a packet that
fails is refused with what failed. Built in the background, page by page, with its progress.
"""

import hashlib
import io

import pikepdf
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from requests_app import audit
from requests_app.choices import InformationCategory, RedactionBasis
from requests_app.dates import day_in_words
from requests_app.models import DisclosurePacket, DisclosureRequest, Document, PacketStatus
from requests_app.pdf import pdf_from_html
from requests_app.permissions import may_build_packet
from requests_app.redaction.boxes import BASIS_LABELS, Box
from requests_app.redaction.burn import burn_in
from requests_app.redaction.verify import text_under_boxes, verify_packet, verify_redaction
from requests_app.selectors.documents import boxes_digest
from requests_app.services.requests import disclosure_authority

#: The strip added below every page for its stamp, in points (nothing of the page is covered).
STAMP_HEIGHT = 20
STAMP_FONT_SIZE = 7


def packet_start(*, request: DisclosureRequest, user: User) -> DisclosurePacket:
    """Queue the building of the request's packet (the requester, once the request may be
    disclosed, when it has records), audited."""
    if not may_build_packet(user=user, request=request):
        raise PermissionDenied("Only the requester builds the packet, once it may be disclosed.")
    documents = list(request.documents.all())
    if not documents:
        raise ValidationError("Attach the records before building the packet.")
    with transaction.atomic():
        packet = DisclosurePacket.objects.create(
            request=request,
            status=PacketStatus.BUILDING,
            pages_total=sum(d.page_count for d in documents),
            boxes_digest=boxes_digest(request),
            built_by=user,
            started_at=timezone.now(),
        )
        audit.record(user=user, action="create", obj=packet, client=request.client)
    from requests_app.tasks import build_packet

    transaction.on_commit(lambda: build_packet.enqueue(packet.pk))
    return packet


def packet_build(packet: DisclosurePacket) -> DisclosurePacket:
    """Build and prove the packet; it ends verified (stored with its SHA-256, pages and count of
    boxes) or refused with every problem. Never raises for a bad packet."""
    request = packet.request
    problems: list[str] = []
    withheld: list[str] = []
    records: list[tuple[Document, bytes, list[Box]]] = []
    for document in request.documents.order_by("uploaded_at", "pk"):
        with document.pdf.open("rb") as stored:
            original = stored.read()
        boxes = [
            Box(b.page, b.x0, b.y0, b.x1, b.y1, b.reason)
            for b in document.boxes.order_by("page", "pk")
        ]
        out = io.BytesIO()
        burn_in(original, boxes, out)
        proof = verify_redaction(original, out.getvalue(), boxes)
        problems += [f"{document.name}: {problem}" for problem in proof.problems]
        withheld += text_under_boxes(original, boxes)
        records.append((document, out.getvalue(), boxes))
        DisclosurePacket.objects.filter(pk=packet.pk).update(
            pages_done=F("pages_done") + document.page_count
        )
    if problems:
        return _finish(packet, problems=problems)
    packet_pdf = _assemble(packet, records)
    proof = verify_packet(packet_pdf, absent=withheld)
    if not proof.verified:
        return _finish(packet, problems=[f"the packet: {p}" for p in proof.problems])
    return _finish(
        packet,
        pdf=packet_pdf,
        pages=proof.pages,
        boxes=sum(len(boxes) for _, _, boxes in records),
    )


def _finish(
    packet: DisclosurePacket,
    *,
    problems: list[str] | None = None,
    pdf: bytes = b"",
    pages: int = 0,
    boxes: int = 0,
) -> DisclosurePacket:
    packet.finished_at = timezone.now()
    packet.pages_done = packet.pages_total
    if problems:
        packet.status = PacketStatus.REFUSED
        packet.problems = "\n".join(problems)
    else:
        packet.file.save("packet.pdf", ContentFile(pdf), save=False)
        packet.sha256 = hashlib.sha256(pdf).hexdigest()
        packet.page_count = pages
        packet.redaction_count = boxes
        packet.status = PacketStatus.VERIFIED
    packet.save()
    return packet


def _assemble(packet: DisclosurePacket, records: list[tuple[Document, bytes, list[Box]]]) -> bytes:
    """Cover letter, records, redaction log, in one PDF, each page stamped."""
    request = packet.request
    _, authority = disclosure_authority(request)
    today = timezone.localdate()
    context = {
        "request": request,
        "authority": authority,
        "today": today,
        "records": [
            {
                "name": document.name,
                "pages": document.page_count,
                "boxes": [
                    {
                        "page": b.page,
                        "label": BASIS_LABELS[b.reason],
                        "reason": RedactionBasis(b.reason).label,
                    }
                    for b in boxes
                ],
            }
            for document, _, boxes in records
        ],
        "hiv": InformationCategory.HIV_RELATED in request.categories,
        "substance_use": InformationCategory.SUBSTANCE_USE in request.categories,
    }
    parts = [pdf_from_html(render_to_string("requests_app/pdf/packet_cover.html", context))]
    parts += [burned for _, burned, _ in records]
    parts.append(pdf_from_html(render_to_string("requests_app/pdf/packet_log.html", context)))
    out = pikepdf.new()
    for part in parts:
        source = pikepdf.open(io.BytesIO(part))
        out.pages.extend(source.pages)
    total = len(out.pages)
    font = out.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name.Helvetica,
            Encoding=pikepdf.Name.WinAnsiEncoding,
        )
    )
    released = f"released to {request.recipient_display} on {day_in_words(today)}"
    for number, page in enumerate(out.pages, start=1):
        bates = f"{request.reference}-{number:04d}"
        _stamp(
            out,
            page,
            font,
            f"DCF CONFIDENTIAL · {request.reference} · {released} · "
            f"page {number} of {total} · {bates}",
        )
    if "/Info" in out.trailer:
        del out.trailer["/Info"]
    result = io.BytesIO()
    out.save(result, deterministic_id=True)
    return result.getvalue()


def _stamp(pdf: pikepdf.Pdf, page: pikepdf.Page, font: pikepdf.Object, text: str) -> None:
    """Write `text` in a strip added below the page's content (the page grows; nothing of it is
    covered)."""
    left, bottom, right, top = (float(v) for v in page.mediabox)
    page.obj.MediaBox = pikepdf.Array([left, bottom - STAMP_HEIGHT, right, top])
    for name in ("/CropBox", "/TrimBox", "/BleedBox", "/ArtBox"):
        if name in page.obj:
            del page.obj[name]
    if "/Resources" not in page.obj:
        page.obj.Resources = pikepdf.Dictionary()
    resources = page.obj.Resources
    if "/Font" not in resources:
        resources.Font = pikepdf.Dictionary()
    resources.Font.FStamp = font
    shown = text.encode("cp1252", errors="replace")
    # The page's own content is wrapped in q ... Q, so whatever transformation it leaves in
    # force (WeasyPrint flips the y axis) does not move the stamp.
    page.contents_add(pdf.make_stream(b"q\n"), prepend=True)
    operations: list[tuple[list[object], pikepdf.Operator]] = [
        ([], pikepdf.Operator("Q")),
        ([], pikepdf.Operator("q")),
        ([], pikepdf.Operator("BT")),
        ([pikepdf.Name("/FStamp"), STAMP_FONT_SIZE], pikepdf.Operator("Tf")),
        ([left + 18, bottom - STAMP_HEIGHT + 7], pikepdf.Operator("Td")),
        ([pikepdf.String(shown)], pikepdf.Operator("Tj")),
        ([], pikepdf.Operator("ET")),
        ([], pikepdf.Operator("Q")),
    ]
    stream = pikepdf.unparse_content_stream(operations)  # type: ignore[arg-type]  # numbers are operands
    page.contents_add(pdf.make_stream(stream), prepend=False)
