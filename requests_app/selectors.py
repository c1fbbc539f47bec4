"""Reads of casework, always scoped to the user asking (django-guardian object permissions)."""

import datetime

from django.contrib.auth.models import AbstractUser
from django.db.models import Exists, Model, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from requests_app.choices import Outcome
from requests_app.models import (
    AccessEvent,
    Case,
    CaseAssignment,
    CaseMembership,
    CaseUserObjectPermission,
    Client,
    ClientRelation,
    ClientUserObjectPermission,
    Disclosure,
    DisclosureRequest,
    Notification,
    PolicyDecision,
    RedactionNote,
    RequestEvent,
    Review,
)
from requests_app.roles import standing_of
from requests_app.services import VIEW_CASE, VIEW_CLIENT


def _granted(user: AbstractUser, grants: type[Model], perm: str) -> QuerySet:
    """Ids of the objects on which `grants` (a direct-foreign-key guardian table) gives the user
    `perm` ("app_label.codename")."""
    codename = perm.split(".", 1)[1]
    return grants.objects.filter(user=user, permission__codename=codename).values(
        "content_object_id"
    )


# The access granted by access_sync lives only in the two direct-foreign-key tables, so these read
# them directly: what guardian's get_objects_for_user gives (it also looks for group grants,
# which the portal never makes), in a query PostgreSQL plans in a fraction of the time.
def cases_for_user(*, user: AbstractUser) -> QuerySet[Case]:
    """Cases the user may see: their own and, for a supervisor, their supervisees'."""
    if user.is_superuser:
        return Case.objects.all()
    return Case.objects.filter(pk__in=_granted(user, CaseUserObjectPermission, VIEW_CASE))


def clients_for_user(*, user: AbstractUser) -> QuerySet[Client]:
    """Clients in the cases the user may see."""
    if user.is_superuser:
        return Client.objects.all()
    return Client.objects.filter(pk__in=_granted(user, ClientUserObjectPermission, VIEW_CLIENT))


def _relations_prefetch() -> Prefetch:
    """A client's relations of record (pages show if and when one was verified, not by whom)."""
    return Prefetch("relations", queryset=ClientRelation.objects.filter(ended_on__isnull=True))


def caseload(*, user: AbstractUser, today: datetime.date) -> QuerySet[CaseAssignment]:
    """The user's active assignments, each with its case, clients and their relations.

    Unevaluated, to be paged: a page of it costs three queries whatever the caseload's size.
    """
    members = CaseMembership.objects.select_related("client").prefetch_related(
        Prefetch("client__relations", queryset=_relations_prefetch().queryset)
    )
    return (
        CaseAssignment.objects.filter(CaseAssignment.active_on_q(today), staff=user)
        .select_related("case")
        .prefetch_related(Prefetch("case__memberships", queryset=members))
        .order_by("case__case_number", "pk")
    )


def supervisee_caseloads(*, user: AbstractUser, today: datetime.date) -> QuerySet[CaseAssignment]:
    """Active assignments of the user's supervisees, for a supervisor's home page (to be paged)."""
    return (
        CaseAssignment.objects.filter(
            CaseAssignment.active_on_q(today), staff__staff_profile__supervisor=user
        )
        .select_related("case", "staff")
        .order_by("staff__last_name", "staff__first_name", "case__case_number", "pk")
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


def caseload_clients(
    *, user: AbstractUser, today: datetime.date, search: str = ""
) -> QuerySet[Client]:
    """Clients of the cases on the user's own active caseload (not their supervisees'),
    optionally matching a name or client number."""
    active = CaseAssignment.objects.filter(CaseAssignment.active_on_q(today), staff=user)
    queryset = Client.objects.filter(
        pk__in=CaseMembership.objects.filter(case__assignments__in=active).values("client_id")
    )
    term = search.strip()
    if term:
        queryset = queryset.filter(
            Q(client_number__iexact=term)
            | Q(last_name__icontains=term)
            | Q(first_name__icontains=term)
        )
    return queryset.order_by("last_name", "first_name", "client_number")


def caseload_cases_of_client(
    *, user: AbstractUser, client: Client, today: datetime.date
) -> QuerySet[Case]:
    """The client's cases that are on the user's own active caseload."""
    return (
        Case.objects.filter(
            memberships__client=client,
            assignments__in=CaseAssignment.objects.filter(
                CaseAssignment.active_on_q(today), staff=user
            ),
        )
        .distinct()
        .order_by("case_number")
    )


def requests_for_user(*, user: AbstractUser) -> QuerySet[DisclosureRequest]:
    """Requests the user may open: their own, their supervisees', and for Legal Affairs
    reviewers every request the rules escalated."""
    visible = Q(requester=user) | Q(requester__staff_profile__supervisor=user)
    if standing_of(user).is_reviewer:
        escalated = PolicyDecision.objects.filter(request=OuterRef("pk"), outcome=Outcome.ESCALATED)
        visible |= Q(Exists(escalated))
    return DisclosureRequest.objects.filter(visible)


#: What a row of "My requests" shows (reference, date, client, recipient, status).
MY_REQUESTS_COLUMNS = (
    "submitted_at",
    "status",
    "recipient_kind",
    "recipient_name",
    "recipient_organization",
    "client__first_name",
    "client__last_name",
    "client__client_number",
    "recipient_relation__full_name",
    "recipient_relation__kind",
    "recipient_staff__first_name",
    "recipient_staff__last_name",
    "recipient_staff__username",
)


def my_requests(
    *, user: AbstractUser, status: str | None = None, search: str = ""
) -> QuerySet[DisclosureRequest]:
    """The user's own requests, newest first, for the "My requests" list (one query a page).

    Only the columns a row shows are read: a busy worker has thousands of requests, and every
    page of them costs building 25 full requests and their relations otherwise."""
    queryset = (
        DisclosureRequest.objects.filter(requester=user)
        .select_related("client", "recipient_relation", "recipient_staff")
        .only(*MY_REQUESTS_COLUMNS)
    )
    if status:
        queryset = queryset.filter(status=status)
    if search:
        term = search.strip()
        reference = term.upper().removeprefix("DR-")
        match = (
            Q(client__client_number__iexact=term)
            | Q(client__last_name__icontains=term)
            | Q(client__first_name__icontains=term)
            | Q(case__case_number__iexact=term)
            | Q(recipient_name__icontains=term)
        )
        if reference.isdigit():
            match |= Q(pk=int(reference))
        queryset = queryset.filter(match)
    return queryset.order_by("-submitted_at", "-pk")


def request_for_user(*, user: AbstractUser, pk: int) -> DisclosureRequest:
    """One request with everything its page shows; 404 when the user may not open it."""
    from requests_app.adapters import REQUEST_RELATED

    queryset = (
        requests_for_user(user=user)
        .select_related(*REQUEST_RELATED)
        .prefetch_related(
            Prefetch("events", queryset=RequestEvent.objects.select_related("actor")),
            # The page shows a decision's outcome, reasons and citation, not its stored facts.
            Prefetch(
                "decisions",
                queryset=PolicyDecision.objects.defer("facts").order_by("-decided_at", "-pk"),
            ),
            Prefetch(
                "reviews",
                queryset=Review.objects.select_related("assignee", "decided_by").order_by(
                    "-opened_at"
                ),
            ),
        )
    )
    return get_object_or_404(queryset, pk=pk)


def client_for_accounting(*, user: AbstractUser, pk: int) -> Client:
    """A client whose accounting of disclosures the user may read: staff who may see the client,
    and Legal Affairs reviewers for any client."""
    queryset = (
        Client.objects.all() if standing_of(user).is_reviewer else clients_for_user(user=user)
    )
    return get_object_or_404(queryset, pk=pk)


def disclosures_of_client(*, client: Client) -> QuerySet[Disclosure]:
    """The client's accounting of disclosures, with who recorded each (the exports)."""
    return Disclosure.objects.filter(client=client).select_related("request", "recorded_by")


def accounting_page_rows(*, client: Client) -> QuerySet[Disclosure]:
    """The accounting as its page shows it: the disclosures' own columns, no joins (a row shows
    its request's reference, which the request's id gives)."""
    return Disclosure.objects.filter(client=client)


def notifications_for_user(*, user: AbstractUser) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user)


def staff_directory() -> QuerySet:
    """Active DCF staff, for choosing a staff recipient."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(is_active=True, staff_profile__isnull=False)
    return users.select_related("staff_profile__unit").order_by("last_name", "first_name")


def redaction_notes_for_request(*, request: DisclosureRequest) -> list[RedactionNote]:
    """The redaction notes of the request's latest decided review (read from the request's
    reviews as loaded: `request_for_user` prefetches them, so a request never reviewed costs no
    query here)."""
    decided = [review for review in request.reviews.all() if review.decided_at is not None]
    if not decided:
        return []
    latest = max(decided, key=lambda review: review.decided_at)
    return list(latest.redaction_notes.all())


def access_events(
    *,
    user: AbstractUser,
    client_number: str = "",
    username: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AccessEvent]:
    """The audit trail, for Legal Affairs and the Agency Legal Director only."""
    if not standing_of(user).reads_audit:
        return AccessEvent.objects.none()
    queryset = AccessEvent.objects.select_related("user", "client")
    if client_number:
        queryset = queryset.filter(client__client_number__iexact=client_number.strip())
    if username:
        queryset = queryset.filter(user__username__iexact=username.strip())
    if date_from:
        queryset = queryset.filter(at__date__gte=date_from)
    if date_to:
        queryset = queryset.filter(at__date__lte=date_to)
    return queryset.order_by("-at", "-id")


def who_looked_at(*, client: Client, limit: int = 20) -> list[AccessEvent]:
    """The latest access events about a client, for the client's page."""
    return list(
        AccessEvent.objects.filter(client=client).select_related("user").order_by("-id")[:limit]
    )
