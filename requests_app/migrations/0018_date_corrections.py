"""Corrections of wrong dates, with a reason, kept in history (placeholder, filled in by the change that adds it)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("requests_app", "0017_client_emancipated_on")]

    operations = []  # type: ignore[var-annotated]
