"""`manage.py verify_audit`: recompute the access events' hash chain; name the first broken link."""

from django.core.management.base import BaseCommand, CommandError

from requests_app.audit import first_broken_link
from requests_app.models import AccessEvent


class Command(BaseCommand):
    help = "Check the whole audit trail's hash chain. Exit status 1 names the first broken link."

    def handle(self, *args: object, **options: object) -> None:
        broken = first_broken_link()
        if broken is not None:
            raise CommandError(f"audit chain broken at access event {broken}")
        count = AccessEvent.objects.count()
        self.stdout.write(self.style.SUCCESS(f"audit chain verified: {count} event(s), intact"))
