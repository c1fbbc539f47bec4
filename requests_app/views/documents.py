"""The redaction editor: a record's pages, the boxes on them, and three ways to add boxes."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from requests_app import audit
from requests_app.forms.documents import BoxForm, TextSearchForm, WholePageForm
from requests_app.models import Document
from requests_app.permissions import may_redact
from requests_app.redaction.boxes import Box
from requests_app.selectors.documents import document_for_user
from requests_app.services.documents import box_remove, boxes_add, text_matches, whole_page
from requests_app.web.auth import AuthenticatedHttpRequest


def document_redact(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One page of a record at a time, with its boxes drawn over it, the list of every box of
    the record (page, reason, who drew it) and the forms that add or remove them."""
    document = document_for_user(user=request.user, pk=pk)
    if not may_redact(user=request.user, request=document.request):
        raise PermissionDenied(
            "Legal Affairs redacts while reviewing; the requester, once allowed."
        )
    number = _page_number(request.GET.get("page"), document.page_count)
    forms = {
        "draw": BoxForm(prefix="draw", initial={"page": number}),
        "whole": WholePageForm(prefix="whole", initial={"page": number}),
        "search": TextSearchForm(prefix="search"),
    }
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        done = _act(request, document, action, forms)
        if done is not None:
            messages.success(request, done)
            url = reverse("requests:document_redact", args=[document.pk])
            return redirect(f"{url}?page={number}")
        status = 400
    audit.record_view(
        request, document, client=document.request.client, detail=f"redaction page {number}"
    )
    boxes = list(document.boxes.select_related("drawn_by"))
    return render(
        request,
        "requests_app/document_redact.html",
        {
            "document": document,
            "item": document.request,
            "number": number,
            "width": document.page_sizes[number - 1][0],
            "height": document.page_sizes[number - 1][1],
            "rendered": document.pages.filter(number=number).exists(),
            "page_boxes": [b for b in boxes if b.page == number],
            "boxes": boxes,
            "forms": forms,
            "previous": number - 1 if number > 1 else None,
            "next": number + 1 if number < document.page_count else None,
        },
        status=status,
    )


def _page_number(asked: str | None, pages: int) -> int:
    """The page asked for in the address, within the record (the first when unreadable)."""
    try:
        return min(max(int(asked or 1), 1), pages)
    except ValueError:
        return 1


def _act(
    request: AuthenticatedHttpRequest,
    document: Document,
    action: str,
    forms: dict[str, Form],
) -> str | None:
    """Carry out one of the editor's actions; the message to show, or None when a form has
    problems (shown on the page with what was typed)."""
    if action == "remove":
        box = get_object_or_404(document.boxes, pk=request.POST.get("box") or 0)
        box_remove(box=box, user=request.user)
        return f"The box on page {box.page} is removed."
    if action not in forms:
        raise PermissionDenied("Unknown action.")
    form = forms[action].__class__(request.POST, prefix=action)
    forms[action] = form
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        if action == "draw":
            boxes = [
                Box(data["page"], data["x0"], data["y0"], data["x1"], data["y1"], data["reason"])
            ]
        elif action == "whole":
            boxes = [whole_page(document, data["page"], data["reason"])]
        else:
            boxes = text_matches(document, data["term"], data["reason"])
            if not boxes:
                form.add_error("term", f"“{data['term']}” is not in this record's text.")
                return None
        boxes_add(document=document, user=request.user, boxes=boxes)
    except ValidationError as problems:
        for problem in problems.messages:
            form.add_error(None, problem)
        return None
    if action == "search":
        return f"{len(boxes)} box(es) drawn over every “{data['term']}”."
    return f"The box is drawn on page {boxes[0].page}."
