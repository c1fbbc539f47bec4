"""`manage.py issue_enrolment_code USERNAME`: a single-use code with which the user enrols their
first authenticator (where ENROLMENT_CODE_REQUIRED is on), printed once for the person at the
console to hand over. The portal keeps only its hash; the issue is an access event."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from requests_app.services.twofactor import enrolment_code_issue


class Command(BaseCommand):
    help = (
        "Issue a single-use enrolment code for USERNAME's first authenticator, valid for "
        "ENROLMENT_CODE_HOURS; earlier unused codes of that user stop working. The code is "
        "printed once and never stored in clear."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="the account that will enrol an authenticator")

    def handle(self, *args: object, **options: object) -> None:
        username = str(options["username"])
        user = get_user_model()._default_manager.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user named {username!r}; no code was issued.")
        if not user.is_active:
            raise CommandError(f"The account {username!r} is disabled; no code was issued.")
        code = enrolment_code_issue(user=user, by=None)
        hours = settings.ENROLMENT_CODE_HOURS
        self.stdout.write(f"Enrolment code for {username}: {code}")
        self.stdout.write(
            f"Give it to them in person or by phone. It works once, for {hours} hours, with "
            "their password on the page that sets up two-factor sign-in."
        )
