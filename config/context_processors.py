"""Template context shared by every page: the service name and the navigation."""

from functools import cache

from django.conf import settings
from django.urls import Resolver404, resolve

NAVIGATION = (
    ("/roles/", "Roles"),
    ("/compare/", "Compare"),
    ("/skills/", "Skills"),
    ("/frameworks/", "Frameworks"),
    ("/pathways/", "Career pathways"),
    ("/self-assessment/", "Self-assessment"),
)
FOOTER = (
    ("/about/", "About this service"),
    ("/changes/", "What's changed"),
    ("/accessibility/", "Accessibility statement"),
    ("/privacy/", "Privacy and cookies"),
    ("/contact/", "Contact us"),
)


@cache
def _live(links: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """Only the links whose pages exist, so the navigation never points at a 404."""
    live = []
    for href, text in links:
        try:
            resolve(href)
        except Resolver404:
            continue
        live.append((href, text))
    return tuple(live)


def service(request):
    path = request.path
    return {
        "service_name": settings.SERVICE_NAME,
        "navigation_items": [
            {"href": href, "text": text, "current": path.startswith(href)} for href, text in _live(NAVIGATION)
        ],
        "footer_items": [{"href": href, "text": text} for href, text in _live(FOOTER)],
    }
