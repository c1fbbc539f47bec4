"""`manage.py retry_failed_emails`: queue every email whose sending failed again (cron)."""

from django.core.management.base import BaseCommand

from requests_app.notifications import emails_retry_failed


class Command(BaseCommand):
    help = "Queue failed emails for another attempt (run every few minutes from cron)."

    def handle(self, *args: object, **options: object) -> None:
        count = emails_retry_failed()
        self.stdout.write(f"{count} failed email(s) queued again.")
