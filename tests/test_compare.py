"""Compare: the pure engine (alignment, flags, gaps) and the /compare/ page."""

from __future__ import annotations

import csv
import io
import itertools

import pytest
from bs4 import BeautifulSoup

from frameworks.models import Level, Skill
from roleprofiles.compare import RequirementGap, build_comparison, gaps_to_target
from roleprofiles.models import Requirement, Role, Section
from roleprofiles.selectors import roles_with_requirements
from tests.html import cell_text

# Unsaved model instances with explicit keys: the engine makes no queries, so these
# tests need no database.
_ids = itertools.count(1000)
SCALE_A, SCALE_B = 1, 2


def level(rank: int, scale: int = SCALE_A) -> Level:
    return Level(pk=scale * 100 + rank, scale_id=scale, rank=rank, label=f"Level {rank}")


def skill(title: str) -> Skill:
    return Skill(pk=next(_ids), title=title, kind=Skill.Kind.DATA)


def req(role: Role, sk: Skill, *, section=Section.DATA, position=1, lvl=None, depth=None, descriptor="Does it."):
    return Requirement(
        pk=next(_ids), role=role, skill=sk, section=section, position=position, level=lvl, depth=depth,
        descriptor=descriptor,
    )  # fmt: skip


def role(title: str) -> Role:
    return Role(pk=next(_ids), title=title, slug=title.lower().replace(" ", "-"))


# The engine --------------------------------------------------------------------------------


def test_rows_align_by_skill_and_section_in_section_then_source_order():
    a, b = role("A"), role("B")
    shared, only_a, only_b, qual = skill("Shared"), skill("Only A"), skill("Only B"), skill("A qualification")
    reqs = {
        a.pk: [
            req(a, qual, section=Section.QUALIFICATION, position=1),
            req(a, only_a, position=3),
            req(a, shared, position=2),
        ],
        b.pk: [req(b, only_b, position=1), req(b, shared, position=2)],
    }
    comparison = build_comparison([a, b], reqs)

    assert [(r.skill.title, r.section) for r in comparison.rows] == [
        ("Shared", Section.DATA),  # data before qualifications; A's source order first
        ("Only A", Section.DATA),
        ("Only B", Section.DATA),  # rows only a later role has come after
        ("A qualification", Section.QUALIFICATION),
    ]
    shared_row, only_a_row, only_b_row, _ = comparison.rows
    assert shared_row.shared and shared_row.same
    assert only_a_row.cells[1] is None and not only_a_row.shared
    assert only_b_row.cells[0] is None
    assert [(s.total, s.shared, s.unique) for s in comparison.summaries] == [(3, 1, 2), (2, 1, 1)]
    assert comparison.overlap == 1
    assert [g.label for g in comparison.groups()] == ["Data skills", "Qualifications"]


def test_same_skill_in_two_sections_is_two_rows():
    a, b = role("A"), role("B")
    sk = skill("Evaluation")
    comparison = build_comparison(
        [a, b],
        {a.pk: [req(a, sk, section=Section.DATA), req(a, sk, section=Section.PROJECT, position=2)], b.pk: []},
    )
    assert [r.section for r in comparison.rows] == [Section.DATA, Section.PROJECT]


@pytest.mark.parametrize(
    ("levels", "highest"),
    [
        pytest.param([level(3), level(5)], [1], id="second-higher"),
        pytest.param([level(5), level(3)], [0], id="first-higher"),
        pytest.param([level(4), level(4)], [], id="same-level"),
        pytest.param([level(5), level(3, SCALE_B)], [], id="different-scales-never-ranked"),
        pytest.param([level(2), level(5), level(5)], [1, 2], id="tie-at-top"),
        pytest.param([level(2), None, level(4)], [2], id="ranked-among-roles-that-have-it"),
        pytest.param([level(2), "no-level"], [], id="one-without-level"),
    ],
)
def test_highest_is_ranked_only_within_one_scale(levels, highest):
    roles = [role(f"R{i}") for i in range(len(levels))]
    sk = skill("Data governance")
    reqs = {}
    for r, lvl in zip(roles, levels, strict=True):
        if lvl is None:
            reqs[r.pk] = []
        else:
            reqs[r.pk] = [req(r, sk, lvl=None if lvl == "no-level" else lvl)]
    (row,) = build_comparison(roles, reqs).rows
    assert row.highest == highest


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        pytest.param({"lvl": level(3)}, {"lvl": level(3)}, True, id="identical"),
        pytest.param({"descriptor": "Does  it.\n"}, {"descriptor": "Does it."}, True, id="whitespace-only"),
        pytest.param({"lvl": level(3)}, {"lvl": level(4)}, False, id="level"),
        pytest.param({"depth": level(1, 3)}, {"depth": level(2, 3)}, False, id="depth"),
        pytest.param({"descriptor": "Leads it."}, {"descriptor": "Does it."}, False, id="descriptor"),
    ],
)
def test_same_in_all_compares_level_depth_and_descriptor(first, second, same):
    a, b = role("A"), role("B")
    sk = skill("Mentoring")
    (row,) = build_comparison([a, b], {a.pk: [req(a, sk, **first)], b.pk: [req(b, sk, **second)]}).rows
    assert row.shared
    assert row.same is same
    assert [r.same for r in build_comparison([a, b], {a.pk: [req(a, sk, **first)], b.pk: []}).rows] == [False]


def test_summary_with_three_roles_counts_shared_with_any_other_and_overlap_with_all():
    a, b, c = role("A"), role("B"), role("C")
    all3, ab, c_only = skill("All"), skill("AB"), skill("C only")
    reqs = {
        a.pk: [req(a, all3), req(a, ab, position=2)],
        b.pk: [req(b, all3), req(b, ab, position=2)],
        c.pk: [req(c, all3), req(c, c_only, position=2)],
    }
    comparison = build_comparison([a, b, c], reqs)
    assert [(s.total, s.shared, s.unique) for s in comparison.summaries] == [(2, 2, 0), (2, 2, 0), (2, 1, 1)]
    assert comparison.overlap == 1
    assert [r.skill.title for r in comparison.differences()] == ["AB", "C only"]


@pytest.mark.parametrize(
    ("current", "target", "kind"),
    [
        pytest.param(None, {"lvl": level(4)}, RequirementGap.GAIN, id="lacks-it"),
        pytest.param({"lvl": level(3)}, {"lvl": level(5)}, RequirementGap.RAISE, id="lower-level"),
        pytest.param({"lvl": level(5)}, {"lvl": level(5)}, RequirementGap.MET, id="same-level"),
        pytest.param({"lvl": level(6)}, {"lvl": level(5)}, RequirementGap.MET, id="higher-level"),
        pytest.param({"lvl": level(2, SCALE_B)}, {"lvl": level(5)}, RequirementGap.MET, id="other-scale-not-ranked"),
        pytest.param({"depth": level(1, 3)}, {"depth": level(3, 3)}, RequirementGap.RAISE, id="lower-depth"),
        pytest.param({}, {}, RequirementGap.MET, id="no-levels"),
    ],
)
def test_gaps_to_target(current, target, kind):
    cur, tgt = role("Current"), role("Target")
    sk = skill("Data quality")
    current_reqs = [] if current is None else [req(cur, sk, **current)]
    target_req = req(tgt, sk, descriptor="Ensures data quality.", **target)
    (gap,) = gaps_to_target(current_reqs, [target_req])
    assert gap.kind == kind
    assert gap.target is target_req
    assert gap.descriptor == "Ensures data quality."
    assert gap.current is (current_reqs[0] if current_reqs else None)


def test_gaps_are_sorted_by_section_then_target_position_and_match_section_too():
    cur, tgt = role("Current"), role("Target")
    x, y, z = skill("X"), skill("Y"), skill("Z")
    target = [
        req(tgt, x, section=Section.PDA, position=1),
        req(tgt, y, section=Section.DATA, position=3),
        req(tgt, z, section=Section.DATA, position=2),
    ]
    current = [req(cur, x, section=Section.TRAINING)]  # same skill, other section: still a gain
    gaps = gaps_to_target(current, target)
    assert [(g.skill.title, g.kind) for g in gaps] == [("Z", "gain"), ("Y", "gain"), ("X", "gain")]


# The engine on the seed roles ---------------------------------------------------------------

DATA_ETHICS = "data-ethics-lead"
KNOWLEDGE = "head-of-knowledge-and-library-services"
SHARED_PDA = [
    "Negotiating and Influencing",
    "Research Assignments",
    "Mentoring",
    "Participation in Professional Body Affairs",
    "Project Assignments",
]


@pytest.mark.django_db
def test_seed_roles_share_their_pda_entries_and_nothing_else():
    roles = roles_with_requirements([DATA_ETHICS, KNOWLEDGE])
    comparison = build_comparison(roles, {role.pk: role.requirements.all() for role in roles})

    shared = [(row.section, row.skill.title) for row in comparison.rows if row.shared]
    assert sorted(shared) == sorted((Section.PDA, title) for title in SHARED_PDA)
    assert len(comparison.rows) == 132 + 92 - 5
    assert [(s.total, s.shared, s.unique) for s in comparison.summaries] == [(132, 5, 127), (92, 5, 87)]
    assert comparison.overlap == 5

    delivering = next(row for row in comparison.rows if row.skill.title == "Delivering outcomes")
    assert delivering.cells[0].level.rank == 5 and delivering.cells[1] is None


@pytest.mark.django_db
def test_gaps_from_one_seed_role_to_the_other():
    roles = roles_with_requirements([KNOWLEDGE, DATA_ETHICS])
    gaps = gaps_to_target(roles[0].requirements.all(), roles[1].requirements.all())
    assert len(gaps) == 132
    assert sorted(g.skill.title for g in gaps if g.kind == RequirementGap.MET) == sorted(SHARED_PDA)
    assert {g.kind for g in gaps} == {RequirementGap.MET, RequirementGap.GAIN}
    assert gaps[0].section == Section.WORK_ACTIVITY


# The compare page -----------------------------------------------------------------------------

BOTH = f"/compare/?roles={DATA_ETHICS}&roles={KNOWLEDGE}"


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def _row(page: BeautifulSoup, title: str, section: str | None = None):
    """The comparison row for this entry (in this section: a title can be in two sections)."""
    for tbody in page.select(".app-compare-table tbody"):
        if section and tbody.select_one(".app-compare-section").get_text(strip=True) != section:
            continue
        for th in tbody.select("th[scope=row]"):
            if th.a.get_text() == title:
                return th
    raise AssertionError(f"no row for {title!r} in {section or 'any section'}")


def row_cells(page: BeautifulSoup, title: str, section: str | None = None) -> list[str]:
    """The text of each role's cell in the comparison row for this entry."""
    return [cell_text(td) for td in _row(page, title, section).find_parent("tr")("td")]


def row_header(page: BeautifulSoup, title: str, section: str | None = None) -> str:
    return _row(page, title, section).get_text(" ", strip=True)


@pytest.mark.django_db
def test_compare_page_shows_headers_summary_and_aligned_rows(client):
    response = client.get(BOTH)
    assert response.status_code == 200
    page = soup(response)

    headers = [" ".join(th.get_text(" ", strip=True).split()) for th in page.select(".app-compare-table thead th")]
    assert headers == [
        "Entry",
        "Data ethics lead Data Level 6 AphA",
        "Head of knowledge and library services Knowledge and library services CILIP",
    ]
    assert "5 of 219 entries are in both roles" in page.get_text(" ", strip=True)
    summary = [[cell_text(c) for c in tr.find_all(["th", "td"])] for tr in page.select("table")[0].tbody("tr")]
    assert summary == [
        ["Data ethics lead", "132", "5", "127"],
        ["Head of knowledge and library services", "92", "5", "87"],
    ]

    for title in SHARED_PDA:
        assert "Same in all" in row_header(page, title)
        assert "Not required" not in " ".join(row_cells(page, title))
    delivering = row_cells(page, "Delivering outcomes", "Behaviours")
    assert delivering[0].startswith("B1.1 Level 5") and "diverse teams" in delivering[0]
    assert delivering[1] == "Not required"
    assert "In all roles" not in row_header(page, "Delivering outcomes")
    risk = row_cells(page, "Risk management", "Framework skills")
    assert risk[0] == "Not required" and risk[1].startswith("OR10 Practitioner")

    sections = [th.get_text(strip=True) for th in page.select(".app-compare-section")]
    assert sections[:3] == ["Work activity components", "Technical skills", "Other skills"]
    assert sections[-1] == "Professional development activities"


@pytest.mark.django_db
def test_only_differences_hides_rows_the_same_in_all_and_links_back(client):
    page = soup(client.get(BOTH + "&only=differences"))
    titles = [th.a.get_text() for th in page.select(".app-compare-table tbody th[scope=row]")]
    assert len(titles) == 214
    assert not set(titles) & set(SHARED_PDA)
    assert "Delivering outcomes" in titles
    show_all = page.find("a", string=lambda s: s and s.startswith("Show all 219 entries"))
    assert show_all["href"] == BOTH
    assert page.find("input", id="only").has_attr("checked")


@pytest.mark.django_db
def test_higher_level_is_named_in_text_only_when_levels_share_a_scale(client):
    from tests.factories import add_requirement, make_level, make_role, make_scale, make_skill

    low, high = make_role("Analyst"), make_role("Principal analyst")
    ranked, unranked = make_skill("Data quality"), make_skill("Data modelling")
    add_requirement(low, ranked, level=make_level(2))
    add_requirement(high, ranked, level=make_level(5))
    add_requirement(low, unranked, level=make_level(3))
    add_requirement(high, unranked, level=make_level(1, make_scale("Another scale", 4)))

    page = soup(client.get(f"/compare/?roles={low.slug}&roles={high.slug}"))
    quality = row_cells(page, "Data quality")
    assert "Higher level" not in quality[0] and "Higher level" in quality[1]
    assert "In all roles" in row_header(page, "Data quality")
    assert not any("Higher level" in cell for cell in row_cells(page, "Data modelling"))


@pytest.mark.django_db
@pytest.mark.usefixtures("nhs_profiles_only")  # about the two seed profiles
def test_compare_with_no_roles_shows_the_picker(client):
    response = client.get("/compare/")
    assert response.status_code == 200
    page = soup(response)
    boxes = page.select("input[name=roles][type=checkbox]")
    assert {box["value"] for box in boxes} == {DATA_ETHICS, KNOWLEDGE}
    assert page.find("form")["method"] == "get"
    assert not page.select(".nhsuk-error-summary")


@pytest.mark.django_db
def test_profile_page_links_to_compare_with_the_role_ticked(client):
    page = soup(client.get(f"/roles/{DATA_ETHICS}/"))
    link = page.select_one(".app-profile-actions a[href^='/compare/']")
    assert link.get_text(" ", strip=True).startswith("Compare with other roles")
    picker = soup(client.get(link["href"]))
    ticked = [box["value"] for box in picker.select("input[name=roles][checked]")]
    assert ticked == [DATA_ETHICS]


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        pytest.param(f"roles={DATA_ETHICS}", 400, "Choose at least two roles to compare.", id="one-role"),
        pytest.param(f"roles={DATA_ETHICS}&roles={DATA_ETHICS}", 400, "Choose at least two roles", id="one-repeated"),
        pytest.param(
            "roles=a&roles=b&roles=c&roles=d&roles=e",
            400,
            "You can compare at most 4 roles at a time: you chose 5.",
            id="five-roles",
        ),
        pytest.param(
            f"roles={DATA_ETHICS}&roles=no-such-role",
            404,
            "No published role has the address “no-such-role”.",
            id="unknown-slug",
        ),
        pytest.param(
            "roles=nope&roles=%3Cscript%3E",
            404,
            "No published roles have the addresses “nope”, “<script>”.",
            id="two-unknown-escaped",
        ),
        pytest.param(BOTH[10:] + "&format=pdf", 400, "The download format must be csv.", id="bad-format"),
        pytest.param(BOTH[10:] + "&only=everything", 400, "use only=differences", id="bad-only"),
    ],
)
@pytest.mark.django_db
def test_bad_input_gets_a_page_that_says_what_was_wrong_with_the_picker(client, query, status, message):
    response = client.get(f"/compare/?{query}")
    assert response.status_code == status
    page = soup(response)
    assert message in page.select_one(".nhsuk-error-summary").get_text()
    assert message in page.select_one(".nhsuk-error-message").get_text()
    assert page.select("input[name=roles][type=checkbox]"), "the picker is on the error page"
    assert b"<script>" not in response.content  # slugs from the address are escaped


@pytest.mark.django_db
def test_five_roles_are_refused_before_any_slug_is_looked_up(client, django_assert_num_queries):
    slugs = "&".join(f"roles=role-{n}" for n in range(5))
    with django_assert_num_queries(1):  # only the picker's list of roles
        response = client.get(f"/compare/?{slugs}")
    assert response.status_code == 400


@pytest.mark.django_db
def test_draft_roles_cannot_be_compared(client):
    from tests.factories import make_role

    draft = make_role("Unpublished role", status=Role.Status.DRAFT)
    response = client.get(f"/compare/?roles={DATA_ETHICS}&roles={draft.slug}")
    assert response.status_code == 404
    assert draft.slug in response.content.decode()


@pytest.mark.django_db
def test_a_repeated_slug_is_shown_once(client):
    response = client.get(BOTH + f"&roles={DATA_ETHICS}")
    assert response.status_code == 200
    assert len(soup(response).select(".app-compare-table thead th")) == 3


@pytest.mark.django_db
def test_roles_can_be_removed_when_more_than_two_and_added_with_the_picker(client):
    from tests.factories import make_many_roles

    third = make_many_roles(1)[0]
    page = soup(client.get(BOTH + f"&roles={third.slug}&only=differences"))
    removes = [a["href"] for a in page.select(".app-compare-remove")]
    assert removes[2] == BOTH + "&only=differences"
    assert len(removes) == 3
    ticked = {box["value"] for box in page.select("#change-roles input[name=roles][checked]")}
    assert ticked == {DATA_ETHICS, KNOWLEDGE, third.slug}
    assert "entries are in all 3 roles; 0 of them are the same in all." in page.get_text(" ", strip=True)

    two = soup(client.get(BOTH))
    assert not two.select(".app-compare-remove"), "removing one of two would leave nothing to compare"


@pytest.mark.django_db
def test_compare_page_prints_landscape(client):
    page = soup(client.get(BOTH))
    sheet = page.find("link", href=lambda h: h and "compare-print.css" in h)
    assert sheet["media"] == "print"
    from django.contrib.staticfiles import finders

    assert "size: landscape" in open(finders.find("css/compare-print.css"), encoding="utf-8").read()


# The CSV download -----------------------------------------------------------------------------


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.django_db
def test_compare_csv_has_one_row_per_aligned_entry(client):
    response = client.get(BOTH + "&format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f'filename="compare-{DATA_ETHICS}-vs-{KNOWLEDGE}.csv"' in response["Content-Disposition"]
    header, *rows = read_csv(response)
    assert header[:6] == ["Section", "Skill", "Code", "In all roles", "Same in all roles", "Highest level"]
    assert header[6:] == [
        "Data ethics lead: level or depth",
        "Data ethics lead: descriptor",
        "Head of knowledge and library services: level or depth",
        "Head of knowledge and library services: descriptor",
    ]
    assert len(rows) == 219
    by_skill = {(row[0], row[1]): row for row in rows}
    mentoring = by_skill[("Professional development activities", "Mentoring")]
    assert mentoring[3:5] == ["yes", "yes"]
    delivering = by_skill[("Behaviours", "Delivering outcomes")]
    assert delivering[2] == "B1.1" and delivering[6] == "Level 5" and delivering[8] == "not required"
    requirement = Requirement.objects.get(role__slug=DATA_ETHICS, skill__title="Delivering outcomes")
    assert delivering[7] == requirement.descriptor


@pytest.mark.django_db
def test_compare_csv_neutralises_formulas(client):
    from tests.factories import add_requirement, make_role, make_skill

    a, b = make_role("=cmd|' /C calc'!A0"), make_role("Plain")
    sk = make_skill("@SUM(1+1)")
    add_requirement(a, sk, descriptor='=HYPERLINK("http://evil")')
    add_requirement(b, sk, descriptor="-2+3")
    header, *rows = read_csv(client.get(f"/compare/?roles={a.slug}&roles={b.slug}&format=csv"))
    assert header[6] == "'=cmd|' /C calc'!A0: level or depth"
    (row,) = rows
    assert row[1] == "'@SUM(1+1)"
    assert row[7] == '\'=HYPERLINK("http://evil")'
    assert row[9] == "'-2+3"


# Query budget -----------------------------------------------------------------------------------

COMPARE_QUERIES = 3  # the roles, their requirements (join-loaded), the picker's list of roles
# The page (not the CSV) also reads the DDaT release date: one compared role cites a DDaT skill,
# so the page carries the framework's licence notice.
COMPARE_PAGE_QUERIES = COMPARE_QUERIES + 1


@pytest.mark.django_db
def test_compare_four_roles_query_count_is_the_same_with_50_more_roles(client, django_assert_num_queries):
    from tests.factories import make_many_roles

    extra = make_many_roles(2)
    url = BOTH + "".join(f"&roles={role.slug}" for role in extra)
    with django_assert_num_queries(COMPARE_PAGE_QUERIES):
        response = client.get(url)
    assert len(soup(response).select(".app-compare-table thead th")) == 5

    make_many_roles(50)
    with django_assert_num_queries(COMPARE_PAGE_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert len(soup(response).select("input[name=roles][type=checkbox]")) == 54

    with django_assert_num_queries(COMPARE_QUERIES - 1):  # the CSV needs no picker
        assert client.get(url + "&format=csv").status_code == 200


# --- The picker at scale: a search, not thousands of checkboxes ---------------------------


@pytest.mark.django_db
def test_with_many_roles_the_picker_lists_a_page_of_them_and_asks_for_a_search(client, django_assert_num_queries):
    from roleprofiles.selectors import PICKER_LIMIT
    from tests.factories import make_many_roles

    make_many_roles(PICKER_LIMIT + 5, requirements_per_role=1)
    with django_assert_num_queries(1):  # the picker's roles, as with two roles
        page = soup(client.get("/compare/"))
    boxes = page.select("input[name=roles][type=checkbox]")
    assert len(boxes) == PICKER_LIMIT
    titles = [page.find("label", attrs={"for": box["id"]}).get_text(strip=True) for box in boxes]
    first_by_title = Role.objects.published().order_by("title", "slug").values_list("title", flat=True)
    assert titles == list(first_by_title[:PICKER_LIMIT])
    assert "find them by title or job family" in page.select_one("#picker-more").get_text()


@pytest.mark.django_db
def test_find_narrows_the_picker_and_keeps_ticked_roles_ticked(client):
    from tests.factories import make_many_roles

    make_many_roles(60, requirements_per_role=1)
    response = client.get(f"/compare/?roles={DATA_ETHICS}&find=Library&step=find")
    assert response.status_code == 200  # one role ticked is fine while still choosing
    page = soup(response)
    assert not page.select(".nhsuk-error-summary") and not page.select(".app-compare-table")
    offered = {box["value"]: box.has_attr("checked") for box in page.select("input[name=roles][type=checkbox]")}
    assert offered == {DATA_ETHICS: True, KNOWLEDGE: False}  # the ticked role, then the one match
    assert page.select_one("#find")["value"] == "Library"
    assert not page.select("#picker-more")


@pytest.mark.django_db
def test_find_matches_the_job_family_too(client):
    family = Role.objects.get(slug=KNOWLEDGE).family
    page = soup(client.get(f"/compare/?find={family.name.split()[0].lower()}&step=find"))
    assert KNOWLEDGE in {box["value"] for box in page.select("input[name=roles][type=checkbox]")}


@pytest.mark.django_db
def test_find_with_no_match_says_so(client):
    response = client.get("/compare/?find=%3Cb%3Enothing+like+this&step=find")
    assert response.status_code == 200
    page = soup(response)
    assert "No published role has “<b>nothing like this” in its title or job family" in page.get_text()
    assert b"<b>nothing" not in response.content  # escaped
    assert not page.select("input[name=roles][type=checkbox]")


@pytest.mark.django_db
def test_comparing_after_finding_ignores_the_search(client):
    response = client.get(BOTH + "&find=Library")
    assert response.status_code == 200
    assert soup(response).select(".app-compare-table")


@pytest.mark.django_db
def test_a_very_long_find_is_cut_short_not_an_error(client):
    response = client.get("/compare/?step=find&find=" + "x" * 5000)
    assert response.status_code == 200
    assert len(soup(response).select_one("#find")["value"]) == 100


@pytest.mark.django_db
def test_find_with_no_other_match_says_so_beside_the_ticked_role(client):
    page = soup(client.get(f"/compare/?roles={DATA_ETHICS}&find=zzzz&step=find"))
    assert [box["value"] for box in page.select("input[name=roles][checked]")] == [DATA_ETHICS]
    assert "No other published role has “zzzz” in its title or job family" in page.select_one("#picker-none").text


@pytest.mark.parametrize("query", ["find=%00&step=find", "with=%00", "roles=a%00&roles=b&step=find", "with=%E2%80%8B"])
@pytest.mark.django_db
def test_control_characters_in_the_picker_address_are_not_an_error(client, query):
    response = client.get(f"/compare/?{query}")
    assert response.status_code == 200
    assert soup(response).select("input[name=roles][type=checkbox]")


@pytest.mark.django_db
def test_an_address_with_hundreds_of_roles_looks_up_only_a_few(client, django_assert_num_queries):
    slugs = "&".join(f"roles=role-{n}" for n in range(500))
    with django_assert_num_queries(1):
        response = client.get(f"/compare/?{slugs}&step=find")
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_error_summary_links_to_a_field_on_the_page(client):
    response = client.get("/compare/?roles=nope1&roles=nope2&find=zzzz")
    assert response.status_code == 404
    page = soup(response)
    target = page.select_one(".nhsuk-error-summary a")["href"]
    assert page.select_one(target) is not None
