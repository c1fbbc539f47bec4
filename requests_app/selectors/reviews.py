"""Reads for Legal Affairs: the review queue, one review with everything its page shows, and the
dashboard's figures. Every function is scoped to reviewers."""

import datetime
from dataclasses import dataclass
from typing import cast

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import TruncWeek
from django.shortcuts import get_object_or_404

from forms_app.models import ReleaseAuthorization
from requests_app import policy
from requests_app.business_days import add_business_days, agency_closures
from requests_app.choices import AuthorityBasis, DutyGroup, ReviewResolution
from requests_app.dates import duration_in_words
from requests_app.models import (
    Authority,
    Disclosure,
    DisclosureRequest,
    RedactionNote,
    RequestEvent,
    Review,
    WorkUnit,
)
from requests_app.models.authority import CITED_RELATED, UNSTRUCTURED_AUTHORITY
from requests_app.people import name_from
from requests_app.permissions import standing_of


def due_soon_until(today: datetime.date) -> datetime.date:
    """Reviews due on or before this day (and not overdue) are "due soon"."""
    return add_business_days(today, settings.REVIEW_DUE_SOON_BUSINESS_DAYS, agency_closures())


@dataclass(frozen=True)
class QueueFilters:
    reason: str = ""
    unit: int | None = None
    requester: int | None = None
    assignee: str = ""  # "", "me", "unassigned" or a user id
    status: str = "open"  # open, unassigned, claimed, decided, all
    overdue: bool = False
    due_soon: bool = False  # with `overdue`, reviews that are either
    search: str = ""


def work_units() -> QuerySet[WorkUnit]:
    """Every work unit (the queue's unit filter)."""
    return WorkUnit.objects.all()


def reviewer_choices() -> list[tuple[str, str]]:
    """(id, name) of every active reviewer, for the queue's assignee filter (one query)."""
    return [
        (str(pk), name_from(first, last, username))
        for pk, first, last, username in reviewers().values_list(
            "pk", "first_name", "last_name", "username"
        )
    ]


def reviewers() -> QuerySet:
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__name__in=[DutyGroup.LEGAL_AFFAIRS, DutyGroup.ASSISTANT_ATTORNEY_GENERAL],
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


#: What a queue row shows, read as values: a page of rows is 25 small records rather than 200
#: model objects (a review with its request, client, requester, profile, unit, decision, assignee).
QUEUE_VALUES = (
    "pk",
    "request_id",
    "due_on",
    "decided_at",
    "resolution",
    "request__client_id",
    "request__client__client_number",
    "request__requester_id",
    "request__requester__first_name",
    "request__requester__last_name",
    "request__requester__username",
    "request__requester__staff_profile__unit__name",
    "assignee_id",
    "assignee__first_name",
    "assignee__last_name",
    "assignee__username",
    "decision__reason_codes",
)


@dataclass(frozen=True)
class QueueRow:
    """One row of the review queue."""

    pk: int
    reference: str
    due_on: datetime.date
    decided_at: datetime.datetime | None
    resolution_label: str
    client_id: int
    client_number: str
    requester_id: int
    requester_name: str
    requester_unit: str
    #: The engine's reasons for escalating, as (code, label): the label is shown, the code is
    #: its tooltip and the queue's filter value.
    reasons: list[tuple[str, str]]
    assignee_name: str  # "" while unassigned

    @classmethod
    def from_values(cls, v: dict) -> "QueueRow":
        return cls(
            pk=v["pk"],
            reference=DisclosureRequest.reference_for(v["request_id"]),
            due_on=v["due_on"],
            decided_at=v["decided_at"],
            resolution_label=ReviewResolution(v["resolution"]).label if v["resolution"] else "",
            client_id=v["request__client_id"],
            client_number=v["request__client__client_number"],
            requester_id=v["request__requester_id"],
            requester_name=name_from(
                v["request__requester__first_name"],
                v["request__requester__last_name"],
                v["request__requester__username"],
            ),
            requester_unit=v["request__requester__staff_profile__unit__name"] or "",
            reasons=[
                (code, policy.reason_label(code)) for code in v["decision__reason_codes"] or []
            ],
            assignee_name=(
                name_from(
                    v["assignee__first_name"], v["assignee__last_name"], v["assignee__username"]
                )
                if v["assignee_id"]
                else ""
            ),
        )


def open_reviews() -> QuerySet[Review]:
    """Reviews not yet decided (what a Legal Affairs supervisor may assign)."""
    return Review.objects.filter(decided_at__isnull=True)


#: The queue's status filter: which reviews each status shows.
STATUS_FILTERS = {
    "open": Q(decided_at__isnull=True),
    "unassigned": Q(decided_at__isnull=True, assignee__isnull=True),
    "claimed": Q(decided_at__isnull=True, assignee__isnull=False),
    "decided": Q(decided_at__isnull=False),
    "all": Q(),
}


def overdue_q(today: datetime.date) -> Q:
    """Q for open reviews due before today."""
    return Q(decided_at__isnull=True, due_on__lt=today)


def due_soon_q(today: datetime.date) -> Q:
    """Q for open reviews due soon, as a queue row's tag says: from today to `due_soon_until`."""
    return Q(decided_at__isnull=True, due_on__gte=today, due_on__lte=due_soon_until(today))


def review_queue(*, user: User, filters: QueueFilters, today: datetime.date) -> QuerySet[Review]:
    """Reviews, oldest due first (`queue_rows` reads what each row shows, in one query: not the
    stored facts and reasons of each decision, nor the request's free text)."""
    if not standing_of(user).is_reviewer:
        return Review.objects.none()
    queryset = Review.objects.all()
    queryset = queryset.filter(STATUS_FILTERS.get(filters.status, STATUS_FILTERS["open"]))
    if filters.reason:
        queryset = queryset.filter(decision__reason_codes__contains=[filters.reason])
    if filters.unit:
        queryset = queryset.filter(request__requester__staff_profile__unit_id=filters.unit)
    if filters.requester:
        queryset = queryset.filter(request__requester_id=filters.requester)
    if filters.assignee == "me":
        queryset = queryset.filter(assignee=user)
    elif filters.assignee == "unassigned":
        queryset = queryset.filter(assignee__isnull=True)
    elif filters.assignee.isdigit():
        queryset = queryset.filter(assignee_id=int(filters.assignee))
    if filters.overdue or filters.due_soon:
        queryset = queryset.filter(_due_q(filters, today))
    term = filters.search.strip()
    if term:
        reference = term.upper().removeprefix("DR-")
        match = Q(request__client__client_number__iexact=term) | Q(
            request__client__last_name__icontains=term
        )
        if reference.isdigit():
            match |= Q(request_id=int(reference))
        queryset = queryset.filter(match)
    return queryset.order_by("due_on", "opened_at", "pk")


def _due_q(filters: QueueFilters, today: datetime.date) -> Q:
    """Open reviews overdue, due soon, or either when both filters are ticked."""
    due = Q()
    if filters.overdue:
        due |= overdue_q(today)
    if filters.due_soon:
        due |= due_soon_q(today)
    return due


def queue_rows(reviews: QuerySet[Review]) -> QuerySet:
    """The values each row of the queue shows (`QueueRow.from_values` turns one into a row)."""
    return reviews.values(*QUEUE_VALUES)


#: Rows of "My claimed reviews" on a reviewer's home page.
HOME_ROWS = 10


@dataclass(frozen=True)
class ReviewsHome:
    """A reviewer's home page: the queue's open, unassigned, due-soon and overdue reviews
    counted (each a filter of the queue), and the reviews they claimed, soonest due first."""

    open: int
    unassigned: int
    due_soon: int
    overdue: int
    claimed: int
    claimed_rows: list[QueueRow]


def reviews_home(*, user: User, today: datetime.date) -> ReviewsHome | None:
    """For Legal Affairs reviewers (None for anyone else), in two queries whatever the queue's
    size; each count is what the queue shows with the matching filter."""
    if not standing_of(user).is_reviewer:
        return None
    # Every count is of open reviews: read only those (the queue's partial index on them).
    counts = open_reviews().aggregate(
        open=Count("pk", filter=STATUS_FILTERS["open"]),
        unassigned=Count("pk", filter=STATUS_FILTERS["unassigned"]),
        due_soon=Count("pk", filter=due_soon_q(today)),
        overdue=Count("pk", filter=overdue_q(today)),
        claimed=Count("pk", filter=STATUS_FILTERS["claimed"] & Q(assignee=user)),
    )
    mine = review_queue(
        user=user, filters=QueueFilters(status="claimed", assignee="me"), today=today
    )
    rows = [QueueRow.from_values(v) for v in queue_rows(mine[:HOME_ROWS])]
    return ReviewsHome(**counts, claimed_rows=rows)


def review_for_reviewer(*, user: User, pk: int) -> Review:
    """One review with its request, decision, notes, timeline and the client's relations and
    releases; 404 for non-reviewers."""
    if not standing_of(user).is_reviewer:
        return get_object_or_404(Review.objects.none(), pk=pk)
    queryset = Review.objects.select_related(
        "request__client",
        "request__case",
        "request__requester__staff_profile__unit",
        "request__recipient_relation",
        "request__recipient_staff",
        "request__release",
        "assignee",
        "decided_by",
        "decision",
        *CITED_RELATED,
    ).prefetch_related(
        Prefetch("redaction_notes", queryset=RedactionNote.objects.select_related("created_by")),
        Prefetch("request__events", queryset=RequestEvent.objects.select_related("actor")),
        "request__client__relations",
        "request__client__releases",
    )
    return get_object_or_404(queryset, pk=pk)


def releases_to_cite(*, review: Review) -> QuerySet[ReleaseAuthorization]:
    """The client's DCF-2131F releases, newest in effect first: an approval may cite a current
    one (the decision form's choices; the service checks it is current)."""
    return ReleaseAuthorization.objects.filter(
        client_id=review.request.client_id, form=policy.ReleaseForm.DCF_2131F.value
    ).order_by("-effective_on", "number")


def authorities_offered() -> QuerySet[Authority]:
    """The active authorities of the table, as Legal Affairs keeps it (the form's choices)."""
    return Authority.objects.filter(active=True).order_by("kind", "label")


@dataclass(frozen=True)
class RecordedAuthority:
    """The authority a request went out (or may go out) under, as recorded: `heading` says by
    whom, `words` are the accounting's (or the approval's)."""

    heading: str
    words: str


def recorded_authority(*, request: DisclosureRequest) -> RecordedAuthority | None:
    """The request's accounting entry's authority, else its latest approval's, else None (the
    simulator's replay shows it beside the engine's decisions)."""
    disclosure = Disclosure.objects.filter(request=request).first()
    if disclosure is not None:
        return RecordedAuthority("Disclosed under", disclosure.authority)
    review = (
        Review.objects.filter(request=request, decided_at__isnull=False)
        .exclude(authority_basis="")
        .select_related(*CITED_RELATED)
        .order_by("-decided_at")
        .first()
    )
    if review is None:
        return None
    return RecordedAuthority(
        "Approved by the Office of Legal Affairs under", review.authority_in_words
    )


def redaction_note_of_review(*, review: Review, pk: int) -> RedactionNote:
    """One redaction note of the review; 404 for any other."""
    return get_object_or_404(review.redaction_notes.all(), pk=pk)


def earlier_disclosures(*, review: Review, limit: int = 20) -> list[Disclosure]:
    return list(
        Disclosure.objects.filter(client_id=review.request.client_id)
        .select_related("request")
        .order_by("-disclosed_on")[:limit]
    )


def reminders_for(*, today: datetime.date) -> tuple[dict[int, list[Review]], list[Review]]:
    """Open reviews due soon or overdue, grouped by assignee; and the unassigned ones."""
    horizon = due_soon_until(today)
    open_reviews = (
        Review.objects.filter(decided_at__isnull=True)
        .select_related("request", "assignee")
        .order_by("due_on", "pk")
    )
    by_assignee: dict[int, list[Review]] = {}
    for review in open_reviews.filter(assignee__isnull=False, due_on__lte=horizon):
        assignee_id = cast(int, review.assignee_id)  # the filter keeps assigned reviews only
        by_assignee.setdefault(assignee_id, []).append(review)
    return by_assignee, list(open_reviews.filter(assignee__isnull=True))


@dataclass(frozen=True)
class Dashboard:
    open: int
    unassigned: int
    overdue: int
    aging: list[tuple[str, int]]
    weekly: list[tuple[datetime.date, dict[str, int]]]
    #: The median time from a review's opening to its decision, over the decisions of the
    #: period (None: no decision in it).
    median_seconds: float | None
    by_authority: list[tuple[str, int]]

    @property
    def median_in_words(self) -> str:
        """The median for the page: "12 min", "3.5 h", "2.1 days" or "no decisions yet"."""
        if self.median_seconds is None:
            return "no decisions yet"
        return duration_in_words(self.median_seconds)


AGING_BUCKETS = [
    ("0 to 2 days", 0, 2),
    ("3 to 5 days", 3, 5),
    ("6 to 10 days", 6, 10),
    ("over 10 days", 11, None),
]


def dashboard(*, today: datetime.date, weeks: int = 8) -> Dashboard:
    """The Legal Affairs dashboard's figures, in a handful of aggregate queries."""
    now_open = Review.objects.filter(decided_at__isnull=True)
    counts = now_open.aggregate(
        open=Count("pk"),
        unassigned=Count("pk", filter=Q(assignee__isnull=True)),
        overdue=Count("pk", filter=Q(due_on__lt=today)),
    )
    aging = []
    for label, low, high in AGING_BUCKETS:
        newest = today - datetime.timedelta(days=low)
        bucket = now_open.filter(opened_at__date__lte=newest)
        if high is not None:
            bucket = bucket.filter(opened_at__date__gte=today - datetime.timedelta(days=high))
        aging.append((label, bucket.count()))
    since = today - datetime.timedelta(weeks=weeks)
    rows = (
        Review.objects.filter(decided_at__date__gte=since)
        .annotate(week=TruncWeek("decided_at"))
        .values("week", "resolution")
        .annotate(n=Count("pk"))
    )
    weekly: dict[datetime.date, dict[str, int]] = {}
    for row in rows:
        week = row["week"].date()
        weekly.setdefault(week, {r: 0 for r in ReviewResolution.values})[row["resolution"]] = row[
            "n"
        ]
    median = _median_seconds_to_decision(since)
    return Dashboard(
        open=counts["open"],
        unassigned=counts["unassigned"],
        overdue=counts["overdue"],
        aging=aging,
        weekly=sorted(weekly.items()),
        median_seconds=median,
        by_authority=disclosures_by_authority(since=since),
    )


def authority_group(basis: str, rule: str, statute: str | None, citation: str | None) -> str:
    """The dashboard's name of an authority: a list rule or a statute by name, the other bases
    by kind."""
    if basis == AuthorityBasis.RULE:
        return f"31-8-5 rule: {policy.rule_label(rule)}"
    if basis == AuthorityBasis.STATUTE and statute:
        return f"{statute} ({citation})"
    if basis in AuthorityBasis.values:
        return AuthorityBasis(basis).label
    return UNSTRUCTURED_AUTHORITY


def disclosures_by_authority(*, since: datetime.date) -> list[tuple[str, int]]:
    """Disclosures made since `since`, counted by their authority, most first (one query)."""
    rows = (
        Disclosure.objects.filter(disclosed_on__gte=since)
        .values(
            "authority_basis",
            "authority_rule",
            "authority_statute__label",
            "authority_statute__citation",
        )
        .annotate(n=Count("pk"))
    )
    counts: dict[str, int] = {}
    for row in rows:
        group = authority_group(
            row["authority_basis"],
            row["authority_rule"],
            row["authority_statute__label"],
            row["authority_statute__citation"],
        )
        counts[group] = counts.get(group, 0) + row["n"]
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _median_seconds_to_decision(since: datetime.date) -> float | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT percentile_cont(0.5) WITHIN GROUP "
            "(ORDER BY EXTRACT(EPOCH FROM decided_at - opened_at)) "
            "FROM requests_app_review WHERE decided_at IS NOT NULL AND decided_at::date >= %s",
            [since],
        )
        (seconds,) = cursor.fetchone()
    return None if seconds is None else float(seconds)
