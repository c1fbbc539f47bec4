"""Rights that open client information are granted by two people (placeholder, filled in by the
change that adds the role-grant requests)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("requests_app", "0013_append_only_decisions_and_history")]

    operations = []  # type: ignore[var-annotated]
