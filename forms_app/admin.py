"""Admin for release authorizations, their history and the print log.

Read-only: every change to a release goes through forms_app.services, which check the actor,
keep the lifecycle in order and write the history; the admin is for looking things up.
"""

from django.contrib import admin
from django.http import HttpRequest

from forms_app.models import (
    ReleaseAuthorization,
    ReleaseEvent,
    ReleasePrint,
    ReleasePrintBatch,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Read-only, and shown only to superusers: releases are client information, which the
    system administrators who manage accounts in the admin never see."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return request.user.is_superuser

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ReleaseEventInline(admin.TabularInline):
    model = ReleaseEvent
    extra = 0
    can_delete = False
    fields = readonly_fields = ("at", "kind", "actor", "detail")

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ReleaseAuthorization)
class ReleaseAuthorizationAdmin(ReadOnlyAdmin):
    list_display = [
        "number",
        "form",
        "client",
        "counterparty_name",
        "effective_on",
        "expires_on",
        "signed_on",
        "revoked_on",
    ]
    list_filter = ["form"]
    search_fields = ["number", "client__client_number"]
    list_select_related = ["client"]
    raw_id_fields = ["client", "signer_relation", "revoked_recorded_by", "prepared_by"]
    inlines = [ReleaseEventInline]


@admin.register(ReleasePrintBatch)
class ReleasePrintBatchAdmin(ReadOnlyAdmin):
    list_display = ["pk", "printed_by", "printed_at"]
    list_select_related = ["printed_by"]


@admin.register(ReleasePrint)
class ReleasePrintAdmin(ReadOnlyAdmin):
    list_display = ["release", "printed_by", "printed_at", "batch"]
    list_select_related = ["release", "printed_by", "batch"]
    search_fields = ["release__number"]
