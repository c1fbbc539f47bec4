"""Admin for units, staff and the casework imported from the system of record."""

from django.contrib import admin
from django.http import HttpRequest

from requests_app.models import (
    Case,
    CaseAssignment,
    CaseMembership,
    Client,
    ClientRelation,
    StaffProfile,
    WorkUnit,
)


class ClientInformationAdmin(admin.ModelAdmin):
    """Client information: visible in the admin to superusers only. System administrators
    manage users and units here and never see clients, cases or relations."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return request.user.is_superuser

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return request.user.is_superuser

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return request.user.is_superuser


@admin.register(WorkUnit)
class WorkUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind"]
    search_fields = ["name", "code"]


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "disclosure_role", "unit", "supervisor"]
    list_filter = ["disclosure_role", "unit"]
    raw_id_fields = ["user", "supervisor"]


class CaseMembershipInline(admin.TabularInline):
    model = CaseMembership
    raw_id_fields = ["client"]
    extra = 0


@admin.register(Case)
class CaseAdmin(ClientInformationAdmin):
    list_display = ["case_number", "opened_on", "closed_on"]
    search_fields = ["case_number"]
    inlines = [CaseMembershipInline]


@admin.register(Client)
class ClientAdmin(ClientInformationAdmin):
    list_display = ["client_number", "last_name", "first_name"]
    search_fields = ["client_number", "last_name"]


@admin.register(ClientRelation)
class ClientRelationAdmin(ClientInformationAdmin):
    list_display = ["full_name", "kind", "client", "verified_on", "parental_rights_terminated"]
    list_filter = ["kind", "parental_rights_terminated"]
    raw_id_fields = ["client", "verified_by"]


@admin.register(CaseAssignment)
class CaseAssignmentAdmin(ClientInformationAdmin):
    list_display = ["case", "staff", "starts_on", "ends_on"]
    raw_id_fields = ["case", "staff"]
