"""The dates the portal accepts: the range every date falls in, and when a disclosure can have
happened; and how a date, a moment and a duration are written for people. Pure functions of
their arguments (no clock): forms and services share them, so a page and a service call refuse
the same dates with the same words, and pages, PDFs and emails write a time the same way."""

import datetime
import zoneinfo

from django.conf import settings
from django.utils import dateformat

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


#: How every moment (a date and a time of day) is written, before its zone's abbreviation:
#: "Dec 1, 2026, 12:33 PM" and then "EST".
MOMENT_FORMAT = "M j, Y, g:i A"


def moment_in_words(moment: datetime.datetime) -> str:
    """A moment as people read it, in the agency's time zone (America/New_York) and naming it,
    so that nobody wonders whether a time is the server's or theirs: "Dec 1, 2026, 12:33 PM EST"
    in winter, "Jun 15, 2026, 9:05 AM EDT" in summer. A moment stored without a zone is taken to
    be in the agency's."""
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    local = moment.astimezone(zone)
    # The zone's name from the moment itself: Django's "T" cannot tell the two 1:30 AMs of the
    # night the clocks go back apart, and names neither.
    return f"{dateformat.format(local, MOMENT_FORMAT)} {local.tzname()}"


def duration_in_words(seconds: float) -> str:
    """About how long, for a figure such as a median: "under a minute", "12 min", "3.5 h"
    (under two days), "2.1 days"."""
    minutes = round(seconds / 60)
    if minutes < 1:
        return "under a minute"
    if minutes < 60:
        return f"{minutes} min"
    hours = seconds / 3600
    if hours < 48:
        return f"{_one_decimal(hours)} h"
    return f"{_one_decimal(hours / 24)} days"


def _one_decimal(value: float) -> str:
    """3.5, or 4 rather than 4.0."""
    return f"{value:.1f}".removesuffix(".0")


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
