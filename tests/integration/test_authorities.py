"""The authority of every disclosure, as structured data: the table of authorities Legal
Affairs keeps in the admin, the authority an approval cites, the accounting entry's authority
(page, CSV, PDF), the dashboard's count by authority and the simulator's replay."""

import datetime
import importlib
import io
import uuid

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from requests_app import adapters, policy
from requests_app.choices import RequestStatus
from requests_app.models import (
    AccessEvent,
    Authority,
    AuthorityCited,
    Disclosure,
    DisclosureRequest,
    RecordSeal,
    Review,
)
from requests_app.services import reviews as review_services
from requests_app.services.casework import assignment_create
from requests_app.services.requests import disclosure_record, request_submit
from tests.factories import (
    AuthorityFactory,
    CaseFactory,
    ClientFactory,
    RelationFactory,
    ReleaseFactory,
    StaffFactory,
    UserFactory,
    court_order,
)

pytestmark = pytest.mark.django_db
START = datetime.date(2025, 1, 1)
MIGRATION = importlib.import_module("requests_app.migrations.0019_authorities")


@pytest.fixture
def worker():
    return StaffFactory(user__username="maria").user


@pytest.fixture
def case(worker):
    case = CaseFactory()
    assignment_create(case=case, staff=worker, starts_on=START)
    return case


@pytest.fixture
def child(case):
    return case.clients.get()


@pytest.fixture
def lawyer():
    return StaffFactory(
        disclosure_role="other_dcf_staff", user__duties=["legal_affairs"], user__username="lawyer"
    ).user


@pytest.fixture
def statute():
    return AuthorityFactory(label="Disclosure without consent to a guardian ad litem")


def submit(worker, case, **fields) -> DisclosureRequest:
    values = {
        "client": case.clients.get(),
        "case": case,
        "recipient_kind": "client",
        "categories": ["case_record"],
        "media": ["hard_copy"],
        "mode": "documentary",
        "purpose": "Family team meeting",
        **fields,
    }
    return request_submit(
        requester=worker, draft=DisclosureRequest(**values), submission_token=uuid.uuid4()
    )


def claimed_review(worker, case, lawyer, **fields) -> Review:
    """A request the worker asks Legal Affairs about, claimed by the lawyer."""
    request = submit(worker, case, requester_in_doubt=True, **fields)
    review = Review.objects.get(request=request)
    review_services.review_claim(review=review, reviewer=lawyer)
    return review


def record(request: DisclosureRequest, worker) -> Disclosure:
    return disclosure_record(
        request=DisclosureRequest.objects.get(pk=request.pk),
        user=worker,
        disclosed_on=timezone.localdate(),
        mode="documentary",
        media=["hard_copy"],
        information_disclosed="Case plan, pages 1-4",
        recipient="The recipient",
    )


# ----------------------------------------------------------------------------- the table


def test_the_table_is_seeded_with_the_provisions_of_the_legal_notes():
    """§17a-28's disclosures without consent (courts, guardians ad litem, attorneys for the
    child or a parent, the Attorney General, the Child Advocate, law enforcement) and the
    statutes of HIV-related, substance-use and psychiatric information, each with a citation
    and a label; seeding again adds nothing."""
    MIGRATION.seed_authorities(apps, None)
    MIGRATION.seed_authorities(apps, None)
    rows = list(Authority.objects.values_list("citation", "label"))
    assert len(rows) == len(set(rows)) == len(MIGRATION.SEED)
    labels = " | ".join(label for _, label in rows)
    for recipient in (
        "a court",
        "a guardian ad litem",
        "an attorney appointed for the child or a parent",
        "the Attorney General",
        "the Office of the Child Advocate",
        "law enforcement",
    ):
        assert f"Disclosure without consent to {recipient}" in labels
    citations = {citation for citation, _ in rows}
    assert {
        "Conn. Gen. Stat. §17a-28",
        "Conn. Gen. Stat. §§19a-583, 19a-585",
        "42 CFR Part 2",
        "Conn. Gen. Stat. §52-146e",
    } <= citations
    assert Authority.objects.filter(active=True).count() == len(rows)


@pytest.mark.parametrize(
    ("duties", "superuser", "answer"),
    [
        (["legal_affairs"], False, 200),
        ([], True, 200),
        (["assistant_attorney_general"], False, 403),
        (["system_admin"], False, 403),
    ],
    ids=["Legal Affairs", "a superuser", "an AAG", "a system administrator"],
)
def test_only_legal_affairs_and_superusers_keep_the_table_in_the_admin(
    client, duties, superuser, answer
):
    user = StaffFactory(
        disclosure_role="other_dcf_staff",
        user__duties=duties,
        user__is_staff=True,
        user__is_superuser=superuser,
    ).user
    client.force_login(user)
    assert client.get(reverse("admin:requests_app_authority_changelist")).status_code == answer
    response = client.post(
        reverse("admin:requests_app_authority_add"),
        {"kind": "other", "citation": "Conn. Gen. Stat. §46b-124", "label": "Juvenile records"},
    )
    added = Authority.objects.filter(label="Juvenile records").first()
    assert (added is not None) == (answer == 200), response.status_code


def test_a_change_to_the_table_is_audited_and_an_authority_is_never_deleted(client, statute):
    keeper = StaffFactory(
        disclosure_role="other_dcf_staff", user__duties=["legal_affairs"], user__is_staff=True
    ).user
    client.force_login(keeper)
    url = reverse("admin:requests_app_authority_change", args=[statute.pk])
    response = client.post(
        url,
        {"kind": statute.kind, "citation": "Conn. Gen. Stat. §17a-28(g)", "label": statute.label},
    )
    assert response.status_code == 302
    statute.refresh_from_db()
    assert statute.citation == "Conn. Gen. Stat. §17a-28(g)" and not statute.active
    event = AccessEvent.objects.filter(object_type="Authority").latest("id")
    assert (event.user, event.action, event.object_id) == (keeper, "update", str(statute.pk))
    assert statute.history.count() == 2  # the factory's row, then the change
    delete = reverse("admin:requests_app_authority_delete", args=[statute.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Authority.objects.filter(pk=statute.pk).exists()


# ----------------------------------------------------------------------------- approvals


def test_an_approval_without_an_authority_is_refused_naming_the_field(worker, case, lawyer):
    review = claimed_review(worker, case, lawyer)
    with pytest.raises(ValidationError) as refused:
        review_services.review_decide(review=review, by=lawyer, resolution="approved")
    assert refused.value.message_dict == {
        "authority_basis": ["Authority: choose what the approval relies on."]
    }
    assert Review.objects.get(pk=review.pk).decided_at is None


def _authorities(child, statute) -> dict[str, AuthorityCited]:
    release = ReleaseFactory(
        client=child,
        effective_on=timezone.localdate() - datetime.timedelta(days=30),
        signed_on=timezone.localdate() - datetime.timedelta(days=30),
        expires_on=timezone.localdate() + datetime.timedelta(days=300),
        counterparty_name="Hartford Pediatrics",
    )
    return {
        "rule": AuthorityCited(basis="rule", rule="dcf_staff_business_reason"),
        "release": AuthorityCited(basis="release", release=release),
        "statute": AuthorityCited(basis="statute", statute=statute),
        "court_order": court_order(),
        "other_consent": AuthorityCited(
            basis="other_consent", consent_form="DCF-2134", consent_signed_on=START
        ),
    }


@pytest.mark.parametrize(
    ("basis", "words"),
    [
        ("rule", "DCF staff with a business reason to know (DCF Policy 31-8-5"),
        ("release", "Release DCF-2131F F-T-"),
        ("statute", "Disclosure without consent to a guardian ad litem (Conn. Gen. Stat."),
        ("court_order", "Court order: Superior Court for Juvenile Matters at Hartford, docket"),
        ("other_consent", "Consent on form DCF-2134, signed on January 1, 2025"),
    ],
)
def test_an_approval_cites_its_authority_and_the_seal_covers_it(
    worker, case, child, lawyer, statute, basis, words
):
    review = claimed_review(worker, case, lawyer)
    cited = _authorities(child, statute)[basis]
    review_services.review_decide(review=review, by=lawyer, resolution="approved", authority=cited)
    stored = Review.objects.get(pk=review.pk)
    assert stored.authority_basis == basis
    assert stored.authority_in_words.startswith(words)
    assert "_" not in stored.authority_in_words.split("(")[0], "no internal codes"
    seal = RecordSeal.objects.get(table_name="requests_app_review", row_id=review.pk)
    assert seal.content["authority_basis"] == basis


def test_only_the_details_of_the_chosen_basis_are_kept(worker, case, lawyer):
    review = claimed_review(worker, case, lawyer)
    mixed = AuthorityCited(
        basis="court_order",
        rule="client_in_open_case",
        consent_form="DCF-2134",
        court="Probate Court, Hartford",
        docket_number="PD-26-0001",
        order_on=START,
    )
    review_services.review_decide(review=review, by=lawyer, resolution="approved", authority=mixed)
    stored = Review.objects.get(pk=review.pk)
    assert (stored.authority_rule, stored.authority_consent_form) == ("", "")
    assert stored.authority_docket_number == "PD-26-0001"


def test_a_denial_or_a_return_cites_no_authority(worker, case, lawyer):
    review = claimed_review(worker, case, lawyer)
    review_services.review_decide(
        review=review,
        by=lawyer,
        resolution="denied",
        reason="Not theirs to know",
        legal_basis="§17a-28",
        authority=court_order(),
    )
    assert Review.objects.get(pk=review.pk).authority_basis == ""


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"basis": "rule", "rule": "signed_current_release"}, "authority_rule", "31-8-5 rule:"),
        ({"basis": "rule", "rule": "no_such_rule"}, "authority_rule", "31-8-5 rule:"),
        ({"basis": "court_order", "docket_number": ""}, "authority_docket_number", "Docket"),
        ({"basis": "court_order", "court": " "}, "authority_court", "Court:"),
        ({"basis": "court_order", "order_on": None}, "authority_order_on", "Date of the order"),
        ({"basis": "court_order", "future": True}, "authority_order_on", "Date of the order: it"),
        ({"basis": "other_consent"}, "authority_consent_form", "Consent form:"),
        ({"basis": "statute"}, "authority_statute", "Statute or regulation:"),
        ({"basis": "release"}, "authority_release", "Release:"),
        ({"basis": "no_such_basis"}, "authority_basis", "Authority:"),
    ],
    ids=[
        "the release rule (the release itself is cited)",
        "an unknown rule",
        "a court order without docket number",
        "a court order without court",
        "a court order without date",
        "a court order dated tomorrow",
        "consent without its form",
        "no statute",
        "no release",
        "an unknown basis",
    ],
)
def test_an_incomplete_authority_is_refused_naming_the_field(
    worker, case, lawyer, change, field, message
):
    review = claimed_review(worker, case, lawyer)
    change = dict(change)
    if change.pop("future", False):
        change["order_on"] = timezone.localdate() + datetime.timedelta(days=1)
    details = {
        "court": "Superior Court for Juvenile Matters at Hartford",
        "docket_number": "H12-CP25-000001-A",
        "order_on": START,
        "consent_signed_on": START,
    }
    cited = AuthorityCited(**{**details, **change})
    with pytest.raises(ValidationError) as refused:
        review_services.review_decide(
            review=review, by=lawyer, resolution="approved", authority=cited
        )
    problems = refused.value.message_dict
    assert field in problems and problems[field][0].startswith(message), problems


def _release(child, **fields):
    today = timezone.localdate()
    values = {
        "client": child,
        "effective_on": today - datetime.timedelta(days=60),
        "signed_on": today - datetime.timedelta(days=60),
        "expires_on": today + datetime.timedelta(days=200),
        **fields,
    }
    return ReleaseFactory(**values)


@pytest.mark.parametrize(
    ("release", "message"),
    [
        (lambda child: _release(ClientFactory()), "choose one of the client's releases"),
        (lambda child: _release(child, form="DCF-2131T"), "only a DCF-2131F"),
        (
            lambda child: _release(
                child, expires_on=timezone.localdate() - datetime.timedelta(days=1)
            ),
            "is not current (expired)",
        ),
        (
            lambda child: _release(
                child,
                revoked_on=timezone.localdate() - datetime.timedelta(days=1),
                revoked_recorded_by=UserFactory(),
                revocation_received_how="mail",
            ),
            "is not current (revoked)",
        ),
    ],
    ids=["another client's", "a DCF-2131T", "expired", "revoked"],
)
def test_an_approval_relies_only_on_a_current_dcf_2131f_of_the_client(
    worker, case, child, lawyer, release, message
):
    review = claimed_review(worker, case, lawyer)
    cited = AuthorityCited(basis="release", release=release(child))
    with pytest.raises(ValidationError) as refused:
        review_services.review_decide(
            review=review, by=lawyer, resolution="approved", authority=cited
        )
    assert message in refused.value.message_dict["authority_release"][0]


def test_a_retired_authority_is_neither_offered_nor_accepted(client, worker, case, lawyer, statute):
    retired = AuthorityFactory(label="Repealed provision", active=False)
    review = claimed_review(worker, case, lawyer)
    client.force_login(lawyer)
    form = client.get(reverse("requests:review", args=[review.pk])).context["decision_form"]
    offered = set(form.fields["authority_statute"].queryset)
    assert statute in offered and retired not in offered
    with pytest.raises(ValidationError) as refused:
        review_services.review_decide(
            review=review,
            by=lawyer,
            resolution="approved",
            authority=AuthorityCited(basis="statute", statute=retired),
        )
    assert "authority_statute" in refused.value.message_dict


def test_the_database_refuses_an_approval_without_an_authority(worker, case, lawyer):
    review = claimed_review(worker, case, lawyer)
    refused = pytest.raises(IntegrityError, match="review_approval_cites_authority")
    with refused, transaction.atomic():
        Review.objects.filter(pk=review.pk).update(
            resolution="approved", decided_by=lawyer, decided_at=timezone.now()
        )
    with pytest.raises(IntegrityError, match="review_authority_complete"), transaction.atomic():
        Review.objects.filter(pk=review.pk).update(
            resolution="approved",
            decided_by=lawyer,
            decided_at=timezone.now(),
            authority_basis="court_order",
        )


def test_the_decision_form_asks_for_the_authority_and_names_each_missing_detail(
    client, worker, case, child, lawyer
):
    review = claimed_review(worker, case, lawyer)
    current = _release(child, number="F-2026-0042", counterparty_name="Bridges Counseling")
    _release(ClientFactory(), number="F-2026-0099")
    client.force_login(lawyer)
    page = client.get(reverse("requests:review", args=[review.pk]))
    releases = list(page.context["decision_form"].fields["authority_release"].queryset)
    assert releases == [current], "the client's releases only"
    assert "Authority for an approval" in page.content.decode()
    url = reverse("requests:review_decide", args=[review.pk])
    approve = {"decision-resolution": "approved", "decision-confirm": "on"}
    response = client.post(url, approve)
    assert response.status_code == 400
    assert "Authority: choose what the approval relies on." in response.content.decode()
    response = client.post(
        url,
        {
            **approve,
            "decision-authority_basis": "court_order",
            "decision-authority_court": "Probate Court, Hartford",
            "decision-authority_order_on": "0001-01-01",
        },
    )
    assert response.status_code == 400
    errors = response.context["decision_form"].errors
    assert errors["authority_docket_number"] == ["Docket number: enter the order's docket number."]
    assert errors["authority_order_on"][0].startswith("Date of the order:")
    assert 'value="Probate Court, Hartford"' in response.content.decode()
    assert Review.objects.get(pk=review.pk).decided_at is None
    response = client.post(
        url,
        {
            **approve,
            "decision-authority_basis": "release",
            "decision-authority_release": current.pk,
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("requests:review", args=[review.pk])).content.decode()
    assert "Authority cited:" in page and "Release DCF-2131F F-2026-0042 to Bridges" in page


def test_the_requester_sees_the_authority_of_the_approval(client, worker, case, lawyer):
    review = claimed_review(worker, case, lawyer)
    review_services.review_decide(
        review=review, by=lawyer, resolution="approved", authority=court_order()
    )
    client.force_login(worker)
    page = client.get(reverse("requests:detail", args=[review.request_id])).content.decode()
    assert "Authority: Court order: Superior Court for Juvenile Matters at Hartford" in page


# ----------------------------------------------------------------------------- the accounting


def test_an_engine_permitted_disclosure_records_the_rule_and_clause(worker, case, child):
    parent = RelationFactory(client=child, verified_by=worker, verified_on=START)
    request = submit(worker, case, recipient_kind="parent", recipient_relation=parent)
    assert request.status == RequestStatus.PERMITTED
    entry = record(request, worker)
    decision = request.decisions.get()
    assert (entry.authority_basis, entry.authority_rule) == ("rule", "parent_in_open_case")
    assert entry.authority_citation == decision.citation
    assert entry.authority == (
        "A parent of record whose rights were not terminated, in an open case "
        f"({decision.citation})"
    )


def test_a_disclosure_permitted_by_a_release_records_the_release(worker):
    adult = ClientFactory(date_of_birth=datetime.date(1990, 5, 5))
    case = CaseFactory(clients=[adult])
    assignment_create(case=case, staff=worker, starts_on=START)
    release = _release(adult, number="F-2026-0007", counterparty_name="Hartford Pediatrics")
    request = submit(
        worker,
        case,
        recipient_kind="third_party",
        recipient_name="Hartford Pediatrics",
        recipient_address="1 Main Street",
        release=release,
    )
    assert request.status == RequestStatus.PERMITTED, request.decisions.get().reasons
    entry = record(request, worker)
    assert (entry.authority_rule, entry.authority_release) == ("signed_current_release", release)
    assert "release DCF-2131F F-2026-0007 to Hartford Pediatrics" in entry.authority


def test_an_approved_disclosure_records_the_approvals_authority(worker, case, lawyer, statute):
    review = claimed_review(worker, case, lawyer)
    review_services.review_decide(
        review=review,
        by=lawyer,
        resolution="approved",
        authority=AuthorityCited(basis="statute", statute=statute),
    )
    entry = record(review.request, worker)
    assert (entry.authority_basis, entry.authority_statute) == ("statute", statute)
    assert entry.authority_citation == statute.citation
    assert entry.authority.startswith(f"{statute.label} ({statute.citation}). Approved by the")
    assert "Office of Legal Affairs" in entry.authority


def test_the_accounting_shows_the_authority_in_plain_words_on_the_page_csv_and_pdf(
    client, worker, case, child, lawyer
):
    review = claimed_review(worker, case, lawyer)
    review_services.review_decide(
        review=review, by=lawyer, resolution="approved", authority=court_order()
    )
    record(review.request, worker)
    client.force_login(worker)
    page = client.get(reverse("requests:accounting", args=[child.pk])).content.decode()
    assert "<strong>A court order</strong>" in page
    assert "Court order: Superior Court for Juvenile Matters at Hartford" in page
    csv_text = client.get(reverse("requests:accounting_csv", args=[child.pk])).content.decode()
    header, row = csv_text.strip().splitlines()[:2]
    assert "authority,authority_kind" in header
    assert "A court order" in row and "docket number H12-CP25-000001-A" in row
    pdf = client.get(reverse("requests:accounting_pdf", args=[child.pk]))
    reader = PdfReader(io.BytesIO(b"".join(pdf.streaming_content)))
    text = " ".join("".join(p.extract_text() for p in reader.pages).split())
    assert "A court order" in text and "H12-CP25-000001-A" in text


def test_entries_recorded_before_keep_their_words_and_rule_ones_get_their_rule(
    client, worker, case, child, lawyer
):
    """Migration 0019 on entries in the old words: an engine rule's gets its rule and clause,
    a Legal Affairs approval's keeps its words only, and the accounting says so."""
    parent = RelationFactory(client=child, verified_by=worker, verified_on=START)
    by_rule = record(
        submit(worker, case, recipient_kind="parent", recipient_relation=parent), worker
    )
    review = claimed_review(worker, case, lawyer)
    review_services.review_decide(
        review=review, by=lawyer, resolution="approved", authority=court_order()
    )
    by_lawyer = record(review.request, worker)
    clause = by_rule.authority_citation
    old_rule_words = f"DCF Policy 31-8-5 rule parent_in_open_case: {clause}"
    old_lawyer_words = "Office of Legal Affairs: Approved by Ana Diaz on 2026-03-02 (§17a-28)"
    blank = {
        "authority_basis": "",
        "authority_rule": "",
        "authority_citation": "",
        "authority_court": "",
        "authority_docket_number": "",
        "authority_order_on": None,
    }
    Disclosure.objects.filter(pk=by_rule.pk).update(authority=old_rule_words, **blank)
    Disclosure.objects.filter(pk=by_lawyer.pk).update(authority=old_lawyer_words, **blank)

    MIGRATION.structure_rule_authorities(apps, None)

    by_rule.refresh_from_db()
    by_lawyer.refresh_from_db()
    assert (by_rule.authority_basis, by_rule.authority_rule) == ("rule", "parent_in_open_case")
    assert by_rule.authority_citation == clause and by_rule.authority == old_rule_words
    assert (by_lawyer.authority_basis, by_lawyer.authority) == ("", old_lawyer_words)
    client.force_login(worker)
    page = client.get(reverse("requests:accounting", args=[child.pk])).content.decode()
    assert "Recorded before authorities were structured" in page and "Ana Diaz" in page


# ----------------------------------------------------------------------------- dashboard


def test_the_dashboard_counts_disclosures_by_authority_with_a_fixed_number_of_queries(
    client, worker, case, child, lawyer, statute
):
    url = reverse("requests:review_dashboard")
    client.force_login(lawyer)
    parent = RelationFactory(client=child, verified_by=worker, verified_on=START)
    record(submit(worker, case, recipient_kind="parent", recipient_relation=parent), worker)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for authority in (court_order(), court_order(), AuthorityCited("statute", statute=statute)):
        review = claimed_review(worker, case, lawyer)
        review_services.review_decide(
            review=review, by=lawyer, resolution="approved", authority=authority
        )
        record(review.request, worker)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(many) == len(few)
    assert response.context["figures"].by_authority == [
        ("A court order", 2),
        (
            "31-8-5 rule: A parent of record whose rights were not terminated, in an open case",
            1,
        ),
        (f"{statute.label} ({statute.citation})", 1),
    ]
    page = response.content.decode()
    assert "Disclosures by authority" in page and page.count("<svg") == 3


# ----------------------------------------------------------------------------- simulator


def test_the_replay_shows_the_authority_of_the_approval_and_of_the_disclosure(
    client, worker, case, lawyer
):
    disclosed, approved = (claimed_review(worker, case, lawyer) for _ in range(2))
    for review in (disclosed, approved):
        review_services.review_decide(
            review=review, by=lawyer, resolution="approved", authority=court_order()
        )
    record(disclosed.request, worker)
    client.force_login(lawyer)
    url = reverse("requests:simulator")

    def replay(review: Review) -> str:
        reference = review.request.reference
        return client.post(url, {"reference": reference, "replay": "1"}).content.decode()

    page = replay(disclosed)
    assert "Authority it gives:</strong> none" in page
    assert "Authority they give:</strong> none" in page
    assert "Disclosed under:</strong> Court order: Superior Court" in page
    page = replay(approved)
    assert (
        "Approved by the Office of Legal Affairs under:</strong> Court order: Superior Court "
        "for Juvenile Matters at Hartford, docket number H12-CP25-000001-A" in page
    )


def test_a_permitting_decision_gives_its_rule_and_clause_and_the_release_rule_its_release():
    release = ReleaseFactory.build(number="F-2026-0001")
    base = {
        "as_of": "2026-06-15",
        "requester": {"role": "social_worker", "assigned_to_case": True},
        "case": {"status": "open"},
        "information": {"categories": ["case_record"]},
    }

    def decide(recipient: dict) -> policy.Decision:
        facts, problems = policy.parse_facts({**base, "recipient": recipient})
        assert facts is not None, problems
        return adapters.evaluate_facts(facts)

    to_client = decide({"kind": "client"})
    cited = adapters.authority_of(to_client, release=release)
    assert cited == AuthorityCited(
        basis="rule", rule="client_in_open_case", citation=to_client.citation
    )
    assert adapters.authority_of(decide({"kind": "third_party"}), release=release) is None
