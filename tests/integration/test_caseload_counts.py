"""A worker's caseload counts the cases open today as open: a case closed while the assignment
runs on is listed, marked closed, and not counted among the open ones."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from requests_app.models import Case
from requests_app.selectors.casework import caseload_counts
from requests_app.services.casework import assignment_create
from tests.factories import CaseFactory, StaffFactory

pytestmark = pytest.mark.django_db
START = datetime.date(2025, 1, 1)
DAY = datetime.timedelta(days=1)


def assigned(worker, **case_fields) -> Case:
    case = CaseFactory()
    assignment_create(case=case, staff=worker, starts_on=START)
    Case.objects.filter(pk=case.pk).update(**case_fields)
    case.refresh_from_db()
    return case


def test_a_closed_case_on_the_caseload_is_not_counted_as_open(client):
    today = timezone.localdate()
    worker = StaffFactory().user
    open_cases = [assigned(worker) for _ in range(4)]
    closed = assigned(worker, closed_on=today - DAY)
    client.force_login(worker)
    page = client.get(reverse("home")).content.decode()
    assert "4 open cases, and 1 more that is not open today." in page
    assert "5 active cases" not in page
    closed_card = page[page.index(f"Case {closed.case_number}") :]
    assert f"Closed {closed.closed_on:%b} {closed.closed_on.day}" in closed_card[:300]
    assert all(case.case_number in page for case in open_cases)
    # The open cases come first, then the one that is not open.
    positions = [page.index(f"Case {case.case_number}") for case in [*open_cases, closed]]
    assert positions[-1] == max(positions)


@pytest.mark.parametrize(
    ("case_fields", "is_open"),
    [
        pytest.param({}, True, id="open"),
        pytest.param({"closed_on": "today"}, False, id="closed today"),
        pytest.param({"closed_on": "tomorrow"}, True, id="closing tomorrow: open today"),
        pytest.param({"closed_on": "yesterday"}, False, id="closed yesterday"),
        pytest.param({"opened_on": "tomorrow"}, False, id="not opened yet"),
    ],
)
def test_a_case_counts_as_open_exactly_when_it_is_open_today(case_fields, is_open):
    today = timezone.localdate()
    days = {"today": today, "tomorrow": today + DAY, "yesterday": today - DAY}
    worker = StaffFactory().user
    case = assigned(worker, **{name: days[when] for name, when in case_fields.items()})
    counts = caseload_counts(user=worker, today=today)
    assert (counts.open, counts.not_open) == ((1, 0) if is_open else (0, 1))
    assert Case.objects.get(pk=case.pk).is_open_on(today) is is_open


def test_only_the_workers_own_active_assignments_are_counted():
    today = timezone.localdate()
    worker, other = StaffFactory().user, StaffFactory().user
    assigned(other)
    ended = CaseFactory()
    assignment_create(case=ended, staff=worker, starts_on=START, ends_on=today - DAY)
    assert caseload_counts(user=worker, today=today) == (0, 0)


def test_a_supervisor_sees_which_supervisee_cases_are_not_open(client):
    today = timezone.localdate()
    supervisor = StaffFactory(user__duties=["supervisor"]).user
    worker = StaffFactory(supervisor=supervisor).user
    still_open = assigned(worker)
    closed = assigned(worker, closed_on=today - DAY)
    client.force_login(supervisor)
    page = client.get(reverse("home")).content.decode()
    table = page[page.index('id="supervisees-heading"') :]
    row_of = {case: table[table.index(case.case_number) :][:120] for case in (still_open, closed)}
    assert "Not open today" in row_of[closed]
    assert "Not open today" not in row_of[still_open]
