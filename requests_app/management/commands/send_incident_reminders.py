"""`manage.py send_incident_reminders`: remind whoever must act on overdue loss and breach
reports (cron, e.g. every 15 minutes). Idempotent: one reminder per report per stage, ever."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from requests_app.services.incidents import incident_reminders_send


def _moment(text: str) -> datetime.datetime:
    moment = datetime.datetime.fromisoformat(text)
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


class Command(BaseCommand):
    help = (
        "Remind supervisors of loss reports, and the Agency Legal Director of breach reports, "
        "not acknowledged within INCIDENT_ACK_HOURS (and of breaches whose Commissioner and HR "
        "notice is as late). Safe to run as often as you like: each report is reminded once per "
        "stage."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--at", type=_moment, help="Act as of this moment (YYYY-MM-DDTHH:MM, local time)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now: datetime.datetime = options["at"] or timezone.now()
        count = incident_reminders_send(now=now)
        self.stdout.write(
            f"{count} incident reminder(s) sent as of {timezone.localtime(now):%Y-%m-%d %H:%M}."
        )
