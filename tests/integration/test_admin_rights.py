"""Rights that open client information: a system administrator cannot grant them in the admin
(crafted POSTs included), they take a second person (a role-grant request another
administrator approves) or a superuser at the console (`manage.py grant_role`), a password is
only ever chosen by its owner, and every change of rights is an access event naming who acted,
whom, before and after."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import DatabaseError, IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from requests_app.choices import DutyGroup, GrantKind, GrantStatus
from requests_app.models import AccessEvent, RoleGrantRequest, StaffProfile
from requests_app.services.casework import assignment_create, duty_groups_ensure
from tests.factories import (
    TEST_PASSWORD,
    CaseFactory,
    StaffFactory,
    UserFactory,
    WorkUnitFactory,
)

pytestmark = pytest.mark.django_db

LEGAL = DutyGroup.LEGAL_AFFAIRS.value


def make_admin(**user) -> User:
    """A system administrator as the demo has one: staff, in system_admin, not a superuser."""
    return StaffFactory(
        disclosure_role="other_dcf_staff",
        user__duties=[DutyGroup.SYSTEM_ADMIN.value],
        user__is_staff=True,
        **{f"user__{k}": v for k, v in user.items()},
    ).user


@pytest.fixture
def sysadmin() -> User:
    duty_groups_ensure()
    return make_admin(username="sysadmin_a")


@pytest.fixture
def other_admin(sysadmin) -> User:
    return make_admin(username="sysadmin_b")


@pytest.fixture
def worker() -> User:
    return StaffFactory(user__username="maria").user


@pytest.fixture
def superuser() -> User:
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def change_url(user: User) -> str:
    return reverse("admin:auth_user_change", args=[user.pk])


def account_post(user: User, **extra) -> dict:
    """Everything Django's full user form posts for `user`, then `extra` (crafted fields)."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "groups": [],
        "date_joined_0": "2026-01-02",
        "date_joined_1": "09:00:00",
    }
    data.update(extra)
    return data


def group_pk(name: str) -> str:
    return str(Group.objects.get(name=name).pk)


def last_event() -> int:
    """The id of the latest access event (0 if none): what a test did comes after it."""
    return AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def role_events(user: User, since: int = 0) -> list[AccessEvent]:
    """The access events about `user`'s account and rights after event `since`, oldest first."""
    events = AccessEvent.objects.filter(object_type="User", object_id=str(user.pk), id__gt=since)
    return list(events.order_by("id"))


def changes_of(user: User, since: int = 0) -> list[tuple[int | None, str]]:
    """(who acted, what changed) for each change of `user`'s rights after event `since`."""
    return [(e.user_id, e.detail) for e in role_events(user, since) if e.action == "change"]


# ---------------------------------------------------------------- the admin, as a system admin


def test_a_system_admin_cannot_make_itself_or_another_a_superuser_or_staff(
    client, sysadmin, worker
):
    """The finding: `is_superuser=on` was accepted on the admin's user page. Crafted into the
    POST now, superuser, staff and permissions are ignored; the rest of the page is saved."""
    client_permission = Permission.objects.get(codename="view_client")
    client.force_login(sysadmin)
    for target in (sysadmin, worker):
        response = client.post(
            change_url(target),
            account_post(
                target,
                first_name="Renamed",
                is_superuser="on",
                is_staff="on",
                user_permissions=[str(client_permission.pk)],
            ),
        )
        assert response.status_code == 302, target
        target.refresh_from_db()
        assert target.first_name == "Renamed"  # the page was saved...
        assert not target.is_superuser  # ...without what it may not grant
        assert target.is_staff == (target == sysadmin)
        assert not target.user_permissions.exists()
    client.force_login(sysadmin)  # a fresh session: rights as now stored
    child = CaseFactory().clients.get()
    assert client.get(reverse("requests:client_detail", args=[child.pk])).status_code == 404


def test_a_system_admin_cannot_add_anyone_to_a_privileged_group(client, sysadmin, worker):
    """Adding itself (or anyone) to legal_affairs, or to a group a superuser gave permissions,
    is refused with the field named; nothing changes."""
    opening = Group.objects.create(name="records_readers")
    opening.permissions.add(Permission.objects.get(codename="view_client"))
    client.force_login(sysadmin)
    for target, group in ((sysadmin, LEGAL), (worker, LEGAL), (worker, "records_readers")):
        held = set(target.groups.values_list("name", flat=True))
        response = client.post(
            change_url(target),
            account_post(target, groups=[group_pk(group)]),
        )
        assert response.status_code == 200, (target, group)
        assert "Groups:" in response.content.decode()
        assert set(target.groups.values_list("name", flat=True)) == held


def test_a_system_admin_keeps_others_duties_while_managing_ordinary_groups(
    client, sysadmin, worker
):
    """Groups that open nothing are the system admin's to give; the duties an account holds
    stay whatever is posted (they are not even among the choices)."""
    worker.groups.add(Group.objects.get(name=LEGAL))
    helpdesk = Group.objects.create(name="helpdesk_callbacks")
    client.force_login(sysadmin)
    page = client.get(change_url(worker)).content.decode()
    assert "helpdesk_callbacks" in page and f'value="{group_pk(LEGAL)}"' not in page
    response = client.post(change_url(worker), account_post(worker, groups=[str(helpdesk.pk)]))
    assert response.status_code == 302
    assert set(worker.groups.values_list("name", flat=True)) == {LEGAL, "helpdesk_callbacks"}


def test_a_system_admin_cannot_set_a_supervisor_or_a_disclosure_role(client, sysadmin, worker):
    """A supervisor sees the supervisee's cases: the admin's staff profile page no longer sets
    one (nor changes the role, nor moves the profile to another account), crafted or not. The
    unit is still the system admin's to change, and audited."""
    profile = worker.staff_profile
    old_unit = profile.unit.code
    new_unit = WorkUnitFactory(code="new-haven")
    elsewhere = UserFactory(username="no_profile_yet")
    url = reverse("admin:requests_app_staffprofile_change", args=[profile.pk])
    posted = {
        "user": str(worker.pk),
        "disclosure_role": "cjts_staff",
        "unit": str(new_unit.pk),
        "supervisor": str(sysadmin.pk),
        "job_title": "Investigator",
    }
    client.force_login(sysadmin)
    assert client.post(url, posted).status_code == 302
    profile.refresh_from_db()
    assert profile.supervisor_id is None
    assert profile.disclosure_role == "social_worker"
    assert profile.unit_id == new_unit.pk
    assert client.post(url, {**posted, "user": str(elsewhere.pk)}).status_code == 302
    profile.refresh_from_db()
    assert profile.user_id == worker.pk  # a profile (and its role) never moves to another account
    assert changes_of(worker)[-1] == (sysadmin.pk, f"unit: {old_unit} -> new-haven")


def test_a_new_staff_profile_from_a_system_admin_consults_legal_affairs(client, sysadmin):
    """A role that discloses without Legal Affairs is a grant: a system admin creates profiles
    only with one that consults it."""
    newcomer = UserFactory(username="newcomer")
    unit = WorkUnitFactory()
    client.force_login(sysadmin)
    url = reverse("admin:requests_app_staffprofile_add")
    post = {"user": str(newcomer.pk), "unit": str(unit.pk), "supervisor": str(sysadmin.pk)}
    response = client.post(url, {**post, "disclosure_role": "social_worker"})
    assert response.status_code == 200 and not StaffProfile.objects.filter(user=newcomer).exists()
    response = client.post(url, {**post, "disclosure_role": "other_dcf_staff"})
    assert response.status_code == 302
    profile = StaffProfile.objects.get(user=newcomer)
    assert profile.disclosure_role == "other_dcf_staff" and profile.supervisor_id is None


def test_the_password_page_is_refused_to_a_system_admin_for_anyone(client, sysadmin, worker):
    """Setting the Agency Legal Director's password worked: the admin's password page now
    answers 403 to a non-superuser, for another account and for its own."""
    director = StaffFactory(user__duties=["agency_legal_director"]).user
    client.force_login(sysadmin)
    for target in (director, worker, sysadmin):
        url = reverse("admin:auth_user_password_change", args=[target.pk])
        assert client.get(url).status_code == 403, target
        posted = {
            "password1": "a-new-password-of-mine",
            "password2": "a-new-password-of-mine",
            "usable_password": "true",
        }
        assert client.post(url, posted).status_code == 403, target
        target.refresh_from_db()
        assert target.check_password(TEST_PASSWORD), target
    page = client.get(change_url(worker)).content.decode()
    assert "/password/" not in page


def test_a_system_admin_opens_an_account_without_a_password_and_the_owner_chooses_it(
    client, sysadmin, django_capture_on_commit_callbacks
):
    """The admin's add page sets no password for a system admin (a crafted one is ignored): the
    account gets an unusable one and its owner a link, by email, to choose it."""
    client.force_login(sysadmin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:auth_user_add"),
            {
                "username": "jnewman",
                "first_name": "Jo",
                "last_name": "Newman",
                "email": "jo.newman@dcf.example.ct.gov",
                "password1": "chosen-by-the-admin-1",
                "password2": "chosen-by-the-admin-1",
                "usable_password": "true",
                "is_superuser": "on",
                "is_staff": "on",
            },
        )
    assert response.status_code == 302
    account = User.objects.get(username="jnewman")
    assert not account.has_usable_password()
    assert not account.is_superuser and not account.is_staff
    assert not account.check_password("chosen-by-the-admin-1")
    (message,) = mail.outbox
    assert message.to == ["jo.newman@dcf.example.ct.gov"]
    link = re.search(r"https?://[^/\s]+(/password/set/\S+)", message.body).group(1)

    client.logout()
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200 and "Choose your password" in form_page.content.decode()
    chosen = "my-own-password-2026"
    done = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"new_password1": chosen, "new_password2": chosen},
    )
    assert done.status_code == 302
    account.refresh_from_db()
    assert account.check_password(chosen)
    assert client.get(link, follow=True).context["validlink"] is False  # used once
    assert AccessEvent.objects.filter(
        user=sysadmin, action="password_link", object_id=str(account.pk)
    ).exists()


def test_a_system_admin_sends_a_link_never_a_password(
    client, sysadmin, worker, django_capture_on_commit_callbacks
):
    client.force_login(sysadmin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:auth_user_changelist"),
            {"action": "send_password_link", "_selected_action": [str(worker.pk)]},
        )
    (message,) = mail.outbox
    assert message.to == [worker.email] and "/password/set/" in message.body
    worker.refresh_from_db()
    assert worker.check_password(TEST_PASSWORD)  # works until its owner chooses another


def test_a_system_admin_cannot_change_a_superusers_account_or_anyones_email(
    client, sysadmin, worker, superuser
):
    """Changing where password links go would hand over the account: the email (and the
    username assignments are imported by) is read-only; a superuser's account is view-only."""
    client.force_login(sysadmin)
    response = client.post(
        change_url(worker),
        account_post(worker, email="attacker@example.com", username="someone_else"),
    )
    assert response.status_code == 302
    worker.refresh_from_db()
    assert worker.email == "maria@dcf.example.ct.gov" and worker.username == "maria"
    response = client.post(change_url(superuser), account_post(superuser, is_active=""))
    assert response.status_code == 403
    superuser.refresh_from_db()
    assert superuser.is_active


def test_a_system_admin_cannot_change_group_permissions_nor_duty_groups(client, sysadmin):
    helpdesk = Group.objects.create(name="helpdesk")
    view_client = Permission.objects.get(codename="view_client")
    client.force_login(sysadmin)
    response = client.post(
        reverse("admin:auth_group_change", args=[helpdesk.pk]),
        {"name": "helpdesk", "permissions": [str(view_client.pk)]},
    )
    assert response.status_code == 302
    assert not helpdesk.permissions.exists()
    legal = Group.objects.get(name=LEGAL)
    response = client.post(reverse("admin:auth_group_change", args=[legal.pk]), {"name": "renamed"})
    assert response.status_code == 403
    assert Group.objects.filter(name=LEGAL).exists()
    response = client.post(
        reverse("admin:auth_group_change", args=[helpdesk.pk]), {"name": "commissioner"}
    )
    assert response.status_code == 200 and "Name:" in response.content.decode()
    response = client.post(reverse("admin:auth_group_add"), {"name": "records_readers"})
    assert response.status_code == 302
    assert not Group.objects.get(name="records_readers").permissions.exists()


# ---------------------------------------------------------------- two people


def file_request(client, by: User, user: User, kind: str, value: str) -> RoleGrantRequest:
    client.force_login(by)
    response = client.post(
        reverse("admin:requests_app_rolegrantrequest_add"),
        {"user": str(user.pk), "kind": kind, "value": value, "reason": "Ticket HR-1234"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return RoleGrantRequest.objects.filter(user=user, kind=kind, value=value).latest("id")


def decide(client, by: User, grant: RoleGrantRequest, verb: str):
    client.force_login(by)
    return client.post(
        reverse("admin:requests_app_rolegrantrequest_changelist"),
        {"action": f"{verb}_role_grants", "_selected_action": [str(grant.pk)], "post": "yes"},
        follow=True,
    )


def test_a_grant_takes_a_second_administrator(client, sysadmin, other_admin, worker):
    """A files, A cannot approve, B approves: the change applies and the request, the decision
    and the change are each an access event."""
    grant = file_request(client, sysadmin, worker, GrantKind.ADD_DUTY, LEGAL)
    assert grant.status == GrantStatus.PENDING and grant.requested_by == sysadmin
    assert not worker.groups.filter(name=LEGAL).exists()
    listed = client.get(reverse("admin:requests_app_rolegrantrequest_changelist"))
    assert "maria" in listed.content.decode() and "Waiting for a second person" in (
        listed.content.decode()
    )

    page = decide(client, sysadmin, grant, "approve").content.decode()
    grant.refresh_from_db()
    assert grant.status == GrantStatus.PENDING and "Not done" in page
    assert not worker.groups.filter(name=LEGAL).exists()

    decide(client, other_admin, grant, "approve")
    grant.refresh_from_db()
    assert grant.status == GrantStatus.APPROVED and grant.decided_by == other_admin
    assert worker.groups.filter(name=LEGAL).exists()

    assert AccessEvent.objects.filter(
        user=sysadmin, action="grant_request", object_type="RoleGrantRequest"
    ).exists()
    assert AccessEvent.objects.filter(
        user=other_admin, action="grant_approve", object_id=str(grant.pk)
    ).exists()
    assert (other_admin.pk, f"groups: [] -> [{LEGAL}]") in changes_of(worker)


def test_nobody_approves_a_grant_for_themselves(client, sysadmin, other_admin):
    """The person a grant is for cannot approve it, even as an administrator; a third one can."""
    third = make_admin(username="sysadmin_c")
    grant = file_request(client, sysadmin, other_admin, GrantKind.ADD_DUTY, LEGAL)
    decide(client, other_admin, grant, "approve")
    grant.refresh_from_db()
    assert grant.status == GrantStatus.PENDING
    assert not other_admin.groups.filter(name=LEGAL).exists()
    decide(client, third, grant, "approve")
    grant.refresh_from_db()
    assert grant.status == GrantStatus.APPROVED and other_admin.groups.filter(name=LEGAL).exists()


def test_refusing_and_withdrawing_change_nothing(client, sysadmin, other_admin, worker):
    supervisor = StaffFactory(user__username="janet", user__duties=["supervisor"]).user
    grant = file_request(client, sysadmin, worker, GrantKind.SET_SUPERVISOR, "janet")
    decide(client, other_admin, grant, "withdraw")  # only its requester withdraws
    grant.refresh_from_db()
    assert grant.status == GrantStatus.PENDING
    decide(client, other_admin, grant, "refuse")
    grant.refresh_from_db()
    assert grant.status == GrantStatus.REFUSED and grant.decided_by == other_admin
    worker.staff_profile.refresh_from_db()
    assert worker.staff_profile.supervisor_id is None

    again = file_request(client, sysadmin, worker, GrantKind.SET_SUPERVISOR, "janet")
    decide(client, sysadmin, again, "withdraw")
    again.refresh_from_db()
    assert again.status == GrantStatus.WITHDRAWN and again.decided_by is None
    assert AccessEvent.objects.filter(action="grant_refuse", user=other_admin).exists()
    assert AccessEvent.objects.filter(action="grant_withdraw", user=sysadmin).exists()
    assert not supervisor.supervisees.exists()


def test_an_approved_supervisor_sees_the_supervisees_cases(client, sysadmin, other_admin, worker):
    """The supervisor link goes through casework, so access follows at once."""
    janet = StaffFactory(user__username="janet", user__duties=["supervisor"]).user
    case = CaseFactory()
    assignment_create(case=case, staff=worker, starts_on=datetime.date(2025, 1, 1))
    child = case.clients.get()
    grant = file_request(client, sysadmin, worker, GrantKind.SET_SUPERVISOR, "janet")
    decide(client, other_admin, grant, "approve")
    client.force_login(janet)
    assert client.get(reverse("requests:client_detail", args=[child.pk])).status_code == 200
    assert (other_admin.pk, "supervisor: - -> janet") in changes_of(worker)


def test_a_request_that_cannot_apply_is_refused_with_the_field_named(client, sysadmin, worker):
    client.force_login(sysadmin)
    url = reverse("admin:requests_app_rolegrantrequest_add")
    for kind, value in (
        (GrantKind.ADD_DUTY, "no_such_group"),
        (GrantKind.SET_ROLE, "astronaut"),
        (GrantKind.SET_SUPERVISOR, "maria"),
        (GrantKind.SET_STAFF, "maybe"),
        (GrantKind.REMOVE_DUTY, LEGAL),
        ("set_superuser", "yes"),
    ):
        response = client.post(
            url, {"user": str(worker.pk), "kind": kind, "value": value, "reason": "r"}
        )
        assert response.status_code == 200, kind
        assert re.search(r"(Value|Kind|Select a valid choice)", response.content.decode()), kind
    assert not RoleGrantRequest.objects.exists()


def test_the_database_refuses_a_decision_by_the_requester_or_the_subject(sysadmin, worker):
    """Whatever code runs, PostgreSQL refuses the four-eyes rule broken, and a decided request
    is frozen (a trigger)."""
    grant = RoleGrantRequest.objects.create(
        user=worker,
        kind=GrantKind.ADD_DUTY,
        value=LEGAL,
        reason="r",
        requested_by=sysadmin,
        created_at=timezone.now(),
    )
    for decider in (sysadmin, worker):
        with pytest.raises(IntegrityError), transaction.atomic():
            RoleGrantRequest.objects.filter(pk=grant.pk).update(
                status=GrantStatus.APPROVED, decided_by=decider, decided_at=timezone.now()
            )
    other = make_admin(username="sysadmin_z")
    RoleGrantRequest.objects.filter(pk=grant.pk).update(
        status=GrantStatus.REFUSED, decided_by=other, decided_at=timezone.now()
    )
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        RoleGrantRequest.objects.filter(pk=grant.pk).update(status=GrantStatus.APPROVED)


# ---------------------------------------------------------------- the console


def test_grant_role_at_the_console_applies_and_records(capsys, worker):
    duty_groups_ensure()
    StaffFactory(user__username="janet")
    call_command(
        "grant_role",
        "maria",
        "--duty",
        LEGAL,
        "--supervisor",
        "janet",
        "--role",
        "other_dcf_staff",
        "--staff",
        "--superuser",
    )
    worker.refresh_from_db()
    profile = StaffProfile.objects.get(user=worker)
    assert worker.is_superuser and worker.is_staff and worker.groups.filter(name=LEGAL).exists()
    assert profile.disclosure_role == "other_dcf_staff" and profile.supervisor.username == "janet"
    assert "now:" in capsys.readouterr().out
    console = [e for e in role_events(worker) if e.detail.startswith("console:")]
    assert {e.user_id for e in console} == {None}
    details = " | ".join(e.detail for e in console)
    for change in (
        f"groups: [] -> [{LEGAL}]",
        "supervisor: - -> janet",
        "role: social_worker -> other_dcf_staff",
        "staff: no -> yes",
        "superuser: no -> yes",
    ):
        assert change in details


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["nobody", "--duty", LEGAL], "no user named 'nobody'"),
        (["maria", "--duty", "no_such_group"], "no duty group named"),
        (["maria", "--duty", LEGAL, "--supervisor", "ghost"], "no user named 'ghost'"),
        (["maria", "--role", "astronaut"], "invalid choice"),
        (["maria"], "No change given"),
    ],
)
def test_grant_role_refuses_what_it_cannot_do_and_changes_nothing(worker, arguments, message):
    duty_groups_ensure()
    with pytest.raises((CommandError, SystemExit)) as raised:
        call_command("grant_role", *arguments)
    assert isinstance(raised.value, SystemExit) or message in str(raised.value)
    assert not worker.groups.exists()


# ---------------------------------------------------------------- every change is audited


def test_a_superuser_can_do_it_all_in_the_admin_and_it_is_audited(client, superuser, worker):
    """The admin is still whole for a superuser, and each change names the superuser, the
    account, before and after."""
    duty_groups_ensure()
    sup = StaffFactory(user__username="janet").user
    start = last_event()
    client.force_login(superuser)
    response = client.post(
        change_url(worker),
        account_post(worker, is_superuser="on", is_staff="on", groups=[group_pk(LEGAL)]),
    )
    assert response.status_code == 302
    worker.refresh_from_db()
    assert worker.is_superuser and worker.groups.filter(name=LEGAL).exists()
    url = reverse("admin:auth_user_password_change", args=[worker.pk])
    response = client.post(
        url,
        {
            "password1": "set-by-the-superuser-1",
            "password2": "set-by-the-superuser-1",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("admin:requests_app_staffprofile_change", args=[worker.staff_profile.pk]),
        {
            "user": str(worker.pk),
            "disclosure_role": "cjts_staff",
            "unit": str(worker.staff_profile.unit_id),
            "supervisor": str(sup.pk),
            "job_title": "",
        },
    )
    assert response.status_code == 302
    changes = changes_of(worker, since=start)
    assert {who for who, _ in changes} == {superuser.pk}
    details = " | ".join(d for _, d in changes)
    for change in (
        "superuser: no -> yes",
        "staff: no -> yes",
        f"groups: [] -> [{LEGAL}]",
        "password: changed",
        "role: social_worker -> cjts_staff",
        "supervisor: - -> janet",
    ):
        assert change in details


def test_changes_made_anywhere_are_audited_with_before_and_after(worker):
    """From a shell (nobody signed in): duties both ways, a group's permissions, a user's
    permissions, active status, unit and the profile itself, each one event."""
    duty_groups_ensure()
    start = last_event()
    legal = Group.objects.get(name=LEGAL)
    worker.groups.add(legal)
    legal.user_set.remove(worker)
    worker.user_permissions.add(Permission.objects.get(codename="view_client"))
    worker.is_active = False
    worker.save()
    profile = worker.staff_profile
    old_unit = profile.unit.code
    profile.unit = WorkUnitFactory(code="central")
    profile.save()
    helpdesk = Group.objects.create(name="helpdesk")
    helpdesk.permissions.add(Permission.objects.get(codename="view_case"))
    assert changes_of(worker, since=start) == [
        (None, f"groups: [] -> [{LEGAL}]"),
        (None, f"groups: [{LEGAL}] -> []"),
        (None, "permissions: [] -> [requests_app.view_client]"),
        (None, "active: yes -> no"),
        (None, f"unit: {old_unit} -> central"),
    ]
    assert AccessEvent.objects.filter(
        object_type="Group",
        object_id=str(helpdesk.pk),
        detail="permissions: [] -> [requests_app.view_case]",
    ).exists()
    created = [e.detail for e in role_events(worker) if e.action == "create"]
    assert created[0].startswith("account maria: superuser no, staff no")
    assert created[-1].startswith("staff profile; role: - -> social_worker; unit: - -> ")


def test_signing_in_writes_no_role_event(client, worker):
    """Sign-in saves the last sign-in time: no right changed, no event."""
    start = last_event()
    response = client.post(reverse("login"), {"username": "maria", "password": TEST_PASSWORD})
    assert response.status_code == 302
    worker.refresh_from_db()
    assert worker.last_login is not None
    assert role_events(worker, since=start) == []
