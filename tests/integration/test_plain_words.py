"""Pages speak in words: no page of the access matrix shows an internal code to anyone.

Every kind of user signs in and opens every page the access matrix gives them (answer 200);
the visible text of each HTML page, and the text of each PDF, must name no code
(`tests.visible_codes`). Legal Affairs may open the raw facts of a decision in a `<details>`.
"""

import io
import uuid

import pytest
from django.urls import reverse
from pypdf import PdfReader

from requests_app.models import DisclosureRequest, RoleGrantRequest
from requests_app.services.requests import request_submit
from requests_app.services.role_grants import role_grant_file
from tests.integration import test_access_matrix as access_matrix
from tests.visible_codes import bare_times, codes_in_text, visible_text
from tests.world import COLUMNS

pytestmark = pytest.mark.django_db

#: The columns that may open a decision's raw facts (a `<details>` of codes).
LEGAL_AFFAIRS = {"legal", "aag", "director"}


def _third_party_request(worker, case) -> DisclosureRequest:
    """An escalated request whose reasons and media are all codes with underscores."""
    return request_submit(
        requester=worker,
        draft=DisclosureRequest(
            client=case.clients.get(),
            case=case,
            recipient_kind="third_party",
            recipient_name="A neighbour",
            categories=["case_record", "substance_use"],
            media=["hard_copy", "electronic"],
            mode="documentary",
            purpose="x",
        ),
        submission_token=uuid.uuid4(),
    )


def _text_of(response, *, skip_details: bool) -> str | None:
    """What a reader of the response sees: a page's visible text, a PDF's text; None for
    anything else (a CSV keeps its codes in columns of their own)."""
    kind = response.get("Content-Type", "")
    if kind.startswith("text/html"):
        return visible_text(response.content.decode(), skip_details=skip_details)
    if kind.startswith("application/pdf"):
        content = b"".join(response.streaming_content) if response.streaming else response.content
        reader = PdfReader(io.BytesIO(content))
        return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    return None


def test_no_page_shows_a_code_or_a_time_without_its_zone(client, world):
    """Every page a user may open, as every kind of user: no code in what they read, and every
    time of day written one way, with its zone."""
    users, ids = world.users, world.args
    request = DisclosureRequest.objects.get(pk=ids["requests:detail"][0])
    _third_party_request(users["worker"], request.case)
    role_grant_file(
        requested_by=users["sysadmin"],
        draft=RoleGrantRequest(
            user=users["stranger"], kind="add_duty", value="legal_affairs", reason="x"
        ),
    )
    codes, times = [], []
    for name, answers in {**access_matrix.MATRIX, **access_matrix.ADMIN_MATRIX}.items():
        url = reverse(name, args=ids.get(name, []))
        for column, answer in zip(COLUMNS, answers, strict=True):
            if answer != 200 or column == "anon":
                continue
            client.force_login(users[column])
            response = client.get(url)
            assert response.status_code == 200, (name, column)
            text = _text_of(response, skip_details=column in LEGAL_AFFAIRS)
            if text is None:
                continue
            codes += [f"{name} as {column}: {found}" for found in codes_in_text(text)]
            times += [f"{name} as {column}: {found}" for found in bare_times(text)]
    assert codes == []
    assert times == []


def test_the_queue_names_reasons_in_words_and_filters_by_every_reason(client, world):
    users, ids = world.users, world.args
    request = DisclosureRequest.objects.get(pk=ids["requests:detail"][0])
    third_party = _third_party_request(users["worker"], request.case)
    client.force_login(users["legal"])
    url = reverse("requests:review_queue")
    page = client.get(url).content.decode()
    assert '<span title="recipient_not_listed">Recipient not on the 31-8-5 list</span>' in page
    assert '<option value="no_release">No release given</option>' in page
    assert '<option value="release_signer_minor">Release signed by a minor client</option>' in page
    rows = client.get(url, {"reason": "recipient_not_listed"}).context["page"].object_list
    assert [row.reference for row in rows] == [third_party.reference]


def test_a_request_names_its_information_and_media_in_words(client, world):
    users, ids = world.users, world.args
    request = DisclosureRequest.objects.get(pk=ids["requests:detail"][0])
    third_party = _third_party_request(users["worker"], request.case)
    client.force_login(users["worker"])
    page = client.get(reverse("requests:detail", args=[third_party.pk])).content.decode()
    assert "<dd>Case record, Substance-use treatment</dd>" in page
    assert "<dd>Hard copy, Electronic file · Documentary</dd>" in page


def test_the_audit_trail_says_who_did_what_to_which_request(client, world):
    users, ids = world.users, world.args
    request = DisclosureRequest.objects.get(pk=ids["requests:detail"][0])
    client.force_login(users["worker"])
    client.get(reverse("requests:detail", args=[request.pk]))
    client.force_login(users["legal"])
    page = client.get(reverse("requests:audit")).content.decode()
    assert f"disclosure request {request.reference}" in page
    assert '<td title="view">Viewed</td>' in page
    looked = client.get(reverse("requests:client_detail", args=[request.client_id]))
    assert looked.status_code == 404  # Legal Affairs does not see the client page
    client.force_login(users["worker"])
    page = client.get(reverse("requests:client_detail", args=[request.client_id])).content.decode()
    assert f"Viewed disclosure request {request.reference}" in page
    assert "(Requester in doubt)" in page  # the escalation's reasons, in words


def test_the_accounting_csv_names_media_in_words(client, world):
    users, ids = world.users, world.args
    client.force_login(users["worker"])
    csv_text = client.get(
        reverse("requests:accounting_csv", args=ids["requests:accounting_csv"])
    ).content.decode()
    assert ",Verbal,Email," in csv_text
