"""App configuration for forms_app."""

from django.apps import AppConfig


class FormsAppConfig(AppConfig):
    name = "forms_app"
    verbose_name = "Release authorizations (DCF-2131T / DCF-2131F)"
