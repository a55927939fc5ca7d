"""Template context shared by every page: the service name and the navigation."""

from functools import cache

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import NoReverseMatch, reverse

# By URL name, so a page that moves keeps its link; one whose app is not installed is left out.
NAVIGATION = (
    ("roleprofiles:role-list", "Roles"),
    ("roleprofiles:compare", "Compare"),
    ("browse:skill-list", "Skills"),
    ("browse:framework-list", "Frameworks"),
    ("pathways:pathways", "Career pathways"),
    ("pathways:self-assessment", "Self-assessment"),
)
FOOTER = (
    ("pathways:about", "About this service"),
    ("roleprofiles:changes", "What's changed"),
    ("service:accessibility", "Accessibility statement"),
    ("service:privacy", "Privacy and cookies"),
    ("service:contact", "Contact us"),
)


@cache
def _live(links: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """The links whose pages exist, by address, so the navigation never points at a 404."""
    live = []
    for name, text in links:
        try:
            live.append((reverse(name), text))
        except NoReverseMatch:
            continue
    return tuple(live)


def page_url(request) -> str:
    """The page's full address for the printed header; its path alone when the request's host is
    not one the service answers to (the 400 page for that host must not fail on it again)."""
    try:
        return request.build_absolute_uri()
    except DisallowedHost:
        return request.get_full_path()


def service(request):
    path = request.path
    return {
        "service_name": settings.SERVICE_NAME,
        "page_url": page_url(request),
        "navigation_items": [
            {"href": href, "text": text, "current": path.startswith(href)} for href, text in _live(NAVIGATION)
        ],
        "footer_items": [{"href": href, "text": text} for href, text in _live(FOOTER)],
    }
