"""`manage.py setup_duty_groups`: create the duty groups and the system administrators' rights."""

from django.core.management.base import BaseCommand

from requests_app.services.casework import duty_groups_ensure


class Command(BaseCommand):
    help = "Create every duty group and grant system_admin its admin permissions (idempotent)."

    def handle(self, *args: object, **options: object) -> None:
        duty_groups_ensure()
        self.stdout.write("Duty groups are in place.")
