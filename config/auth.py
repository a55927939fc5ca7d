"""Authentication backend: django-axes' lock-out check for log-ins made through a web request."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings


class LockoutBackend(AxesStandaloneBackend):
    """Axes refuses ``authenticate()`` without a request; a request-less call is made only by
    code (the test client's ``login()``, a shell), never by a visitor guessing passwords, so
    it passes through to the next backend instead of raising."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request) -> str | None:
    """The visitor's address for lock-outs. Behind TRUSTED_PROXY_COUNT proxies (a load
    balancer), each appends the address it saw to X-Forwarded-For, so the visitor is that many
    entries from the end; anything further left was sent by the client and may be forged."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")
