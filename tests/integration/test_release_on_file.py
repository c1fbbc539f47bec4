"""The release on file: the request form proposes the client's current DCF-2131F that names the
recipient and covers the information, says why a release on file does not apply before the
request is submitted, agrees with the engine, and the Legal Affairs review page lists the
client's releases."""

import datetime
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from requests_app.choices import RequestStatus
from requests_app.models import AccessEvent, DisclosureRequest, PolicyDecision, Review
from requests_app.services.casework import assignment_create
from tests.factories import CaseFactory, RelationFactory, ReleaseFactory, StaffFactory

pytestmark = pytest.mark.django_db

START = datetime.date(2025, 1, 1)
DAY = datetime.timedelta(days=1)
PEDIATRICS = "Hartford Pediatrics"


@pytest.fixture
def today():
    """The views decide on the real date."""
    return timezone.localdate()


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
def signed_in(client, worker):
    client.force_login(worker)
    return client


def release_of(child, today, **overrides):
    """A signed DCF-2131F of `child` to Hartford Pediatrics for the case record, current today."""
    values = {
        "client": child,
        "counterparty_name": PEDIATRICS,
        "counterparty_organization": PEDIATRICS,
        "categories": ["case_record", "medical"],
        "signed_on": today - 30 * DAY,
        "effective_on": today - 30 * DAY,
        "expires_on": today + 200 * DAY,
    }
    return ReleaseFactory(**{**values, **overrides})


def form_data(case, **overrides):
    """A request to give Hartford Pediatrics the case record, release left as the form had it."""
    data = {
        "case": case.pk,
        "recipient_type": "third_party",
        "recipient_name": PEDIATRICS,
        "recipient_address": "1 Main Street, Hartford, CT",
        "categories": ["case_record"],
        "media": ["hard_copy"],
        "mode": "documentary",
        "purpose": "Coordinating care",
        "acknowledge_consequences": "on",
        "submission_token": str(uuid.uuid4()),
        "release": "",
        "release_proposed": "",
        "release_explained": "",
    }
    data.update(overrides)
    return data


def submit(client, child, data):
    return client.post(reverse("requests:new", args=[child.pk]), data)


def check(client, child, data):
    return client.post(reverse("requests:release_check", args=[child.pk]), data)


def selected(page: str, release) -> bool:
    return f'<option value="{release.pk}" selected>' in page


# ---- the proposal ----------------------------------------------------------------------------


def test_a_current_release_naming_the_recipient_is_proposed_selected_with_a_line(
    signed_in, case, child, today
):
    release = release_of(child, today)
    response = check(signed_in, child, form_data(case))
    page = response.content.decode()
    assert f'data-proposed="{release.pk}"' in page
    assert f"The client's current release {release.reference} names this recipient" in page

    # Without JavaScript the form learns the recipient on submit: it shows the proposal first.
    response = submit(signed_in, child, form_data(case))
    assert response.status_code == 200
    assert not DisclosureRequest.objects.exists()
    page = response.content.decode()
    assert selected(page, release)
    assert "names this recipient and covers the information, so it is now selected" in page
    assert f"The client's current release {release.reference} names this recipient" in page

    # Submitted again as shown (the proposal left selected): permitted on the release.
    data = form_data(case, release=release.pk, release_proposed=release.pk, release_explained="")
    response = submit(signed_in, child, data)
    assert response.status_code == 302
    request = DisclosureRequest.objects.get()
    assert request.release == release
    assert request.status == RequestStatus.PERMITTED
    assert PolicyDecision.objects.get().rule == "signed_current_release"


def test_with_the_proposal_already_shown_the_request_is_permitted_at_once(
    signed_in, case, child, today
):
    """As the form's script leaves it: proposed and selected before the first submit."""
    release = release_of(child, today)
    data = form_data(case, release=release.pk, release_proposed=release.pk)
    assert submit(signed_in, child, data).status_code == 302
    assert DisclosureRequest.objects.get().status == RequestStatus.PERMITTED


def test_the_worker_can_still_choose_no_release(signed_in, case, child, today):
    release = release_of(child, today)
    data = form_data(case, release="", release_proposed=release.pk)
    assert submit(signed_in, child, data).status_code == 302
    request = DisclosureRequest.objects.get()
    assert request.release is None
    assert request.status == RequestStatus.ESCALATED
    assert "no_release" in PolicyDecision.objects.get().reason_codes


def test_a_release_the_worker_chose_is_kept_even_when_another_is_proposed(
    signed_in, case, child, today
):
    proposed = release_of(child, today)
    chosen = release_of(child, today, expires_on=today + 20 * DAY)
    data = form_data(case, release=chosen.pk, release_proposed=proposed.pk)
    assert submit(signed_in, child, data).status_code == 302
    assert DisclosureRequest.objects.get().release == chosen


def test_the_longest_lasting_of_several_applying_releases_is_proposed(
    signed_in, case, child, today
):
    release_of(child, today, expires_on=today + 20 * DAY)
    longest = release_of(child, today, expires_on=today + 300 * DAY)
    page = check(signed_in, child, form_data(case)).content.decode()
    assert f'data-proposed="{longest.pk}"' in page


def test_a_relation_named_in_a_release_gets_it_proposed(signed_in, case, child, worker, today):
    aunt = RelationFactory(
        client=child, kind="authorized_representative", full_name="Ana Ruiz", verified_on=None
    )
    release = release_of(child, today, counterparty_name="Ana Ruiz", counterparty_organization="")
    data = form_data(case, recipient_type="relation", recipient_relation=aunt.pk)
    page = check(signed_in, child, data).content.decode()
    assert f'data-proposed="{release.pk}"' in page


# ---- saying why a release on file does not apply ---------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "why"),
    [
        ({"expires_on": "yesterday"}, "The release has expired."),
        ({"revoked_on": "yesterday"}, "The release has been revoked."),
        ({"effective_on": "tomorrow"}, "The release does not take effect until after"),
        ({"categories": ["educational"]}, "Not covered: case record."),
    ],
    ids=["expired", "revoked", "not yet effective", "other information"],
)
def test_a_release_for_this_recipient_that_does_not_apply_says_why_before_submitting(
    signed_in, case, child, worker, today, overrides, why
):
    days = {"yesterday": today - DAY, "tomorrow": today + DAY}
    values = {k: days.get(v, v) if isinstance(v, str) else v for k, v in overrides.items()}
    if "revoked_on" in values:
        values.update(revoked_recorded_by=worker, revocation_received_how="mail")
    release = release_of(child, today, **values)
    page = check(signed_in, child, form_data(case)).content.decode()
    assert why in page and release.reference in page
    assert 'data-proposed=""' in page and f'data-explained="{release.pk}"' in page

    response = submit(signed_in, child, form_data(case))
    assert not DisclosureRequest.objects.exists(), "shown the reason before anything is submitted"
    assert why in response.content.decode()
    assert "does not cover this request (see why below)" in response.content.decode()

    # Submitted again, having been told: it goes ahead without the release.
    response = submit(signed_in, child, form_data(case, release_explained=str(release.pk)))
    assert response.status_code == 302
    assert DisclosureRequest.objects.get().release is None


def test_a_release_to_another_recipient_says_so_without_holding_the_request(
    signed_in, case, child, today
):
    release = release_of(child, today, counterparty_name="Bridges Counseling Center")
    release.counterparty_organization = ""
    release.save()
    page = check(signed_in, child, form_data(case)).content.decode()
    assert "The release does not name this recipient." in page
    assert release.reference in page and "Bridges Counseling Center" in page
    assert submit(signed_in, child, form_data(case)).status_code == 302


def test_before_the_recipient_is_chosen_the_form_lists_the_releases_on_file(
    signed_in, child, worker, today
):
    current = release_of(child, today)
    expired = release_of(child, today, expires_on=today - DAY)
    draft = release_of(child, today, signed_on=None)
    page = signed_in.get(reverse("requests:new", args=[child.pk])).content.decode()
    assert "The client's DCF-2131F releases on file" in page
    assert current.reference in page and expired.reference in page
    assert "Expired" in page and "Current" in page
    assert f"{draft.reference} to" not in page, "a draft is not consent"


def test_a_client_without_releases_says_so(signed_in, case, child):
    page = check(signed_in, child, form_data(case)).content.decode()
    assert "No DCF-2131F release is on file for this client." in page


def test_a_returned_request_proposes_the_release_on_file(signed_in, case, child, worker, today):
    release = release_of(child, today)
    data = form_data(case, requester_in_doubt="on")
    assert submit(signed_in, child, data).status_code == 200  # shown the proposal
    data = form_data(case, requester_in_doubt="on", release="", release_proposed=release.pk)
    assert submit(signed_in, child, data).status_code == 302  # none, chosen
    request = DisclosureRequest.objects.get()
    DisclosureRequest.objects.filter(pk=request.pk).update(status=RequestStatus.RETURNED)
    page = signed_in.get(reverse("requests:edit", args=[request.pk])).content.decode()
    assert selected(page, release)
    assert f"The client's current release {release.reference} names this recipient" in page


def test_the_release_check_is_audited_and_scoped_to_the_workers_clients(
    signed_in, case, child, today
):
    release_of(child, today)
    check(signed_in, child, form_data(case))
    event = AccessEvent.objects.filter(detail="release on file").get()
    assert event.user.username == "maria"
    stranger = CaseFactory().clients.get()
    assert check(signed_in, stranger, form_data(case)).status_code == 404
    assert signed_in.get(reverse("requests:release_check", args=[child.pk])).status_code == 405


def test_the_release_check_costs_the_same_queries_whatever_the_releases(
    signed_in, case, child, today
):
    counts = []
    for size in (1, 6):
        while child.releases.count() < size:
            release_of(child, today, expires_on=today + (10 + child.releases.count()) * DAY)
        with CaptureQueriesContext(connection) as queries:
            check(signed_in, child, form_data(case))
        counts.append(len(queries))
    assert counts[0] == counts[1]


# ---- the Legal Affairs review page -----------------------------------------------------------


def test_the_review_page_lists_the_clients_releases(client, case, child, worker, today):
    current = release_of(child, today)
    revoked = release_of(
        child,
        today,
        counterparty_name="YMCA Youth Mentoring",
        revoked_on=today - DAY,
        revoked_recorded_by=worker,
        revocation_received_how="mail",
    )
    other_client = release_of(CaseFactory().clients.get(), today)
    data = form_data(case, release="", release_proposed=current.pk, requester_in_doubt="on")
    client.force_login(worker)
    submit(client, child, data)
    review = Review.objects.get()
    lawyer = StaffFactory(disclosure_role="other_dcf_staff", user__duties=["legal_affairs"]).user
    client.force_login(lawyer)
    page = client.get(reverse("requests:review", args=[review.pk])).content.decode()
    assert "The client's releases on file" in page
    for release in (current, revoked):
        assert release.reference in page and release.counterparty_name in page
        assert f'href="{reverse("forms:detail", args=[release.pk])}"' in page
    assert "Current</span>" in page and "Revoked</span>" in page
    assert f"revoked {revoked.revoked_on:%b %-d, %Y}" in page
    assert f"expires {current.expires_on:%b %-d, %Y}" in page
    assert "case record, medical" in page
    assert other_client.reference not in page


def test_the_review_page_costs_the_same_queries_whatever_the_releases(
    client, case, child, worker, today
):
    client.force_login(worker)
    submit(client, child, form_data(case, requester_in_doubt="on"))
    review = Review.objects.get()
    lawyer = StaffFactory(disclosure_role="other_dcf_staff", user__duties=["legal_affairs"]).user
    client.force_login(lawyer)
    url = reverse("requests:review", args=[review.pk])
    counts = []
    for size in (1, 5):
        while child.releases.count() < size:
            release_of(child, today)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts.append(len(queries))
    assert counts[0] == counts[1]
