"""The authentication backend reads the signed-in user and their standing in one query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from requests_app.permissions import standing_of
from requests_app.web.auth import PortalBackend
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_user_comes_with_their_role_and_duties_in_one_query():
    member = StaffFactory(
        disclosure_role="other_dcf_staff", user__duties=["legal_affairs", "supervisor"]
    )
    with CaptureQueriesContext(connection) as queries:
        user = PortalBackend().get_user(member.user.pk)
        standing = standing_of(user)
    assert len(queries) == 1
    assert user == member.user and user.username == member.user.username
    assert standing.disclosure_role == "other_dcf_staff"
    assert standing.duties == {"legal_affairs", "supervisor"}
    assert standing.supervises_legal_affairs


def test_a_user_without_a_profile_or_groups_has_no_standing():
    user = PortalBackend().get_user(UserFactory().pk)
    standing = standing_of(user)
    assert standing.disclosure_role is None and standing.duties == frozenset()
    assert not standing.is_staff_member


def test_unknown_inactive_and_malformed_ids_give_no_user():
    inactive = StaffFactory(user__is_active=False).user
    backend = PortalBackend()
    assert backend.get_user(inactive.pk) is None
    assert backend.get_user(10**9) is None
    assert backend.get_user("not a number") is None
