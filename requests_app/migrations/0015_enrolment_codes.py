"""Enrolment codes for a first authenticator (placeholder, filled in by the change that adds
them)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("requests_app", "0014_role_grants")]

    operations = []  # type: ignore[var-annotated]
