"""Reads of the audit trail: the search for Legal Affairs and the Agency Legal Director, and
who looked at a client."""

import datetime

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet

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
        ids = list(
            Client.objects.filter(client_number__iexact=client_number.strip()).values_list(
                "pk", flat=True
            )
        )
        queryset = queryset.filter(Q(client_id__in=ids) | Q(clients__overlap=ids))
    if username:
        queryset = queryset.filter(user__username__iexact=username.strip())
    if date_from:
        queryset = queryset.filter(at__date__gte=date_from)
    if date_to:
        queryset = queryset.filter(at__date__lte=date_to)
    return queryset.order_by("-at", "-id")


def who_looked_at(*, client: Client, limit: int = 20) -> list[AccessEvent]:
    """The latest access events about a client, for the client's page: those naming the
    client, and the list pages that showed the client among others."""
    shown = AccessEvent.objects.filter(Q(client=client) | Q(clients__contains=[client.pk]))
    return list(shown.select_related("user").order_by("-id")[:limit])
