"""Admin for release authorizations."""

from django.contrib import admin

from forms_app.models import ReleaseAuthorization


@admin.register(ReleaseAuthorization)
class ReleaseAuthorizationAdmin(admin.ModelAdmin):
    list_display = ["number", "form", "client", "counterparty_name", "effective_on", "expires_on"]
    list_filter = ["form"]
    search_fields = ["number", "client__client_number"]
    raw_id_fields = ["client", "signer_relation", "revoked_recorded_by", "prepared_by"]
