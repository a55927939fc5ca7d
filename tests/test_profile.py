"""The profile page: every section in order with a contents list, levels with screen-reader
text, grouped PDAs, links, review dates, related roles, JSON-LD, and its query count."""

from __future__ import annotations

import datetime
import json

import pytest
from bs4 import BeautifulSoup

from frameworks.models import Skill
from roleprofiles.models import SECTION_ORDER, Requirement, Role, Section
from tests.factories import add_requirement, make_many_roles, make_role

pytestmark = pytest.mark.django_db

DATA_ETHICS = "/roles/data-ethics-lead/"
LIBRARY = "/roles/head-of-knowledge-and-library-services/"


def soup_of(client, url=DATA_ETHICS):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def row_for(soup, skill_title, section_id):
    section = soup.find(id=section_id).find_parent("section")
    link = section.find("a", string=skill_title)
    return link.find_parent("li")


@pytest.mark.parametrize("url", [DATA_ETHICS, LIBRARY])
def test_sections_come_in_reading_order_and_the_contents_list_links_to_each(client, url):
    soup = soup_of(client, url)
    contents = [a["href"].lstrip("#") for a in soup.select(".nhsuk-contents-list__link")]
    assert contents[0] == "summary"
    sections = soup.select("section.app-profile-section")
    ids = [section.h2["id"] for section in sections]
    assert contents[1 : 1 + len(ids)] == ids
    for anchor in contents:
        assert soup.find(id=anchor) is not None, anchor
    slug = url.strip("/").split("/")[-1]
    kinds = list(
        Requirement.objects.filter(role__slug=slug).order_by("position").values_list("section", flat=True).distinct()
    )
    order = [SECTION_ORDER[k] for k in dict.fromkeys(kinds)]
    assert len(ids) >= len(set(order))
    headings = [section.h2.get_text(strip=True) for section in sections]
    expected = list(
        dict.fromkeys(
            Requirement.objects.filter(role__slug=slug).order_by("position").values_list("heading", flat=True)
        )
    )
    assert sorted(headings) == sorted(expected)


def test_each_section_ends_with_a_way_back_to_the_contents_list(client):
    soup = soup_of(client)
    contents = soup.select_one("nav.nhsuk-contents-list")
    sections = soup.select("section.app-profile-section")
    assert len(sections) >= 8
    for section in sections:
        back = section.select(".app-back-to-top a")
        assert len(back) == 1 and back[0].get_text(strip=True) == "Back to contents", section.h2.get_text()
        assert soup.select_one(back[0]["href"]).find_parent("nav") is contents
        assert section.find_all(recursive=False)[-1] is back[0].parent, "it comes last in the section"


def test_work_activity_comes_before_behaviours_and_pdas_last(client):
    ids = [s.h2["id"] for s in soup_of(client).select("section.app-profile-section")]
    assert ids.index("work-activity") < ids.index("behaviour") < ids.index("qualification") < ids.index("pda")
    assert ids[-1] == "pda"


def test_requirement_shows_code_level_indicator_with_screen_reader_text_and_descriptor(client):
    soup = soup_of(client)
    row = row_for(soup, "Governance", "work-activity")
    text = row.get_text(" ", strip=True)
    assert row.code.get_text() == "AIDE" and "Level 6" in text
    level = row.select_one(".app-level")  # its bar is drawn by CSS after the words: 6 steps filled
    assert "app-level--6" in level["class"] and level.get_text().startswith("Level 6")
    # The scale's length: given once by the list, as every level in it is on that scale.
    assert "app-level--of-7" in row.find_parent("ul")["class"]
    words = level.find("span")  # hidden from sight by CSS (.app-level > span), read by screen readers
    assert words.get_text() == " (level 6 of 7 on the responsibility levels scale)"
    assert "Defines governance processes to ensure compliance with ethical standards." in text
    legislation = row_for(soup, "Legislation", "data").get_text(" ", strip=True)
    assert "Level Five" in legislation and "General Data Protection Regulation (GDPR)" in legislation


def test_a_level_given_only_in_words_is_shown_beside_its_skill(client):
    """A section whose requirements state a level the service cannot place on a scale still
    shows the words (the old table had no column for them and dropped them)."""
    role = make_role("Worded levels")
    requirement = add_requirement(role, Skill.objects.filter(requirements__isnull=False).first())
    Requirement.objects.filter(pk=requirement.pk).update(level_label="Expert, as the source words it")
    items = soup_of(client, role.get_absolute_url()).select_one("ul.app-requirements")
    label = items.select_one("li .app-level-label")
    assert label.get_text() == "Expert, as the source words it"
    # No level column in this section: the words stay in the skill's column (static/css/app.css).
    assert "app-requirements--levelled" not in items["class"]


def test_a_profile_without_a_summary_says_so_under_its_heading(client):
    role = make_role("No summary yet", summary="")
    summary = soup_of(client, role.get_absolute_url()).find(id="summary")
    assert summary.find_next_sibling().get_text(strip=True) == "This profile has no summary yet."


# The page's bytes against its visible text (tags, scripts and styles removed, whitespace
# collapsed): 5.3 before the level bar became one element, 3.9 with the requirements in
# NHS.UK responsive tables, 2.0 as lists (issue 17's target).
MAX_MARKUP_RATIO = 2.0


def test_the_profile_markup_is_proportionate_to_its_text(client):
    response = client.get(DATA_ETHICS)
    soup = BeautifulSoup(response.content, "html.parser")
    for tag in soup(["script", "style"]):
        tag.decompose()
    text = " ".join(soup.get_text(" ").split())
    ratio = len(response.content) / len(text.encode())
    assert ratio <= MAX_MARKUP_RATIO, f"{len(response.content):,} bytes for {len(text.encode()):,} of text: {ratio:.2f}"


def test_depth_is_shown_on_its_scale(client):
    row = row_for(soup_of(client), "Threat Landscape", "other")
    assert "Proficient in" in row.get_text(" ", strip=True)
    assert "(level 2 of 3 on the depth of knowledge scale)" in row.get_text(" ", strip=True)


def test_qualifications_name_and_link_their_awarding_body(client):
    soup = soup_of(client, LIBRARY)
    section = soup.find(id="qualification").find_parent("section")
    link = section.find("a", string=lambda s: s and "Chartered Institute of Library and Information Professionals" in s)
    assert link["href"] == "/bodies/cilip/"
    assert "Awarding body" in section.get_text()


def test_pdas_are_grouped_by_their_pda_group(client):
    soup = soup_of(client, LIBRARY)
    section = soup.find(id="pda").find_parent("section")
    groups = [h3.get_text(strip=True) for h3 in section.find_all("h3")]
    expected = list(
        dict.fromkeys(
            Requirement.objects.filter(role__slug="head-of-knowledge-and-library-services", section=Section.PDA)
            .order_by("position")
            .values_list("skill__group", flat=True)
        )
    )
    assert groups == expected and len(groups) == 4
    for h3 in section.find_all("h3"):
        items = h3.find_next("ul", class_="app-requirements")
        titles = {a.get_text() for a in items.select("li > a:first-child")}
        in_group = set(
            Skill.objects.filter(
                requirements__role__slug="head-of-knowledge-and-library-services",
                requirements__section=Section.PDA,
                group=h3.get_text(strip=True),
            ).values_list("title", flat=True)
        )
        assert titles == in_group


def test_professional_body_and_frameworks_are_linked(client):
    soup = soup_of(client, LIBRARY)
    summary = soup.select_one(".nhsuk-summary-list").get_text(" ", strip=True)
    assert "Chartered Institute of Library and Information Professionals (CILIP)" in summary
    hrefs = {a["href"] for a in soup.select(".nhsuk-summary-list a")}
    assert "/bodies/cilip/" in hrefs
    assert "/frameworks/knowledge-library-and-information-management-framework/" in hrefs
    assert "/roles/?family=knowledge-and-library-services" in hrefs


def test_review_dates_are_shown(client):
    Role.objects.filter(slug="data-ethics-lead").update(
        last_reviewed=datetime.date(2025, 3, 4), next_review_due=datetime.date(2026, 3, 4)
    )
    summary = soup_of(client).select_one(".nhsuk-summary-list").get_text(" ", strip=True)
    assert "Last reviewed 4 March 2025" in summary and "Next review due 4 March 2026" in summary


def test_unreviewed_profile_says_so(client):
    summary = soup_of(client).select_one(".nhsuk-summary-list").get_text(" ", strip=True)
    assert "Not yet reviewed" in summary and "Not scheduled" in summary


def test_related_roles_are_ranked_by_shared_skills_with_the_count(client):
    shared = (
        Skill.objects.filter(requirements__role__slug="data-ethics-lead")
        .filter(requirements__role__slug="head-of-knowledge-and-library-services")
        .distinct()
        .count()
    )
    assert shared > 0
    soup = soup_of(client)
    items = soup.find(id="related-roles").find_parent("section").select("li")
    assert items[0].a.get_text() == "Head of knowledge and library services"
    assert f"{shared} shared skills" in items[0].get_text()
    # A role sharing more skills ranks above one sharing fewer.
    closer = make_role("Closer role")
    for requirement in Requirement.objects.filter(role__slug="data-ethics-lead")[: shared + 3]:
        add_requirement(closer, requirement.skill, section=requirement.section)
    items = soup_of(client).find(id="related-roles").find_parent("section").select("li")
    assert [li.a.get_text() for li in items[:2]] == ["Closer role", "Head of knowledge and library services"]
    assert f"{shared + 3} shared skills" in items[0].get_text()


def test_json_ld_describes_the_occupation(client):
    script = soup_of(client).find("script", type="application/ld+json")
    data = json.loads(script.string)
    assert data["@context"] == "https://schema.org" and data["@type"] == "Occupation"
    assert data["name"] == "Data ethics lead"
    assert data["occupationalCategory"] == "Data"
    assert data["url"] == "http://testserver/roles/data-ethics-lead/"
    assert "Legislation" in data["skills"] and len(data["skills"]) == len(set(data["skills"]))
    # Development activities and training courses are ways to learn, not skills.
    assert "Mentoring" not in data["skills"] and "Project Assignments" not in data["skills"]
    assert data["responsibilities"] and data["qualifications"]


def test_json_ld_cannot_be_broken_out_of(client):
    nasty = 'Ends here </script><script>alert("x")</script> & <!-- more'
    Role.objects.filter(slug="data-ethics-lead").update(summary=nasty)
    page = client.get(DATA_ETHICS).content.decode()
    assert '</script><script>alert("x")' not in page
    script = BeautifulSoup(page, "html.parser").find("script", type="application/ld+json")
    assert json.loads(script.string)["description"] == nasty


def test_the_other_features_includes_stay_on_the_page(client):
    template = open("templates/roleprofiles/includes/profile_body.html", encoding="utf-8").read()
    assert template.index("profile_actions.html") < template.index('id="summary"')
    assert template.index("profile_progression.html") > template.index("related-roles")


def test_a_printed_profile_hides_navigation_chrome():
    css = open("static/css/app.css", encoding="utf-8").read()
    print_rules = css[css.index("@media print") :]
    for selector in (".nhsuk-header", ".nhsuk-footer", ".nhsuk-breadcrumb", ".nhsuk-contents-list", ".app-no-print"):
        assert selector in print_rules


@pytest.mark.parametrize("slug", ["no-such-role", "data-ethics-lead-2", "%3Cscript%3E"])
def test_unknown_profiles_are_404(client, slug):
    assert client.get(f"/roles/{slug}/").status_code == 404


# the role's heading (title and summary: all a page needs when its body is cached), then for the
# body the role, its requirements, its additional frameworks, related roles, DDaT mappings and suggestions
PROFILE_QUERIES = 7


@pytest.mark.parametrize("extra_roles", [0, 50])
def test_profile_query_count_does_not_grow_with_data(client, django_assert_num_queries, extra_roles):
    if extra_roles:
        make_many_roles(extra_roles)
    with django_assert_num_queries(PROFILE_QUERIES):
        soup_of(client)
    # + the DDaT release date: this profile cites a DDaT skill, so it carries the framework's notice
    with django_assert_num_queries(PROFILE_QUERIES + 1):
        soup_of(client, LIBRARY)
