"""Reads of the audit trail: the search for Legal Affairs and the Agency Legal Director, and
who looked at a client."""

import datetime

from django.contrib.auth.models import User
from django.db.models import QuerySet

from requests_app.models import AccessEvent, Client
from requests_app.permissions import standing_of


def access_events(
    *,
    user: User,
    client_number: str = "",
    username: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AccessEvent]:
    """The audit trail, for Legal Affairs and the Agency Legal Director only."""
    if not standing_of(user).reads_audit:
        return AccessEvent.objects.none()
    queryset = AccessEvent.objects.select_related("user", "client")
    if client_number:
        queryset = queryset.filter(client__client_number__iexact=client_number.strip())
    if username:
        queryset = queryset.filter(user__username__iexact=username.strip())
    if date_from:
        queryset = queryset.filter(at__date__gte=date_from)
    if date_to:
        queryset = queryset.filter(at__date__lte=date_to)
    return queryset.order_by("-at", "-id")


def who_looked_at(*, client: Client, limit: int = 20) -> list[AccessEvent]:
    """The latest access events about a client, for the client's page."""
    return list(
        AccessEvent.objects.filter(client=client).select_related("user").order_by("-id")[:limit]
    )
