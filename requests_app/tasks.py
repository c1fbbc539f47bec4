"""Background tasks (Django's Tasks API; the database backend runs them in `db_worker`)."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from requests_app.choices import EmailStatus
from requests_app.models import DisclosurePacket, Document, OutboundEmail


@task()
def deliver_email(email_id: int) -> str:
    """Send one queued email. A failure is recorded on the row (and raised, so the task result
    shows it too); `retry_failed_emails` queues failed rows again."""
    failure: Exception | None = None
    with transaction.atomic():
        email = OutboundEmail.objects.select_for_update().get(pk=email_id)
        if email.status == EmailStatus.SENT:
            return "already sent"
        email.attempts += 1
        try:
            send_mail(
                email.subject,
                email.body,
                settings.DEFAULT_FROM_EMAIL,
                email.to,
                fail_silently=False,
            )
        except Exception as error:
            failure = error
            email.status = EmailStatus.FAILED
            email.last_error = f"{type(error).__name__}: {error}"[:2000]
        else:
            email.status = EmailStatus.SENT
            email.sent_at = timezone.now()
            email.last_error = ""
        email.save(update_fields=["status", "attempts", "last_error", "sent_at"])
    if failure is not None:
        # Raised after the record is committed, so the failure is both kept and visible.
        raise failure
    return "sent"


@task()
def render_document_pages(document_id: int) -> str:
    """Render a document's pages to images for the redaction editor, page by page (a document
    of hundreds of pages never holds a web worker)."""
    from requests_app.services.documents import page_images_render

    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        return "no such document"
    return f"{page_images_render(document)} pages rendered"


@task()
def build_packet(packet_id: int) -> str:
    """Build and prove a disclosure packet (pages of records burned in one at a time: a packet
    of hundreds of pages never holds a web worker)."""
    from requests_app.services.packets import packet_build

    packet = DisclosurePacket.objects.select_related("request").filter(pk=packet_id).first()
    if packet is None:
        return "no such packet"
    return packet_build(packet).get_status_display()
