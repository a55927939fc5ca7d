"""A job advert draft in the NHS Jobs shape, built from one role profile's own content.

The draft has a job summary, main duties and a person specification (qualifications;
knowledge and skills; behaviours and values) with essential and desirable criteria.
Nothing is invented: every line is the profile's text, with its level or depth.

The person building the advert decides, per requirement, whether it goes in and
whether it is essential or desirable (``r<requirement id>=e|d|x``); anything they have
not chosen takes the default below. The free-text fields (employer, band, location,
closing date) cover what a profile cannot know. All of it lives in the request:
nothing is stored.

Renderers: ``render_text`` (plain text for pasting), ``render_markdown`` and
``render_docx`` (a Word document via python-docx; the person specification is a table).
Database text is escaped for each: Markdown special characters are backslashed, plain
text lines that would start a spreadsheet formula are neutralised (the same
``neutralise_cell`` as the CSV downloads), and python-docx writes text runs, which it escapes.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django import forms

from .compare import SECTION_ORDER
from .exports import neutralise_cell
from .models import Requirement, Role, Section

ESSENTIAL, DESIRABLE, LEAVE_OUT = "e", "d", "x"
CHOICES = {ESSENTIAL: "Essential", DESIRABLE: "Desirable", LEAVE_OUT: "Leave out"}

DUTIES = "duties"
QUALIFICATIONS = "qualifications"
KNOWLEDGE = "knowledge"
BEHAVIOURS = "behaviours"
SPEC_HEADINGS = {
    QUALIFICATIONS: "Qualifications",
    KNOWLEDGE: "Knowledge and skills",
    BEHAVIOURS: "Behaviours and values",
}
FORM_HEADINGS = {DUTIES: "Main duties", **SPEC_HEADINGS}

# Where each profile section goes in the advert, and why:
# - work activity components say what the post holder does: main duties only;
# - framework skills' level descriptors are written as duties ("Lead on ...") and the
#   skill at its level is a knowledge-and-skills criterion, so they feed both;
# - qualifications and training courses: qualifications;
# - technical, other, data and project skills, and development activities (experience): knowledge and skills;
# - behaviours, behavioural skills and leadership: behaviours and values.
SECTION_PLACES: dict[str, tuple[str, ...]] = {
    Section.WORK_ACTIVITY: (DUTIES,),
    Section.FRAMEWORK: (DUTIES, KNOWLEDGE),
    Section.QUALIFICATION: (QUALIFICATIONS,),
    Section.TRAINING: (QUALIFICATIONS,),
    Section.TECHNICAL: (KNOWLEDGE,),
    Section.OTHER: (KNOWLEDGE,),
    Section.DATA: (KNOWLEDGE,),
    Section.PROJECT: (KNOWLEDGE,),
    Section.PDA: (KNOWLEDGE,),
    Section.BEHAVIOUR: (BEHAVIOURS,),
    Section.BEHAVIOURAL: (BEHAVIOURS,),
    Section.LEADERSHIP: (BEHAVIOURS,),
}
# Training and development activities are things a candidate would be glad to have done,
# not entry requirements; so is the shallowest depth of knowledge ("Familiar with").
DESIRABLE_SECTIONS = {Section.TRAINING, Section.PDA}

FORMATS = ("", "html", "docx", "txt", "md")
FIELD_LIMITS = {"title": 200, "employer": 200, "band": 60, "location": 200, "closing_date": 60}


class AdvertInputError(ValueError):
    """A parameter the advert builder cannot use; the message is shown to the user."""


class AdvertDetailsForm(forms.Form):
    """What the profile cannot know. Over-long values are errors (400), not silently cut."""

    title = forms.CharField(
        label="Job title",
        required=False,
        max_length=FIELD_LIMITS["title"],
        help_text="Leave blank to use the role's title.",
    )
    employer = forms.CharField(label="Employer", required=False, max_length=FIELD_LIMITS["employer"])
    band = forms.CharField(
        label="Band",
        required=False,
        max_length=FIELD_LIMITS["band"],
        help_text="For example, Band 8a (Agenda for Change).",
    )
    location = forms.CharField(label="Location", required=False, max_length=FIELD_LIMITS["location"])
    closing_date = forms.CharField(
        label="Closing date",
        required=False,
        max_length=FIELD_LIMITS["closing_date"],
        help_text="For example, 31 March 2027.",
    )


def places(requirement: Requirement) -> tuple[str, ...]:
    return SECTION_PLACES.get(requirement.section, (KNOWLEDGE,))


def in_person_spec(requirement: Requirement) -> bool:
    return any(place != DUTIES for place in places(requirement))


def default_choice(requirement: Requirement) -> str:
    if not in_person_spec(requirement):
        return ESSENTIAL  # a duty: "essential" means it goes in
    if requirement.section in DESIRABLE_SECTIONS:
        return DESIRABLE
    depth = requirement.depth
    if depth is not None and depth.rank == depth.scale.min_rank:
        return DESIRABLE
    return ESSENTIAL


def parse_choices(params: Mapping, requirements: Sequence[Requirement]) -> dict[int, str]:
    """Each requirement's choice: from ``r<id>`` where given, else its default.

    Parameters naming a requirement this role does not have are ignored (an advert link
    can outlive an edit to the profile); a value other than e, d or x is an error.
    """
    choices = {}
    for requirement in requirements:
        value = params.get(f"r{requirement.pk}", "").strip().lower()
        if not value:
            choices[requirement.pk] = default_choice(requirement)
        elif value in CHOICES:
            choices[requirement.pk] = value
        else:
            raise AdvertInputError(f"“{requirement.skill.title}” must be essential (e), desirable (d) or left out (x).")
    return choices


@dataclass
class FormItem:
    """One requirement in the builder form."""

    requirement: Requirement
    choice: str
    spec: bool  # False for a duty, which is only in or out

    @property
    def name(self) -> str:
        return f"r{self.requirement.pk}"

    @property
    def options(self) -> list[tuple[str, str]]:
        if self.spec:
            return list(CHOICES.items())
        return [(ESSENTIAL, "Include"), (LEAVE_OUT, "Leave out")]


@dataclass
class FormGroup:
    key: str
    heading: str
    items: list[FormItem] = field(default_factory=list)

    @property
    def included(self) -> int:
        return sum(item.choice != LEAVE_OUT for item in self.items)


@dataclass
class SpecRow:
    heading: str
    essential: list[str] = field(default_factory=list)
    desirable: list[str] = field(default_factory=list)


@dataclass
class AdvertDraft:
    role: Role
    title: str
    details: list[tuple[str, str]]  # (label, value) of the free-text fields given
    summary: list[str]  # paragraphs
    duties: list[str]
    spec: list[SpecRow]
    groups: list[FormGroup]

    @property
    def filename_stem(self) -> str:
        return f"{self.role.slug}-job-advert"


def _measure_label(requirement: Requirement) -> str:
    if requirement.level_id:
        return requirement.level_label or requirement.level.label
    if requirement.depth_id:
        return requirement.depth.label.lower()
    return ""


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def duty_text(requirement: Requirement) -> str:
    descriptor = _one_line(requirement.descriptor)
    return f"{requirement.skill.title}: {descriptor}" if descriptor else requirement.skill.title


def criterion_text(requirement: Requirement) -> str:
    """The person specification line: the entry, its level or depth, and (for behaviours) what it looks like."""
    skill = requirement.skill
    title = skill.title
    measure = _measure_label(requirement)
    if requirement.section == Section.QUALIFICATION:
        return f"{title} ({skill.awarding_body})" if skill.awarding_body else title
    if requirement.section == Section.TRAINING:
        return f"Training: {title}"
    if requirement.section == Section.PDA:
        return f"Experience of {title[:1].lower()}{title[1:]}" if title else title
    if requirement.depth_id:
        return f"{title}: {measure}"
    text = f"{title} ({measure})" if measure else title
    if requirement.section in (Section.BEHAVIOUR, Section.BEHAVIOURAL, Section.LEADERSHIP):
        descriptor = _one_line(requirement.descriptor)
        if descriptor:
            text = f"{text}: {descriptor}"
    return text


def build_advert(
    role: Role, requirements: Sequence[Requirement], choices: Mapping[int, str], details: Mapping[str, str]
) -> AdvertDraft:
    groups = {key: FormGroup(key, heading) for key, heading in FORM_HEADINGS.items()}
    spec = {key: SpecRow(heading) for key, heading in SPEC_HEADINGS.items()}
    duties = []
    # Section order, then the source's: qualifications before training, behaviours before leadership.
    ordered = sorted(requirements, key=lambda r: (SECTION_ORDER.get(r.section, len(SECTION_ORDER)), r.position))
    for requirement in ordered:
        choice = choices.get(requirement.pk, default_choice(requirement))
        where = places(requirement)
        spec_place = next((place for place in where if place != DUTIES), None)
        # A framework skill appears in the form once, with the criteria it feeds.
        groups[spec_place or DUTIES].items.append(FormItem(requirement, choice, spec=spec_place is not None))
        if choice == LEAVE_OUT:
            continue
        if DUTIES in where:
            duties.append(duty_text(requirement))
        if spec_place:
            row = spec[spec_place]
            (row.essential if choice == ESSENTIAL else row.desirable).append(criterion_text(requirement))
    title = (details.get("title") or "").strip() or role.title
    given = [
        (AdvertDetailsForm.base_fields[name].label, (details.get(name) or "").strip())
        for name in ("employer", "band", "location", "closing_date")
    ]
    return AdvertDraft(
        role=role,
        title=title,
        details=[(label, value) for label, value in given if value],
        summary=[p.strip() for p in (role.summary or "").splitlines() if p.strip()],
        duties=duties,
        spec=list(spec.values()),
        groups=[group for group in groups.values() if group.items],
    )


# Renderers -------------------------------------------------------------------------------


def render_text(draft: AdvertDraft) -> str:
    lines = [draft.title, ""]
    if draft.details:
        lines += [f"{label}: {value}" for label, value in draft.details] + [""]
    lines += ["Job summary", ""]
    lines += draft.summary or ["(The profile has no summary.)"]
    lines += ["", "Main duties", ""]
    lines += [f"• {duty}" for duty in draft.duties] or ["(None chosen.)"]
    lines += ["", "Person specification"]
    for row in draft.spec:
        lines += ["", row.heading]
        for label, items in (("Essential", row.essential), ("Desirable", row.desirable)):
            lines.append(f"  {label}:")
            lines += [f"  • {item}" for item in items] or ["  (none)"]
    # Every line is neutralised, so a line pasted into a spreadsheet cell never runs as a formula.
    return "\n".join(neutralise_cell(line) for line in lines).strip() + "\n"


_MD_INLINE = re.compile(r"([\\`*_\[\]<>|#~!&])")
_MD_LINE_START = re.compile(r"^([+\-=])|^(\d+)([.)])")


def md_escape(text: str) -> str:
    """One line of text that Markdown shows as written: the characters that start emphasis, code,
    links, inline HTML, entities or table cells are backslashed anywhere, and list or heading
    markers at the start of the line."""
    text = _MD_INLINE.sub(r"\\\1", _one_line(text))
    return _MD_LINE_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text)


def render_markdown(draft: AdvertDraft) -> str:
    e = md_escape
    lines = [f"# {e(draft.title)}", ""]
    if draft.details:
        lines += [f"- **{label}:** {e(value)}" for label, value in draft.details] + [""]
    lines += ["## Job summary", ""]
    for paragraph in draft.summary or ["(The profile has no summary.)"]:
        lines += [e(paragraph), ""]
    lines += ["## Main duties", ""]
    lines += [f"- {e(duty)}" for duty in draft.duties] or ["None chosen\\."]
    lines += ["", "## Person specification"]
    for row in draft.spec:
        lines += ["", f"### {row.heading}"]
        for label, items in (("Essential", row.essential), ("Desirable", row.desirable)):
            lines += ["", f"**{label}**", ""]
            lines += [f"- {e(item)}" for item in items] or ["None\\."]
    return "\n".join(lines).strip() + "\n"


# XML 1.0 cannot hold most control characters; python-docx raises on them, so drop them.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _x(text: str) -> str:
    return _XML_ILLEGAL.sub("", text)


def render_docx(draft: AdvertDraft) -> bytes:
    from docx import Document  # imported here: only this download needs it

    document = Document()
    document.core_properties.title = _x(draft.title)
    document.add_heading(_x(draft.title), level=0)
    for label, value in draft.details:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(_x(value))
    document.add_heading("Job summary", level=1)
    for paragraph in draft.summary or ["(The profile has no summary.)"]:
        document.add_paragraph(_x(paragraph))
    document.add_heading("Main duties", level=1)
    for duty in draft.duties:
        document.add_paragraph(_x(duty), style="List Bullet")
    if not draft.duties:
        document.add_paragraph("None chosen.")
    document.add_heading("Person specification", level=1)
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("Criteria", "Essential", "Desirable"), strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for row in draft.spec:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(row.heading).bold = True
        for cell, items in ((cells[1], row.essential), (cells[2], row.desirable)):
            cell.paragraphs[0].text = _x(items[0]) if items else ""
            for item in items[1:]:
                cell.add_paragraph(_x(item))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
