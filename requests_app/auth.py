"""Loading the signed-in user once per request, with their standing (disclosure role and duty
groups) in the same query: every page needs both, for its permission checks and navigation."""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef, Subquery

from requests_app.models import StaffProfile
from requests_app.roles import remember_standing


class PortalBackend(ModelBackend):
    """Django's model backend; `get_user` also reads the user's standing (one query, not three)."""

    def get_user(self, user_id: Any) -> Any:
        user_model = get_user_model()
        user = (
            user_model._default_manager.annotate(
                standing_role=Subquery(
                    StaffProfile.objects.filter(user=OuterRef("pk")).values("disclosure_role")[:1]
                ),
                standing_duties=ArraySubquery(
                    Group.objects.filter(user=OuterRef("pk")).values("name")
                ),
            )
            .filter(pk=user_id)
            .first()
        )
        if user is None or not self.user_can_authenticate(user):
            return None
        remember_standing(user, role=user.standing_role, duties=user.standing_duties)
        return user
