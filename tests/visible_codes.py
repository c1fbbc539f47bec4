"""Internal codes a person can read on a page: `visible_codes(html)`.

A page must speak in words: "Recipient not on the 31-8-5 list", not `recipient_not_listed`;
"Viewed disclosure request DR-000007", not "view DisclosureRequest 7". This module knows the
portal's codes (every snake_case choice value of the models of requests_app and forms_app and of
their choice sets, the policy engine's reason codes and rule ids, the duty groups, the request
transitions that name audit events, and the models' class names) and finds those that the
visible text of a page shows.

Not visible, so not looked at: attributes (a `title` tooltip may carry the code), `<code>`
elements (a code shown as a code, beside its words), `<script>`, `<style>` and `<template>`; and,
on request, `<details>` contents (where Legal Affairs may open the raw facts).

A plain function of HTML text, for the integration tests and for a browser walk alike; so is
`bare_times`, which finds times of day written without their zone.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from django.apps import apps
from django.db import models

from forms_app import choices as forms_choices
from requests_app import choices as requests_choices
from requests_app import policy
from requests_app.workflow import TRANSITIONS

#: Elements whose contents no reader sees as text.
HIDDEN = frozenset({"code", "script", "style", "template"})
#: Elements that hold no content, so never close.
VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }
)
APPS = ("requests_app", "forms_app")
WORD = re.compile(r"[A-Za-z0-9_]+")
#: A time of day not written the portal's one way ("12:33 PM EST", `requests_app.dates`).
BARE_TIME = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\b(?! [AP]M E[SD]T\b)")
#: How much text either side of a code is returned with it.
CONTEXT = 40


@dataclass(frozen=True)
class VisibleCode:
    """A code found in a page's visible text, with the text around it."""

    code: str
    context: str

    def __str__(self) -> str:
        return f"{self.code!r} in '…{self.context}…'"


def _is_code(value: object) -> bool:
    return isinstance(value, str) and "_" in value.strip("_") and value == value.lower()


def _field_choice_values(field: models.Field) -> set[str]:
    base = getattr(field, "base_field", None)  # an ArrayField's items
    values: set[str] = set()
    for f in (field, base):
        if f is not None and f.choices:
            values.update(str(value) for value, _label in f.flatchoices)
    return values


@functools.cache
def known_codes() -> frozenset[str]:
    """Every code of the portal that a page must not show as text."""
    codes: set[str] = set()
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.get_fields():
                if isinstance(field, models.Field):
                    codes.update(_field_choice_values(field))
    for module in (requests_choices, forms_choices):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, models.Choices):
                codes.update(str(v) for v in value.values)
    for rule in policy.RULES:
        codes.add(rule.id)
        codes.update(condition.code for condition in rule.conditions)
    codes.update(requests_choices.DutyGroup.values)
    codes.update(TRANSITIONS)
    codes = {code for code in codes if _is_code(code)}
    # Class names of the models (DisclosureRequest, ReleaseAuthorization, ...): an audit
    # event's object type is one, and a page names the object in words instead.
    for label in APPS:
        codes.update(
            model.__name__
            for model in apps.get_app_config(label).get_models()
            if sum(c.isupper() for c in model.__name__) > 1
        )
    return frozenset(codes)


class _VisibleText(HTMLParser):
    """Collects the text of an HTML page that a reader sees."""

    def __init__(self, *, skip_details: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.hidden = HIDDEN | ({"details"} if skip_details else set())
        self.open: list[str] = []
        self.depth = 0  # how many hidden elements are open
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        self.open.append(tag)
        if tag in self.hidden:
            self.depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.open:
            return
        while self.open:
            closed = self.open.pop()
            if closed in self.hidden:
                self.depth -= 1
            if closed == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.depth:
            self.parts.append(data)


def visible_text(html: str, *, skip_details: bool = False) -> str:
    """The text of `html` a reader sees, whitespace collapsed (see the module's docstring)."""
    parser = _VisibleText(skip_details=skip_details)
    parser.feed(html)
    parser.close()
    return " ".join(" ".join(parser.parts).split())


def visible_codes(html: str, *, skip_details: bool = False) -> list[VisibleCode]:
    """The portal's codes that the visible text of `html` shows, in order, each with the text
    around it. `skip_details`: leave out what `<details>` elements hold."""
    return codes_in_text(visible_text(html, skip_details=skip_details))


def codes_in_text(text: str) -> list[VisibleCode]:
    """The portal's codes in plain text (a PDF's, or a page's visible text), in order."""
    codes = known_codes()
    return [
        VisibleCode(
            match.group(),
            text[max(0, match.start() - CONTEXT) : match.end() + CONTEXT],
        )
        for match in WORD.finditer(text)
        if match.group() in codes
    ]


def bare_times(text: str) -> list[VisibleCode]:
    """Times of day in plain text (a page's visible text, a PDF's) that are not written the
    portal's one way, with their zone: "05:54" or "5:55 AM" rather than "5:55 AM EST"."""
    return [
        VisibleCode(match.group(), text[max(0, match.start() - CONTEXT) : match.end() + CONTEXT])
        for match in BARE_TIME.finditer(text)
    ]
