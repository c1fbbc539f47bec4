"""Form widgets rendered in Python.

Django renders every widget through its template engine, and a select renders one included
template per option: the review queue's filters alone (statuses, reasons, units, 40-odd
reviewers) cost more than the rest of the page. This renderer writes the HTML of the most common
widget templates (inputs, selects and their options, text areas) directly, character for
character what Django's own templates give (tests/unit/test_form_renderer.py compares them), and
hands every other template to Django's engine as before.
"""

from collections.abc import Callable, Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

WIDGETS = "django/forms/widgets/"
#: Widgets whose template is only `{% include "django/forms/widgets/input.html" %}`.
INPUT_TEMPLATES = {
    f"{WIDGETS}{name}.html"
    for name in (
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "file",
        "hidden",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    )
}


def _text(value: Any) -> str:
    """`{{ value|stringformat:'s' }}`: the value as text, escaped unless already safe."""
    return conditional_escape(value if isinstance(value, SafeString) else str(value))


def _attrs(attrs: Mapping[str, Any]) -> str:
    """django/forms/widgets/attrs.html"""
    return "".join(
        f" {conditional_escape(name)}" + ("" if value is True else f'="{_text(value)}"')
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: Mapping[str, Any]) -> str:
    """django/forms/widgets/input.html (and the templates that only include it)."""
    value = "" if widget["value"] is None else f' value="{_text(widget["value"])}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{value}{_attrs(widget["attrs"])}>\n'
    )


def _option(option: Mapping[str, Any]) -> str:
    """django/forms/widgets/select_option.html"""
    return (
        f'<option value="{_text(option["value"])}"{_attrs(option["attrs"])}>'
        f"{conditional_escape(option['label'])}</option>\n"
    )


def _select(widget: Mapping[str, Any]) -> str:
    """django/forms/widgets/select.html"""
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            if option["template_name"] != f"{WIDGETS}select_option.html":
                raise _Unhandled
            parts.append(f"\n  {_option(option)}")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>\n")
    return "".join(parts)


def _textarea(widget: Mapping[str, Any]) -> str:
    """django/forms/widgets/textarea.html"""
    value = conditional_escape(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{value}</textarea>\n"
    )


class _Unhandled(Exception):
    """A widget this module does not write (a custom option template): use the engine."""


RENDERERS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    **{name: _input for name in INPUT_TEMPLATES},
    f"{WIDGETS}input.html": _input,
    f"{WIDGETS}select.html": _select,
    f"{WIDGETS}select_option.html": _option,
    f"{WIDGETS}textarea.html": _textarea,
}


class FastWidgetRenderer(DjangoTemplates):
    """Django's default form renderer, with the common widget templates written in Python."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        write = RENDERERS.get(template_name)
        if write is not None and "widget" in context:
            try:
                # Every value is escaped above, as the templates escape them.
                return mark_safe(write(context["widget"]).strip())  # noqa: S308  # nosec B308 B703
            except _Unhandled:
                pass
        return super().render(template_name, context, request)
