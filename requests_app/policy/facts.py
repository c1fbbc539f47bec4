"""The facts the 31-8-5 engine decides on: who asks, on which case, for whom, what, on what release.

Everything here is a frozen dataclass or a string enumeration, so a `Facts` value can be stored,
compared, hashed and replayed years later. The enumeration values are the JSON contract of the
`evaluate_disclosure` command and must stay stable.
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass


class Role(enum.StrEnum):
    """The disclosure role the requester is judged by."""

    SOCIAL_WORKER = "social_worker"
    SOLNIT_NORTH_STAFF = "solnit_north_staff"
    SOLNIT_SOUTH_STAFF = "solnit_south_staff"
    CJTS_STAFF = "cjts_staff"
    OTHER_DCF_STAFF = "other_dcf_staff"


#: The roles named in "Procedures for Disclosure by Social Workers, Solnit and CJTS Staff".
DIRECT_ROLES: frozenset[Role] = frozenset(
    {Role.SOCIAL_WORKER, Role.SOLNIT_NORTH_STAFF, Role.SOLNIT_SOUTH_STAFF, Role.CJTS_STAFF}
)


class CaseStatus(enum.StrEnum):
    """Whether the case the information belongs to is open."""

    OPEN = "open"
    CLOSED = "closed"


class RecipientKind(enum.StrEnum):
    """Who would receive the information."""

    CLIENT = "client"
    PARENT = "parent"
    LEGAL_GUARDIAN = "legal_guardian"
    ATTORNEY = "attorney"
    AUTHORIZED_REPRESENTATIVE = "authorized_representative"
    DCF_STAFF = "dcf_staff"
    ASSISTANT_ATTORNEY_GENERAL = "assistant_attorney_general"
    JUVENILE_COURT = "juvenile_court"
    PROBATE_COURT = "probate_court"
    OTHER_COURT = "other_court"
    THIRD_PARTY = "third_party"


class Category(enum.StrEnum):
    """A category of client information."""

    CASE_RECORD = "case_record"
    INVESTIGATION = "investigation"
    MEDICAL = "medical"
    PSYCHIATRIC = "psychiatric"
    SUBSTANCE_USE = "substance_use"
    HIV_RELATED = "hiv_related"
    EDUCATIONAL = "educational"
    REPORTER_IDENTITY = "reporter_identity"
    OTHER = "other"


#: Categories that carry their own statute (HIV: Conn. Gen. Stat. §19a-583; substance use:
#: 42 CFR Part 2; the reporter's identity: §17a-28), so the engine leaves them to Legal Affairs.
DEFAULT_SENSITIVE_CATEGORIES: frozenset[str] = frozenset(
    {Category.HIV_RELATED, Category.SUBSTANCE_USE, Category.REPORTER_IDENTITY}
)


class ReleaseForm(enum.StrEnum):
    """The two approved release forms; only DCF-2131F authorizes disclosure *from* DCF."""

    DCF_2131F = "DCF-2131F"
    DCF_2131T = "DCF-2131T"


class Signer(enum.StrEnum):
    """Who signed a release."""

    CLIENT = "client"
    AUTHORIZED_REPRESENTATIVE = "authorized_representative"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Requester:
    """The staff member asking to disclose.

    `assigned_to_case` means the request is in the normal course of the requester's duties;
    `in_doubt` records that the requester is unsure the information may be disclosed.
    """

    role: Role
    assigned_to_case: bool
    in_doubt: bool = False


@dataclass(frozen=True, slots=True)
class Case:
    """The case the information belongs to."""

    status: CaseStatus


@dataclass(frozen=True, slots=True)
class Recipient:
    """The person or body that would receive the information.

    `relationship_verified`: staff have verified the recipient is who they claim to be to the client
    (parent, guardian, attorney, authorized representative). `business_reason`: for DCF staff, why
    they need to know. `hearing_related_to_case`: for a court, the disclosure is for a hearing on
    this case.
    """

    kind: RecipientKind
    relationship_verified: bool = False
    parental_rights_terminated: bool = False
    business_reason: str = ""
    hearing_related_to_case: bool = False


@dataclass(frozen=True, slots=True)
class Information:
    """What would be disclosed, by category."""

    categories: tuple[Category, ...]


@dataclass(frozen=True, slots=True)
class Release:
    """A release of information the requester relies on.

    `names_recipient`: the release specifically identifies this recipient. `categories`: the
    information the release covers. Missing dates (`None`) mean "not signed", "no expiry",
    "not revoked". `signer_was_minor`: the client was under 18 on `signed_on` and not
    emancipated (§17a-28: a minor's consent is given by a parent or guardian, not the minor).
    """

    form: ReleaseForm
    signed_on: datetime.date | None
    signed_by: Signer
    effective_on: datetime.date
    expires_on: datetime.date | None
    revoked_on: datetime.date | None
    names_recipient: bool
    categories: tuple[Category, ...]
    signer_was_minor: bool = False


# What a release's dates mean on a given day, in one place: the rules below decide with them,
# and the portal's release pages (ReleaseAuthorization.status_on) show the same status.


def release_signed_by(signed_on: datetime.date | None, day: datetime.date) -> bool:
    """Signed on or before `day`."""
    return signed_on is not None and signed_on <= day


def release_in_effect_on(effective_on: datetime.date, day: datetime.date) -> bool:
    """Took effect on or before `day`."""
    return effective_on <= day


def release_expired_by(expires_on: datetime.date | None, day: datetime.date) -> bool:
    """Past its expiry date on `day` (a release is good through its expiry date)."""
    return expires_on is not None and expires_on < day


def release_revoked_by(revoked_on: datetime.date | None, day: datetime.date) -> bool:
    """Revoked on or before `day` (revoked on a day, it no longer covers that day)."""
    return revoked_on is not None and revoked_on <= day


def release_dates_hold(
    signed_on: datetime.date | None,
    effective_on: datetime.date,
    expires_on: datetime.date | None,
    *,
    max_days: int,
) -> bool:
    """The release's own dates make sense together: it takes effect on or after the day it is
    signed, and expires after it takes effect and at most `max_days` after it is signed (before
    it is signed: after the effective date, the latest day it can be signed). A release whose
    dates break this was never valid on any day, whatever the engine would say of each date on
    its own. A missing expiry is a problem of its own (`release_no_expiration`), not judged here.

    The engine's facts do not carry the portal's limit (`RELEASE_MAX_DAYS`), so the portal asks
    this of a stored release: the adapter before giving it to the engine, and
    `ReleaseAuthorization.status_on` before calling it current.
    """
    if signed_on is not None and effective_on < signed_on:
        return False
    if expires_on is None:
        return True
    start = effective_on if signed_on is None else signed_on
    return effective_on < expires_on and (expires_on - start).days <= max_days


@dataclass(frozen=True, slots=True)
class Facts:
    """Everything a decision is made on. `as_of` is the day the decision is made for."""

    as_of: datetime.date
    requester: Requester
    case: Case
    recipient: Recipient
    information: Information
    release: Release | None = None
