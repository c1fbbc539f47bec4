"""The policy adapter builds facts from requests and the database (PostgreSQL)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from requests_app import adapters, policy
from requests_app.adapters import decision_from_record, decision_replay
from requests_app.choices import RecipientKind, RelationKind
from requests_app.models import CaseAssignment, DisclosureRequest, PolicyDecision
from requests_app.services.decisions import decision_record
from tests.factories import (
    CaseFactory,
    DisclosureRequestFactory,
    RelationFactory,
    ReleaseFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)
YESTERDAY = TODAY - datetime.timedelta(days=1)


@pytest.fixture
def worker():
    return StaffFactory().user


@pytest.fixture
def case(worker):
    case = CaseFactory(opened_on=datetime.date(2025, 1, 1))
    CaseAssignment.objects.create(case=case, staff=worker, starts_on=datetime.date(2025, 1, 1))
    return case


def loaded(request: DisclosureRequest) -> DisclosureRequest:
    return DisclosureRequest.objects.select_related(*adapters.REQUEST_RELATED).get(pk=request.pk)


def facts(request, as_of=TODAY) -> policy.Facts:
    return adapters.facts_for_request(loaded(request), as_of=as_of)


def test_an_assigned_worker_asking_for_the_client_in_an_open_case_is_permitted(worker, case):
    request = DisclosureRequestFactory(requester=worker, case=case)
    decision = adapters.decide(loaded(request), as_of=TODAY)
    assert decision.outcome == "permitted"
    assert decision.rule == "client_in_open_case"
    assert facts(request).requester == policy.Requester(policy.Role.SOCIAL_WORKER, True, False)


def test_an_assignment_that_ended_yesterday_is_not_normal_course_today(worker, case):
    CaseAssignment.objects.filter(staff=worker).update(ends_on=YESTERDAY)
    request = DisclosureRequestFactory(requester=worker, case=case)
    assert facts(request, as_of=YESTERDAY).requester.assigned_to_case
    assert not facts(request).requester.assigned_to_case
    assert "not_in_normal_course" in adapters.decide(loaded(request), as_of=TODAY).codes


def test_a_closed_case_is_closed_from_its_closing_date(worker, case):
    case.closed_on = TODAY
    case.save()
    request = DisclosureRequestFactory(requester=worker, case=case)
    assert facts(request, as_of=YESTERDAY).case.status == "open"
    assert facts(request).case.status == "closed"


def test_an_unverified_relation_is_not_verified(worker, case):
    attorney = RelationFactory(client=case.clients.get(), kind=RelationKind.ATTORNEY)
    request = DisclosureRequestFactory(
        requester=worker,
        case=case,
        recipient_kind=RecipientKind.ATTORNEY,
        recipient_relation=attorney,
    )
    assert not facts(request).recipient.relationship_verified
    decision = adapters.decide(loaded(request), as_of=TODAY)
    assert decision.outcome == "escalated"
    assert "relationship_not_verified" in decision.codes


def test_a_relation_verified_after_the_date_is_not_yet_verified(worker, case):
    parent = RelationFactory(client=case.clients.get(), verified_by=worker, verified_on=TODAY)
    request = DisclosureRequestFactory(
        requester=worker, case=case, recipient_kind=RecipientKind.PARENT, recipient_relation=parent
    )
    assert facts(request).recipient.relationship_verified
    assert not facts(request, as_of=YESTERDAY).recipient.relationship_verified


def test_an_ended_relation_is_no_longer_of_record(worker, case):
    parent = RelationFactory(
        client=case.clients.get(), verified_by=worker, verified_on=YESTERDAY, ended_on=TODAY
    )
    request = DisclosureRequestFactory(
        requester=worker, case=case, recipient_kind=RecipientKind.PARENT, recipient_relation=parent
    )
    assert not facts(request).recipient.relationship_verified


def test_another_clients_relation_is_never_verified_for_this_client(worker, case):
    stranger = RelationFactory(verified_by=worker, verified_on=YESTERDAY)
    request = DisclosureRequestFactory(
        requester=worker,
        case=case,
        recipient_kind=RecipientKind.PARENT,
        recipient_relation=stranger,
    )
    assert not facts(request).recipient.relationship_verified


def test_a_parent_whose_rights_were_terminated_is_escalated(worker, case):
    parent = RelationFactory(
        client=case.clients.get(),
        verified_by=worker,
        verified_on=YESTERDAY,
        parental_rights_terminated=True,
    )
    request = DisclosureRequestFactory(
        requester=worker, case=case, recipient_kind=RecipientKind.PARENT, recipient_relation=parent
    )
    assert facts(request).recipient.parental_rights_terminated
    decision = adapters.decide(loaded(request), as_of=TODAY)
    assert decision.outcome == "escalated"
    assert "parental_rights_terminated" in decision.codes


def third_party_request(worker, case, release, name="Hartford Pediatrics"):
    return DisclosureRequestFactory(
        requester=worker,
        case=case,
        recipient_kind=RecipientKind.THIRD_PARTY,
        recipient_name=name,
        release=release,
    )


def test_a_signed_current_release_naming_the_third_party_permits(worker, case):
    release = ReleaseFactory(client=case.clients.get(), counterparty_name="Hartford Pediatrics")
    request = third_party_request(worker, case, release, name="hartford  pediatrics")
    assert facts(request).release.names_recipient
    assert adapters.decide(loaded(request), as_of=TODAY).rule == "signed_current_release"


def test_a_revoked_release_is_revoked_from_its_date(worker, case):
    release = ReleaseFactory(
        client=case.clients.get(), revoked_on=TODAY, revoked_recorded_by=UserFactory()
    )
    request = third_party_request(worker, case, release)
    assert facts(request).release.revoked_on == TODAY
    assert adapters.decide(loaded(request), as_of=YESTERDAY).outcome == "permitted"
    decision = adapters.decide(loaded(request), as_of=TODAY)
    assert "release_revoked" in decision.codes


def test_a_release_naming_someone_else_does_not_name_the_recipient(worker, case):
    release = ReleaseFactory(client=case.clients.get(), counterparty_name="Bridges Counseling")
    request = third_party_request(worker, case, release)
    assert "release_recipient_not_named" in adapters.decide(loaded(request), as_of=TODAY).codes


def test_another_clients_release_never_names_the_recipient(worker, case):
    release = ReleaseFactory()  # a release of some other client
    request = third_party_request(worker, case, release)
    assert not facts(request).release.names_recipient


def test_other_dcf_staff_are_judged_as_other_dcf_staff(case):
    other = StaffFactory(disclosure_role="other_dcf_staff").user
    request = DisclosureRequestFactory(requester=other, case=case)
    assert "requester_must_consult_legal" in adapters.decide(loaded(request), as_of=TODAY).codes


def test_the_sensitive_set_is_a_setting(worker, case, settings):
    request = DisclosureRequestFactory(requester=worker, case=case, categories=["educational"])
    assert adapters.decide(loaded(request), as_of=TODAY).outcome == "permitted"
    settings.DISCLOSURE_SENSITIVE_CATEGORIES = ["educational"]
    assert "sensitive_information" in adapters.decide(loaded(request), as_of=TODAY).codes


def test_the_adapter_costs_a_constant_number_of_queries(worker, case):
    parent = RelationFactory(client=case.clients.get(), verified_by=worker, verified_on=YESTERDAY)
    release = ReleaseFactory(client=case.clients.get())
    request = DisclosureRequestFactory(
        requester=worker,
        case=case,
        recipient_kind=RecipientKind.PARENT,
        recipient_relation=parent,
        release=release,
    )
    with CaptureQueriesContext(connection) as ctx:
        adapters.facts_for_request(loaded(request), as_of=TODAY)
    assert len(ctx) == 2  # the request with its relations, and the assignment
    assert len(ctx) <= 5


def test_a_stored_decision_keeps_its_facts_and_can_be_replayed(worker, case):
    request = DisclosureRequestFactory(requester=worker, case=case)
    record = decision_record(request=loaded(request), as_of=TODAY)
    record = PolicyDecision.objects.get(pk=record.pk)
    assert record.outcome == "permitted" and record.rule == "client_in_open_case"
    assert record.facts["as_of"] == "2026-06-15"
    assert "31-8-5" in record.citation
    rebuilt = decision_from_record(record)
    assert rebuilt.facts == facts(request)
    # The case closes later; the stored decision does not change, and replay uses stored facts.
    case.closed_on = TODAY
    case.save()
    assert decision_replay(record).outcome == "permitted"
    assert adapters.decide(loaded(request), as_of=TODAY).outcome == "escalated"


@pytest.mark.parametrize("role", ["social_worker", "cjts_staff", "other_dcf_staff"])
def test_the_signed_in_requesters_standing_gives_the_same_role_as_their_profile(role, case):
    """Submitting, the requester is the signed-in user, read with their standing
    (requests_app.auth): the role comes from it without a query, and is the profile's."""
    from requests_app.web.auth import PortalBackend

    requester = StaffFactory(disclosure_role=role).user
    CaseAssignment.objects.create(case=case, staff=requester, starts_on=datetime.date(2025, 1, 1))
    request = DisclosureRequestFactory(requester=requester, case=case, client=case.clients.get())
    from_profile = facts(request).requester.role
    request.requester = PortalBackend().get_user(requester.pk)
    with CaptureQueriesContext(connection) as queries:
        role_now = adapters._requester_role(request.requester)
    assert role_now == from_profile == policy.Role(role) and len(queries) == 0
