"""Reads of releases, always scoped to the user asking.

Staff who may see a client (django-guardian, `clients_for_user`) may see and work on that
client's releases. Legal Affairs reviewers may read any release (requests rely on them).
Supervisors may read the signed releases prepared in their unit (the print queue). Anything
else is a 404, so a release's existence is not revealed.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from forms_app.models import (
    ReleaseAuthorization,
    ReleaseEvent,
    ReleasePrint,
    ReleasePrintBatch,
)
from requests_app.models import Client, ClientRelation, StaffProfile
from requests_app.permissions import may_change_release, may_correct_release_dates, standing_of
from requests_app.selectors.casework import clients_for_user

PAGE_SIZE = 20
PRINT_QUEUE_PAGE_SIZE = 50

#: The related rows a release's page and its printed form read; select them with the release.
RELEASE_RELATED = (
    "client",
    "prepared_by__staff_profile__unit",
    "signer_relation",
    "revoked_recorded_by",
)


def _supervised_unit_id(user: User) -> int | None:
    """The unit a supervisor prints for (their own), or None for anyone else."""
    if not standing_of(user).is_supervisor:
        return None
    return StaffProfile.objects.filter(user=user).values_list("unit_id", flat=True).first()


def releases_visible_to(*, user: User) -> QuerySet[ReleaseAuthorization]:
    """Every release the user may open."""
    if standing_of(user).is_reviewer:
        return ReleaseAuthorization.objects.all()
    visible = Q(client__in=clients_for_user(user=user))
    unit_id = _supervised_unit_id(user)
    if unit_id is not None:
        visible |= Q(signed_on__isnull=False, prepared_by__staff_profile__unit_id=unit_id)
    return ReleaseAuthorization.objects.filter(visible)


def releases_changeable_by(*, user: User) -> QuerySet[ReleaseAuthorization]:
    """Releases the user may work on: those of clients the user may see."""
    return ReleaseAuthorization.objects.filter(client__in=clients_for_user(user=user))


def release_for_user(*, user: User, pk: int) -> ReleaseAuthorization:
    """One release the user may open; 404 for any other."""
    queryset = releases_visible_to(user=user).select_related(*RELEASE_RELATED)
    return get_object_or_404(queryset, pk=pk)


def release_to_change(*, user: User, pk: int) -> ReleaseAuthorization:
    """One release the user may work on; 404 for any other (even one the user may read)."""
    queryset = releases_changeable_by(user=user).select_related(*RELEASE_RELATED)
    return get_object_or_404(queryset, pk=pk)


@dataclass(frozen=True)
class ReleasePage:
    """A release as its page shows it, with what the user may do there."""

    release: ReleaseAuthorization
    may_change: bool
    may_print: bool
    may_correct: bool = False
    corrections: tuple["DateCorrection", ...] = ()


@dataclass(frozen=True)
class DateCorrection:
    """A correction of a signed release's dates, as its field history keeps it."""

    at: datetime.datetime
    by: str
    corrected: str
    reason: str


def date_corrections(*, release: ReleaseAuthorization) -> tuple[DateCorrection, ...]:
    """The corrections of the release's dates, oldest first, read from its field history (the
    rows written under `pghistory.context(correction=True, ...)`): one query."""
    history = release.history  # type: ignore[attr-defined]  # pghistory's event model
    rows = (
        history.filter(pgh_context__metadata__correction=True)
        .select_related("pgh_context")
        .order_by("pgh_created_at", "pgh_id")
    )
    return tuple(
        DateCorrection(
            at=row.pgh_created_at,
            by=row.pgh_context.metadata.get("by", ""),
            corrected=row.pgh_context.metadata.get("corrected", ""),
            reason=row.pgh_context.metadata.get("reason", ""),
        )
        for row in rows
    )


def release_page(*, user: User, pk: int) -> ReleasePage:
    """One release the user may open (404 otherwise) with its history and prints, the
    corrections of its dates, whether they may work on it or correct its dates, and whether it
    waits in their print queue."""
    queryset = (
        releases_visible_to(user=user)
        .select_related(*RELEASE_RELATED)
        .prefetch_related(
            Prefetch("events", queryset=ReleaseEvent.objects.select_related("actor")),
            Prefetch("prints", queryset=ReleasePrint.objects.select_related("printed_by")),
        )
    )
    release = get_object_or_404(queryset, pk=pk)
    may_change = may_change_release(user=user, release=release)
    return ReleasePage(
        release=release,
        may_change=may_change,
        may_print=print_queue(user=user).filter(pk=release.pk).exists(),
        may_correct=release.is_signed
        and may_change
        and may_correct_release_dates(user=user, release=release),
        corrections=date_corrections(release=release) if release.is_signed else (),
    )


def releases_for_client(*, user: User, client: Client) -> QuerySet[ReleaseAuthorization]:
    """A client's releases, newest first, for the client's release list (fixed query count)."""
    return (
        releases_visible_to(user=user)
        .filter(client=client)
        .select_related("prepared_by")
        .order_by("-created_at", "-pk")
    )


def signer_relations(*, client: Client, today: datetime.date) -> QuerySet[ClientRelation]:
    """The client's relations of record on `today`: who may be named as a representative
    signer (a parent whose rights were terminated is listed, so choosing one gets a clear
    refusal rather than an unexplained absence)."""
    return client.relations.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today)).order_by(
        "kind", "full_name"
    )


def print_queue(*, user: User) -> QuerySet[ReleaseAuthorization]:
    """Signed releases prepared by staff of the supervisor's unit and never printed from the
    queue, oldest signature first; the revoked, expired and not yet effective among them are
    flagged on the page (`ReleaseAuthorization.print_warning`) and printed only when the
    supervisor confirms. Empty for anyone who is not a supervisor."""
    unit_id = _supervised_unit_id(user)
    if unit_id is None:
        return ReleaseAuthorization.objects.none()
    return (
        ReleaseAuthorization.objects.filter(ReleaseAuthorization.waiting_to_print_q(unit_id))
        .select_related("client", "prepared_by")
        .order_by("signed_on", "pk")
    )


def print_batch_for_user(*, user: User, pk: int) -> ReleasePrintBatch:
    """A print the user made, with its forms; 404 for anyone else's."""
    prints = ReleasePrint.objects.select_related(
        "release", *(f"release__{name}" for name in RELEASE_RELATED)
    ).order_by("pk")
    queryset = ReleasePrintBatch.objects.filter(printed_by=user).prefetch_related(
        Prefetch("prints", queryset=prints)
    )
    return get_object_or_404(queryset, pk=pk)
