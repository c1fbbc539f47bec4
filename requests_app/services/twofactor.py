"""Two-factor devices: an authenticator waiting to be confirmed, and its confirmation with ten
new single-use recovery codes (django-otp)."""

from django.contrib.auth.models import User
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10


def pending_device(*, user: User) -> TOTPDevice:
    """The user's unconfirmed authenticator, created on first use."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


@transaction.atomic
def device_confirm(*, user: User, device: TOTPDevice) -> list[str]:
    """Confirm the authenticator and replace any recovery codes with ten new ones."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=c) for c in codes)
    return codes
