"""A client's emancipation date, for who may sign a release (placeholder, filled in by the change that adds it)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("requests_app", "0016_database_roles_and_seals")]

    operations = []  # type: ignore[var-annotated]
