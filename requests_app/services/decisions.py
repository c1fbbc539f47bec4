"""Storing the engine's decisions with the facts they were made on (`adapters` rebuilds and
replays a stored one)."""

import datetime

from django.utils import timezone

from requests_app import adapters, policy
from requests_app.models import DisclosureRequest, PolicyDecision


def decision_record(
    *, request: DisclosureRequest, as_of: datetime.date | None = None
) -> PolicyDecision:
    """Decide `request` through the adapter and store the decision with its facts.

    The request must have been loaded with `adapters.REQUEST_RELATED` for a constant query cost.
    """
    as_of = as_of or timezone.localdate()
    decision = adapters.decide(request, as_of=as_of)
    return PolicyDecision.objects.create(
        request=request,
        decided_at=timezone.now(),
        as_of=as_of,
        facts=policy.facts_to_dict(decision.facts),
        outcome=decision.outcome.value,
        rule=decision.rule or "",
        citation=decision.citation,
        reasons=[{"code": r.code, "message": r.message} for r in decision.reasons],
        reason_codes=list(decision.codes),
        policy_version=decision.policy_version,
        sensitive_categories=sorted(adapters.sensitive_categories()),
    )
