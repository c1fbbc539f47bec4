"""The authority of every disclosure as structured data (placeholder, filled in by the change that adds it)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("requests_app", "0018_date_corrections")]

    operations = []  # type: ignore[var-annotated]
