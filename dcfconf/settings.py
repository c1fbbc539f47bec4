"""Settings for the DCF disclosure portal, read from the environment (django-environ).

Every deployment-specific value comes from an environment variable; nothing secret is committed.
Development needs none of them: `make run` provisions the database and turns DEBUG on, and a
secret key is generated once and kept under the ignored `.var/` folder.
"""

import datetime
from pathlib import Path
from urllib.parse import urlsplit

import environ
import pghistory
from django.core.exceptions import ImproperlyConfigured
from django.utils.crypto import get_random_string

from dcfconf import pgcursor

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / ".var"

env = environ.Env()


#: The characters of a generated key: Django's, without "$". django-environ reads a value that
#: starts with "$" as the name of another variable, and the benchmark settings pass this key
#: through the environment (one fresh checkout in fifty failed to load them).
GENERATED_KEY_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789!@#%^&*(-_=+)"


def _development_key(name: str) -> str:
    """Return the key kept in .var/<name>, creating it on first use (and replacing one an
    earlier version wrote with a leading "$")."""
    path = VAR_DIR / name
    if not path.exists() or path.read_text().startswith("$"):
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(get_random_string(50, GENERATED_KEY_ALPHABET))
        path.chmod(0o600)
    return path.read_text().strip()


def portal_address(value: str) -> str:
    """PORTAL_URL checked: an http or https address with a host and no path, query or fragment
    (a page's path is added to it), without its trailing slash."""
    parts = urlsplit(value.strip())
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.path.strip("/")
        or parts.query
        or parts.fragment
    ):
        raise ImproperlyConfigured(
            f"PORTAL_URL must be the portal's address, such as https://disclosures.dcf.ct.gov "
            f"(http or https, a host, no path): {value!r} is not one."
        )
    return f"{parts.scheme}://{parts.netloc}"


DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="") or _development_key("secret_key")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The portal's address as people reach it: every link in an email starts with it, since an
# email is read where "/requests/2/" leads nowhere (requests_app.notifications.portal_link).
PORTAL_URL = portal_address(env.str("PORTAL_URL", default="http://127.0.0.1:8000"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "guardian",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "pgtrigger",
    "pghistory",
    "django_tasks",
    "django_tasks_db",
    "requests_app",
    "forms_app",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Every page (static files aside, served above) is private: no cache keeps client data.
    "requests_app.web.middleware.PrivatePagesMiddleware",
    "requests_app.web.middleware.DatabaseUnavailableMiddleware",
    "requests_app.web.middleware.PdfTooLongMiddleware",
    "requests_app.web.sessions.IdleSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "requests_app.web.middleware.AuditMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "requests_app.web.middleware.RequireTwoFactorMiddleware",
    # django-axes must come last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dcfconf.urls"
WSGI_APPLICATION = "dcfconf.wsgi.application"

# Inputs, selects and text areas are written in Python (requests_app/web/form_renderer.py).
FORM_RENDERER = "requests_app.web.form_renderer.FastWidgetRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "requests_app.web.context_processors.staff",
            ],
            # `{{ user|display_name }}` in every template (requests_app.people), codes and
            # moments in words (`{{ event.at|when }}`, requests_app.words and .dates), and
            # form widgets in USWDS's classes (templatetags/uswds.py).
            "builtins": [
                "requests_app.templatetags.people",
                "requests_app.templatetags.words",
                "requests_app.templatetags.uswds",
            ],
        },
    },
]

# PostgreSQL only: bin/dbenv resolves DATABASE_URL for every make target. The portal connects as
# a role that owns nothing (docs/security.md, "Database roles"); `manage.py migrate` connects to
# the same database as its owner, DATABASE_OWNER_URL (the same URL when not given), and grants
# the portal's role what it needs (requests_app/dbroles.py).
DATABASES = {
    "default": env.db_url("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/dcf_portal"),
}
DATABASE_OWNER = (
    env.db_url("DATABASE_OWNER_URL") if env.str("DATABASE_OWNER_URL", default="") else {}
)
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A page's select_related query joins eight or nine tables outward from one row; searching every
# join order costs PostgreSQL 4-5 ms of planning for 0.3 ms of execution. Up to this many tables
# are reordered freely, the rest joined as written (docs/performance.md).
_options = DATABASES["default"].setdefault("OPTIONS", {})
_options["options"] = (
    _options.get("options", "")
    + f" -c join_collapse_limit={env.int('PG_JOIN_COLLAPSE_LIMIT', default=6)}"
).strip()
# Server-side binding with prepared statements (dcfconf/pgcursor.py).
_options["server_side_binding"] = True
_options["cursor_factory"] = pgcursor.Cursor
_options["prepare_threshold"] = env.int("PG_PREPARE_THRESHOLD", default=2)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "requests_app.web.auth.PortalBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# guardian: no anonymous user object; every view requires sign-in.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

# Sign-in lockout (django-axes): five failures lock the account for half an hour.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
# Five failures lock a username from one address only: a stranger cannot lock the real user
# out everywhere. An address with many failures across usernames is slowed down instead
# (SIGNIN_ADDRESS_LIMIT, requests_app/forms/account.py).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "requests_app.web.addresses.client_address"
SIGNIN_ADDRESS_LIMIT = env.int("SIGNIN_ADDRESS_LIMIT", default=20)
# A PDF still laying out after this many seconds is abandoned with a clear page (below
# gunicorn's worker timeout, so a worker is never killed for it).
PDF_RENDER_SECONDS = env.float("PDF_RENDER_SECONDS", default=20.0)
# Documents attached to requests and redacted (requests_app/redaction): the largest input accepted
# (bytes, pages, pixels of one image page), and the resolution every page is rasterized at when
# the released copy is rebuilt.
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_BYTES", default=50 * 1024 * 1024)
DOCUMENT_MAX_PAGES = env.int("DOCUMENT_MAX_PAGES", default=500)
DOCUMENT_MAX_PIXELS = env.int("DOCUMENT_MAX_PIXELS", default=50_000_000)
REDACTION_DPI = env.int("REDACTION_DPI", default=200)
# The redaction editor's page images: a screen's resolution (rendered in the background).
DOCUMENT_PAGE_DPI = env.int("DOCUMENT_PAGE_DPI", default=96)
# Proxies in front of the portal that append the client's address to X-Forwarded-For.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "requests_app.views.account.locked_out"
AXES_VERBOSE = False
# A failed attempt keeps the form it posted, with these masked (axes masks the password itself):
# the codes of the two-factor setup page are secrets too (requests_app/forms/twofactor.py).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code", "current_code", "enrolment_code"]

# The audit trail's head (last event and last seal, with their hashes) is signed with this key,
# which is never in the database, and appended to the file (one JSON line per checkpoint) and,
# when an address is given ("/dev/log", or "host:514" over UDP), sent to syslog:
# `manage.py audit_checkpoint`, hourly. `verify_audit` checks the database against the file.
AUDIT_CHECKPOINT_KEY = env.str("AUDIT_CHECKPOINT_KEY", default="") or _development_key(
    "audit_checkpoint_key"
)
AUDIT_CHECKPOINT_FILE = env.path(
    "AUDIT_CHECKPOINT_FILE", default=str(VAR_DIR / "audit-checkpoints.jsonl")
)
AUDIT_CHECKPOINT_SYSLOG = env.str("AUDIT_CHECKPOINT_SYSLOG", default="")

# Two-factor sign-in (django-otp, TOTP): required for everyone when on; on in production.
OTP_REQUIRED = env.bool("OTP_REQUIRED", default=False)
OTP_TOTP_ISSUER = "CT DCF Disclosure Portal"
# A first authenticator is enrolled with the password and an enrolment code an administrator
# issued (manage.py issue_enrolment_code, or the admin), valid this many hours and once. Off here
# so the demo and development enrol with the password alone; on in production.
ENROLMENT_CODE_REQUIRED = env.bool("ENROLMENT_CODE_REQUIRED", default=False)
ENROLMENT_CODE_HOURS = env.int("ENROLMENT_CODE_HOURS", default=72)

# Content Security Policy: no inline scripts or styles anywhere, nothing from other origins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Sessions end after 15 idle minutes; pages warn two minutes before (static/js/session.js).
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=15 * 60)
SESSION_WARNING_SECONDS = 120
SESSION_SAVE_EVERY_REQUEST = False  # requests_app.web.sessions saves it once a minute at most
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "America/New_York"
# The portal is in English only: without the translation machinery, every date, form label
# and URL on a page skips a per-thread language lookup.
USE_I18N = False
USE_TZ = True
# Moments that Django writes itself (the admin's lists) as the portal writes them.
FORMAT_MODULE_PATH = ["dcfconf.formats"]

STATIC_URL = "/static/"
WHITENOISE_USE_FINDERS = True
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=str(VAR_DIR / "staticfiles"))
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
# Files are never served from MEDIA_URL: scans and PDFs go through permission-checked views.
MEDIA_URL = "/files-are-served-by-views/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_STORAGE",
            default="django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

EMAIL_CONFIG = env.email_url(
    "EMAIL_URL", default="consolemail://" if DEBUG else "smtp://127.0.0.1:25"
)
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="dcf-disclosures@ct.gov")
LEGAL_AFFAIRS_EMAIL = env.str("LEGAL_AFFAIRS_EMAIL", default="dcf.legal.affairs@ct.gov")

# The categories of information 31-8-5's direct-disclosure list never covers on its own: each
# carries a statute of its own (NOTES.md), so a request naming one always goes to Legal Affairs.
DISCLOSURE_SENSITIVE_CATEGORIES = env.list(
    "DISCLOSURE_SENSITIVE_CATEGORIES",
    default=["hiv_related", "substance_use", "reporter_identity"],
)

# A release of information is consent "within a limited time period" (§17a-28): it expires at
# most this many days after it is signed. The forms refuse a longer one, and a stored release
# running longer is never valid (requests_app.policy.release_dates_hold).
RELEASE_MAX_DAYS = env.int("RELEASE_MAX_DAYS", default=365)

# Background work (email, reminders) through the Tasks API; the database backend keeps queued
# work in PostgreSQL, in the same transaction as the change that queued it.
TASKS = {
    "default": {"BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}
}

# Legal Affairs reviews: due this many business days after escalation (Connecticut state
# holidays and weekends skipped), sooner when a court hearing comes first.
REVIEW_DUE_BUSINESS_DAYS = env.int("REVIEW_DUE_BUSINESS_DAYS", default=5)
INCIDENT_ACK_HOURS = env.int("INCIDENT_ACK_HOURS", default=4)  # loss/breach reports
REVIEW_DUE_SOON_BUSINESS_DAYS = env.int("REVIEW_DUE_SOON_BUSINESS_DAYS", default=1)
# Extra days the agency is closed (YYYY-MM-DD, comma-separated), beside the statutory holidays.
AGENCY_CLOSURES = env.list("AGENCY_CLOSURES", default=[])

# Model history (django-pghistory): every domain model's inserts and updates, with the user and
# the URL, in <Model>Event tables reached through `.history`.
PGHISTORY_OBJ_FIELD = pghistory.ObjForeignKey(related_name="history")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "filters": {"database_outage": {"()": "requests_app.web.logging.DatabaseOutageFilter"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # A lost database is logged once, in one line, by the portal (never a traceback).
        "django.request": {"filters": ["database_outage"]},
        # Request lines can carry search terms; keep them out of logs unless debugging.
        "django.server": {"level": "WARNING"},
        # WeasyPrint logs every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # pikepdf announces its logging bridge at INFO; the redaction commands' standard error
        # carries only their problems, one a line.
        "pikepdf": {"level": "WARNING"},
    },
}
