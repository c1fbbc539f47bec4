"""A request's status machine (requests_app.workflow): every status change goes through its table,
writes one timeline event and one audit event, and a change the table does not allow is refused.
The engine, not a refusal, answers a request made outside the normal course of duties."""

import datetime
import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from requests_app import workflow
from requests_app.choices import EventKind, RequestStatus
from requests_app.models import (
    AccessEvent,
    DisclosureRequest,
    PolicyDecision,
    RedactionNote,
    RequestEvent,
    Review,
)
from requests_app.services import reviews as review_services
from requests_app.services.casework import (
    assignment_create,
    assignment_end,
    staff_set_supervisor,
)
from requests_app.services.requests import disclosure_record, request_resubmit, request_submit
from tests.factories import CaseFactory, DisclosureRequestFactory, StaffFactory, court_order

pytestmark = pytest.mark.django_db

START = datetime.date(2025, 1, 1)
S = RequestStatus


def draft_for(case, **fields) -> DisclosureRequest:
    values = {
        "client": case.clients.get(),
        "case": case,
        "recipient_kind": "client",
        "categories": ["case_record"],
        "media": ["email"],
        "mode": "verbal",
        "purpose": "Family team meeting",
        **fields,
    }
    return DisclosureRequest(**values)


class Trail:
    """What a request's changes have written so far: its timeline events, and the audit
    events about it (object DisclosureRequest, this id)."""

    def __init__(self, request: DisclosureRequest) -> None:
        self.request = request
        self.events = self.audits = 0

    def _counts(self) -> tuple[int, int]:
        events = RequestEvent.objects.filter(request_id=self.request.pk).count()
        audits = AccessEvent.objects.filter(
            object_type="DisclosureRequest", object_id=str(self.request.pk)
        ).count()
        return events, audits

    def changed(self, *actions: str) -> None:
        """Since the last check: one timeline event and one audit event per action, the audit
        events named as the actions are, in order."""
        events, audits = self._counts()
        new_audits = list(
            AccessEvent.objects.filter(
                object_type="DisclosureRequest", object_id=str(self.request.pk)
            )
            .order_by("id")
            .values_list("action", flat=True)
        )[self.audits :]
        assert (events - self.events, audits - self.audits) == (len(actions), len(actions))
        assert new_audits == list(actions)
        self.events, self.audits = events, audits


@pytest.fixture
def worker():
    return StaffFactory().user


@pytest.fixture
def lawyer():
    return StaffFactory(disclosure_role="other_dcf_staff", user__duties=["legal_affairs"]).user


@pytest.fixture
def chief():
    return StaffFactory(
        disclosure_role="other_dcf_staff", user__duties=["legal_affairs", "supervisor"]
    ).user


@pytest.fixture
def case(worker):
    case = CaseFactory()
    assignment_create(case=case, staff=worker, starts_on=START)
    return case


def test_every_service_that_changes_a_status_writes_one_audit_event_and_one_timeline_event(
    worker, lawyer, chief, case
):
    permitted = request_submit(
        requester=worker, draft=draft_for(case), submission_token=uuid.uuid4()
    )
    assert permitted.status == S.PERMITTED
    Trail(permitted).changed("create", "permit")

    request = request_submit(
        requester=worker,
        draft=draft_for(case, requester_in_doubt=True),
        submission_token=uuid.uuid4(),
    )
    trail = Trail(request)
    trail.changed("create", "escalate")
    review = Review.objects.get(request=request)

    review_services.review_claim(review=review, reviewer=lawyer)
    trail.changed("claim")
    review_services.review_unclaim(review=review, by=lawyer)
    trail.changed("unclaim")
    review_services.review_assign(reviews=[review], assignee=lawyer, by=chief)
    trail.changed("assign")
    review_services.review_assign(reviews=[review], assignee=chief, by=chief)
    trail.changed("assign")
    review_services.review_unclaim(review=review, by=chief)
    trail.changed("unclaim")
    review_services.review_claim(review=review, reviewer=lawyer)
    trail.changed("claim")
    review_services.review_decide(
        review=review, by=lawyer, resolution="returned", message="Which school?"
    )
    trail.changed("return")
    assert DisclosureRequest.objects.get(pk=request.pk).status == S.RETURNED

    edited = DisclosureRequest.objects.get(pk=request.pk)
    edited.purpose = "School meeting at Bulkeley High"
    request_resubmit(request=edited, requester=worker)
    trail.changed("resubmit", "escalate")

    second = Review.objects.filter(request=request, decided_at=None).get()
    review_services.review_claim(review=second, reviewer=lawyer)
    trail.changed("claim")
    review_services.review_decide(
        review=second, by=lawyer, resolution="approved", authority=court_order()
    )
    trail.changed("approve")

    disclosure_record(
        request=request,
        user=worker,
        disclosed_on=timezone.localdate(),
        mode="verbal",
        media=["email"],
        information_disclosed="The school meeting plan",
        recipient="The client",
    )
    trail.changed("disclose")
    assert DisclosureRequest.objects.get(pk=request.pk).status == S.DISCLOSED
    kinds = list(
        RequestEvent.objects.filter(request=request).order_by("at", "pk").values_list("kind")
    )
    assert [k for (k,) in kinds] == [
        EventKind.SUBMITTED,
        EventKind.ESCALATED,
        EventKind.CLAIMED,
        EventKind.UNCLAIMED,
        EventKind.ASSIGNED,
        EventKind.ASSIGNED,
        EventKind.UNCLAIMED,
        EventKind.CLAIMED,
        EventKind.RETURNED,
        EventKind.RESUBMITTED,
        EventKind.ESCALATED,
        EventKind.CLAIMED,
        EventKind.REVIEWED,
        EventKind.DISCLOSED,
    ]


@pytest.mark.parametrize(
    ("resolution", "action", "status"),
    [
        ("approved", "approve", S.APPROVED),
        ("approved_with_redactions", "approve_redacted", S.APPROVED_WITH_REDACTIONS),
        ("denied", "deny", S.DENIED),
        ("returned", "return", S.RETURNED),
    ],
)
def test_each_decision_is_its_own_audited_transition(
    worker, lawyer, case, resolution, action, status
):
    request = request_submit(
        requester=worker,
        draft=draft_for(case, requester_in_doubt=True),
        submission_token=uuid.uuid4(),
    )
    review = Review.objects.get(request=request)
    review_services.review_claim(review=review, reviewer=lawyer)
    review_services.redaction_note_save(
        review=review,
        by=lawyer,
        note=RedactionNote(document="Case plan", what="Reporter", legal_basis="reporter_identity"),
    )
    trail = Trail(request)
    trail.changed("create", "escalate", "claim")
    review_services.review_decide(
        review=review,
        by=lawyer,
        resolution=resolution,
        reason="Not hers to know",
        legal_basis="Conn. Gen. Stat. §17a-28",
        message="Say which school",
        authority=court_order(),
    )
    trail.changed(action)
    assert DisclosureRequest.objects.get(pk=request.pk).status == status


def test_redaction_notes_are_audited_when_added_changed_and_deleted(worker, lawyer, case):
    request = request_submit(
        requester=worker,
        draft=draft_for(case, requester_in_doubt=True),
        submission_token=uuid.uuid4(),
    )
    review = Review.objects.get(request=request)
    review_services.review_claim(review=review, reviewer=lawyer)
    note = review_services.redaction_note_save(
        review=review,
        by=lawyer,
        note=RedactionNote(document="Case plan", what="Reporter", legal_basis="reporter_identity"),
    )
    note.location = "page 3"
    review_services.redaction_note_save(review=review, by=lawyer, note=note)
    note_id = str(note.pk)
    review_services.redaction_note_delete(note=note, by=lawyer)
    audited = AccessEvent.objects.filter(object_type="RedactionNote", object_id=note_id)
    assert list(audited.order_by("id").values_list("action", "user_id", "client_id")) == [
        ("create", lawyer.pk, request.client_id),
        ("update", lawyer.pk, request.client_id),
        ("delete", lawyer.pk, request.client_id),
    ]


def test_a_disclosed_request_cannot_go_back_into_review():
    request = DisclosureRequestFactory(status=S.DISCLOSED)
    reviewer = StaffFactory(user__duties=["legal_affairs"]).user
    assert not workflow.allowed(S.DISCLOSED, S.IN_REVIEW)
    with pytest.raises(workflow.TransitionRefused, match="cannot be claimed for review now"):
        workflow.transition(request=request, name="claim", by=reviewer)
    assert DisclosureRequest.objects.get(pk=request.pk).status == S.DISCLOSED
    assert not RequestEvent.objects.filter(request=request).exists()
    assert not AccessEvent.objects.filter(object_type="DisclosureRequest").exists()


def test_only_the_tables_transitions_are_allowed():
    """Every (status, transition) pair outside the table is refused, and every pair in it
    goes through, leaving the target status."""
    actor = StaffFactory().user
    for name, step in workflow.TRANSITIONS.items():
        for source in S.values:
            request = DisclosureRequestFactory(status=source)
            if source in step.sources:
                workflow.transition(request=request, name=name, by=actor)
                assert DisclosureRequest.objects.get(pk=request.pk).status == step.target
            else:
                with pytest.raises(workflow.TransitionRefused):
                    workflow.transition(request=request, name=name, by=actor)
                assert DisclosureRequest.objects.get(pk=request.pk).status == source


def test_a_second_claim_of_a_request_already_in_review_is_refused(worker, lawyer, case):
    """The table is checked against the status the database holds, not the object in hand."""
    request = request_submit(
        requester=worker,
        draft=draft_for(case, requester_in_doubt=True),
        submission_token=uuid.uuid4(),
    )
    stale = DisclosureRequest.objects.get(pk=request.pk)
    workflow.transition(request=request, name="claim", by=lawyer)
    with pytest.raises(workflow.TransitionRefused):
        workflow.transition(request=stale, name="claim", by=lawyer)


def test_a_supervisors_request_for_a_supervisees_client_is_escalated_not_in_normal_course(
    client, worker, case
):
    supervisor = StaffFactory(user__duties=["supervisor"]).user
    staff_set_supervisor(profile=worker.staff_profile, supervisor=supervisor)
    child = case.clients.get()
    client.force_login(supervisor)
    page = reverse("requests:new", args=[child.pk])
    assert client.get(page).status_code == 200
    response = client.post(
        page,
        {
            "case": case.pk,
            "recipient_type": "client",
            "categories": ["case_record"],
            "media": ["hard_copy"],
            "mode": "documentary",
            "purpose": "Family team meeting",
            "acknowledge_consequences": "on",
            "submission_token": str(uuid.uuid4()),
        },
    )
    request = DisclosureRequest.objects.get(requester=supervisor)
    assert response.status_code == 302
    assert response["Location"] == reverse("requests:detail", args=[request.pk])
    assert request.status == S.ESCALATED
    decision = PolicyDecision.objects.get(request=request)
    assert decision.reason_codes == ["not_in_normal_course"]
    assert Review.objects.filter(request=request).exists()


def test_a_worker_who_still_sees_a_client_but_no_longer_works_the_case_is_escalated(worker, case):
    """The assignment ended yesterday; access is withdrawn overnight, so today the worker still
    sees the case: the engine answers, with `not_in_normal_course`, instead of a refusal."""
    today = START + datetime.timedelta(days=30)
    assignment = case.assignments.get(staff=worker)
    yesterday = today - datetime.timedelta(days=1)
    assignment_end(assignment=assignment, ends_on=yesterday, today=yesterday)
    request = request_submit(
        requester=worker, draft=draft_for(case), submission_token=uuid.uuid4(), today=today
    )
    assert request.status == S.ESCALATED
    assert PolicyDecision.objects.get(request=request).reason_codes == ["not_in_normal_course"]


def test_a_client_the_requester_may_not_see_is_refused(worker):
    stranger_case = CaseFactory()
    with pytest.raises(PermissionDenied):
        request_submit(
            requester=worker, draft=draft_for(stranger_case), submission_token=uuid.uuid4()
        )
    assert not DisclosureRequest.objects.exists()


def test_a_submission_writes_its_two_changes_in_one_insert_each(
    client, worker, case, django_assert_num_queries
):
    """A permitted submission: session, user, the client, the form's case choice (and its
    foreign key), the client's releases (the form checks the release on file), the token, the
    access check, the request, the adapter's assignment, the decision, then the timeline events
    in one insert and the audit events in one (18 in all, three of them savepoints)."""
    child = case.clients.get()
    client.force_login(worker)
    client.get(reverse("home"))
    data = {
        "case": case.pk,
        "recipient_type": "client",
        "categories": ["case_record"],
        "media": ["hard_copy"],
        "mode": "documentary",
        "purpose": "Family team meeting",
        "acknowledge_consequences": "on",
        "submission_token": str(uuid.uuid4()),
    }
    with django_assert_num_queries(18):
        response = client.post(reverse("requests:new", args=[child.pk]), data)
    assert response.status_code == 302
    request = DisclosureRequest.objects.get()
    Trail(request).changed("create", "permit")
