"""`manage.py send_review_reminders`: daily reminders of due-soon and overdue reviews (cron)."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from requests_app.services.reminders import review_reminders_send


class Command(BaseCommand):
    help = (
        "Email each reviewer their due-soon and overdue reviews and Legal Affairs the unassigned "
        "ones. Safe to run more than once a day: nothing is sent twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=datetime.date.fromisoformat, help="YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        today: datetime.date = options["date"] or timezone.localdate()
        count = review_reminders_send(today=today)
        self.stdout.write(f"{count} reminder email(s) queued for {today.isoformat()}.")
