"""The requester's journey through the browser's server side: new request, decision at once,
recording the disclosure, my requests, the accounting, notifications and email."""

import datetime
import io
import uuid

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from requests_app.choices import EmailStatus, RequestStatus
from requests_app.models import (
    AccessEvent,
    Disclosure,
    DisclosureRequest,
    Notification,
    OutboundEmail,
    PolicyDecision,
    RequestEvent,
    Review,
)
from requests_app.services.casework import access_sync, assignment_create
from requests_app.services.requests import request_submit
from tests.factories import (
    COURT_ORDER_FIELDS,
    CaseFactory,
    ClientFactory,
    RelationFactory,
    ReleaseFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
START = datetime.date(2025, 1, 1)


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
def parent(child, worker):
    return RelationFactory(
        client=child, full_name="Rosa Lopez", verified_by=worker, verified_on=START
    )


@pytest.fixture
def lawyer():
    return StaffFactory(
        disclosure_role="other_dcf_staff", user__duties=["legal_affairs"], user__username="lawyer"
    ).user


@pytest.fixture
def signed_in(client, worker):
    client.force_login(worker)
    return client


def form_data(case, **overrides):
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
    data.update(overrides)
    return data


def submit(client, child, data):
    return client.post(reverse("requests:new", args=[child.pk]), data)


def test_only_clients_on_the_requesters_caseload_are_offered(signed_in, child):
    stranger = CaseFactory().clients.get()
    page = signed_in.get(reverse("requests:choose_client")).content.decode()
    assert child.client_number in page
    assert stranger.client_number not in page
    assert signed_in.get(reverse("requests:new", args=[stranger.pk])).status_code == 404


def test_searching_the_caseload_by_name_or_number_stays_out_of_the_url(signed_in, case, worker):
    other = ClientFactory(last_name="Zeta")
    case.memberships.create(client=other)
    access_sync(user=worker)  # as the casework import does after a change
    response = signed_in.post(reverse("requests:choose_client"), {"q": "zeta"})
    page = response.content.decode()
    assert other.client_number in page
    assert case.clients.exclude(pk=other.pk).get().client_number not in page


def test_a_permitted_request_is_decided_at_once_and_says_so_in_plain_words(
    signed_in, case, child, parent
):
    response = submit(
        signed_in, child, form_data(case, recipient_type="relation", recipient_relation=parent.pk)
    )
    request = DisclosureRequest.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("requests:detail", args=[request.pk])
    assert request.status == RequestStatus.PERMITTED
    assert request.recipient_kind == "parent"
    assert request.consequences_acknowledged_at is not None
    decision = PolicyDecision.objects.get(request=request)
    assert decision.rule == "parent_in_open_case"
    assert not Review.objects.exists()
    page = signed_in.get(response.url).content.decode()
    assert "You may disclose this information to Rosa Lopez (parent)" in page
    assert "a client&#x27;s parent or legal guardian in an open case" in page
    kinds = list(RequestEvent.objects.filter(request=request).values_list("kind", flat=True))
    assert kinds == ["submitted", "permitted"]


def test_an_escalated_request_opens_a_review_and_tells_legal_affairs(
    signed_in, case, child, lawyer
):
    submit(
        signed_in,
        child,
        form_data(
            case,
            recipient_type="third_party",
            recipient_name="Acme Tutoring",
            recipient_address="1 Elm St, Hartford",
        ),
    )
    request = DisclosureRequest.objects.get()
    assert request.status == RequestStatus.ESCALATED
    review = Review.objects.get(request=request)
    assert review.due_on > timezone.localdate()
    assert review.assignee is None
    assert set(PolicyDecision.objects.get().reason_codes) >= {"recipient_not_listed", "no_release"}
    note = Notification.objects.get(user=lawyer)
    assert request.reference in note.subject
    email = OutboundEmail.objects.get()
    assert "dcf.legal.affairs@ct.gov" in email.to and lawyer.email in email.to
    assert child.last_name not in email.body + email.subject, "no client names in email"
    page = signed_in.get(reverse("requests:detail", args=[request.pk])).content.decode()
    assert "This request has gone to Legal Affairs" in page
    assert "do not disclose anything" in page


def test_other_dcf_staff_are_escalated_even_for_a_permitted_recipient(client, parent, case):
    other = StaffFactory(disclosure_role="other_dcf_staff").user
    assignment_create(case=case, staff=other, starts_on=START)
    client.force_login(other)
    submit(
        client,
        parent.client,
        form_data(case, recipient_type="relation", recipient_relation=parent.pk),
    )
    request = DisclosureRequest.objects.get()
    assert request.status == RequestStatus.ESCALATED
    assert "requester_must_consult_legal" in PolicyDecision.objects.get().reason_codes


def test_asking_legal_affairs_escalates_whatever_the_rules_say(signed_in, case, child):
    submit(signed_in, child, form_data(case, requester_in_doubt="on"))
    assert DisclosureRequest.objects.get().status == RequestStatus.ESCALATED
    assert PolicyDecision.objects.get().reason_codes == ["requester_in_doubt"]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"acknowledge_consequences": ""}, "acknowledge_consequences", "Confirm that you have"),
        ({"recipient_type": "relation"}, "recipient_relation", "Choose the relation"),
        (
            {"recipient_type": "dcf_staff", "staff_username": "nobody"},
            "staff_username",
            "Choose a DCF staff member",
        ),
        ({"recipient_type": "third_party"}, "recipient_name", "Give the recipient"),
        ({"recipient_type": "juvenile_court"}, "court_docket_number", "Required when"),
        ({"categories": []}, "categories", "“What information?” is required"),
        (
            {"information_from": "2026-02-01", "information_to": "2026-01-01"},
            "information_to",
            "before its start",
        ),
    ],
    ids=[
        "consequences not acknowledged",
        "no relation chosen",
        "unknown staff member",
        "third party without a name",
        "court without docket",
        "no information chosen",
        "date range backwards",
    ],
)
def test_bad_input_names_the_field_keeps_what_was_typed_and_writes_nothing(
    signed_in, case, child, overrides, field, message
):
    data = form_data(case, purpose="Typed <purpose>", **overrides)
    response = submit(signed_in, child, data)
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert "Typed &lt;purpose&gt;" in response.content.decode()
    assert not DisclosureRequest.objects.exists()


def test_a_relation_of_another_client_is_refused(signed_in, case, child):
    stranger = RelationFactory(verified_by=UserFactory(), verified_on=START)
    response = submit(
        signed_in, child, form_data(case, recipient_type="relation", recipient_relation=stranger.pk)
    )
    assert "Select a valid choice" in str(response.context["form"].errors["recipient_relation"])
    assert not DisclosureRequest.objects.exists()


def test_a_release_of_another_client_is_refused(signed_in, case, child):
    release = ReleaseFactory()
    response = submit(signed_in, child, form_data(case, release=release.pk))
    assert "Select a valid choice" in str(response.context["form"].errors["release"])


def test_a_dcf_2131t_is_refused_as_a_release_with_a_clear_message(signed_in, case, child):
    release = ReleaseFactory(client=child, form="DCF-2131T")
    response = submit(signed_in, child, form_data(case, release=release.pk))
    assert "DCF-2131T authorizes release of information to DCF" in str(
        response.context["form"].errors["release"]
    )
    assert not DisclosureRequest.objects.exists()


def test_a_case_not_on_the_caseload_is_refused(signed_in, child):
    other_case = CaseFactory(clients=[child])
    response = submit(signed_in, child, form_data(other_case))
    assert "Select a valid choice" in str(response.context["form"].errors["case"])


def test_a_double_clicked_submit_creates_one_request(signed_in, case, child):
    data = form_data(case)
    first = submit(signed_in, child, data)
    second = submit(signed_in, child, data)
    assert DisclosureRequest.objects.count() == 1
    assert first.url == second.url


def test_a_failed_submission_leaves_no_half_written_rows(signed_in, case, child, monkeypatch):
    from requests_app.services import requests as request_services

    def broken(**kwargs):
        raise RuntimeError("engine unavailable")

    monkeypatch.setattr(request_services, "decision_record", broken)
    signed_in.raise_request_exception = False
    response = submit(signed_in, child, form_data(case))
    assert response.status_code == 500
    assert not DisclosureRequest.objects.exists()
    assert not RequestEvent.objects.exists()


def test_free_text_is_escaped_wherever_it_is_shown(signed_in, case, child):
    submit(
        signed_in,
        child,
        form_data(
            case,
            recipient_type="third_party",
            recipient_name="<script>alert(1)</script>",
            recipient_address="<b>x</b>",
        ),
    )
    request = DisclosureRequest.objects.get()
    for url in (reverse("requests:detail", args=[request.pk]), reverse("requests:list")):
        page = signed_in.get(url).content.decode()
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def _permitted_request(client, case, child, parent):
    submit(client, child, form_data(case, recipient_type="relation", recipient_relation=parent.pk))
    return DisclosureRequest.objects.get()


def test_recording_a_disclosure_creates_the_accounting_entry(signed_in, case, child, parent):
    request = _permitted_request(signed_in, case, child, parent)
    url = reverse("requests:disclose", args=[request.pk])
    form = signed_in.get(url).context["form"]
    assert form.initial["recipient"] == "Rosa Lopez (parent)"
    response = signed_in.post(
        url,
        {
            "disclosed_on": timezone.localdate().isoformat(),
            "mode": "documentary",
            "media": ["hard_copy"],
            "information_disclosed": "Case plan, pages 1-4",
            "recipient": "Rosa Lopez (parent)",
        },
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.DISCLOSED
    entry = Disclosure.objects.get()
    assert entry.client == child
    assert (entry.authority_basis, entry.authority_rule) == ("rule", "parent_in_open_case")
    assert entry.authority.startswith("A parent of record whose rights were not terminated")
    page = signed_in.get(reverse("requests:accounting", args=[child.pk])).content.decode()
    assert "Case plan, pages 1-4" in page and "Rosa Lopez (parent)" in page
    assert signed_in.get(url).status_code == 403, "a disclosed request is not disclosed twice"


def test_a_disclosure_date_in_the_future_is_refused(signed_in, case, child, parent):
    request = _permitted_request(signed_in, case, child, parent)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = signed_in.post(
        reverse("requests:disclose", args=[request.pk]),
        {
            "disclosed_on": tomorrow.isoformat(),
            "mode": "verbal",
            "media": ["hard_copy"],
            "information_disclosed": "x",
            "recipient": "y",
        },
    )
    assert "cannot be in the future" in str(response.context["form"].errors["disclosed_on"])
    assert not Disclosure.objects.exists()


def test_an_escalated_request_cannot_be_disclosed(signed_in, case, child):
    submit(signed_in, child, form_data(case, requester_in_doubt="on"))
    request = DisclosureRequest.objects.get()
    assert signed_in.get(reverse("requests:disclose", args=[request.pk])).status_code == 403


def test_approved_with_redactions_requires_confirming_they_were_applied(
    signed_in, case, child, lawyer
):
    submit(signed_in, child, form_data(case, requester_in_doubt="on"))
    request = DisclosureRequest.objects.get()
    Review.objects.filter(request=request).update(
        resolution="approved_with_redactions",
        decided_by=lawyer,
        decided_at=timezone.now(),
        **COURT_ORDER_FIELDS,
    )
    DisclosureRequest.objects.filter(pk=request.pk).update(status="approved_with_redactions")
    data = {
        "disclosed_on": timezone.localdate().isoformat(),
        "mode": "documentary",
        "media": ["email"],
        "information_disclosed": "x",
        "recipient": "y",
    }
    url = reverse("requests:disclose", args=[request.pk])
    response = signed_in.post(url, data)
    assert "Confirm that every redaction note was applied" in str(
        response.context["form"].errors["redactions_applied"]
    )
    assert signed_in.post(url, {**data, "redactions_applied": "on"}).status_code == 302
    entry = Disclosure.objects.get()
    assert entry.redactions_applied
    assert entry.authority_basis == "court_order"
    assert entry.authority.startswith("Court order: Superior Court for Juvenile Matters")
    assert "Approved with redactions by the Office of Legal Affairs" in entry.authority


def test_a_returned_request_is_edited_and_resubmitted_keeping_the_old_decision(
    signed_in, case, child, parent
):
    submit(signed_in, child, form_data(case, requester_in_doubt="on"))
    request = DisclosureRequest.objects.get()
    Review.objects.filter(request=request).update(
        resolution="returned",
        decided_by=UserFactory(),
        decided_at=timezone.now(),
        message_to_requester="Which pages?",
    )
    DisclosureRequest.objects.filter(pk=request.pk).update(status="returned")
    url = reverse("requests:edit", args=[request.pk])
    assert (
        "Which pages?"
        in signed_in.get(reverse("requests:detail", args=[request.pk])).content.decode()
    )
    assert signed_in.get(url).status_code == 200
    data = form_data(case, recipient_type="relation", recipient_relation=parent.pk)
    data.pop("submission_token")
    assert signed_in.post(url, data).status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.PERMITTED
    assert PolicyDecision.objects.filter(request=request).count() == 2
    assert "resubmitted" in request.events.values_list("kind", flat=True)


def test_only_a_returned_request_can_be_edited(signed_in, case, child, parent):
    request = _permitted_request(signed_in, case, child, parent)
    assert signed_in.get(reverse("requests:edit", args=[request.pk])).status_code == 403


def test_another_workers_request_is_not_found(client, signed_in, case, child, parent):
    request = _permitted_request(signed_in, case, child, parent)
    client.force_login(StaffFactory().user)
    assert client.get(reverse("requests:detail", args=[request.pk])).status_code == 404
    assert client.get(reverse("requests:disclose", args=[request.pk])).status_code == 404


def test_a_supervisor_sees_a_supervisees_request(client, signed_in, case, child, parent, worker):
    request = _permitted_request(signed_in, case, child, parent)
    boss = StaffFactory(user__duties=["supervisor"]).user
    worker.staff_profile.supervisor = boss
    worker.staff_profile.save()
    client.force_login(boss)
    assert client.get(reverse("requests:detail", args=[request.pk])).status_code == 200


def test_my_requests_filters_by_status_and_searches_through_the_session(
    signed_in, case, child, parent
):
    _permitted_request(signed_in, case, child, parent)
    submit(signed_in, child, form_data(case, requester_in_doubt="on"))
    url = reverse("requests:list")
    page = signed_in.get(url, {"status": "escalated"}).content.decode()
    assert page.count("DR-") == 1
    signed_in.post(url, {"q": child.client_number})
    assert signed_in.session["request_search"] == child.client_number
    assert signed_in.get(url).content.decode().count("DR-") == 2
    signed_in.post(url, {"q": "nothing-matches"})
    assert "No request matches" in signed_in.get(url).content.decode()


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_my_requests_costs_a_fixed_number_of_queries(signed_in, case, child, parent):
    url = reverse("requests:list")
    _permitted_request(signed_in, case, child, parent)
    few = _count_queries(signed_in, url)
    for _ in range(8):
        submit(signed_in, child, form_data(case, requester_in_doubt="on"))
    assert _count_queries(signed_in, url) == few


def _disclose(client, request):
    client.post(
        reverse("requests:disclose", args=[request.pk]),
        {
            "disclosed_on": timezone.localdate().isoformat(),
            "mode": "verbal",
            "media": ["hard_copy"],
            "information_disclosed": '=HYPERLINK("x")',
            "recipient": "R",
        },
    )


def test_the_accounting_costs_a_fixed_number_of_queries_and_exports_csv(
    signed_in, case, child, parent
):
    url = reverse("requests:accounting", args=[child.pk])
    _disclose(signed_in, _permitted_request(signed_in, case, child, parent))
    few = _count_queries(signed_in, url)
    for _ in range(5):
        submit(
            signed_in,
            child,
            form_data(case, recipient_type="relation", recipient_relation=parent.pk),
        )
        _disclose(signed_in, DisclosureRequest.objects.filter(status="permitted").get())
    assert Disclosure.objects.count() == 6
    assert _count_queries(signed_in, url) == few
    page = signed_in.get(url).content.decode()
    for request in DisclosureRequest.objects.all():
        link = reverse("requests:detail", args=[request.pk])
        assert f'<a href="{link}">{request.reference}</a>' in page
    csv_text = signed_in.get(reverse("requests:accounting_csv", args=[child.pk])).content.decode()
    lines = csv_text.strip().splitlines()
    assert lines[0].startswith("request,disclosed_on,recipient")
    assert len(lines) == 7
    assert "'=HYPERLINK" in csv_text, "formulas are neutralised"
    pdf = signed_in.get(reverse("requests:accounting_pdf", args=[child.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages
    )
    text = " ".join(text.split())  # the columns have fixed widths: a phrase may wrap
    assert "Accounting of disclosures" in text and child.client_number in text
    assert "Page 1 of" in text and "A rule of DCF Policy 31-8-5" in text
    assert "parent_in_open_case" not in text


def test_the_accounting_is_for_the_clients_staff_and_legal_affairs_only(
    client, signed_in, child, lawyer
):
    url = reverse("requests:accounting", args=[child.pk])
    assert signed_in.get(url).status_code == 200
    client.force_login(StaffFactory().user)
    assert client.get(url).status_code == 404
    client.force_login(lawyer)
    assert client.get(url).status_code == 200


def run_worker(monkeypatch) -> None:
    """Run the real db_worker over what is queued, inside the test's transaction (it would
    otherwise close the test's connection between tasks)."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)


def test_emails_are_sent_by_the_worker_and_a_failure_is_kept_and_retried(
    signed_in, case, child, lawyer, settings, monkeypatch
):
    submit(signed_in, child, form_data(case, requester_in_doubt="on"))
    settings.EMAIL_BACKEND = "tests.integration.failing_email.Backend"
    run_worker(monkeypatch)
    email = OutboundEmail.objects.get()
    assert email.status == EmailStatus.FAILED and "SMTPServerDisconnected" in email.last_error
    assert DisclosureRequest.objects.count() == 1, "the outage did not fail the submission"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("retry_failed_emails")
    run_worker(monkeypatch)
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT and email.attempts == 2
    assert len(mail.outbox) == 1


def test_notifications_are_listed_and_marked_read(client, lawyer, signed_in, case, child):
    submit(signed_in, child, form_data(case, requester_in_doubt="on"))
    client.force_login(lawyer)
    page = client.get(reverse("requests:notifications")).content.decode()
    assert "needs Legal Affairs review" in page
    client.post(reverse("requests:notifications_read"))
    assert not Notification.objects.filter(user=lawyer, read_at__isnull=True).exists()


def test_the_unread_badge_counts_up_to_99_then_says_99_plus(signed_in, worker):
    def unread(count: int) -> None:
        Notification.objects.bulk_create(
            Notification(user=worker, created_at=timezone.now(), subject="Decided")
            for _ in range(count)
        )

    assert "portal-badge" not in signed_in.get(reverse("home")).content.decode()
    unread(3)
    Notification.objects.create(
        user=worker, created_at=timezone.now(), subject="Seen", read_at=timezone.now()
    )
    assert 'portal-badge">3<span class="usa-sr-only"> unread</span>' in (
        signed_in.get(reverse("home")).content.decode()
    )
    unread(97)
    with CaptureQueriesContext(connection) as ctx:
        page = signed_in.get(reverse("home")).content.decode()
    assert 'portal-badge">99+<span class="usa-sr-only"> unread</span>' in page
    # Unordered, so PostgreSQL counts from the partial index of unread rows with one cached
    # plan; ordered newest first, it planned the count afresh on every page.
    (badge,) = [q["sql"] for q in ctx.captured_queries if "requests_app_notification" in q["sql"]]
    assert "ORDER BY" not in badge and "LIMIT 100" in badge


def test_the_service_reports_a_refused_check_constraint_and_stores_nothing(worker, case, child):
    """request_submit leaves check constraints to PostgreSQL; a refused row is still a
    ValidationError (as full_clean gives), and nothing of the request is left behind."""
    fields = {
        "client": child,
        "case": case,
        "recipient_kind": "client",
        "categories": ["case_record"],
        "media": ["email"],
        "mode": "verbal",
        "purpose": "Visitation schedule",
        "information_from": datetime.date(2025, 3, 1),
        "information_to": datetime.date(2025, 2, 1),
    }
    with pytest.raises(ValidationError) as raised:
        request_submit(
            requester=worker, draft=DisclosureRequest(**fields), submission_token=uuid.uuid4()
        )
    assert "request_information_range_ordered" in str(raised.value)
    assert not DisclosureRequest.objects.exists()
    assert not AccessEvent.objects.exclude(object_type="User").exists()  # the accounts' own aside


def test_a_row_the_database_refuses_comes_back_as_the_form_with_what_was_typed(
    signed_in, case, child, parent, monkeypatch
):
    """The form leaves the model's check constraints to PostgreSQL (no query per constraint);
    should the service's save be refused, the page says so and keeps the input."""
    from requests_app.views import requests as views

    def refused(**kwargs):
        raise ValidationError("Constraint “request_has_media” is violated.")

    monkeypatch.setattr(views, "request_submit", refused)
    data = form_data(case, recipient_type="relation", recipient_relation=parent.pk)
    with CaptureQueriesContext(connection) as queries:
        response = submit(signed_in, child, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "request_has_media" in page and "Family team meeting" in page
    assert not DisclosureRequest.objects.exists()
    assert not [q for q in queries if '"_check"' in q["sql"]], "no constraint was asked about"


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01"])
def test_a_date_outside_any_sensible_range_is_a_form_error_naming_the_field(
    signed_in, case, child, day
):
    """A hearing on 0001-01-01 broke the business-day arithmetic of the review's due date."""
    client = signed_in
    client.raise_request_exception = True
    response = submit(
        client,
        child,
        form_data(
            case, recipient_type="juvenile_court", court_docket_number="H12-CP-1", hearing_on=day
        ),
    )
    assert response.status_code == 200
    assert "Hearing date: enter a date between 1900 and 2100." in response.content.decode()
    assert not DisclosureRequest.objects.exists()


def test_a_hearing_at_either_end_of_the_range_is_accepted(signed_in, case, child):
    for day in ("1900-01-01", "2100-12-31"):
        data = form_data(
            case, recipient_type="juvenile_court", court_docket_number="H12-CP-1", hearing_on=day
        )
        assert submit(signed_in, child, data).status_code == 302


def test_a_megabyte_of_purpose_is_a_form_error_naming_the_field(signed_in, case, child):
    """A 1 MB purpose was stored, and the client's accounting PDF then ran for 30 seconds."""
    response = submit(signed_in, child, form_data(case, purpose="x" * 1_000_000))
    assert response.status_code == 200
    assert (
        "Purpose of the disclosure: at most 4000 characters (this has 1000000)."
        in response.content.decode()
    )
    assert not DisclosureRequest.objects.exists()


def test_the_database_refuses_text_longer_than_its_limit(worker, case, child):
    """The limit holds whoever writes: PostgreSQL's check constraint, not only the form."""
    from django.db import IntegrityError, transaction

    from tests.factories import DisclosureRequestFactory

    with pytest.raises(IntegrityError, match="request_purpose_length"), transaction.atomic():
        DisclosureRequestFactory(requester=worker, case=case, purpose="x" * 4001)
    DisclosureRequestFactory(requester=worker, case=case, purpose="x" * 4000)
