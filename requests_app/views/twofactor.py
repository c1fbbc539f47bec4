"""Two-factor sign-in with time-based one-time passwords (django-otp).

With OTP_REQUIRED on (the production default), a signed-in user who has not proved a second
factor this session can only reach enrollment or verification (`web.middleware`): enrollment
shows an authenticator secret (and its QR code), confirms it with a code, and hands out ten
single-use recovery codes.
"""

import base64

import segno
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from requests_app.forms.twofactor import CodeForm
from requests_app.services.twofactor import device_confirm, pending_device
from requests_app.web.auth import AuthenticatedHttpRequest
from requests_app.web.redirects import safe_next


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    return safe_next(request, target) or reverse("home")


def setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan or type the secret, confirm with a code."""
    # is_verified() is put on the user by django_otp's OTPMiddleware.
    if user_has_device(request.user) and not request.user.is_verified():  # type: ignore[attr-defined]
        return redirect("twofactor_verify")
    device = pending_device(user=request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            codes = device_confirm(user=request.user, device=device)
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
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def verify(request: AuthenticatedHttpRequest) -> HttpResponse:
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
