"""Benchmark settings (`make bench`, `make soak`): the production settings, relaxed only where a
benchmark over plain HTTP on 127.0.0.1 needs it. Never deploy with these.

What differs from dcfconf.production, and why:
- no HTTPS redirect, and cookies that are not `Secure` and not `__Host-` prefixed: the load
  generator speaks plain HTTP to 127.0.0.1 (a `__Host-` cookie must be `Secure`);
- two-factor sign-in off: benchmark sessions are created directly, there is nobody to type codes;
- ALLOWED_HOSTS 127.0.0.1, a development secret key when none is given, files kept apart from the
  development ones (.var/bench-*);
- ROOT_URLCONF dcfconf.bench_urls: the normal URLs plus the bench-only floor and fresh-PDF views.
Everything else (DEBUG off, manifest static files, persistent connections, session and CSRF
checks, the middleware stack) is production's.
"""

import os

from dcfconf import settings as _development

# dcfconf.production requires these from the environment; a loopback benchmark has defaults.
os.environ.setdefault("SECRET_KEY", _development.SECRET_KEY)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("PORTAL_URL", "http://127.0.0.1:8000")
os.environ.setdefault("AUDIT_CHECKPOINT_KEY", _development.AUDIT_CHECKPOINT_KEY)
os.environ.setdefault(
    "AUDIT_CHECKPOINT_FILE", str(_development.VAR_DIR / "bench-checkpoints.jsonl")
)

from dcfconf.production import *  # noqa: F403
from dcfconf.production import VAR_DIR, env

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
ROOT_URLCONF = "dcfconf.bench_urls"

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SESSION_COOKIE_NAME = "sessionid"
CSRF_COOKIE_NAME = "csrftoken"
OTP_REQUIRED = False

STATIC_ROOT = env.path("STATIC_ROOT", default=str(VAR_DIR / "bench-static"))
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "bench-media"))
