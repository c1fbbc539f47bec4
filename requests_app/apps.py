"""App configuration for requests_app."""

from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in

from requests_app.web.sessions import idle_clock_starts_at_sign_in


class RequestsAppConfig(AppConfig):
    name = "requests_app"
    verbose_name = "Disclosure requests and casework"

    def ready(self) -> None:
        # Imported here, not above: the module loads models, which needs the app registry ready
        # (the one place Django requires a deferred import).
        from requests_app import role_audit

        user_logged_in.connect(idle_clock_starts_at_sign_in, dispatch_uid="idle-clock-sign-in")
        role_audit.connect()
