"""Every public page type, from the URL configuration, with a real example of each.

The browser layout checks (tests/test_browser_layout.py) visit one example per page type;
tests/test_page_types.py fails when a public URL pattern has neither an example here nor a
place in NOT_PAGES, so a page added later is checked too.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver, reverse

DATA_ETHICS = "data-ethics-lead"
KNOWLEDGE = "head-of-knowledge-and-library-services"

# Route name -> the query strings and URL arguments of a real page from the seed data. Where a
# pattern serves two different pages (a picker and its form), both are listed. Each example is
# the page type's heaviest seed page: the longest profile, both roles compared, the KLIM matrix.
EXAMPLES: dict[str, list[tuple[dict, str]]] = {
    "home": [({}, "")],
    "roleprofiles:role-list": [({}, "")],
    "roleprofiles:role-detail": [({"slug": DATA_ETHICS}, "")],
    "roleprofiles:advert": [({"slug": DATA_ETHICS}, "")],
    "roleprofiles:compare": [({}, f"roles={DATA_ETHICS}&roles={KNOWLEDGE}"), ({}, "")],
    "roleprofiles:changes": [({}, "")],
    "browse:skill-list": [({}, "")],
    "browse:skill-detail": [({"slug": "mentoring"}, "")],
    "browse:framework-list": [({}, "")],
    "browse:framework-detail": [({"slug": "knowledge-library-and-information-management-framework"}, "")],
    "browse:body-list": [({}, "")],
    "browse:body-detail": [({"slug": "cilip"}, "")],
    "pathways:pathways": [({}, "")],
    "pathways:archetype-detail": [({"slug": "embedder"}, "")],
    "pathways:programme-detail": [({"slug": "scientist-training-programme-stp"}, "")],
    "pathways:progression": [({}, f"from={DATA_ETHICS}&to={KNOWLEDGE}")],
    "pathways:about": [({}, "")],
    "pathways:self-assessment": [({}, ""), ({}, f"role={DATA_ETHICS}")],
    "pathways:self-assessment-result": [({}, f"role={DATA_ETHICS}")],
    "search:search": [({}, "q=data")],
    "mapping:coverage": [({"slug": "government-digital-and-data-profession-capability-framework"}, "")],
    "mapping:download": [({}, "")],
    "service:accessibility": [({}, "")],
    "service:privacy": [({}, "")],
    "service:contact": [({}, "")],
}

# Public patterns that answer with data or a download, not a page people read.
NOT_PAGES = {
    "healthz",
    "roleprofiles:export-json",
    "roleprofiles:export-csv",
    "roleprofiles:job-description",  # a Word document
    "mapping:download-roles",
    "mapping:download-skills",
    "mapping:download-json",
}
# Whole URL namespaces outside the public pages (the admin has its own checks).
PRIVATE_NAMESPACES = {"admin"}


def public_route_names(resolver: URLResolver | None = None, namespace: str = "") -> list[str]:
    """Every named URL pattern outside the private namespaces, walked from the root URLconf."""
    resolver = resolver or get_resolver()
    names = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in PRIVATE_NAMESPACES:
                continue
            inner = ":".join(part for part in (namespace, pattern.namespace) if part)
            names.extend(public_route_names(pattern, inner))
        elif isinstance(pattern, URLPattern):
            name = pattern.name or f"<unnamed {pattern.pattern}>"
            names.append(f"{namespace}:{name}" if namespace else name)
    return names


def example_urls(name: str) -> list[str]:
    return [reverse(name, kwargs=kwargs) + (f"?{query}" if query else "") for kwargs, query in EXAMPLES[name]]


def page_examples() -> list[tuple[str, str]]:
    """(route name, URL) for every example of every public page type, in URLconf order."""
    return [(name, url) for name in public_route_names() if name in EXAMPLES for url in example_urls(name)]
