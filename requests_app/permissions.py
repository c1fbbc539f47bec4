"""Every "may this user ...?" answer of the portal, in one place.

- **Standing**: who a user is here (their disclosure role and duty groups), read once per request
  with the signed-in user (`requests_app.web.auth`) and kept on the user object.
- **Object access**: which cases and clients a user may see (django-guardian's direct grant
  tables, kept in step by `services.casework.access_sync`).
- **Duties on objects**: who may work a review, change a release, act on a loss or breach report,
  resubmit a request or record its disclosure.

Services call the `require_*` checks (they raise PermissionDenied), so a view, a management command
and the admin behave the same; views use the `may_*` answers to decide what to show, and the
`requires` decorator for pages only some duties may open. Whether information may go to a
recipient is a different question, answered by the policy engine (`requests_app.policy`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.auth.models import AnonymousUser, Group, User
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponse

from forms_app.models import ReleaseAuthorization
from requests_app import policy, words
from requests_app.choices import (
    PRIVILEGED_DUTIES,
    DisclosureRole,
    DutyGroup,
    IncidentKind,
    IncidentStepKind,
    RequestStatus,
)
from requests_app.models import (
    CaseMembership,
    CaseUserObjectPermission,
    ClientUserObjectPermission,
    Disclosure,
    DisclosureRequest,
    Incident,
    IncidentStep,
    Review,
    RoleGrantRequest,
    StaffProfile,
)

#: Whoever a request comes from: a signed-in user, or the anonymous one before sign-in.
AnyUser = User | AnonymousUser

VIEW_CASE = "requests_app.view_case"
VIEW_CLIENT = "requests_app.view_client"

#: Statuses from which a request's disclosure may be recorded.
DISCLOSABLE = frozenset(
    {
        RequestStatus.PERMITTED,
        RequestStatus.APPROVED,
        RequestStatus.APPROVED_WITH_REDACTIONS,
    }
)

#: Steps that send a loss report to a supervisor: that supervisor may acknowledge it.
SUPERVISOR_STEPS = (
    IncidentStepKind.SUPERVISOR_NOTIFIED,
    IncidentStepKind.UNIT_SUPERVISOR_NOTIFIED,
)

#: Duties of people who review, oversee or administer rather than work cases of their own.
NO_CASEWORK_DUTIES = frozenset(
    {
        DutyGroup.LEGAL_AFFAIRS.value,
        DutyGroup.ASSISTANT_ATTORNEY_GENERAL.value,
        DutyGroup.AGENCY_LEGAL_DIRECTOR.value,
        DutyGroup.COMMISSIONER.value,
        DutyGroup.HR_DIRECTOR.value,
        DutyGroup.SYSTEM_ADMIN.value,
    }
)


# ---------------------------------------------------------------- standing


@dataclass(frozen=True)
class Standing:
    """A user's disclosure role (None without a staff profile) and duty groups."""

    disclosure_role: str | None
    duties: frozenset[str]

    @property
    def discloses_directly(self) -> bool:
        """One of the four roles 31-8-5 lets disclose directly (the engine's list)."""
        return self.disclosure_role in policy.DIRECT_ROLES

    @property
    def role_label(self) -> str:
        """The disclosure role as people read it ("Social worker"), or "" without one."""
        return DisclosureRole(self.disclosure_role).label if self.disclosure_role else ""

    @property
    def duty_labels(self) -> list[str]:
        """The duties as people read them ("Office of Legal Affairs"), in the order DutyGroup
        declares them (`words.duty_labels`)."""
        return [str(label) for label in words.duty_labels(self.duties)]

    @property
    def is_staff_member(self) -> bool:
        return self.disclosure_role is not None

    def has(self, duty: DutyGroup) -> bool:
        return duty.value in self.duties

    @property
    def works_cases(self) -> bool:
        """Makes disclosure requests and prepares releases for clients of their own: the four
        roles that disclose directly, and other DCF staff unless they review, oversee or
        administer (`NO_CASEWORK_DUTIES`); never a system administrator, who sees no client
        information."""
        if not self.is_staff_member or self.has(DutyGroup.SYSTEM_ADMIN):
            return False
        return self.discloses_directly or not self.duties & NO_CASEWORK_DUTIES

    @property
    def is_reviewer(self) -> bool:
        """Office of Legal Affairs staff and Assistant Attorneys General."""
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

    @property
    def is_supervisor(self) -> bool:
        return self.has(DutyGroup.SUPERVISOR)

    @property
    def is_legal_director(self) -> bool:
        return self.has(DutyGroup.AGENCY_LEGAL_DIRECTOR)


def standing_of(user: AnyUser) -> Standing:
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


def known_standing(user: AnyUser) -> Standing | None:
    """The standing already read with this user object (by the auth backend or `standing_of`),
    or None: never a query."""
    return getattr(user, "_dcf_standing", None)


def remember_standing(user: AnyUser, *, role: str | None, duties: list[str]) -> Standing:
    """Keep a standing read along with the user (`requests_app.web.auth`), for `standing_of`."""
    standing = Standing(disclosure_role=role, duties=frozenset(duties))
    user._dcf_standing = standing  # type: ignore[union-attr]
    return standing


# ---------------------------------------------------------------- views


def requires(test: Callable[[Standing], bool]) -> Callable[..., Any]:
    """Let the view run only for users whose standing passes `test` (403 otherwise).

    Sign-in is already required for every view by LoginRequiredMiddleware.
    """

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not test(standing_of(request.user)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def is_reviewer(standing: Standing) -> bool:
    return standing.is_reviewer


def is_supervisor(standing: Standing) -> bool:
    return standing.is_supervisor


def is_staff_member(standing: Standing) -> bool:
    return standing.is_staff_member


def reads_audit(standing: Standing) -> bool:
    return standing.reads_audit


def supervises_legal_affairs(standing: Standing) -> bool:
    return standing.supervises_legal_affairs


def require(allowed: bool, message: str) -> None:
    """Refuse (403, with `message`) unless `allowed`."""
    if not allowed:
        raise PermissionDenied(message)


# ---------------------------------------------------------------- cases and clients


def granted_ids(user: User, grants: type[Model], perm: str) -> QuerySet:
    """Ids of the objects on which `grants` (a direct-foreign-key guardian table) gives the user
    `perm` ("app_label.codename").

    The access granted by `access_sync` lives only in the two direct-foreign-key tables, so this
    reads them directly: what guardian's get_objects_for_user gives (it also looks for group
    grants, which the portal never makes), in a query PostgreSQL plans in a fraction of the time.
    """
    codename = perm.split(".", 1)[1]
    return grants.objects.filter(  # type: ignore[attr-defined]
        user=user, permission__codename=codename
    ).values("content_object_id")


def granted_case_ids(user: User) -> QuerySet:
    return granted_ids(user, CaseUserObjectPermission, VIEW_CASE)


def granted_client_ids(user: User) -> QuerySet:
    return granted_ids(user, ClientUserObjectPermission, VIEW_CLIENT)


def may_see_client(*, user: User, client_id: int) -> bool:
    """The user may see the client (a case of theirs, or of a supervisee, reaches them)."""
    return (
        user.is_superuser or granted_client_ids(user).filter(content_object_id=client_id).exists()
    )


def may_read_accounting(*, user: User, client_id: int) -> bool:
    """Staff who may see the client read its accounting of disclosures, and Legal Affairs
    reviewers read any client's (`selectors.requests.client_for_accounting`)."""
    return standing_of(user).is_reviewer or may_see_client(user=user, client_id=client_id)


def may_request_for_client(*, user: User, client_id: int) -> bool:
    """A disclosure request is opened for a client the user may see
    (`selectors.casework.request_client`); whether they may disclose is the engine's answer."""
    return may_see_client(user=user, client_id=client_id)


def may_see_client_and_case(*, user: User, client_id: int, case_id: int) -> bool:
    """The user may see the case and the client, and the client is a member of that case
    (whether the user is assigned to it that day is the engine's question, not this one)."""
    members = CaseMembership.objects.filter(client_id=client_id, case_id=case_id)
    if not user.is_superuser:
        members = members.filter(
            case_id__in=granted_case_ids(user), client_id__in=granted_client_ids(user)
        )
    return members.exists()


# ---------------------------------------------------------------- requests


def may_resubmit(*, user: User, request: DisclosureRequest) -> bool:
    """Only the requester edits and resubmits a request Legal Affairs returned."""
    return request.requester_id == user.pk and request.status == RequestStatus.RETURNED


#: A request's records may be added until it is disclosed or denied.
CLOSED_TO_DOCUMENTS = {RequestStatus.DISCLOSED, RequestStatus.DENIED}


def may_attach_document(*, user: AnyUser, request: DisclosureRequest) -> bool:
    """The requester attaches the records proposed for disclosure while the request is open."""
    return request.requester_id == user.pk and request.status not in CLOSED_TO_DOCUMENTS


#: A request under review by Legal Affairs.
UNDER_REVIEW = {RequestStatus.ESCALATED, RequestStatus.IN_REVIEW}


def may_redact(*, user: AnyUser, request: DisclosureRequest) -> bool:
    """Legal Affairs redacts a request's records while reviewing it; the requester redacts a
    permitted or approved request's records before the packet is built."""
    if request.status in UNDER_REVIEW:
        return standing_of(user).is_reviewer
    return request.requester_id == user.pk and request.status in DISCLOSABLE


def may_build_packet(*, user: AnyUser, request: DisclosureRequest) -> bool:
    """The requester builds the disclosure packet once the request may be disclosed."""
    return request.requester_id == user.pk and request.status in DISCLOSABLE


def may_record_disclosure(*, user: User, request: DisclosureRequest) -> bool:
    """Only the requester records the disclosure of a permitted or approved request."""
    return request.requester_id == user.pk and request.status in DISCLOSABLE


def corrects_every_disclosure(user: AnyUser) -> bool:
    """Legal Affairs corrects the date of any recorded disclosure."""
    return standing_of(user).has(DutyGroup.LEGAL_AFFAIRS)


def may_correct_disclosure(*, user: AnyUser, disclosure: Disclosure) -> bool:
    """Whoever recorded a disclosure corrects its date, and so does Legal Affairs."""
    return disclosure.recorded_by_id == user.pk or corrects_every_disclosure(user)


# ---------------------------------------------------------------- reviews


def require_reviewer(user: AnyUser) -> None:
    require(standing_of(user).is_reviewer, "Only Legal Affairs reviewers work the review queue.")


def require_assignee(*, user: User, review: Review) -> None:
    require(review.assignee_id == user.pk, "Claim the review before working on it.")


def may_unclaim(*, user: User, review: Review) -> bool:
    """The assignee, or a Legal Affairs supervisor, puts a claimed review back in the queue."""
    return review.assignee_id == user.pk or standing_of(user).supervises_legal_affairs


def maintains_authorities(user: AnyUser) -> bool:
    """The Office of Legal Affairs (and superusers) keep the table of authorities an approval
    cites; Assistant Attorneys General and system administrators do not."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or standing_of(user).has(DutyGroup.LEGAL_AFFAIRS)


def require_authority_maintainer(user: AnyUser) -> None:
    require(
        maintains_authorities(user),
        "Only the Office of Legal Affairs changes the table of authorities.",
    )


# ---------------------------------------------------------------- releases


def may_change_release(*, user: User, release: ReleaseAuthorization) -> bool:
    """Staff who may see the client work on the client's releases."""
    return may_see_client(user=user, client_id=release.client_id)


def require_release_change(*, user: User, release: ReleaseAuthorization) -> None:
    require(may_change_release(user=user, release=release), "You may not work on this release.")


def may_correct_release_dates(*, user: AnyUser, release: ReleaseAuthorization) -> bool:
    """Whoever prepared a release corrects a wrong date on it once signed (with a reason kept in
    its history); colleagues who work on the client's releases ask them."""
    return release.prepared_by_id == user.pk


def require_release_date_correction(*, user: User, release: ReleaseAuthorization) -> None:
    require_release_change(user=user, release=release)
    require(
        may_correct_release_dates(user=user, release=release),
        "Only the staff member who prepared this release may correct its dates.",
    )


# ---------------------------------------------------------------- loss and breach reports


def supervised_losses_q(user: User) -> Q:
    """Q for the loss reports the user supervises: those of staff they supervise on record, and
    those sent to them as a supervisor."""
    sent = IncidentStep.objects.filter(
        incident=OuterRef("pk"), recipient=user, kind__in=SUPERVISOR_STEPS
    )
    return Q(kind=IncidentKind.LOSS) & (
        Q(reporter__staff_profile__supervisor=user) | Q(Exists(sent))
    )


def supervises_loss(*, user: User, incident: Incident) -> bool:
    """The reporter's supervisor on record, or a supervisor the loss report was sent to."""
    if not incident.is_loss:
        return False
    return Incident.objects.filter(supervised_losses_q(user), pk=incident.pk).exists()


@dataclass(frozen=True)
class IncidentActions:
    """What the user may do to a report now; the services check the same answers."""

    acknowledge: bool = False
    escalate: bool = False
    notify_leadership: bool = False
    close: bool = False
    print_pdf: bool = False

    @property
    def any(self) -> bool:
        return self.acknowledge or self.escalate or self.notify_leadership or self.close


def incident_actions(*, user: User, incident: Incident) -> IncidentActions:
    if incident.closed_at is not None:
        return IncidentActions(print_pdf=incident.is_loss)
    director = standing_of(user).is_legal_director
    if incident.is_loss:
        supervisor = supervises_loss(user=user, incident=incident)
        escalated = Incident.objects.filter(escalated_from=incident).exists()
        return IncidentActions(
            acknowledge=supervisor and incident.acknowledged_at is None,
            escalate=(supervisor or director) and not escalated,
            close=(supervisor or director) and incident.acknowledged_at is not None,
            print_pdf=True,
        )
    return IncidentActions(
        acknowledge=director and incident.acknowledged_at is None,
        notify_leadership=director and not incident.leadership_notified,
        close=director and incident.acknowledged_at is not None and incident.leadership_notified,
    )


def require_staff_member(user: AnyUser) -> None:
    require(standing_of(user).is_staff_member, "Only DCF staff members report losses and breaches.")


# ---------------------------------------------------------------- accounts


def may_issue_enrolment_code(*, by: AnyUser, user: User) -> bool:
    """Whoever may change an account (`may_change_account`: a superuser, or a system
    administrator unless it is a superuser's) issues an enrolment code for it, if it is active;
    never for their own: a code is the second proof beside a password, and one person must not
    hold both."""
    return by.pk != user.pk and user.is_active and may_change_account(by=by, user=user)


def require_enrolment_code_issuer(*, by: AnyUser, user: User) -> None:
    require(
        may_issue_enrolment_code(by=by, user=user),
        "An enrolment code is issued by a superuser or a system administrator, for an active "
        "account other than their own (a superuser's by a superuser only).",
    )


# ---------------------------------------------------------------- rights: who grants what


def is_system_admin(user: AnyUser) -> bool:
    """An active staff account in the system_admin duty group: manages accounts and units in the
    admin, never grants a right that opens client information on its own."""
    return (
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and standing_of(user).has(DutyGroup.SYSTEM_ADMIN)
    )


def grants_directly(user: AnyUser) -> bool:
    """Only a superuser changes rights in one step (in the admin, or at the console with
    `manage.py grant_role`); everyone else files a request a second person decides."""
    return user.is_authenticated and user.is_active and user.is_superuser


def privileged_groups() -> QuerySet[Group]:
    """Groups whose membership opens client information or the admin: every duty group, and
    any group holding a permission (a system administrator cannot give a group permissions)."""
    return Group.objects.filter(
        Q(name__in=PRIVILEGED_DUTIES) | Q(permissions__isnull=False)
    ).distinct()


def may_change_account(*, by: AnyUser, user: User) -> bool:
    """A superuser changes any account; a system administrator any but a superuser's."""
    return grants_directly(by) or (is_system_admin(by) and not user.is_superuser)


def may_file_role_grant(user: AnyUser) -> bool:
    """Superusers and system administrators ask for a change of rights."""
    return grants_directly(user) or is_system_admin(user)


def may_decide_role_grant(*, by: AnyUser, grant: RoleGrantRequest) -> bool:
    """The second person: another superuser or system administrator, never the one who asked
    nor the one the change is for (the database refuses both too)."""
    return may_file_role_grant(by) and by.pk not in (grant.requested_by_id, grant.user_id)


def require_role_grant_decider(*, by: AnyUser, grant: RoleGrantRequest) -> None:
    require(
        may_decide_role_grant(by=by, grant=grant),
        "A change of rights is decided by another administrator: never by whoever asked for it "
        "nor by the person it is for.",
    )


def require_role_grant_filer(user: AnyUser) -> None:
    require(
        may_file_role_grant(user),
        "Only a superuser or a system administrator asks for a change of rights.",
    )
