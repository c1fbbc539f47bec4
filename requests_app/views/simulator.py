"""The policy simulator: Legal Affairs and AAGs try facts against the 31-8-5 rules, or replay the
decision stored for a request and compare it with what today's rules say."""

import json
from collections.abc import Iterable

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from requests_app import adapters, audit, policy
from requests_app.choices import category_labels
from requests_app.forms.simulator import ReplayForm, SimulatorForm
from requests_app.permissions import is_reviewer, requires
from requests_app.selectors.requests import latest_decision, request_for_reviewer
from requests_app.selectors.reviews import recorded_authority
from requests_app.web.auth import AuthenticatedHttpRequest


def _labels(categories: Iterable[str]) -> str:
    return ", ".join(sorted(category_labels(categories))) or "none"


def sensitive_change(recorded: list[str] | None) -> dict[str, str] | None:
    """The sensitive categories then and now, when a replay may differ because they changed
    (`None` when they are the same, or were not recorded with the decision)."""
    now = adapters.sensitive_categories()
    if recorded is None or set(recorded) == now:
        return None
    return {"then": _labels(recorded), "now": _labels(now)}


@requires(is_reviewer)
def simulator(request: AuthenticatedHttpRequest) -> HttpResponse:
    """GET: an empty form. POST `simulate`: decide the entered facts. POST `replay`: a stored
    request's decision beside today's rules on the same facts, and the form filled with them."""
    form = SimulatorForm(initial={"as_of": timezone.localdate(), "categories": ["case_record"]})
    replay_form = ReplayForm()
    context: dict[str, object] = {}
    if request.method == "POST" and "replay" in request.POST:
        replay_form = ReplayForm(request.POST)
        if replay_form.is_valid():
            stored_request = request_for_reviewer(user=request.user, pk=replay_form.request_pk())
            audit.record_view(request, stored_request, detail="replayed in the simulator")
            record = latest_decision(request=stored_request)
            if record is not None:
                stored = adapters.decision_from_record(record)
                replayed = adapters.decision_replay(record)
                release = stored_request.release
                context["stored"], context["decision"] = stored, replayed
                context["stored_authority"] = adapters.authority_of(stored, release=release)
                context["replayed_authority"] = adapters.authority_of(replayed, release=release)
                context["recorded_authority"] = recorded_authority(request=stored_request)
                context["replayed_request"] = stored_request
                context["sensitive_change"] = sensitive_change(record.sensitive_categories)
                form = SimulatorForm(initial=SimulatorForm.initial_from_facts(record.facts))
    elif request.method == "POST":
        form = SimulatorForm(request.POST)
        if form.is_valid():
            context["decision"] = adapters.evaluate_facts(form.to_facts())
    decision = context.get("decision")
    if isinstance(decision, policy.Decision):
        context["facts_json"] = json.dumps(policy.facts_to_dict(decision.facts), indent=2)
    return render(
        request,
        "requests_app/simulator.html",
        {"form": form, "replay_form": replay_form, **context},
    )
