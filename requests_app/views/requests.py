"""The requester's journey: choose a client, describe the disclosure, get the decision at once,
record what was disclosed; the list of one's requests and a request's page with its timeline."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from requests_app import audit
from requests_app.choices import RequestStatus
from requests_app.forms.documents import DocumentUploadForm
from requests_app.forms.requests import (
    DisclosureRecordForm,
    DisclosureRequestForm,
    RequestFilterForm,
    SearchForm,
)
from requests_app.models import DisclosureRequest
from requests_app.permissions import (
    DISCLOSABLE,
    may_attach_document,
    may_build_packet,
    may_correct_disclosure,
    may_record_disclosure,
    may_redact,
    may_resubmit,
)
from requests_app.redaction.documents import DocumentRefused
from requests_app.selectors.casework import request_client, request_clients
from requests_app.selectors.documents import (
    current_packet,
    document_for_user,
    document_page_for_user,
    documents_of_request,
    packet_for_user,
    packet_is_current,
)
from requests_app.selectors.requests import (
    disclosure_allowed,
    my_requests,
    redaction_notes_for_request,
    request_for_user,
)
from requests_app.services.documents import document_attach
from requests_app.services.packets import packet_start
from requests_app.services.requests import disclosure_record, request_resubmit, request_submit
from requests_app.web.auth import AuthenticatedHttpRequest
from requests_app.web.paging import page_of
from requests_app.web.responses import pdf_response, private

PAGE_SIZE = 25
SEARCH_KEY = "request_search"  # kept in the session: search terms never travel in URLs


def request_choose_client(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Step 1: a client the requester may see (search by name or client number)."""
    form = SearchForm(request.POST or None)
    term = form.cleaned_data["q"] if request.method == "POST" and form.is_valid() else ""
    clients = request_clients(user=request.user, search=term)
    page = page_of(request, clients, PAGE_SIZE)
    audit.record_list_view(request, page="choose a client", clients=page.object_list)
    return render(request, "requests_app/request_choose_client.html", {"page": page, "form": form})


def request_new(request: AuthenticatedHttpRequest, client_pk: int) -> HttpResponse:
    """Step 2: describe the disclosure; submitting decides it at once."""
    today = timezone.localdate()
    client = request_client(user=request.user, pk=client_pk)
    form = DisclosureRequestForm(
        request.POST or None, user=request.user, client=client, today=today
    )
    if request.method == "POST" and form.is_valid():
        try:
            created = request_submit(
                requester=request.user,
                draft=form.instance,
                submission_token=form.cleaned_data["submission_token"],
                today=today,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("requests:detail", pk=created.pk)
    # Audited when the form (with the client's details) is shown; a submission audits its request.
    audit.record_view(request, client, detail="new request form")
    return render(request, "requests_app/request_form.html", {"form": form, "client": client})


@require_POST
def request_release_check(request: AuthenticatedHttpRequest, client_pk: int) -> HttpResponse:
    """The request form's "release on file" part for what the form holds so far (posted by its
    script when the recipient or the information changes): nothing is saved."""
    client = request_client(user=request.user, pk=client_pk)
    form = DisclosureRequestForm(
        request.POST, user=request.user, client=client, today=timezone.localdate()
    )
    form.is_valid()  # judges the releases against the recipient and information given
    audit.record_view(request, client, detail="release on file")
    return render(request, "requests_app/_release_on_file.html", {"form": form})


def request_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A returned request, edited and resubmitted for a new decision."""
    today = timezone.localdate()
    original = request_for_user(user=request.user, pk=pk)
    if not may_resubmit(user=request.user, request=original):
        raise PermissionDenied
    client = original.client
    form = DisclosureRequestForm(
        request.POST or None, instance=original, user=request.user, client=client, today=today
    )
    if request.method == "POST" and form.is_valid():
        try:
            request_resubmit(request=form.instance, requester=request.user, today=today)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("requests:detail", pk=pk)
    audit.record_view(request, original, detail="edit form")
    return render(
        request,
        "requests_app/request_form.html",
        {"form": form, "client": client, "editing": original},
    )


def request_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A request: its decision in plain words, what happens next, its records and timeline."""
    item = request_for_user(user=request.user, pk=pk)
    audit.record_view(request, item)
    return _detail_page(request, item)


@require_POST
def document_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Attach a record to the request (the requester, while it is open). A refused file is
    named with the reason, on the request's page, and nothing is stored."""
    item = request_for_user(user=request.user, pk=pk)
    if not may_attach_document(user=request.user, request=item):
        raise PermissionDenied("Only the requester adds records, while the request is open.")
    form = DocumentUploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            document = document_attach(
                request=item, user=request.user, name=upload.name, data=upload.read()
            )
        except DocumentRefused as refused:
            form.add_error("file", f"{refused}.")
        else:
            messages.success(request, f"{document.name} is attached ({document.page_count} pages).")
            return redirect(f"{reverse('requests:detail', args=[item.pk])}#documents-heading")
    audit.record_view(request, item)
    return _detail_page(request, item, upload_form=form, status=400)


def document_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """A record of a request, for whoever may see the request; every download is audited."""
    document = document_for_user(user=request.user, pk=pk)
    audit.record_view(
        request, document, client=document.request.client, action="download", detail="record"
    )
    filename = f"{document.request.reference}-record-{document.pk}.pdf"
    return pdf_response(document.pdf.open("rb"), filename)


def document_page(request: AuthenticatedHttpRequest, pk: int, number: int) -> FileResponse:
    """One page of a record as an image (for the redaction editor), for whoever may see the
    request; 404 until the page is rendered. Every view is audited."""
    page = document_page_for_user(user=request.user, pk=pk, number=number)
    audit.record_view(
        request, page.document, client=page.document.request.client, detail=f"page {number}"
    )
    response = FileResponse(page.image.open("rb"), content_type="image/png")
    private(response)
    return response


@require_POST
def packet_build(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Start building the request's disclosure packet (in the background)."""
    item = request_for_user(user=request.user, pk=pk)
    try:
        packet_start(request=item, user=request.user)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(request, "The packet is being built: this page shows how far it is.")
    return redirect(f"{reverse('requests:detail', args=[item.pk])}#packet-heading")


def packet_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """A verified packet, for whoever may see its request; every download is audited."""
    packet = packet_for_user(user=request.user, pk=pk)
    audit.record_view(
        request, packet, client=packet.request.client, action="download", detail="packet"
    )
    filename = f"{packet.request.reference}-packet-{packet.pk}.pdf"
    return pdf_response(packet.file.open("rb"), filename)


def _detail_page(
    request: AuthenticatedHttpRequest,
    item: DisclosureRequest,
    *,
    upload_form: DocumentUploadForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The request's page (with the upload form as submitted, when it was refused)."""
    may_attach = may_attach_document(user=request.user, request=item)
    decisions = list(item.decisions.all())
    reviews = list(item.reviews.all())
    disclosure = item.disclosure if item.status == RequestStatus.DISCLOSED else None
    return render(
        request,
        "requests_app/request_detail.html",
        {
            "item": item,
            "decision": decisions[0] if decisions else None,
            "earlier_decisions": decisions[1:],
            "review": reviews[0] if reviews else None,
            "is_requester": item.requester_id == request.user.pk,
            "can_disclose": may_record_disclosure(user=request.user, request=item),
            "can_correct": disclosure is not None
            and may_correct_disclosure(user=request.user, disclosure=disclosure),
            "notes": redaction_notes_for_request(request=item),
            "documents": documents_of_request(request=item),
            "packet": (packet := current_packet(item)),
            "packet_current": packet_is_current(packet, item),
            "may_build_packet": may_build_packet(user=request.user, request=item),
            "packet_stage": item.status in DISCLOSABLE or item.status == RequestStatus.DISCLOSED,
            "may_redact": may_redact(user=request.user, request=item),
            "upload_form": (upload_form or DocumentUploadForm()) if may_attach else None,
        },
        status=status,
    )


def request_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """My requests: status filter (in the URL), search (kept in the session), pagination."""
    if request.method == "POST":
        search = SearchForm(request.POST)
        term = search.cleaned_data["q"].strip() if search.is_valid() else ""
        request.session[SEARCH_KEY] = term
        return redirect(request.get_full_path())
    filters = RequestFilterForm(request.GET or None)
    status = filters.cleaned_data["status"] if filters.is_valid() else ""
    term = request.session.get(SEARCH_KEY, "")
    rows = my_requests(user=request.user, status=status or None, search=term)
    page = page_of(request, rows, PAGE_SIZE)
    audit.record_list_view(request, page="my requests", clients=[r.client for r in page])
    return render(
        request,
        "requests_app/request_list.html",
        {"page": page, "filters": filters, "search": SearchForm(initial={"q": term}), "term": term},
    )


def disclosure_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Record what was actually disclosed on a permitted or approved request."""
    today = timezone.localdate()
    item = request_for_user(user=request.user, pk=pk)
    if not may_record_disclosure(user=request.user, request=item):
        raise PermissionDenied
    needs_redactions = item.status == RequestStatus.APPROVED_WITH_REDACTIONS
    form = DisclosureRecordForm(
        request.POST or None,
        today=today,
        needs_redactions=needs_redactions,
        allowed=disclosure_allowed(request=item),
        initial={
            "disclosed_on": today,
            "mode": item.mode if item.mode != "both" else "documentary",
            "media": item.media,
            "recipient": item.recipient_display,
            "information_disclosed": item.information_description,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            disclosure_record(request=item, user=request.user, today=today, **form.cleaned_data)
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, "The disclosure is recorded in the client's accounting.")
            return redirect("requests:detail", pk=item.pk)
    notes = redaction_notes_for_request(request=item) if needs_redactions else []
    audit.record_view(request, item, detail="disclosure form")
    return render(
        request, "requests_app/disclosure_form.html", {"form": form, "item": item, "notes": notes}
    )
