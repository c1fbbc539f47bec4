"""Two-factor forms: the one-time code that proves the second factor at sign-in, and setting up
(or replacing) an authenticator, which asks again for everything that proves the account."""

from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest

from requests_app.services.twofactor import DeviceChangeRefused

#: Refusals that count as a failed sign-in for the lockout: each is a guess at a secret that
#: proves the account (a wrong code from the new authenticator is only a typing slip).
COUNTED_AS_FAILED_SIGN_IN = frozenset({"current_code", "enrolment_code"})


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=16,
        help_text="The 6-digit code from your authenticator app, or a recovery code.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].replace(" ", "").strip()


class SecretTextInput(forms.TextInput):
    """A text box that is never filled in again when the page comes back with an error: what
    it holds is a secret (a one-time or enrolment code), typed afresh each time."""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        return super().get_context(name, None, attrs)


def _code_field(label: str, help_text: str, *, numeric: bool = True) -> forms.CharField:
    attrs = {"autocomplete": "one-time-code" if numeric else "off", "spellcheck": "false"}
    if numeric:
        attrs["inputmode"] = "numeric"
    return forms.CharField(
        label=label,
        max_length=24,
        help_text=help_text,
        error_messages={"required": f"{label}: enter it."},
        widget=SecretTextInput(attrs=attrs),
    )


class DeviceSetupForm(forms.Form):
    """Everything that confirms a new authenticator: the account's password (checked through
    the sign-in's authentication, so wrong guesses lock the account out as on the sign-in
    page), a code from the new app, and, when replacing one, a code from the current
    authenticator or a recovery code; for a first authenticator where required, an enrolment
    code. The codes themselves are checked by `services.twofactor.device_confirm`."""

    password = forms.CharField(
        label="Your password",
        max_length=4096,
        strip=False,
        help_text="The password you sign in with: changing how you sign in needs it again.",
        error_messages={"required": "Your password: enter it."},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(
        self, *args: Any, request: HttpRequest, replacing: bool, enrolment_code: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        if replacing:
            self.fields["current_code"] = _code_field(
                "Code from your current authenticator",
                "The 6-digit code your current app shows now. Lost that device? Enter one of "
                "your recovery codes instead.",
            )
        elif enrolment_code:
            self.fields["enrolment_code"] = _code_field(
                "Enrolment code",
                "The code an administrator gave you for setting up two-factor sign-in (four "
                "groups of four letters and digits). Have none? Ask your system administrator.",
                numeric=False,
            )
        self.fields["code"] = _code_field(
            "Code from the new authenticator",
            "The 6-digit code your app shows for this account once you have added it.",
        )

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        user = self.request.user
        # authenticate() goes through django-axes: a wrong password is a failed sign-in, and a
        # locked-out account is refused whatever it types (the lockout page answers instead).
        if authenticate(self.request, username=user.get_username(), password=password) is None:
            raise forms.ValidationError(
                "Your password: that is not the password of this account.", code="wrong_password"
            )
        return password

    def proofs(self) -> dict[str, str]:
        """The codes typed, as `device_confirm` takes them (spaces people type in codes are
        dropped)."""
        names = ("code", "current_code", "enrolment_code")
        return {
            name: "".join(self.cleaned_data[name].split()) for name in names if name in self.fields
        }

    def refuse(self, refusal: DeviceChangeRefused) -> None:
        """Show a refusal of `device_confirm` on its field; a wrong code from the current
        authenticator or a wrong enrolment code is a failed sign-in for the lockout, like a
        wrong password (a code not checked, because the devices are waiting, is not)."""
        self.add_error(refusal.field if refusal.field in self.fields else None, refusal)
        if refusal.checked and refusal.field in COUNTED_AS_FAILED_SIGN_IN:
            user_login_failed.send(
                sender=__name__,
                credentials={"username": self.request.user.get_username()},
                request=self.request,
            )
