"""Business-day arithmetic for review deadlines: weekends and Connecticut state holidays.

The holidays are those of Conn. Gen. Stat. §1-4 observed by state agencies: New Year's Day,
Martin Luther King Jr. Day, Lincoln's Birthday, Washington's Birthday, Good Friday, Memorial Day,
Juneteenth, Independence Day, Labor Day, Columbus Day, Veterans' Day, Thanksgiving and Christmas.
A holiday on a Saturday is observed the Friday before, on a Sunday the Monday after (so New
Year's Day 2028, a Saturday, closes offices on Friday, December 31, 2027). Extra closures come
from the AGENCY_CLOSURES setting (`agency_closures`). Pure functions of their arguments: no clock.
"""

import datetime
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings

MONDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY = 0, 3, 4, 5, 6


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> datetime.date:
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _last_weekday(year: int, month: int, weekday: int) -> datetime.date:
    next_month = datetime.date(year + month // 12, month % 12 + 1, 1)
    last = next_month - datetime.timedelta(days=1)
    return last - datetime.timedelta(days=(last.weekday() - weekday) % 7)


def _easter(year: int) -> datetime.date:
    """Gregorian Easter Sunday (Anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * l_) // 433
    month = (h + l_ - 7 * m + 90) // 25
    day = (h + l_ - 7 * m + 33 * month + 19) % 32
    return datetime.date(year, month, day)


def _observed(day: datetime.date) -> datetime.date:
    if day.weekday() == SATURDAY:
        return day - datetime.timedelta(days=1)
    if day.weekday() == SUNDAY:
        return day + datetime.timedelta(days=1)
    return day


@lru_cache(maxsize=64)
def connecticut_holidays(year: int) -> frozenset[datetime.date]:
    """The days state offices are closed for holidays in `year` (observed dates).

    Includes the Friday, December 31 on which the next New Year's Day is observed when that falls
    on a Saturday.
    """
    fixed = [(1, 1), (2, 12), (6, 19), (7, 4), (11, 11), (12, 25)]
    days = {_observed(datetime.date(year, m, d)) for m, d in fixed}
    days |= {
        _nth_weekday(year, 1, MONDAY, 3),  # Martin Luther King Jr. Day
        _nth_weekday(year, 2, MONDAY, 3),  # Washington's Birthday
        _easter(year) - datetime.timedelta(days=2),  # Good Friday
        _last_weekday(year, 5, MONDAY),  # Memorial Day
        _nth_weekday(year, 9, MONDAY, 1),  # Labor Day
        _nth_weekday(year, 10, MONDAY, 2),  # Columbus Day
        _nth_weekday(year, 11, THURSDAY, 4),  # Thanksgiving
    }
    next_new_year = datetime.date(year + 1, 1, 1)
    if next_new_year.weekday() == SATURDAY:
        days.add(next_new_year - datetime.timedelta(days=1))
    return frozenset(d for d in days if d.year == year)


def is_business_day(day: datetime.date, closures: Iterable[datetime.date] = ()) -> bool:
    return (
        day.weekday() < SATURDAY
        and day not in connecticut_holidays(day.year)
        and day not in set(closures)
    )


def add_business_days(
    start: datetime.date, days: int, closures: Iterable[datetime.date] = ()
) -> datetime.date:
    """The business day `days` business days after `start` (start itself is not counted)."""
    closed = frozenset(closures)
    day = start
    remaining = days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_business_day(day, closed):
            remaining -= 1
    return day


def previous_business_day(
    day: datetime.date, closures: Iterable[datetime.date] = ()
) -> datetime.date:
    """The last business day strictly before `day`."""
    closed = frozenset(closures)
    day -= datetime.timedelta(days=1)
    while not is_business_day(day, closed):
        day -= datetime.timedelta(days=1)
    return day


def business_days_between(
    start: datetime.date, end: datetime.date, closures: Iterable[datetime.date] = ()
) -> int:
    """Business days after `start` up to and including `end` (negative when end is earlier)."""
    if end < start:
        return -business_days_between(end, start, closures)
    closed = frozenset(closures)
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        count += is_business_day(day, closed)
    return count


def review_due_on(
    *,
    escalated_on: datetime.date,
    business_days: int,
    hearing_on: datetime.date | None = None,
    closures: Iterable[datetime.date] = (),
) -> datetime.date:
    """When a review is due: `business_days` business days after escalation, or the business day
    before a court hearing when that is sooner (never before the escalation day itself)."""
    closed = frozenset(closures)
    due = add_business_days(escalated_on, business_days, closed)
    if hearing_on is not None:
        before_hearing = previous_business_day(hearing_on, closed)
        due = min(due, max(before_hearing, escalated_on))
    return due


@lru_cache(maxsize=4)
def _parsed_closures(texts: tuple[str, ...]) -> tuple[datetime.date, ...]:
    return tuple(datetime.date.fromisoformat(text) for text in texts)


def agency_closures() -> tuple[datetime.date, ...]:
    """The AGENCY_CLOSURES setting's dates (parsed once for each value of the setting)."""
    return _parsed_closures(tuple(settings.AGENCY_CLOSURES))
