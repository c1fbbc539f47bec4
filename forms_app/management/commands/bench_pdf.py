"""`manage.py bench_pdf`: median time to render one DCF-2131F afresh and to serve a stored one
(run by `make bench`; targets: render at most 150 ms, stored at most 10 ms)."""

import datetime
import json
import statistics
import time
import uuid
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from forms_app import pdf, services
from forms_app.models import ReleaseAuthorization
from requests_app.models import Client, StaffProfile, WorkUnit

RENDER_TARGET_MS, STORED_TARGET_MS = 150, 10


class _Rollback(Exception):
    pass


def _median_ms(action, rounds: int) -> float:
    action()  # warm caches (fonts, templates) before timing
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


class Command(BaseCommand):
    help = "Median render time of one release PDF, fresh and stored."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rounds", type=int, default=7)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        rounds = int(options["rounds"])
        try:
            with transaction.atomic():
                release = self._release()
                facts = pdf.release_facts(release)
                fresh = _median_ms(lambda: pdf.render_release(facts), rounds)
                services.release_pdf(release=release)

                def serve_stored() -> None:
                    with services.release_pdf(release=release).open("rb") as stored:
                        stored.read()

                stored = _median_ms(serve_stored, rounds)
                raise _Rollback((fresh, stored))
        except _Rollback as done:
            fresh, stored = done.args[0]
        if options["json"]:
            self.stdout.write(
                json.dumps({"pdf_render_ms": round(fresh, 1), "pdf_stored_ms": round(stored, 2)})
            )
            return
        self.stdout.write(
            f"pdf: render one DCF-2131F {fresh:.0f} ms median "
            f"(target {RENDER_TARGET_MS}); serve a stored one {stored:.1f} ms "
            f"(target {STORED_TARGET_MS})"
        )

    def _release(self) -> ReleaseAuthorization:
        user = get_user_model().objects.create(username=f"bench-{uuid.uuid4()}", first_name="Bench")
        unit = WorkUnit.objects.create(
            code=f"b{uuid.uuid4().hex[:8]}", name=str(uuid.uuid4()), kind="area_office"
        )
        StaffProfile.objects.create(user=user, disclosure_role="social_worker", unit=unit)
        client = Client.objects.create(
            client_number=uuid.uuid4().hex[:12],
            first_name="Ana",
            last_name="Lopez",
            date_of_birth=datetime.date(2014, 2, 3),
        )
        return ReleaseAuthorization.objects.create(
            form="DCF-2131F",
            number=f"B-{uuid.uuid4().hex[:10]}",
            client=client,
            counterparty_name="Hartford Pediatrics",
            counterparty_address="1 Main St, Hartford",
            categories=["case_record", "educational"],
            purpose="Coordinating care",
            effective_on=datetime.date(2026, 1, 1),
            expires_on=datetime.date(2027, 1, 1),
            signer_kind="client",
            signer_name="Ana Lopez",
            signed_on=datetime.date(2026, 1, 1),
            read_right_to_revoke=True,
            read_services_not_conditioned=True,
            read_redisclosure_warning=True,
            prepared_by=user,
        )
