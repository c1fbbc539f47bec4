"""`manage.py migrate`, as the database's owner: Django's command, connected with
DATABASE_OWNER_URL when it names another role than DATABASE_URL, followed by the grants of the
portal's role (requests_app/dbroles.py)."""

from typing import Any

from django.core.management.commands import migrate
from django.db import connections

from requests_app.dbroles import as_owner, grant_application_role


class Command(migrate.Command):
    help = (
        "Apply migrations as the database's owner (DATABASE_OWNER_URL, when it names another role "
        "than DATABASE_URL), then grant the portal's role only what it needs."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        database = options["database"]
        with as_owner(database) as portal_role:
            super().handle(*args, **options)
            if portal_role:
                grant_application_role(connections[database], portal_role)
                if options["verbosity"] >= 1:
                    self.stdout.write(f"Granted the portal's role {portal_role} its privileges.")
