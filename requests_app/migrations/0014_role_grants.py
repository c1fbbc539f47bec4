"""Rights that open client information are granted by two people: role-grant requests
(requests_app.models.grants.RoleGrantRequest), whose decider can never be the requester or the
person concerned (check constraints), and which a trigger freezes once decided."""

import django.db.models.deletion
import django.db.models.functions.text
import django.db.models.lookups
from django.conf import settings
from django.db import migrations, models

# A request is pending until someone decides (or its requester withdraws it); from then on it is
# the record of that decision. The function is migration 0013's.
FREEZE_DECIDED_SQL = """
CREATE TRIGGER rolegrantrequest_decided_append_only
    BEFORE UPDATE OR DELETE ON requests_app_rolegrantrequest
    FOR EACH ROW WHEN (OLD.status <> 'pending')
    EXECUTE FUNCTION requests_app_refuse_rewrite();
"""
THAW_DECIDED_SQL = (
    "DROP TRIGGER rolegrantrequest_decided_append_only ON requests_app_rolegrantrequest;"
)


class Migration(migrations.Migration):
    dependencies = [
        ("requests_app", "0013_append_only_decisions_and_history"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="RoleGrantRequest",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("add_duty", "Add a duty group"),
                            ("remove_duty", "Remove a duty group"),
                            ("set_supervisor", "Set the supervisor"),
                            ("set_role", "Set the disclosure role"),
                            ("set_staff", "Set staff status (admin access)"),
                            ("set_email", "Set the email address"),
                        ],
                        max_length=32,
                    ),
                ),
                ("value", models.CharField(blank=True, max_length=254)),
                ("reason", models.TextField()),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Waiting for a second person"),
                            ("approved", "Approved and applied"),
                            ("refused", "Refused"),
                            ("withdrawn", "Withdrawn by the requester"),
                        ],
                        default="pending",
                        max_length=16,
                    ),
                ),
                ("created_at", models.DateTimeField()),
                ("decided_at", models.DateTimeField(blank=True, null=True)),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "requested_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="role_grant_requests",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at", "-id"],
                "indexes": [
                    models.Index(fields=["status", "-created_at"], name="rolegrant_status_created")
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "kind__in",
                                [
                                    "add_duty",
                                    "remove_duty",
                                    "set_supervisor",
                                    "set_role",
                                    "set_staff",
                                    "set_email",
                                ],
                            )
                        ),
                        name="rolegrant_known_kind",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("status__in", ["pending", "approved", "refused", "withdrawn"])
                        ),
                        name="rolegrant_known_status",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("decided_by", models.F("requested_by")), _negated=True),
                        name="rolegrant_decider_is_not_requester",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("decided_by", models.F("user")), _negated=True),
                        name="rolegrant_decider_is_not_subject",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("decided_at__isnull", False),
                                ("decided_by__isnull", False),
                                ("status__in", ["approved", "refused"]),
                            ),
                            models.Q(
                                ("decided_at__isnull", False),
                                ("decided_by__isnull", True),
                                ("status", "withdrawn"),
                            ),
                            models.Q(
                                ("decided_at__isnull", True),
                                ("decided_by__isnull", True),
                                ("status", "pending"),
                            ),
                            _connector="OR",
                        ),
                        name="rolegrant_decision_matches_status",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("status", "pending")),
                        fields=("user", "kind", "value"),
                        name="rolegrant_one_pending_per_change",
                        violation_error_message="The same change is already waiting for a decision.",
                    ),
                    models.CheckConstraint(
                        condition=django.db.models.lookups.LessThanOrEqual(
                            django.db.models.functions.text.Length("reason"), 2000
                        ),
                        name="rolegrant_reason_length",
                        violation_error_message="The reason is longer than 2000 characters.",
                    ),
                ],
            },
        ),
        migrations.RunSQL(FREEZE_DECIDED_SQL, THAW_DECIDED_SQL),
    ]
