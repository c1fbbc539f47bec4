"""Correcting the date of a recorded disclosure: a small page reached from the client's
accounting of disclosures and from the request's page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from requests_app import audit
from requests_app.dates import day_in_words
from requests_app.forms.disclosures import DisclosureCorrectionForm
from requests_app.permissions import may_correct_disclosure
from requests_app.selectors.requests import disclosure_allowed, disclosure_for_user
from requests_app.services.disclosures import disclosure_correct
from requests_app.web.auth import AuthenticatedHttpRequest


def disclosure_correct_date(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Whoever recorded the disclosure, or Legal Affairs, corrects its date with a reason; the
    accounting then shows the recorded date beside the correct one."""
    today = timezone.localdate()
    entry = disclosure_for_user(user=request.user, pk=pk)
    if not may_correct_disclosure(user=request.user, disclosure=entry):
        raise PermissionDenied
    recorded = entry.disclosed_on
    allowed = disclosure_allowed(request=entry.request)
    form = DisclosureCorrectionForm(
        request.POST or None,
        today=today,
        current=recorded,
        allowed=allowed,
        initial={"disclosed_on": recorded},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            disclosure_correct(
                disclosure=entry,
                user=request.user,
                disclosed_on=data["disclosed_on"],
                reason=data["reason"],
                today=today,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"The date of disclosure of {entry.request_reference} is corrected from "
                f"{day_in_words(recorded)} to {day_in_words(data['disclosed_on'])}. The "
                "accounting shows both dates and the reason.",
            )
            return redirect("requests:accounting", pk=entry.client_id)
    audit.record_view(request, entry, detail="correct the date of disclosure")
    return render(
        request,
        "requests_app/disclosure_correct.html",
        {"form": form, "entry": entry, "allowed": allowed},
    )
