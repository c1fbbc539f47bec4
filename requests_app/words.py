"""The portal's codes in the words people read.

Codes are what the portal stores and matches on: a choice's value (`hard_copy`), a duty group's
name (`legal_affairs`), a reason code of the 31-8-5 engine (`recipient_not_listed`), an audit
event's action (`view`) and object type (`DisclosureRequest`). Pages, PDFs and emails show their
words instead ("Hard copy", "Office of Legal Affairs", "Recipient not on the 31-8-5 list",
"Viewed", "disclosure request DR-000007"); a code may still be a tooltip.

Text written before this existed (an audit event's detail, a timeline step's note) may carry
codes: `in_words` replaces those it knows when the text is shown, and leaves the stored text as
it was written.
"""

import functools
import re
from collections.abc import Iterable

from django.apps import apps
from django.db import models

from forms_app import choices as forms_choices
from requests_app import choices, policy
from requests_app.choices import DutyGroup
from requests_app.models import DisclosureRequest, Incident

#: What each audit action says a person did (the services' and views' `action`s, the request
#: transitions of `requests_app.workflow` and the steps of a release's history).
ACTIONS: dict[str, str] = {
    "view": "Viewed",
    "download": "Downloaded",
    "export": "Exported",
    "print": "Printed",
    "import": "Imported",
    "create": "Created",
    "update": "Changed",
    "change": "Changed",
    "delete": "Deleted",
    "correct": "Corrected",
    "acknowledge": "Acknowledged",
    "notify": "Notified the Commissioner and HR of",
    "escalate": "Escalated",
    "remind": "Sent a reminder about",
    "close": "Closed",
    "permit": "Permitted by the 31-8-5 rules:",
    "claim": "Claimed",
    "assign": "Assigned",
    "unclaim": "Released to the queue",
    "approve": "Approved",
    "approve_redacted": "Approved with redactions",
    "deny": "Denied",
    "return": "Returned for more information",
    "resubmit": "Resubmitted",
    "disclose": "Recorded the disclosure of",
    "password_link": "Sent a password link to",
    "grant_request": "Asked for a change of rights of",
    "grant_approve": "Approved a change of rights of",
    "grant_refuse": "Refused a change of rights of",
    "grant_withdraw": "Withdrew a change of rights of",
    "device_enrol": "Set up two-factor sign-in for",
    "device_replace": "Replaced the authenticator of",
    "enrol_code_issue": "Issued an enrolment code to",
    "enrol_code_use": "Used an enrolment code of",
    **{kind.value: kind.label for kind in forms_choices.ReleaseEventKind},
}

#: Object types named without their number: those that are not models (what `audit.record`
#: names them), and a client, whose number the page shows beside it (its key means nothing to
#: a reader, and could be taken for a client number).
OBJECTS: dict[str, str] = {
    "CaseworkImport": "casework import",
    "AccessEvent": "audit trail",
    "Client": "client record",
}

#: Model class names whose objects people know by a reference made from their primary key.
REFERENCES = {
    "DisclosureRequest": DisclosureRequest.reference_for,
    "Incident": Incident.reference_for,
}

CODE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


def _as_words(code: str) -> str:
    return code.replace("_", " ")


@functools.cache
def code_words() -> dict[str, str]:
    """Every snake_case code the portal stores, with its words. Where two choice sets share a
    value, the first set read gives the words: the engine's reasons and rules, then the choice
    sets of requests_app, then those of forms_app."""
    words: dict[str, str] = {}
    for code in policy.REASON_CODES:
        words.setdefault(code, policy.reason_label(code))
    for rule in policy.RULES:
        words.setdefault(rule.id, policy.rule_label(rule.id))
    for module in (choices, forms_choices):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, models.Choices):
                for code, label in value.choices:
                    words.setdefault(str(code), str(label))
    return {code: label for code, label in words.items() if "_" in code}


def in_words(text: str) -> str:
    """`text` with each code it holds replaced by its words (a code it does not know stays)."""
    known = code_words()
    return CODE.sub(lambda match: known.get(match.group(), match.group()), text)


def duty_labels(duties: Iterable[str]) -> list[str]:
    """Duty groups by their titles, in the order DutyGroup lists them (an unknown group, made
    by hand in the admin, by its name without underscores, last)."""
    held = set(duties)
    known = [duty.label for duty in DutyGroup if duty.value in held]
    others = sorted(_as_words(name) for name in held - set(DutyGroup.values))
    return known + others


def action_in_words(action: str) -> str:
    """What an audit event says a person did: "Viewed" for `view`."""
    return ACTIONS.get(action) or _as_words(action).capitalize()


@functools.cache
def _model_names() -> dict[str, str]:
    return {model.__name__: str(model._meta.verbose_name) for model in apps.get_models()}


def object_in_words(object_type: str, object_id: str = "") -> str:
    """The object of an audit event: "disclosure request DR-000007", "release authorization 12",
    "client record", or the page a list view names ("home")."""
    if object_type in REFERENCES and object_id.isdigit():
        return f"{_model_names()[object_type]} {REFERENCES[object_type](int(object_id))}"
    if object_type in OBJECTS:
        return OBJECTS[object_type]
    return f"{_model_names().get(object_type, object_type)} {object_id}".strip()
