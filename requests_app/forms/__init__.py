"""Forms of requests_app."""

from django import forms


def mark_conditional(field: forms.Field) -> None:
    """A field required or not depending on other answers: never labelled "(optional)"
    (templates/_partials/field.html reads the mark)."""
    field.conditional = True  # type: ignore[attr-defined]  # the portal's own mark on a field
