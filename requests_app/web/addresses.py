"""The address a request comes from, for the audit trail and the sign-in lockout.

Behind the load balancer the README describes, REMOTE_ADDR is the balancer's: the client's address
is the one the trusted proxies appended to X-Forwarded-For. TRUSTED_PROXY_COUNT says how many
proxies stand in front of the portal (0: none, REMOTE_ADDR is the client). Entries a client
wrote into the header itself stand to the left of the proxies' and are never read.
"""

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or the address the nearest trusted proxies saw."""
    proxies = settings.TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR")
    if proxies <= 0:
        return remote
    chain = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    chain = [a for a in chain if a]
    return chain[-proxies] if len(chain) >= proxies else remote
