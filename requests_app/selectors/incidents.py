"""Reads of loss, theft and breach reports, always scoped to the user asking.

Who may read a report (anyone else gets a 404, never a hint that it exists):
- its reporter;
- for a loss report, the reporter's supervisor on record, and any supervisor it was sent to;
- anyone the report was sent to (a notification step naming them): the unit supervisors of a
  reporter without a supervisor, the Commissioner and the Director of Human Resources once the
  Agency Legal Director has notified them;
- the Agency Legal Director: every breach report, and every loss report too, since 31-8-5's
  chain lets the Legal Director escalate a loss to a breach.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict, TypeVar

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.shortcuts import get_object_or_404

from requests_app.choices import DutyGroup, IncidentKind
from requests_app.models import Client, DisclosureRequest, Incident, IncidentStep
from requests_app.permissions import standing_of, supervised_losses_q
from requests_app.selectors.casework import caseload_clients, unit_supervisors

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

HOME_ROWS = 10


def supervisors_for(*, reporter: User) -> tuple[list[User], bool]:
    """Who a loss report goes to: the reporter's supervisor on record; without one, the
    supervisors of the reporter's unit. Returns (users, True when it is the unit fallback)."""
    profile = getattr(reporter, "staff_profile", None)
    if profile is not None and profile.supervisor_id and profile.supervisor.is_active:
        return [profile.supervisor], False
    if profile is None:
        return [], True
    return list(unit_supervisors(unit_id=profile.unit_id).exclude(pk=reporter.pk)), True


def incidents_for_user(*, user: User) -> QuerySet[Incident]:
    """Every report the user may read (see the module docstring)."""
    if standing_of(user).is_legal_director:
        return Incident.objects.all()
    sent_to_user = IncidentStep.objects.filter(incident=OuterRef("pk"), recipient=user)
    visible = (
        Q(reporter=user)
        | Q(kind=IncidentKind.LOSS, reporter__staff_profile__supervisor=user)
        | Q(Exists(sent_to_user))
    )
    return Incident.objects.filter(visible)


def incident_for_user(*, user: User, pk: int) -> Incident:
    """One report with everything its page shows; 404 when the user may not read it."""
    queryset = (
        incidents_for_user(user=user)
        .select_related(
            "reporter__staff_profile__unit",
            "reporter__staff_profile__supervisor",
            "unit",
            "supervisor",
            "acknowledged_by",
            "leadership_notified_by",
            "closed_by",
            "escalated_from",
            "breach_report",
        )
        .prefetch_related(
            Prefetch("steps", queryset=IncidentStep.objects.select_related("actor", "recipient")),
            Prefetch("clients", queryset=Client.objects.order_by("last_name", "first_name")),
            Prefetch(
                "disclosure_requests",
                queryset=DisclosureRequest.objects.select_related("disclosure").order_by("pk"),
            ),
        )
    )
    return get_object_or_404(queryset, pk=pk)


def incident_visible(*, user: User, incident: Incident | None) -> bool:
    """Whether the user may open a related report (to link it, or only name it)."""
    if incident is None:
        return False
    return incidents_for_user(user=user).filter(pk=incident.pk).exists()


def overdue_cutoff(now: datetime.datetime) -> datetime.datetime:
    return now - datetime.timedelta(hours=settings.INCIDENT_ACK_HOURS)


class Overdue(TypedDict):
    """What `_with_overdue` annotates."""

    overdue: bool


AnyIncident = TypeVar("AnyIncident", bound=Incident)


def _with_overdue(
    queryset: QuerySet[Incident], now: datetime.datetime
) -> QuerySet[WithAnnotations[Incident, Overdue]]:
    """Annotate `overdue`, the same test as `Incident.is_overdue`, in SQL."""
    cutoff = overdue_cutoff(now)
    return queryset.annotate(
        overdue=Case(
            When(closed_at__isnull=False, then=Value(False)),
            When(acknowledged_at__isnull=True, submitted_at__lt=cutoff, then=Value(True)),
            When(
                Q(kind=IncidentKind.BREACH, acknowledged_at__lt=cutoff)
                & (
                    Q(commissioner_notified_at__isnull=True)
                    | Q(hr_director_notified_at__isnull=True)
                ),
                then=Value(True),
            ),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


@dataclass(frozen=True)
class IncidentFilters:
    kind: str = ""
    state: str = "open"  # open, overdue, closed, all


def incident_list(
    *, user: User, filters: IncidentFilters, now: datetime.datetime
) -> QuerySet[WithAnnotations[Incident, Overdue]]:
    """The reports the user may read, newest first, with what a list row shows (one query)."""
    queryset = _with_overdue(incidents_for_user(user=user).select_related("reporter", "unit"), now)
    if filters.kind in IncidentKind.values:
        queryset = queryset.filter(kind=filters.kind)
    if filters.state == "open":
        queryset = queryset.filter(closed_at__isnull=True)
    elif filters.state == "closed":
        queryset = queryset.filter(closed_at__isnull=False)
    elif filters.state == "overdue":
        queryset = queryset.filter(overdue=True)
    return queryset.order_by("-submitted_at", "-pk")


def with_timing(rows: Iterable[AnyIncident], *, now: datetime.datetime) -> list[AnyIncident]:
    """The rows, each with `waiting`: how long its current stage has waited, in words."""
    rows = list(rows)
    for row in rows:
        # An attribute for the templates, not a field of the model.
        row.waiting = row.waiting_for(now) if row.closed_at is None else ""  # type: ignore[attr-defined]
    return rows


@dataclass(frozen=True)
class IncidentsHome:
    """A home page's short list of reports: open reports, how long each took (or is taking) to
    pass on, and which are overdue; its heading, what it says when there is none, and the
    link to the incident list that shows them all (its words and query)."""

    rows: list[WithAnnotations[Incident, Overdue]]
    open_count: int
    overdue_count: int
    heading: str
    nothing: str
    list_label: str = "All incidents"
    list_query: str = ""


def _home_list(
    queryset: QuerySet[WithAnnotations[Incident, Overdue]], *, now: datetime.datetime, **words: str
) -> IncidentsHome:
    """The first open reports of `queryset`, overdue first, and its counts (three queries)."""
    rows = with_timing(queryset.order_by("-overdue", "submitted_at", "pk")[:HOME_ROWS], now=now)
    return IncidentsHome(
        rows=rows,
        open_count=queryset.count(),
        overdue_count=queryset.filter(overdue=True).count(),
        **words,
    )


def incidents_home(*, user: User, now: datetime.datetime) -> IncidentsHome | None:
    """For the Agency Legal Director, the Commissioner and the HR Director; None for others.
    Three queries whatever the number of reports."""
    standing = standing_of(user)
    duties = (DutyGroup.AGENCY_LEGAL_DIRECTOR, DutyGroup.COMMISSIONER, DutyGroup.HR_DIRECTOR)
    if not any(standing.has(duty) for duty in duties):
        return None
    queryset = incident_list(user=user, filters=IncidentFilters(state="open"), now=now)
    if standing.is_legal_director:
        return _home_list(
            queryset,
            now=now,
            heading="Loss and breach reports",
            nothing="No open loss or breach reports.",
        )
    return _home_list(
        queryset.filter(kind=IncidentKind.BREACH),
        now=now,
        heading="Breach reports",
        nothing="No open breach reports have been addressed to you.",
    )


def losses_home(*, user: User, now: datetime.datetime) -> IncidentsHome | None:
    """For a supervisor: the open loss reports they supervise (to acknowledge, escalate or
    close); None for anyone else. Three queries whatever the number of reports."""
    if not standing_of(user).is_supervisor:
        return None
    queryset = _with_overdue(
        Incident.objects.filter(supervised_losses_q(user), closed_at__isnull=True), now
    )
    return _home_list(
        queryset,
        now=now,
        heading="Loss reports sent to you",
        nothing="No open loss reports are waiting for you.",
        list_label="All loss reports",
        list_query="kind=loss",
    )


def reportable_clients(*, user: User, today: datetime.date) -> QuerySet[Client]:
    """The clients a reporter may name as affected: those of their own active caseload."""
    return caseload_clients(user=user, today=today)


def reportable_requests(*, user: User) -> QuerySet[DisclosureRequest]:
    """The disclosure requests a reporter may link to a breach: their own."""
    return DisclosureRequest.objects.filter(requester=user)


def reminders_due(*, now: datetime.datetime) -> list[Incident]:
    """Open reports overdue at their current stage, for the reminder command (not user-scoped:
    the command runs for the agency)."""
    queryset = _with_overdue(Incident.objects.all(), now).filter(overdue=True)
    return list(
        queryset.select_related("reporter__staff_profile__supervisor", "supervisor").order_by(
            "submitted_at", "pk"
        )
    )
