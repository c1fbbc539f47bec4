"""Admin for units, staff and the casework imported from the system of record."""

from django.contrib import admin

from requests_app.models import (
    Case,
    CaseAssignment,
    CaseMembership,
    Client,
    ClientRelation,
    StaffProfile,
    WorkUnit,
)


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
class CaseAdmin(admin.ModelAdmin):
    list_display = ["case_number", "opened_on", "closed_on"]
    search_fields = ["case_number"]
    inlines = [CaseMembershipInline]


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    list_display = ["client_number", "last_name", "first_name"]
    search_fields = ["client_number", "last_name"]


@admin.register(ClientRelation)
class ClientRelationAdmin(admin.ModelAdmin):
    list_display = ["full_name", "kind", "client", "verified_on", "parental_rights_terminated"]
    list_filter = ["kind", "parental_rights_terminated"]
    raw_id_fields = ["client", "verified_by"]


@admin.register(CaseAssignment)
class CaseAssignmentAdmin(admin.ModelAdmin):
    list_display = ["case", "staff", "starts_on", "ends_on"]
    raw_id_fields = ["case", "staff"]
