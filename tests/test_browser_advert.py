"""The advert builder in Chromium: an advert built from the default draft, narrowed with the
select all / none controls, shown only as selected, and both documents downloaded and opened;
axe-core finds no WCAG 2.2 AA violations at 1280 and 375 px, and nothing scrolls sideways."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document
from playwright.sync_api import expect

from tests.browser import *  # noqa: F403
from tests.browser import assert_no_axe_violations

pytestmark = pytest.mark.browser

DATA_ETHICS = "data-ethics-lead"


def preview_spec(page) -> dict[str, list[tuple[str, str]]]:
    """The preview's person specification: category -> [(criterion, Essential or Desirable)]."""
    spec = {}
    for table in page.locator(".app-advert-preview table.app-person-spec").all():
        rows = [tuple(row.locator("td").all_inner_texts()) for row in table.locator("tbody tr").all()]
        spec[table.locator("caption").inner_text()] = rows
    return spec


def docx_tables(path) -> tuple[Document, dict[str, list[tuple[str, str]]]]:
    """A downloaded document and its person specification tables, keyed by their table titles."""
    document = Document(io.BytesIO(open(path, "rb").read()))
    tables = {}
    for table in document.tables:
        header, *rows = [[cell.text for cell in row.cells] for row in table.rows]
        if header == ["Criterion", "Essential or desirable"]:
            caption = table._tbl.tblPr.xpath("./w:tblCaption/@w:val")[0]
            tables[caption.removesuffix(" criteria")] = [tuple(row) for row in rows]
    return document, tables


def group_summary(page, heading: str):
    return page.locator("summary", has_text=re.compile(rf"^{heading} \("))


def test_build_an_advert_from_defaults_narrow_it_and_download_both_documents(page, seeded_live_server):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(seeded_live_server.url + f"/roles/{DATA_ETHICS}/")
    page.get_by_role("link", name="Build a job advert from this profile").click()
    expect(page.locator("h1")).to_have_text("Job advert for Data ethics lead")
    assert_no_axe_violations(page)

    # The default draft: short, by category.
    spec = preview_spec(page)
    assert list(spec) == ["Qualifications", "Experience", "Skills and knowledge", "Behaviours and values"]
    marks = [mark for rows in spec.values() for _, mark in rows]
    assert marks.count("Essential") <= 10 and marks.count("Desirable") <= 10
    expect(group_summary(page, "Skills and knowledge")).to_have_text(re.compile(r"\(\d of 66 in the draft\)"))

    page.get_by_label("Employer").fill("Leeds Teaching Hospitals NHS Trust")
    page.get_by_label("Agenda for Change band").select_option("8a")
    page.get_by_label("Closing date").fill("31 March 2027")
    page.keyboard.press("Enter")  # the first submit button updates the draft, never a bulk action
    page.wait_for_url("**employer=Leeds**")
    expect(page.locator(".app-advert-preview")).to_contain_text("Agenda for Change, band 8a")
    assert preview_spec(page) == spec

    # Narrow it: no behaviours, then every experience entry, then only what is in the draft.
    group_summary(page, "Behaviours and values").click()
    page.get_by_role("button", name="Select none of behaviours and values").click()
    page.wait_for_url("**bulk=behaviours%3Anone**")
    expect(group_summary(page, "Behaviours and values")).to_have_text("Behaviours and values (0 of 52 in the draft)")
    assert page.locator("#group-behaviours").get_attribute("open") is not None, "the group used stays open"
    assert "Behaviours and values" not in preview_spec(page)
    group_summary(page, "Experience").click()
    page.get_by_role("button", name="Select all experience").click()
    page.wait_for_url("**bulk=experience%3Aall**")
    expect(group_summary(page, "Experience")).to_have_text("Experience (11 of 11 in the draft)")
    page.get_by_label("Show only the entries in the draft").check()
    page.get_by_role("button", name="Update the draft").first.click()
    page.wait_for_url("**show=selected**")
    narrowed = preview_spec(page)
    assert len(narrowed["Experience"]) == 11 and "Behaviours and values" not in narrowed
    criteria_count = sum(len(rows) for rows in narrowed.values())
    assert page.locator("#advert-form select[name^=r]").count() == criteria_count + 2  # and the two duties
    expect(group_summary(page, "Behaviours and values")).to_have_text("Behaviours and values (0 of 52 in the draft)")
    assert_no_axe_violations(page)

    copy = page.locator("button[data-copy-target=advert-text]")
    copy.click()
    expect(copy).to_have_text("Copied the draft as plain text")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Data ethics lead\n\nEmployer: Leeds Teaching Hospitals NHS Trust\n")

    with page.expect_download() as info:
        page.get_by_role("link", name="Download the advert as Word document (.docx)").click()
    assert info.value.suggested_filename == "data-ethics-lead-job-advert.docx"
    document, tables = docx_tables(info.value.path())
    assert tables == narrowed
    assert document.core_properties.author == "Leeds Teaching Hospitals NHS Trust"
    assert "Pay scheme and band: Agenda for Change, band 8a" in [p.text for p in document.paragraphs]

    with page.expect_download() as info:
        page.get_by_role("link", name="Download the advert as Plain text (.txt)").click()
    assert open(info.value.path(), encoding="utf-8").read() == copied, "the download is the draft shown"

    with page.expect_download() as info:
        page.get_by_role("link", name="Download the job description and person specification (.docx)").click()
    assert info.value.suggested_filename == "data-ethics-lead-job-description.docx"
    document, tables = docx_tables(info.value.path())
    assert tables == narrowed, "the job description's person specification is the advert's"
    assert document.core_properties.title == "Job description and person specification: Data ethics lead"
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert headings[:4] == ["Job details", "Job summary", "Main duties and responsibilities", "Knowledge and skills"]


def test_the_profile_links_to_its_job_description(page, seeded_live_server):
    page.goto(seeded_live_server.url + f"/roles/{DATA_ETHICS}/")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download a job description and person specification (Word)").click()
    document, tables = docx_tables(info.value.path())
    assert document.paragraphs[0].text == "Data ethics lead"
    assert sum(len(rows) for rows in tables.values()) <= 20


@pytest.mark.parametrize("width", [1280, 375])
def test_the_advert_page_is_accessible_and_fits_the_screen(browser, seeded_live_server, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(seeded_live_server.url + f"/roles/{DATA_ETHICS}/advert/?bulk=knowledge:all&band=7&about=Who+we+are")
    for summary in page.locator("#advert-form summary").all():
        if summary.locator("xpath=..").get_attribute("open") is None:
            summary.click()
    page.locator("details:not(#advert-form details) summary").click()  # the plain text too
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "no sideways scroll"
    footer_bottom = page.evaluate("document.querySelector('footer').getBoundingClientRect().bottom + window.scrollY")
    assert footer_bottom >= page.evaluate("document.documentElement.scrollHeight") - 1, "the page ends at its footer"
    page.screenshot(path=f"/tmp/advert-{width}.png", full_page=True)
    context.close()


def test_the_advert_builder_works_without_javascript(browser, seeded_live_server):
    context = browser.new_context(java_script_enabled=False, accept_downloads=True)
    page = context.new_page()
    page.goto(seeded_live_server.url + f"/roles/{DATA_ETHICS}/advert/")
    assert page.locator("button[data-copy-target]").is_hidden(), "no copy button that cannot work"
    page.get_by_label("Agenda for Change band").select_option("8c")
    group_summary(page, "Skills and knowledge").click()
    page.get_by_role("button", name="Select all skills and knowledge").click()
    page.wait_for_url("**band=8c**")
    expect(group_summary(page, "Skills and knowledge")).to_have_text("Skills and knowledge (66 of 66 in the draft)")
    assert len(preview_spec(page)["Skills and knowledge"]) == 66
    assert "band 8c" in page.locator(".app-advert-preview").inner_text()
    context.close()
