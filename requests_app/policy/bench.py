"""How many decisions per second one process makes, over a rotating set of realistic requests.

`make bench` calls `decisions_per_second()`; the clock is read here only to time the engine,
never inside it.
"""

from __future__ import annotations

import datetime
import sys
import time
from collections.abc import Sequence

from .engine import evaluate
from .facts import (
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


def main(argv: Sequence[str] | None = None) -> None:
    """Print the rate; an optional first argument sets the seconds to run for."""
    args = sys.argv[1:] if argv is None else argv
    seconds = float(args[0]) if args else 2.0
    rate = decisions_per_second(seconds)
    print(f"{rate:,.0f} decisions/s (DCF Policy 31-8-5 engine, one process)")


if __name__ == "__main__":
    main()
