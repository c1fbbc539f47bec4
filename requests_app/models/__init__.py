"""Models of requests_app, split by concern."""

from requests_app.models.casework import (
    Case,
    CaseAssignment,
    CaseMembership,
    CaseUserObjectPermission,
    Client,
    ClientRelation,
    ClientUserObjectPermission,
)
from requests_app.models.disclosure import DisclosureRequest, PolicyDecision
from requests_app.models.staff import StaffProfile, WorkUnit

__all__ = [
    "Case",
    "CaseAssignment",
    "CaseMembership",
    "CaseUserObjectPermission",
    "Client",
    "ClientRelation",
    "ClientUserObjectPermission",
    "DisclosureRequest",
    "PolicyDecision",
    "StaffProfile",
    "WorkUnit",
]
