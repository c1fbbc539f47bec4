"""Writes to casework: every change goes through a function here, atomically, and keeps the
object permissions that decide who may see a case and its clients in step with the change."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission, User
from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from requests_app.choices import DutyGroup
from requests_app.models import (
    Case,
    CaseAssignment,
    CaseMembership,
    CaseUserObjectPermission,
    Client,
    ClientUserObjectPermission,
    StaffProfile,
)
from requests_app.permissions import VIEW_CASE, VIEW_CLIENT, granted_ids


@transaction.atomic
def access_sync(*, user: User, today: datetime.date | None = None) -> None:
    """Make `user`'s view permissions on cases and clients match what they may see on `today`.

    A staff member sees the cases they are actively assigned to and, as a supervisor, the
    cases their supervisees are actively assigned to; with a case come its clients. Recomputing
    the whole set (rather than adding or removing one grant) keeps a client visible while any
    other case still reaches them.
    """
    today = today or timezone.localdate()
    staff_ids = [
        user.pk,
        *StaffProfile.objects.filter(supervisor=user).values_list("user_id", flat=True),
    ]
    case_ids = set(
        CaseAssignment.objects.filter(
            CaseAssignment.active_on_q(today), staff_id__in=staff_ids
        ).values_list("case_id", flat=True)
    )
    client_ids = set(
        CaseMembership.objects.filter(case_id__in=case_ids).values_list("client_id", flat=True)
    )
    for model, perm_model, perm, wanted in (
        (Case, CaseUserObjectPermission, VIEW_CASE, case_ids),
        (Client, ClientUserObjectPermission, VIEW_CLIENT, client_ids),
    ):
        granted = set(
            granted_ids(user, perm_model, perm).values_list("content_object_id", flat=True)
        )
        if wanted - granted:
            # guardian takes a queryset (its docstring says so) but annotates `obj: Model | None`.
            assign_perm(perm, user, model.objects.filter(pk__in=wanted - granted))  # type: ignore[arg-type]
        if granted - wanted:
            remove_perm(perm, user, model.objects.filter(pk__in=granted - wanted))


def _sync_staff_and_supervisor(staff: User, today: datetime.date | None) -> None:
    access_sync(user=staff, today=today)
    supervisor_id = (
        StaffProfile.objects.filter(user=staff).values_list("supervisor_id", flat=True).first()
    )
    if supervisor_id:
        access_sync(user=get_user_model().objects.get(pk=supervisor_id), today=today)


@transaction.atomic
def assignment_create(
    *,
    case: Case,
    staff: User,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> CaseAssignment:
    """Assign a staff member to a case; they (and their supervisor) may then see it."""
    assignment = CaseAssignment(case=case, staff=staff, starts_on=starts_on, ends_on=ends_on)
    assignment.full_clean()
    assignment.save()
    _sync_staff_and_supervisor(staff, today)
    return assignment


@transaction.atomic
def assignment_end(
    *, assignment: CaseAssignment, ends_on: datetime.date, today: datetime.date | None = None
) -> CaseAssignment:
    """End an assignment on `ends_on` (inclusive); access goes once that day has passed."""
    assignment.ends_on = ends_on
    assignment.full_clean()
    assignment.save(update_fields=["ends_on"])
    _sync_staff_and_supervisor(assignment.staff, today)
    return assignment


@transaction.atomic
def staff_set_supervisor(
    *, profile: StaffProfile, supervisor: User | None, today: datetime.date | None = None
) -> StaffProfile:
    """Change who supervises a staff member; the old and new supervisors' access follow."""
    previous_id = profile.supervisor_id
    profile.supervisor = supervisor
    profile.full_clean()
    profile.save(update_fields=["supervisor"])
    users = get_user_model().objects.filter(
        pk__in=[pk for pk in (previous_id, getattr(supervisor, "pk", None)) if pk]
    )
    for user in users:
        access_sync(user=user, today=today)
    return profile


def access_sync_all(*, today: datetime.date | None = None) -> int:
    """Resynchronise every staff member (run daily: assignments start and end with dates)."""
    users = get_user_model().objects.filter(staff_profile__isnull=False)
    count = 0
    for user in users.iterator():
        access_sync(user=user, today=today)
        count += 1
    return count


#: What system administrators may do in the admin: accounts, groups, units and staff profiles,
#: and nothing that holds client information.
SYSTEM_ADMIN_PERMISSIONS = [
    f"{action}_{model}"
    for model in ("user", "group", "workunit", "staffprofile")
    for action in ("view", "add", "change")
]


@transaction.atomic
def duty_groups_ensure() -> None:
    """Create every duty group and give system_admin its admin permissions (idempotent)."""
    for duty in DutyGroup:
        Group.objects.get_or_create(name=duty.value)
    admins = Group.objects.get(name=DutyGroup.SYSTEM_ADMIN.value)
    admins.permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=["auth", "requests_app"],
            codename__in=SYSTEM_ADMIN_PERMISSIONS,
        )
    )
