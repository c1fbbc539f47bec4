"""Every write of requests_app goes through a service here: atomic, auditing, permission-keeping."""

from requests_app.services.casework import (
    VIEW_CASE,
    VIEW_CLIENT,
    access_sync,
    access_sync_all,
    assignment_create,
    assignment_end,
    staff_set_supervisor,
)
from requests_app.services.decisions import decision_record

__all__ = [
    "VIEW_CASE",
    "VIEW_CLIENT",
    "access_sync",
    "access_sync_all",
    "assignment_create",
    "assignment_end",
    "decision_record",
    "staff_set_supervisor",
]
