"""The service's own pages: plain templates, with the operator's details from the context
processor (service.context_processors)."""

from django.conf import settings
from django.views.generic import TemplateView


class AccessibilityStatement(TemplateView):
    template_name = "service/accessibility.html"


class PrivacyAndCookies(TemplateView):
    template_name = "service/privacy.html"

    def get_context_data(self, **kwargs):
        # The cookies as configured, so the page cannot drift from what the admin really sets.
        return super().get_context_data(
            session_cookie=settings.SESSION_COOKIE_NAME,
            session_hours=settings.SESSION_COOKIE_AGE // 3600,
            session_idle_minutes=getattr(settings, "SESSION_IDLE_SECONDS", 0) // 60,
            csrf_cookie=settings.CSRF_COOKIE_NAME,
            csrf_days=settings.CSRF_COOKIE_AGE // 86400,
            **kwargs,
        )


class Contact(TemplateView):
    template_name = "service/contact.html"
