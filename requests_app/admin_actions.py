"""Admin actions on user accounts: issuing an enrolment code for a first authenticator.

The code is shown once, on the page that answers the action, for the administrator to hand
over in person or by phone; it is never stored in clear, put in a message or logged (the
issue itself is an access event, written by the service).
"""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpResponse
from django.template.response import TemplateResponse

from requests_app.permissions import may_issue_enrolment_code
from requests_app.services.twofactor import enrolment_code_issue
from requests_app.web.auth import AuthenticatedHttpRequest


@admin.action(description="Issue an enrolment code", permissions=["change"])
def issue_enrolment_code(
    modeladmin: admin.ModelAdmin, request: AuthenticatedHttpRequest, queryset: QuerySet[User]
) -> HttpResponse | None:
    """Issue a code for each selected user the administrator may issue one for (never their
    own; a superuser's only by a superuser) and show the codes once."""
    by = request.user
    issued: list[tuple[User, str]] = []
    refused: list[User] = []
    for user in queryset.order_by("username"):
        if may_issue_enrolment_code(by=by, user=user):
            issued.append((user, enrolment_code_issue(user=user, by=by)))
        else:
            refused.append(user)
    if not issued:
        modeladmin.message_user(
            request,
            "No enrolment code was issued: you cannot issue one for your own account, a "
            "superuser's (unless you are one) or a disabled account.",
            messages.ERROR,
        )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": "Enrolment codes issued",
        "opts": modeladmin.model._meta,
        "issued": issued,
        "refused": refused,
        "hours": settings.ENROLMENT_CODE_HOURS,
    }
    return TemplateResponse(request, "admin/enrolment_codes_issued.html", context)
