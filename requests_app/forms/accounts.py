"""Forms of the admin's account pages as a system administrator sees them, and of role-grant
requests.

A system administrator changes an account's names, whether it is active and the groups that
open nothing; never its superuser or staff status, permissions, password, privileged duty
groups, username or email address. Fields that are not in a form are not read from what is
posted, so a crafted POST cannot set them either.
"""

from typing import Any

from django import forms
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError

from requests_app.choices import PRIVILEGED_DUTIES, GrantKind
from requests_app.forms import Bounded
from requests_app.models import RoleGrantRequest
from requests_app.models.limits import NOTE
from requests_app.selectors.accounts import grantable_groups, privileged_groups_held
from requests_app.services.role_grants import role_change_check

GROUPS_HELP = (
    "Groups that open no client information. Duty groups (supervisor, Legal Affairs, ...) and "
    "staff status are granted by a role-grant request that another administrator approves."
)


class BoundedUserChangeForm(Bounded, UserChangeForm):
    """Django's account form, as a superuser changes an account: its dates (last sign-in,
    joined) from 1900 to 2100, as everywhere."""


class LimitedAccountForm(forms.ModelForm):
    """An existing account, as a system administrator may change it. The privileged groups it
    holds are kept whatever is posted: only a role-grant request (or a superuser) changes
    those."""

    class Meta:
        model = User
        fields = ["first_name", "last_name", "is_active", "groups"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups = self.fields.get("groups")
        if isinstance(groups, forms.ModelMultipleChoiceField):
            groups.queryset = grantable_groups()
            groups.help_text = GROUPS_HELP
            groups.error_messages["invalid_choice"] = (
                "Groups: %(value)s cannot be granted here; file a role-grant request."
            )

    def clean_groups(self) -> list[Group]:
        chosen = list(self.cleaned_data["groups"])
        held = list(privileged_groups_held(user=self.instance)) if self.instance.pk else []
        return chosen + held


class AccountOpenForm(forms.ModelForm):
    """A new account, as a system administrator opens it: no password (its owner chooses one
    from the link sent to the email address), no rights."""

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].error_messages["required"] = (
            "Email: the link to choose a password is sent there."
        )
        self.fields[
            "email"
        ].help_text = (
            "The owner of the account chooses a password from a link sent to this address."
        )


class GroupNameForm(forms.ModelForm):
    """A group, as a system administrator may name it: never with a duty group's name (a group
    so named would open what the duty opens). Its permissions are not in the form."""

    class Meta:
        model = Group
        fields = ["name"]

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"]
        if name in PRIVILEGED_DUTIES:
            raise ValidationError(
                f"Name: {name} is a duty group's name; duty groups are kept by the portal.",
                code="duty_name",
            )
        return name


class RoleGrantRequestForm(Bounded, forms.ModelForm):
    """A change of rights to ask for: whose, which, the value and why."""

    reason = forms.CharField(
        max_length=NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why the change is needed (the ticket or the manager's request).",
    )

    class Meta:
        model = RoleGrantRequest
        fields = ["user", "kind", "value", "reason"]
        help_texts = {
            "value": (
                "Add or remove a duty group: its name (supervisor, legal_affairs, "
                "assistant_attorney_general, agency_legal_director, commissioner, hr_director, "
                "system_admin). Supervisor: a username, or blank for none. Disclosure role: "
                "social_worker, solnit_north_staff, solnit_south_staff, cjts_staff or "
                "other_dcf_staff. Staff status: yes or no. Email: the new address."
            ),
        }

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        user, kind = cleaned.get("user"), cleaned.get("kind")
        if user is not None and kind in GrantKind.values:
            try:
                role_change_check(user=user, kind=kind, value=cleaned.get("value") or "")
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned
