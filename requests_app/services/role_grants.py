"""Changes of rights: duty groups, supervisor, disclosure role, staff status, email address and
superuser status.

A system administrator never makes such a change alone: it files a role-grant request
(`role_grant_file`) that another administrator or a superuser, never the requester nor the
person concerned, approves or refuses (`role_grant_decide`); approval applies the change in the
same transaction. A superuser changes rights directly (the admin, or `manage.py grant_role` at
the console); superuser status itself is granted only at the console (`superuser_set`).

The changes themselves are audited by `requests_app.role_audit` (one event naming who, whom,
before and after); the requests and decisions here write their own events.
"""

from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from requests_app import audit, permissions
from requests_app.choices import DisclosureRole, GrantKind, GrantStatus
from requests_app.models import RoleGrantRequest, StaffProfile
from requests_app.services.casework import staff_set_supervisor

#: The values of a `set_staff` change.
YES, NO = "yes", "no"


class GrantUnavailable(ValidationError):
    """The request was decided or withdrawn in the meantime."""


def _profile(user: User) -> StaffProfile:
    profile = StaffProfile.objects.filter(user=user).first()
    if profile is None:
        raise ValidationError(
            {"user": f"{user.username} has no staff profile: create one before this change."},
            code="no_profile",
        )
    return profile


def _held(user: User, name: str) -> bool:
    return user.groups.filter(name=name).exists()


def role_change_check(*, user: User, kind: str, value: str) -> None:
    """Refuse (ValidationError naming the field, "value" or "user") a change that cannot apply
    to `user` now: an unknown duty group, role, supervisor or kind, a duty already held (or not
    held, to remove), a supervisor who is the user, a malformed email; or no change at all."""

    def refuse(message: str) -> None:
        raise ValidationError({"value": message}, code="invalid")

    if kind in (GrantKind.ADD_DUTY, GrantKind.REMOVE_DUTY):
        if not Group.objects.filter(name=value).exists():
            refuse(f"Value: there is no duty group named {value!r}.")
        if kind == GrantKind.ADD_DUTY and _held(user, value):
            refuse(f"Value: {user.username} already holds {value}.")
        if kind == GrantKind.REMOVE_DUTY and not _held(user, value):
            refuse(f"Value: {user.username} does not hold {value}.")
    elif kind == GrantKind.SET_SUPERVISOR:
        profile = _profile(user)
        supervisor = User.objects.filter(username=value).first() if value else None
        if value and supervisor is None:
            refuse(f"Value: there is no user named {value!r}.")
        if supervisor is not None and supervisor.pk == user.pk:
            refuse("Value: nobody supervises themselves.")
        if profile.supervisor_id == getattr(supervisor, "pk", None):
            refuse(f"Value: {user.username}'s supervisor is already {value or 'nobody'}.")
    elif kind == GrantKind.SET_ROLE:
        profile = _profile(user)
        if value not in DisclosureRole.values:
            refuse(f"Value: the disclosure role is one of {', '.join(DisclosureRole.values)}.")
        if profile.disclosure_role == value:
            refuse(f"Value: {user.username}'s disclosure role is already {value}.")
    elif kind == GrantKind.SET_STAFF:
        if value not in (YES, NO):
            refuse("Value: staff status is yes or no.")
        if user.is_staff == (value == YES):
            refuse(f"Value: {user.username}'s staff status is already {value}.")
    elif kind == GrantKind.SET_EMAIL:
        try:
            validate_email(value)
        except ValidationError:
            refuse("Value: enter a valid email address.")
        if user.email.lower() == value.lower():
            refuse(f"Value: {user.username}'s email address is already {value}.")
    else:
        raise ValidationError({"kind": f"Kind: unknown change {kind!r}."}, code="invalid")


@transaction.atomic
def role_change_apply(*, user: User, kind: str, value: str) -> None:
    """Apply one change of rights to `user` (checked by `role_change_check` first). Callers
    decide who may: an approved request, a superuser at the console."""
    role_change_check(user=user, kind=kind, value=value)
    if kind == GrantKind.ADD_DUTY:
        user.groups.add(Group.objects.get(name=value))
    elif kind == GrantKind.REMOVE_DUTY:
        user.groups.remove(Group.objects.get(name=value))
    elif kind == GrantKind.SET_SUPERVISOR:
        supervisor = User.objects.get(username=value) if value else None
        # Through casework: the old and new supervisors' access to cases follows the link.
        staff_set_supervisor(profile=_profile(user), supervisor=supervisor)
    elif kind == GrantKind.SET_ROLE:
        profile = _profile(user)
        profile.disclosure_role = value
        profile.full_clean()
        profile.save(update_fields=["disclosure_role"])
    elif kind == GrantKind.SET_STAFF:
        user.is_staff = value == YES
        user.save(update_fields=["is_staff"])
    elif kind == GrantKind.SET_EMAIL:
        user.email = value
        user.save(update_fields=["email"])


@transaction.atomic
def superuser_set(*, user: User, superuser: bool) -> None:
    """Make `user` a superuser or no longer one: only `manage.py grant_role`, at the server's
    console, calls this (no page and no request does)."""
    if user.is_superuser == superuser:
        raise ValidationError(
            {"superuser": f"{user.username} is {'already' if superuser else 'not'} a superuser."}
        )
    user.is_superuser = superuser
    user.save(update_fields=["is_superuser"])


def _describe(grant: RoleGrantRequest) -> str:
    return f"{grant.kind} {grant.value or '-'} for {grant.user.username}"


@transaction.atomic
def role_grant_file(*, requested_by: User, draft: RoleGrantRequest) -> RoleGrantRequest:
    """File a request for a change of rights (`draft`: its user, kind, value and reason). It
    waits for a second person; the request is audited."""
    permissions.require_role_grant_filer(requested_by)
    role_change_check(user=draft.user, kind=draft.kind, value=draft.value)
    draft.requested_by = requested_by
    draft.status = GrantStatus.PENDING
    draft.created_at = timezone.now()
    draft.full_clean()
    draft.save(force_insert=True)
    audit.record(user=requested_by, action="grant_request", obj=draft, detail=_describe(draft))
    return draft


def _locked_pending(grant: RoleGrantRequest) -> RoleGrantRequest:
    locked = RoleGrantRequest.objects.select_for_update().select_related("user").get(pk=grant.pk)
    if not locked.is_pending:
        raise GrantUnavailable(
            f"This request is already {locked.get_status_display().lower()}.", code="decided"
        )
    return locked


@transaction.atomic
def role_grant_decide(*, grant: RoleGrantRequest, by: User, approve: bool) -> RoleGrantRequest:
    """Approve (and apply, as `by`) or refuse a pending request. `by` is the second person:
    never its requester nor the person it is for. The decision is audited, and so is the
    change it applies."""
    locked = _locked_pending(grant)
    permissions.require_role_grant_decider(by=by, grant=locked)
    locked.status = GrantStatus.APPROVED if approve else GrantStatus.REFUSED
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    audit.record(
        user=by,
        action="grant_approve" if approve else "grant_refuse",
        obj=locked,
        detail=_describe(locked),
    )
    if approve:
        with audit.acting(by):
            role_change_apply(user=locked.user, kind=locked.kind, value=locked.value)
    return locked


@transaction.atomic
def role_grant_withdraw(*, grant: RoleGrantRequest, by: User) -> RoleGrantRequest:
    """Withdraw a pending request: only whoever filed it."""
    locked = _locked_pending(grant)
    permissions.require(
        by.pk == locked.requested_by_id, "Only whoever asked for a change withdraws it."
    )
    locked.status = GrantStatus.WITHDRAWN
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_at"])
    audit.record(user=by, action="grant_withdraw", obj=locked, detail=_describe(locked))
    return locked


@transaction.atomic
def role_changes_at_console(
    *, user: User, changes: list[tuple[str, str]], superuser: bool | None = None
) -> None:
    """Apply `changes` ((kind, value) pairs) and, if given, superuser status to `user`, all or
    none, as the person at the server's console: `manage.py grant_role`. Each change is audited
    with no user and the "console" mark."""
    with audit.acting(None, via=audit.CONSOLE):
        for kind, value in changes:
            role_change_apply(user=user, kind=kind, value=value)
        if superuser is not None:
            superuser_set(user=user, superuser=superuser)
