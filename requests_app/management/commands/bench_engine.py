"""`manage.py bench_engine`: the 31-8-5 engine's decisions per second in one process, and the
queries the adapter costs to build the facts of one stored request (run by `make bench`)."""

import datetime
import json
import uuid

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser
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
from requests_app.policy.bench import decisions_per_second

TARGET = 100_000


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Measure engine decisions per second and the adapter's queries per request."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seconds", type=float, default=3.0)
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args: object, **options: object) -> None:
        rate = decisions_per_second(float(options["seconds"]))
        queries = self._adapter_queries()
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "engine_decisions_per_second": round(rate),
                        "adapter_queries_per_request": queries,
                    }
                )
            )
            return
        verdict = "meets" if rate >= TARGET else "MISSES"
        self.stdout.write(f"engine: {rate:,.0f} decisions/s in one process ({verdict} {TARGET:,})")
        self.stdout.write(f"adapter: {queries} queries to build the facts of one request")

    def _adapter_queries(self) -> int:
        """Build a realistic request in a transaction that is rolled back, and count."""
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
                    loaded = DisclosureRequest.objects.select_related(
                        *adapters.REQUEST_RELATED
                    ).get(pk=request.pk)
                    adapters.facts_for_request(loaded, as_of=day)
                raise _Rollback(len(ctx))
        except _Rollback as done:
            return int(done.args[0])
