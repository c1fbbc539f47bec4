"""The sign-in form."""

from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils import timezone

from requests_app.web.addresses import client_address


class SignInForm(AuthenticationForm):
    """Django's sign-in form, with two refusals before any password is checked:

    - a username longer than any account's is a failed sign-in like any other (it never reaches
      the authentication backends, nor the lockout's records);
    - an address with SIGNIN_ADDRESS_LIMIT failures (any usernames) within the lockout's cool-off
      is slowed down: it waits out the cool-off, whoever it signs in as.
    """

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        limit = get_user_model()._meta.get_field("username").max_length or 150
        if len(username) > limit:
            raise self.get_invalid_login_error()
        address = client_address(self.request) if self.request is not None else None
        if address and failures_from(address) >= settings.SIGNIN_ADDRESS_LIMIT:
            minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
            raise ValidationError(
                f"Too many failed sign-ins from your network address. Wait {minutes} minutes, "
                "then try again.",
                code="address_slowed_down",
            )
        return super().clean()


def failures_from(address: str) -> int:
    """Failed sign-ins from `address`, for any usernames, within the lockout's cool-off."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    total = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since).aggregate(
        failures=Sum("failures_since_start")
    )["failures"]
    return int(total or 0)
