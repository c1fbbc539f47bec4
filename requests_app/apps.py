"""App configuration for requests_app."""

from django.apps import AppConfig


class RequestsAppConfig(AppConfig):
    name = "requests_app"
    verbose_name = "Disclosure requests and casework"
