"""URLs of requests_app (namespace `requests`). Objects are addressed by opaque ids only;
search terms travel in POST bodies, never in query strings."""

from django.urls import path

from requests_app.views import (
    accounting,
    audit,
    casework,
    disclosures,
    documents,
    incidents,
    notifications,
    requests,
    reviews,
    simulator,
)

app_name = "requests"

urlpatterns = [
    path("clients/<int:pk>/", casework.client_detail, name="client_detail"),
    path("clients/<int:pk>/accounting/", accounting.accounting, name="accounting"),
    path("clients/<int:pk>/accounting.csv", accounting.accounting_csv, name="accounting_csv"),
    path("clients/<int:pk>/accounting.pdf", accounting.accounting_pdf, name="accounting_pdf"),
    path("cases/<int:pk>/", casework.case_detail, name="case_detail"),
    path("requests/", requests.request_list, name="list"),
    path("requests/new/", requests.request_choose_client, name="choose_client"),
    path("requests/new/<int:client_pk>/", requests.request_new, name="new"),
    path(
        "requests/new/<int:client_pk>/release-on-file/",
        requests.request_release_check,
        name="release_check",
    ),
    path("requests/<int:pk>/", requests.request_detail, name="detail"),
    path("requests/<int:pk>/edit/", requests.request_edit, name="edit"),
    path("requests/<int:pk>/documents/", requests.document_add, name="document_add"),
    path("requests/<int:pk>/packet/", requests.packet_build, name="packet_build"),
    path("packets/<int:pk>/", requests.packet_download, name="packet_download"),
    path("documents/<int:pk>/", requests.document_download, name="document_download"),
    path("documents/<int:pk>/redact/", documents.document_redact, name="document_redact"),
    path(
        "documents/<int:pk>/pages/<int:number>/",
        requests.document_page,
        name="document_page",
    ),
    path("requests/<int:pk>/disclose/", requests.disclosure_new, name="disclose"),
    path(
        "disclosures/<int:pk>/correct/",
        disclosures.disclosure_correct_date,
        name="disclosure_correct",
    ),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/read/", notifications.notifications_read, name="notifications_read"),
    path(
        "notifications/<int:pk>/open/",
        notifications.notification_open,
        name="notification_open",
    ),
    path("policy/simulator/", simulator.simulator, name="simulator"),
    path("audit/", audit.audit_search, name="audit"),
    path("audit/events.csv", audit.audit_csv, name="audit_csv"),
    path("reviews/", reviews.queue, name="review_queue"),
    path("reviews/assign/", reviews.reviews_assign, name="reviews_assign"),
    path("reviews/dashboard/", reviews.dashboard, name="review_dashboard"),
    path("reviews/<int:pk>/", reviews.review_detail, name="review"),
    path("reviews/<int:pk>/claim/", reviews.review_claim, name="review_claim"),
    path("reviews/<int:pk>/unclaim/", reviews.review_unclaim, name="review_unclaim"),
    path("reviews/<int:pk>/decide/", reviews.review_decide, name="review_decide"),
    path("reviews/<int:pk>/notes/", reviews.redaction_note_add, name="redaction_note_add"),
    path(
        "reviews/<int:pk>/notes/<int:note_pk>/",
        reviews.redaction_note_edit,
        name="redaction_note_edit",
    ),
    path("incidents/", incidents.incident_list, name="incident_list"),
    path("incidents/new/", incidents.incident_start, name="incident_start"),
    path("incidents/new/loss/", incidents.loss_report_new, name="incident_new_loss"),
    path("incidents/new/breach/", incidents.breach_report_new, name="incident_new_breach"),
    path("incidents/<int:pk>/", incidents.incident_detail, name="incident_detail"),
    path("incidents/<int:pk>/sent/", incidents.incident_submitted, name="incident_submitted"),
    path(
        "incidents/<int:pk>/acknowledge/",
        incidents.incident_acknowledge,
        name="incident_acknowledge",
    ),
    path("incidents/<int:pk>/escalate/", incidents.incident_escalate, name="incident_escalate"),
    path(
        "incidents/<int:pk>/notify/",
        incidents.incident_notify_leadership,
        name="incident_notify_leadership",
    ),
    path("incidents/<int:pk>/close/", incidents.incident_close, name="incident_close"),
    path("incidents/<int:pk>/loss-report.pdf", incidents.incident_pdf, name="incident_pdf"),
]
