"""Indexes found by `make bench` at statewide volume (docs/performance.md has the plans)."""

import django.contrib.postgres.indexes
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("requests_app", "0007_incidents"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The unread badge counted a Legal Affairs member's every notification (one per
        # escalation, tens of thousands) on every page; now it reads the few unread ones.
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(
                condition=models.Q(("read_at__isnull", True)),
                fields=["user"],
                name="notification_unread",
            ),
        ),
        # The review queue's "decided" and "all" views sorted every review (external merge on
        # disk) to show 25; the index gives them in queue order.
        migrations.AddIndex(
            model_name="review",
            index=models.Index(fields=["due_on", "opened_at", "id"], name="review_queue_order"),
        ),
        # The queue's reason filter scanned every decision (1,000,000) for the reason code.
        migrations.AddIndex(
            model_name="policydecision",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["reason_codes"], name="decision_reason_codes"
            ),
        ),
    ]
