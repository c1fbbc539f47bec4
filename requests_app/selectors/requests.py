"""Reads of disclosure requests, their decisions and reviews, and the accounting of
disclosures, always scoped to the user asking."""

import datetime
from dataclasses import dataclass
from typing import cast

from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from forms_app.models import ReleaseAuthorization
from requests_app.adapters import REQUEST_RELATED
from requests_app.choices import Outcome, RequestStatus, ReviewResolution
from requests_app.models import (
    Client,
    Disclosure,
    DisclosureCorrection,
    DisclosureRequest,
    PolicyDecision,
    RedactionNote,
    RequestEvent,
    Review,
)
from requests_app.models.authority import CITED_RELATED
from requests_app.permissions import standing_of
from requests_app.selectors.casework import clients_for_user


def _escalated() -> Exists:
    """The request was escalated by the engine at least once."""
    return Exists(PolicyDecision.objects.filter(request=OuterRef("pk"), outcome=Outcome.ESCALATED))


def requests_for_reviewer(*, user: User) -> QuerySet[DisclosureRequest]:
    """Requests Legal Affairs reviewers may open: those the engine escalated at least once."""
    if not standing_of(user).is_reviewer:
        return DisclosureRequest.objects.none()
    return DisclosureRequest.objects.filter(_escalated())


def latest_decision(*, request: DisclosureRequest) -> PolicyDecision | None:
    return request.decisions.order_by("-decided_at", "-pk").first()


def requests_for_user(*, user: User) -> QuerySet[DisclosureRequest]:
    """Requests the user may open: their own, their supervisees', and for Legal Affairs
    reviewers every request the rules escalated."""
    visible = Q(requester=user) | Q(requester__staff_profile__supervisor=user)
    if standing_of(user).is_reviewer:
        visible |= Q(_escalated())
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
    *, user: User, status: str | None = None, search: str = ""
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


#: Statuses in which a request waits on its requester: a permitted or approved one to be
#: disclosed and recorded, a returned one to be completed and resubmitted.
AWAITING_REQUESTER = (
    RequestStatus.PERMITTED,
    RequestStatus.APPROVED,
    RequestStatus.APPROVED_WITH_REDACTIONS,
    RequestStatus.RETURNED,
)


def requests_awaiting_requester(*, user: User) -> QuerySet[DisclosureRequest]:
    """The user's own requests waiting on them (`AWAITING_REQUESTER`), longest waiting first,
    with the columns a row of "My requests" shows."""
    return (
        DisclosureRequest.objects.filter(requester=user, status__in=AWAITING_REQUESTER)
        .select_related("client", "recipient_relation", "recipient_staff")
        .only(*MY_REQUESTS_COLUMNS)
        .order_by("submitted_at", "pk")
    )


def request_for_user(*, user: User, pk: int) -> DisclosureRequest:
    """One request with everything its page shows; 404 when the user may not open it."""
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
                queryset=Review.objects.select_related(
                    "assignee", "decided_by", *CITED_RELATED
                ).order_by("-opened_at"),
            ),
        )
    )
    return get_object_or_404(queryset, pk=pk)


def request_for_reviewer(*, user: User, pk: int) -> DisclosureRequest:
    """A request Legal Affairs may open (the simulator's replay); 404 for anyone else."""
    return get_object_or_404(requests_for_reviewer(user=user), pk=pk)


def redaction_notes_for_request(*, request: DisclosureRequest) -> list[RedactionNote]:
    """The redaction notes of the request's latest decided review (read from the request's
    reviews as loaded: `request_for_user` prefetches them, so a request never reviewed costs no
    query here)."""
    decided = [review for review in request.reviews.all() if review.decided_at is not None]
    if not decided:
        return []
    latest = max(decided, key=lambda review: cast(datetime.datetime, review.decided_at))
    return list(latest.redaction_notes.all())


def releases_of_client(*, client: Client) -> QuerySet[ReleaseAuthorization]:
    """The client's releases, newest in effect first (the request form's choices)."""
    return ReleaseAuthorization.objects.filter(client=client).order_by("-effective_on")


def client_for_accounting(*, user: User, pk: int) -> Client:
    """A client whose accounting of disclosures the user may read: staff who may see the client,
    and Legal Affairs reviewers for any client."""
    queryset = (
        Client.objects.all() if standing_of(user).is_reviewer else clients_for_user(user=user)
    )
    return get_object_or_404(queryset, pk=pk)


def _corrections() -> Prefetch:
    """Each entry's corrected dates, oldest first, with who corrected them (one query for all
    the entries read)."""
    return Prefetch(
        "corrections",
        queryset=DisclosureCorrection.objects.select_related("corrected_by").order_by(
            "corrected_at", "pk"
        ),
    )


def disclosures_of_client(*, client: Client) -> QuerySet[Disclosure]:
    """The client's accounting of disclosures, with who recorded each and every correction of
    their dates (the exports)."""
    return (
        Disclosure.objects.filter(client=client)
        .select_related("request", "recorded_by", "packet")
        .prefetch_related(_corrections())
    )


def accounting_page_rows(*, client: Client) -> QuerySet[Disclosure]:
    """The accounting as its page shows it: the disclosures' own columns and their packet's (a
    row shows its request's reference, which the request's id gives), and their corrections."""
    return (
        Disclosure.objects.filter(client=client)
        .select_related("packet")
        .prefetch_related(_corrections())
    )


def disclosure_for_user(*, user: User, pk: int) -> Disclosure:
    """An accounting entry the user may open: of a client whose accounting they may read, or one
    they recorded; 404 for anyone else."""
    queryset = Disclosure.objects.all()
    if not standing_of(user).is_reviewer:
        readable = Q(client__in=clients_for_user(user=user)) | Q(recorded_by=user)
        queryset = queryset.filter(readable)
    return get_object_or_404(
        queryset.select_related("client", "request").prefetch_related(_corrections()), pk=pk
    )


@dataclass(frozen=True)
class DisclosureAllowed:
    """The agency's date of the decision that allowed a request's disclosure, and that decision
    in words ("the 31-8-5 rules permitted", "Legal Affairs approved")."""

    on: datetime.date
    by: str


#: Legal Affairs' decisions that let the information go out.
APPROVING = (ReviewResolution.APPROVED, ReviewResolution.APPROVED_WITH_REDACTIONS)


def disclosure_allowed(*, request: DisclosureRequest) -> DisclosureAllowed | None:
    """When the request's disclosure was allowed: the day of the engine's decision when its
    latest one permitted it, else of Legal Affairs' latest decision when it approved it; None
    when neither allowed it. Nothing can have been disclosed before that day."""
    decision = latest_decision(request=request)
    if decision is not None and decision.outcome == Outcome.PERMITTED:
        return DisclosureAllowed(
            timezone.localdate(decision.decided_at), "the 31-8-5 rules permitted"
        )
    review = latest_decided_review(request=request)
    if review is not None and review.decided_at is not None and review.resolution in APPROVING:
        return DisclosureAllowed(timezone.localdate(review.decided_at), "Legal Affairs approved")
    return None


def latest_decided_review(*, request: DisclosureRequest) -> Review | None:
    """The request's latest decided review, with who decided it and the authority it cited."""
    return (
        request.reviews.exclude(decided_at=None)
        .select_related("decided_by", *CITED_RELATED)
        .order_by("-decided_at")
        .first()
    )
