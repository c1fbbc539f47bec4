"""Pages of the release journey.

Each view checks permission through a scoped selector (404 for a release or client the user
may not see), validates a form, calls one service and renders or redirects. Files (the signed
scan, the PDFs) are only ever served from here, never from MEDIA_URL.
"""

import io
from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.views.decorators.http import require_POST

from forms_app import selectors, services
from forms_app.forms import (
    PrintForm,
    ReleaseCaptureForm,
    ReleaseCorrectDatesForm,
    ReleaseReceivedForm,
    ReleaseReturnForm,
    ReleaseRevokeForm,
    ReleaseSentForm,
    ReleaseSignForm,
)
from forms_app.models import ReleaseAuthorization
from forms_app.uploads import SCAN_TYPES_BY_KIND
from requests_app import audit
from requests_app.models import Client
from requests_app.permissions import is_supervisor, may_correct_release_dates, requires
from requests_app.selectors.casework import client_for_user
from requests_app.web.auth import AuthenticatedHttpRequest
from requests_app.web.paging import page_of
from requests_app.web.responses import pdf_response, private


def _shown(request: HttpRequest, obj: object, client: Client, what: str) -> None:
    """A page of the release journey showing the client's name: an audited read."""
    audit.record_view(request, obj, client=client, detail=what)


def _posted(request: HttpRequest) -> QueryDict | None:
    """The posted data, or None for an unbound form. Not `request.POST or None`: a POST with
    nothing ticked must still be validated, and say what is missing."""
    return request.POST if request.method == "POST" else None


def _posted_files(request: HttpRequest) -> MultiValueDict | None:
    return request.FILES if request.method == "POST" else None


def _file_name(release: ReleaseAuthorization, suffix: str) -> str:
    """A downloaded file's name: the release's reference, spaces as hyphens."""
    return release.reference.replace(" ", "-") + suffix


def release_list(request: AuthenticatedHttpRequest, client_pk: int) -> HttpResponse:
    client = client_for_user(user=request.user, pk=client_pk)
    releases = selectors.releases_for_client(user=request.user, client=client)
    page = page_of(request, releases, selectors.PAGE_SIZE)
    context = {"client": client, "page": page, "today": timezone.localdate()}
    audit.record_list_view(request, page="releases of a client", clients=[client])
    return render(request, "forms_app/release_list.html", context)


def _capture(
    request: AuthenticatedHttpRequest, client: Client, release: ReleaseAuthorization | None = None
) -> HttpResponse:
    """Prepare a new release for `client`, or change the draft `release`."""
    today = timezone.localdate()
    form = ReleaseCaptureForm(_posted(request), instance=release, client=client, today=today)
    if request.method == "POST" and form.is_valid():
        try:
            if release is None:
                saved = services.release_create(
                    prepared_by=request.user, draft=form.instance, today=today
                )
                messages.success(request, f"Draft {saved.reference} saved.")
            else:
                saved = services.release_update(
                    release=form.instance, actor=request.user, today=today
                )
                messages.success(request, "Draft saved.")
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("forms:detail", saved.pk)
    context = {"form": form, "client": client, "release": release}
    _shown(request, release or client, client, "release form")
    return render(request, "forms_app/release_form.html", context)


def release_create(request: AuthenticatedHttpRequest, client_pk: int) -> HttpResponse:
    return _capture(request, client_for_user(user=request.user, pk=client_pk))


def release_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    release = selectors.release_to_change(user=request.user, pk=pk)
    if not release.is_draft:
        messages.error(request, "Only a draft can be changed; this release was already printed.")
        return redirect("forms:detail", release.pk)
    return _capture(request, release.client, release)


def release_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    page = selectors.release_page(user=request.user, pk=pk)
    audit.record_view(request, page.release, client=page.release.client)
    context = {"page": page, "release": page.release, "today": timezone.localdate()}
    return render(request, "forms_app/release_detail.html", context)


@require_POST
def release_mark_ready(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    release = selectors.release_to_change(user=request.user, pk=pk)
    try:
        services.release_mark_ready(release=release, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Marked ready for signature. Print the form for the signer.")
    return redirect("forms:detail", release.pk)


def release_return_to_draft(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Confirm, with a reason, that a release printed for signature goes back to draft."""
    release = selectors.release_to_change(user=request.user, pk=pk)
    if not release.is_awaiting_signature:
        messages.error(request, "Only a release printed for signature can go back to draft.")
        return redirect("forms:detail", release.pk)
    form = ReleaseReturnForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.release_return_to_draft(
                release=release, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Returned to draft. Change it, then print it again.")
            return redirect("forms:detail", release.pk)
    _shown(request, release, release.client, "return to draft")
    return render(request, "forms_app/release_return.html", {"form": form, "release": release})


def release_sign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    release = selectors.release_to_change(user=request.user, pk=pk)
    form = ReleaseSignForm(_posted(request), _posted_files(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.release_sign(release=release, actor=request.user, **form.sign_arguments())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Signature recorded and the signed scan stored.")
            return redirect("forms:detail", release.pk)
    _shown(request, release, release.client, "signature form")
    return render(request, "forms_app/release_sign.html", {"form": form, "release": release})


def release_correct_dates(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Correct a wrong date on a signed release: for whoever prepared it, with a reason."""
    release = selectors.release_to_change(user=request.user, pk=pk)
    if not may_correct_release_dates(user=request.user, release=release):
        raise PermissionDenied("Only the staff member who prepared this release may correct it.")
    if not release.is_signed:
        messages.error(request, "Only a signed release has its dates corrected.")
        return redirect("forms:detail", release.pk)
    dates = {field: getattr(release, field) for field, _ in services.CORRECTABLE_DATES}
    form = ReleaseCorrectDatesForm(_posted(request), initial=dates)
    if request.method == "POST" and form.is_valid():
        try:
            services.release_correct_dates(
                release=release, actor=request.user, **form.correction_arguments()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Dates corrected; the correction and its reason are kept.")
            return redirect("forms:detail", release.pk)
    _shown(request, release, release.client, "date correction form")
    return render(request, "forms_app/release_correct.html", {"form": form, "release": release})


def release_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    release = selectors.release_to_change(user=request.user, pk=pk)
    form = ReleaseRevokeForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.release_revoke(release=release, actor=request.user, **form.revoke_arguments())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Revocation recorded.")
            return redirect("forms:detail", release.pk)
    _shown(request, release, release.client, "revocation form")
    return render(request, "forms_app/release_revoke.html", {"form": form, "release": release})


def _track(request: AuthenticatedHttpRequest, pk: int, step: str) -> HttpResponse:
    """Record that a DCF-2131T's request went to the provider (`sent`) or that the records
    came back (`received`)."""
    release = selectors.release_to_change(user=request.user, pk=pk)
    form_class, field, record, argument, done = TRACKING[step]
    form = form_class(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            record(release=release, actor=request.user, **{argument: form.cleaned_data[field]})
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, done)
            return redirect("forms:detail", release.pk)
    context = {"form": form, "release": release, "step": step}
    _shown(request, release, release.client, f"tracking ({step})")
    return render(request, "forms_app/release_track.html", context)


#: Each tracking step: its form and date field, the service recording it and the service's
#: argument for that date, and what the worker is told.
TRACKING: dict[str, tuple[type[forms.Form], str, Callable[..., ReleaseAuthorization], str, str]] = {
    "sent": (
        ReleaseSentForm,
        "sent_to_provider_on",
        services.release_mark_sent,
        "sent_on",
        "Recorded as sent to the provider.",
    ),
    "received": (
        ReleaseReceivedForm,
        "records_received_on",
        services.release_records_received,
        "received_on",
        "Recorded the records as received.",
    ),
}


def release_mark_sent(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _track(request, pk, "sent")


def release_records_received(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _track(request, pk, "received")


def release_pdf(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    release = selectors.release_for_user(user=request.user, pk=pk)
    audit.record_view(request, release, client=release.client, action="download", detail="PDF")
    stored = services.release_pdf_print(release=release, actor=request.user)
    return pdf_response(stored.open("rb"), _file_name(release, ".pdf"))


def release_scan(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    release = selectors.release_for_user(user=request.user, pk=pk)
    if not release.signed_scan:
        raise Http404("No signed scan is stored for this release.")
    audit.record_view(request, release, client=release.client, action="download", detail="scan")
    scan_type = SCAN_TYPES_BY_KIND[release.signed_scan_kind]
    response = FileResponse(
        release.signed_scan.open("rb"),
        as_attachment=True,
        content_type=scan_type.content_type,
        filename=_file_name(release, f"-signed.{scan_type.extension}"),
    )
    private(response)
    return response


#: The name of the print queue's "Select all" button.
SELECT_ALL = "select_all"


@requires(is_supervisor)
def print_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The unit's signed forms waiting to be printed: select some (or all on the page), confirm
    the flagged ones, print them as one batch."""
    today = timezone.localdate()
    queue = selectors.print_queue(user=request.user)
    page = page_of(request, queue, selectors.PRINT_QUEUE_PAGE_SIZE)
    if request.method == "POST" and SELECT_ALL in request.POST:
        # Without JavaScript, "Select all" comes back here: the page again, every form ticked.
        form = PrintForm(queue=queue, today=today, initial={"releases": [str(r.pk) for r in page]})
    else:
        form = PrintForm(_posted(request), queue=queue, today=today)
    if request.method == "POST" and form.is_bound and form.is_valid():
        try:
            batch = services.releases_print(
                printed_by=request.user,
                releases=form.cleaned_data["releases"],
                include_flagged=form.cleaned_data["include_flagged"],
                today=today,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            ready = f"Print {batch.pk} is ready. Open its PDF below and send it to the printer."
            messages.success(request, ready)
            return redirect("forms:print_batch", batch.pk)
    context = {"form": form, "page": page, "today": today}
    audit.record_list_view(request, page="print queue", clients=[r.client_id for r in page])
    return render(request, "forms_app/print_queue.html", context)


@requires(is_supervisor)
def print_batch(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    batch = selectors.print_batch_for_user(user=request.user, pk=pk)
    shown = [p.release.client_id for p in batch.prints.all()]
    audit.record_list_view(request, page="print batch", clients=shown)
    return render(request, "forms_app/print_batch.html", {"batch": batch})


@requires(is_supervisor)
def print_batch_pdf(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    batch = selectors.print_batch_for_user(user=request.user, pk=pk)
    for printed in batch.prints.all():
        audit.record_view(request, printed.release, action="download", detail="print batch PDF")
    content = services.print_batch_render(batch=batch, actor=request.user)
    return pdf_response(io.BytesIO(content), f"print-{batch.pk}.pdf")
