"""The database roles. The portal connects (DATABASE_URL) as a role that owns nothing and may
only read and write rows: no DDL, no TRUNCATE, and on the append-only tables no UPDATE or
DELETE. `manage.py migrate` connects to the same database as its owner (DATABASE_OWNER_URL)
and then grants the portal's role exactly that (`grant_application_role`)."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.apps import apps
from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from psycopg import sql

#: The settings that say who connects, and where.
CREDENTIALS = ("USER", "PASSWORD", "HOST", "PORT")

#: Rows the portal adds and never changes (besides every history table).
APPEND_ONLY = [
    "requests_app_accessevent",
    "requests_app_recordseal",
    "requests_app_policydecision",
    "requests_app_disclosurecorrection",
]


def append_only_tables() -> list[str]:
    """The tables whose rows the portal may add but never change or delete: the audit trail,
    the seals, the engine's decisions and the history of every model (django-pghistory)."""
    history = [
        model._meta.db_table
        for model in apps.get_models()
        if model._meta.managed
        and not model._meta.proxy
        and any(field.name == "pgh_created_at" for field in model._meta.get_fields())
    ]
    return sorted([*APPEND_ONLY, *history])


def owner_differs(alias: str = "default") -> bool:
    """Whether migrations connect as another role than the portal (DATABASE_OWNER_URL given)."""
    owner = settings.DATABASE_OWNER
    current = connections[alias].settings_dict
    return alias == "default" and bool(owner) and owner.get("USER") != current.get("USER")


@contextmanager
def as_owner(alias: str = "default") -> Iterator[str | None]:
    """Connect `alias` as the database's owner inside the block; yields the portal's role (the
    one to grant to), or None when the owner is the portal's own role."""
    if not owner_differs(alias):
        yield None
        return
    connection = connections[alias]
    saved = {key: connection.settings_dict.get(key) for key in CREDENTIALS}
    connection.close()
    connection.settings_dict.update(
        {key: settings.DATABASE_OWNER.get(key, saved[key]) for key in CREDENTIALS}
    )
    try:
        yield str(saved["USER"])
    finally:
        connection.close()
        connection.settings_dict.update(saved)


def grant_application_role(connection: BaseDatabaseWrapper, role: str) -> None:
    """Give `role` (the portal's) exactly what the portal needs in `connection`'s database,
    whatever it had before. Run as the owner after every migration."""
    who = sql.Identifier(role)
    statements = [
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(
            sql.Identifier(connection.settings_dict["NAME"]), who
        ),
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(who),
        sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {}").format(who),
        sql.SQL("REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {}").format(who),
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(
            who
        ),
        sql.SQL("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {}").format(who),
        sql.SQL("REVOKE INSERT, UPDATE, DELETE ON django_migrations FROM {}").format(who),
        *(
            sql.SQL("REVOKE UPDATE, DELETE ON {} FROM {}").format(sql.Identifier(table), who)
            for table in append_only_tables()
        ),
    ]
    connection.ensure_connection()
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement.as_string(connection.connection))
