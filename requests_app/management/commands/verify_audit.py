"""`manage.py verify_audit`: prove the audit trail. Both hash chains (access events, sealed
decisions), every decision against its seal, and the database against every signed checkpoint
of the chains' heads (`audit_checkpoint`); exit status 1 lists what is missing or changed."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from requests_app.auditchain import verify


class Command(BaseCommand):
    help = (
        "Check the audit trail: both hash chains, every decision against its seal, and the "
        "database against the signed checkpoints (AUDIT_CHECKPOINT_FILE). Exit status 1 lists "
        "every problem: a broken link, a changed or unsealed decision, events or seals cut from "
        "the end, an emptied table, a rehashed chain, an altered checkpoint."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--checkpoints",
            type=Path,
            help="Checkpoint file to check against (default: AUDIT_CHECKPOINT_FILE), e.g. the "
            "lines a syslog server kept.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify(options["checkpoints"])
        for fact in report.facts:
            self.stdout.write(fact)
        if not report.intact:
            for problem in report.problems:
                self.stderr.write(f"- {problem}")
            raise CommandError(f"audit trail NOT intact: {len(report.problems)} problem(s)")
        self.stdout.write(self.style.SUCCESS("audit trail verified: intact"))
