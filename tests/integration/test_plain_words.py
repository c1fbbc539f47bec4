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
from tests.visible_codes import codes_in_text, visible_codes

pytestmark = pytest.mark.django_db

#: The access matrix's world: the same people, case, requests, releases and reports.
world = access_matrix.world

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


def _codes_on(response, *, skip_details: bool) -> list:
    kind = response.get("Content-Type", "")
    if kind.startswith("text/html"):
        return visible_codes(response.content.decode(), skip_details=skip_details)
    if kind.startswith("application/pdf"):
        content = b"".join(response.streaming_content) if response.streaming else response.content
        reader = PdfReader(io.BytesIO(content))
        return codes_in_text(" ".join(page.extract_text() for page in reader.pages))
    return []  # a CSV keeps its codes in columns of their own


def test_no_page_shows_a_code(client, world):
    """Every page a user may open, as every kind of user: no code in what they read."""
    users, ids = world
    request = DisclosureRequest.objects.get(pk=ids["requests:detail"][0])
    _third_party_request(users["worker"], request.case)
    role_grant_file(
        requested_by=users["sysadmin"],
        draft=RoleGrantRequest(
            user=users["stranger"], kind="add_duty", value="legal_affairs", reason="x"
        ),
    )
    found = []
    for name, answers in {**access_matrix.MATRIX, **access_matrix.ADMIN_MATRIX}.items():
        url = reverse(name, args=ids.get(name, []))
        for column, answer in zip(access_matrix.COLUMNS, answers, strict=True):
            if answer != 200 or column == "anon":
                continue
            client.force_login(users[column])
            response = client.get(url)
            assert response.status_code == 200, (name, column)
            codes = _codes_on(response, skip_details=column in LEGAL_AFFAIRS)
            found += [f"{name} as {column}: {code}" for code in codes]
    assert found == []
