"""TRUNCATE refused on append-only tables; decisions and decided reviews sealed in a hash chain
(placeholder, filled in by the change that adds them)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("requests_app", "0015_enrolment_codes")]

    operations = []  # type: ignore[var-annotated]
