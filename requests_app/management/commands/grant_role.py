"""`manage.py grant_role USERNAME ...`: change a person's rights directly, as the superuser at
the server's console. The only way to make someone a superuser; every other change can also be
asked for in the admin (a role-grant request another administrator approves)."""

import argparse
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from requests_app.choices import DisclosureRole, DutyGroup, GrantKind
from requests_app.models import StaffProfile
from requests_app.services.role_grants import NO, YES, role_changes_at_console


class Command(BaseCommand):
    help = (
        "Change USERNAME's rights at once, all or nothing: duty groups (--duty, --remove-duty, "
        "repeatable), supervisor (--supervisor USERNAME or --no-supervisor), disclosure role "
        "(--role), staff status (--staff or --no-staff: admin access), superuser status "
        "(--superuser or --no-superuser: only here) and email address (--email). Each change is "
        "an access event with no user, marked 'console', naming the value before and after. "
        "Exits with status 1 and a message naming the problem on an unknown user, duty group or "
        "role, or a change that changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="whose rights change")
        duties = ", ".join(DutyGroup.values)
        parser.add_argument(
            "--duty", action="append", default=[], metavar="GROUP", help=f"add a duty ({duties})"
        )
        parser.add_argument(
            "--remove-duty", action="append", default=[], metavar="GROUP", help="remove a duty"
        )
        supervisor = parser.add_mutually_exclusive_group()
        supervisor.add_argument("--supervisor", metavar="USERNAME", help="set the supervisor")
        supervisor.add_argument(
            "--no-supervisor", action="store_true", help="remove the supervisor"
        )
        parser.add_argument(
            "--role",
            choices=DisclosureRole.values,
            help="set the disclosure role (the staff profile must exist)",
        )
        parser.add_argument(
            "--staff",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="give (--staff) or take away (--no-staff) staff status: access to the admin",
        )
        parser.add_argument(
            "--superuser",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="make (--superuser) or unmake (--no-superuser) a superuser",
        )
        parser.add_argument("--email", metavar="ADDRESS", help="set the email address")

    def handle(self, *args: object, **options: Any) -> None:
        username = str(options["username"])
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user named {username!r}; nothing was changed.")
        changes = self._changes(options)
        superuser = options["superuser"]
        if not changes and superuser is None:
            raise CommandError("No change given; see --help.")
        before = describe(user)
        try:
            role_changes_at_console(
                user=user,
                changes=changes,
                superuser=superuser,
            )
        except ValidationError as error:
            raise CommandError(
                f"{'; '.join(error.messages)} Nothing was changed for {username}."
            ) from None
        user.refresh_from_db()
        self.stdout.write(f"{username} before: {before}")
        self.stdout.write(self.style.SUCCESS(f"{username} now:    {describe(user)}"))

    @staticmethod
    def _changes(options: dict[str, Any]) -> list[tuple[str, str]]:
        """The changes asked for, as (kind, value) pairs, in the order they apply."""
        changes = [(str(GrantKind.REMOVE_DUTY), str(d)) for d in options["remove_duty"]]
        changes += [(str(GrantKind.ADD_DUTY), str(d)) for d in options["duty"]]
        if options["supervisor"] is not None or options["no_supervisor"]:
            changes.append((str(GrantKind.SET_SUPERVISOR), str(options["supervisor"] or "")))
        if options["role"] is not None:
            changes.append((str(GrantKind.SET_ROLE), str(options["role"])))
        if options["staff"] is not None:
            changes.append((str(GrantKind.SET_STAFF), YES if options["staff"] else NO))
        if options["email"] is not None:
            changes.append((str(GrantKind.SET_EMAIL), str(options["email"])))
        return changes


def describe(user: User) -> str:
    """A user's rights in one line: superuser, staff, duty groups, role and supervisor."""
    profile = StaffProfile.objects.filter(user=user).select_related("supervisor").first()
    duties = ", ".join(sorted(user.groups.values_list("name", flat=True)))
    role = profile.disclosure_role if profile else "-"
    supervisor = profile.supervisor.username if profile and profile.supervisor else "-"
    return (
        f"superuser {YES if user.is_superuser else NO}, staff {YES if user.is_staff else NO}, "
        f"duties [{duties}], role {role}, supervisor {supervisor}"
    )
