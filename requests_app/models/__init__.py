"""Models of requests_app, split by concern."""

from requests_app.models.account import EnrolmentCode
from requests_app.models.audit import AccessEvent, RecordSeal
from requests_app.models.authority import Authority, AuthorityCited
from requests_app.models.casework import (
    Case,
    CaseAssignment,
    CaseMembership,
    CaseUserObjectPermission,
    Client,
    ClientRelation,
    ClientUserObjectPermission,
)
from requests_app.models.corrections import DisclosureCorrection
from requests_app.models.disclosure import (
    Disclosure,
    DisclosureRequest,
    PolicyDecision,
    RedactionNote,
    RequestEvent,
    Review,
)
from requests_app.models.documents import (
    DisclosurePacket,
    Document,
    DocumentPage,
    DocumentType,
    PacketStatus,
    RedactionBox,
)
from requests_app.models.grants import RoleGrantRequest
from requests_app.models.incidents import Incident, IncidentStep
from requests_app.models.notifications import Notification, OutboundEmail
from requests_app.models.staff import StaffProfile, WorkUnit

__all__ = [
    "AccessEvent",
    "Authority",
    "AuthorityCited",
    "Case",
    "CaseAssignment",
    "CaseMembership",
    "CaseUserObjectPermission",
    "Client",
    "ClientRelation",
    "ClientUserObjectPermission",
    "Disclosure",
    "DisclosureCorrection",
    "DisclosurePacket",
    "DisclosureRequest",
    "Document",
    "DocumentPage",
    "DocumentType",
    "EnrolmentCode",
    "Incident",
    "IncidentStep",
    "Notification",
    "OutboundEmail",
    "PacketStatus",
    "PolicyDecision",
    "RecordSeal",
    "RedactionBox",
    "RedactionNote",
    "RequestEvent",
    "Review",
    "RoleGrantRequest",
    "StaffProfile",
    "WorkUnit",
]
