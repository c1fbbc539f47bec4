"""`manage.py audit_checkpoint`: sign the audit chains' heads and keep them outside the
database (hourly, cron)."""

from typing import Any

from django.core.management.base import BaseCommand

from requests_app.auditchain import checkpoint_take


class Command(BaseCommand):
    help = (
        "Append a signed checkpoint of the audit trail (the last access event and the last "
        "decision seal, their hashes and counts; HMAC-SHA256 with AUDIT_CHECKPOINT_KEY) to "
        "AUDIT_CHECKPOINT_FILE, and to syslog when AUDIT_CHECKPOINT_SYSLOG is set. Run hourly: "
        "verify_audit then proves that nothing before the last checkpoint was cut or rewritten."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(checkpoint_take())
