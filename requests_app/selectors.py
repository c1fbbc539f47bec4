"""Reads of casework, always scoped to the user asking (django-guardian object permissions)."""

import datetime

from django.contrib.auth.models import AbstractUser
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from guardian.shortcuts import get_objects_for_user

from requests_app.choices import Outcome
from requests_app.models import (
    Case,
    CaseAssignment,
    CaseMembership,
    Client,
    ClientRelation,
    DisclosureRequest,
    PolicyDecision,
)
from requests_app.roles import standing_of
from requests_app.services import VIEW_CASE, VIEW_CLIENT


def cases_for_user(*, user: AbstractUser) -> QuerySet[Case]:
    """Cases the user may see: their own and, for a supervisor, their supervisees'."""
    return get_objects_for_user(user, VIEW_CASE, klass=Case, accept_global_perms=False)


def clients_for_user(*, user: AbstractUser) -> QuerySet[Client]:
    """Clients in the cases the user may see."""
    return get_objects_for_user(user, VIEW_CLIENT, klass=Client, accept_global_perms=False)


def _relations_prefetch() -> Prefetch:
    return Prefetch(
        "relations",
        queryset=ClientRelation.objects.filter(ended_on__isnull=True).select_related("verified_by"),
    )


def caseload(*, user: AbstractUser, today: datetime.date) -> list[CaseAssignment]:
    """The user's active assignments, each with its case, clients and their relations.

    Costs three queries whatever the caseload's size.
    """
    members = CaseMembership.objects.select_related("client").prefetch_related(
        Prefetch("client__relations", queryset=_relations_prefetch().queryset)
    )
    return list(
        CaseAssignment.objects.filter(CaseAssignment.active_on_q(today), staff=user)
        .select_related("case")
        .prefetch_related(Prefetch("case__memberships", queryset=members))
        .order_by("case__case_number")
    )


def supervisee_caseloads(*, user: AbstractUser, today: datetime.date) -> list[CaseAssignment]:
    """Active assignments of the user's supervisees, for a supervisor's home page."""
    return list(
        CaseAssignment.objects.filter(
            CaseAssignment.active_on_q(today), staff__staff_profile__supervisor=user
        )
        .select_related("case", "staff")
        .order_by("staff__last_name", "case__case_number")
    )


def client_for_user(*, user: AbstractUser, pk: int) -> Client:
    """One client the user may see, with relations and cases; 404 for any other."""
    queryset = clients_for_user(user=user).prefetch_related(_relations_prefetch(), "cases")
    return get_object_or_404(queryset, pk=pk)


def case_for_user(*, user: AbstractUser, pk: int) -> Case:
    """One case the user may see, with its clients and assignments; 404 for any other."""
    queryset = cases_for_user(user=user).prefetch_related(
        Prefetch("memberships", queryset=CaseMembership.objects.select_related("client")),
        Prefetch("assignments", queryset=CaseAssignment.objects.select_related("staff")),
    )
    return get_object_or_404(queryset, pk=pk)


def requests_for_reviewer(*, user: AbstractUser) -> QuerySet[DisclosureRequest]:
    """Requests Legal Affairs reviewers may open: those the engine escalated at least once."""
    if not standing_of(user).is_reviewer:
        return DisclosureRequest.objects.none()
    escalated = PolicyDecision.objects.filter(request=OuterRef("pk"), outcome=Outcome.ESCALATED)
    return DisclosureRequest.objects.filter(Exists(escalated))


def latest_decision(*, request: DisclosureRequest) -> PolicyDecision | None:
    return request.decisions.order_by("-decided_at", "-pk").first()
