"""In-app notifications and the outgoing email queue.

An email is a row written in the same transaction as the change it announces, then delivered by
a background task; a failed send stays here with its error and is tried again later.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q

from requests_app.choices import EmailStatus


class Notification(models.Model):
    """A message for one user, shown in their notification list until read."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    created_at = models.DateTimeField()
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=200, blank=True, help_text="A path inside the portal.")
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-created_at"]),
            # The unread badge on every page: only the unread rows, a few per user.
            models.Index(
                fields=["user"], condition=Q(read_at__isnull=True), name="notification_unread"
            ),
        ]

    def __str__(self) -> str:
        return self.subject


class OutboundEmail(models.Model):
    """An email to send. Bodies never hold client names: they say what happened and link to it."""

    to = ArrayField(models.EmailField())
    subject = models.CharField(max_length=200)
    body = models.TextField()
    created_at = models.DateTimeField()
    status = models.CharField(max_length=8, choices=EmailStatus.choices, default=EmailStatus.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    dedupe_key = models.CharField(
        max_length=120,
        null=True,
        blank=True,
        unique=True,
        help_text="Set by periodic commands so a second run the same day sends nothing twice.",
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return self.subject
