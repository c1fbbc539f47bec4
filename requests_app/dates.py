"""The dates the portal accepts: the range every date falls in, and when a disclosure can have
happened. Pure functions of their arguments (no clock): forms and services share them, so a page
and a service call refuse the same dates with the same words."""

import datetime

#: The dates the portal accepts: its records, their information and their releases all fall
#: between these (a date outside is a typing slip, and breaks date arithmetic).
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)


def in_range(day: datetime.date) -> bool:
    """Whether `day` (a date, or a date-time's date) lies from EARLIEST_DATE to LATEST_DATE."""
    if isinstance(day, datetime.datetime):
        day = day.date()
    return EARLIEST_DATE <= day <= LATEST_DATE


def out_of_range_message(label: str) -> str:
    """What a date outside the range is told, naming its field."""
    return f"{label}: enter a date between {EARLIEST_DATE.year} and {LATEST_DATE.year}."


def day_in_words(day: datetime.date) -> str:
    """A date as people read it: June 15, 2026."""
    return f"{day:%B} {day.day}, {day.year}"


def disclosure_date_problem(
    day: datetime.date,
    *,
    label: str,
    earliest: datetime.date | None,
    allowed_by: str,
    today: datetime.date,
) -> str | None:
    """Why `day` cannot be the date a disclosure was made (None when it can): it cannot come
    before the day of the decision that allowed it (`earliest`, made by `allowed_by`, e.g.
    "Legal Affairs approved"), nor after the agency's `today`. Messages name the field (`label`)."""
    if not in_range(day):
        return out_of_range_message(label)
    if day > today:
        return (
            f"{label}: the date of disclosure cannot be in the future "
            f"(today is {day_in_words(today)})."
        )
    if earliest is not None and day < earliest:
        return (
            f"{label}: the earliest allowed date is {day_in_words(earliest)}, the day {allowed_by} "
            "this disclosure. It cannot have been made before it was allowed."
        )
    return None
