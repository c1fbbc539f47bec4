"""Two-factor devices (django-otp), and the proofs that guard changing them.

- `pending_device`: an authenticator waiting to be confirmed.
- `device_confirm`: confirms it, given proof that the person at the keyboard holds the account:
  a code from the authenticator already enrolled (or a recovery code) when replacing one, an
  enrolment code an administrator issued when enrolling the first one (ENROLMENT_CODE_REQUIRED).
  The password is checked before, by the form, through the sign-in's lockout. A replaced
  authenticator stops working, and ten new recovery codes replace the old ones.
- `code_match`: the device that accepts a code at sign-in (or as the proof for a change),
  saying how long to wait when django-otp is making the user's devices wait.
- `enrolment_code_issue`: a new single-use enrolment code for a user; the one function the
  admin, the console command and, later, the directory's sign-on call.
"""

import datetime
import hashlib
import math
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp import devices_for_user, user_has_device
from django_otp.models import Device, ThrottlingMixin
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from requests_app import audit
from requests_app.dates import moment_in_words
from requests_app.models import EnrolmentCode
from requests_app.models.incidents import format_elapsed
from requests_app.permissions import require_enrolment_code_issuer

RECOVERY_CODES = 10
#: Enrolment codes: 16 characters of 32 (80 random bits), without 0/O and 1/I, read out in
#: groups of four.
ENROLMENT_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
ENROLMENT_CODE_LENGTH = 16


class DeviceChangeRefused(ValidationError):
    """A proof asked for by `device_confirm` did not hold; `field` names the form field that
    carried it, so the page can put the message there. `checked`: whether the proof was
    checked and found wrong (a guess, for the lockout), rather than not checked at all."""

    def __init__(self, field: str, message: str, *, checked: bool = True) -> None:
        super().__init__(message, code=field)
        self.field = field
        self.checked = checked


class TooManyAttempts(Exception):
    """A code was not checked: after a wrong code, django-otp has a device refuse every code
    for 1, 2, 4... seconds (doubling with each wrong code in a row). `seconds`: how long until
    every device of the user checks codes again."""

    def __init__(self, seconds: int) -> None:
        super().__init__(f"{seconds} s to wait")
        self.seconds = seconds


def wait_in_words(seconds: int) -> str:
    """A wait, rounded up: "1 second", "45 seconds", then whole minutes ("5 min", "2 h 5 min")."""
    if seconds < 120:
        return f"{seconds} second{'' if seconds == 1 else 's'}"
    return format_elapsed(datetime.timedelta(minutes=math.ceil(seconds / 60)))


def _wait(devices: Iterable[Device], now: datetime.datetime) -> int:
    """Seconds until every one of `devices` checks codes again (0: they all do now)."""
    until = [
        details["locked_until"]
        for allowed, details in (device.verify_is_allowed() for device in devices)
        if not allowed and details and "locked_until" in details
    ]
    return max(1, math.ceil((max(until) - now).total_seconds())) if until else 0


@dataclass(frozen=True)
class DeviceConfirmed:
    """A confirmed authenticator, the recovery codes to show once, and whether it replaced
    another (whose codes no longer work)."""

    device: TOTPDevice
    recovery_codes: list[str]
    replaced: bool


def pending_device(*, user: User) -> TOTPDevice:
    """The user's unconfirmed authenticator, created on first use."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def has_confirmed_device(*, user: User) -> bool:
    """Whether the user already has a second factor (an authenticator or recovery codes)."""
    return user_has_device(user, confirmed=True)


def code_match(*, user: User, code: str) -> Device | None:
    """The confirmed device of `user` that accepts `code` (a code from the authenticator, or a
    recovery code, which is then spent), or None when none does.

    While any of the user's devices is waiting after a wrong code, no device is asked at all
    and `TooManyAttempts` says for how long: the code is neither spent nor called wrong, and a
    guesser cannot keep trying on one device while another waits. A device that accepts the
    code ends the wait of the others: trying a recovery code, the authenticator refused it
    first, and the second factor is now proved."""
    with transaction.atomic():
        devices = list(devices_for_user(user, for_verify=True))
        wait = _wait(devices, timezone.now())
        if not wait:
            matched = next((device for device in devices if device.verify_token(code)), None)
            if matched is not None:
                for device in devices:
                    if isinstance(device, ThrottlingMixin) and device.throttling_failure_count:
                        device.throttle_reset()
            return matched
    raise TooManyAttempts(wait)


def enrolment_code_needed(*, user: User) -> bool:
    """Whether enrolling needs an enrolment code: for a first authenticator, when required."""
    return settings.ENROLMENT_CODE_REQUIRED and not has_confirmed_device(user=user)


@transaction.atomic
def device_confirm(
    *,
    user: User,
    device: TOTPDevice,
    code: str,
    current_code: str = "",
    enrolment_code: str = "",
) -> DeviceConfirmed:
    """Confirm the pending authenticator `device` with a `code` from it.

    Replacing (the user already has a confirmed device): `current_code` must be a code from it
    or an unused recovery code; every other authenticator is then deleted. A first enrolment
    where enrolment codes are required: `enrolment_code` must be the user's newest, unexpired,
    unused one, and is marked used here. Any refusal (`DeviceChangeRefused`) rolls back the whole
    attempt, so a code that was right is not spent by a mistake in another.
    """
    replacing = has_confirmed_device(user=user)
    if replacing:
        try:
            current = code_match(user=user, code=current_code)
        except TooManyAttempts as waiting:
            raise DeviceChangeRefused(
                "current_code",
                "Code from your current authenticator: too many attempts. "
                f"Wait {wait_in_words(waiting.seconds)} and try again.",
                checked=False,
            ) from waiting
        if current is None:
            raise DeviceChangeRefused(
                "current_code",
                "Code from your current authenticator: that code is not right, or it was "
                "already used. Enter the code your current app shows now, or a recovery code.",
            )
    elif settings.ENROLMENT_CODE_REQUIRED:
        _enrolment_code_use(user=user, code=enrolment_code)
    wait = _wait([device], timezone.now())
    if wait:
        raise DeviceChangeRefused(
            "code",
            "Code from the new authenticator: too many attempts. "
            f"Wait {wait_in_words(wait)} and try again.",
            checked=False,
        )
    if not device.verify_token(code):
        raise DeviceChangeRefused(
            "code",
            "Code from the new authenticator: that code is not right. Check your device's "
            "clock and enter the code it shows now.",
        )
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _recovery_codes_replace(user=user)
    audit.record(
        user=user,
        action="device_replace" if replacing else "device_enrol",
        obj=user,
        object_type="User",  # named: `user` may be the request's lazy wrapper of it
        detail=(
            "authenticator replaced: the old one and the old recovery codes no longer work"
            if replacing
            else "first authenticator enrolled"
        ),
    )
    return DeviceConfirmed(device=device, recovery_codes=codes, replaced=replacing)


def _recovery_codes_replace(*, user: User) -> list[str]:
    """Ten new single-use recovery codes in place of any old ones."""
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=c) for c in codes)
    return codes


def _enrolment_code_use(*, user: User, code: str) -> None:
    """Mark the user's enrolment code `code` used, or refuse saying why it cannot be."""
    entry = (
        EnrolmentCode.objects.select_for_update()
        .filter(user=user, code_hash=enrolment_code_hash(code))
        .first()
    )
    now = timezone.now()
    if entry is None:
        problem = "that is not the code you were given. Check it, or ask for a new one."
    elif entry.used_at is not None:
        problem = "that code was already used. Ask an administrator for a new one."
    elif entry.voided_at is not None:
        problem = "that code was replaced by a newer one. Enter the newest code you were given."
    elif entry.expires_at <= now:
        expired = moment_in_words(entry.expires_at)
        problem = f"that code expired on {expired}. Ask an administrator for a new one."
    else:
        entry.used_at = now
        entry.save(update_fields=["used_at"])
        audit.record(
            user=user,
            action="enrol_code_use",
            obj=user,
            object_type="User",
            detail=f"enrolment code {entry.pk} used",
        )
        return
    raise DeviceChangeRefused("enrolment_code", f"Enrolment code: {problem}")


def enrolment_code_hash(code: str) -> str:
    """The SHA-256 kept for a code, of its letters and digits only (as typed: any case, with or
    without spaces and dashes)."""
    normalised = "".join(c for c in code.upper() if c.isalnum())
    return hashlib.sha256(normalised.encode()).hexdigest()


@transaction.atomic
def enrolment_code_issue(*, user: User, by: User | None) -> str:
    """A new enrolment code for `user`, returned once and kept only as its hash, valid for
    ENROLMENT_CODE_HOURS; the user's earlier unused codes are voided. `by` is the superuser or
    system administrator issuing it, or None at the server's console (or the directory)."""
    if by is not None:
        require_enrolment_code_issuer(by=by, user=user)
    now = timezone.now()
    voided = EnrolmentCode.objects.filter(user=user, used_at=None, voided_at=None).update(
        voided_at=now
    )
    code = "".join(secrets.choice(ENROLMENT_CODE_ALPHABET) for _ in range(ENROLMENT_CODE_LENGTH))
    entry = EnrolmentCode.objects.create(
        user=user,
        code_hash=enrolment_code_hash(code),
        issued_by=by,
        issued_at=now,
        expires_at=now + datetime.timedelta(hours=settings.ENROLMENT_CODE_HOURS),
    )
    audit.record(
        user=by,
        action="enrol_code_issue",
        obj=user,
        object_type="User",
        detail=(
            f"enrolment code {entry.pk} issued, valid until "
            f"{moment_in_words(entry.expires_at)}; "
            f"{voided} earlier unused code(s) voided"
        ),
    )
    return "-".join(code[i : i + 4] for i in range(0, ENROLMENT_CODE_LENGTH, 4))
