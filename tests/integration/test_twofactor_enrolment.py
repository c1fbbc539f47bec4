"""Adding or replacing an authenticator needs the password again and a code from the existing
one; a first authenticator, where ENROLMENT_CODE_REQUIRED is on (production), an enrolment code
an administrator issued. Wrong passwords and codes here count towards the sign-in lockout."""

import datetime
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from requests_app.models import AccessEvent, EnrolmentCode
from requests_app.services.casework import duty_groups_ensure
from requests_app.services.twofactor import enrolment_code_issue
from tests.factories import TEST_PASSWORD, StaffFactory, UserFactory
from tests.world import sign_in_verified

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
SETUP = "/two-factor/setup/"


@pytest.fixture(autouse=True)
def otp_on(settings):
    settings.OTP_REQUIRED = True
    settings.ENROLMENT_CODE_REQUIRED = False


@pytest.fixture
def codes_required(settings):
    settings.ENROLMENT_CODE_REQUIRED = True


def code_of(device: TOTPDevice, steps: int = 0) -> str:
    """The device's code now (or `steps` steps later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time += steps * device.step
    return f"{totp.token():06d}"


def enrolled(user: User) -> tuple[TOTPDevice, str]:
    """Give `user` a confirmed authenticator and one recovery code (returned)."""
    device = TOTPDevice.objects.create(user=user, name="Old phone", confirmed=True)
    static = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    StaticToken.objects.create(device=static, token="oldrecovery1")
    return device, "oldrecovery1"


def pending(user: User) -> TOTPDevice:
    return TOTPDevice.objects.get(user=user, confirmed=False)


def errors(response) -> str:
    return " ".join(str(e) for errs in response.context["form"].errors.values() for e in errs)


@pytest.fixture
def maria():
    return StaffFactory(user__username="maria").user


@pytest.fixture
def replacing(client, maria):
    """Maria, verified with her old phone, on the page that replaces it."""
    old, recovery = enrolled(maria)
    sign_in_verified(client, maria, old)
    assert client.get(SETUP).status_code == 200
    return old, recovery


# ---------------------------------------------------------------- replacing an authenticator


def test_a_verified_user_cannot_add_an_authenticator_without_the_password(client, maria, replacing):
    old, _ = replacing
    new = pending(maria)
    response = client.post(SETUP, {"code": code_of(new), "current_code": code_of(old)})
    assert response.status_code == 200
    assert "Your password: enter it." in errors(response)
    assert TOTPDevice.objects.filter(user=maria, confirmed=True).get() == old
    wrong = client.post(
        SETUP, {"password": "not-her-password", "code": code_of(new), "current_code": "x"}
    )
    assert "Your password: that is not the password of this account." in errors(wrong)
    assert not TOTPDevice.objects.filter(pk=new.pk, confirmed=True).exists()


def test_a_verified_user_cannot_add_an_authenticator_without_a_code_from_the_current_one(
    client, maria, replacing
):
    old, _ = replacing
    new = pending(maria)
    missing = client.post(SETUP, {"password": TEST_PASSWORD, "code": code_of(new)})
    assert "Code from your current authenticator: enter it." in errors(missing)
    wrong = client.post(
        SETUP, {"password": TEST_PASSWORD, "code": code_of(new), "current_code": "000000"}
    )
    assert "Code from your current authenticator: that code is not right" in errors(wrong)
    assert 'value="000000"' not in wrong.content.decode(), "codes are never filled in again"
    assert TOTPDevice.objects.filter(user=maria, confirmed=True).get() == old


def test_with_the_password_and_a_current_code_the_new_authenticator_replaces_the_old(
    client, maria, replacing
):
    old, old_recovery = replacing
    new = pending(maria)
    key_before = client.session.session_key
    response = client.post(
        SETUP, {"password": TEST_PASSWORD, "code": code_of(new), "current_code": code_of(old)}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Your old authenticator no longer works" in page
    assert len(response.context["codes"]) == 10
    assert list(TOTPDevice.objects.filter(user=maria)) == [new]
    assert not StaticToken.objects.filter(token=old_recovery).exists()
    assert client.session.session_key != key_before, "the session key is rotated"
    assert client.get(reverse("home")).status_code == 200, "verified with the new device"
    event = AccessEvent.objects.get(action="device_replace")
    assert event.user == maria and event.object_type == "User" and event.object_id == str(maria.pk)

    client.post(reverse("logout"))
    client.post(reverse("login"), {"username": "maria", "password": TEST_PASSWORD})
    lost_phone = client.post(reverse("twofactor_verify"), {"code": code_of(old, steps=1)})
    assert "That code is not right" in lost_phone.content.decode()


def test_a_recovery_code_stands_in_for_a_lost_current_authenticator(client, maria, replacing):
    _, recovery = replacing
    new = pending(maria)
    response = client.post(
        SETUP, {"password": TEST_PASSWORD, "code": code_of(new), "current_code": recovery}
    )
    assert response.status_code == 200 and len(response.context["codes"]) == 10
    assert list(TOTPDevice.objects.filter(user=maria, confirmed=True)) == [new]


def test_a_wrong_new_code_spends_neither_the_current_code_nor_anything_else(
    client, maria, replacing
):
    _, recovery = replacing
    new = pending(maria)
    wrong = client.post(
        SETUP, {"password": TEST_PASSWORD, "code": "000000", "current_code": recovery}
    )
    assert "Code from the new authenticator: that code is not right" in errors(wrong)
    assert StaticToken.objects.filter(token=recovery).exists(), "the recovery code still works"
    assert not TOTPDevice.objects.filter(pk=new.pk, confirmed=True).exists()
    assert not AccessEvent.objects.filter(action="device_replace").exists()


def test_with_a_device_the_setup_page_asks_to_verify_first_then_comes_back(client, maria):
    old, _ = enrolled(maria)
    client.force_login(maria)
    response = client.get(SETUP)
    assert response.status_code == 302
    assert response.url == f"{reverse('twofactor_verify')}?next={SETUP}"
    verified = client.post(response.url, {"code": code_of(old), "next": SETUP})
    assert verified.url == SETUP
    page = client.get(SETUP).content.decode()
    assert "Replace your authenticator" in page and "Code from your current authenticator" in page
    assert "Cancel: keep my current authenticator" in page


# ---------------------------------------------------------------- the lockout


def test_wrong_passwords_on_the_setup_page_lock_the_account_like_sign_in(client, maria):
    client.force_login(maria)
    client.get(SETUP)
    new = pending(maria)
    for _ in range(4):
        response = client.post(SETUP, {"password": "guess", "code": code_of(new)})
        assert response.status_code == 200
    locked = client.post(SETUP, {"password": "guess", "code": code_of(new)})
    assert locked.status_code == 429
    assert "this account is locked" in locked.content.decode()
    still = client.post(SETUP, {"password": TEST_PASSWORD, "code": code_of(new)})
    assert still.status_code == 429, "even the right password waits"
    assert not TOTPDevice.objects.filter(user=maria, confirmed=True).exists()
    client.post(reverse("logout"))
    signing_in = client.post(reverse("login"), {"username": "maria", "password": TEST_PASSWORD})
    assert signing_in.status_code == 429, "the sign-in page is locked too"


def test_wrong_codes_from_the_current_authenticator_count_towards_the_lockout(
    client, maria, replacing
):
    new = pending(maria)
    answers = [
        client.post(
            SETUP, {"password": TEST_PASSWORD, "code": code_of(new), "current_code": "123456"}
        ).status_code
        for _ in range(5)
    ]
    assert answers == [200, 200, 200, 200, 429]


def test_wrong_enrolment_codes_count_towards_the_lockout(client, maria, codes_required):
    client.force_login(maria)
    client.get(SETUP)
    new = pending(maria)
    data = {"password": TEST_PASSWORD, "code": code_of(new), "enrolment_code": "AAAA-BBBB"}
    answers = [client.post(SETUP, data).status_code for _ in range(5)]
    assert answers == [200, 200, 200, 200, 429]


def test_a_failed_attempt_on_the_setup_page_keeps_no_secret(client, maria, codes_required):
    code = enrolment_code_issue(user=maria, by=None)
    client.force_login(maria)
    client.get(SETUP)
    new_code = code_of(pending(maria))
    data = {"password": "a-guess-at-it", "code": new_code, "enrolment_code": code}
    client.post(SETUP, data)
    attempt = AccessAttempt.objects.get(username="maria")
    assert attempt.failures_since_start == 1
    for secret in ("a-guess-at-it", new_code, code):
        assert secret not in attempt.post_data


# ---------------------------------------------------------------- first enrolment


@pytest.fixture
def first_enrolment(client, maria, codes_required):
    client.force_login(maria)
    page = client.get(SETUP)
    assert page.status_code == 200
    assert "Enrolment code" in page.content.decode()
    return pending(maria)


def test_without_an_enrolment_code_a_first_authenticator_is_refused(client, maria, first_enrolment):
    response = client.post(SETUP, {"password": TEST_PASSWORD, "code": code_of(first_enrolment)})
    assert "Enrolment code: enter it." in errors(response)
    assert not TOTPDevice.objects.filter(user=maria, confirmed=True).exists()
    assert client.get(reverse("home")).url.startswith(SETUP), "still only enrolment"


def _expired(user):
    code = enrolment_code_issue(user=user, by=None)
    EnrolmentCode.objects.filter(user=user).update(
        issued_at=timezone.now() - datetime.timedelta(hours=80),
        expires_at=timezone.now() - datetime.timedelta(hours=8),
    )
    return code


def _used(user):
    code = enrolment_code_issue(user=user, by=None)
    EnrolmentCode.objects.filter(user=user).update(used_at=timezone.now())
    return code


def _replaced(user):
    code = enrolment_code_issue(user=user, by=None)
    enrolment_code_issue(user=user, by=None)
    return code


def _someone_elses(user):
    return enrolment_code_issue(user=UserFactory(), by=None)


@pytest.mark.parametrize(
    ("make_code", "message"),
    [
        (lambda user: "ABCD-EFGH-JKLM-NPQR", "that is not the code you were given"),
        (_someone_elses, "that is not the code you were given"),
        (_expired, "that code expired on"),
        (_used, "that code was already used"),
        (_replaced, "that code was replaced by a newer one"),
    ],
    ids=["wrong", "another user's", "expired", "used", "replaced by a newer one"],
)
def test_a_wrong_expired_used_or_replaced_enrolment_code_is_refused(
    client, maria, first_enrolment, make_code, message
):
    data = {
        "password": TEST_PASSWORD,
        "code": code_of(first_enrolment),
        "enrolment_code": make_code(maria),
    }
    response = client.post(SETUP, data)
    assert f"Enrolment code: {message}" in errors(response)
    assert not TOTPDevice.objects.filter(user=maria, confirmed=True).exists()
    assert not AccessEvent.objects.filter(action="enrol_code_use").exists()


def test_a_valid_enrolment_code_enrols_once_and_is_marked_used(client, maria, first_enrolment):
    code = enrolment_code_issue(user=maria, by=None)
    typed = code.lower().replace("-", " ")  # read out over the phone, typed loosely
    response = client.post(
        SETUP,
        {"password": TEST_PASSWORD, "code": code_of(first_enrolment), "enrolment_code": typed},
    )
    assert response.status_code == 200 and len(response.context["codes"]) == 10
    assert "Your old authenticator" not in response.content.decode()
    assert TOTPDevice.objects.get(user=maria, confirmed=True) == first_enrolment
    entry = EnrolmentCode.objects.get(user=maria)
    assert entry.used_at is not None
    assert [e.action for e in AccessEvent.objects.filter(user=maria).order_by("id")] == [
        "enrol_code_use",
        "device_enrol",
    ]
    assert client.get(reverse("home")).status_code == 200


def test_development_enrols_a_first_authenticator_with_the_password_alone(client, maria):
    client.force_login(maria)
    page = client.get(SETUP).content.decode()
    assert "Enrolment code" not in page
    wrong = client.post(SETUP, {"password": "a-guess-at-it", "code": code_of(pending(maria))})
    assert "Your password: that is not the password of this account." in errors(wrong)
    response = client.post(SETUP, {"password": TEST_PASSWORD, "code": code_of(pending(maria))})
    assert response.status_code == 200 and len(response.context["codes"]) == 10


def test_production_requires_enrolment_codes_by_default():
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("ENROLMENT_CODE")},
        "DJANGO_SETTINGS_MODULE": "dcfconf.production",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "disclosures.dcf.ct.gov",
        "PORTAL_URL": "https://disclosures.dcf.ct.gov",
        "AUDIT_CHECKPOINT_KEY": "y" * 40,
        "AUDIT_CHECKPOINT_FILE": "/var/lib/dcf-portal/audit-checkpoints.jsonl",
    }
    script = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.ENROLMENT_CODE_REQUIRED, settings.ENROLMENT_CODE_HOURS)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["True", "72"], result.stderr


# ---------------------------------------------------------------- issuing codes


def test_the_issue_command_prints_a_code_that_works_once(client, maria, codes_required):
    out = io.StringIO()
    call_command("issue_enrolment_code", "maria", stdout=out)
    code = re.search(r"[A-Z2-9]{4}(?:-[A-Z2-9]{4}){3}", out.getvalue()).group()
    entry = EnrolmentCode.objects.get(user=maria)
    assert code not in entry.code_hash and entry.issued_by is None
    event = AccessEvent.objects.get(action="enrol_code_issue")
    assert event.user is None and event.object_id == str(maria.pk) and code not in event.detail

    client.force_login(maria)
    client.get(SETUP)
    data = {"password": TEST_PASSWORD, "code": code_of(pending(maria)), "enrolment_code": code}
    assert len(client.post(SETUP, data).context["codes"]) == 10

    TOTPDevice.objects.filter(user=maria).delete()  # an administrator resets her devices
    StaticDevice.objects.filter(user=maria).delete()
    client.get(SETUP)
    data = {"password": TEST_PASSWORD, "code": code_of(pending(maria)), "enrolment_code": code}
    assert "that code was already used" in errors(client.post(SETUP, data))


def test_the_issue_command_refuses_an_unknown_user():
    """A CommandError: `manage.py` prints it and exits with status 1."""
    with pytest.raises(CommandError, match="no user named 'nobody'"):
        call_command("issue_enrolment_code", "nobody", stdout=io.StringIO())
    assert not EnrolmentCode.objects.exists()


def test_issuing_a_new_code_voids_the_earlier_unused_ones(maria):
    enrolment_code_issue(user=maria, by=None)
    enrolment_code_issue(user=maria, by=None)
    latest, earlier = EnrolmentCode.objects.filter(user=maria).order_by("-id")
    assert latest.voided_at is None and earlier.voided_at is not None
    assert AccessEvent.objects.filter(action="enrol_code_issue").count() == 2


# ---------------------------------------------------------------- the admin action

CODE = re.compile(r"[A-Z2-9]{4}(?:-[A-Z2-9]{4}){3}")


def admin_signed_in(client, user: User) -> None:
    device, _ = enrolled(user)
    sign_in_verified(client, user, device)


def issue_in_admin(client, *users: User):
    return client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "issue_enrolment_code", "_selected_action": [u.pk for u in users]},
    )


def test_the_admin_action_shows_a_code_once_that_enrols(client, maria, codes_required):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    admin_signed_in(client, root)
    response = issue_in_admin(client, maria)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enrolment codes issued" in page and "shown only now" in page
    code = CODE.search(page).group()
    assert {"private", "no-store"} <= set(response["Cache-Control"].replace(",", " ").split())
    entry = EnrolmentCode.objects.get(user=maria)
    assert entry.issued_by == root and code not in entry.code_hash
    event = AccessEvent.objects.get(action="enrol_code_issue")
    assert event.user == root and event.object_id == str(maria.pk) and code not in event.detail
    assert code not in client.get(reverse("admin:auth_user_changelist")).content.decode()

    client.force_login(maria)
    client.get(SETUP)
    data = {"password": TEST_PASSWORD, "code": code_of(pending(maria)), "enrolment_code": code}
    assert len(client.post(SETUP, data).context["codes"]) == 10


def test_a_system_administrator_issues_codes_but_never_their_own_nor_a_superusers(client, maria):
    duty_groups_ensure()
    sysadmin = StaffFactory(
        disclosure_role="other_dcf_staff", user__duties=["system_admin"], user__is_staff=True
    ).user
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    admin_signed_in(client, sysadmin)
    page = issue_in_admin(client, maria, sysadmin, root).content.decode()
    assert len(CODE.findall(page)) == 1
    assert f"No code was issued for root, {sysadmin.username}:" in page
    assert list(EnrolmentCode.objects.values_list("user__username", flat=True)) == ["maria"]
    alone = issue_in_admin(client, sysadmin)
    assert alone.status_code == 302 and not EnrolmentCode.objects.filter(user=sysadmin).exists()


# ---------------------------------------------------------------- finding the setup page

ACCOUNT_SECTION = re.compile(
    r'<section aria-labelledby="account-heading">\s*<h2 id="account-heading">Your account</h2>'
    r'.*?<a href="([^"]+)">Set up or replace your authenticator</a>.*?</section>',
    re.S,
)


@pytest.mark.parametrize(
    "make_user",
    [
        lambda: StaffFactory().user,
        lambda: StaffFactory(disclosure_role="other_dcf_staff", user__duties=["commissioner"]).user,
        lambda: StaffFactory(disclosure_role="other_dcf_staff", user__duties=["system_admin"]).user,
        lambda: UserFactory(),
    ],
    ids=["social worker", "commissioner", "system administrator", "no staff profile"],
)
def test_every_signed_in_user_reaches_the_setup_page_by_a_link_on_the_home_page(client, make_user):
    user = make_user()
    device, _ = enrolled(user)
    sign_in_verified(client, user, device)
    home = client.get(reverse("home"))
    assert home.status_code == 200
    link = ACCOUNT_SECTION.search(home.content.decode())
    assert link is not None, "a titled section of the home page links to the setup page"
    assert link.group(1) == SETUP
    page = client.get(link.group(1))
    assert page.status_code == 200 and "Replace your authenticator" in page.content.decode()
