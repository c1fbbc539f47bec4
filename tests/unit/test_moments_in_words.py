"""One way to write a moment, `{{ moment|when }}`: "Dec 1, 2026, 12:33 PM EST", in the agency's
time zone (America/New_York) and naming it; and a duration for a figure, "3.5 h"."""

import datetime

import pytest
from django.template import engines

from requests_app.dates import duration_in_words, moment_in_words

UTC = datetime.UTC


def at(*parts: int) -> datetime.datetime:
    return datetime.datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(
    ("moment", "words"),
    [
        pytest.param(at(2026, 12, 1, 17, 33), "Dec 1, 2026, 12:33 PM EST", id="standard time"),
        pytest.param(at(2026, 6, 15, 13, 5), "Jun 15, 2026, 9:05 AM EDT", id="daylight time"),
        pytest.param(
            at(2026, 12, 2, 3, 30), "Dec 1, 2026, 10:30 PM EST", id="a UTC time past midnight"
        ),
        pytest.param(
            at(2026, 7, 1, 2, 15), "Jun 30, 2026, 10:15 PM EDT", id="past midnight in summer"
        ),
        pytest.param(at(2026, 12, 2, 5, 0), "Dec 2, 2026, 12:00 AM EST", id="midnight"),
        pytest.param(at(2026, 12, 2, 17, 0), "Dec 2, 2026, 12:00 PM EST", id="noon"),
        pytest.param(
            at(2026, 3, 8, 6, 59), "Mar 8, 2026, 1:59 AM EST", id="the last minute of winter"
        ),
        pytest.param(
            at(2026, 3, 8, 7, 0), "Mar 8, 2026, 3:00 AM EDT", id="clocks go forward at 2 AM"
        ),
        pytest.param(
            at(2026, 11, 1, 5, 30), "Nov 1, 2026, 1:30 AM EDT", id="the first 1:30 AM in autumn"
        ),
        pytest.param(
            at(2026, 11, 1, 6, 30), "Nov 1, 2026, 1:30 AM EST", id="the second 1:30 AM in autumn"
        ),
    ],
)
def test_a_moment_is_written_in_new_york_time_naming_the_zone(moment, words):
    assert moment_in_words(moment) == words


def test_a_moment_in_another_zone_is_written_in_new_york_time():
    tokyo = datetime.timezone(datetime.timedelta(hours=9))
    moment = datetime.datetime(2026, 12, 2, 9, 0, tzinfo=tokyo)
    assert moment_in_words(moment) == "Dec 1, 2026, 7:00 PM EST"


def test_a_moment_without_a_zone_is_taken_as_the_agencys():
    naive = datetime.datetime(2026, 6, 15, 9, 5)  # noqa: DTZ001 (the case under test)
    assert moment_in_words(naive) == "Jun 15, 2026, 9:05 AM EDT"


def test_the_when_filter_writes_a_moment_and_nothing_for_none():
    template = engines["django"].from_string("[{{ a|when }}] [{{ b|when }}]")
    html = template.render({"a": at(2026, 12, 2, 3, 30), "b": None})
    assert html == "[Dec 1, 2026, 10:30 PM EST] []"


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        pytest.param(0, "under a minute", id="no time"),
        pytest.param(25, "under a minute", id="seconds"),
        pytest.param(12 * 60, "12 min", id="minutes"),
        pytest.param(59 * 60 + 50, "1 h", id="almost an hour"),
        pytest.param(3.5 * 3600, "3.5 h", id="hours"),
        pytest.param(4 * 3600, "4 h", id="whole hours"),
        pytest.param(47 * 3600, "47 h", id="under two days"),
        pytest.param(2.1 * 86400, "2.1 days", id="days"),
        pytest.param(10 * 86400, "10 days", id="whole days"),
    ],
)
def test_a_duration_reads_at_a_glance(seconds, words):
    assert duration_in_words(seconds) == words
