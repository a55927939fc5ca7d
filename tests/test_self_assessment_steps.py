"""A long self-assessment one section per step, and one measure everywhere (issue 16, item 4).

The forms are submitted here as a browser without JavaScript submits them (``submit``): the
hidden fields, the checked radios and the pressed button's name and value, to the button's
``formaction`` or the form's ``action``. The figures are checked against a hand count made
from the requirements themselves, not through ``pathways.scoring``.
"""

from __future__ import annotations

import re
from io import BytesIO
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from bs4 import BeautifulSoup
from docx import Document

from roleprofiles.models import Role, Section
from tests.html import cell_text

pytestmark = pytest.mark.django_db

DATA_ETHICS = "data-ethics-lead"
SUGGESTIONS = [Section.PDA, Section.TRAINING, Section.QUALIFICATION]
SUMMARY = re.compile(r"You meet (\d+) of (\d+) items? \((\d+)%\)")


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.content[:500]
    return BeautifulSoup(response.content, "html.parser")


def rated_requirements(slug: str) -> list:
    role = Role.objects.get(slug=slug)
    return list(
        role.requirements.exclude(section__in=SUGGESTIONS).select_related("level", "depth").order_by("position")
    )


def required_rank(requirement) -> int:
    measure = requirement.level or requirement.depth
    return measure.rank if measure else 1  # a requirement with no level is rated "Yes" (1) or "Not yet"


def mixed_answers(requirements) -> dict[str, int]:
    """Met, met with a surplus where the scale allows, one below (partly met, or "Not yet" on a
    yes/no item) and unrated, in turn."""
    answers = {}
    for index, requirement in enumerate(requirements):
        need = required_rank(requirement)
        measure = requirement.level or requirement.depth
        top = measure.scale.max_rank if measure else 1
        choice = index % 4
        if choice == 0:
            answers[f"r{requirement.pk}"] = need
        elif choice == 1:
            answers[f"r{requirement.pk}"] = min(need + 1, top)
        elif choice == 2:
            answers[f"r{requirement.pk}"] = need - 1
    return answers


def hand_count(requirements, answers) -> dict[str, list[int]]:
    """Per heading, in order: [items, met, partly met], and the same for everything under ""."""
    counts: dict[str, list[int]] = {}
    for requirement in requirements:
        rating = answers.get(f"r{requirement.pk}", 0)
        need = required_rank(requirement)
        for key in (requirement.heading, ""):
            row = counts.setdefault(key, [0, 0, 0])
            row[0] += 1
            row[1] += rating >= need
            row[2] += 0 < rating < need
    return counts


def half_up(met: int, total: int) -> int:
    return int(100 * met / total + 0.5) if total else 100


def section_rows(page) -> list[list[str]]:
    table = page.select_one("#readiness").find_next("table")
    return [[cell_text(c) for c in row.select("th, td")] for row in table.select("tbody tr, tfoot tr")]


def submit(client, page: BeautifulSoup, button):
    """What a browser without JavaScript sends when ``button`` is pressed."""
    form_id = button.get("form")
    form = page.find("form", id=form_id) if form_id else button.find_parent("form")
    fields = []
    for field in form.select("input"):
        if field["type"] == "hidden" or (field["type"] == "radio" and field.has_attr("checked")):
            fields.append((field["name"], field["value"]))
    if button.get("name"):
        fields.append((button["name"], button["value"]))
    action = button.get("formaction") or form["action"]
    return client.get(f"{action}?{urlencode(fields)}")


def choose(page: BeautifulSoup, answers: dict[str, int]) -> None:
    """Tick the radios of ``answers`` that are on this page, as a person would."""
    for radio in page.select("form input[type=radio]"):
        if radio["name"] in answers:
            if radio["value"] == str(answers[radio["name"]]):
                radio["checked"] = ""
            elif radio.has_attr("checked"):
                del radio["checked"]


def button(page: BeautifulSoup, text: str):
    found = [b for b in page.select("button") if b.get_text(" ", strip=True).startswith(text)]
    assert found, f"no button {text!r} in {[b.get_text(' ', strip=True) for b in page.select('button')]}"
    return found[0]


# --- Steps ---------------------------------------------------------------------------------


def test_a_120_item_role_is_rated_one_section_per_step_with_contents_and_progress(client):
    requirements = rated_requirements(DATA_ETHICS)
    headings = list(dict.fromkeys(r.heading for r in requirements))
    assert len(requirements) == 120 and len(headings) == 7
    page = soup(client.get("/self-assessment/", {"role": DATA_ETHICS}))
    first = [r for r in requirements if r.heading == headings[0]]
    for code in page.select("main form legend .app-requirement-code"):
        code.extract()
    assert [f.legend.get_text(strip=True) for f in page.select("main form fieldset")] == [r.skill.title for r in first]
    progress = page.select_one(".app-progress").get_text(" ", strip=True)
    assert f"Section 1 of 7: {headings[0]}" in progress and "0 of 120 items answered" in progress
    contents = page.select_one("nav.app-steps")
    entries = [li.get_text(" ", strip=True) for li in contents.select("li")]
    assert [e.split(" (")[0] for e in entries] == headings
    assert contents.select_one('[aria-current="step"]').get_text(" ", strip=True).startswith(headings[0])
    # Every other section is a submit button of the rating form: it keeps this page's answers.
    jumps = contents.select("button")
    assert len(jumps) == 6 and all(b["form"] == "rating" and b["name"] == "step" for b in jumps)


def test_every_requirement_is_on_exactly_one_step(client):
    requirements = rated_requirements(DATA_ETHICS)
    seen = []
    for step in range(1, 8):
        page = soup(client.get("/self-assessment/", {"role": DATA_ETHICS, "step": step}))
        assert f"Section {step} of 7" in page.select_one(".app-progress").get_text()
        seen += [radio["name"] for radio in page.select("main form fieldset input[type=radio][value='0']")]
    assert seen == [f"r{r.pk}" for r in requirements]


def test_next_previous_and_contents_keep_every_answer_through_to_the_result(client):
    requirements = rated_requirements(DATA_ETHICS)
    answers = mixed_answers(requirements)
    page = soup(client.get("/self-assessment/", {"role": DATA_ETHICS}))
    visited = []
    while True:
        number = int(re.search(r"Section (\d+) of", page.select_one(".app-progress").get_text()).group(1))
        visited.append(number)
        choose(page, answers)
        nexts = [b for b in page.select("main form button") if b.get_text(strip=True).startswith("Next")]
        if not nexts:
            break
        page = soup(submit(client, page, nexts[0]))
    assert visited == [1, 2, 3, 4, 5, 6, 7]
    answered = page.select_one(".app-progress").get_text(" ", strip=True)
    on_last = sum(1 for r in requirements if r.heading == requirements[-1].heading and f"r{r.pk}" in answers)
    assert f"{len(answers) - on_last} of 120 items answered" in answered  # this page's are not sent yet

    # Back a step, then by the contents list to the first section: nothing is lost.
    page = soup(submit(client, page, button(page, "Previous")))
    assert "Section 6 of 7" in page.select_one(".app-progress").get_text()
    page = soup(submit(client, page, page.select("nav.app-steps button")[0]))
    assert "Section 1 of 7" in page.select_one(".app-progress").get_text()
    assert f"{len(answers)} of 120 items answered" in page.select_one(".app-progress").get_text(" ", strip=True)
    hidden = page.select("main form input[type=hidden]")
    kept = {f["name"]: int(f["value"]) for f in hidden if re.fullmatch(r"r\d+", f["name"])}
    kept |= {r["name"]: int(r["value"]) for r in page.select("main form input[type=radio][checked]")}
    assert kept == answers

    result = submit(client, page, button(page, "See your result"))
    assert urlsplit(result.request["PATH_INFO"]).path == "/self-assessment/result/"
    sent = dict(parse_qsl(result.request["QUERY_STRING"]))
    assert "step" not in sent and {k: int(v) for k, v in sent.items() if k != "role"} == answers
    counts = hand_count(requirements, answers)
    met, total = counts[""][1], counts[""][0]
    text = soup(result).get_text(" ", strip=True)
    assert f"You meet {met} of {total} items ({half_up(met, total)}%)" in text


@pytest.mark.parametrize("step", ["0", "8", "abc", "-1", "1&step=2"])
def test_a_step_that_is_not_a_section_is_a_400_that_says_why(client, step):
    response = client.get(f"/self-assessment/?role={DATA_ETHICS}&step={step}")
    assert response.status_code == 400
    assert "a whole number from 1 to 7" in response.content.decode()


def test_the_result_leads_back_to_the_first_step_with_every_answer(client):
    requirements = rated_requirements(DATA_ETHICS)
    answers = mixed_answers(requirements)
    page = soup(client.get("/self-assessment/result/", {"role": DATA_ETHICS, **answers}))
    change = page.find("a", string="Change your answers")["href"]
    form = soup(client.get(change))
    assert "Section 1 of 7" in form.select_one(".app-progress").get_text()
    assert f"{len(answers)} of 120 items answered" in form.select_one(".app-progress").get_text(" ", strip=True)


# --- One measure: the page, the chart, the table and the Word plan agree ----------------------


def test_the_result_figures_agree_with_each_other_and_with_a_hand_count(client):
    requirements = rated_requirements(DATA_ETHICS)
    answers = mixed_answers(requirements)
    counts = hand_count(requirements, answers)
    page = soup(client.get("/self-assessment/result/", {"role": DATA_ETHICS, **answers}))
    text = page.get_text(" ", strip=True)

    items, met, partly = counts[""]
    summary = SUMMARY.search(page.select_one(".app-result-summary").get_text(" ", strip=True))
    assert tuple(map(int, summary.groups())) == (met, items, half_up(met, items))
    assert f"{partly} more partly met" in text
    assert f"{items - met} gaps to close" in text
    assert len(page.select("#gaps ~ table tbody tr")) == items - met
    # How it is worked out is said on the page.
    method = page.select_one("#how-worked-out").find_parent("details").get_text(" ", strip=True)
    assert "at or above the level the role requires" in method and "rounded" in method

    rows = section_rows(page)
    headings = [h for h in counts if h]
    expected = [
        [h, str(counts[h][0]), str(counts[h][1]), str(counts[h][2]), f"{half_up(counts[h][1], counts[h][0])}%"]
        for h in headings
    ]
    assert rows == [*expected, ["All sections", str(items), str(met), str(partly), f"{half_up(met, items)}%"]]
    # The chart draws the same figures.
    labels = [t.get_text() for t in page.select(".app-chart .app-chart__label, .app-chart .app-chart__value")]
    assert labels == [
        x for h in headings for x in (h, f"{counts[h][1]} of {counts[h][0]} ({half_up(*counts[h][1::-1])}%)")
    ]
    assert "readiness" not in text.lower()  # the old second measure is gone


def test_the_word_plan_states_the_same_figures(client):
    requirements = rated_requirements(DATA_ETHICS)
    answers = mixed_answers(requirements)
    query = urlencode({"role": DATA_ETHICS, **answers})
    page = soup(client.get(f"/self-assessment/result/?{query}"))
    summary = SUMMARY.search(page.select_one(".app-result-summary").get_text(" ", strip=True)).group(0)
    response = client.get(page.find("a", string="Download your development plan as Word (.docx)")["href"])
    document = Document(BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert summary in text
    assert "at or above the level the role requires" in text
    table = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert table[0] == ["Section", "Items", "Met", "Partly met", "Share met"]
    assert table[1:] == section_rows(page)
    gaps = [h.text for h in document.paragraphs if h.style.name == "Heading 2"]
    assert len(gaps) == len(page.select("#gaps ~ table tbody tr"))
