"""The Legal Affairs review: queue, claiming (and the claim race), redaction notes, decisions,
reminders, dashboard and who may see what."""

import datetime
import threading
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from requests_app.choices import RequestStatus
from requests_app.models import (
    DisclosureRequest,
    Notification,
    OutboundEmail,
    RedactionNote,
    Review,
)
from requests_app.selectors.reviews import due_soon_until
from requests_app.services import reviews as review_services
from requests_app.services.casework import assignment_create
from requests_app.services.requests import request_submit
from tests.factories import CaseFactory, StaffFactory, court_order, court_order_form

pytestmark = pytest.mark.django_db
START = datetime.date(2025, 1, 1)


def escalated_request(worker=None, **extra) -> Review:
    """A request the worker asks Legal Affairs about, escalated with an open review."""
    worker = worker or StaffFactory().user
    case = CaseFactory()
    assignment_create(case=case, staff=worker, starts_on=START)
    fields = {
        "client": case.clients.get(),
        "case": case,
        "recipient_kind": "client",
        "categories": ["case_record"],
        "media": ["hard_copy"],
        "mode": "documentary",
        "purpose": "Meeting",
        "requester_in_doubt": True,
        **extra,
    }
    request = request_submit(
        requester=worker, draft=DisclosureRequest(**fields), submission_token=uuid.uuid4()
    )
    return Review.objects.get(request=request)


@pytest.fixture
def lawyer():
    return StaffFactory(disclosure_role="other_dcf_staff", user__duties=["legal_affairs"]).user


@pytest.fixture
def chief():
    return StaffFactory(
        disclosure_role="other_dcf_staff", user__duties=["legal_affairs", "supervisor"]
    ).user


def note_fields(**overrides):
    return {
        "document": "Investigation protocol",
        "location": "p. 3",
        "what": "Reporter's name",
        "legal_basis": "reporter_identity",
        **overrides,
    }


def test_a_worker_cannot_open_the_queue_or_a_review(client):
    review = escalated_request()
    client.force_login(review.request.requester)
    assert client.get(reverse("requests:review_queue")).status_code == 403
    assert client.get(reverse("requests:review", args=[review.pk])).status_code == 403


def test_a_reviewer_sees_escalated_requests_only(client, lawyer):
    review = escalated_request()
    worker = StaffFactory().user
    case = CaseFactory()
    assignment_create(case=case, staff=worker, starts_on=START)
    permitted = request_submit(
        requester=worker,
        draft=DisclosureRequest(
            client=case.clients.get(),
            case=case,
            recipient_kind="client",
            categories=["case_record"],
            media=["email"],
            mode="verbal",
            purpose="x",
        ),
        submission_token=uuid.uuid4(),
    )
    assert permitted.status == RequestStatus.PERMITTED
    client.force_login(lawyer)
    page = client.get(reverse("requests:review_queue")).content.decode()
    assert review.request.reference in page
    assert permitted.reference not in page
    assert client.get(reverse("requests:detail", args=[permitted.pk])).status_code == 404
    assert client.get(reverse("requests:detail", args=[review.request.pk])).status_code == 200


def test_a_queue_row_shows_the_request_client_requester_reasons_and_assignee(client, lawyer):
    worker = StaffFactory(user__first_name="Rosa", user__last_name="Diaz").user
    claimed, waiting = escalated_request(worker), escalated_request(worker)
    review_services.review_claim(review=claimed, reviewer=lawyer)
    decided = escalated_request(worker)
    review_services.review_claim(review=decided, reviewer=lawyer)
    review_services.review_decide(
        review=decided, by=lawyer, resolution="approved", authority=court_order()
    )
    client.force_login(lawyer)
    url = reverse("requests:review_queue")
    rows = {row.pk: row for row in client.get(url, {"status": "all"}).context["page"].object_list}
    unit = worker.staff_profile.unit.name
    for review in (claimed, waiting, decided):
        row = rows[review.pk]
        assert row.reference == review.request.reference
        assert row.client_number == review.request.client.client_number
        assert (row.requester_id, row.requester_name, row.requester_unit) == (
            worker.pk,
            "Rosa Diaz",
            unit,
        )
        assert [code for code, _label in row.reasons] == review.decision.reason_codes
    assert rows[claimed.pk].assignee_name == lawyer.get_full_name()
    assert rows[waiting.pk].assignee_name == ""
    assert (
        rows[decided.pk].resolution_label == "Approved" and rows[waiting.pk].resolution_label == ""
    )
    page = client.get(url, {"status": "all"}).content.decode()
    assert "Rosa Diaz" in page and f"({unit})" in page and "Unassigned" in page
    assert lawyer.get_full_name() in page and "requester_in_doubt" in page


def test_claiming_takes_the_review_and_a_second_claim_is_refused(lawyer, chief):
    review = escalated_request()
    review_services.review_claim(review=review, reviewer=lawyer)
    review.refresh_from_db()
    assert review.assignee == lawyer
    assert review.request.status == RequestStatus.IN_REVIEW
    with pytest.raises(review_services.ReviewUnavailable):
        review_services.review_claim(review=review, reviewer=chief)


def test_unclaim_puts_it_back_and_a_supervisor_reassigns(lawyer, chief):
    review = escalated_request()
    review_services.review_claim(review=review, reviewer=lawyer)
    review_services.review_unclaim(review=review, by=lawyer)
    review.refresh_from_db()
    assert review.assignee is None and review.request.status == RequestStatus.ESCALATED
    with pytest.raises(PermissionDenied):
        review_services.review_assign(reviews=[review], assignee=lawyer, by=lawyer)
    review_services.review_assign(reviews=[review], assignee=lawyer, by=chief)
    review.refresh_from_db()
    assert review.assignee == lawyer
    assert Notification.objects.filter(user=lawyer, subject__contains="assigned").exists()


def test_bulk_assign_from_the_queue(client, lawyer, chief):
    reviews = [escalated_request() for _ in range(3)]
    client.force_login(chief)
    response = client.post(
        reverse("requests:reviews_assign"),
        {"reviews": [r.pk for r in reviews[:2]], "assignee": lawyer.pk},
    )
    assert response.status_code == 302
    assert Review.objects.filter(assignee=lawyer).count() == 2
    assert Review.objects.get(pk=reviews[2].pk).assignee is None


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_claiming_at_once_never_both_get_it():
    """Threads with their own PostgreSQL connections race for the same review, many times."""
    first = StaffFactory(disclosure_role="other_dcf_staff", user__duties=["legal_affairs"]).user
    second = StaffFactory(disclosure_role="other_dcf_staff", user__duties=["legal_affairs"]).user
    for _ in range(25):
        review = escalated_request()
        barrier = threading.Barrier(2)
        wins: list[int] = []

        def claim(user, review=review, barrier=barrier, wins=wins):
            try:
                barrier.wait()
                review_services.review_claim(review=review, reviewer=user)
                wins.append(user.pk)
            except review_services.ReviewUnavailable:
                pass
            finally:
                connections.close_all()

        threads = [threading.Thread(target=claim, args=(u,)) for u in (first, second)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(wins) == 1
        assert Review.objects.get(pk=review.pk).assignee_id == wins[0]


def new_note(**overrides) -> RedactionNote:
    return RedactionNote(**note_fields(**overrides))


def test_only_the_assignee_writes_notes_and_they_freeze_at_the_decision(lawyer, chief):
    review = escalated_request()
    with pytest.raises(PermissionDenied):
        review_services.redaction_note_save(
            review=review, by=lawyer, note=RedactionNote(**note_fields())
        )
    review_services.review_claim(review=review, reviewer=lawyer)
    note = review_services.redaction_note_save(
        review=review, by=lawyer, note=RedactionNote(**note_fields())
    )
    note.location = "pp. 3-4"
    review_services.redaction_note_save(review=review, by=lawyer, note=note)
    assert RedactionNote.objects.get().location == "pp. 3-4"
    review_services.review_decide(
        review=review, by=lawyer, resolution="approved_with_redactions", authority=court_order()
    )
    with pytest.raises(review_services.ReviewUnavailable):
        review_services.redaction_note_save(
            review=review, by=lawyer, note=RedactionNote(**note_fields())
        )
    with pytest.raises(review_services.ReviewUnavailable):
        review_services.redaction_note_delete(note=note, by=lawyer)
    assert RedactionNote.objects.get().location == "pp. 3-4"


def test_an_other_basis_needs_an_explanation(lawyer):
    review = escalated_request()
    review_services.review_claim(review=review, reviewer=lawyer)
    with pytest.raises(ValidationError):
        review_services.redaction_note_save(
            review=review, by=lawyer, note=RedactionNote(**note_fields(legal_basis="other"))
        )


@pytest.mark.parametrize(
    ("resolution", "kwargs", "status"),
    [
        ("approved", {"authority": court_order()}, RequestStatus.APPROVED),
        ("denied", {"reason": "Not his to see", "legal_basis": "§17a-28(b)"}, RequestStatus.DENIED),
        ("returned", {"message": "Which pages?"}, RequestStatus.RETURNED),
    ],
    ids=["approve", "deny", "return for more information"],
)
def test_each_decision_sets_the_status_and_tells_the_requester(lawyer, resolution, kwargs, status):
    review = escalated_request()
    review_services.review_claim(review=review, reviewer=lawyer)
    review_services.review_decide(review=review, by=lawyer, resolution=resolution, **kwargs)
    request = DisclosureRequest.objects.get(pk=review.request_id)
    assert request.status == status
    note = Notification.objects.get(user=request.requester)
    assert request.reference in note.subject
    assert OutboundEmail.objects.filter(to__contains=[request.requester.email]).exists()
    assert request.events.filter(kind__in=["reviewed", "returned"]).exists()


@pytest.mark.parametrize(
    ("resolution", "kwargs", "field"),
    [
        ("approved_with_redactions", {}, "resolution"),
        ("denied", {"reason": "x"}, "legal_basis"),
        ("denied", {"legal_basis": "x"}, "reason"),
        ("returned", {}, "message"),
    ],
    ids=[
        "redactions without a note",
        "denial without basis",
        "denial without reason",
        "return without message",
    ],
)
def test_incomplete_decisions_are_refused(lawyer, resolution, kwargs, field):
    review = escalated_request()
    review_services.review_claim(review=review, reviewer=lawyer)
    with pytest.raises(ValidationError) as refused:
        review_services.review_decide(review=review, by=lawyer, resolution=resolution, **kwargs)
    assert field in refused.value.message_dict
    assert Review.objects.get(pk=review.pk).decided_at is None


def test_only_the_assignee_decides(lawyer, chief):
    review = escalated_request()
    review_services.review_claim(review=review, reviewer=lawyer)
    with pytest.raises(PermissionDenied):
        review_services.review_decide(
            review=review, by=chief, resolution="approved", authority=court_order()
        )


def test_the_decision_form_needs_a_confirmation_and_names_missing_fields(client, lawyer):
    review = escalated_request()
    review_services.review_claim(review=review, reviewer=lawyer)
    client.force_login(lawyer)
    url = reverse("requests:review_decide", args=[review.pk])
    response = client.post(
        url, {"decision-resolution": "denied", "decision-reason": "Typed reason"}
    )
    assert response.status_code == 400
    errors = response.context["decision_form"].errors
    assert "confirm" in errors and "legal_basis" in errors
    assert "Typed reason" in response.content.decode()
    response = client.post(
        url,
        {"decision-resolution": "approved", "decision-confirm": "on", **court_order_form()},
    )
    assert response.status_code == 302
    assert Review.objects.get(pk=review.pk).resolution == "approved"


def test_the_review_page_shows_decision_facts_and_background(client, lawyer):
    review = escalated_request()
    client.force_login(lawyer)
    page = client.get(reverse("requests:review", args=[review.pk])).content.decode()
    assert "requester_in_doubt" in page
    assert "§17a-28" in page
    assert "Claim this review" in page


def _count(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx)


def test_the_queue_costs_a_fixed_number_of_queries(client, lawyer):
    escalated_request()
    client.force_login(lawyer)
    url = reverse("requests:review_queue")
    few = _count(client, url)
    for _ in range(6):
        escalated_request()
    assert _count(client, url) == few
    assert _count(client, url, overdue="on", status="all") <= few + 1


def test_the_queue_counts_its_reviews_without_the_joins_of_a_row(client, lawyer):
    """A row's values join seven tables; the page count must not (over 3,000 open reviews it
    took 24 ms with them)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    escalated_request()
    client.force_login(lawyer)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("requests:review_queue"))
    counts = [
        q["sql"] for q in queries if '"requests_app_review"' in q["sql"] and "COUNT(" in q["sql"]
    ]
    assert counts and all("JOIN" not in sql for sql in counts)


def test_queue_filters(client, lawyer):
    mine, theirs = escalated_request(), escalated_request()
    review_services.review_claim(review=mine, reviewer=lawyer)
    Review.objects.filter(pk=theirs.pk).update(due_on=timezone.localdate() - datetime.timedelta(1))
    client.force_login(lawyer)
    url = reverse("requests:review_queue")

    def refs(**params):
        return [r.reference for r in client.get(url, params).context["page"]]

    assert refs(assignee="me") == [mine.request.reference]
    assert refs(overdue="on") == [theirs.request.reference]
    assert refs(reason="requester_in_doubt") == [theirs.request.reference, mine.request.reference]
    assert refs(reason="no_release") == []
    assert refs(status="unassigned") == [theirs.request.reference]


def test_the_queue_filters_reviews_due_soon_as_its_rows_flag_them(client, lawyer):
    """A review is due soon as a row's tag says: open, due today up to
    REVIEW_DUE_SOON_BUSINESS_DAYS business days ahead, not overdue. Ticked with "Overdue only",
    both kinds show."""
    today = timezone.localdate()
    horizon = due_soon_until(today)
    overdue, due_today, at_horizon, later, decided = (escalated_request() for _ in range(5))
    for review, due in (
        (overdue, today - datetime.timedelta(days=1)),
        (due_today, today),
        (at_horizon, horizon),
        (later, horizon + datetime.timedelta(days=1)),
        (decided, today),
    ):
        Review.objects.filter(pk=review.pk).update(due_on=due)
    decided.refresh_from_db()
    review_services.review_claim(review=decided, reviewer=lawyer)
    review_services.review_decide(
        review=decided, by=lawyer, resolution="approved", authority=court_order()
    )
    client.force_login(lawyer)
    url = reverse("requests:review_queue")

    def refs(**params):
        return [r.reference for r in client.get(url, params).context["page"]]

    soon = [due_today.request.reference, at_horizon.request.reference]
    assert refs(due_soon="on") == soon
    assert refs(due_soon="on", status="all") == soon, "a decided review is never due"
    assert refs(due_soon="on", overdue="on") == [overdue.request.reference, *soon]
    assert refs(overdue="on") == [overdue.request.reference]
    page = client.get(url, {"due_soon": "on"}).content.decode()
    assert 'name="due_soon"' in page and "checked" in page.split('name="due_soon"', 1)[1][:80]


def test_reminders_are_sent_once_a_day(lawyer):
    today = timezone.localdate()
    overdue, unassigned = escalated_request(), escalated_request()
    review_services.review_claim(review=overdue, reviewer=lawyer)
    Review.objects.filter(pk=overdue.pk).update(due_on=today - datetime.timedelta(days=2))
    before = OutboundEmail.objects.count()
    call_command("send_review_reminders", "--date", today.isoformat())
    sent = OutboundEmail.objects.filter(dedupe_key__startswith="review-")
    assert sent.count() == 2
    reminder = sent.get(to=[lawyer.email])
    assert overdue.request.reference in reminder.body and "OVERDUE" in reminder.body
    digest = sent.get(dedupe_key__startswith="review-digest")
    assert unassigned.request.reference in digest.body
    call_command("send_review_reminders", "--date", today.isoformat())
    assert OutboundEmail.objects.count() == before + 2, "nothing is sent twice in a day"
    call_command(
        "send_review_reminders", "--date", (today + datetime.timedelta(days=1)).isoformat()
    )
    assert OutboundEmail.objects.count() == before + 4


def test_the_dashboard_counts_and_draws(client, lawyer):
    open_one, decided = escalated_request(), escalated_request()
    review_services.review_claim(review=decided, reviewer=lawyer)
    review_services.review_decide(
        review=decided, by=lawyer, resolution="approved", authority=court_order()
    )
    Review.objects.filter(pk=open_one.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(1)
    )
    client.force_login(lawyer)
    response = client.get(reverse("requests:review_dashboard"))
    figures = response.context["figures"]
    assert (figures.open, figures.unassigned, figures.overdue) == (1, 1, 1)
    assert sum(c["approved"] for _, c in figures.weekly) == 1
    assert figures.median_seconds is not None
    page = response.content.decode()
    assert "<svg" in page and "Open reviews by age" in page


def test_a_court_hearing_brings_the_due_date_forward():
    today = timezone.localdate()
    hearing = today + datetime.timedelta(days=3)
    review = escalated_request(
        recipient_kind="juvenile_court",
        recipient_name="Superior Court for Juvenile Matters",
        court_docket_number="H12-CP-1",
        hearing_on=hearing,
        hearing_related_to_case=True,
    )
    assert review.due_on < hearing


@pytest.mark.parametrize(
    ("url_name", "data", "note"),
    [
        (
            "review_decide",
            {"decision-resolution": "approved", "decision-confirm": "on", **court_order_form()},
            False,
        ),
        ("review_unclaim", {}, False),
        (
            "redaction_note_add",
            {"note-document": "d", "note-what": "w", "note-legal_basis": "other_people"},
            False,
        ),
        (
            "redaction_note_edit",
            {"document": "d", "what": "w", "legal_basis": "other_people"},
            True,
        ),
    ],
)
def test_a_step_on_a_decided_review_answers_with_a_message_not_an_error(
    client, lawyer, url_name, data, note
):
    """A second tab or a double submit after the decision: the review's page says why."""
    review = escalated_request()
    review_services.review_claim(review=review, reviewer=lawyer)
    saved = review_services.redaction_note_save(review=review, by=lawyer, note=new_note())
    review_services.review_decide(
        review=review, by=lawyer, resolution="approved", authority=court_order()
    )
    client.force_login(lawyer)
    args = [review.pk, saved.pk] if note else [review.pk]
    response = client.post(reverse(f"requests:{url_name}", args=args), data, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("requests:review", args=[review.pk])
    assert "This review has been decided." in response.content.decode()


def test_assigning_never_follows_a_next_to_another_site(client, chief, lawyer):
    review = escalated_request()
    client.force_login(chief)
    data = {"assignee": lawyer.pk, "reviews": [review.pk]}
    away = client.post(
        reverse("requests:reviews_assign"), {**data, "next": "https://evil.example/"}
    )
    assert away["Location"] == reverse("requests:review_queue")
    back = reverse("requests:review", args=[review.pk])
    assert (
        client.post(reverse("requests:reviews_assign"), {**data, "next": back})["Location"] == back
    )


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "2026-13-01"])
def test_the_reminder_command_refuses_a_date_outside_1900_to_2100_naming_the_option(day):
    with pytest.raises(CommandError, match="--date"):
        call_command("send_review_reminders", "--date", day)
