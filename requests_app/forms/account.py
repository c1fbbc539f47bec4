"""The sign-in form."""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    """Django's sign-in form; a username longer than any account's is a failed sign-in like any
    other (it never reaches the authentication backends, nor the lockout's records)."""

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        limit = get_user_model()._meta.get_field("username").max_length or 150
        if len(username) > limit:
            raise self.get_invalid_login_error()
        return super().clean()
