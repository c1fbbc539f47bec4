"""Two-factor sign-in with time-based one-time passwords (django-otp).

With OTP_REQUIRED on (the production default), a signed-in user who has not proved a second
factor this session can only reach enrollment or verification (`web.middleware`): enrollment
shows an authenticator secret (and its QR code), confirms it with a code, and hands out ten
single-use recovery codes.

Adding or replacing an authenticator asks again for the password, and for a code from the
authenticator already enrolled (or a recovery code); a first authenticator, where
ENROLMENT_CODE_REQUIRED is on (production), for an enrolment code an administrator issued. A
user with an authenticator proves it this session before the setup page opens at all.
"""

import base64

import segno
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from requests_app.forms.twofactor import CodeForm, DeviceSetupForm
from requests_app.services.twofactor import (
    DeviceChangeRefused,
    TooManyAttempts,
    code_match,
    device_confirm,
    enrolment_code_needed,
    has_confirmed_device,
    pending_device,
    wait_in_words,
)
from requests_app.web.auth import AuthenticatedHttpRequest
from requests_app.web.redirects import safe_next


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    return safe_next(request, target) or reverse("home")


def setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Enrol an authenticator app, or replace the one enrolled: scan or type the secret, then
    confirm with the password, a code from the new app and the proof the account needs."""
    replacing = has_confirmed_device(user=request.user)
    # is_verified() is put on the user by django_otp's OTPMiddleware.
    if replacing and not request.user.is_verified():  # type: ignore[attr-defined]
        return redirect(f"{reverse('twofactor_verify')}?next={reverse('twofactor_setup')}")
    device = pending_device(user=request.user)
    form = DeviceSetupForm(
        request.POST or None,
        request=request,
        replacing=replacing,
        enrolment_code=enrolment_code_needed(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            confirmed = device_confirm(user=request.user, device=device, **form.proofs())
        except DeviceChangeRefused as refusal:
            form.refuse(refusal)
        else:
            request.session.cycle_key()  # a new session key for the stronger sign-in
            otp_login(request, confirmed.device)
            context = {"codes": confirmed.recovery_codes, "replaced": confirmed.replaced}
            return render(
                request, "registration/twofactor_codes.html", {**context, "next": _next(request)}
            )
    return render(
        request,
        "registration/twofactor_setup.html",
        {
            "form": form,
            "qr": _qr_svg(device.config_url),
            "secret": _base32(device),
            "next": _next(request),
            "replacing": replacing,
            "asks_enrolment_code": "enrolment_code" in form.fields,
            "may_leave": replacing or not settings.OTP_REQUIRED,
        },
    )


def _qr_svg(address: str) -> SafeString:
    """The QR code of an otpauth `address`, as inline SVG that scales to whatever size the page
    draws it: a viewBox and no width or height of its own (with a fixed size, a smaller box
    cut the code off instead of shrinking it). The four-module quiet zone around it is painted
    white, so a scanner finds the code's edge whatever the page puts behind it. segno draws it
    from the device's own address: no text a user typed."""
    svg = segno.make(address, error="m").svg_inline(
        scale=4, dark="#1b1b1b", light="#ffffff", omitsize=True
    )
    return mark_safe(svg)  # noqa: S308  # nosec B308 B703


def _base32(device: TOTPDevice) -> str:
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Prove the second factor: a code from the authenticator app, or a recovery code."""
    if not user_has_device(request.user):
        return redirect("twofactor_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = code_match(user=request.user, code=form.cleaned_data["code"])
        except TooManyAttempts as waiting:
            wait = wait_in_words(waiting.seconds)
            form.add_error("code", f"Too many attempts: wait {wait} and try again.")
        else:
            if device is not None:
                otp_login(request, device)
                return redirect(_next(request))
            form.add_error("code", "That code is not right, or it was already used.")
    return render(
        request, "registration/twofactor_verify.html", {"form": form, "next": _next(request)}
    )
