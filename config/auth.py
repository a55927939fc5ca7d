"""Authentication backend: django-axes' lock-out check for log-ins made through a web request."""

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """Axes refuses ``authenticate()`` without a request; a request-less call is made only by
    code (the test client's ``login()``, a shell), never by a visitor guessing passwords, so
    it passes through to the next backend instead of raising."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
