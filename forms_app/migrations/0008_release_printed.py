"""A release's history records "printed" when a PDF of it is produced; marking a form ready is
no longer called printing."""

from django.db import migrations, models

KINDS = [
    ("created", "Prepared"),
    ("updated", "Draft changed"),
    ("marked_ready", "Marked ready for signature"),
    ("printed", "Printed"),
    ("back_to_draft", "Returned to draft"),
    ("signed", "Signature recorded"),
    ("revoked", "Revocation recorded"),
    ("sent_to_provider", "Sent to the provider"),
    ("records_received", "Records received"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("forms_app", "0007_release_dates"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="releaseevent",
            name="releaseevent_known_kind",
        ),
        migrations.AlterField(
            model_name="releaseevent",
            name="kind",
            field=models.CharField(choices=KINDS, max_length=32),
        ),
        migrations.AddConstraint(
            model_name="releaseevent",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind__in", [value for value, _ in KINDS])),
                name="releaseevent_known_kind",
            ),
        ),
    ]
