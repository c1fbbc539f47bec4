"""URLs of requests_app (namespace `requests`). Objects are addressed by opaque ids only."""

from django.urls import path

from requests_app.views import casework, simulator

app_name = "requests"

urlpatterns = [
    path("clients/<int:pk>/", casework.client_detail, name="client_detail"),
    path("cases/<int:pk>/", casework.case_detail, name="case_detail"),
    path("policy/simulator/", simulator.simulator, name="simulator"),
]
