"""A client's emancipation date, for who may sign a release: a client under 18 who was not
emancipated cannot consent to a release of their records (Conn. Gen. Stat. §17a-28)."""

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("requests_app", "0016_database_roles_and_seals")]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name="client",
            name="insert_insert",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="client",
            name="update_update",
        ),
        migrations.AddField(
            model_name="client",
            name="emancipated_on",
            field=models.DateField(
                blank=True,
                help_text="The date a court emancipated the client as a minor, if it did.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="clientevent",
            name="emancipated_on",
            field=models.DateField(
                blank=True,
                help_text="The date a court emancipated the client as a minor, if it did.",
                null=True,
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="client",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "requests_app_clientevent" ("client_number", "date_of_birth", "emancipated_on", "first_name", "id", "last_name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") VALUES (NEW."client_number", NEW."date_of_birth", NEW."emancipated_on", NEW."first_name", NEW."id", NEW."last_name", _pgh_attach_context(), NOW(), \'insert\', NEW."id"); RETURN NULL;',
                    hash="6c4221c390e01fb6c54d48fde37bb206bbbef70f",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_bf49c",
                    table="requests_app_client",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="client",
            trigger=pgtrigger.compiler.Trigger(
                name="update_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition="WHEN (OLD.* IS DISTINCT FROM NEW.*)",
                    func='INSERT INTO "requests_app_clientevent" ("client_number", "date_of_birth", "emancipated_on", "first_name", "id", "last_name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") VALUES (NEW."client_number", NEW."date_of_birth", NEW."emancipated_on", NEW."first_name", NEW."id", NEW."last_name", _pgh_attach_context(), NOW(), \'update\', NEW."id"); RETURN NULL;',
                    hash="5a88c299c8d7e04d3c22cbd96cde4e0a2d11d21b",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_d9801",
                    table="requests_app_client",
                    when="AFTER",
                ),
            ),
        ),
        migrations.AddConstraint(
            model_name="client",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("emancipated_on__isnull", True),
                    ("emancipated_on__gte", models.F("date_of_birth")),
                    _connector="OR",
                ),
                name="client_emancipated_not_before_birth",
            ),
        ),
    ]
