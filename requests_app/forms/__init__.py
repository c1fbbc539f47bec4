"""Forms of requests_app, and what they share: the conditional mark, bounded dates and text."""

import datetime
from collections.abc import Callable
from typing import Any

from django import forms

from requests_app.dates import EARLIEST_DATE, LATEST_DATE, in_range, out_of_range_message

__all__ = ["EARLIEST_DATE", "LATEST_DATE", "Bounded", "BoundedModelForm", "mark_conditional"]


def mark_conditional(field: forms.Field) -> None:
    """A field required or not depending on other answers: never labelled "(optional)"
    (templates/_partials/field.html reads the mark)."""
    field.conditional = True  # type: ignore[attr-defined]  # the portal's own mark on a field


def _within_range(label: str) -> Callable[[datetime.date], None]:
    """A validator refusing a date outside the portal's range (`requests_app.dates`)."""

    def check(value: datetime.date) -> None:
        if not in_range(value):
            raise forms.ValidationError(out_of_range_message(label), code="date_out_of_range")

    return check


#: Django's message for a missing answer, which does not say which field it is about.
REQUIRED = forms.Field.default_error_messages["required"]


class Bounded:
    """A form mixin: every date and date-time field accepts only dates from 1900 to 2100, a
    text too long for its field (models/limits.py) is refused, and a missing answer is reported,
    each with a message naming the field."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            label = str(field.label or name)
            # The admin edits a date-time as a SplitDateTimeField (not a DateTimeField).
            if isinstance(field, (forms.DateField, forms.DateTimeField, forms.SplitDateTimeField)):
                field.validators.append(_within_range(label))
            if field.error_messages.get("required") == REQUIRED:
                field.error_messages["required"] = f"“{label}” is required."
            if isinstance(field, forms.CharField) and field.max_length:
                field.error_messages["max_length"] = (
                    f"{label}: at most %(limit_value)d characters (this has %(show_value)d)."
                )


class BoundedModelForm(Bounded, forms.ModelForm):
    """A model form with the bounds: what the admin edits client information with."""
