"""Reads for managing accounts and rights: the groups a system administrator may grant by
itself, the privileged ones an account holds, and the role-grant requests."""

from django.contrib.auth.models import Group, User
from django.db.models import Case, IntegerField, QuerySet, Value, When

from requests_app.choices import GrantStatus
from requests_app.models import RoleGrantRequest
from requests_app.permissions import privileged_groups


def grantable_groups() -> QuerySet[Group]:
    """Groups a system administrator adds people to or removes them from by itself: none that
    opens client information or the admin (`permissions.privileged_groups`)."""
    return Group.objects.exclude(pk__in=privileged_groups().values("pk")).order_by("name")


def privileged_groups_held(*, user: User) -> QuerySet[Group]:
    """The privileged groups `user` holds (changed only by a role-grant request or a
    superuser)."""
    return user.groups.filter(pk__in=privileged_groups().values("pk")).order_by("name")


def role_grants_listed() -> QuerySet[RoleGrantRequest]:
    """Every role-grant request, those waiting for a decision first, newest first."""
    waiting = Case(
        When(status=GrantStatus.PENDING, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return RoleGrantRequest.objects.select_related("user", "requested_by", "decided_by").order_by(
        waiting, "-created_at", "-id"
    )
