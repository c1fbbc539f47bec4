"""A release's dates make sense (placeholder, filled in by the change that adds it)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("forms_app", "0006_text_limits"),
        ("requests_app", "0017_client_emancipated_on"),
    ]

    operations = []  # type: ignore[var-annotated]
