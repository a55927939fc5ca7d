"""Drafts and archived roles never reach the public: not in any list, search, comparison,
export or change note, and 404 on their own pages. Checked against every public URL;
a new URL must be added to ROLE_URLS or LIST_URLS (or to NO_ROLE_CONTENT, saying why)."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from frameworks.models import Framework, ProfessionalBody
from roleprofiles.models import JobFamily, Role
from tests.factories import add_requirement, make_level, make_role, make_skill

pytestmark = pytest.mark.django_db

PUBLISHED = "data-ethics-lead"
HIDDEN_TITLE = "Zanzibar"  # in every hidden role's title, summary and skill: easy to spot on a page

# Pages about one role: each must 404 (or refuse with 400) for a hidden role.
ROLE_URLS = {
    "roleprofiles:role-detail": "/roles/{slug}/",
    "roleprofiles:advert": "/roles/{slug}/advert/",
    "roleprofiles:advert (docx)": "/roles/{slug}/advert/?format=docx",
    "roleprofiles:advert (txt)": "/roles/{slug}/advert/?format=txt",
    "roleprofiles:job-description": "/roles/{slug}/job-description.docx",
    "roleprofiles:export-json": "/roles/{slug}/export.json",
    "roleprofiles:export-csv": "/roles/{slug}/export.csv",
    "roleprofiles:compare": "/compare/?roles={slug}&roles=" + PUBLISHED,
    "roleprofiles:compare (csv)": "/compare/?roles={slug}&roles=" + PUBLISHED + "&format=csv",
    "pathways:progression": "/pathways/progression/?from=" + PUBLISHED + "&to={slug}",
    "pathways:progression (from)": "/pathways/progression/?from={slug}",
    "pathways:self-assessment": "/self-assessment/?role={slug}",
    "pathways:self-assessment-result": "/self-assessment/result/?role={slug}",
}
# Pages that list or mention roles: a hidden role must not appear on them.
LIST_URLS = {
    "home": "/",
    "roleprofiles:role-list": "/roles/",
    "roleprofiles:role-list (q)": "/roles/?q=" + HIDDEN_TITLE,
    "roleprofiles:role-list (family)": "/roles/?family=data",
    "roleprofiles:changes": "/changes/",
    "browse:skill-list": "/skills/",
    "browse:skill-detail": "/skills/big-data/",
    "browse:framework-list": "/frameworks/",
    "browse:framework-detail": "/frameworks/{framework}/",
    "browse:body-list": "/bodies/",
    "browse:body-detail": "/bodies/apha/",
    "mapping:coverage": "/frameworks/government-digital-and-data-profession-capability-framework/mapping/",
    "mapping:download": "/download/",
    "mapping:download-roles": "/download/roles.csv",
    "mapping:download-skills": "/download/skills.csv",
    "mapping:download-json": "/download/catalogue.json",
    "search:search": "/search/?q=" + HIDDEN_TITLE,
    "search:search (role words)": "/search/?q=ethics",
    "pathways:pathways": "/pathways/",
    "pathways:self-assessment (choose)": "/self-assessment/",
    "roleprofiles:role-detail (published)": "/roles/" + PUBLISHED + "/",  # its "related roles"
    "roleprofiles:compare (published)": f"/compare/?roles={PUBLISHED}&roles=head-of-knowledge-and-library-services",
}
NO_ROLE_CONTENT = {
    "healthz": "JSON health check",
    "pathways:about": "the project's own words (source 001)",
    "pathways:archetype-detail": "report content; named roles there are the report's, not profiles",
    "pathways:programme-detail": "training programmes from the report",
    "service:accessibility": "the service's accessibility statement",
    "service:contact": "the operator's contact details, from settings",
    "service:privacy": "the service's privacy and cookies page",
}


def public_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if str(pattern.pattern).startswith("admin/"):
                    continue
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns)
    return names


def test_every_public_url_is_checked():
    checked = {key.split(" ")[0] for key in [*ROLE_URLS, *LIST_URLS, *NO_ROLE_CONTENT]}
    missing = public_url_names() - checked
    assert not missing, f"add these URLs to the status filter checks: {sorted(missing)}"


@pytest.fixture
def hidden_roles(django_capture_on_commit_callbacks):
    """A draft and an archived role, linked to everything a published role links to."""
    published = Role.objects.get(slug=PUBLISHED)
    framework = published.additional_frameworks.first()
    big_data = published.requirements.get(skill__slug="big-data").skill
    roles = []
    with django_capture_on_commit_callbacks(execute=True):
        for status in (Role.Status.DRAFT, Role.Status.ARCHIVED):
            role = make_role(
                f"{HIDDEN_TITLE} {status} role",
                status=status,
                summary=f"{HIDDEN_TITLE} summary about data ethics.",
                family=JobFamily.objects.get(slug="data"),
                professional_body=ProfessionalBody.objects.get(slug="apha"),
                level=published.level,
            )
            role.additional_frameworks.add(framework)
            add_requirement(role, big_data, descriptor=f"{HIDDEN_TITLE} big data descriptor")
            add_requirement(role, make_skill(f"{HIDDEN_TITLE} {status} skill"), level=make_level(2))
            roles.append(role)
    return roles


@pytest.mark.parametrize("name", sorted(ROLE_URLS))
@pytest.mark.parametrize("status", [Role.Status.DRAFT, Role.Status.ARCHIVED])
def test_a_hidden_roles_own_pages_are_not_found(client, hidden_roles, name, status):
    role = next(r for r in hidden_roles if r.status == status)
    response = client.get(ROLE_URLS[name].format(slug=role.slug))
    assert response.status_code in {400, 404}, response.status_code
    assert HIDDEN_TITLE not in response.content.decode(errors="replace")


@pytest.mark.parametrize("name", sorted(LIST_URLS))
def test_hidden_roles_are_in_no_list(client, hidden_roles, name):
    framework = Role.objects.get(slug=PUBLISHED).additional_frameworks.first()
    url = LIST_URLS[name].format(framework=framework.slug)
    response = client.get(url)
    assert response.status_code == 200, url
    body = response.content.decode()
    for role in hidden_roles:
        assert role.slug not in body, url
        assert role.title not in body, url
    assert f"{HIDDEN_TITLE} big data descriptor" not in body


@pytest.mark.usefixtures("nhs_profiles_only")  # so the catalogue's first page has room for it
def test_the_same_pages_show_a_published_role(client, hidden_roles, django_capture_on_commit_callbacks):
    """The checks above would pass on an empty page: publishing the draft makes it appear."""
    draft = hidden_roles[0]
    draft.status = Role.Status.PUBLISHED
    with django_capture_on_commit_callbacks(execute=True):
        draft.save()
    assert draft.title in client.get("/search/?q=" + HIDDEN_TITLE).content.decode()
    assert client.get(f"/roles/{draft.slug}/").status_code == 200
    assert draft.title in client.get("/roles/").content.decode()
    assert draft.title in client.get("/bodies/apha/").content.decode()
    assert client.get(f"/roles/{draft.slug}/export.json").status_code == 200

    framework = Framework.objects.filter(roles_mapped__slug=PUBLISHED).first()
    assert draft.title in client.get(f"/frameworks/{framework.slug}/").content.decode()
