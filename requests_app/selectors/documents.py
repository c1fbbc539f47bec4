"""Reading a request's records and packets, scoped to the user."""

import hashlib
import json

from django.contrib.auth.models import User
from django.http import Http404
from django.shortcuts import get_object_or_404

from requests_app.models import (
    DisclosurePacket,
    DisclosureRequest,
    Document,
    DocumentPage,
    PacketStatus,
    RedactionBox,
)
from requests_app.permissions import may_read_accounting
from requests_app.selectors.requests import requests_for_user


def documents_of_request(*, request: DisclosureRequest) -> list[Document]:
    """A request's records, oldest first, with who attached them (one query)."""
    return list(Document.objects.filter(request=request).select_related("uploaded_by"))


def document_for_user(*, user: User, pk: int) -> Document:
    """One record, of a request the user may see; 404 otherwise."""
    visible = Document.objects.filter(request__in=requests_for_user(user=user))
    return get_object_or_404(visible.select_related("request__client"), pk=pk)


def document_page_for_user(*, user: User, pk: int, number: int) -> DocumentPage:
    """One rendered page of a record the user may see; 404 otherwise (or until it is rendered)."""
    visible = DocumentPage.objects.filter(document__request__in=requests_for_user(user=user))
    return get_object_or_404(
        visible.select_related("document__request__client"), document_id=pk, number=number
    )


def boxes_digest(request: DisclosureRequest) -> str:
    """The SHA-256 of every box on the request's records: a packet built with other boxes is
    stale."""
    boxes = sorted(
        RedactionBox.objects.filter(document__request=request).values_list(
            "document_id", "page", "x0", "y0", "x1", "y1", "reason"
        )
    )
    return hashlib.sha256(json.dumps(boxes).encode()).hexdigest()


def current_packet(request: DisclosureRequest) -> DisclosurePacket | None:
    """The request's latest packet, or None."""
    return request.packets.order_by("-started_at", "-pk").first()


def packet_is_current(packet: DisclosurePacket | None, request: DisclosureRequest) -> bool:
    """A verified packet built with the boxes the records carry now."""
    return (
        packet is not None
        and packet.status == PacketStatus.VERIFIED
        and packet.boxes_digest == boxes_digest(request)
    )


def packet_for_user(*, user: User, pk: int) -> DisclosurePacket:
    """A verified packet, for whoever may read its client's accounting of disclosures (where
    its hash is listed) or see its request; 404 otherwise."""
    packet = get_object_or_404(
        DisclosurePacket.objects.select_related("request__client"),
        pk=pk,
        status=PacketStatus.VERIFIED,
    )
    if may_read_accounting(user=user, client_id=packet.request.client_id):
        return packet
    if requests_for_user(user=user).filter(pk=packet.request_id).exists():
        return packet
    raise Http404("No such packet.")
