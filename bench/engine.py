"""The 31-8-5 engine's decisions per second in one process, over a rotating set of realistic
requests, and the queries the adapter costs to build the facts of one stored request.

`make bench` runs `python bench/engine.py --json` (with DATABASE_URL set, for the adapter's
count); without `--json` it prints the engine's rate alone and needs no database. The clock is
read here only to time the engine, never inside it.
"""

from __future__ import annotations

import datetime
import json
import os
import sys
import time
import uuid
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):  # run as a script: the project's root holds the packages
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from requests_app.policy import evaluate
from requests_app.policy.facts import (
    Case,
    CaseStatus,
    Category,
    Facts,
    Information,
    Recipient,
    RecipientKind,
    Release,
    ReleaseForm,
    Requester,
    Role,
    Signer,
)

_TODAY = datetime.date(2026, 3, 2)


def sample_facts() -> tuple[Facts, ...]:
    """A mix of requests like the ones staff submit: most permitted, a fair share escalated."""
    social_worker = Requester(role=Role.SOCIAL_WORKER, assigned_to_case=True)
    open_case = Case(status=CaseStatus.OPEN)
    case_record = Information(categories=(Category.CASE_RECORD,))
    release = Release(
        form=ReleaseForm.DCF_2131F,
        signed_on=datetime.date(2026, 1, 10),
        signed_by=Signer.CLIENT,
        effective_on=datetime.date(2026, 1, 10),
        expires_on=datetime.date(2027, 1, 10),
        revoked_on=None,
        names_recipient=True,
        categories=(Category.CASE_RECORD, Category.EDUCATIONAL, Category.MEDICAL),
    )
    return (
        Facts(_TODAY, social_worker, open_case, Recipient(RecipientKind.CLIENT), case_record),
        Facts(
            _TODAY,
            social_worker,
            open_case,
            Recipient(RecipientKind.PARENT, relationship_verified=True),
            Information(categories=(Category.CASE_RECORD, Category.EDUCATIONAL)),
        ),
        Facts(
            _TODAY,
            Requester(role=Role.CJTS_STAFF, assigned_to_case=True),
            Case(status=CaseStatus.CLOSED),
            Recipient(RecipientKind.DCF_STAFF, business_reason="Transition planning"),
            case_record,
        ),
        Facts(
            _TODAY,
            social_worker,
            open_case,
            Recipient(RecipientKind.JUVENILE_COURT, hearing_related_to_case=True),
            Information(categories=(Category.INVESTIGATION,)),
        ),
        Facts(
            _TODAY,
            social_worker,
            open_case,
            Recipient(RecipientKind.THIRD_PARTY),
            Information(categories=(Category.EDUCATIONAL,)),
            release,
        ),
        Facts(
            _TODAY,
            Requester(role=Role.OTHER_DCF_STAFF, assigned_to_case=False),
            open_case,
            Recipient(RecipientKind.PARENT, parental_rights_terminated=True),
            Information(categories=(Category.HIV_RELATED, Category.MEDICAL)),
        ),
        Facts(
            _TODAY,
            social_worker,
            Case(status=CaseStatus.CLOSED),
            Recipient(RecipientKind.OTHER_COURT),
            case_record,
        ),
        Facts(
            _TODAY,
            Requester(role=Role.SOLNIT_NORTH_STAFF, assigned_to_case=True),
            open_case,
            Recipient(RecipientKind.THIRD_PARTY),
            Information(categories=(Category.PSYCHIATRIC,)),
            Release(
                form=ReleaseForm.DCF_2131T,
                signed_on=None,
                signed_by=Signer.OTHER,
                effective_on=datetime.date(2026, 6, 1),
                expires_on=None,
                revoked_on=datetime.date(2026, 2, 1),
                names_recipient=False,
                categories=(),
            ),
        ),
    )


def decisions_per_second(seconds: float = 2.0) -> float:
    """Evaluate the sample requests in rotation for about `seconds` and return the rate."""
    samples = sample_facts()
    batch = samples * 250
    count = 0
    started = now = time.perf_counter()
    deadline = started + seconds
    while count == 0 or now < deadline:
        for facts in batch:
            evaluate(facts)
        count += len(batch)
        now = time.perf_counter()
    return count / (now - started)


TARGET = 100_000


class _Rollback(Exception):
    pass


def adapter_queries() -> int:
    """Build a realistic request in a transaction that is rolled back, and count the queries
    `adapters.facts_for_request` makes for it (Django must be set up)."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from requests_app import adapters
    from requests_app.models import (
        Case,
        CaseAssignment,
        CaseMembership,
        Client,
        ClientRelation,
        DisclosureRequest,
        StaffProfile,
        WorkUnit,
    )

    try:
        with transaction.atomic():
            user = get_user_model().objects.create(username=f"bench-{uuid.uuid4()}")
            unit = WorkUnit.objects.create(
                code=f"b{uuid.uuid4().hex[:8]}", name=str(uuid.uuid4()), kind="area_office"
            )
            StaffProfile.objects.create(user=user, disclosure_role="social_worker", unit=unit)
            day = datetime.date(2026, 1, 5)
            client = Client.objects.create(
                client_number=uuid.uuid4().hex[:12],
                first_name="A",
                last_name="B",
                date_of_birth=datetime.date(2015, 1, 1),
            )
            case = Case.objects.create(case_number=uuid.uuid4().hex[:12], opened_on=day)
            CaseMembership.objects.create(case=case, client=client)
            CaseAssignment.objects.create(case=case, staff=user, starts_on=day)
            parent = ClientRelation.objects.create(
                client=client, kind="parent", full_name="P", verified_by=user, verified_on=day
            )
            request = DisclosureRequest.objects.create(
                requester=user,
                client=client,
                case=case,
                recipient_kind="parent",
                recipient_relation=parent,
                categories=["case_record"],
                media=["email"],
                mode="verbal",
                purpose="x",
                consequences_acknowledged_at="2026-01-05T10:00Z",
                submission_token=uuid.uuid4(),
                submitted_at="2026-01-05T10:00Z",
            )
            with CaptureQueriesContext(connection) as ctx:
                loaded = DisclosureRequest.objects.select_related(*adapters.REQUEST_RELATED).get(
                    pk=request.pk
                )
                adapters.facts_for_request(loaded, as_of=day)
            raise _Rollback(len(ctx))
    except _Rollback as done:
        return int(done.args[0])


def main(argv: Sequence[str] | None = None) -> None:
    """Print the rate (an optional number sets the seconds to run for); with `--json`, one JSON
    object with the rate and the adapter's queries (DATABASE_URL names the database)."""
    args = list(sys.argv[1:] if argv is None else argv)
    as_json = "--json" in args
    numbers = [a for a in args if a != "--json"]
    seconds = float(numbers[0]) if numbers else 2.0
    rate = decisions_per_second(seconds)
    if not as_json:
        verdict = "meets" if rate >= TARGET else "MISSES"
        print(
            f"{rate:,.0f} decisions/s (DCF Policy 31-8-5 engine, one process; {verdict} {TARGET:,})"
        )
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dcfconf.settings")
    import django

    django.setup()
    print(
        json.dumps(
            {
                "engine_decisions_per_second": round(rate),
                "adapter_queries_per_request": adapter_queries(),
            }
        )
    )


if __name__ == "__main__":
    main()
