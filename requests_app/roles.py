"""Who a user is in the portal: their disclosure role and duty groups, read once per request."""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractUser, AnonymousUser

from requests_app.choices import DIRECT_DISCLOSURE_ROLES, DisclosureRole, DutyGroup
from requests_app.models import StaffProfile


@dataclass(frozen=True)
class Standing:
    """A user's disclosure role (None without a staff profile) and duty groups."""

    disclosure_role: str | None
    duties: frozenset[str]

    @property
    def discloses_directly(self) -> bool:
        return self.disclosure_role in DIRECT_DISCLOSURE_ROLES

    @property
    def role_label(self) -> str:
        """The disclosure role as people read it ("Social worker"), or "" without one."""
        return DisclosureRole(self.disclosure_role).label if self.disclosure_role else ""

    @property
    def is_staff_member(self) -> bool:
        return self.disclosure_role is not None

    def has(self, duty: DutyGroup) -> bool:
        return duty.value in self.duties

    @property
    def is_reviewer(self) -> bool:
        return bool(
            {DutyGroup.LEGAL_AFFAIRS.value, DutyGroup.ASSISTANT_ATTORNEY_GENERAL.value}
            & self.duties
        )

    @property
    def reads_audit(self) -> bool:
        """Legal Affairs and the Agency Legal Director search the audit trail."""
        return bool(
            {DutyGroup.LEGAL_AFFAIRS.value, DutyGroup.AGENCY_LEGAL_DIRECTOR.value} & self.duties
        )

    @property
    def supervises_legal_affairs(self) -> bool:
        """A Legal Affairs supervisor (or the Agency Legal Director): reassigns reviews."""
        return self.is_reviewer and bool(
            {DutyGroup.SUPERVISOR.value, DutyGroup.AGENCY_LEGAL_DIRECTOR.value} & self.duties
        )


def standing_of(user: AbstractUser | AnonymousUser) -> Standing:
    """The user's standing, cached on the user object for the rest of the request."""
    cached = known_standing(user)
    if cached is not None:
        return cached
    if not user.is_authenticated:
        return remember_standing(user, role=None, duties=[])
    profile = StaffProfile.objects.filter(user=user).only("disclosure_role").first()
    return remember_standing(
        user,
        role=profile.disclosure_role if profile else None,
        duties=list(user.groups.values_list("name", flat=True)),
    )


def known_standing(user: AbstractUser | AnonymousUser) -> Standing | None:
    """The standing already read with this user object (by requests_app.auth or `standing_of`),
    or None: never a query."""
    return getattr(user, "_dcf_standing", None)


def remember_standing(
    user: AbstractUser | AnonymousUser, *, role: str | None, duties: list[str]
) -> Standing:
    """Keep a standing read along with the user (requests_app.auth), for `standing_of`."""
    standing = Standing(disclosure_role=role, duties=frozenset(duties))
    user._dcf_standing = standing  # type: ignore[attr-defined]
    return standing
