"""Legal Affairs screens: the review queue, a review, claiming, redaction notes, decisions,
assignment and the dashboard."""

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from requests_app import audit
from requests_app.forms.requests import SearchForm
from requests_app.forms.reviews import (
    AssignForm,
    QueueFilterForm,
    RedactionNoteForm,
    ReviewDecisionForm,
)
from requests_app.models import Review
from requests_app.permissions import (
    is_reviewer,
    may_redact,
    requires,
    standing_of,
    supervises_legal_affairs,
)
from requests_app.selectors import reviews as review_queue
from requests_app.selectors.documents import documents_of_request
from requests_app.services import reviews as review_services
from requests_app.web.auth import AuthenticatedHttpRequest
from requests_app.web.paging import filters_query, page_of
from requests_app.web.redirects import safe_next
from requests_app.workflow import TransitionRefused

PAGE_SIZE = 25
SEARCH_KEY = "review_search"


def _review_still_open(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A step on a review that was decided (or changed) meanwhile, say from a second tab or a
    double submit, answers with a message on the review's page instead of an error page."""

    @wraps(view)
    def wrapped(request: AuthenticatedHttpRequest, pk: int, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, pk, **kwargs)
        except (review_services.ReviewUnavailable, TransitionRefused) as gone:
            messages.error(request, " ".join(getattr(gone, "messages", [str(gone)])))
            return redirect("requests:review", pk=pk)

    return wrapped


@requires(is_reviewer)
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Escalated requests, oldest due first, with filters, search and bulk assignment."""
    if request.method == "POST":
        search = SearchForm(request.POST)
        request.session[SEARCH_KEY] = search.cleaned_data["q"].strip() if search.is_valid() else ""
        return redirect(request.get_full_path())
    today = timezone.localdate()
    filters = QueueFilterForm(request.GET or None)
    term = request.session.get(SEARCH_KEY, "")
    reviews = review_queue.review_queue(
        user=request.user, filters=filters.filters(term), today=today
    )
    # Counted on the reviews alone (the count needs none of the joins a row's values make).
    # The page's reviews (a slice of the queryset) are then replaced by their rows.
    page = page_of(request, reviews, PAGE_SIZE)
    on_page = cast(QuerySet[Review], page.object_list)
    page.object_list = [
        review_queue.QueueRow.from_values(v) for v in review_queue.queue_rows(on_page)
    ]
    audit.record_list_view(
        request, page="review queue", clients=[row.client_id for row in page.object_list]
    )
    return render(
        request,
        "requests_app/review_queue.html",
        {
            "page": page,
            "filters": filters,
            "search": SearchForm(initial={"q": term}),
            "term": term,
            "today": today,
            "due_soon": review_queue.due_soon_until(today),
            "assign_form": AssignForm(),
            "can_assign": standing_of(request.user).supervises_legal_affairs,
            "query": filters_query(request),
        },
    )


def _decision_form(review: Review, data: Any = None) -> ReviewDecisionForm:
    """The decision form, its authority choices read for this review's client."""
    return ReviewDecisionForm(
        data,
        prefix="decision",
        client_id=review.request.client_id,
        releases=review_queue.releases_to_cite(review=review),
        statutes=review_queue.authorities_offered(),
        today=timezone.localdate(),
    )


def _review_page(
    request: AuthenticatedHttpRequest, review: Review, **forms: object
) -> HttpResponse:
    context = {
        "review": review,
        "item": review.request,
        "decision": review.decision,
        "disclosures": review_queue.earlier_disclosures(review=review),
        "documents": documents_of_request(request=review.request),
        "may_redact": may_redact(user=request.user, request=review.request),
        "note_form": RedactionNoteForm(prefix="note"),
        "decision_form": _decision_form(review),
        "assign_form": AssignForm(initial={"assignee": review.assignee_id}),
        "is_assignee": review.assignee_id == request.user.pk,
        "can_assign": standing_of(request.user).supervises_legal_affairs,
        "today": timezone.localdate(),
        **forms,
    }
    status = 400 if any(getattr(f, "errors", None) for f in forms.values()) else 200
    return render(request, "requests_app/review_detail.html", context, status=status)


@requires(is_reviewer)
def review_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    review = review_queue.review_for_reviewer(user=request.user, pk=pk)
    audit.record_view(request, review, client=review.request.client)
    return _review_page(request, review)


@require_POST
@requires(is_reviewer)
def review_claim(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    review = review_queue.review_for_reviewer(user=request.user, pk=pk)
    try:
        review_services.review_claim(review=review, reviewer=request.user)
        messages.success(request, f"You have claimed {review.request.reference}.")
    except review_services.ReviewUnavailable as taken:
        messages.error(request, str(taken))
    return redirect("requests:review", pk=pk)


@require_POST
@requires(is_reviewer)
@_review_still_open
def review_unclaim(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    review = review_queue.review_for_reviewer(user=request.user, pk=pk)
    review_services.review_unclaim(review=review, by=request.user)
    messages.success(request, f"{review.request.reference} is back in the queue.")
    return redirect("requests:review_queue")


@require_POST
@requires(supervises_legal_affairs)
def reviews_assign(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Assign one or several selected reviews to a reviewer."""
    form = AssignForm(request.POST, reviews_queryset=review_queue.open_reviews())
    if form.is_valid() and form.cleaned_data["reviews"]:
        done = review_services.review_assign(
            reviews=form.cleaned_data["reviews"],
            assignee=form.cleaned_data["assignee"],
            by=request.user,
        )
        messages.success(request, f"{len(done)} review(s) assigned.")
    else:
        messages.error(request, "Choose at least one open review and a reviewer.")
    return redirect(safe_next(request, request.POST.get("next", "")) or "requests:review_queue")


@require_POST
@requires(is_reviewer)
@_review_still_open
def redaction_note_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    review = review_queue.review_for_reviewer(user=request.user, pk=pk)
    form = RedactionNoteForm(request.POST, prefix="note")
    if not form.is_valid():
        return _review_page(request, review, note_form=form)
    try:
        review_services.redaction_note_save(review=review, by=request.user, note=form.instance)
    except ValidationError as error:
        form.add_error(None, error)
        return _review_page(request, review, note_form=form)
    messages.success(request, "Redaction note added.")
    return redirect("requests:review", pk=pk)


@requires(is_reviewer)
@_review_still_open
def redaction_note_edit(request: AuthenticatedHttpRequest, pk: int, note_pk: int) -> HttpResponse:
    review = review_queue.review_for_reviewer(user=request.user, pk=pk)
    note = review_queue.redaction_note_of_review(review=review, pk=note_pk)
    form = RedactionNoteForm(request.POST or None, instance=note)
    if request.method == "POST":
        if "delete" in request.POST and request.POST.get("confirm_delete"):
            review_services.redaction_note_delete(note=note, by=request.user)
            messages.success(request, "Redaction note deleted.")
            return redirect("requests:review", pk=pk)
        if "delete" not in request.POST and form.is_valid():
            review_services.redaction_note_save(review=review, by=request.user, note=form.instance)
            messages.success(request, "Redaction note saved.")
            return redirect("requests:review", pk=pk)
        if "delete" in request.POST:
            messages.error(request, "Tick the confirmation box to delete the note.")
    return render(
        request,
        "requests_app/redaction_note_form.html",
        {"form": form, "review": review, "note": note},
    )


@require_POST
@requires(is_reviewer)
@_review_still_open
def review_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    review = review_queue.review_for_reviewer(user=request.user, pk=pk)
    form = _decision_form(review, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            review_services.review_decide(
                review=review,
                by=request.user,
                resolution=data["resolution"],
                reason=data["reason"],
                legal_basis=data["legal_basis"],
                message=data["message"],
                authority=form.cited_authority(),
                today=form.today,
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, "The decision is recorded and the requester notified.")
            return redirect("requests:review", pk=pk)
    return _review_page(request, review, decision_form=form)


@requires(is_reviewer)
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    figures = review_queue.dashboard(today=today)
    return render(request, "requests_app/review_dashboard.html", {"figures": figures})
