"""Corrections of a wrong date of disclosure, with a reason: the accounting's history.

The corrections are added, never changed: like the access events and the model history, the
table refuses UPDATE, DELETE and (non-empty) TRUNCATE whoever connects (the functions come from
migrations 0013 and 0016), and the portal's role is granted neither (`dbroles.APPEND_ONLY`).
"""

import django.db.models.deletion
import django.db.models.functions.text
import django.db.models.lookups
from django.conf import settings
from django.db import migrations, models

APPEND_ONLY_SQL = """
CREATE TRIGGER disclosurecorrection_append_only
    BEFORE UPDATE OR DELETE ON requests_app_disclosurecorrection
    FOR EACH ROW EXECUTE FUNCTION requests_app_refuse_rewrite();
CREATE TRIGGER requests_app_disclosurecorrection_no_truncate
    BEFORE TRUNCATE ON requests_app_disclosurecorrection
    FOR EACH STATEMENT EXECUTE FUNCTION requests_app_refuse_truncate();
"""

UNDO_APPEND_ONLY_SQL = """
DROP TRIGGER requests_app_disclosurecorrection_no_truncate ON requests_app_disclosurecorrection;
DROP TRIGGER disclosurecorrection_append_only ON requests_app_disclosurecorrection;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("requests_app", "0017_client_emancipated_on"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="DisclosureCorrection",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "previous_disclosed_on",
                    models.DateField(verbose_name="Date before the correction"),
                ),
                ("disclosed_on", models.DateField(verbose_name="Corrected date")),
                (
                    "reason",
                    models.TextField(max_length=2000, verbose_name="Reason for the correction"),
                ),
                ("corrected_at", models.DateTimeField()),
                (
                    "corrected_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "disclosure",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="corrections",
                        to="requests_app.disclosure",
                    ),
                ),
            ],
            options={
                "ordering": ["corrected_at", "pk"],
                "indexes": [
                    models.Index(
                        fields=["disclosure", "corrected_at"],
                        name="requests_ap_disclos_bf12f9_idx",
                    )
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=django.db.models.lookups.LessThanOrEqual(
                            django.db.models.functions.text.Length("reason"), 2000
                        ),
                        name="disclosurecorrection_reason_length",
                        violation_error_message="The reason is longer than 2000 characters.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("reason", ""), _negated=True),
                        name="disclosurecorrection_has_reason",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("disclosed_on", models.F("previous_disclosed_on")), _negated=True
                        ),
                        name="disclosurecorrection_changes_the_date",
                    ),
                ],
            },
        ),
        migrations.RunSQL(APPEND_ONLY_SQL, UNDO_APPEND_ONLY_SQL),
    ]
