"""URLs of forms_app (namespace `forms`), mounted under /releases/. Objects are addressed by
integer ids only: no client names in paths or query strings."""

from django.urls import path

from forms_app import views

app_name = "forms"

urlpatterns = [
    path("clients/<int:client_pk>/", views.release_list, name="list"),
    path("clients/<int:client_pk>/new/", views.release_create, name="create"),
    path("<int:pk>/", views.release_detail, name="detail"),
    path("<int:pk>/edit/", views.release_update, name="update"),
    path("<int:pk>/ready/", views.release_mark_ready, name="mark_ready"),
    path("<int:pk>/return-to-draft/", views.release_return_to_draft, name="return_to_draft"),
    path("<int:pk>/sign/", views.release_sign, name="sign"),
    path("<int:pk>/revoke/", views.release_revoke, name="revoke"),
    path("<int:pk>/correct/", views.release_correct_dates, name="correct_dates"),
    path("<int:pk>/sent/", views.release_mark_sent, name="mark_sent"),
    path("<int:pk>/received/", views.release_records_received, name="records_received"),
    path("<int:pk>/pdf/", views.release_pdf, name="pdf"),
    path("<int:pk>/scan/", views.release_scan, name="scan"),
    path("print-queue/", views.print_queue, name="print_queue"),
    path("print-queue/prints/<int:pk>/", views.print_batch, name="print_batch"),
    path("print-queue/prints/<int:pk>/pdf/", views.print_batch_pdf, name="print_batch_pdf"),
]
