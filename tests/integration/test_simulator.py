"""The policy simulator page: for Legal Affairs and AAGs only; decides entered facts and replays
stored requests."""

import datetime

import pytest
from django.urls import reverse

from requests_app import adapters
from requests_app.forms.simulator import SimulatorForm
from requests_app.models import DisclosureRequest
from requests_app.services.decisions import decision_record
from tests.factories import DisclosureRequestFactory, StaffFactory

pytestmark = pytest.mark.django_db
URL = reverse("requests:simulator")

FACTS = {
    "as_of": "2026-06-15",
    "requester_role": "social_worker",
    "assigned_to_case": "on",
    "case_status": "open",
    "recipient_kind": "parent",
    "relationship_verified": "on",
    "categories": ["case_record"],
}


@pytest.fixture
def lawyer(client):
    user = StaffFactory(disclosure_role="other_dcf_staff", user__duties=["legal_affairs"]).user
    client.force_login(user)
    return user


@pytest.mark.parametrize("duties", [[], ["supervisor"], ["system_admin"]])
def test_only_reviewers_may_open_the_simulator(client, duties):
    client.force_login(StaffFactory(user__duties=duties).user)
    assert client.get(URL).status_code == 403


@pytest.mark.parametrize("duty", ["legal_affairs", "assistant_attorney_general"])
def test_legal_affairs_and_aags_may_open_it(client, duty):
    client.force_login(StaffFactory(user__duties=[duty]).user)
    assert client.get(URL).status_code == 200


def test_entered_facts_are_decided_with_citation_and_reasons(client, lawyer):
    page = client.post(URL, {**FACTS, "simulate": "1"}).content.decode()
    assert "Permitted" in page
    assert "parent_in_open_case" in page
    assert "31-8-5" in page


def test_every_reason_is_shown_in_plain_english(client, lawyer):
    facts = {**FACTS, "parental_rights_terminated": "on", "case_status": "closed"}
    del facts["relationship_verified"]
    page = client.post(URL, {**facts, "simulate": "1"}).content.decode()
    assert "Escalated to the Office of Legal Affairs" in page
    for code in ("case_not_open", "relationship_not_verified", "parental_rights_terminated"):
        assert code in page


def test_missing_fields_are_named_and_what_was_typed_is_kept(client, lawyer):
    page = client.post(
        URL, {"simulate": "1", "business_reason": "Typed reason", "recipient_kind": "dcf_staff"}
    ).content.decode()
    assert "with this form" in page
    assert "“Decide as of” is required." in page
    assert 'value="Typed reason"' in page


def test_a_stored_request_is_replayed_beside_its_stored_decision(client, lawyer):
    other = StaffFactory(disclosure_role="other_dcf_staff").user
    request = DisclosureRequestFactory(requester=other)
    loaded = DisclosureRequest.objects.select_related(*adapters.REQUEST_RELATED).get(pk=request.pk)
    decision_record(request=loaded, as_of=datetime.date(2026, 6, 15))
    page = client.post(URL, {"reference": request.reference, "replay": "1"}).content.decode()
    assert "Stored decision" in page
    assert "requester_must_consult_legal" in page
    assert request.reference in page


def test_a_decision_records_the_sensitive_set_and_a_replay_says_when_it_changed(
    client, lawyer, settings
):
    settings.DISCLOSURE_SENSITIVE_CATEGORIES = ["substance_use", "hiv_related"]
    request = DisclosureRequestFactory(
        requester=StaffFactory(disclosure_role="other_dcf_staff").user
    )
    loaded = DisclosureRequest.objects.select_related(*adapters.REQUEST_RELATED).get(pk=request.pk)
    record = decision_record(request=loaded, as_of=datetime.date(2026, 6, 15))
    record.refresh_from_db()
    assert record.sensitive_categories == ["hiv_related", "substance_use"]

    def replay() -> str:
        return client.post(URL, {"reference": request.reference, "replay": "1"}).content.decode()

    assert "have changed since this decision" not in replay()
    settings.DISCLOSURE_SENSITIVE_CATEGORIES = ["hiv_related"]
    page = replay()
    assert "have changed since this decision" in page
    assert "then HIV-related, Substance-use treatment; now HIV-related." in page


def test_a_request_that_was_never_escalated_cannot_be_replayed(client, lawyer):
    from requests_app.models import CaseAssignment

    worker = StaffFactory().user
    request = DisclosureRequestFactory(requester=worker)
    CaseAssignment.objects.create(
        case=request.case, staff=worker, starts_on=datetime.date(2025, 1, 1)
    )
    loaded = DisclosureRequest.objects.select_related(*adapters.REQUEST_RELATED).get(pk=request.pk)
    assert decision_record(request=loaded, as_of=datetime.date(2026, 6, 15)).outcome == "permitted"
    assert client.post(URL, {"reference": request.reference, "replay": "1"}).status_code == 404
    assert client.post(URL, {"reference": "DR-999999", "replay": "1"}).status_code == 404


RELEASE = {
    "recipient_kind": "third_party",
    "has_release": "on",
    "release_form": "DCF-2131F",
    "release_signed_by": "client",
    "release_signed_on": "2026-01-10",
    "release_effective_on": "2026-01-10",
    "release_expires_on": "2027-01-10",
    "release_names_recipient": "on",
    "release_categories": ["case_record"],
}


def test_legal_affairs_tries_a_release_a_minor_client_signed(client, lawyer):
    """`release.signer_was_minor`: the simulator lets Legal Affairs try it."""
    adult = client.post(URL, {**FACTS, **RELEASE, "simulate": "1"})
    assert adult.context["decision"].rule == "signed_current_release"
    minor = client.post(
        URL, {**FACTS, **RELEASE, "release_signer_was_minor": "on", "simulate": "1"}
    )
    decision = minor.context["decision"]
    assert decision.codes == ("release_signer_minor", "recipient_not_listed")
    page = minor.content.decode()
    assert "The client was a minor when signing the release" in page
    assert '"signer_was_minor": true' in minor.context["facts_json"], "the facts as JSON"
    assert "The client was a minor when it was signed" in page, "the field is on the form"


def test_a_replayed_release_a_minor_signed_is_shown_as_such(lawyer):
    facts = {
        "as_of": "2026-06-15",
        "requester": {"role": "social_worker", "assigned_to_case": True},
        "case": {"status": "open"},
        "recipient": {"kind": "third_party"},
        "information": {"categories": ["case_record"]},
        "release": {
            "form": "DCF-2131F",
            "signed_on": "2026-01-10",
            "signed_by": "client",
            "effective_on": "2026-01-10",
            "expires_on": "2027-01-10",
            "names_recipient": True,
            "categories": ["case_record"],
            "signer_was_minor": True,
        },
    }
    assert SimulatorForm.initial_from_facts(facts)["release_signer_was_minor"] is True
    del facts["release"]["signer_was_minor"]  # stored before the field existed
    assert SimulatorForm.initial_from_facts(facts)["release_signer_was_minor"] is False
