"""Legal Affairs reviews: claiming (one reviewer, never two), assignment, redaction notes and
decisions. Each action writes its audit event: the request's status changes through
`requests_app.workflow`, a redaction note's changes are audited here."""

import datetime
from collections.abc import Iterable
from dataclasses import replace

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from requests_app import audit, permissions, workflow
from requests_app.choices import AuthorityBasis, ReviewResolution
from requests_app.models import AuthorityCited, Document, RedactionBox, RedactionNote, Review
from requests_app.models.authority import rule_citation
from requests_app.models.disclosure import APPROVALS
from requests_app.notifications import notify
from requests_app.people import display_name


class ReviewUnavailable(Exception):
    """The review was claimed by someone else (or decided) in the meantime."""


#: The request's transition for each resolution (`requests_app.workflow.TRANSITIONS`).
RESOLUTION_TRANSITION = {
    ReviewResolution.APPROVED: "approve",
    ReviewResolution.APPROVED_WITH_REDACTIONS: "approve_redacted",
    ReviewResolution.DENIED: "deny",
    ReviewResolution.RETURNED: "return",
}


@transaction.atomic
def review_claim(*, review: Review, reviewer: User) -> Review:
    """Take an unassigned open review. Of two reviewers claiming at once exactly one wins: the
    row is locked with SKIP LOCKED, so the loser finds nothing and gets ReviewUnavailable."""
    permissions.require_reviewer(reviewer)
    locked = (
        Review.objects.select_for_update(skip_locked=True)
        .filter(pk=review.pk, assignee__isnull=True, decided_at__isnull=True)
        .select_related("request")
        .first()
    )
    if locked is None:
        raise ReviewUnavailable("Another reviewer has already claimed this request.")
    locked.assignee = reviewer
    locked.claimed_at = timezone.now()
    locked.save(update_fields=["assignee", "claimed_at"])
    workflow.transition(request=locked.request, name="claim", by=reviewer)
    return locked


def _locked_open(review: Review) -> Review:
    locked = Review.objects.select_for_update().select_related("request").get(pk=review.pk)
    if locked.decided_at is not None:
        raise ReviewUnavailable("This review has been decided.")
    return locked


@transaction.atomic
def review_unclaim(*, review: Review, by: User) -> Review:
    """Put a claimed review back in the queue (its assignee, or a Legal Affairs supervisor)."""
    permissions.require_reviewer(by)
    locked = _locked_open(review)
    permissions.require(
        permissions.may_unclaim(user=by, review=locked),
        "Only the assignee or a Legal Affairs supervisor can release it.",
    )
    locked.assignee = None
    locked.claimed_at = None
    locked.save(update_fields=["assignee", "claimed_at"])
    workflow.transition(request=locked.request, name="unclaim", by=by)
    return locked


@transaction.atomic
def review_assign(*, reviews: Iterable[Review], assignee: User, by: User) -> list[Review]:
    """A Legal Affairs supervisor assigns (or reassigns) open reviews to a reviewer."""
    permissions.require(
        permissions.standing_of(by).supervises_legal_affairs,
        "Only a Legal Affairs supervisor assigns reviews.",
    )
    permissions.require_reviewer(assignee)
    ids = [r.pk for r in reviews]
    locked = list(
        Review.objects.select_for_update()
        .filter(pk__in=ids, decided_at__isnull=True)
        .select_related("request")
        .order_by("pk")
    )
    now = timezone.now()
    name = display_name(assignee)
    for review in locked:
        review.assignee = assignee
        review.claimed_at = now
        review.save(update_fields=["assignee", "claimed_at"])
        workflow.transition(request=review.request, name="assign", by=by, detail=name)
    if locked:
        notify(
            users=[assignee],
            subject=f"{len(locked)} review(s) assigned to you",
            body=", ".join(r.request.reference for r in locked),
            link=reverse("requests:review_queue") + "?assignee=me",
        )
    return locked


@transaction.atomic
def redaction_note_save(*, review: Review, by: User, note: RedactionNote) -> RedactionNote:
    """Add a redaction note (`note` unsaved, as the note form built it) or save an edited one;
    only the assignee, only until the decision."""
    locked = _locked_open(review)
    permissions.require_assignee(user=by, review=locked)
    now = timezone.now()
    adding = note.pk is None
    if adding:
        note.review, note.created_by, note.created_at = locked, by, now
    elif note.review_id != locked.pk:
        raise PermissionDenied
    note.updated_at = now
    note.full_clean()
    note.save()
    audit.record_change(by, "create" if adding else "update", note, client=locked.request.client)
    return note


@transaction.atomic
def redaction_note_delete(*, note: RedactionNote, by: User) -> None:
    """Delete a redaction note; only the assignee, only until the decision."""
    locked = _locked_open(note.review)
    permissions.require_assignee(user=by, review=locked)
    audit.record_change(by, "delete", note, client=locked.request.client)
    note.delete()


def _authority_problems(
    authority: AuthorityCited | None, *, review: Review, today: datetime.date
) -> dict[str, str]:
    """What is wrong with the authority an approval cites, by field."""
    if authority is None:
        return {"authority_basis": "Authority: choose what the approval relies on."}
    return authority.problems(client_id=review.request.client_id, today=today)


def _cited(authority: AuthorityCited | None) -> AuthorityCited | None:
    """The authority as recorded: only the details of its basis, and a rule's clause or a
    statute's citation as they read today."""
    if authority is None:
        return None
    cited = authority.narrowed()
    if cited.basis == AuthorityBasis.RULE:
        return replace(cited, citation=rule_citation(cited.rule), release=None)
    if cited.basis == AuthorityBasis.STATUTE and cited.statute is not None:
        return replace(cited, citation=cited.statute.citation)
    return cited


@transaction.atomic
def review_decide(
    *,
    review: Review,
    by: User,
    resolution: str,
    reason: str = "",
    legal_basis: str = "",
    message: str = "",
    authority: AuthorityCited | None = None,
    today: datetime.date | None = None,
) -> Review:
    """Decide a review: approve, approve with redactions (at least one box on the request's
    records, or one note when it has none), deny (a reason and
    its legal basis) or return for more information (a message). The requester is told.

    An approval cites its `authority` (a 31-8-5 list rule, a current release of the client, a
    statute of the table, a court order, or consent on another form), written in the same
    UPDATE as the decision so that it is sealed with it; other resolutions cite none."""
    today = today or timezone.localdate()
    locked = _locked_open(review)
    permissions.require_assignee(user=by, review=locked)
    resolution = ReviewResolution(resolution)
    approving = resolution in APPROVALS
    errors = _authority_problems(authority, review=locked, today=today) if approving else {}
    if resolution == ReviewResolution.APPROVED_WITH_REDACTIONS:
        problem = _redactions_missing(locked)
        if problem:
            errors["resolution"] = problem
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
    locked.cite(_cited(authority) if approving else None)
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.save()
    request = locked.request
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
    workflow.transition(
        request=request, name=RESOLUTION_TRANSITION[resolution], by=by, detail=resolution.label
    )
    return locked


def _redactions_missing(review: Review) -> str:
    """Why the review cannot approve with redactions yet: the request's records carry no box
    (a request without records needs a redaction note instead); "" when it can."""
    records = Document.objects.filter(request_id=review.request_id)
    if records.exists():
        if RedactionBox.objects.filter(document__in=records).exists():
            return ""
        return "Draw at least one box on the request's records before approving with redactions."
    if review.redaction_notes.exists():
        return ""
    return "Add at least one redaction note before approving with redactions."
