"""Logging filters: what the portal logs once, Django's request logger does not log again."""

import logging

from django.db import InterfaceError, OperationalError


class DatabaseOutageFilter(logging.Filter):
    """Drop Django's request-log records about a lost database: a traceback per refused request
    (its text can echo SQL parameters, so client data) and the "Service Unavailable" line. The
    portal's own handler has already logged one line naming the kind of failure
    (`web.middleware.database_unavailable`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 503:
            return False
        error = record.exc_info[1] if record.exc_info else None
        return not isinstance(error, (OperationalError, InterfaceError))
