"""`manage.py send_review_reminders`: daily reminders of due-soon and overdue reviews (cron)."""

import argparse
import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from requests_app.dates import in_range, out_of_range_message
from requests_app.services.reminders import review_reminders_send


def _day(text: str) -> datetime.date:
    """--date: a YYYY-MM-DD date from 1900 to 2100, like every date the portal accepts."""
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--date: {text!r} is not a date (YYYY-MM-DD)") from None
    if not in_range(day):
        raise argparse.ArgumentTypeError(out_of_range_message("--date"))
    return day


class Command(BaseCommand):
    help = (
        "Email each reviewer their due-soon and overdue reviews and Legal Affairs the unassigned "
        "ones. Safe to run more than once a day: nothing is sent twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=_day, help="act as of this day (YYYY-MM-DD)")

    def handle(self, *args: Any, **options: Any) -> None:
        today: datetime.date = options["date"] or timezone.localdate()
        count = review_reminders_send(today=today)
        self.stdout.write(f"{count} reminder email(s) queued for {today.isoformat()}.")
