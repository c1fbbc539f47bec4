"""Loss, theft and breach reports: submit, acknowledge, escalate a loss to a breach, notify the
Commissioner and the Director of Human Resources, close, and remind.

`common` holds what both kinds share; `loss` and `breach` what is their own; `reminders` the
periodic command's work.
"""

from requests_app.services.incidents.breach import (
    breach_report_submit,
    incident_notify_leadership,
)
from requests_app.services.incidents.common import (
    IncidentUnavailable,
    incident_acknowledge,
    incident_close,
)
from requests_app.services.incidents.loss import incident_escalate, loss_report_submit
from requests_app.services.incidents.reminders import incident_reminders_send

__all__ = [
    "IncidentUnavailable",
    "breach_report_submit",
    "incident_acknowledge",
    "incident_close",
    "incident_escalate",
    "incident_notify_leadership",
    "incident_reminders_send",
    "loss_report_submit",
]
