"""Business-day arithmetic for review deadlines: weekends, Connecticut holidays, year ends and
court hearings."""

import datetime as dt

import pytest

from requests_app.business_days import (
    add_business_days,
    business_days_between,
    connecticut_holidays,
    is_business_day,
    previous_business_day,
    review_due_on,
)

D = dt.date


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (
            2026,
            [
                D(2026, 1, 1),
                D(2026, 1, 19),
                D(2026, 2, 12),
                D(2026, 2, 16),
                D(2026, 4, 3),
                D(2026, 5, 25),
                D(2026, 6, 19),
                D(2026, 7, 3),
                D(2026, 9, 7),
                D(2026, 10, 12),
                D(2026, 11, 11),
                D(2026, 11, 26),
                D(2026, 12, 25),
            ],
        ),
        (
            2027,
            [
                D(2027, 1, 1),
                D(2027, 1, 18),
                D(2027, 2, 12),
                D(2027, 2, 15),
                D(2027, 3, 26),
                D(2027, 5, 31),
                D(2027, 6, 18),
                D(2027, 7, 5),
                D(2027, 9, 6),
                D(2027, 10, 11),
                D(2027, 11, 11),
                D(2027, 11, 25),
                D(2027, 12, 24),
                D(2027, 12, 31),
            ],
        ),
    ],
    ids=[
        "2026 (July 4 on a Saturday is observed Friday)",
        "2027 (Christmas on Saturday; New Year 2028 observed Friday Dec 31)",
    ],
)
def test_connecticut_state_holidays(year, expected):
    assert sorted(connecticut_holidays(year)) == expected


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (D(2026, 11, 2), 5, D(2026, 11, 9)),  # Mon -> next Mon
        (D(2026, 11, 6), 1, D(2026, 11, 9)),  # Fri -> Mon (weekend skipped)
        (D(2026, 11, 10), 1, D(2026, 11, 12)),  # Veterans' Day skipped
        (D(2026, 11, 23), 5, D(2026, 12, 1)),  # Thanksgiving week
        (D(2026, 12, 23), 5, D(2026, 12, 31)),  # Christmas Day skipped
        (D(2026, 12, 29), 5, D(2027, 1, 6)),  # across the year end, New Year's Day skipped
        (D(2027, 12, 28), 3, D(2028, 1, 3)),  # Dec 31, 2027 closed for New Year 2028
        (D(2026, 11, 7), 1, D(2026, 11, 9)),  # from a Saturday
    ],
    ids=[
        "plain week",
        "over a weekend",
        "over Veterans Day",
        "Thanksgiving",
        "Christmas",
        "year end",
        "New Year observed the Friday before",
        "from a weekend",
    ],
)
def test_adding_business_days(start, days, due):
    assert add_business_days(start, days) == due


def test_agency_closures_are_skipped():
    assert add_business_days(D(2026, 11, 2), 1, [D(2026, 11, 3)]) == D(2026, 11, 4)
    assert not is_business_day(D(2026, 11, 3), [D(2026, 11, 3)])


def test_previous_business_day_skips_weekends_and_holidays():
    assert previous_business_day(D(2026, 11, 27)) == D(2026, 11, 25)  # Thanksgiving skipped
    assert previous_business_day(D(2026, 11, 30)) == D(2026, 11, 27)  # weekend skipped
    assert previous_business_day(D(2027, 1, 4)) == D(2026, 12, 31)


def test_business_days_between_counts_both_ways():
    assert business_days_between(D(2026, 11, 2), D(2026, 11, 9)) == 5
    assert business_days_between(D(2026, 11, 9), D(2026, 11, 2)) == -5
    assert business_days_between(D(2026, 11, 2), D(2026, 11, 2)) == 0


@pytest.mark.parametrize(
    ("escalated", "hearing", "due"),
    [
        (D(2026, 11, 2), None, D(2026, 11, 9)),
        (D(2026, 11, 2), D(2026, 11, 5), D(2026, 11, 4)),  # business day before the hearing
        (D(2026, 11, 2), D(2026, 11, 30), D(2026, 11, 9)),  # hearing later: the usual deadline
        (D(2026, 11, 2), D(2026, 11, 2), D(2026, 11, 2)),  # hearing today: due today, not before
        (D(2026, 11, 20), D(2026, 11, 27), D(2026, 11, 25)),  # Thanksgiving in between
    ],
    ids=[
        "no hearing",
        "hearing sooner",
        "hearing later",
        "hearing today",
        "hearing after Thanksgiving",
    ],
)
def test_review_due_dates(escalated, hearing, due):
    assert review_due_on(escalated_on=escalated, business_days=5, hearing_on=hearing) == due
