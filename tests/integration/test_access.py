"""Object permissions: who may see a case and its clients (django-guardian, via services)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from requests_app.permissions import may_read_accounting, may_request_for_client
from requests_app.selectors import casework as selectors
from requests_app.services.casework import access_sync, assignment_create, assignment_end
from requests_app.views.casework import CASELOAD_PAGE_SIZE, SUPERVISEES_PAGE_SIZE
from tests.factories import TEST_PASSWORD, CaseFactory, ClientFactory, StaffFactory

pytestmark = pytest.mark.django_db


def fresh(user):
    """guardian caches permissions on the user object: read it again."""
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def worker(today):
    return StaffFactory().user


def _sees(client_, user, url) -> int:
    client_.force_login(user)
    return client_.get(url).status_code


def test_an_assigned_worker_sees_the_case_and_its_clients(client, worker, today):
    case = CaseFactory()
    assignment_create(case=case, staff=worker, starts_on=today, today=today)
    worker = fresh(worker)
    assert list(selectors.cases_for_user(user=worker)) == [case]
    assert list(selectors.clients_for_user(user=worker)) == list(case.clients.all())
    assert _sees(client, worker, reverse("requests:case_detail", args=[case.pk])) == 200
    member = case.clients.get()
    assert _sees(client, worker, reverse("requests:client_detail", args=[member.pk])) == 200


def test_an_unassigned_worker_gets_404_for_the_case_and_its_client(client, worker, today):
    case = CaseFactory()
    other = StaffFactory().user
    assignment_create(case=case, staff=other, starts_on=today, today=today)
    assert _sees(client, worker, reverse("requests:case_detail", args=[case.pk])) == 404
    member = case.clients.get()
    assert _sees(client, worker, reverse("requests:client_detail", args=[member.pk])) == 404
    assert not selectors.cases_for_user(user=fresh(worker)).exists()


def test_ending_an_assignment_removes_access_once_the_end_date_has_passed(client, worker, today):
    case = CaseFactory()
    assignment = assignment_create(case=case, staff=worker, starts_on=today, today=today)
    assignment_end(assignment=assignment, ends_on=today, today=today)
    assert selectors.cases_for_user(user=fresh(worker)).exists(), "still assigned today"
    tomorrow = today + datetime.timedelta(days=1)
    access_sync(user=worker, today=tomorrow)
    assert not selectors.cases_for_user(user=fresh(worker)).exists()
    assert not selectors.clients_for_user(user=fresh(worker)).exists()
    assert _sees(client, fresh(worker), reverse("requests:case_detail", args=[case.pk])) == 404


def test_ending_an_assignment_in_the_past_removes_access_at_once(worker, today):
    case = CaseFactory()
    assignment = assignment_create(
        case=case, staff=worker, starts_on=today - datetime.timedelta(days=30), today=today
    )
    assignment_end(assignment=assignment, ends_on=today - datetime.timedelta(days=1), today=today)
    assert not selectors.cases_for_user(user=fresh(worker)).exists()


def test_a_client_in_two_cases_stays_visible_while_one_assignment_remains(worker, today):
    shared = ClientFactory()
    first, second = CaseFactory(clients=[shared]), CaseFactory(clients=[shared])
    a1 = assignment_create(case=first, staff=worker, starts_on=today, today=today)
    assignment_create(case=second, staff=worker, starts_on=today, today=today)
    assignment_end(assignment=a1, ends_on=today - datetime.timedelta(days=0), today=today)
    access_sync(user=worker, today=today + datetime.timedelta(days=1))
    assert list(selectors.cases_for_user(user=fresh(worker))) == [second]
    assert list(selectors.clients_for_user(user=fresh(worker))) == [shared]


def test_a_supervisor_sees_supervisees_cases_but_not_others(client, today):
    supervisor = StaffFactory(user__duties=["supervisor"]).user
    supervisee = StaffFactory(supervisor=supervisor).user
    stranger = StaffFactory().user
    theirs, not_theirs = CaseFactory(), CaseFactory()
    assignment_create(case=theirs, staff=supervisee, starts_on=today, today=today)
    assignment_create(case=not_theirs, staff=stranger, starts_on=today, today=today)
    supervisor = fresh(supervisor)
    assert list(selectors.cases_for_user(user=supervisor)) == [theirs]
    assert _sees(client, supervisor, reverse("requests:case_detail", args=[theirs.pk])) == 200
    assert _sees(client, supervisor, reverse("requests:case_detail", args=[not_theirs.pk])) == 404


@pytest.mark.parametrize(
    ("who", "reads_accounting", "requests"),
    [
        ("worker", True, True),
        ("supervisor", True, True),
        ("stranger", False, False),
        ("legal", True, False),
    ],
    ids=["the assigned worker", "the worker's supervisor", "an unassigned worker", "Legal Affairs"],
)
def test_who_may_read_a_clients_accounting_and_open_a_request_for_the_client(
    client, today, who, reads_accounting, requests
):
    """The answers the client page's links follow are those of the pages they open."""
    supervisor = StaffFactory(user__duties=["supervisor"]).user
    people = {
        "worker": StaffFactory(supervisor=supervisor).user,
        "supervisor": supervisor,
        "stranger": StaffFactory().user,
        "legal": StaffFactory(
            disclosure_role="other_dcf_staff", user__duties=["legal_affairs"]
        ).user,
    }
    case = CaseFactory()
    assignment_create(case=case, staff=people["worker"], starts_on=today, today=today)
    child = case.clients.get()
    user = fresh(people[who])
    assert may_read_accounting(user=user, client_id=child.pk) == reads_accounting
    assert may_request_for_client(user=user, client_id=child.pk) == requests
    client.force_login(user)
    for name, allowed in (("requests:accounting", reads_accounting), ("requests:new", requests)):
        assert client.get(reverse(name, args=[child.pk])).status_code == (200 if allowed else 404)


def test_anonymous_users_are_sent_to_sign_in(client):
    case = CaseFactory()
    response = client.get(reverse("requests:case_detail", args=[case.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_home_shows_the_workers_caseload_and_no_one_elses(client, worker, today):
    mine = CaseFactory()
    theirs = CaseFactory()
    assignment_create(case=mine, staff=worker, starts_on=datetime.date(2025, 1, 1), today=today)
    assignment_create(
        case=theirs, staff=StaffFactory().user, starts_on=datetime.date(2025, 1, 1), today=today
    )
    response = client.post(
        reverse("login"), {"username": worker.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    page = client.get(reverse("home")).content.decode()
    assert mine.case_number in page
    assert mine.clients.get().client_number in page
    assert theirs.case_number not in page
    assert theirs.clients.get().client_number not in page


def test_home_costs_the_same_queries_whatever_the_caseload(
    client, worker, django_assert_num_queries
):
    """A page must cost a fixed number of queries regardless of data size: the first count is
    of a caseload on one page, the second of one on two pages."""
    from tests.factories import RelationFactory

    client.force_login(worker)
    counts = []
    for batch in (3, CASELOAD_PAGE_SIZE):
        for _ in range(batch):
            case = CaseFactory(clients=[ClientFactory(), ClientFactory()])
            for member in case.clients.all():
                RelationFactory(client=member)
            assignment_create(case=case, staff=worker, starts_on=datetime.date(2025, 1, 1))
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("home")).status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1]


def test_home_names_the_users_disclosure_role_and_duties_without_a_query_of_its_own(client, today):
    supervisor = StaffFactory(user__duties=["supervisor"]).user
    client.force_login(supervisor)
    page = client.get(reverse("home")).content.decode()
    assert "You are signed in as <strong>Social worker</strong> with duties: Supervisor." in page
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("home"))
    # The supervisor's print queue reads their unit from their profile; nothing reads the role.
    role = '"requests_app_staffprofile"."disclosure_role"'
    assert not [q for q in ctx.captured_queries if role in q["sql"]]


def test_home_names_duties_in_words_never_by_their_codes(client):
    """People read "Office of Legal Affairs", not the group's code `legal_affairs`; the duties
    are named in a fixed order whatever the order they were granted in."""
    director = StaffFactory(
        disclosure_role="other_dcf_staff",
        user__duties=["agency_legal_director", "legal_affairs"],
    ).user
    client.force_login(director)
    page = client.get(reverse("home")).content.decode()
    assert (
        "You are signed in as <strong>Other DCF staff</strong> with duties: "
        "Office of Legal Affairs, Agency Legal Director." in page
    )
    lead = page.split('class="usa-intro"', 1)[1].split("</p>", 1)[0]
    assert "legal_affairs" not in lead and "agency_legal_director" not in lead


def _assign_cases(staff, count: int, today) -> list[str]:
    """`count` cases assigned to `staff`; their numbers in the order the home page lists them."""
    cases = [CaseFactory() for _ in range(count)]
    for case in cases:
        assignment_create(case=case, staff=staff, starts_on=today, today=today)
    return sorted(case.case_number for case in cases)


def test_home_pages_a_long_caseload(client, worker, today):
    numbers = _assign_cases(worker, CASELOAD_PAGE_SIZE + 1, today)
    client.force_login(worker)

    first = client.get(reverse("home")).content.decode()
    assert all(number in first for number in numbers[:CASELOAD_PAGE_SIZE])
    assert numbers[-1] not in first
    assert f"{CASELOAD_PAGE_SIZE + 1} open cases" in first
    assert 'aria-label="Caseload pages"' in first
    assert 'href="?page=2"' in first

    second = client.get(reverse("home"), {"page": 2}).content.decode()
    assert numbers[-1] in second
    assert numbers[0] not in second
    # A page number out of range or not a number shows a page, never an error.
    assert numbers[-1] in client.get(reverse("home"), {"page": 99}).content.decode()
    assert numbers[0] in client.get(reverse("home"), {"page": "x"}).content.decode()


def test_a_supervisors_table_of_supervisees_cases_pages_apart_from_the_caseload(client, today):
    supervisor = StaffFactory(user__duties=["supervisor"]).user
    own = _assign_cases(supervisor, CASELOAD_PAGE_SIZE + 1, today)
    theirs = _assign_cases(
        StaffFactory(supervisor=supervisor).user, SUPERVISEES_PAGE_SIZE + 1, today
    )
    client.force_login(fresh(supervisor))

    page = client.get(reverse("home"), {"page": 2}).content.decode()
    assert own[-1] in page and own[0] not in page
    assert theirs[0] in page and theirs[-1] not in page
    # The supervisees' pager keeps the caseload's page, and the other way round.
    assert 'href="?page=2&amp;supervisees=2"' in page
    page = client.get(reverse("home"), {"page": 2, "supervisees": 2}).content.decode()
    assert theirs[-1] in page and theirs[0] not in page
    assert own[-1] in page
    assert 'href="?supervisees=2&amp;page=1"' in page
    assert f"{SUPERVISEES_PAGE_SIZE + 1} active case assignments" in page


def test_the_daily_sync_removes_access_when_an_assignment_runs_out(worker, today):
    from django.core.management import call_command

    case = CaseFactory()
    yesterday = today - datetime.timedelta(days=1)
    assignment = assignment_create(case=case, staff=worker, starts_on=yesterday, today=yesterday)
    assignment_end(assignment=assignment, ends_on=yesterday, today=yesterday)
    assert selectors.cases_for_user(user=fresh(worker)).exists()
    call_command("sync_case_access")  # the real date is after `yesterday`
    assert not selectors.cases_for_user(user=fresh(worker)).exists()
