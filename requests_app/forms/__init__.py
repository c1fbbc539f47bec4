"""Forms of requests_app, and what they share: the conditional mark, bounded dates and text."""

import datetime
from collections.abc import Callable
from typing import Any

from django import forms


def mark_conditional(field: forms.Field) -> None:
    """A field required or not depending on other answers: never labelled "(optional)"
    (templates/_partials/field.html reads the mark)."""
    field.conditional = True  # type: ignore[attr-defined]  # the portal's own mark on a field


#: The dates a form accepts: the portal's records, their information and their releases all
#: fall between these (a date outside is a typing slip, and breaks date arithmetic).
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)


def _within_range(label: str) -> Callable[[datetime.date], None]:
    def check(value: datetime.date) -> None:
        day = value.date() if isinstance(value, datetime.datetime) else value
        if not EARLIEST_DATE <= day <= LATEST_DATE:
            raise forms.ValidationError(
                f"{label}: enter a date between {EARLIEST_DATE.year} and {LATEST_DATE.year}.",
                code="date_out_of_range",
            )

    return check


class Bounded:
    """A form mixin: every date and date-time field accepts only dates from 1900 to 2100, and a
    text too long for its field (models/limits.py) is refused, each with a message naming the
    field."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            label = str(field.label or name)
            if isinstance(field, (forms.DateField, forms.DateTimeField)):
                field.validators.append(_within_range(label))
            if isinstance(field, forms.CharField) and field.max_length:
                field.error_messages["max_length"] = (
                    f"{label}: at most %(limit_value)d characters (this has %(show_value)d)."
                )
