"""Check constraints enforced by the database, reported as Django would report them.

A service that has already validated a model's fields can let PostgreSQL check its constraints
on save, instead of asking first with one query (and a savepoint) per constraint as
`full_clean` does; a refused row becomes the same ValidationError `full_clean` would raise.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import CheckConstraint, Model


def check_violation(model: type[Model], error: IntegrityError) -> ValidationError | None:
    """The ValidationError for the check constraint of `model` that `error` reports, or None
    when `error` is anything else (a unique or foreign key violation)."""
    name = getattr(getattr(error.__cause__, "diag", None), "constraint_name", None)
    for constraint in model._meta.constraints:
        if isinstance(constraint, CheckConstraint) and constraint.name == name:
            return ValidationError(
                constraint.get_violation_error_message(), code=constraint.violation_error_code
            )
    return None
