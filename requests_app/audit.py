"""Recording access events. Views record reads (`record_view`); services record writes
(`record_change`). The client's address comes from the request being served, kept in a context
variable by `web.middleware.AuditMiddleware` so that services need not be handed the HTTP
request."""

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.auth.models import User
from django.db import connection
from django.http import HttpRequest
from django.utils import timezone

from requests_app.models.audit import GENESIS_HASH, AccessEvent
from requests_app.permissions import AnyUser

_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("audit_ip", default=None)


@contextmanager
def requesting_address(address: str | None) -> Iterator[None]:
    """Audit events recorded inside the block carry `address`."""
    token = _ip.set(address)
    try:
        yield
    finally:
        _ip.reset(token)


def _client_id(obj: Any, client: Any) -> int | None:
    if client is not None:
        return client.pk
    if obj is not None and type(obj).__name__ == "Client":
        return obj.pk
    return getattr(obj, "client_id", None)


def record(
    *,
    user: AnyUser | None,
    action: str,
    obj: Any = None,
    object_type: str = "",
    client: Any = None,
    detail: str = "",
) -> AccessEvent:
    """Append one access event (the database numbers it and chains its hash)."""
    event = _event(
        user=user, action=action, obj=obj, object_type=object_type, client=client, detail=detail
    )
    event.save(force_insert=True)
    return event


def _event(
    *,
    user: AnyUser | None,
    action: str,
    obj: Any,
    object_type: str = "",
    client: Any = None,
    detail: str = "",
) -> AccessEvent:
    return AccessEvent(
        at=timezone.now(),
        user=user if user is not None and user.is_authenticated else None,
        action=action,
        object_type=object_type or (type(obj).__name__ if obj is not None else ""),
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        client_id=_client_id(obj, client),
        ip_address=_ip.get(),
        detail=detail[:200],
    )


def record_changes(user: AnyUser | None, changes: list[tuple[str, Any, str]]) -> None:
    """Several writes by one user, as (action, object, detail), appended in one statement (in
    order: the database numbers and chains each)."""
    AccessEvent.objects.bulk_create(
        _event(user=user, action=action, obj=obj, detail=detail) for action, obj, detail in changes
    )


def record_view(
    request: HttpRequest, obj: Any, *, client: Any = None, action: str = "view", detail: str = ""
) -> AccessEvent:
    """A read of client information by the signed-in user."""
    return record(user=request.user, action=action, obj=obj, client=client, detail=detail)


def record_change(
    user: User | None, action: str, obj: Any, *, client: Any = None, detail: str = ""
) -> AccessEvent:
    """A write to client information, from a service."""
    return record(user=user, action=action, obj=obj, client=client, detail=detail)


# Recomputes every hash (with the same SQL function the insert trigger uses) and every link.
VERIFY_SQL = """
    SELECT id FROM (
        SELECT r.id, r.hash, r.prev_hash,
               lag(r.hash) OVER (ORDER BY r.id) AS previous,
               requests_app_accessevent_hash(r) AS expected
        FROM requests_app_accessevent r
    ) chain
    WHERE hash <> expected OR prev_hash <> coalesce(previous, %s)
    ORDER BY id LIMIT 1
"""


def first_broken_link() -> int | None:
    """The id of the first event whose hash or link to its predecessor does not verify."""
    with connection.cursor() as cursor:
        cursor.execute(VERIFY_SQL, [GENESIS_HASH])
        row = cursor.fetchone()
    return row[0] if row else None
