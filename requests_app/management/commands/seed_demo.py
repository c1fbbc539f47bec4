"""`manage.py seed_demo`: create the demo units, users, clients, cases, relations and releases."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from requests_app.management.demo import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Create demo data (idempotent). Refuses to run with DEBUG off unless --force is given."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="run even with DEBUG off (never in production)"
        )

    def handle(self, *args: object, **options: object) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG is off: demo accounts have a published password. Use --force to seed anyway."
            )
        users = seed_demo(today=timezone.localdate())
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Sign in with any of:"))
        for spec in users:
            self.stdout.write(f"  {spec.username:<16} {spec.description}")
        self.stdout.write(f"Password for every demo user: {DEMO_PASSWORD}")
