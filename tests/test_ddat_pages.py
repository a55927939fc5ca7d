"""Pages of the DDaT framework's content: role level pages (summary, ladder, skills with their
wording), DDaT skill pages, the framework page, and the licence notice each must carry."""

from __future__ import annotations

import csv
import io
import re

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ddat.models import Release
from frameworks.models import Skill, SkillLevelDescriptor
from roleprofiles.exports import OGL_STATEMENT, OGL_URL
from roleprofiles.models import Requirement, Role

pytestmark = pytest.mark.django_db

DDAT_NAME = "Government Digital and Data Profession Capability Framework"


def visible_text(html: str) -> str:
    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ", strip=True).split())


def level(role: str, level: str) -> Role:
    return Role.objects.ddat_levels().get(external_role=role, external_level=level)


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def assert_attribution(html: str) -> None:
    release = Release.objects.latest()
    assert f"Source: {DDAT_NAME}, release of {release.release_date.day} {release.release_date:%B %Y}." in html
    assert OGL_STATEMENT in html
    assert f'<a href="{OGL_URL}">' in html


def test_a_role_levels_summary_shows_its_bullets_as_a_list_and_carries_the_licence_notice(client):
    role = level("Development operations (DevOps) engineer", "Senior DevOps engineer")
    html = page(client, role.get_absolute_url())
    bullets = [line[2:].strip() for line in role.summary.replace("\u2028", "\n").splitlines() if line.startswith("- ")]
    assert bullets, "the release's summary has '- ' bullets"
    summary = html[html.index('id="summary"') : html.index('id="ladder"')].replace("&#x27;", "'")
    for bullet in bullets:
        assert f"<li>{bullet}</li>" in summary
    assert "- " + bullets[0] not in summary
    assert_attribution(html)


def test_a_role_levels_ladder_is_in_career_order_with_tracks_and_links_on_its_own_track(client):
    role = level("Development operations (DevOps) engineer", "Senior DevOps engineer - management")
    html = page(client, role.get_absolute_url())
    ladder = html[html.index('id="ladder"') : html.index('id="ddat-skills"')]
    titles = re.findall(r"<li>(?:<a [^>]*>|<strong[^>]*>)([^<]+)", ladder)
    expected = list(Role.objects.published().filter(ladder=role.ladder, in_use=True).in_career_order())
    assert titles == [r.title if r.pk != role.pk else f"{r.title} (this level)" for r in expected]
    assert 'aria-current="page">Senior DevOps engineer - management (this level)' in ladder
    assert "management track" in ladder
    # below and above on the management track, not the technical one beside it
    assert "Level above on the management track: <a" in ladder
    above = level("Development operations (DevOps) engineer", "Lead DevOps engineer - management")
    assert f'on the management track: <a href="{above.get_absolute_url()}">' in ladder
    if role.ladder_order_inferred:
        assert "The order is inferred" in ladder


def test_every_skill_is_shown_at_its_level_in_the_roles_words_and_the_generic_words_only_where_they_differ(client):
    role = level("Data engineer", "Senior data engineer")
    requirements = list(Requirement.objects.filter(role=role).select_related("skill", "level"))
    changed = requirements[0]
    generic = SkillLevelDescriptor.objects.get(skill=changed.skill, level=changed.level).text
    Requirement.objects.filter(pk=changed.pk).update(descriptor="The role's own words for this skill.")
    html = page(client, role.get_absolute_url())
    skills = html[html.index('id="ddat-skills"') :]
    text = visible_text(skills)
    for requirement in requirements:
        assert requirement.skill.title in text
        assert requirement.level.label in text
    assert "The role's own words for this skill." in text
    assert skills.count("generic wording at this level") == 1  # only the one that differs
    first_generic_line = [line for line in generic.replace("\u2028", "\n").splitlines() if line.strip()][0]
    assert first_generic_line.strip().removeprefix("- ") in text


def test_an_empty_description_says_so_and_never_shows_missing(client):
    role = level("Data engineer", "Senior data engineer")
    requirement = Requirement.objects.filter(role=role).first()
    Requirement.objects.filter(pk=requirement.pk).update(descriptor="")
    html = page(client, role.get_absolute_url())
    assert "No description in the framework." in html
    assert "MISSING" not in html


def role_page_queries(client, role: Role) -> int:
    with CaptureQueriesContext(connection) as queries:
        page(client, role.get_absolute_url())
    return len(queries)


def test_a_role_level_pages_queries_stay_constant_as_its_ladder_and_skills_grow(client):
    role = level("Data engineer", "Senior data engineer")
    before = role_page_queries(client, role)
    top = Role.objects.filter(ladder=role.ladder).order_by("-ladder_position").first().ladder_position
    ddat_skills = Skill.objects.filter(framework=role.requirements.first().skill.framework)
    skills = list(ddat_skills.exclude(requirements__role=role)[:8])
    for n in range(1, 6):
        extra = Role.objects.create(
            kind=Role.Kind.DDAT_LEVEL,
            title=f"Extra data engineer {n}",
            slug=f"extra-data-engineer-{n}",
            status=Role.Status.PUBLISHED,
            family=role.family,
            ladder=role.ladder,
            ladder_position=top + n,
            external_role=role.external_role,
            external_level=f"Extra data engineer {n}",
        )
        assert extra.pk
    template = Requirement.objects.filter(role=role).order_by("-position").first()
    for n, skill in enumerate(skills, start=1):
        Requirement.objects.create(
            role=role,
            skill=skill,
            section=template.section,
            heading=template.heading,
            position=template.position + n,
            level=template.level,
            descriptor="More words.",
        )
    assert role_page_queries(client, role) == before
    assert before <= 10


DDAT_SLUG = "government-digital-and-data-profession-capability-framework"


def test_a_ddat_skill_page_shows_its_four_level_descriptors_and_the_role_levels_at_each(client):
    skill = Skill.objects.get(framework__slug=DDAT_SLUG, title="Problem management")
    html = page(client, skill.get_absolute_url())
    levels = html[html.index('id="levels"') :]
    labels = re.findall(r'<h3 id="level-\d">([^<]+)</h3>', levels)
    assert labels == ["Awareness", "Working", "Practitioner", "Expert"]
    text = visible_text(levels)
    for descriptor in SkillLevelDescriptor.objects.filter(skill=skill).select_related("level"):
        first = [line for line in descriptor.text.replace("\u2028", "\n").splitlines() if line.strip()][0]
        assert first.strip().removeprefix("- ") in text
    # each level lists exactly the published role levels that need the skill there
    for n, label in enumerate(labels, start=1):
        section = levels[levels.index(f'id="level-{n}"') :]
        section = section[: section.index("</section>")]
        expected = set(
            Requirement.objects.published()
            .filter(skill=skill, level__label=label, role__kind=Role.Kind.DDAT_LEVEL, role__in_use=True)
            .values_list("role__slug", flat=True)
        )
        shown = set(re.findall(r'href="/roles/([^/]+)/"', section))
        assert shown == expected, label
    assert_attribution(html)


def test_an_archived_skill_is_off_public_pages(client):
    skill = Skill.objects.get(framework__slug=DDAT_SLUG, title="Problem management")
    Skill.objects.filter(pk=skill.pk).update(status=Skill.Status.ARCHIVED)
    assert client.get(skill.get_absolute_url()).status_code == 404
    assert skill.get_absolute_url() not in page(client, f"/frameworks/{DDAT_SLUG}/")
    assert skill.get_absolute_url() not in page(client, "/skills/?letter=P")


def test_the_framework_page_lists_families_roles_and_levels_in_order_and_marks_roles_not_in_use(client):
    html = page(client, f"/frameworks/{DDAT_SLUG}/")
    ladders = html[html.index('id="roles-by-family"') :]
    text = visible_text(ladders)
    engineer = level("Data engineer", "Senior data engineer").ladder
    in_order = [r.title for r in Role.objects.published().filter(ladder=engineer).in_career_order()]
    positions = [text.index(title + " ") for title in in_order]
    assert positions == sorted(positions)
    not_in_use = Role.objects.filter(in_use=False)
    assert not_in_use.count() == 4
    for role in not_in_use:
        assert f"{role.title} (not in use by the framework)" in text
        assert role.get_absolute_url() not in ladders
    assert text.count("Not in use by the framework") == 4
    assert_attribution(html)


def framework_and_skill_queries(client) -> tuple[int, int]:
    skill = Skill.objects.get(framework__slug=DDAT_SLUG, title="Problem management")
    counts = []
    for url in (f"/frameworks/{DDAT_SLUG}/", skill.get_absolute_url()):
        with CaptureQueriesContext(connection) as queries:
            page(client, url)
        counts.append(len(queries))
    return tuple(counts)


def test_the_framework_and_skill_pages_queries_stay_constant_as_role_levels_grow(client):
    before = framework_and_skill_queries(client)
    role = level("Data engineer", "Senior data engineer")
    skill = Skill.objects.get(framework__slug=DDAT_SLUG, title="Problem management")
    template = Requirement.objects.filter(role=role).first()
    for n in range(1, 21):
        extra = Role.objects.create(
            kind=Role.Kind.DDAT_LEVEL,
            title=f"Extra data engineer {n}",
            slug=f"extra-data-engineer-{n}",
            status=Role.Status.PUBLISHED,
            family=role.family,
            ladder=role.ladder,
            ladder_position=50 + n,
            external_role=role.external_role,
            external_level=f"Extra data engineer {n}",
        )
        Requirement.objects.create(
            role=extra,
            skill=skill,
            section=template.section,
            heading=template.heading,
            position=1,
            level=template.level,
            descriptor="Words.",
        )
    assert framework_and_skill_queries(client) == before
    assert max(before) <= 12


def test_a_role_levels_json_and_csv_say_what_it_is_and_carry_the_licence_notice(client):
    role = level("Data engineer", "Senior data engineer")
    data = client.get(f"/roles/{role.slug}/export.json").json()
    release = Release.objects.latest()
    assert data["kind"] == "ddat_level" and data["kind_label"] == "DDaT role level"
    assert data["attributions"] == [
        {
            "framework": DDAT_NAME,
            "release_date": release.release_date.isoformat(),
            "source": f"Source: {DDAT_NAME}, release of {release.release_date.day} {release.release_date:%B %Y}.",
            "statement": OGL_STATEMENT,
            "licence_url": OGL_URL,
        }
    ]
    rows = list(csv.DictReader(io.StringIO(client.get(f"/roles/{role.slug}/export.csv").content.decode("utf-8-sig"))))
    assert len(rows) == role.requirements.count()
    for row in rows:
        assert row["Framework"] == DDAT_NAME
        assert OGL_STATEMENT in row["Source and licence"] and OGL_URL in row["Source and licence"]


def test_compare_with_a_ddat_level_shows_both_and_the_licence_notice(client):
    role = level("Data engineer", "Senior data engineer")
    html = page(client, f"/compare/?roles=data-ethics-lead&roles={role.slug}")
    text = visible_text(html)
    assert "Senior data engineer" in text and "Data ethics lead" in text
    skill = role.requirements.first().skill
    assert skill.title in text
    assert_attribution(html)


def test_the_catalogue_has_a_facet_for_what_each_role_is_and_tags_each_result(client):
    html = page(client, "/roles/")
    ddat_count = Role.objects.published().ddat_levels().count()
    nhs_count = Role.objects.published().nhs_profiles().count()
    assert ddat_count > 100 and nhs_count >= 2
    text = visible_text(html)
    assert f"NHS role profile ({nhs_count} role" in text
    assert f"DDaT role level ({ddat_count} role" in text
    only_ddat = page(client, "/roles/?kind=ddat_level")
    tags = re.findall(r'class="nhsuk-tag nhsuk-tag--(?:purple|blue)">([^<]+)<', only_ddat)
    assert tags and set(tags) == {"DDaT role level"}
    levels = re.findall(r'key">Level</dt>\s*<dd class="nhsuk-summary-list__value">([^<]+)</dd>', only_ddat)
    assert levels and all(re.fullmatch(r"Step \d+ of the .+ career ladder( \(management track\))?", v) for v in levels)
    nhs = page(client, "/roles/?kind=nhs_profile")
    assert set(re.findall(r'class="nhsuk-tag nhsuk-tag--(?:purple|blue)">([^<]+)<', nhs)) == {"NHS role profile"}
    assert client.get("/roles/?kind=nonsense").status_code == 400


def test_changes_lists_release_notes_by_release_and_role(client):
    from ddat.models import ReleaseChange

    release = Release.objects.latest()
    role = level("Data engineer", "Senior data engineer")
    last = release.changes.order_by("-position").first().position
    ReleaseChange.objects.create(
        release=release,
        position=last + 1,
        action=ReleaseChange.Action.CHANGED,
        subject=ReleaseChange.Subject.LEVEL,
        role=role,
        name=role.title,
        field="description",
        message="Senior data engineer: description changed",
    )
    html = page(client, "/changes/")
    notes = html[html.index('id="framework-releases"') :]
    text = visible_text(notes)
    assert f"{DDAT_NAME}: release of {release.release_date.day} {release.release_date:%B %Y}" in text
    engineer = notes[notes.index("<h4>Data engineer</h4>") :]
    engineer = engineer[: engineer.index("</ul>")]
    assert f'<a href="{role.get_absolute_url()}">Senior data engineer: description changed</a>' in engineer
    assert "Senior data engineer added" in engineer
    assert f"The {release.changes.count()} changes, by role" in text


def test_an_archived_skill_leaves_search(client, django_capture_on_commit_callbacks):
    skill = Skill.objects.get(framework__slug=DDAT_SLUG, title="Problem management")
    assert skill.get_absolute_url() in page(client, "/search/?q=problem+management&kind=skill")
    skill.status = Skill.Status.ARCHIVED
    with django_capture_on_commit_callbacks(execute=True):
        skill.save()  # as a release that drops it does
    assert skill.get_absolute_url() not in page(client, "/search/?q=problem+management&kind=skill")


def test_the_catalogue_and_search_carry_the_licence_notice_when_they_show_ddat_content(client):
    assert_attribution(page(client, "/roles/?kind=ddat_level"))
    nhs_only = page(client, "/roles/?kind=nhs_profile")
    assert OGL_STATEMENT not in nhs_only  # nothing of the framework's on the page
    assert_attribution(page(client, "/search/?q=data+engineer&kind=role"))  # DDaT role levels
    assert_attribution(page(client, "/search/?q=problem+management&kind=skill"))  # a DDaT skill
    assert OGL_STATEMENT not in page(client, "/search/?q=library&kind=body")


def test_the_catalogue_finds_ddat_role_levels_by_career_ladder(client):
    soup = BeautifulSoup(page(client, "/roles/?kind=ddat_level"), "html.parser")
    boxes = soup.select('input[name="ladder"]')
    counts = {
        box["value"]: int(re.search(r"\((\d+)", soup.find("label", attrs={"for": box["id"]}).get_text()).group(1))
        for box in boxes
    }
    published = Role.objects.published().ddat_levels()
    expected = {}
    for slug in published.values_list("ladder__slug", flat=True):
        expected[slug] = expected.get(slug, 0) + 1
    assert counts == expected  # every ladder in use, each with its number of published levels
    # Past the first ten (A to Z), the rest are folded away in a details element: no script needed.
    folded = soup.select('fieldset details input[name="ladder"]')
    assert len(boxes) - len(folded) == 10 and folded
    engineer = level("Data engineer", "Senior data engineer").ladder
    chosen = BeautifulSoup(page(client, f"/roles/?ladder={engineer.slug}"), "html.parser")
    titles = {h.get_text(strip=True) for h in chosen.select(".nhsuk-card__heading")}
    assert titles == set(published.filter(ladder=engineer).values_list("title", flat=True))
    assert chosen.select_one(f'input[name="ladder"][value="{engineer.slug}"]').has_attr("checked")
    assert client.get("/roles/?ladder=no-such-ladder").status_code == 400


def test_search_results_say_what_each_role_is(client):
    soup = BeautifulSoup(page(client, "/search/?q=data+ethics&kind=role"), "html.parser")
    said = {}  # each result's line under its title begins with what it is
    for item in soup.select(".app-search-results__item"):
        said[item.select_one("h2 a")["href"]] = item.select_one("h2 + p").get_text(strip=True).split(" · ")[0]
    nhs = Role.objects.get(slug="data-ethics-lead").get_absolute_url()
    ddat = level("Data ethicist", "Head of data ethics").get_absolute_url()
    assert said[nhs] == "NHS role profile" and said[ddat] == "DDaT role level"
