"""The audit trail: every read and write of client information is an access event; the table is
append-only and hash-chained; verify_audit names the first broken link; Legal Affairs searches
and exports it; a client's page shows who looked."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from requests_app import audit
from requests_app.models import AccessEvent, DisclosureRequest, PolicyDecision
from requests_app.services.casework import assignment_create
from tests.factories import CaseFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker_and_client(client):
    worker = StaffFactory().user
    case = CaseFactory()
    assignment_create(case=case, staff=worker, starts_on=datetime.date(2025, 1, 1))
    client.force_login(worker)
    return worker, case.clients.get()


def test_viewing_a_client_is_recorded_with_who_what_when_and_where(client, worker_and_client):
    worker, child = worker_and_client
    client.get(reverse("requests:client_detail", args=[child.pk]), REMOTE_ADDR="10.1.2.3")
    event = AccessEvent.objects.get(client=child, object_type="Client")
    assert (event.user, event.action, event.object_id) == (worker, "view", str(child.pk))
    assert event.ip_address == "10.1.2.3"


def test_the_clients_page_shows_who_looked(client, worker_and_client):
    worker, child = worker_and_client
    url = reverse("requests:client_detail", args=[child.pk])
    client.get(url)
    page = client.get(url).content.decode()
    assert "Who looked at this client" in page
    assert worker.get_full_name() in page


def test_events_are_chained_and_cannot_be_changed_or_deleted(as_table_owner, portal_role):
    first = audit.record(user=None, action="view", object_type="Test", detail="one")
    second = audit.record(user=None, action="view", object_type="Test", detail="two")
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.prev_hash == first.hash and len(second.hash) == 64
    # The portal's role has no right to try; the owner (or a superuser) is stopped by a trigger.
    refusal = "permission denied" if portal_role else "append-only"
    with pytest.raises(DatabaseError, match=refusal), transaction.atomic():
        AccessEvent.objects.filter(pk=first.pk).delete()
    for sql in (
        "UPDATE requests_app_accessevent SET detail = 'x' WHERE id = %s",
        "DELETE FROM requests_app_accessevent WHERE id = %s",
    ):
        with (
            as_table_owner(),
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [first.pk])


def test_verify_audit_names_the_first_broken_link(capsys, tamper):
    events = [
        audit.record(user=None, action="view", object_type="T", detail=str(i)) for i in range(4)
    ]
    call_command("verify_audit")
    assert "intact" in capsys.readouterr().out
    tamper(
        "requests_app_accessevent",
        "UPDATE requests_app_accessevent SET detail = 'forged' WHERE id = %s",
        [events[2].pk],
    )
    with pytest.raises(CommandError, match="NOT intact"):
        call_command("verify_audit")
    assert f"chain is broken at access event {events[2].pk}" in capsys.readouterr().err


def test_legal_affairs_search_and_export_but_workers_cannot(client, worker_and_client):
    worker, child = worker_and_client
    client.get(reverse("requests:client_detail", args=[child.pk]))
    assert client.get(reverse("requests:audit")).status_code == 403
    lawyer = StaffFactory(disclosure_role="other_dcf_staff", user__duties=["legal_affairs"]).user
    client.force_login(lawyer)
    response = client.post(
        reverse("requests:audit"),
        {"client_number": child.client_number, "username": worker.username},
    )
    assert response.status_code == 302 and child.client_number not in response.url
    page = client.get(reverse("requests:audit"))
    assert [e.client_id for e in page.context["page"]] == [child.pk]
    csv_text = client.get(reverse("requests:audit_csv")).content.decode()
    assert csv_text.splitlines()[0].startswith("id,at,user,action")
    assert child.client_number in csv_text


def test_the_audit_export_neutralises_spreadsheet_formulas_and_is_never_cached(client):
    """An event's detail can carry text someone typed (a search, a reason): a cell starting
    with "=" must not run as a formula when the export is opened in a spreadsheet."""
    audit.record(user=None, action="view", object_type="Test", detail='=HYPERLINK("x")')
    lawyer = StaffFactory(disclosure_role="other_dcf_staff", user__duties=["legal_affairs"]).user
    client.force_login(lawyer)
    response = client.get(reverse("requests:audit_csv"))
    text = response.content.decode()
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text
    assert response["Cache-Control"] == "private, no-store"


def test_a_submitted_request_and_a_recorded_view_are_both_audited(client, worker_and_client):
    from tests.integration.test_requests import form_data

    _, child = worker_and_client
    case = child.cases.get()
    page = reverse("requests:new", args=[child.pk])
    client.get(page)
    # The fixtures' accounts and staff profiles are audited too (requests_app.role_audit).
    events = AccessEvent.objects.exclude(object_type="User")
    assert list(events.values_list("action", "object_type")) == [("view", "Client")]
    client.post(page, form_data(case))
    actions = list(
        AccessEvent.objects.filter(client=child).order_by("id").values_list("action", "object_type")
    )
    assert actions == [
        ("view", "Client"),
        ("create", "DisclosureRequest"),
        ("permit", "DisclosureRequest"),
    ]


def test_each_audited_screen_writes_exactly_one_event(client):
    import uuid

    from requests_app.services.requests import request_submit
    from tests.factories import ReleaseFactory

    worker = StaffFactory().user
    lawyer = StaffFactory(disclosure_role="other_dcf_staff", user__duties=["legal_affairs"]).user
    case = CaseFactory()
    child = case.clients.get()
    assignment_create(case=case, staff=worker, starts_on=datetime.date(2025, 1, 1))
    request = request_submit(
        requester=worker,
        draft=DisclosureRequest(
            client=child,
            case=case,
            recipient_kind="client",
            categories=["case_record"],
            media=["email"],
            mode="verbal",
            purpose="x",
            requester_in_doubt=True,
        ),
        submission_token=uuid.uuid4(),
    )
    release = ReleaseFactory(client=child, prepared_by=worker)
    screens = [
        (worker, reverse("requests:client_detail", args=[child.pk])),
        (worker, reverse("requests:case_detail", args=[case.pk])),
        (worker, reverse("requests:detail", args=[request.pk])),
        (worker, reverse("requests:accounting", args=[child.pk])),
        (worker, reverse("requests:accounting_csv", args=[child.pk])),
        (worker, reverse("requests:accounting_pdf", args=[child.pk])),
        (worker, reverse("forms:detail", args=[release.pk])),
        (worker, reverse("forms:pdf", args=[release.pk])),
        (lawyer, reverse("requests:review", args=[request.reviews.get().pk])),
    ]
    for user, url in screens:
        client.force_login(user)
        before = AccessEvent.objects.count()
        response = client.get(url)
        assert response.status_code == 200, url
        new = AccessEvent.objects.filter(user=user).order_by("-id")[
            : AccessEvent.objects.count() - before
        ]
        assert AccessEvent.objects.count() - before == 1, url
        assert new[0].client_id == child.pk, url


def _named(user, page: str) -> set[int]:
    """The clients the user's last event for `page` named."""
    event = AccessEvent.objects.filter(user=user, object_type=page).latest("id")
    return set(event.clients) | ({event.client_id} if event.client_id else set())


def test_every_page_showing_clients_writes_one_event_naming_each_of_them(client):
    """Lists included: one event per page view, naming every client it shows, and each
    client's "who looked" finds it."""
    import uuid

    from forms_app.services import releases_print
    from requests_app.selectors.audit import who_looked_at
    from requests_app.services.requests import request_submit
    from tests.factories import ReleaseFactory

    worker = StaffFactory().user
    supervisor = StaffFactory(unit=worker.staff_profile.unit, user__duties=["supervisor"]).user
    lawyer = StaffFactory(disclosure_role="other_dcf_staff", user__duties=["legal_affairs"]).user
    cases = [CaseFactory(), CaseFactory()]
    for case in cases:
        assignment_create(case=case, staff=worker, starts_on=datetime.date(2025, 1, 1))
    first, second = (case.clients.get() for case in cases)
    request_submit(
        requester=worker,
        draft=DisclosureRequest(
            client=first,
            case=cases[0],
            recipient_kind="client",
            categories=["case_record"],
            media=["email"],
            mode="verbal",
            purpose="x",
            requester_in_doubt=True,
        ),
        submission_token=uuid.uuid4(),
    )
    release = ReleaseFactory(client=second, prepared_by=worker, signed_on=None)
    signed = ReleaseFactory(client=first, prepared_by=worker)

    client.force_login(worker)
    for url in (
        reverse("home"),
        reverse("requests:list"),
        reverse("requests:choose_client"),
        reverse("forms:list", args=[second.pk]),
        reverse("forms:revoke", args=[signed.pk]),
    ):
        assert client.get(url).status_code == 200, url
    assert _named(worker, "home") == {first.pk, second.pk}
    assert _named(worker, "my requests") == {first.pk}
    assert _named(worker, "choose a client") == {first.pk, second.pk}
    assert _named(worker, "releases of a client") == {second.pk}
    assert AccessEvent.objects.filter(
        user=worker, object_type="ReleaseAuthorization", object_id=str(signed.pk)
    ).exists()
    assert client.get(reverse("forms:sign", args=[release.pk])).status_code == 200
    assert AccessEvent.objects.filter(
        user=worker, object_id=str(release.pk), client=second, detail="signature form"
    ).exists()

    client.force_login(supervisor)
    assert client.get(reverse("forms:print_queue")).status_code == 200
    assert _named(supervisor, "print queue") == {first.pk}
    batch = releases_print(printed_by=supervisor, releases=[signed], include_flagged=True)
    assert client.get(reverse("forms:print_batch", args=[batch.pk])).status_code == 200
    assert _named(supervisor, "print batch") == {first.pk}

    client.force_login(lawyer)
    assert client.get(reverse("requests:review_queue")).status_code == 200
    assert _named(lawyer, "review queue") == {first.pk}
    assert client.get(reverse("requests:audit")).status_code == 200
    assert first.pk in _named(lawyer, "audit search")

    looked = {(e.user_id, e.object_type) for e in who_looked_at(client=second)}
    assert (worker.pk, "home") in looked and (worker.pk, "choose a client") in looked


def test_decisions_decided_reviews_and_history_cannot_be_rewritten(as_table_owner, decided_review):
    """UPDATE of a decision's outcome or of a decided review, and changing or deleting history
    rows, are refused by PostgreSQL itself, even to the tables' owner; an open review is still
    worked on."""
    review, request = decided_review, decided_review.request
    decision = PolicyDecision.objects.get(request=request)
    for statement, params in (
        (
            "UPDATE requests_app_policydecision SET outcome = 'permitted' WHERE id = %s",
            [decision.pk],
        ),
        ("DELETE FROM requests_app_policydecision WHERE id = %s", [decision.pk]),
        ("UPDATE requests_app_review SET resolution = 'denied' WHERE id = %s", [review.pk]),
        (
            "UPDATE requests_app_reviewevent SET resolution = 'denied' WHERE pgh_obj_id = %s",
            [review.pk],
        ),
        ("DELETE FROM requests_app_disclosurerequestevent WHERE pgh_obj_id = %s", [request.pk]),
    ):
        with (
            as_table_owner(),
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, params)
    assert PolicyDecision.objects.get(pk=decision.pk).outcome == "escalated"
