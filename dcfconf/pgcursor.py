"""The database cursor: psycopg 3 with server-side binding, so that PostgreSQL plans each kind
of query once per connection (psycopg prepares a statement once it has run five times) instead of
on every page; planning a page's select_related joins costs more than running them.

django-pghistory sends its history context as `SELECT set_config(...); <the write>` in one call,
and PostgreSQL does not prepare two commands as one statement: those calls, and only those, have
their values bound here in the client and go out unprepared.
"""

import psycopg

#: How django-pghistory's context injection begins (pghistory.runtime._inject_history_context).
HISTORY_CONTEXT_PREFIX = "SELECT set_config('pghistory.context_id'"


class Cursor(psycopg.Cursor):
    def execute(self, query, params=None, **kwargs):  # type: ignore[no-untyped-def,override]
        if params and isinstance(query, str) and query.startswith(HISTORY_CONTEXT_PREFIX):
            query = psycopg.ClientCursor(self.connection).mogrify(query, params)
            params = None
        return super().execute(query, params, **kwargs)
