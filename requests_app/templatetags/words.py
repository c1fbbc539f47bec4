"""Codes and moments in the words people read, in every template (a builtin in TEMPLATES'
OPTIONS): `{{ event.at|when }}`, `{{ reason.code|reason_label }}`, `{{ decision.rule|rule_label }}`,
`{{ standing.duties|duty_labels|join:", " }}`, `{{ event|audit_what }}` (or `audit_action` and
`audit_object`), `{{ text|in_words }}`."""

import datetime

from django import template

from requests_app import policy, words
from requests_app.dates import moment_in_words
from requests_app.models import AccessEvent

register = template.Library()


@register.filter
def when(moment: datetime.datetime | None) -> str:
    """A moment, one way everywhere: "Dec 1, 2026, 12:33 PM EST" (nothing for none)."""
    return moment_in_words(moment) if moment else ""


@register.filter
def audit_object(event: AccessEvent) -> str:
    """The object of an audit event: "disclosure request DR-000007"."""
    return words.object_in_words(event.object_type, event.object_id)


@register.filter
def audit_what(event: AccessEvent) -> str:
    """What an audit event records, in words: "Viewed disclosure request DR-000007"."""
    return f"{words.action_in_words(event.action)} {audit_object(event)}".strip()


register.filter("audit_action", words.action_in_words)
register.filter("reason_label", policy.reason_label)
register.filter("rule_label", policy.rule_label)
register.filter("duty_labels", words.duty_labels)
register.filter("in_words", words.in_words)
