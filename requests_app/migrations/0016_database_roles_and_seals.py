"""The audit trail survives the roles that can write to it.

- TRUNCATE of a non-empty append-only table (access events, seals, decisions, reviews, every
  history table) is refused by a trigger, whoever asks: migration 0005 and 0013 refuse UPDATE
  and DELETE row by row, which TRUNCATE bypasses. (Emptying an empty table loses nothing, so a
  test database can still be flushed once its append-only tables are empty.)
- Every decision, the engine's and Legal Affairs', is sealed when it is made: a trigger copies
  the row into `requests_app_recordseal`, a second hash chain built like the access events'
  (migration 0005). `verify_audit` compares each sealed copy with the row as it is now, so a
  decision rewritten even by the table's owner (triggers disabled) is reported.
"""

from django.db import migrations, models

GENESIS_HASH = "0" * 64

SEAL_SQL = f"""
-- What a seal's hash covers; verify_audit calls it too.
CREATE FUNCTION requests_app_recordseal_hash(s requests_app_recordseal) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT encode(sha256(convert_to(
        s.prev_hash || '|' || s.id::text || '|'
        || floor(extract(epoch from s.sealed_at) * 1000000)::bigint::text || '|'
        || s.table_name || '|' || s.row_id::text || '|' || s.content::text,
        'UTF8')), 'hex')
$$;

CREATE FUNCTION requests_app_recordseal_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE previous text;
BEGIN
    -- One writer at a time, so every seal links to the one committed before it.
    PERFORM pg_advisory_xact_lock(318530852);
    NEW.id := nextval(pg_get_serial_sequence('requests_app_recordseal', 'id'));
    NEW.sealed_at := coalesce(NEW.sealed_at, clock_timestamp());
    SELECT hash INTO previous FROM requests_app_recordseal ORDER BY id DESC LIMIT 1;
    NEW.prev_hash := coalesce(previous, '{GENESIS_HASH}');
    NEW.hash := requests_app_recordseal_hash(NEW);
    RETURN NEW;
END $$;
CREATE TRIGGER recordseal_chain BEFORE INSERT ON requests_app_recordseal
    FOR EACH ROW EXECUTE FUNCTION requests_app_recordseal_chain();
CREATE TRIGGER recordseal_append_only BEFORE UPDATE OR DELETE ON requests_app_recordseal
    FOR EACH ROW EXECUTE FUNCTION requests_app_refuse_rewrite();

-- The sealed copy of a row: its JSON with timestamps in UTC, whatever the session's time zone,
-- so that the copy and verify_audit's reading of the row compare equal.
CREATE FUNCTION requests_app_row_json(r anyelement) RETURNS jsonb
LANGUAGE sql STABLE SET timezone TO 'UTC' AS $$ SELECT to_jsonb(r) $$;

CREATE FUNCTION requests_app_seal_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO requests_app_recordseal (table_name, row_id, content, prev_hash, hash)
    VALUES (TG_TABLE_NAME, NEW.id, requests_app_row_json(NEW), '', '');
    RETURN NULL;
END $$;
CREATE TRIGGER policydecision_seal AFTER INSERT ON requests_app_policydecision
    FOR EACH ROW EXECUTE FUNCTION requests_app_seal_row();
-- A review is sealed when it is decided (after that, migration 0013 refuses every change).
CREATE TRIGGER review_seal_decided AFTER INSERT OR UPDATE OF decided_at ON requests_app_review
    FOR EACH ROW WHEN (NEW.decided_at IS NOT NULL) EXECUTE FUNCTION requests_app_seal_row();

-- Decisions made before this migration are sealed now, in the order they were made.
INSERT INTO requests_app_recordseal (table_name, row_id, content, prev_hash, hash)
SELECT table_name, row_id, content, '', '' FROM (
    SELECT 'requests_app_policydecision' AS table_name, d.id AS row_id,
           requests_app_row_json(d) AS content, d.decided_at AS at
    FROM requests_app_policydecision d
    UNION ALL
    SELECT 'requests_app_review', r.id, requests_app_row_json(r), r.decided_at
    FROM requests_app_review r WHERE r.decided_at IS NOT NULL
) sealed ORDER BY at, table_name, row_id;

CREATE FUNCTION requests_app_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE has_rows boolean;
BEGIN
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.%I)', TG_TABLE_SCHEMA, TG_TABLE_NAME)
        INTO has_rows;
    IF has_rows THEN
        RAISE EXCEPTION '% rows are append-only: TRUNCATE refused', TG_TABLE_NAME;
    END IF;
    RETURN NULL;
END $$;
"""

UNDO_SEAL_SQL = """
DROP FUNCTION requests_app_refuse_truncate();
DROP TRIGGER review_seal_decided ON requests_app_review;
DROP TRIGGER policydecision_seal ON requests_app_policydecision;
DROP FUNCTION requests_app_seal_row();
DROP FUNCTION requests_app_row_json(anyelement);
DROP TRIGGER recordseal_append_only ON requests_app_recordseal;
DROP TRIGGER recordseal_chain ON requests_app_recordseal;
DROP FUNCTION requests_app_recordseal_chain();
DROP FUNCTION requests_app_recordseal_hash(requests_app_recordseal);
"""

#: The append-only tables besides the history tables.
APPEND_ONLY_TABLES = [
    "requests_app_accessevent",
    "requests_app_recordseal",
    "requests_app_policydecision",
    "requests_app_review",
]


def history_tables(apps):
    """The tables of the history (django-pghistory event models) of both apps."""
    return sorted(
        model._meta.db_table
        for label in ("requests_app", "forms_app")
        for model in apps.get_app_config(label).get_models()
        if any(field.name == "pgh_created_at" for field in model._meta.get_fields())
    )


def refuse_truncate(apps, schema_editor):
    for table in [*APPEND_ONLY_TABLES, *history_tables(apps)]:
        schema_editor.execute(
            f"CREATE TRIGGER {table[:40]}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION requests_app_refuse_truncate()"
        )


def allow_truncate(apps, schema_editor):
    for table in [*APPEND_ONLY_TABLES, *history_tables(apps)]:
        schema_editor.execute(f"DROP TRIGGER {table[:40]}_no_truncate ON {table}")


class Migration(migrations.Migration):
    dependencies = [("requests_app", "0015_enrolment_codes")]

    operations = [
        migrations.CreateModel(
            name="RecordSeal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sealed_at", models.DateTimeField()),
                ("table_name", models.CharField(max_length=63)),
                ("row_id", models.BigIntegerField()),
                ("content", models.JSONField()),
                ("prev_hash", models.CharField(default="", editable=False, max_length=64)),
                ("hash", models.CharField(default="", editable=False, max_length=64)),
            ],
            options={
                "ordering": ["id"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("table_name", "row_id"), name="recordseal_one_per_row"
                    )
                ],
            },
        ),
        migrations.RunSQL(SEAL_SQL, UNDO_SEAL_SQL),
        migrations.RunPython(refuse_truncate, allow_truncate),
    ]
