"""Two-factor sign-in with time-based one-time passwords (django-otp).

With OTP_REQUIRED on (the production default), a signed-in user who has not proved a second
factor this session can only reach enrollment or verification: enrollment shows an authenticator
secret (and its QR code), confirms it with a code, and hands out ten single-use recovery codes.
"""

from collections.abc import Callable

import segno
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from requests_app.forms.twofactor import CodeForm

RECOVERY_CODES = 10
OPEN_PATHS = ("/static/", "/logout/", "/two-factor/")


class RequireTwoFactorMiddleware:
    """Send signed-in users without a verified second factor to enrol or verify."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            settings.OTP_REQUIRED
            and user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(OPEN_PATHS)
        ):
            target = "twofactor_verify" if user_has_device(user) else "twofactor_setup"
            return redirect(f"{reverse(target)}?next={request.path}")
        return self.get_response(request)


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("home")


def _pending_device(user: AbstractUser) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


@transaction.atomic
def _confirm(user: AbstractUser, device: TOTPDevice) -> list[str]:
    """Confirm the authenticator and replace any recovery codes with ten new ones."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=c) for c in codes)
    return codes


def setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan or type the secret, confirm with a code."""
    if user_has_device(request.user) and not request.user.is_verified():
        return redirect("twofactor_verify")
    device = _pending_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            codes = _confirm(request.user, device)
            otp_login(request, device)
            return render(
                request,
                "registration/twofactor_codes.html",
                {"codes": codes, "next": _next(request)},
            )
        form.add_error("code", "That code is not right. Check your device's clock and try again.")
    # The QR code is SVG that segno draws from the device's own otpauth URL: no user text.
    qr = segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#1b1b1b")
    qr_svg = mark_safe(qr)  # noqa: S308  # nosec B308 B703
    return render(
        request,
        "registration/twofactor_setup.html",
        {
            "form": form,
            "qr": qr_svg,
            "secret": _base32(device),
            "next": _next(request),
        },
    )


def _base32(device: TOTPDevice) -> str:
    import base64

    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def verify(request: HttpRequest) -> HttpResponse:
    """Prove the second factor: a code from the authenticator app, or a recovery code."""
    if not user_has_device(request.user):
        return redirect("twofactor_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("code", "That code is not right, or it was already used.")
    return render(
        request, "registration/twofactor_verify.html", {"form": form, "next": _next(request)}
    )
