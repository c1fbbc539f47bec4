"""Every change of a person's rights is an access event, however it is made: the admin, an
approved role-grant request, `manage.py grant_role`, the demo seeding or a shell.

Signals see every such write (a model's save or delete, a many-to-many change), so nothing
that changes rights through the ORM escapes; a bulk `QuerySet.update()` sends no signal and is
kept only by the models' field history (django-pghistory). Each event names who acted (the
signed-in user that `web.middleware.AuditMiddleware` keeps, or None; "console:" when
`manage.py grant_role` made it), whom (the User, or the Group whose permissions changed) and
what changed, before and after:

- an account: created, deleted, superuser, staff, active, username, email, password (never
  the hash);
- its duty groups and permissions, and a group's permissions;
- its staff profile: disclosure role, unit, supervisor.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import is_password_usable
from django.contrib.auth.models import Group, User
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from requests_app import audit
from requests_app.models import StaffProfile, WorkUnit

#: Fields of an account whose change is audited.
USER_FIELDS = ("is_superuser", "is_staff", "is_active", "username", "email", "password")
#: Fields of a staff profile whose change is audited.
PROFILE_FIELDS = ("user_id", "disclosure_role", "unit_id", "supervisor_id")
#: Events carry at most this much detail (`AccessEvent.detail`).
DETAIL_LIMIT = 200

_BEFORE = "_dcf_rights_before"


# ---------------------------------------------------------------------------- recording


def _record(subject: Model, action: str, changes: Iterable[str]) -> None:
    """One event on `subject`, by whoever is acting, listing `changes` (nothing if none)."""
    text = "; ".join(changes)
    if not text:
        return
    actor, via = audit.current_actor()
    if via:
        text = f"{via}: {text}"  # first, so that no cut at the limit can lose it
    audit.record(user=actor, action=action, obj=subject, detail=text)


def _account(pk: int) -> User:
    """The account `pk` as an event's object, without reading it (it may be going)."""
    return User(pk=pk)


def _yes(value: object) -> str:
    return "yes" if value else "no"


def _shown(value: object) -> str:
    return "-" if value in (None, "") else str(value)


def _before_after(label: str, before: object, after: object) -> str:
    return f"{label}: {_shown(before)} -> {_shown(after)}"


def _sets(label: str, before: set[str], after: set[str]) -> str:
    """`label: [a] -> [a, b]`, or only what was added and removed when both lists are long."""
    full = f"{label}: [{', '.join(sorted(before))}] -> [{', '.join(sorted(after))}]"
    if len(full) <= DETAIL_LIMIT - 20:
        return full
    added = [f"+{name}" for name in sorted(after - before)]
    removed = [f"-{name}" for name in sorted(before - after)]
    return f"{label}: {' '.join(added + removed)} (now {len(after)})"


# ---------------------------------------------------------------------------- accounts


def _user_before(sender: type[User], instance: User, raw: bool = False, **kwargs: Any) -> None:
    update_fields = kwargs.get("update_fields")
    if raw or instance.pk is None:
        return
    if update_fields is not None and not set(update_fields) & set(USER_FIELDS):
        return  # the last sign-in's time, a name: nothing that changes rights
    before = User.objects.filter(pk=instance.pk).values(*USER_FIELDS).first()
    setattr(instance, _BEFORE, before)


def _password_change(before: str, instance: User, update_fields: Any) -> str | None:
    """How the password changed, or None: unchanged, or only rehashed at sign-in (Django
    stores a stronger hash of the same password when its hasher's settings change)."""
    after = instance.password
    if after == before:
        return None
    usable_before, usable_after = (
        bool(before) and is_password_usable(before),
        (is_password_usable(after)),
    )
    rehashed = getattr(instance, "_password", None) is None and list(update_fields or []) == [
        "password"
    ]
    if usable_before and usable_after and rehashed:
        return None
    if not usable_after:
        return "password: made unusable"
    return "password: changed" if usable_before else "password: set"


def _user_saved(
    sender: type[User], instance: User, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if raw:
        return
    if created:
        _record(
            instance,
            "create",
            [
                f"account {instance.username}: superuser {_yes(instance.is_superuser)}, "
                f"staff {_yes(instance.is_staff)}, active {_yes(instance.is_active)}"
            ],
        )
        return
    before = instance.__dict__.pop(_BEFORE, None)
    if before is None:
        return
    changes = [
        _before_after(
            field.removeprefix("is_"), _yes(before[field]), _yes(getattr(instance, field))
        )
        for field in ("is_superuser", "is_staff", "is_active")
        if before[field] != getattr(instance, field)
    ]
    changes += [
        _before_after(field, before[field], getattr(instance, field))
        for field in ("username", "email")
        if before[field] != getattr(instance, field)
    ]
    password = _password_change(before["password"], instance, kwargs.get("update_fields"))
    _record(instance, "change", [*changes, *([password] if password else [])])


def _user_deleted(sender: type[User], instance: User, **kwargs: Any) -> None:
    _record(instance, "delete", [f"account {instance.username} deleted"])


# ---------------------------------------------------------------------------- staff profiles


def _profile_before(
    sender: type[StaffProfile], instance: StaffProfile, raw: bool = False, **kwargs: Any
) -> None:
    update_fields = kwargs.get("update_fields")
    if raw or instance.pk is None:
        return
    if update_fields is not None and not {f.removesuffix("_id") for f in update_fields} & {
        f.removesuffix("_id") for f in PROFILE_FIELDS
    }:
        return
    before = StaffProfile.objects.filter(pk=instance.pk).values(*PROFILE_FIELDS).first()
    setattr(instance, _BEFORE, before)


def _unit_code(pk: int | None) -> str | None:
    return WorkUnit.objects.filter(pk=pk).values_list("code", flat=True).first() if pk else None


def _username(pk: int | None) -> str | None:
    return User.objects.filter(pk=pk).values_list("username", flat=True).first() if pk else None


def _profile_changes(before: dict[str, Any], profile: StaffProfile) -> list[str]:
    changes = []
    if before["user_id"] != profile.user_id:
        changes.append(
            _before_after("profile of", _username(before["user_id"]), _username(profile.user_id))
        )
    if before["disclosure_role"] != profile.disclosure_role:
        changes.append(_before_after("role", before["disclosure_role"], profile.disclosure_role))
    if before["unit_id"] != profile.unit_id:
        changes.append(
            _before_after("unit", _unit_code(before["unit_id"]), _unit_code(profile.unit_id))
        )
    if before["supervisor_id"] != profile.supervisor_id:
        changes.append(
            _before_after(
                "supervisor", _username(before["supervisor_id"]), _username(profile.supervisor_id)
            )
        )
    return changes


def _profile_saved(
    sender: type[StaffProfile],
    instance: StaffProfile,
    created: bool,
    raw: bool = False,
    **kwargs: Any,
) -> None:
    if raw:
        return
    subject = _account(instance.user_id)
    if created:
        empty = dict.fromkeys(PROFILE_FIELDS) | {"user_id": instance.user_id}
        _record(subject, "create", ["staff profile", *_profile_changes(empty, instance)])
        return
    before = instance.__dict__.pop(_BEFORE, None)
    if before is not None:
        _record(subject, "change", _profile_changes(before, instance))


def _profile_deleted(sender: type[StaffProfile], instance: StaffProfile, **kwargs: Any) -> None:
    _record(
        _account(instance.user_id),
        "delete",
        [
            f"staff profile deleted: role {instance.disclosure_role}, "
            f"unit {_shown(_unit_code(instance.unit_id))}"
        ],
    )


# ---------------------------------------------------------------------------- memberships


@dataclass(frozen=True)
class Membership:
    """A many-to-many relation that carries rights: its owners (users, groups) and what they
    hold (groups, permissions), and how an event names those."""

    label: str
    through: type[Model]
    owner: type[Model]
    owner_column: str
    target_column: str
    #: The `values_list` path(s) naming a held item from a `through` row.
    name_paths: tuple[str, ...]

    def held(self, owner_ids: Iterable[int]) -> dict[int, set[str]]:
        """What each owner holds now, by name."""
        held: dict[int, set[str]] = {pk: set() for pk in owner_ids}
        rows = self.through._default_manager.filter(
            **{f"{self.owner_column}__in": list(held)}
        ).values_list(self.owner_column, *self.name_paths)
        for owner_id, *parts in rows:
            held[owner_id].add(".".join(parts))
        return held

    def owners(self, instance: Model, reverse: bool, pk_set: set[int] | None) -> list[int]:
        """The owners a change touches: the instance itself, or (from the other side) those
        named, or every owner of the instance when it is cleared."""
        if not reverse:
            return [instance.pk]
        if pk_set is not None:
            return sorted(pk_set)
        return list(
            self.through._default_manager.filter(**{self.target_column: instance.pk}).values_list(
                self.owner_column, flat=True
            )
        )

    def subject(self, pk: int) -> Model:
        return self.owner(pk=pk)


MEMBERSHIPS = (
    Membership("groups", User.groups.through, User, "user_id", "group_id", ("group__name",)),
    Membership(
        "permissions",
        User.user_permissions.through,
        User,
        "user_id",
        "permission_id",
        ("permission__content_type__app_label", "permission__codename"),
    ),
    Membership(
        "permissions",
        Group.permissions.through,
        Group,
        "group_id",
        "permission_id",
        ("permission__content_type__app_label", "permission__codename"),
    ),
)


def _membership_handler(membership: Membership) -> Callable[..., None]:
    """Capture what the touched owners held before the change (pre_*), and record one event
    per owner whose holdings differ after it (post_*)."""

    def handle(
        sender: type[Model],
        instance: Model,
        action: str,
        reverse: bool,
        pk_set: set[int] | None,
        **kwargs: Any,
    ) -> None:
        stash = instance.__dict__.setdefault(_BEFORE + membership.label, {})
        if action.startswith("pre_"):
            owners = membership.owners(instance, reverse, pk_set)
            stash[action.removeprefix("pre_")] = membership.held(owners)
            return
        before = stash.pop(action.removeprefix("post_"), None)
        if before is None:
            return
        after = membership.held(before)
        for owner_id, held in after.items():
            if held != before[owner_id]:
                _record(
                    membership.subject(owner_id),
                    "change",
                    [_sets(membership.label, before[owner_id], held)],
                )

    return handle


# ---------------------------------------------------------------------------- wiring


def connect() -> None:
    """Connect every handler (once: the dispatch ids keep a second call from doubling them)."""
    pre_save.connect(_user_before, sender=User, dispatch_uid="rights-user-before")
    post_save.connect(_user_saved, sender=User, dispatch_uid="rights-user-saved")
    post_delete.connect(_user_deleted, sender=User, dispatch_uid="rights-user-deleted")
    pre_save.connect(_profile_before, sender=StaffProfile, dispatch_uid="rights-profile-before")
    post_save.connect(_profile_saved, sender=StaffProfile, dispatch_uid="rights-profile-saved")
    post_delete.connect(
        _profile_deleted, sender=StaffProfile, dispatch_uid="rights-profile-deleted"
    )
    for membership in MEMBERSHIPS:
        m2m_changed.connect(
            _membership_handler(membership),
            sender=membership.through,
            weak=False,
            dispatch_uid=f"rights-{membership.through._meta.db_table}",
        )
