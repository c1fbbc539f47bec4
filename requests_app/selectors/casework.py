"""Reads of casework: cases, clients, caseloads, relations and staff, always scoped to the user
asking (django-guardian's grant tables, `permissions.granted_*`)."""

import datetime
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import BooleanField, Count, ExpressionWrapper, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from forms_app.models import ReleaseAuthorization
from requests_app.choices import DutyGroup
from requests_app.models import (
    Case,
    CaseAssignment,
    CaseMembership,
    Client,
    ClientRelation,
)
from requests_app.permissions import granted_case_ids, granted_client_ids


def cases_for_user(*, user: User) -> QuerySet[Case]:
    """Cases the user may see: their own and, for a supervisor, their supervisees'."""
    if user.is_superuser:
        return Case.objects.all()
    return Case.objects.filter(pk__in=granted_case_ids(user))


def clients_for_user(*, user: User) -> QuerySet[Client]:
    """Clients in the cases the user may see."""
    if user.is_superuser:
        return Client.objects.all()
    return Client.objects.filter(pk__in=granted_client_ids(user))


def _relations_prefetch() -> Prefetch:
    """A client's relations of record (pages show if and when one was verified, not by whom)."""
    return Prefetch("relations", queryset=ClientRelation.objects.filter(ended_on__isnull=True))


def _case_open(today: datetime.date) -> ExpressionWrapper:
    """An assignment's annotation: whether its case is open today."""
    return ExpressionWrapper(Case.open_on_q(today, prefix="case__"), output_field=BooleanField())


def _active_assignments(*, user: User, today: datetime.date) -> QuerySet[CaseAssignment]:
    return CaseAssignment.objects.filter(CaseAssignment.active_on_q(today), staff=user)


def caseload(*, user: User, today: datetime.date) -> QuerySet[CaseAssignment]:
    """The user's active assignments, each with its case (`case_open`: whether it is open
    today), clients and their relations; the open cases first. An assignment can outlive its
    case's closing until the case-management system ends it: the case is listed, not open.

    Unevaluated, to be paged: a page of it costs three queries whatever the caseload's size.
    """
    members = CaseMembership.objects.select_related("client").prefetch_related(
        Prefetch("client__relations", queryset=_relations_prefetch().queryset)
    )
    return (
        _active_assignments(user=user, today=today)
        .select_related("case")
        .prefetch_related(Prefetch("case__memberships", queryset=members))
        .annotate(case_open=_case_open(today))
        .order_by("-case_open", "case__case_number", "pk")
    )


class CaseloadCounts(NamedTuple):
    """How many cases of a caseload are open today, and how many are not (closed, or not yet
    opened) though still assigned."""

    open: int
    not_open: int


def caseload_counts(*, user: User, today: datetime.date) -> CaseloadCounts:
    """The counts of the user's caseload (`caseload`), in one query."""
    is_open = Case.open_on_q(today, prefix="case__")
    counts = _active_assignments(user=user, today=today).aggregate(
        open=Count("pk", filter=is_open), not_open=Count("pk", filter=~is_open)
    )
    return CaseloadCounts(open=counts["open"], not_open=counts["not_open"])


def supervisee_caseloads(*, user: User, today: datetime.date) -> QuerySet[CaseAssignment]:
    """Active assignments of the user's supervisees, for a supervisor's home page (to be paged),
    each marked `case_open` (whether its case is open today)."""
    return (
        CaseAssignment.objects.filter(
            CaseAssignment.active_on_q(today), staff__staff_profile__supervisor=user
        )
        .select_related("case", "staff")
        .annotate(case_open=_case_open(today))
        .order_by("staff__last_name", "staff__first_name", "case__case_number", "pk")
    )


def client_for_user(*, user: User, pk: int) -> Client:
    """One client the user may see, with relations and cases; 404 for any other."""
    queryset = clients_for_user(user=user).prefetch_related(_relations_prefetch(), "cases")
    return get_object_or_404(queryset, pk=pk)


def case_for_user(*, user: User, pk: int) -> Case:
    """One case the user may see, with its clients and assignments; 404 for any other."""
    queryset = cases_for_user(user=user).prefetch_related(
        Prefetch("memberships", queryset=CaseMembership.objects.select_related("client")),
        Prefetch("assignments", queryset=CaseAssignment.objects.select_related("staff")),
    )
    return get_object_or_404(queryset, pk=pk)


def _matching(queryset: QuerySet[Client], search: str) -> QuerySet[Client]:
    """Clients whose client number is `search`, or whose name contains it."""
    term = search.strip()
    if not term:
        return queryset
    return queryset.filter(
        Q(client_number__iexact=term) | Q(last_name__icontains=term) | Q(first_name__icontains=term)
    )


def caseload_clients(*, user: User, today: datetime.date, search: str = "") -> QuerySet[Client]:
    """Clients of the cases on the user's own active caseload (not their supervisees'),
    optionally matching a name or client number."""
    active = CaseAssignment.objects.filter(CaseAssignment.active_on_q(today), staff=user)
    queryset = Client.objects.filter(
        pk__in=CaseMembership.objects.filter(case__assignments__in=active).values("client_id")
    )
    return _matching(queryset, search).order_by("last_name", "first_name", "client_number")


def request_clients(*, user: User, search: str = "") -> QuerySet[Client]:
    """Clients a user may open a disclosure request for: every client they may see (their own
    caseload and, for a supervisor, their supervisees'), optionally matching a search."""
    return _matching(clients_for_user(user=user), search).order_by(
        "last_name", "first_name", "client_number"
    )


def request_client(*, user: User, pk: int) -> Client:
    """One client the user may open a request for (nothing else read: the request form reads
    the relations and releases it offers); 404 for any other."""
    return get_object_or_404(clients_for_user(user=user), pk=pk)


def request_cases_of_client(*, user: User, client: Client) -> QuerySet[Case]:
    """The client's cases the user may see (whether the user works the case that day is the
    engine's question: `not_in_normal_course`)."""
    return (
        cases_for_user(user=user)
        .filter(memberships__client=client)
        .distinct()
        .order_by("case_number")
    )


def relations_of_record(*, client: Client) -> QuerySet[ClientRelation]:
    """The client's relations that have not ended."""
    return client.relations.filter(ended_on__isnull=True)


def staff_directory() -> QuerySet:
    """Active DCF staff, for choosing a staff recipient."""
    users = get_user_model().objects.filter(is_active=True, staff_profile__isnull=False)
    return users.select_related("staff_profile__unit").order_by("last_name", "first_name")


def staff_member(*, username: str) -> User | None:
    """The active staff member with this username, or None."""
    return staff_directory().filter(username=username).first()


def users_with_duty(duty: str) -> QuerySet:
    """Active users holding a duty (the Agency Legal Director, the Commissioner, ...)."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=duty)
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def unit_supervisors(*, unit_id: int | None) -> QuerySet:
    """The active supervisors of a unit."""
    return users_with_duty(DutyGroup.SUPERVISOR).filter(staff_profile__unit_id=unit_id)


def releases_expiring(
    *, user: User, today: datetime.date, within_days: int = 30
) -> list[ReleaseAuthorization]:
    """Signed, unrevoked releases of clients the user may see that expire between today and
    `within_days` from now, soonest first: the worker renews or lets them lapse knowingly."""
    until = today + datetime.timedelta(days=within_days)
    return list(
        ReleaseAuthorization.objects.filter(
            client__in=clients_for_user(user=user),
            signed_on__isnull=False,
            signed_on__lte=today,
            expires_on__gte=today,
            expires_on__lte=until,
        )
        .filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=today))
        .select_related("client")
        .order_by("expires_on", "pk")
    )


def releases_unsigned(*, user: User) -> QuerySet[ReleaseAuthorization]:
    """Releases the user prepared that are not signed yet (drafts, and forms printed for
    signature), of clients they may still see, oldest first."""
    return (
        ReleaseAuthorization.objects.filter(
            prepared_by=user,
            signed_on__isnull=True,
            client__in=clients_for_user(user=user),
        )
        .select_related("client")
        .order_by("created_at", "pk")
    )
