"""The one bridge between the models and the engine: model objects into policy facts
(requests_app.policy.Facts), and stored decisions back into the engine's decisions (to explain
or replay them).

The engine never sees the database; this module answers its questions from it: was the
requester assigned to the case on that day, was the case open, is the recipient a relation of
record of this client and verified, were parental rights terminated, what does the release relied
on say, and was the client a minor when it was signed. Reading a request loaded with
`REQUEST_RELATED` costs one more query (the assignment).
"""

import datetime
import re

from django.conf import settings
from django.contrib.auth.models import User

from forms_app.models import ReleaseAuthorization
from requests_app import policy
from requests_app.choices import RELATION_RECIPIENTS, RecipientKind
from requests_app.models import AuthorityCited, CaseAssignment, DisclosureRequest, PolicyDecision
from requests_app.models.authority import rule_authority
from requests_app.permissions import known_standing

#: select_related paths that make `facts_for_request` cost a single extra query.
REQUEST_RELATED = (
    "requester__staff_profile",
    "client",
    "case",
    "recipient_relation",
    "recipient_staff",
    "release",
)

_NOT_WORDS = re.compile(r"[^a-z0-9]+")


def _normalized(text: str) -> str:
    return " ".join(_NOT_WORDS.sub(" ", text.lower()).split())


def release_names_recipient(release: ReleaseAuthorization, request: DisclosureRequest) -> bool:
    """Does the release specifically identify this request's recipient?

    §17a-28 consent names "specifically identified individuals or entities": the release's
    counterparty must match the recipient's name or organization (letter case, punctuation and
    spacing aside).
    """
    if release.client_id != request.client_id:
        return False  # another client's consent never covers this client's information
    named = {_normalized(release.counterparty_name), _normalized(release.counterparty_organization)}
    if request.recipient_relation is not None:
        relation = request.recipient_relation
        candidates = {relation.full_name, relation.organization}
    elif request.recipient_kind == RecipientKind.CLIENT:
        candidates = {request.client.full_name}
    elif request.recipient_staff is not None:
        candidates = {request.recipient_staff.get_full_name()}
    else:
        candidates = {request.recipient_name, request.recipient_organization}
    return bool({_normalized(c) for c in candidates if c.strip()} & (named - {""}))


def _release_facts(release: ReleaseAuthorization, request: DisclosureRequest) -> policy.Release:
    """The release as the engine reads it. Dates that can never have been valid are not given
    as they stand (README, "A release's dates"): an expiry beyond `RELEASE_MAX_DAYS` after
    signing (or not after the effective date) is no limit in time, so no expiry date; a
    signature dated before the client's birth is no signature."""
    # The request's client, already loaded, unless the release is another client's.
    client = request.client if release.client_id == request.client_id else release.client
    signed_on = release.signed_on
    if signed_on is not None and signed_on < client.date_of_birth:
        signed_on = None
    return policy.Release(
        form=policy.ReleaseForm(release.form),
        signed_on=signed_on,
        signed_by=policy.Signer(release.signer_kind),
        effective_on=release.effective_on,
        expires_on=release.expires_on if release.dates_hold() else None,
        revoked_on=release.revoked_on,
        names_recipient=release_names_recipient(release, request),
        categories=tuple(policy.Category(c) for c in release.categories),
        signer_was_minor=signed_on is not None and client.is_minor_on(signed_on),
    )


def _information_facts(request: DisclosureRequest) -> policy.Information:
    return policy.Information(categories=tuple(policy.Category(c) for c in request.categories))


def release_problems(
    release: ReleaseAuthorization, request: DisclosureRequest, *, as_of: datetime.date
) -> tuple[policy.Reason, ...]:
    """Why `release` would not by itself let `request` go to its recipient on `as_of` (empty
    when it would): the engine's release rules, asked of the facts the decision is made on
    (`policy.release_problems`). `request` may be unsaved, as the request form describes it;
    this reads nothing from the database beyond what `release` and `request` hold."""
    return policy.release_problems(
        _release_facts(release, request), _information_facts(request), as_of
    )


def _recipient_facts(request: DisclosureRequest, as_of: datetime.date) -> policy.Recipient:
    kind = policy.RecipientKind(request.recipient_kind)
    verified = terminated = False
    if request.recipient_kind in RELATION_RECIPIENTS:
        relation = request.recipient_relation
        # A relation counts only when it is this client's, of record that day, of the kind
        # asked for, and was verified on or before that day.
        if relation is not None:
            of_record = (
                relation.client_id == request.client_id
                and relation.kind == request.recipient_kind
                and relation.is_of_record_on(as_of)
            )
            verified = bool(
                of_record and relation.verified_on is not None and relation.verified_on <= as_of
            )
            terminated = bool(relation.parental_rights_terminated)
    return policy.Recipient(
        kind=kind,
        relationship_verified=verified,
        parental_rights_terminated=terminated,
        business_reason=request.business_reason,
        hearing_related_to_case=request.hearing_related_to_case,
    )


def _requester_role(requester: User) -> policy.Role:
    """The requester's disclosure role: from the standing read with the signed-in user when the
    requester is that user (no query), else from their staff profile."""
    standing = known_standing(requester)
    if standing is not None:
        role = standing.disclosure_role
    else:
        profile = getattr(requester, "staff_profile", None)
        role = profile.disclosure_role if profile else None
    return policy.Role(role) if role else policy.Role.OTHER_DCF_STAFF


def facts_for_request(request: DisclosureRequest, *, as_of: datetime.date) -> policy.Facts:
    """The facts of `request` as they stand on `as_of`."""
    role = _requester_role(request.requester)
    assigned = CaseAssignment.objects.filter(
        CaseAssignment.active_on_q(as_of), case_id=request.case_id, staff_id=request.requester_id
    ).exists()
    return policy.Facts(
        as_of=as_of,
        requester=policy.Requester(
            role=role, assigned_to_case=assigned, in_doubt=request.requester_in_doubt
        ),
        case=policy.Case(status=policy.CaseStatus(request.case.status_on(as_of))),
        recipient=_recipient_facts(request, as_of),
        information=_information_facts(request),
        release=_release_facts(request.release, request) if request.release is not None else None,
    )


def sensitive_categories() -> frozenset[str]:
    """The DISCLOSURE_SENSITIVE_CATEGORIES setting (README: "Sensitive information")."""
    return frozenset(settings.DISCLOSURE_SENSITIVE_CATEGORIES)


def evaluate_facts(facts: policy.Facts) -> policy.Decision:
    """Run the engine with this deployment's sensitive-information set."""
    return policy.evaluate(facts, sensitive_categories=sensitive_categories())


def decide(request: DisclosureRequest, *, as_of: datetime.date) -> policy.Decision:
    """The engine's decision on `request` as it stands on `as_of`."""
    return evaluate_facts(facts_for_request(request, as_of=as_of))


def decision_from_record(record: PolicyDecision) -> policy.Decision:
    """Rebuild the engine's decision object from a stored one (without re-deciding)."""
    facts, problems = policy.parse_facts(record.facts)
    if facts is None:  # pragma: no cover - stored facts were produced by facts_to_dict
        raise ValueError("; ".join(problems))
    return policy.Decision(
        outcome=policy.Outcome(record.outcome),
        rule=record.rule or None,
        citation=record.citation,
        reasons=tuple(policy.Reason(r["code"], r["message"]) for r in record.reasons),
        policy_version=record.policy_version,
        facts=facts,
    )


def decision_replay(record: PolicyDecision) -> policy.Decision:
    """Decide again on the stored facts with today's rules (the simulator's "replay")."""
    return evaluate_facts(decision_from_record(record).facts)


def authority_of(
    decision: policy.Decision, *, release: ReleaseAuthorization | None
) -> AuthorityCited | None:
    """The authority a decision of the engine gives a disclosure (its rule and clause, with the
    release relied on for the release rule), or None when it escalates: Legal Affairs' approval
    then cites its own."""
    if decision.outcome is not policy.Outcome.PERMITTED or decision.rule is None:
        return None
    return rule_authority(rule=decision.rule, citation=decision.citation, release=release)
