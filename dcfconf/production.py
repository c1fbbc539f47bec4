"""Production settings: everything of dcfconf.settings, hardened.

Use with DJANGO_SETTINGS_MODULE=dcfconf.production behind TLS. SECRET_KEY, ALLOWED_HOSTS,
PORTAL_URL and the audit checkpoint's key and file must come from the environment;
`manage.py check --deploy` passes with no warnings (a test runs it).
"""

from dcfconf.settings import *  # noqa: F403
from dcfconf.settings import env, portal_address

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY")
AUDIT_CHECKPOINT_KEY = env.str("AUDIT_CHECKPOINT_KEY")
AUDIT_CHECKPOINT_FILE = env.path("AUDIT_CHECKPOINT_FILE")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
# Emails link to it: the development default (127.0.0.1) would send links to nowhere.
PORTAL_URL = portal_address(env.str("PORTAL_URL"))

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

OTP_REQUIRED = env.bool("OTP_REQUIRED", default=True)
ENROLMENT_CODE_REQUIRED = env.bool("ENROLMENT_CODE_REQUIRED", default=True)

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="smtp://127.0.0.1:25")
vars().update(EMAIL_CONFIG)
