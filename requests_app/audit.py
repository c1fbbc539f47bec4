"""Recording access events. Views record reads (`record_view`); services record writes
(`record_change`). The client's address comes from the request being served, kept in a context
variable by `web.middleware.AuditMiddleware` so that services need not be handed the HTTP
request; the same middleware keeps who is acting (`acting`), for the changes of rights that are
audited wherever they are made (`requests_app.role_audit`)."""

import contextvars
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest
from django.utils import timezone

from requests_app.models.audit import AccessEvent
from requests_app.permissions import AnyUser

_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("audit_ip", default=None)
_actor: contextvars.ContextVar[tuple[AnyUser | None, str]] = contextvars.ContextVar(
    "audit_actor", default=(None, "")
)

#: How a change made with nobody signed in came: `manage.py grant_role` at the server.
CONSOLE = "console"


@contextmanager
def requesting_address(address: str | None) -> Iterator[None]:
    """Audit events recorded inside the block carry `address`."""
    token = _ip.set(address)
    try:
        yield
    finally:
        _ip.reset(token)


@contextmanager
def acting(user: AnyUser | None, *, via: str = "") -> Iterator[None]:
    """Changes made inside the block are audited as `user`'s (None: nobody signed in); `via`
    says how they came when that matters (`CONSOLE`)."""
    token = _actor.set((user, via))
    try:
        yield
    finally:
        _actor.reset(token)


def current_actor() -> tuple[User | None, str]:
    """Who is acting (a signed-in user, or None) and how (`via` of `acting`)."""
    user, via = _actor.get()
    if user is None or isinstance(user, AnonymousUser):
        return None, via
    return user, via


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
    request: HttpRequest,
    obj: Any,
    *,
    client: Any = None,
    clients: Iterable[Any] | None = None,
    action: str = "view",
    detail: str = "",
) -> AccessEvent:
    """A read of client information by the signed-in user: of `obj`'s client (or `client`), or
    of every client in `clients` (a report about several)."""
    event = _event(user=request.user, action=action, obj=obj, client=client, detail=detail)
    if clients is not None:
        _name_clients(event, clients)
    event.save(force_insert=True)
    return event


def record_list_view(
    request: HttpRequest, *, page: str, clients: Iterable[Any], detail: str = ""
) -> AccessEvent | None:
    """A page that shows clients' names or numbers (a list): one event naming every client
    shown. A page showing no client records nothing. `clients`: objects or ids, repeats
    allowed."""
    event = _event(user=request.user, action="view", obj=None, object_type=page, detail=detail)
    if not _name_clients(event, clients):
        return None
    event.save(force_insert=True)
    return event


def _name_clients(event: AccessEvent, clients: Iterable[Any]) -> int:
    """Name the clients on the event (`client` for one, `clients` for more); how many."""
    ids = sorted({getattr(c, "pk", c) for c in clients})
    event.client_id = ids[0] if len(ids) == 1 else None
    event.clients = ids if len(ids) > 1 else []
    return len(ids)


def record_change(
    user: User | None, action: str, obj: Any, *, client: Any = None, detail: str = ""
) -> AccessEvent:
    """A write to client information, from a service."""
    return record(user=user, action=action, obj=obj, client=client, detail=detail)
