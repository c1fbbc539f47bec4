"""Admin for accounts, units, staff and the casework imported from the system of record.

Superusers change anything here (every change of rights is audited, `requests_app.role_audit`).
A system administrator (staff, in the system_admin duty group, not a superuser) manages
accounts and units but never grants a right that opens client information or the admin:

- accounts: names, active, and groups that open nothing (`selectors.accounts.grantable_groups`);
  never superuser or staff status, permissions, privileged duty groups, username or email; never
  a password (the password page answers 403): a new account gets none and its owner chooses one
  from a link sent by email, and an administrator may send such a link again;
- groups: names only, never a duty group's name, never permissions; duty groups not at all;
- staff profiles: unit and job title; a new profile only with a role that consults Legal
  Affairs; never the supervisor, nor the role of an existing profile;
- everything else goes through a role-grant request, which another administrator (never the
  requester, never the person concerned) approves or refuses here.
"""

from typing import Any, cast

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Field, QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from requests_app import permissions, policy, words
from requests_app.admin_actions import issue_enrolment_code
from requests_app.choices import DisclosureRole
from requests_app.forms import BoundedModelForm
from requests_app.forms.accounts import (
    AccountOpenForm,
    BoundedUserChangeForm,
    GroupNameForm,
    LimitedAccountForm,
    RoleGrantRequestForm,
)
from requests_app.models import (
    Authority,
    Case,
    CaseAssignment,
    CaseMembership,
    Client,
    ClientRelation,
    RoleGrantRequest,
    StaffProfile,
    WorkUnit,
)
from requests_app.selectors.accounts import privileged_groups_held, role_grants_listed
from requests_app.services.accounts import account_open, password_link_send
from requests_app.services.authorities import authority_save
from requests_app.services.role_grants import (
    role_grant_decide,
    role_grant_file,
    role_grant_withdraw,
)


class ClientInformationAdmin(admin.ModelAdmin):
    """Client information: visible in the admin to superusers only. System administrators
    manage users and units here and never see clients, cases or relations."""

    form = BoundedModelForm  # dates from 1900 to 2100, as everywhere

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
    """Staff profiles. A system administrator sets the unit and job title; the supervisor and
    an existing profile's role only a role-grant request changes (a supervisor sees their
    supervisees' cases; a role of `policy.DIRECT_ROLES` discloses without Legal Affairs), and
    a new profile gets a role that consults Legal Affairs."""

    list_display = ["user", "disclosure_role", "unit", "supervisor"]
    list_filter = ["disclosure_role", "unit"]
    raw_id_fields = ["user", "supervisor"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        if permissions.grants_directly(request.user):
            return ()
        return ("user", "disclosure_role", "supervisor") if obj else ("supervisor",)

    def formfield_for_choice_field(
        self, db_field: Field, request: HttpRequest, **kwargs: Any
    ) -> Any:
        if db_field.name == "disclosure_role" and not permissions.grants_directly(request.user):
            kwargs["choices"] = [
                (value, label)
                for value, label in DisclosureRole.choices
                if value not in policy.DIRECT_ROLES
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


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


# ---------------------------------------------------------------- accounts and rights

admin.site.unregister(User)
admin.site.unregister(Group)

#: An account as a system administrator sees it (the rest is read-only or absent).
LIMITED_FIELDSETS = (
    (None, {"fields": ("username",)}),
    ("Personal info", {"fields": ("first_name", "last_name", "email")}),
    (
        "Rights",
        {
            "fields": ("is_active", "is_staff", "is_superuser", "privileged_duties", "groups"),
            "description": (
                "Staff status and duty groups are changed by a role-grant request that another "
                "administrator approves; superuser status only at the server's console."
            ),
        },
    ),
    ("Important dates", {"fields": ("last_login", "date_joined")}),
)
LIMITED_READONLY = (
    "username",
    "email",
    "is_staff",
    "is_superuser",
    "privileged_duties",
    "last_login",
    "date_joined",
)
#: A new account as a system administrator opens it: no password, no rights.
OPEN_FIELDSETS = ((None, {"fields": ("username", "first_name", "last_name", "email")}),)


class GroupFilter(admin.SimpleListFilter):
    """Accounts by group, each duty group by its title rather than its name."""

    title = "group"
    parameter_name = "group"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        groups = Group.objects.order_by("name").values_list("pk", "name")
        return [(str(pk), words.duty_labels([name])[0]) for pk, name in groups]

    def queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> QuerySet[User]:
        chosen = self.value()
        return queryset.filter(groups__pk=chosen) if chosen else queryset


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    """Django's user admin for superusers; the narrower account page above for system
    administrators. Add actions to `actions`."""

    actions: Any = ["send_password_link", issue_enrolment_code]
    list_filter = ("is_staff", "is_superuser", "is_active", GroupFilter)
    form = BoundedUserChangeForm
    add_form_template = "admin/requests_app/account_add_form.html"

    def _limited(self, request: HttpRequest) -> bool:
        return not permissions.grants_directly(request.user)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        if not self._limited(request):
            return super().get_fieldsets(request, obj)
        return LIMITED_FIELDSETS if obj is not None else OPEN_FIELDSETS

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if self._limited(request) and obj is not None:
            return LIMITED_READONLY
        return super().get_readonly_fields(request, obj)

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> type[ModelForm]:
        if self._limited(request):
            kwargs["form"] = LimitedAccountForm if obj is not None else AccountOpenForm
        return super().get_form(request, obj, change=change, **kwargs)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """A superuser's account is changed by superusers only."""
        return super().has_change_permission(request, obj) and (
            obj is None or permissions.may_change_account(by=request.user, user=obj)
        )

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> Any:
        """Only a superuser sets a password here; anyone else sends a link instead."""
        if self._limited(request):
            raise PermissionDenied("Only a superuser sets a password; send a link instead.")
        return super().user_change_password(request, id, form_url)

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: dict | None = None
    ) -> HttpResponse:
        context = {**(extra_context or {}), "opens_without_password": self._limited(request)}
        return super().add_view(request, form_url, context)

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        if change or not self._limited(request):
            super().save_model(request, obj, form, change)
            return
        account_open(by=_signed_in(request), draft=obj)
        self.message_user(
            request, f"{obj.username} was sent a link to choose a password, at {obj.email}."
        )

    @admin.display(description="Duty groups (by role-grant request)")
    def privileged_duties(self, obj: User) -> str:
        held = words.duty_labels(g.name for g in privileged_groups_held(user=obj))
        return ", ".join(held) or "none"

    @admin.action(description="Send a link to choose a new password", permissions=["change"])
    def send_password_link(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        """Email each selected account (one the administrator may change, active, with an
        address) a link by which its owner chooses a new password."""
        sent, skipped = [], []
        for user in queryset.order_by("username"):
            if (
                user.is_active
                and user.email
                and permissions.may_change_account(by=request.user, user=user)
            ):
                password_link_send(user=user, by=_signed_in(request))
                sent.append(user.username)
            else:
                skipped.append(user.username)
        if sent:
            self.message_user(request, f"A link was sent to {', '.join(sent)}.")
        if skipped:
            self.message_user(
                request,
                f"No link for {', '.join(skipped)}: disabled, without an email address, or a "
                "superuser's account.",
                messages.WARNING,
            )


@admin.register(Group)
class PortalGroupAdmin(GroupAdmin):
    """Groups. A system administrator names groups that open nothing; duty groups and every
    group's permissions are a superuser's."""

    def _limited(self, request: HttpRequest) -> bool:
        return not permissions.grants_directly(request.user)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("permissions",) if self._limited(request) else ()

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> type[ModelForm]:
        if self._limited(request):
            kwargs["form"] = GroupNameForm
        return super().get_form(request, obj, change=change, **kwargs)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        return (
            obj is None
            or not self._limited(request)
            or not permissions.privileged_groups().filter(pk=obj.pk).exists()
        )


@admin.register(RoleGrantRequest)
class RoleGrantRequestAdmin(admin.ModelAdmin):
    """Changes of rights that wait for a second person, and their decisions. A request is filed
    here and never edited; another administrator approves (which applies it) or refuses it, or
    its requester withdraws it, each with the list's actions."""

    form = RoleGrantRequestForm
    list_display = [
        "created_at",
        "user",
        "kind",
        "value_shown",
        "status",
        "requested_by",
        "decided_by",
        "decided_at",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["user__username", "requested_by__username", "value"]
    raw_id_fields = ["user"]
    actions: Any = ["approve_role_grants", "refuse_role_grants", "withdraw_role_grants"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[RoleGrantRequest]:
        return role_grants_listed()

    @admin.display(description="Value", ordering="value")
    def value_shown(self, obj: RoleGrantRequest) -> str:
        return obj.value_label

    def has_module_permission(self, request: HttpRequest) -> bool:
        return permissions.may_file_role_grant(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.may_file_role_grant(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return permissions.may_file_role_grant(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # filed once; decided with the actions

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_decide_permission(self, request: HttpRequest) -> bool:
        return permissions.may_file_role_grant(request.user)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["user", "kind", "value", "reason"]
        return [
            "user",
            "kind",
            "value",
            "reason",
            "status",
            "requested_by",
            "created_at",
            "decided_by",
            "decided_at",
        ]

    def save_model(
        self, request: HttpRequest, obj: RoleGrantRequest, form: Any, change: bool
    ) -> None:
        role_grant_file(requested_by=_signed_in(request), draft=obj)
        self.message_user(
            request,
            "The request waits for another administrator's decision (never yours, nor "
            f"{obj.user.username}'s).",
        )

    @admin.action(description="Approve and apply the selected requests", permissions=["decide"])
    def approve_role_grants(
        self, request: HttpRequest, queryset: QuerySet[RoleGrantRequest]
    ) -> HttpResponse | None:
        return self._decide(request, queryset, "approve")

    @admin.action(description="Refuse the selected requests", permissions=["decide"])
    def refuse_role_grants(
        self, request: HttpRequest, queryset: QuerySet[RoleGrantRequest]
    ) -> HttpResponse | None:
        return self._decide(request, queryset, "refuse")

    @admin.action(description="Withdraw the selected requests (yours)", permissions=["decide"])
    def withdraw_role_grants(
        self, request: HttpRequest, queryset: QuerySet[RoleGrantRequest]
    ) -> HttpResponse | None:
        return self._decide(request, queryset, "withdraw")

    def _decide(
        self, request: HttpRequest, queryset: QuerySet[RoleGrantRequest], verb: str
    ) -> HttpResponse | None:
        """Ask for confirmation, then apply `verb` to each request; each refusal (someone
        else's request to withdraw, one's own or one's own grant to decide, one decided
        meanwhile) is reported and changes nothing."""
        grants = list(queryset.select_related("user", "requested_by"))
        if request.POST.get("post") != "yes":
            context = {
                **self.admin_site.each_context(request),
                "title": f"{verb.capitalize()} these requests?",
                "opts": self.opts,
                "grants": grants,
                "verb": verb,
                "action": request.POST.get("action", ""),
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(
                request, "admin/requests_app/rolegrantrequest/decide_confirm.html", context
            )
        by = _signed_in(request)
        done, refused = [], []
        for grant in grants:
            try:
                if verb == "withdraw":
                    role_grant_withdraw(grant=grant, by=by)
                else:
                    role_grant_decide(grant=grant, by=by, approve=verb == "approve")
                done.append(str(grant.pk))
            except (PermissionDenied, ValidationError) as error:
                refused.append(f"#{grant.pk}: {_reason(error)}")
        if done:
            self.message_user(request, f"Requests {', '.join(done)}: {verb} done.")
        for line in refused:
            self.message_user(request, f"Not done, {line}", messages.ERROR)
        return None


def _signed_in(request: HttpRequest) -> User:
    """The admin's user: always signed in (the admin site lets nobody else in)."""
    return cast(User, request.user)


def _reason(error: Exception) -> str:
    """A refusal's message, for the page."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or "not allowed."


# ---------------------------------------------------------------- the table of authorities


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin):
    """The statutes and regulations a Legal Affairs approval may cite, each with its citation
    and plain-English label. Only the Office of Legal Affairs (and superusers) see and change
    it, through `services.authorities` (checked and audited); an authority is retired by
    unticking "active", never deleted, since decisions cite it."""

    list_display = ["label", "citation", "kind", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["label", "citation"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return permissions.maintains_authorities(request.user)

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return permissions.maintains_authorities(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return permissions.maintains_authorities(request.user)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return permissions.maintains_authorities(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Authority, form: object, change: bool) -> None:
        authority_save(authority=obj, by=request.user)
