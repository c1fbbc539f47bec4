"""Legal Affairs reviews: claiming (one reviewer, never two), redaction notes, decisions."""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from requests_app import audit
from requests_app.choices import EventKind, RequestStatus, ReviewResolution
from requests_app.models import DisclosureRequest, RedactionNote, Review
from requests_app.roles import standing_of
from requests_app.services.notifications import notify
from requests_app.services.requests import event_add


class ReviewUnavailable(Exception):
    """The review was claimed by someone else (or decided) in the meantime."""


RESOLUTION_STATUS = {
    ReviewResolution.APPROVED: RequestStatus.APPROVED,
    ReviewResolution.APPROVED_WITH_REDACTIONS: RequestStatus.APPROVED_WITH_REDACTIONS,
    ReviewResolution.DENIED: RequestStatus.DENIED,
    ReviewResolution.RETURNED: RequestStatus.RETURNED,
}


def _require_reviewer(user: AbstractUser) -> None:
    if not standing_of(user).is_reviewer:
        raise PermissionDenied("Only Legal Affairs reviewers work the review queue.")


def _set_request_status(review: Review, status: RequestStatus) -> None:
    DisclosureRequest.objects.filter(pk=review.request_id).update(
        status=status, updated_at=timezone.now()
    )


@transaction.atomic
def review_claim(*, review: Review, reviewer: AbstractUser) -> Review:
    """Take an unassigned open review. Of two reviewers claiming at once exactly one wins: the
    row is locked with SKIP LOCKED, so the loser finds nothing and gets ReviewUnavailable."""
    _require_reviewer(reviewer)
    locked = (
        Review.objects.select_for_update(skip_locked=True)
        .filter(pk=review.pk, assignee__isnull=True, decided_at__isnull=True)
        .first()
    )
    if locked is None:
        raise ReviewUnavailable("Another reviewer has already claimed this request.")
    locked.assignee = reviewer
    locked.claimed_at = timezone.now()
    locked.save(update_fields=["assignee", "claimed_at"])
    _set_request_status(locked, RequestStatus.IN_REVIEW)
    event_add(request=locked.request, kind=EventKind.CLAIMED, actor=reviewer)
    audit.record_change(reviewer, "update", locked, client=locked.request.client, detail="claimed")
    return locked


def _locked_open(review: Review) -> Review:
    locked = Review.objects.select_for_update().get(pk=review.pk)
    if locked.decided_at is not None:
        raise ReviewUnavailable("This review has been decided.")
    return locked


@transaction.atomic
def review_unclaim(*, review: Review, by: AbstractUser) -> Review:
    """Put a claimed review back in the queue (its assignee, or a Legal Affairs supervisor)."""
    locked = _locked_open(review)
    if locked.assignee_id != by.pk and not standing_of(by).supervises_legal_affairs:
        raise PermissionDenied("Only the assignee or a Legal Affairs supervisor can release it.")
    locked.assignee = None
    locked.claimed_at = None
    locked.save(update_fields=["assignee", "claimed_at"])
    _set_request_status(locked, RequestStatus.ESCALATED)
    event_add(request=locked.request, kind=EventKind.UNCLAIMED, actor=by)
    return locked


@transaction.atomic
def review_assign(
    *, reviews: Iterable[Review], assignee: AbstractUser, by: AbstractUser
) -> list[Review]:
    """A Legal Affairs supervisor assigns (or reassigns) open reviews to a reviewer."""
    if not standing_of(by).supervises_legal_affairs:
        raise PermissionDenied("Only a Legal Affairs supervisor assigns reviews.")
    _require_reviewer(assignee)
    ids = [r.pk for r in reviews]
    locked = list(
        Review.objects.select_for_update()
        .filter(pk__in=ids, decided_at__isnull=True)
        .select_related("request")
        .order_by("pk")
    )
    now = timezone.now()
    name = assignee.get_full_name() or assignee.username
    for review in locked:
        review.assignee = assignee
        review.claimed_at = now
        review.save(update_fields=["assignee", "claimed_at"])
        _set_request_status(review, RequestStatus.IN_REVIEW)
        event_add(request=review.request, kind=EventKind.ASSIGNED, actor=by, detail=name)
    if locked:
        notify(
            users=[assignee],
            subject=f"{len(locked)} review(s) assigned to you",
            body=", ".join(r.request.reference for r in locked),
            link=reverse("requests:review_queue") + "?assignee=me",
        )
    return locked


def _require_assignee(review: Review, user: AbstractUser) -> None:
    if review.assignee_id != user.pk:
        raise PermissionDenied("Claim the review before working on it.")


NOTE_FIELDS = ("document", "location", "what", "legal_basis", "legal_basis_other", "note")


@transaction.atomic
def redaction_note_save(
    *, review: Review, by: AbstractUser, fields: dict[str, Any], note: RedactionNote | None = None
) -> RedactionNote:
    """Add or edit a redaction note; only the assignee, only until the decision."""
    locked = _locked_open(review)
    _require_assignee(locked, by)
    now = timezone.now()
    if note is None:
        note = RedactionNote(review=locked, created_by=by, created_at=now)
    elif note.review_id != locked.pk:
        raise PermissionDenied
    for name in NOTE_FIELDS:
        setattr(note, name, fields.get(name) or "")
    note.updated_at = now
    note.full_clean()
    note.save()
    audit.record_change(by, "update", note, client=locked.request.client)
    return note


@transaction.atomic
def redaction_note_delete(*, note: RedactionNote, by: AbstractUser) -> None:
    locked = _locked_open(note.review)
    _require_assignee(locked, by)
    note.delete()


@transaction.atomic
def review_decide(
    *,
    review: Review,
    by: AbstractUser,
    resolution: str,
    reason: str = "",
    legal_basis: str = "",
    message: str = "",
) -> Review:
    """Decide a review: approve, approve with redactions (at least one note), deny (a reason and
    its legal basis) or return for more information (a message). The requester is told."""
    locked = _locked_open(review)
    _require_assignee(locked, by)
    resolution = ReviewResolution(resolution)
    errors: dict[str, str] = {}
    if (
        resolution == ReviewResolution.APPROVED_WITH_REDACTIONS
        and not locked.redaction_notes.exists()
    ):
        errors["resolution"] = "Add at least one redaction note before approving with redactions."
    if resolution == ReviewResolution.DENIED:
        if not reason.strip():
            errors["reason"] = "Give the reason for the denial."
        if not legal_basis.strip():
            errors["legal_basis"] = "Give the legal basis for the denial."
    if resolution == ReviewResolution.RETURNED and not message.strip():
        errors["message"] = "Tell the requester what more information is needed."
    if errors:
        raise ValidationError(errors)
    locked.resolution = resolution
    locked.resolution_reason = reason.strip()
    locked.legal_basis = legal_basis.strip()
    locked.message_to_requester = message.strip()
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.save()
    request = locked.request
    _set_request_status(locked, RESOLUTION_STATUS[resolution])
    kind = EventKind.RETURNED if resolution == ReviewResolution.RETURNED else EventKind.REVIEWED
    event_add(request=request, kind=kind, actor=by, detail=resolution.label)
    audit.record_change(by, "decide", locked, client=request.client, detail=resolution.value)
    notify(
        users=[request.requester],
        subject=f"Legal Affairs decided request {request.reference}: {resolution.label}",
        body=(
            "Open the request for the decision and what to do next."
            if resolution != ReviewResolution.RETURNED
            else "Legal Affairs needs more information before deciding."
        ),
        link=reverse("requests:detail", args=[request.pk]),
    )
    return locked
