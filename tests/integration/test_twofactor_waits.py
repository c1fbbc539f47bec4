"""After a wrong code django-otp makes each device wait before it checks another (1, 2, 4...
seconds, doubling with each wrong code in a row). A code typed during that wait is not checked,
and the page says so and for how long, never that a right code is wrong; after the wait the
right code works. Time passes here by moving the devices' last failure back, not by sleeping."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import TEST_PASSWORD, StaffFactory
from tests.integration.test_twofactor_enrolment import (
    code_of,
    enrolled,
    errors,
    pending,
    sign_in_verified,
)

pytestmark = pytest.mark.django_db
SETUP = "/two-factor/setup/"
VERIFY = "/two-factor/verify/"
WRONG = "That code is not right, or it was already used."


@pytest.fixture(autouse=True)
def otp_on(settings):
    settings.OTP_REQUIRED = True
    settings.ENROLMENT_CODE_REQUIRED = False


@pytest.fixture
def maria() -> User:
    return StaffFactory(user__username="maria").user


def wait_out(user: User, seconds: int) -> None:
    """As if `seconds` had passed since each of the user's devices last refused a code."""
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=user, throttling_failure_timestamp__isnull=False).update(
            throttling_failure_timestamp=F("throttling_failure_timestamp")
            - datetime.timedelta(seconds=seconds)
        )


def throttle(device: TOTPDevice, failures: int = 1) -> None:
    """`device` has just refused `failures` codes in a row."""
    device.throttling_failure_count = failures
    device.throttling_failure_timestamp = timezone.now()
    device.save(update_fields=["throttling_failure_count", "throttling_failure_timestamp"])


# ---------------------------------------------------------------- signing in


def test_the_right_code_at_once_after_a_wrong_one_says_to_wait_and_works_after_the_wait(
    client, maria
):
    device, _ = enrolled(maria)
    client.force_login(maria)
    assert errors(client.post(VERIFY, {"code": "000000"})) == WRONG
    at_once = client.post(VERIFY, {"code": code_of(device)})
    assert errors(at_once) == "Too many attempts: wait 1 second and try again."
    assert client.get(reverse("home")).url.startswith(VERIFY), "not signed in by it"
    wait_out(maria, 1)
    after = client.post(VERIFY, {"code": code_of(device)})
    assert after.status_code == 302 and after.url == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_each_wrong_code_in_a_row_doubles_the_wait_and_a_recovery_code_waits_too(client, maria):
    _, recovery = enrolled(maria)
    client.force_login(maria)
    client.post(VERIFY, {"code": "000000"})
    wait_out(maria, 1)
    assert errors(client.post(VERIFY, {"code": "111111"})) == WRONG
    at_once = client.post(VERIFY, {"code": recovery})
    assert errors(at_once) == "Too many attempts: wait 2 seconds and try again."
    assert StaticToken.objects.filter(token=recovery).exists(), "not spent by the refusal"
    wait_out(maria, 1)
    assert errors(client.post(VERIFY, {"code": recovery})).endswith("wait 1 second and try again.")
    wait_out(maria, 1)
    assert client.post(VERIFY, {"code": recovery}).status_code == 302
    assert not StaticToken.objects.filter(token=recovery).exists()


def test_a_long_wait_is_said_in_minutes(client, maria):
    device, _ = enrolled(maria)
    throttle(device, failures=9)  # 2 ** 8 seconds
    client.force_login(maria)
    refused = client.post(VERIFY, {"code": code_of(device)})
    assert errors(refused) == "Too many attempts: wait 5 min and try again."


def test_signing_in_with_a_recovery_code_leaves_the_authenticator_ready_at_once(client, maria):
    """The recovery code is tried on the authenticator first, which refuses it: proving the
    second factor clears that, so the authenticator's code works on the next page at once."""
    old, recovery = enrolled(maria)
    client.force_login(maria)
    assert client.post(VERIFY, {"code": recovery}).status_code == 302
    client.get(SETUP)
    data = {"password": TEST_PASSWORD, "code": code_of(pending(maria)), "current_code": ""}
    replaced = client.post(SETUP, {**data, "current_code": code_of(old)})
    assert replaced.status_code == 200 and len(replaced.context["codes"]) == 10


# ---------------------------------------------------------------- setting up an authenticator


def test_a_wrong_new_code_then_the_right_one_at_once_enrols(client, maria):
    """Nothing of a refused setup is kept, the new device's wait included: the code from the
    new app proves nothing a guesser lacks (the page shows its key), and the guesses that do
    (password, current code, enrolment code) count towards the sign-in lockout instead."""
    client.force_login(maria)
    client.get(SETUP)
    new = pending(maria)
    wrong = client.post(SETUP, {"password": TEST_PASSWORD, "code": "000000"})
    assert "Code from the new authenticator: that code is not right" in errors(wrong)
    right = client.post(SETUP, {"password": TEST_PASSWORD, "code": code_of(new)})
    assert right.status_code == 200 and len(right.context["codes"]) == 10


def test_a_new_authenticator_that_is_waiting_says_so_not_to_check_the_clock(client, maria):
    client.force_login(maria)
    client.get(SETUP)
    new = pending(maria)
    throttle(new, failures=2)
    refused = client.post(SETUP, {"password": TEST_PASSWORD, "code": code_of(new)})
    message = errors(refused)
    assert message == (
        "Code from the new authenticator: too many attempts. Wait 2 seconds and try again."
    )
    assert "clock" not in message
    wait_out(maria, 2)
    right = client.post(SETUP, {"password": TEST_PASSWORD, "code": code_of(new)})
    assert right.status_code == 200 and len(right.context["codes"]) == 10


def test_a_current_authenticator_that_is_waiting_says_so_and_is_no_failed_sign_in(client, maria):
    old, _ = enrolled(maria)
    sign_in_verified(client, maria, old)
    client.get(SETUP)
    new = pending(maria)
    throttle(old)
    data = {"password": TEST_PASSWORD, "code": code_of(new), "current_code": code_of(old)}
    refused = client.post(SETUP, data)
    assert errors(refused) == (
        "Code from your current authenticator: too many attempts. Wait 1 second and try again."
    )
    assert not AccessAttempt.objects.exists(), "no code was checked: not a wrong guess"
    wait_out(maria, 1)
    replaced = client.post(SETUP, data)
    assert replaced.status_code == 200 and len(replaced.context["codes"]) == 10
