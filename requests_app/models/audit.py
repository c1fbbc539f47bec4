"""The audit trail of every read and write of client information.

Append-only and tamper-evident, enforced by PostgreSQL itself (migration 0005): a trigger
rejects UPDATE and DELETE, and a BEFORE INSERT trigger numbers each event and chains it to the
previous one with a SHA-256 hash, under a lock, whoever inserts it. `verify_audit` recomputes
the chain and names the first broken link.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models


class AccessEvent(models.Model):
    """Who did what to which object (and which client's information), when, from where."""

    at = models.DateTimeField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=16)
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=40, blank=True)
    client = models.ForeignKey(
        "requests_app.Client", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    #: The clients a list page showed (ids), when it showed more than one; `client` names the
    #: one client of any other event.
    clients = ArrayField(models.BigIntegerField(), default=list, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.CharField(max_length=200, blank=True)
    prev_hash = models.CharField(max_length=64, editable=False, default="")
    hash = models.CharField(max_length=64, editable=False, default="")

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["client", "-at"]),
            models.Index(fields=["user", "-at"]),
            models.Index(fields=["-at"]),
            GinIndex(fields=["clients"], name="accessevent_clients"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type} {self.object_id} at {self.at:%Y-%m-%d %H:%M}"


class RecordSeal(models.Model):
    """A decision (the engine's, or a Legal Affairs review's) as it stood when it was made.

    Written only by triggers (migration 0016): each new policy decision and each review as it is
    decided is copied here, chained with a SHA-256 hash like the access events. `verify_audit`
    compares every copy with the row as it is now."""

    sealed_at = models.DateTimeField()
    table_name = models.CharField(max_length=63)
    row_id = models.BigIntegerField()
    content = models.JSONField()
    prev_hash = models.CharField(max_length=64, editable=False, default="")
    hash = models.CharField(max_length=64, editable=False, default="")

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["table_name", "row_id"], name="recordseal_one_per_row")
        ]

    def __str__(self) -> str:
        return f"seal {self.pk}: {self.table_name} {self.row_id}"


#: The previous hash of the very first event (and of the very first seal).
GENESIS_HASH = "0" * 64
