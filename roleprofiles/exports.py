"""A role profile as data (JSON and CSV), and the helpers every download shares.

``neutralise_cell`` is the one place spreadsheet formula injection is handled: the
profile CSV, the compare CSV and the plain-text advert all call it, so a descriptor
that begins with ``=``, ``+``, ``-`` or ``@`` can never run as a formula when opened
in a spreadsheet.

``new_docx`` and its companions make every Word download the same way: A4 with 2 cm
margins, British English, Arial, real heading styles (so the navigation pane and screen
readers work), title and author set (never python-docx's own), tables with a repeating
header row. ``framework_attributions`` says which licence notices a document needs from
the frameworks its content comes from (the DDaT framework's Open Government Licence).
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.http import HttpResponse
from django.utils import timezone

from .models import Requirement, Role
from .selectors import group_requirements

# A leading tab or carriage return is also read as the start of a formula by some spreadsheets.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value) -> str:
    """Text that a spreadsheet will show as text: a leading formula character gets a quote before it."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    """A CSV download (UTF-8 with a byte order mark, so spreadsheets read the accents) with every cell neutralised."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([neutralise_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([neutralise_cell(cell) for cell in row])
    return response


def _level(level) -> dict | None:
    if level is None:
        return None
    return {
        "label": level.label,
        "name": level.name,
        "rank": level.rank,
        "scale": level.scale.name,
        "scale_min_rank": level.scale.min_rank,
        "scale_max_rank": level.scale.max_rank,
    }


def _named(obj, *fields: str) -> dict | None:
    return None if obj is None else {name: getattr(obj, name) for name in fields}


def _date(value) -> str | None:
    return value.isoformat() if value else None


def requirement_as_dict(requirement: Requirement) -> dict:
    skill = requirement.skill
    return {
        "id": requirement.pk,
        "section": requirement.section,
        "section_label": requirement.get_section_display(),
        "heading": requirement.heading,
        "position": requirement.position,
        "code": requirement.code,
        "level": _level(requirement.level),
        "level_label": requirement.level_label,
        "depth": _level(requirement.depth),
        "descriptor": requirement.descriptor,
        "source_line": requirement.source_line,
        "skill": {
            "title": skill.title,
            "slug": skill.slug,
            "kind": skill.kind,
            "code": skill.code,
            "description": skill.description,
            "group": skill.group,
            "awarding_body": skill.awarding_body,
            "awarding_professional_body": _named(skill.professional_body, "name", "abbreviation", "slug"),
            "framework": _named(skill.framework, "name", "slug", "abbreviation"),
        },
    }


def profile_as_dict(role: Role, requirements: Sequence[Requirement]) -> dict:
    """The whole profile: every field of the role and of each requirement, grouped as the profile page groups them."""
    source = role.source_document
    return {
        "title": role.title,
        "slug": role.slug,
        "kind": role.kind,
        "kind_label": role.get_kind_display(),
        "title_in_source": role.title_in_source,
        "url": role.get_absolute_url(),
        "status": role.status,
        "version": role.version,
        "family": _named(role.family, "name", "slug"),
        "level": _level(role.level),
        "professional_body": _named(role.professional_body, "name", "abbreviation", "slug"),
        "summary": role.summary,
        "additional_frameworks": [_named(f, "name", "slug", "abbreviation") for f in role.additional_frameworks.all()],
        "owner": role.owner,
        "last_reviewed": _date(role.last_reviewed),
        "next_review_due": _date(role.next_review_due),
        "source_note": role.source_note,
        "source_document": None if source is None else {"filename": source.filename, "title": source.title},
        "sections": [
            {
                "key": section.key,
                "heading": section.heading,
                "requirements": [requirement_as_dict(r) for r in section.requirements],
            }
            for section in group_requirements(requirements)
        ],
        # The licence notices the content needs (the DDaT framework's OGL v3.0), once each.
        "attributions": [
            {
                "framework": a.framework,
                "release_date": _date(a.release),
                "source": a.source,
                "statement": a.statement,
                "licence_url": a.licence_url,
            }
            for a in framework_attributions(r.skill.framework for r in requirements)
        ],
    }


PROFILE_CSV_HEADER = (
    "Section",
    "Heading",
    "Position",
    "Code",
    "Skill",
    "Level",
    "Level rank",
    "Scale",
    "Depth",
    "Descriptor",
    "PDA group",
    "Awarding body",
    "Framework",
    "Source and licence",
)


def profile_csv_rows(requirements: Iterable[Requirement]) -> Iterable[list]:
    """One row per requirement, in source order (cells are neutralised by csv_response). A row
    from a framework under the Open Government Licence carries its notice in its last cell, so
    the notice travels with any row copied out of the file."""
    notices: dict[int, str] = {}  # by framework: one release-date query per framework, not per row
    for r in requirements:
        framework = r.skill.framework
        if framework is not None and framework.pk not in notices:
            notices[framework.pk] = " ".join(line for a in framework_attributions([framework]) for line in a.lines)
        measure = r.level
        yield [
            r.get_section_display(),
            r.heading,
            r.position,
            r.code,
            r.skill.title,
            r.level_label or (r.level.label if r.level else ""),
            measure.rank if measure else "",
            measure.scale.name if measure else (r.depth.scale.name if r.depth else ""),
            r.depth.label if r.depth else "",
            r.descriptor,
            r.skill.group,
            r.skill.awarding_body,
            r.skill.framework.name if r.skill.framework else "",
            notices[framework.pk] if framework is not None else "",
        ]


# Licence attributions ----------------------------------------------------------------------------

OGL_STATEMENT = "Contains public sector information licensed under the Open Government Licence v3.0."
OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
# Frameworks whose content is published under the Open Government Licence v3.0, by slug: the
# Government Digital and Data Profession Capability Framework (the DDaT framework).
OGL_FRAMEWORK_SLUGS = frozenset({"government-digital-and-data-profession-capability-framework"})


@dataclass(frozen=True)
class Attribution:
    """The notice a page or file must carry when it shows a framework's content."""

    framework: str
    statement: str
    licence_url: str
    release: datetime.date | None = None  # of the content shown, where known

    @property
    def source(self) -> str:
        when = f", release of {self.release.day} {self.release:%B %Y}" if self.release else ""
        return f"Source: {self.framework}{when}."

    @property
    def lines(self) -> list[str]:
        return [self.source, self.statement, f"Licence: {self.licence_url}"]


def _latest_releases(releases):
    return releases.order_by("-imported_at", "-pk").values_list("release_date", flat=True)


def _release_date(framework) -> datetime.date | None:
    """The release date of the framework's content as last imported. The ddat app records releases
    against their framework and sits above this app, so they are read through the reverse relation
    rather than an import; one query, made only for a framework that needs an attribution (none
    for one read ``with_release_dates``)."""
    if hasattr(framework, "latest_release_date"):
        return framework.latest_release_date
    releases = getattr(framework, "ddat_releases", None) if framework.pk else None
    if releases is None:
        return None
    return _latest_releases(releases).first()


def with_release_dates(frameworks):
    """A queryset of frameworks with the date of each one's latest release read in the same query."""
    relations = frameworks.model._meta.related_objects
    relation = next((r for r in relations if r.get_accessor_name() == "ddat_releases"), None)
    if relation is None:
        return frameworks
    releases = _latest_releases(relation.related_model.objects.filter(framework=OuterRef("pk")))
    return frameworks.annotate(latest_release_date=Subquery(releases[:1]))


def framework_attributions(frameworks: Iterable) -> list[Attribution]:
    """The attributions for content from these frameworks (a role's skills' frameworks, say), once
    each, in the order given; frameworks that need none (or None, for a skill with no framework)
    are skipped."""
    found: dict[str, Attribution] = {}
    for framework in frameworks:
        if framework is not None and framework.slug in OGL_FRAMEWORK_SLUGS and framework.slug not in found:
            found[framework.slug] = Attribution(framework.name, OGL_STATEMENT, OGL_URL, _release_date(framework))
    return list(found.values())


# Text lines ------------------------------------------------------------------------------------

_INVISIBLE = re.compile("[\u200b\u200c\u200d\ufeff]")
_BULLET = re.compile(r"^\s*[-•*]\s+")


def text_lines(text: str) -> list[str]:
    """The non-empty lines of a profile's text, with a LINE SEPARATOR taken as a line break and
    zero-width characters dropped (the only normalisations the DDaT content allows)."""
    text = _INVISIBLE.sub("", (text or "").replace("\u2028", "\n").replace("\r", "\n"))
    return [line.strip() for line in text.split("\n") if line.strip()]


def is_bullet(line: str) -> bool:
    return bool(_BULLET.match(line))


def unbullet(line: str) -> str:
    return _BULLET.sub("", line).strip()


# Word documents --------------------------------------------------------------------------------

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOCX_FONT = "Arial"
DOCX_LANGUAGE = "en-GB"
# XML 1.0 cannot hold most control characters; python-docx raises on them, so drop them.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def docx_text(text: str) -> str:
    return _XML_ILLEGAL.sub("", text or "")


def _set_font(style, size_pt: float, *, bold: bool | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    style.font.name = DOCX_FONT
    style.font.size = Pt(size_pt)
    style.font.color.rgb = RGBColor(0x21, 0x2B, 0x32)  # the NHS.UK text colour
    if bold is not None:
        style.font.bold = bold
    # The template's headings name theme fonts, which Word prefers to the font set above.
    fonts = style.element.rPr.rFonts
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    color = style.element.rPr.color
    for attribute in ("w:themeColor", "w:themeShade"):
        color.attrib.pop(qn(attribute), None)


def new_docx(*, title: str, author: str, subject: str = ""):
    """An empty A4 document with 2 cm margins, its core properties set from what it is and who it is
    for (python-docx's template says "python-docx" and dates from 2013 otherwise)."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Mm

    document = Document()
    properties = document.core_properties
    now = timezone.now().replace(microsecond=0)
    properties.title = docx_text(title)[:255]
    properties.author = properties.last_modified_by = docx_text(author)[:255]
    properties.subject = docx_text(subject)[:255]
    properties.comments = properties.keywords = properties.category = ""
    properties.language = DOCX_LANGUAGE
    properties.created = properties.modified = now
    properties.revision = 1
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(2)
    normal = document.styles["Normal"]
    _set_font(normal, 11)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), DOCX_LANGUAGE)
    normal.element.get_or_add_rPr().append(language)
    for name, size in (("Heading 1", 18), ("Heading 2", 14), ("Heading 3", 12)):
        _set_font(document.styles[name], size, bold=True)
    return document


def add_docx_heading(document, text: str, level: int):
    return document.add_heading(docx_text(text), level=level)


def _fill_cell(cell, text: str, *, bold: bool = False) -> None:
    """A cell's text as paragraphs: one per line, "- " lines as bullets."""
    lines = text_lines(text) or [""]
    for index, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        if is_bullet(line):
            paragraph.style = "List Bullet"
            line = unbullet(line)
        paragraph.add_run(docx_text(line)).bold = bold


def _flag(parent, tag: str, **values: str):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement(tag)
    for name, value in values.items():
        element.set(qn(f"w:{name}"), value)
    parent.append(element)
    return element


def add_docx_table(
    document, header: Sequence[str], rows: Iterable[Sequence[str]], *, widths: Sequence[float], caption: str = ""
):
    """A bordered table with a header row that repeats on each page and rows that never break across
    pages; ``widths`` are fractions of the text width (A4 less the margins); ``caption`` is the table's
    title for screen readers (Word's alt text)."""
    from docx.oxml import OxmlElement
    from docx.shared import Mm

    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.autofit = False
    properties = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side, twips in (("top", "57"), ("left", "108"), ("bottom", "57"), ("right", "108")):
        _flag(margins, f"w:{side}", w=twips, type="dxa")
    properties.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")
    if caption:
        _flag(properties, "w:tblCaption", val=docx_text(caption)[:255])
    _flag(table.rows[0]._tr.get_or_add_trPr(), "w:tblHeader", val="true")
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        _fill_cell(cell, text, bold=True)
    for values in rows:
        row = table.add_row()
        _flag(row._tr.get_or_add_trPr(), "w:cantSplit", val="true")
        for cell, text in zip(row.cells, values, strict=True):
            _fill_cell(cell, text)
    text_width = Mm(210 - 40)
    for column, fraction in zip(table.columns, widths, strict=True):
        column.width = int(text_width * fraction)
        for cell in column.cells:
            cell.width = int(text_width * fraction)
    return table


def add_docx_attributions(document, attributions: Sequence[Attribution]) -> None:
    """The licence notices, set apart from what comes before them."""
    from docx.shared import Pt

    for index, line in enumerate(line for attribution in attributions for line in attribution.lines):
        paragraph = document.add_paragraph(line)
        paragraph.paragraph_format.space_before = Pt(12 if index == 0 else 0)
        paragraph.paragraph_format.space_after = Pt(2)


def docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
