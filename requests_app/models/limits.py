"""How long free text may be: each text a person types has a limit, checked by its form (with a
message naming the field) and by PostgreSQL (a check constraint per field)."""

from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

#: An address, a legal basis.
SHORT = 500
#: A note, a reason.
NOTE = 2000
#: A description, a purpose, what was disclosed.
LONG = 4000


def text_limits(table: str, **limits: int) -> list[models.CheckConstraint]:
    """A check constraint for each field's length (`table` prefixes the constraints' names)."""
    return [
        models.CheckConstraint(
            condition=LessThanOrEqual(Length(field), limit),
            name=f"{table}_{field}_length",
            violation_error_message=(
                f"The {field.replace('_', ' ')} is longer than {limit} characters."
            ),
        )
        for field, limit in limits.items()
    ]
