"""A release takes effect on or after the day it is signed: the database refuses an effective date
before the signing date (consent cannot take effect before it is given).

Releases already stored with an earlier effective date are moved to take effect on their signing
date where that changes nothing they permit (before signing they were not valid anyway), with the
reason kept in their history. Any still breaking the rule (signed on or after their expiry date)
do not stop the migration: the constraint is added NOT VALID, so every new or changed row must
keep it, and validated as soon as no stored row breaks it. The release pages show such a release
as "Dates not valid" and the engine never relies on it."""

import pghistory
from django.db import migrations, models
from django.db.models import F

TABLE = "forms_app_releaseauthorization"
NAME = "release_effective_not_before_signed"
CONSTRAINT = models.CheckConstraint(
    condition=models.Q(
        ("signed_on__isnull", True), ("effective_on__gte", F("signed_on")), _connector="OR"
    ),
    name=NAME,
)
REASON = (
    "A release takes effect on or after the day it is signed (migration 0007): the effective date "
    "before the signing date was moved to the signing date, which changes nothing it permitted."
)


def _breaking(apps):
    release = apps.get_model("forms_app", "ReleaseAuthorization")
    return release.objects.filter(signed_on__isnull=False, effective_on__lt=F("signed_on"))


def effective_from_signing(apps, schema_editor):
    """Move an effective date before the signing date to the signing date, where the release
    still expires after it."""
    with pghistory.context(reason=REASON, correction=True):
        _breaking(apps).filter(expires_on__gt=F("signed_on")).update(effective_on=F("signed_on"))


def add_constraint(apps, schema_editor):
    """The constraint, NOT VALID (it holds for every row written from now on), then validated
    when no stored row breaks it."""
    schema_editor.execute(
        f"ALTER TABLE {TABLE} ADD CONSTRAINT {NAME} "
        "CHECK (signed_on IS NULL OR effective_on >= signed_on) NOT VALID"
    )
    if not _breaking(apps).exists():
        schema_editor.execute(f"ALTER TABLE {TABLE} VALIDATE CONSTRAINT {NAME}")


def drop_constraint(apps, schema_editor):
    schema_editor.execute(f"ALTER TABLE {TABLE} DROP CONSTRAINT {NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("forms_app", "0006_text_limits"),
        ("requests_app", "0017_client_emancipated_on"),
    ]

    operations = [
        migrations.RunPython(effective_from_signing, migrations.RunPython.noop),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddConstraint(model_name="releaseauthorization", constraint=CONSTRAINT)
            ],
            database_operations=[migrations.RunPython(add_constraint, drop_constraint)],
        ),
    ]
