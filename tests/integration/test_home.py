"""The home page per role answers "what do I do next?": a worker's requests waiting on them and
the releases they prepare, Legal Affairs' queue counted and their claimed reviews, a supervisor's
print queue and loss reports, a system administrator's way to the admin; each section with an
empty state, each page at a fixed number of queries whatever the data's size."""

import datetime
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from forms_app.selectors import print_queue
from requests_app.choices import IncidentStepKind, RequestStatus
from requests_app.models import (
    AccessEvent,
    DisclosureRequest,
    IncidentStep,
    RedactionNote,
    Review,
)
from requests_app.selectors.home import HOME_ROWS
from requests_app.selectors.reviews import due_soon_until
from requests_app.services import reviews as review_services
from requests_app.services.casework import assignment_create, assignment_end
from requests_app.services.requests import disclosure_record, request_submit
from tests.factories import (
    CaseFactory,
    DisclosureRequestFactory,
    DraftReleaseFactory,
    LossReportFactory,
    ReleaseFactory,
    ReleasePrintFactory,
    StaffFactory,
    WorkUnitFactory,
    court_order,
)

pytestmark = pytest.mark.django_db

START = datetime.date(2025, 1, 1)
DAY = datetime.timedelta(days=1)


def fresh(user):
    """guardian caches permissions on the user object: read it again."""
    return get_user_model().objects.get(pk=user.pk)


def home(client, user) -> str:
    client.force_login(fresh(user))
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def section(page: str, heading_id: str) -> str:
    """The section of the page whose heading has this id ("" when the page has none)."""
    if f'id="{heading_id}"' not in page:
        return ""
    return page.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]


def headings(page: str) -> set[str]:
    """The ids of the page's section headings."""
    return {
        heading_id
        for heading_id in (
            "requests-waiting-heading",
            "releases-unsigned-heading",
            "expiring-releases-heading",
            "print-queue-heading",
            "losses-heading",
            "supervisees-heading",
            "review-heading",
            "incidents-heading",
            "admin-heading",
        )
        if f'id="{heading_id}"' in page
    }


def assigned_case(worker):
    case = CaseFactory()
    assignment_create(case=case, staff=worker, starts_on=START)
    return case


def submit(worker, case, **extra) -> DisclosureRequest:
    """A request for the case's client, decided by the engine at once (permitted unless
    `extra` makes it escalate)."""
    fields = {
        "client": case.clients.get(),
        "case": case,
        "recipient_kind": "client",
        "categories": ["case_record"],
        "media": ["hard_copy"],
        "mode": "documentary",
        "purpose": "Family team meeting",
        **extra,
    }
    return request_submit(
        requester=worker, draft=DisclosureRequest(**fields), submission_token=uuid.uuid4()
    )


def decided(worker, case, lawyer, resolution: str, **decision) -> DisclosureRequest:
    """An escalated request Legal Affairs decided."""
    request = submit(worker, case, requester_in_doubt=True)
    review = Review.objects.get(request=request)
    review_services.review_claim(review=review, reviewer=lawyer)
    review_services.review_decide(review=review, by=lawyer, resolution=resolution, **decision)
    request.refresh_from_db()
    return request


def lawyer_user(*duties):
    return StaffFactory(
        disclosure_role="other_dcf_staff", user__duties=list(duties or ["legal_affairs"])
    ).user


# ---- a worker: requests waiting on them, releases in preparation, releases expiring ----


def test_a_workers_home_lists_their_requests_waiting_on_them_with_the_next_step(client):
    worker, lawyer = StaffFactory().user, lawyer_user()
    case = assigned_case(worker)
    permitted = submit(worker, case)
    approved = decided(worker, case, lawyer, "approved", authority=court_order())
    returned = decided(worker, case, lawyer, "returned", message="Which meeting?")
    denied = decided(worker, case, lawyer, "denied", reason="No need", legal_basis="§17a-28")
    waiting_on_legal = submit(worker, case, requester_in_doubt=True)
    done = submit(worker, case)
    disclosure_record(
        request=done,
        user=worker,
        disclosed_on=timezone.localdate(),
        mode="documentary",
        media=["hard_copy"],
        information_disclosed="Case plan",
        recipient="The client",
    )
    colleague = StaffFactory().user
    theirs = submit(colleague, assigned_case(colleague))
    assert permitted.status == RequestStatus.PERMITTED
    assert (approved.status, returned.status) == (RequestStatus.APPROVED, RequestStatus.RETURNED)

    waiting = section(home(client, worker), "requests-waiting-heading")
    assert "3 requests waiting for your next step" in waiting
    shown = [r for r in (permitted, approved, returned) if r.reference in waiting]
    assert shown == [permitted, approved, returned]
    assert waiting.index(permitted.reference) < waiting.index(returned.reference), "oldest first"
    for absent in (denied, waiting_on_legal, done, theirs):
        assert absent.reference not in waiting
    assert reverse("requests:disclose", args=[permitted.pk]) in waiting
    assert reverse("requests:disclose", args=[approved.pk]) in waiting
    assert reverse("requests:edit", args=[returned.pk]) in waiting
    assert reverse("requests:disclose", args=[returned.pk]) not in waiting
    assert reverse("requests:list") in waiting
    # Each next step opens for the worker.
    for name, request in (("disclose", permitted), ("disclose", approved), ("edit", returned)):
        assert client.get(reverse(f"requests:{name}", args=[request.pk])).status_code == 200


def test_a_request_approved_with_redactions_asks_for_the_redactions_first(client):
    worker, lawyer = StaffFactory().user, lawyer_user()
    request = submit(worker, assigned_case(worker), requester_in_doubt=True)
    review = Review.objects.get(request=request)
    review_services.review_claim(review=review, reviewer=lawyer)
    note = RedactionNote(
        document="Case record", location="p. 2", what="Reporter's name", legal_basis="other"
    )
    note.legal_basis_other = "A neighbour's name"
    review_services.redaction_note_save(review=review, by=lawyer, note=note)
    review_services.review_decide(
        review=review, by=lawyer, resolution="approved_with_redactions", authority=court_order()
    )
    waiting = section(home(client, worker), "requests-waiting-heading")
    assert request.reference in waiting
    assert "Apply the redactions, then record the disclosure" in waiting


def test_a_long_list_of_waiting_requests_shows_the_longest_waiting_and_counts_them_all(client):
    worker = StaffFactory().user
    case = assigned_case(worker)
    now = timezone.now()
    requests = [
        DisclosureRequestFactory(
            requester=worker,
            case=case,
            status=RequestStatus.PERMITTED,
            submitted_at=now - (HOME_ROWS + 1 - n) * DAY,
        )
        for n in range(HOME_ROWS + 1)
    ]
    waiting = section(home(client, worker), "requests-waiting-heading")
    assert f"{HOME_ROWS + 1} requests waiting for your next step" in waiting
    assert f"the {HOME_ROWS} waiting longest shown" in waiting
    assert all(r.reference in waiting for r in requests[:HOME_ROWS])
    assert requests[-1].reference not in waiting


def test_a_workers_home_lists_the_releases_they_are_preparing(client):
    worker = StaffFactory().user
    child = assigned_case(worker).clients.get()
    draft = DraftReleaseFactory(client=child, prepared_by=worker)
    ready = DraftReleaseFactory(
        client=child, prepared_by=worker, ready_for_signature_at=timezone.now()
    )
    signed = ReleaseFactory(client=child, prepared_by=worker)
    colleagues = DraftReleaseFactory(client=child, prepared_by=StaffFactory().user)
    # A draft for a client the worker no longer sees (the assignment ended) is not theirs to
    # finish any more.
    old_case = CaseFactory()
    ended = assignment_create(case=old_case, staff=worker, starts_on=START)
    gone = DraftReleaseFactory(client=old_case.clients.get(), prepared_by=worker)
    assignment_end(assignment=ended, ends_on=timezone.localdate() - DAY)

    preparing = section(home(client, worker), "releases-unsigned-heading")
    assert "2 releases not signed yet" in preparing
    assert draft.number in preparing and ready.number in preparing
    assert "Draft" in preparing and "Ready for signature" in preparing
    for absent in (signed, colleagues, gone):
        assert absent.number not in preparing
    assert reverse("forms:detail", args=[draft.pk]) in preparing
    assert client.get(reverse("forms:detail", args=[draft.pk])).status_code == 200


def test_a_workers_home_says_when_nothing_waits(client):
    page = home(client, StaffFactory().user)
    assert "No requests are waiting for you." in section(page, "requests-waiting-heading")
    assert "You have no release in preparation" in section(page, "releases-unsigned-heading")
    assert "No signed release of your clients expires in the next 30 days." in section(
        page, "expiring-releases-heading"
    )
    assert "You have no active case assignments." in page


# ---- Legal Affairs: the queue counted, each count a filter of the queue; claimed reviews ----


def _escalated(worker=None) -> Review:
    worker = worker or StaffFactory().user
    return Review.objects.get(
        request=submit(worker, assigned_case(worker), requester_in_doubt=True)
    )


def _due(review: Review, on: datetime.date) -> None:
    Review.objects.filter(pk=review.pk).update(due_on=on)


def test_legal_affairs_home_counts_the_queue_and_each_count_opens_the_queue_filtered(client):
    lawyer, colleague = lawyer_user(), lawyer_user()
    today = timezone.localdate()
    overdue, soon, later, claimed_by_colleague, decided_one = (_escalated() for _ in range(5))
    _due(overdue, today - 2 * DAY)
    _due(soon, today)
    _due(later, due_soon_until(today) + DAY)
    review_services.review_claim(review=soon, reviewer=lawyer)
    review_services.review_claim(review=claimed_by_colleague, reviewer=colleague)
    review_services.review_claim(review=decided_one, reviewer=lawyer)
    review_services.review_decide(
        review=decided_one, by=lawyer, resolution="approved", authority=court_order()
    )

    reviews = section(home(client, lawyer), "review-heading")
    queue = reverse("requests:review_queue")
    expected = {
        "?status=open": (4, "4 open reviews"),
        "?status=unassigned": (2, "2 unassigned"),
        "?due_soon=on": (1, "1 due soon"),
        "?overdue=on": (1, "1 overdue"),
        "?status=claimed&amp;assignee=me": (1, "All my claimed reviews"),
    }
    for query, (rows, words) in expected.items():
        link = f'href="{queue}{query}"'
        assert link in reviews, query
        assert words in reviews.split(link, 1)[1].split("</a>", 1)[0], query
        response = client.get(queue + query.replace("&amp;", "&"))
        assert len(response.context["page"].object_list) == rows, query

    claimed = reviews.split('id="claimed-heading"', 1)[1]
    assert soon.request.reference in claimed
    assert reverse("requests:review", args=[soon.pk]) in claimed
    for absent in (overdue, later, claimed_by_colleague, decided_one):
        assert absent.request.reference not in claimed


def test_legal_affairs_home_says_when_the_queue_is_empty(client):
    reviews = section(home(client, lawyer_user()), "review-heading")
    for words in (
        "No reviews are open.",
        "No open review is unassigned.",
        "No reviews are due soon.",
        "No reviews are overdue.",
        "You have no claimed reviews.",
    ):
        assert words in reviews


def test_legal_affairs_home_says_none_is_overdue_beside_the_counts_it_has(client):
    _due(_escalated(), timezone.localdate() + 30 * DAY)
    reviews = section(home(client, lawyer_user()), "review-heading")
    assert "1 open review<" in reviews and "1 unassigned" in reviews
    assert "No reviews are overdue." in reviews and "No reviews are due soon." in reviews


@pytest.mark.parametrize(
    ("duties", "sees_reviews"),
    [
        (["legal_affairs"], True),
        (["assistant_attorney_general"], True),
        (["agency_legal_director", "legal_affairs"], True),
        (["agency_legal_director"], False),
        (["commissioner"], False),
    ],
    ids=[
        "legal affairs",
        "an AAG",
        "the legal director in legal affairs",
        "the director alone",
        "the commissioner",
    ],
)
def test_the_review_section_is_for_those_who_may_open_the_queue(client, duties, sees_reviews):
    user = lawyer_user(*duties)
    assert ("review-heading" in headings(home(client, user))) == sees_reviews
    queue = client.get(reverse("requests:review_queue")).status_code
    assert (queue == 200) == sees_reviews


# ---- a supervisor: the print queue and the loss reports sent to them ----


def test_a_supervisors_home_counts_the_print_queue_and_links_it(client):
    unit = WorkUnitFactory()
    supervisor = StaffFactory(unit=unit, user__duties=["supervisor"]).user
    worker = StaffFactory(unit=unit, supervisor=supervisor).user
    waiting = [ReleaseFactory(prepared_by=worker) for _ in range(2)]
    ReleasePrintFactory(release=ReleaseFactory(prepared_by=worker), batch__printed_by=supervisor)
    DraftReleaseFactory(prepared_by=worker)  # not signed: nothing to print
    ReleaseFactory(prepared_by=StaffFactory().user)  # another unit's
    assert print_queue(user=fresh(supervisor)).count() == len(waiting)

    printing = section(home(client, supervisor), "print-queue-heading")
    link = f'<a href="{reverse("forms:print_queue")}">2 signed releases waiting to be printed</a>'
    assert link in printing


def test_a_supervisors_home_lists_the_open_loss_reports_sent_to_them(client):
    unit = WorkUnitFactory()
    supervisor = StaffFactory(unit=unit, user__duties=["supervisor"]).user
    supervisee = StaffFactory(unit=unit, supervisor=supervisor).user
    unsupervised = StaffFactory(unit=unit).user
    theirs = LossReportFactory(reporter=supervisee)
    sent = LossReportFactory(reporter=unsupervised)
    IncidentStep.objects.create(
        incident=sent,
        kind=IncidentStepKind.UNIT_SUPERVISOR_NOTIFIED,
        at=sent.submitted_at,
        recipient=supervisor,
    )
    now = timezone.now()
    closed = LossReportFactory(
        reporter=supervisee,
        acknowledged_at=now,
        acknowledged_by=supervisor,
        closed_at=now,
        closed_by=supervisor,
    )
    elsewhere = LossReportFactory(reporter=StaffFactory().user)

    losses = section(home(client, supervisor), "losses-heading")
    assert "Loss reports sent to you" in losses and "2 open" in losses
    assert theirs.reference in losses and sent.reference in losses
    assert closed.reference not in losses and elsewhere.reference not in losses
    assert f'href="{reverse("requests:incident_list")}?kind=loss"' in losses
    for report in (theirs, sent):
        detail = reverse("requests:incident_detail", args=[report.pk])
        assert detail in losses
        assert client.get(detail).status_code == 200


def test_a_supervisors_home_says_when_nothing_waits_for_them(client):
    page = home(client, StaffFactory(user__duties=["supervisor"]).user)
    assert "No signed releases of your unit are waiting to be printed." in section(
        page, "print-queue-heading"
    )
    assert "No open loss reports are waiting for you." in section(page, "losses-heading")


# ---- a system administrator: the admin, no client work ----


def test_a_system_administrators_home_leads_to_the_admin_and_to_no_client_work(client):
    sysadmin = StaffFactory(
        disclosure_role="other_dcf_staff", user__duties=["system_admin"], user__is_staff=True
    ).user
    page = home(client, sysadmin)
    assert headings(page) == {"admin-heading"}
    assert reverse("admin:index") in section(page, "admin-heading")
    assert "every request you make goes to the Office of Legal Affairs" not in page


# ---- several duties: each section of each part the user plays ----

CASEWORK = {"requests-waiting-heading", "releases-unsigned-heading", "expiring-releases-heading"}
SUPERVISION = {"print-queue-heading", "losses-heading", "supervisees-heading"}


@pytest.mark.parametrize(
    ("role", "duties", "expected"),
    [
        ("social_worker", [], CASEWORK),
        ("solnit_north_staff", [], CASEWORK),
        ("cjts_staff", [], CASEWORK),
        ("other_dcf_staff", [], CASEWORK),
        ("social_worker", ["supervisor"], CASEWORK | SUPERVISION),
        ("other_dcf_staff", ["legal_affairs"], {"review-heading"}),
        ("other_dcf_staff", ["legal_affairs", "supervisor"], {"review-heading"} | SUPERVISION),
        (
            "other_dcf_staff",
            ["agency_legal_director", "legal_affairs"],
            {"review-heading", "incidents-heading"},
        ),
        ("other_dcf_staff", ["commissioner"], {"incidents-heading"}),
        ("social_worker", ["system_admin"], {"admin-heading"}),
    ],
    ids=[
        "a social worker",
        "Solnit North staff",
        "CJTS staff",
        "other DCF staff",
        "a social-work supervisor",
        "a Legal Affairs attorney",
        "a Legal Affairs supervisor",
        "the Agency Legal Director in Legal Affairs",
        "the Commissioner",
        "a social worker who administers the system",
    ],
)
def test_each_user_sees_the_sections_of_every_part_they_play(client, role, duties, expected):
    user = StaffFactory(
        disclosure_role=role, user__duties=duties, user__is_staff="system_admin" in duties
    ).user
    assert headings(home(client, user)) == expected


# ---- the audit names the clients the new sections show ----


def test_the_home_page_audits_the_clients_its_lists_name(client):
    worker, lawyer = StaffFactory().user, lawyer_user()
    old_case = CaseFactory()
    ended = assignment_create(case=old_case, staff=worker, starts_on=START)
    request = submit(worker, old_case)  # still the worker's to record
    assignment_end(assignment=ended, ends_on=timezone.localdate() - DAY)
    review = _escalated()
    review_services.review_claim(review=review, reviewer=lawyer)

    assert request.reference in home(client, worker)
    event = AccessEvent.objects.filter(user=worker, object_type="home").latest("id")
    assert event.client_id == request.client_id
    assert review.request.reference in home(client, lawyer)
    event = AccessEvent.objects.filter(user=lawyer, object_type="home").latest("id")
    assert event.client_id == review.request.client_id


# ---- a fixed number of queries, whatever the data's size ----


def _worker_world(size: int):
    worker = StaffFactory().user

    def grow(n: int) -> None:
        today = timezone.localdate()
        for _ in range(n):
            case = assigned_case(worker)
            child = case.clients.get()
            DisclosureRequestFactory(requester=worker, case=case, status=RequestStatus.PERMITTED)
            DisclosureRequestFactory(requester=worker, case=case, status=RequestStatus.RETURNED)
            DraftReleaseFactory(client=child, prepared_by=worker)
            ReleaseFactory(
                client=child, prepared_by=worker, signed_on=today - DAY, expires_on=today + 9 * DAY
            )

    grow(size)
    return worker, grow


def _supervisor_world(size: int):
    unit = WorkUnitFactory()
    supervisor = StaffFactory(unit=unit, user__duties=["supervisor"]).user

    def grow(n: int) -> None:
        for _ in range(n):
            supervisee = StaffFactory(unit=unit, supervisor=supervisor).user
            assigned_case(supervisee)
            ReleaseFactory(prepared_by=supervisee)
            LossReportFactory(reporter=supervisee)

    grow(size)
    return supervisor, grow


def _legal_world(size: int):
    lawyer = lawyer_user("legal_affairs", "supervisor")

    def grow(n: int) -> None:
        for _ in range(n):
            _escalated()
            review_services.review_claim(review=_escalated(), reviewer=lawyer)

    grow(size)
    return lawyer, grow


def _director_world(size: int):
    director = lawyer_user("agency_legal_director", "legal_affairs")

    def grow(n: int) -> None:
        for _ in range(n):
            review_services.review_claim(review=_escalated(), reviewer=director)
            LossReportFactory(reporter=StaffFactory().user)

    grow(size)
    return director, grow


def _sysadmin_world(size: int):
    sysadmin = StaffFactory(
        disclosure_role="other_dcf_staff", user__duties=["system_admin"], user__is_staff=True
    ).user

    def grow(n: int) -> None:
        for _ in range(n):
            _escalated()
            ReleaseFactory()

    grow(size)
    return sysadmin, grow


@pytest.mark.parametrize(
    "world",
    [_worker_world, _supervisor_world, _legal_world, _director_world, _sysadmin_world],
    ids=[
        "a worker",
        "a supervisor",
        "a Legal Affairs supervisor",
        "the legal director",
        "sysadmin",
    ],
)
def test_each_home_page_costs_the_same_queries_whatever_the_datas_size(
    client, world, django_assert_num_queries
):
    """One of everything, then more than a short list shows: the same queries."""
    user, grow = world(1)
    client.force_login(fresh(user))
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("home")).status_code == 200
    grow(HOME_ROWS + 2)
    with django_assert_num_queries(len(small)):
        assert client.get(reverse("home")).status_code == 200
