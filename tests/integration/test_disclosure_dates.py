"""A disclosure's date: not before the decision that allowed it, not in the future; and a wrong
one corrected, with a reason, by whoever recorded it (or Legal Affairs), kept in the entry's
history and shown in the client's accounting of disclosures (page, CSV, PDF)."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from requests_app.choices import RequestStatus
from requests_app.dates import day_in_words
from requests_app.models import (
    AccessEvent,
    Disclosure,
    DisclosureCorrection,
    DisclosureRequest,
    PolicyDecision,
    Review,
)
from requests_app.services.casework import assignment_create
from requests_app.services.disclosures import disclosure_correct
from requests_app.services.requests import disclosure_record
from tests.factories import CaseFactory, DisclosureRequestFactory, StaffFactory

pytestmark = pytest.mark.django_db
START = datetime.date(2025, 1, 1)


@pytest.fixture
def worker():
    return StaffFactory(user__username="maria", user__first_name="Maria").user


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
        disclosure_role="other_dcf_staff",
        user__duties=["legal_affairs"],
        user__username="lawyer",
        user__first_name="Lena",
    ).user


@pytest.fixture
def signed_in(client, worker):
    client.force_login(worker)
    return client


def _ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def _day(days_ago: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days_ago)


def _permitted(worker, case, *, days_ago: int) -> DisclosureRequest:
    """A request to give the client their case record that the 31-8-5 rules permitted
    `days_ago` days ago."""
    request = DisclosureRequestFactory(
        requester=worker,
        case=case,
        status=RequestStatus.PERMITTED,
        submitted_at=_ago(days_ago),
        consequences_acknowledged_at=_ago(days_ago),
    )
    PolicyDecision.objects.create(
        request=request,
        decided_at=_ago(days_ago),
        as_of=_day(days_ago),
        facts={},
        outcome="permitted",
        rule="client_in_open_case",
        citation="the client",
        reasons=[],
        policy_version="test",
    )
    return request


def _approved(worker, case, lawyer, *, escalated_days_ago: int, approved_days_ago: int):
    """A request the rules escalated, then Legal Affairs approved, on those days."""
    request = DisclosureRequestFactory(
        requester=worker,
        case=case,
        status=RequestStatus.APPROVED,
        submitted_at=_ago(escalated_days_ago),
        consequences_acknowledged_at=_ago(escalated_days_ago),
    )
    decision = PolicyDecision.objects.create(
        request=request,
        decided_at=_ago(escalated_days_ago),
        as_of=_day(escalated_days_ago),
        facts={},
        outcome="escalated",
        citation="forward to Legal Affairs",
        reasons=[{"code": "requester_in_doubt", "message": "asked"}],
        reason_codes=["requester_in_doubt"],
        policy_version="test",
    )
    Review.objects.create(
        request=request,
        decision=decision,
        opened_at=_ago(escalated_days_ago),
        due_on=_day(0),
        assignee=lawyer,
        claimed_at=_ago(escalated_days_ago),
        resolution="approved",
        decided_by=lawyer,
        decided_at=_ago(approved_days_ago),
        authority_basis="rule",
        authority_rule="client_in_open_case",
        authority_citation="the client",
    )
    return request


def _record_data(day: datetime.date | str) -> dict:
    return {
        "disclosed_on": str(day),
        "mode": "documentary",
        "media": ["hard_copy"],
        "information_disclosed": "Case plan, pages 1-4",
        "recipient": "The client",
    }


def _recorded(worker, case, *, days_ago: int, disclosed_days_ago: int) -> Disclosure:
    request = _permitted(worker, case, days_ago=days_ago)
    return disclosure_record(
        request=request,
        user=worker,
        disclosed_on=_day(disclosed_days_ago),
        mode="documentary",
        media=["hard_copy"],
        information_disclosed="Case plan, pages 1-4",
        recipient="The client",
    )


# ------------------------------------------------------------------ the date of a new disclosure


@pytest.mark.parametrize("posted", ["1900-01-01", "yesterday"])
def test_a_disclosure_dated_before_the_rules_permitted_it_is_refused_naming_the_earliest_date(
    signed_in, worker, case, posted
):
    """The finding: a disclosure dated 1900-01-01 went into the client's accounting."""
    request = _permitted(worker, case, days_ago=0)
    day = _day(1) if posted == "yesterday" else posted
    response = signed_in.post(reverse("requests:disclose", args=[request.pk]), _record_data(day))
    assert response.status_code == 200
    errors = response.context["form"].errors["disclosed_on"]
    assert errors == [
        f"Date disclosed: the earliest allowed date is {day_in_words(_day(0))}, the day the "
        "31-8-5 rules permitted this disclosure. It cannot have been made before it was allowed."
    ]
    assert not Disclosure.objects.exists()


def test_a_disclosure_on_the_day_it_was_permitted_or_later_is_recorded(signed_in, worker, case):
    request = _permitted(worker, case, days_ago=3)
    url = reverse("requests:disclose", args=[request.pk])
    assert signed_in.post(url, _record_data(_day(4))).status_code == 200
    assert signed_in.post(url, _record_data(_day(3))).status_code == 302
    assert Disclosure.objects.get().disclosed_on == _day(3)


def test_a_disclosure_before_legal_affairs_approved_it_is_refused(signed_in, worker, case, lawyer):
    """An escalated request's disclosure dates from the approval, not the engine's decision."""
    request = _approved(worker, case, lawyer, escalated_days_ago=10, approved_days_ago=4)
    url = reverse("requests:disclose", args=[request.pk])
    response = signed_in.post(url, _record_data(_day(6)))
    assert response.context["form"].errors["disclosed_on"] == [
        f"Date disclosed: the earliest allowed date is {day_in_words(_day(4))}, the day Legal "
        "Affairs approved this disclosure. It cannot have been made before it was allowed."
    ]
    assert not Disclosure.objects.exists()
    assert signed_in.post(url, _record_data(_day(4))).status_code == 302


def test_a_disclosure_in_the_future_is_refused_saying_today(signed_in, worker, case):
    request = _permitted(worker, case, days_ago=0)
    response = signed_in.post(
        reverse("requests:disclose", args=[request.pk]), _record_data(_day(-1))
    )
    assert response.context["form"].errors["disclosed_on"] == [
        "Date disclosed: the date of disclosure cannot be in the future "
        f"(today is {day_in_words(_day(0))})."
    ]


@pytest.mark.parametrize("days_ago", [5, -1])
def test_the_service_refuses_a_date_before_the_decision_or_in_the_future_and_writes_nothing(
    worker, case, days_ago
):
    request = _permitted(worker, case, days_ago=2)
    events = AccessEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        disclosure_record(
            request=request,
            user=worker,
            disclosed_on=_day(days_ago),
            mode="verbal",
            media=["hard_copy"],
            information_disclosed="x",
            recipient="y",
        )
    assert "disclosed_on" in refused.value.message_dict
    assert not Disclosure.objects.exists()
    assert AccessEvent.objects.count() == events
    assert DisclosureRequest.objects.get(pk=request.pk).status == RequestStatus.PERMITTED


# ------------------------------------------------------------------ correcting a wrong date


def _correction(day: datetime.date | str, reason: str = "Typed the wrong month", confirm=True):
    data = {"disclosed_on": str(day), "reason": reason}
    if confirm:
        data["confirm"] = "on"
    return data


def test_the_recorder_corrects_a_wrong_date_with_a_reason_kept_in_history(
    signed_in, worker, case, child
):
    entry = _recorded(worker, case, days_ago=10, disclosed_days_ago=9)
    url = reverse("requests:disclosure_correct", args=[entry.pk])
    page = signed_in.get(url).content.decode()
    assert "Correct the date of disclosure" in page
    assert f"From {day_in_words(_day(10))}, the day the 31-8-5 rules permitted" in page
    response = signed_in.post(url, _correction(_day(2)))
    assert response.status_code == 302
    assert response.url == reverse("requests:accounting", args=[child.pk])
    entry.refresh_from_db()
    assert entry.disclosed_on == _day(2)
    correction = DisclosureCorrection.objects.get()
    assert (correction.previous_disclosed_on, correction.disclosed_on) == (_day(9), _day(2))
    assert (correction.reason, correction.corrected_by) == ("Typed the wrong month", worker)
    # The entry's own history: before, after, and why.
    before, after = entry.history.order_by("pgh_id")
    assert (before.disclosed_on, after.disclosed_on) == (_day(9), _day(2))
    assert after.pgh_context.metadata["reason"] == "Typed the wrong month"
    assert after.pgh_context.metadata["correction"] is True
    event = AccessEvent.objects.filter(action="correct").get()
    assert (event.user, event.object_type, event.object_id) == (worker, "Disclosure", str(entry.pk))
    assert event.client_id == child.pk
    followed = signed_in.get(response.url).content.decode()
    assert f"is corrected from {day_in_words(_day(9))} to {day_in_words(_day(2))}" in followed


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (_correction("{earlier}"), "disclosed_on", "the earliest allowed date is"),
        (_correction("{tomorrow}"), "disclosed_on", "cannot be in the future"),
        (_correction("{same}"), "disclosed_on", "the entry already has this date"),
        (_correction("0001-01-01"), "disclosed_on", "enter a date between 1900 and 2100"),
        (_correction("{valid}", reason="  "), "reason", "say why the recorded date was wrong"),
        (_correction("{valid}", reason="x" * 2001), "reason", "at most 2000 characters"),
        (_correction("{valid}", confirm=False), "confirm", "Confirm the correction"),
    ],
    ids=["before-decision", "future", "unchanged", "year-1", "no-reason", "long-reason", "unsure"],
)
def test_a_wrong_correction_is_a_form_error_naming_the_field_and_changes_nothing(
    signed_in, worker, case, data, field, message
):
    entry = _recorded(worker, case, days_ago=10, disclosed_days_ago=9)
    days = {"earlier": _day(11), "tomorrow": _day(-1), "same": _day(9), "valid": _day(3)}
    data = {**data, "disclosed_on": data["disclosed_on"].format(**days)}
    response = signed_in.post(reverse("requests:disclosure_correct", args=[entry.pk]), data)
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors[field])
    assert message in errors
    if field != "confirm":
        label = {
            "disclosed_on": "Correct date of disclosure",
            "reason": "Reason for the correction",
        }
        assert errors.startswith(f"{label[field]}: ")
    assert data["reason"].strip()[:20] in response.content.decode(), "the input is kept"
    assert Disclosure.objects.get().disclosed_on == _day(9)
    assert not DisclosureCorrection.objects.exists()
    assert not AccessEvent.objects.filter(action="correct").exists()


@pytest.mark.parametrize("day", [11, -1, 9])
def test_the_correction_service_refuses_a_bad_date_and_writes_nothing(worker, case, day):
    entry = _recorded(worker, case, days_ago=10, disclosed_days_ago=9)
    history = entry.history.count()
    with pytest.raises(ValidationError) as refused:
        disclosure_correct(disclosure=entry, user=worker, disclosed_on=_day(day), reason="oops")
    assert list(refused.value.message_dict) == ["disclosed_on"]
    assert Disclosure.objects.get().disclosed_on == _day(9)
    assert entry.history.count() == history
    assert not DisclosureCorrection.objects.exists()
    assert not AccessEvent.objects.filter(action="correct").exists()


def test_the_correction_service_requires_a_reason(worker, case):
    entry = _recorded(worker, case, days_ago=10, disclosed_days_ago=9)
    with pytest.raises(ValidationError) as refused:
        disclosure_correct(disclosure=entry, user=worker, disclosed_on=_day(3), reason=" ")
    assert refused.value.message_dict == {
        "reason": ["Reason for the correction: say why the recorded date was wrong."]
    }


def test_legal_affairs_corrects_any_entry_and_others_may_not(client, worker, case, child, lawyer):
    entry = _recorded(worker, case, days_ago=10, disclosed_days_ago=9)
    url = reverse("requests:disclosure_correct", args=[entry.pk])
    colleague = StaffFactory().user  # sees the client (assigned to the case), did not record it
    assignment_create(case=case, staff=colleague, starts_on=START)
    client.force_login(colleague)
    assert client.get(url).status_code == 403
    with pytest.raises(PermissionDenied):
        disclosure_correct(disclosure=entry, user=colleague, disclosed_on=_day(3), reason="x")
    client.force_login(StaffFactory().user)
    assert client.get(url).status_code == 404, "a stranger is not told the entry exists"
    client.force_login(lawyer)
    accounting = client.get(reverse("requests:accounting", args=[child.pk])).content.decode()
    assert url in accounting
    assert client.post(url, _correction(_day(3), reason="Per the fax log")).status_code == 302
    assert DisclosureCorrection.objects.get().corrected_by == lawyer


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE requests_app_disclosurecorrection SET reason = 'rewritten'",
        "DELETE FROM requests_app_disclosurecorrection",
    ],
)
def test_a_correction_is_never_rewritten_or_removed(worker, case, statement, as_table_owner):
    """The portal's role may not; the table's owner is refused by a trigger."""
    entry = _recorded(worker, case, days_ago=10, disclosed_days_ago=9)
    disclosure_correct(disclosure=entry, user=worker, disclosed_on=_day(3), reason="Fax log")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    with (
        as_table_owner(),
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert DisclosureCorrection.objects.get().reason == "Fax log"


# ------------------------------------------------------------------ the accounting's history


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_the_accounting_shows_each_correction_in_page_csv_and_pdf_at_a_fixed_cost(
    signed_in, worker, case, child
):
    url = reverse("requests:accounting", args=[child.pk])
    first = _recorded(worker, case, days_ago=20, disclosed_days_ago=19)
    disclosure_correct(disclosure=first, user=worker, disclosed_on=_day(12), reason="Fax log")
    few = _count_queries(signed_in, url)
    for n in range(4):
        entry = _recorded(worker, case, days_ago=20, disclosed_days_ago=18)
        disclosure_correct(disclosure=entry, user=worker, disclosed_on=_day(15), reason=f"r{n}")
        disclosure_correct(disclosure=entry, user=worker, disclosed_on=_day(14), reason=f"s{n}")
    assert _count_queries(signed_in, url) == few

    page = signed_in.get(url).content.decode()
    assert "Date corrected." in page
    assert f"First recorded as {_day(19):%b} {_day(19).day}, {_day(19).year}." in page
    assert "Reason: Fax log" in page and "Maria" in page
    assert page.count("/correct/") == 5

    rows = list(
        csv.DictReader(
            io.StringIO(
                signed_in.get(reverse("requests:accounting_csv", args=[child.pk])).content.decode()
            )
        )
    )
    row = next(r for r in rows if r["request"] == first.request.reference)
    assert row["disclosed_on"] == _day(12).isoformat()
    assert row["originally_recorded_on"] == _day(19).isoformat()
    assert row["date_corrections"].startswith(f"{_day(19)} to {_day(12)} on ")
    assert row["date_corrections"].endswith(": Fax log")
    assert "Maria" in row["date_corrections"]
    twice = [r for r in rows if r["date_corrections"].count(" to ") == 2]
    assert len(twice) == 4 and all(r["originally_recorded_on"] == str(_day(18)) for r in twice)

    pdf = signed_in.get(reverse("requests:accounting_pdf", args=[child.pk]))
    reader = PdfReader(io.BytesIO(b"".join(pdf.streaming_content)))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert f"first recorded as {_day(19)}" in text
    assert "Fax log" in text


def test_the_request_page_shows_the_correction_and_offers_it_to_the_recorder(
    signed_in, worker, case
):
    entry = _recorded(worker, case, days_ago=10, disclosed_days_ago=9)
    page = signed_in.get(reverse("requests:detail", args=[entry.request_id])).content.decode()
    assert reverse("requests:disclosure_correct", args=[entry.pk]) in page
    disclosure_correct(disclosure=entry, user=worker, disclosed_on=_day(3), reason="Fax log")
    page = signed_in.get(reverse("requests:detail", args=[entry.request_id])).content.decode()
    assert "Date corrected." in page and "Reason: Fax log" in page
