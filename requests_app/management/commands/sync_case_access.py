"""`manage.py sync_case_access`: bring every staff member's case and client access up to date.

Assignments start and end on dates, so access changes with the calendar as well as with edits;
run this daily (cron, just after midnight).
"""

from django.core.management.base import BaseCommand

from requests_app.services.casework import access_sync_all


class Command(BaseCommand):
    help = "Recompute case and client view permissions for every staff member (run daily)."

    def handle(self, *args: object, **options: object) -> None:
        count = access_sync_all()
        self.stdout.write(f"Access brought up to date for {count} staff member(s).")
