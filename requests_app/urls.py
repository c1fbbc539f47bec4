"""URLs of requests_app (namespace `requests`). Objects are addressed by opaque ids only."""

from django.urls import path

from requests_app import views

app_name = "requests"

urlpatterns = [
    path("clients/<int:pk>/", views.client_detail, name="client_detail"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
]
