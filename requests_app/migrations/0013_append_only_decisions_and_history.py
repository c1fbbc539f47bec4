"""Decisions, decided reviews and every history row are append-only at the database: a trigger
refuses to UPDATE or DELETE them, whoever connects (the admin, a shell, a migration's mistake)."""

from django.db import migrations

REFUSE_SQL = """
CREATE FUNCTION requests_app_refuse_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% rows are append-only: % refused', TG_TABLE_NAME, TG_OP;
END $$;

CREATE TRIGGER policydecision_append_only BEFORE UPDATE OR DELETE ON requests_app_policydecision
    FOR EACH ROW EXECUTE FUNCTION requests_app_refuse_rewrite();

-- A review is worked on until it is decided; from then on it is the record of the decision.
CREATE TRIGGER review_decided_append_only BEFORE UPDATE OR DELETE ON requests_app_review
    FOR EACH ROW WHEN (OLD.decided_at IS NOT NULL)
    EXECUTE FUNCTION requests_app_refuse_rewrite();
"""

UNDO_SQL = """
DROP TRIGGER review_decided_append_only ON requests_app_review;
DROP TRIGGER policydecision_append_only ON requests_app_policydecision;
DROP FUNCTION requests_app_refuse_rewrite();
"""


def history_tables(apps):
    """The tables of the history (django-pghistory event models) of both apps."""
    return sorted(
        model._meta.db_table
        for label in ("requests_app", "forms_app")
        for model in apps.get_app_config(label).get_models()
        if any(field.name == "pgh_created_at" for field in model._meta.get_fields())
    )


def freeze_history(apps, schema_editor):
    for table in history_tables(apps):
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION requests_app_refuse_rewrite()"
        )


def thaw_history(apps, schema_editor):
    for table in history_tables(apps):
        schema_editor.execute(f"DROP TRIGGER {table}_append_only ON {table}")


class Migration(migrations.Migration):
    dependencies = [
        ("requests_app", "0012_text_limits"),
        ("forms_app", "0006_text_limits"),
    ]

    operations = [
        migrations.RunSQL(REFUSE_SQL, UNDO_SQL),
        migrations.RunPython(freeze_history, thaw_history),
    ]
