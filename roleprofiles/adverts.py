"""A job advert in the NHS Jobs shape, built from one role profile's own content.

The draft follows an NHS Jobs advert top to bottom (``../shared/data/nhs-jobs/README.md``):
job summary, main duties of the job, about us, job responsibilities, then the person
specification as criteria under categories (qualifications, experience, skills and
knowledge, behaviours and values), each essential or desirable. Nothing is invented:
every line is written from the profile's own text (an entry, its level or depth and its
descriptor), or is what the person building the advert typed.

Defaults make a short draft a recruiter would keep (``default_choices``): at most
``ESSENTIAL_IN_DRAFT`` essential and ``DESIRABLE_IN_DRAFT`` desirable criteria. The person
building the advert changes any entry (``r<requirement id>=e|d|x``, ``d<n>=e|x`` for a
summary's duty line), a whole category at once (``bulk=<category>:all|none``), and can
hide what is left out (``show=selected``). All of it lives in the request: nothing is stored.

Renderers: ``render_text`` (plain text, one criterion per line, for pasting),
``render_markdown`` and ``render_docx``. Database text is escaped for each: Markdown
special characters are backslashed, plain-text lines that would start a spreadsheet
formula are neutralised, and python-docx writes text runs, which it escapes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import zip_longest

from django import forms

from .exports import (
    Attribution,
    add_docx_attributions,
    add_docx_heading,
    add_docx_table,
    docx_bytes,
    docx_text,
    framework_attributions,
    is_bullet,
    neutralise_cell,
    new_docx,
    text_lines,
    unbullet,
)
from .models import AgendaForChangeBand, Requirement, Role, Section, section_rank

ESSENTIAL, DESIRABLE, LEAVE_OUT = "e", "d", "x"
CHOICES = {ESSENTIAL: "Essential", DESIRABLE: "Desirable", LEAVE_OUT: "Leave out"}
INCLUDE_CHOICES = {ESSENTIAL: "Include", LEAVE_OUT: "Leave out"}

# Person specification categories in the order NHS Jobs lists them; behaviours and values
# is the one more category these profiles support.
DUTIES = "duties"
QUALIFICATIONS = "qualifications"
EXPERIENCE = "experience"
KNOWLEDGE = "knowledge"
BEHAVIOURS = "behaviours"
CATEGORIES = {
    QUALIFICATIONS: "Qualifications",
    EXPERIENCE: "Experience",
    KNOWLEDGE: "Skills and knowledge",
    BEHAVIOURS: "Behaviours and values",
}
FORM_HEADINGS = {DUTIES: "Main duties of the job", **CATEGORIES}

# Where each profile section goes, and why:
# - work activity components say what the post holder does: main duties, not criteria;
# - qualifications: qualifications;
# - training and professional development activities are development, not qualifications: a
#   candidate who has done them has experience an employer may welcome (desirable experience),
#   but the profile lists them as what the post holder develops through, so the draft leaves
#   training out and takes only a couple of development activities, as desirable;
# - skills with a depth, level or framework level: skills and knowledge (a framework skill's
#   level text also becomes a job responsibility, since it says what the post holder does);
# - behaviours, behavioural skills and leadership: behaviours and values.
SECTION_CATEGORY: dict[str, str | None] = {
    Section.WORK_ACTIVITY: None,
    Section.QUALIFICATION: QUALIFICATIONS,
    Section.TRAINING: EXPERIENCE,
    Section.PDA: EXPERIENCE,
    Section.TECHNICAL: KNOWLEDGE,
    Section.OTHER: KNOWLEDGE,
    Section.DATA: KNOWLEDGE,
    Section.PROJECT: KNOWLEDGE,
    Section.FRAMEWORK: KNOWLEDGE,
    Section.BEHAVIOUR: BEHAVIOURS,
    Section.BEHAVIOURAL: BEHAVIOURS,
    Section.LEADERSHIP: BEHAVIOURS,
}

# The default draft: short enough to keep, within NHS Jobs' habit of a few criteria per category.
ESSENTIAL_IN_DRAFT = 8
DESIRABLE_IN_DRAFT = 6
EXPERIENCE_IN_DRAFT = 2  # development activities, of the desirable ones

FORMATS = ("", "html", "docx", "txt", "md")
FIELD_LIMITS = {"title": 200, "employer": 200, "location": 200, "closing_date": 60, "about": 3000}
SHOW_SELECTED = "selected"


class AdvertInputError(ValueError):
    """A parameter the advert builder cannot use; the message is shown to the user."""


# Casing ------------------------------------------------------------------------------------

# Multi-word names that keep their capitals wherever they appear.
PROPER_NAMES = (
    "NHS Constitution",
    "NHS Jobs",
    "Agenda for Change",
    "Knowledge for Healthcare",
    "General Data Protection Regulation",
    "Data Protection Act",
    "Freedom of Information Act",
    "Caldicott Principles",
    "Role Model Plus",
    "Open Government Licence",
)
# Single words that are names, not ordinary words, in these profiles.
PROPER_WORDS = frozenset(
    {"I", "English", "British", "Welsh", "Scottish", "Irish", "European", "Microsoft", "Excel", "Python", "Caldicott"}
)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


def _keep_case(word: str) -> bool:
    """An acronym (NHS, GDPR, ED&I's parts), a mixed-case name (AphA, DevOps, eLearning), a token with a
    digit (3D, 5G) or a proper word."""
    if word in PROPER_WORDS or any(c.isdigit() for c in word):
        return True
    if len(word) > 1 and word.isupper():
        return True
    return any(c.isupper() for c in word[1:])


def lower_ordinary_words(text: str, *, keep_first: bool = False) -> str:
    """Lower-case the ordinary capitalised words of ``text`` (a title put mid-sentence), keeping
    acronyms, mixed-case tokens and known proper names as written: "Negotiating and Influencing"
    becomes "negotiating and influencing"; "Gaining Knowledge of Broader IT Issues", "gaining
    knowledge of broader IT issues"; "NHS Constitution" and "AphA" stay. With ``keep_first`` the
    first word keeps its capital (the title starts a sentence)."""
    protected = [m.span() for name in PROPER_NAMES for m in re.finditer(re.escape(name), text)]
    first = True

    def replace(match: re.Match) -> str:
        nonlocal first
        word, was_first = match.group(), first
        first = False
        if (keep_first and was_first) or any(start <= match.start() < end for start, end in protected):
            return word
        if _keep_case(word) or not word[:1].isupper():
            return word
        return word.lower()

    return _WORD.sub(replace, text)


def sentence_case(text: str) -> str:
    """A title as the start of a sentence: its first word capitalised, ordinary words after it lower-case."""
    text = lower_ordinary_words(text, keep_first=True)
    return text[:1].upper() + text[1:]


def _lower_first_word(text: str) -> str:
    """The first word lower-cased if it is an ordinary word (a clause after a colon or a semicolon)."""
    match = _WORD.search(text)
    if not match or match.start() != 0 or _keep_case(match.group()) or not text[:1].isupper():
        return text
    return text[:1].lower() + text[1:]


# Text from the profile -------------------------------------------------------------------------


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


@dataclass
class SummaryParts:
    """A role summary split into what describes the job and the duties it lists."""

    paragraphs: list[str]
    duties: list[str]
    lead_in: str = ""  # the line that introduces the duties ("At this role level, you will:")


def summary_parts(summary: str) -> SummaryParts:
    """``- `` bullet lines are duties (a DDaT role level's "At this role level, you will:" list;
    the lead-in line ending in a colon before them goes with them), other lines are the job summary. A
    summary written one duty per line with no bullets (as Role Model Plus summaries of several
    duties are) keeps its first line as the job summary and the rest are duties; a summary of one
    line is the job summary alone."""
    lines = text_lines(summary)
    if any(is_bullet(line) for line in lines):
        first = next(i for i, line in enumerate(lines) if is_bullet(line))
        lead_in = lines[first - 1] if first and lines[first - 1].endswith(":") else ""
        paragraphs = [line for i, line in enumerate(lines) if not is_bullet(line) and not (lead_in and i == first - 1)]
        return SummaryParts(paragraphs, [unbullet(line) for line in lines if is_bullet(line)], lead_in)
    raw = (summary or "").replace("\r\n", "\n").replace("\u2028", "\n")
    blocks = [block for block in re.split(r"\n\s*\n", raw) if block.strip()]
    if len(blocks) == 1 and len(lines) > 1:
        return SummaryParts(lines[:1], lines[1:])
    return SummaryParts([_one_line(block) for block in blocks], [])


def descriptor_parts(descriptor: str) -> tuple[list[str], list[str]]:
    """A descriptor's lead-in lines and its ``- `` bullet lines (DDaT level descriptors are
    "You can:" and a list)."""
    lines = text_lines(descriptor)
    return [line for line in lines if not is_bullet(line)], [unbullet(line) for line in lines if is_bullet(line)]


_ABLE_TO = re.compile(
    r"(^|(?<=[.;:]\s))(?:You are (?:also )?able to|You're able to|You will be able to|You can|I can|I am able to)\s+",
    re.IGNORECASE,
)
_NUMBERED = re.compile(r"(?:^|\s)\d{1,2}\.\s*(?=[A-Z])")


def criterion_clause(descriptor: str) -> str:
    """A descriptor as a clause a criterion can carry after a colon: one line, a "You can:" list
    joined with semicolons, numbered steps likewise, and "You are able to", "You can" or "I can"
    read as "able to" (a person specification says what a candidate can do, not "you")."""
    lead, bullets = descriptor_parts(descriptor)
    if bullets:
        intro = " ".join(lead)
        items = "; ".join(_lower_first_word(b.rstrip(" .;")) for b in bullets)
        text = f"{intro[:-1]} {items}" if intro.endswith(":") else (f"{intro}: {items}" if intro else items)
    else:
        text = " ".join(lead)
        steps = [step.strip() for step in _NUMBERED.split(text) if step.strip()]
        if len(steps) > 1:  # "1.Lead on ... 2.Ensure ...": the steps as one list
            text = "; ".join([steps[0].rstrip(" .;")] + [_lower_first_word(s.rstrip(" .;")) for s in steps[1:]])

    def able_to(match: re.Match) -> str:  # a capital only where a new sentence starts
        return "Able to " if match.start() > 1 and text[match.start() - 2] == "." else "able to "

    return _lower_first_word(_one_line(_ABLE_TO.sub(able_to, text)))


def level_phrase(requirement: Requirement) -> str:
    """The requirement's level in words: "practitioner level", "level 4 (Enable)", "level 5"."""
    level = requirement.level
    label = _one_line(requirement.level_label or (level.label if level else ""))
    numbered = re.match(r"^level\s+\w+\s*(?:[-–:]\s*(.+))?$", label, re.IGNORECASE)
    if numbered and level is not None:
        return f"level {level.rank} ({numbered[1]})" if numbered[1] else f"level {level.rank}"
    return f"{lower_ordinary_words(label)} level"


def duty_text(requirement: Requirement) -> str:
    descriptor = _one_line(requirement.descriptor)
    return f"{requirement.skill.title}: {descriptor}" if descriptor else requirement.skill.title


def responsibility_text(requirement: Requirement) -> str:
    """A framework skill's level text as a job responsibility."""
    title = f"{sentence_case(requirement.skill.title)}, at {level_phrase(requirement)}"
    clause = criterion_clause(requirement.descriptor)
    return f"{title}: {clause}" if clause else title


def criterion_text(requirement: Requirement) -> str:
    """The person specification line, a sentence written from the entry, its level or depth and
    its descriptor: never a bare label with a level in brackets."""
    skill = requirement.skill
    title = _one_line(skill.title)
    section = requirement.section
    if section == Section.QUALIFICATION:
        body = _one_line(skill.awarding_body)
        # Qualifications are names: kept as written, with the awarding body unless the title names it.
        return f"{title} ({body})" if body and body.lower() not in title.lower() else title
    if section == Section.TRAINING:
        return f"Training in {lower_ordinary_words(title)}"
    if section == Section.PDA:
        return f"Experience of {lower_ordinary_words(title)}"
    if requirement.depth_id:
        return f"{sentence_case(_one_line(requirement.depth.label))} {lower_ordinary_words(title)}"
    if section == Section.FRAMEWORK and requirement.level_id:
        # The level text goes to the job responsibilities; the criterion names the skill at its level.
        return f"{sentence_case(title)} at {level_phrase(requirement)}"
    clause = criterion_clause(requirement.descriptor)
    if clause:
        return f"{sentence_case(title)}: {clause}"
    if requirement.level_id:
        return f"{sentence_case(title)} at {level_phrase(requirement)}"
    return sentence_case(title)


# Choices and the default draft -----------------------------------------------------------------


def category(requirement: Requirement) -> str | None:
    return SECTION_CATEGORY.get(requirement.section, KNOWLEDGE)


def _source_order(requirement: Requirement) -> tuple[int, int]:
    return section_rank(requirement.section), requirement.position


def _height(requirement: Requirement) -> float | None:
    """How high on its scale the entry's level or depth is, 0 (bottom) to 1 (top); None if it has neither."""
    measure = requirement.level or requirement.depth
    if measure is None:
        return None
    scale = measure.scale
    span = scale.max_rank - scale.min_rank
    return (measure.rank - scale.min_rank) / span if span else 1.0


def _rank_key(requirement: Requirement) -> tuple:
    height = _height(requirement)
    return (height is None, -(height or 0.0), *_source_order(requirement))


def default_choices(requirements: Sequence[Requirement]) -> dict[int, str]:
    """The draft a recruiter starts from: duties in; every qualification essential; then the
    highest-level skills and behaviours (taken in turn from each category, ties in source order)
    essential up to ``ESSENTIAL_IN_DRAFT``; the next ones and the first ``EXPERIENCE_IN_DRAFT``
    development activities desirable up to ``DESIRABLE_IN_DRAFT``; the rest (training included)
    left out."""
    choices = {r.pk: (ESSENTIAL if category(r) is None else LEAVE_OUT) for r in requirements}
    ordered = sorted(requirements, key=_source_order)
    qualifications = [r for r in ordered if r.section == Section.QUALIFICATION]
    development = [r for r in ordered if r.section == Section.PDA][:EXPERIENCE_IN_DRAFT]
    by_height = [sorted((r for r in ordered if category(r) == key), key=_rank_key) for key in (KNOWLEDGE, BEHAVIOURS)]
    # One from each category in turn, so both are represented whatever their sizes.
    ranked = [r for pair in zip_longest(*by_height) for r in pair if r is not None]

    essential = qualifications[:ESSENTIAL_IN_DRAFT]
    desirable = qualifications[ESSENTIAL_IN_DRAFT:][:DESIRABLE_IN_DRAFT]
    desirable += development[: DESIRABLE_IN_DRAFT - len(desirable)]
    for requirement in ranked:
        if len(essential) < ESSENTIAL_IN_DRAFT:
            essential.append(requirement)
        elif len(desirable) < DESIRABLE_IN_DRAFT:
            desirable.append(requirement)
    choices.update({r.pk: ESSENTIAL for r in essential})
    choices.update({r.pk: DESIRABLE for r in desirable})
    return choices


def _choice(params: Mapping, name: str, default: str, allowed: Mapping[str, str], label: str) -> str:
    value = (params.get(name) or "").strip().lower()
    if not value:
        return default
    if value not in allowed:
        options = [f"{text.lower()} ({key})" for key, text in allowed.items()]
        options = " or ".join([", ".join(options[:-1]), options[-1]])
        raise AdvertInputError(f"“{_one_line(label)[:80]}” must be {options}.")
    return value


# The form --------------------------------------------------------------------------------------


class BandField(forms.ChoiceField):
    """An Agenda for Change band, typed or chosen: "8a", "8A", "Band 8a" are one band."""

    default_error_messages = {"invalid_choice": "Choose a band from the list: 2 to 7, 8a to 8d or 9."}

    def to_python(self, value):
        value = re.sub(r"^band\s*", "", super().to_python(value).strip().lower())
        if "\x00" in value:
            raise forms.ValidationError("Null characters are not allowed.")
        if value == "1":
            raise forms.ValidationError("Band 1 is closed to new entrants: choose a band from 2 to 9.")
        return value


def _detail(name: str, label: str, **kwargs) -> forms.CharField:
    """An optional detail of the advert, no longer than ``FIELD_LIMITS[name]``."""
    return forms.CharField(label=label, required=False, max_length=FIELD_LIMITS[name], **kwargs)


class AdvertDetailsForm(forms.Form):
    """What the profile cannot know. Over-long values are errors (400), not silently cut."""

    title = _detail("title", "Job title", help_text="Leave blank to use the role's title.")
    employer = _detail("employer", "Employer", help_text="Named as the author of the Word documents.")
    band = BandField(
        label="Agenda for Change band",
        required=False,
        choices=[("", "Not stated"), *AgendaForChangeBand.choices],
        help_text="Band 1 is closed to new entrants.",
    )
    location = _detail("location", "Location")
    closing_date = _detail("closing_date", "Closing date", help_text="For example, 31 March 2027.")
    about = _detail(
        "about",
        "About us",
        widget=forms.Textarea,
        help_text="Your organisation, in your words: the profile cannot say this.",
    )

    def __init__(self, data: Mapping, role: Role):
        data = data.copy() if hasattr(data, "copy") else dict(data)
        # The role's indicative band is the default; an empty ``band`` chooses "not stated".
        if "band" not in data and role.indicative_band:
            data["band"] = role.indicative_band
        super().__init__(data)
        self.role = role


@dataclass
class FormItem:
    """One choice in the builder: a requirement or a summary duty line."""

    name: str
    label: str
    hint: str
    choice: str
    default: str
    spec: bool  # a criterion (essential, desirable, leave out), else a duty (include, leave out)

    @property
    def options(self) -> list[tuple[str, str]]:
        return list((CHOICES if self.spec else INCLUDE_CHOICES).items())

    @property
    def included(self) -> bool:
        return self.choice != LEAVE_OUT


@dataclass
class FormGroup:
    key: str
    heading: str
    items: list[FormItem] = field(default_factory=list)

    @property
    def included(self) -> int:
        return sum(item.included for item in self.items)


@dataclass
class Criterion:
    text: str
    essential: bool
    requirement: Requirement

    @property
    def label(self) -> str:
        return "Essential" if self.essential else "Desirable"


@dataclass
class SpecCategory:
    key: str
    heading: str
    criteria: list[Criterion] = field(default_factory=list)

    @property
    def essential(self) -> list[str]:
        return [c.text for c in self.criteria if c.essential]

    @property
    def desirable(self) -> list[str]:
        return [c.text for c in self.criteria if not c.essential]


@dataclass
class AdvertDraft:
    role: Role
    title: str
    employer: str
    band: str  # a key of AgendaForChangeBand, or ""
    details: list[tuple[str, str]]  # (label, value) of the free-text fields given
    summary: list[str]  # paragraphs
    duties: list[str]
    duties_lead_in: str  # introduces the summary's duty list, when it has one
    about: list[str]  # paragraphs
    responsibilities: list[str]
    spec: list[SpecCategory]  # the categories with criteria, in NHS Jobs order
    groups: list[FormGroup]
    attributions: list[Attribution]
    show_selected: bool = False
    bulk_group: str = ""  # the group a select all or none button was just used on

    @property
    def filename_stem(self) -> str:
        return f"{self.role.slug}-job-advert"

    @property
    def band_label(self) -> str:
        return AgendaForChangeBand(self.band).label if self.band else ""

    @property
    def criteria_count(self) -> dict[str, int]:
        criteria = [c for category in self.spec for c in category.criteria]
        return {"essential": sum(c.essential for c in criteria), "desirable": sum(not c.essential for c in criteria)}

    def query(self, details: Mapping[str, str]) -> dict[str, str]:
        """The parameters that rebuild this draft: the details given and every choice that differs
        from its default (so download links stay short and a bulk action is not applied twice)."""
        params = {name: value for name, value in details.items() if value and name != "band"}
        if self.band != (self.role.indicative_band or ""):
            params["band"] = self.band  # empty when "not stated" overrides the role's band
        for group in self.groups:
            params.update({item.name: item.choice for item in group.items if item.choice != item.default})
        if self.show_selected:
            params["show"] = SHOW_SELECTED
        return params


def _hint(requirement: Requirement) -> str:
    measure = requirement.level_label or (requirement.level.label if requirement.level_id else "")
    if requirement.depth_id:
        measure = requirement.depth.label.lower()
    section = requirement.get_section_display()
    return f"{section}, {_one_line(measure)}" if measure else section


def build_advert(role: Role, requirements: Sequence[Requirement], params: Mapping, details: Mapping) -> AdvertDraft:
    """The draft for these parameters. Raises AdvertInputError for a choice that is not one of its options
    (requirement parameters of other roles, or duty lines the summary no longer has, are ignored)."""
    defaults = default_choices(requirements)
    ordered = sorted(requirements, key=_source_order)
    parts = summary_parts(role.summary)
    groups = {key: FormGroup(key, heading) for key, heading in FORM_HEADINGS.items()}

    def item(name: str, label: str, hint: str, default: str, spec: bool) -> FormItem:
        allowed = CHOICES if spec else INCLUDE_CHOICES
        return FormItem(name, label, hint, _choice(params, name, default, allowed, label), default, spec)

    chosen: list[tuple[Requirement, FormItem]] = []
    for requirement in ordered:
        key = category(requirement)
        form_item = item(
            f"r{requirement.pk}", requirement.skill.title, _hint(requirement), defaults[requirement.pk], key is not None
        )
        groups[key or DUTIES].items.append(form_item)
        chosen.append((requirement, form_item))
    duty_lines = [item(f"d{n}", line, "From the role summary", ESSENTIAL, False) for n, line in enumerate(parts.duties)]
    groups[DUTIES].items.extend(duty_lines)
    bulk_group = _apply_bulk(params.get("bulk", ""), groups)

    duties, responsibilities = [], []
    spec = {key: SpecCategory(key, heading) for key, heading in CATEGORIES.items()}
    for requirement, form_item in chosen:
        if not form_item.included:
            continue
        key = category(requirement)
        if key is None:
            duties.append(duty_text(requirement))
            continue
        if requirement.section == Section.FRAMEWORK and requirement.level_id:
            responsibilities.append(responsibility_text(requirement))
        spec[key].criteria.append(Criterion(criterion_text(requirement), form_item.choice == ESSENTIAL, requirement))
    duties += [line.label for line in duty_lines if line.included]

    title = (details.get("title") or "").strip() or role.title
    band = details.get("band") or ""
    given = [
        ("Employer", (details.get("employer") or "").strip()),
        ("Pay scheme and band", f"Agenda for Change, {AgendaForChangeBand(band).label.lower()}" if band else ""),
        ("Location", (details.get("location") or "").strip()),
        ("Closing date", (details.get("closing_date") or "").strip()),
    ]
    return AdvertDraft(
        role=role,
        title=title,
        employer=(details.get("employer") or "").strip(),
        band=band,
        details=[(label, value) for label, value in given if value],
        summary=parts.paragraphs,
        duties=duties,
        duties_lead_in=parts.lead_in if any(line.included for line in duty_lines) else "",
        about=text_lines(details.get("about") or ""),
        responsibilities=responsibilities,
        spec=[category for category in spec.values() if category.criteria],
        groups=[group for group in groups.values() if group.items],
        attributions=framework_attributions(r.skill.framework for r in requirements),
        show_selected=(params.get("show") or "") == SHOW_SELECTED,
        bulk_group=bulk_group,
    )


def _apply_bulk(value: str, groups: Mapping[str, FormGroup]) -> str:
    """``<group>:all`` puts every entry of a group in the draft (what was left out comes in as
    desirable, or included for a duty; essential stays essential); ``<group>:none`` leaves them all
    out. Returns the group's key, so the page can show that group open."""
    if not value:
        return ""
    key, _, action = value.partition(":")
    if key not in groups or action not in ("all", "none"):
        raise AdvertInputError("That select all or none button is not one this page offers.")
    for form_item in groups[key].items:
        if action == "none":
            form_item.choice = LEAVE_OUT
        elif not form_item.included:
            form_item.choice = DESIRABLE if form_item.spec else ESSENTIAL
    return key


# Renderers -------------------------------------------------------------------------------------

NO_SUMMARY = "The profile has no summary."
NONE_CHOSEN = "None chosen."


@dataclass
class DraftSection:
    heading: str
    paragraphs: list[str]
    bullets: list[str] = field(default_factory=list)


def draft_sections(draft: AdvertDraft) -> list[DraftSection]:
    """The sections before the person specification, in NHS Jobs order. About us and job
    responsibilities appear only when there is something to say."""
    duties_intro = [draft.duties_lead_in] if draft.duties_lead_in else ([] if draft.duties else [NONE_CHOSEN])
    sections = [
        DraftSection("Job summary", draft.summary or [NO_SUMMARY]),
        DraftSection("Main duties of the job", duties_intro, draft.duties),
    ]
    if draft.about:
        sections.append(DraftSection("About us", draft.about))
    if draft.responsibilities:
        sections.append(DraftSection("Job responsibilities", [], draft.responsibilities))
    return sections


def _attribution_lines(attributions: Sequence[Attribution]) -> list[str]:
    return [line for attribution in attributions for line in attribution.lines]


def render_text(draft: AdvertDraft) -> str:
    """Plain text to paste into NHS Jobs: each criterion on its own line under its category's
    essential or desirable list, as NHS Jobs takes them."""
    lines = [draft.title, ""]
    if draft.details:
        lines += [f"{label}: {value}" for label, value in draft.details] + [""]
    for section in draft_sections(draft):
        lines += [section.heading, "", *section.paragraphs, *[f"• {line}" for line in section.bullets], ""]
    lines.append("Person specification")
    if not draft.spec:
        lines += ["", "No criteria chosen."]
    for category in draft.spec:
        lines += ["", category.heading]
        for label, items in (("Essential", category.essential), ("Desirable", category.desirable)):
            if items:
                lines += [f"{label} criteria:", *items]
    if draft.attributions:
        lines += ["", *_attribution_lines(draft.attributions)]
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
    for section in draft_sections(draft):
        lines += [f"## {section.heading}", ""]
        for paragraph in section.paragraphs:
            lines += [e(paragraph), ""]
        if section.bullets:
            lines += [f"- {e(line)}" for line in section.bullets] + [""]
    lines += ["## Person specification", ""]
    if not draft.spec:
        lines += ["No criteria chosen\\.", ""]
    for category in draft.spec:
        lines += [f"### {category.heading}", "", "| Criterion | Essential or desirable |", "| --- | --- |"]
        lines += [f"| {e(c.text)} | {c.label} |" for c in category.criteria] + [""]
    for line in _attribution_lines(draft.attributions):
        lines += [e(line), ""]
    return "\n".join(lines).strip() + "\n"


SPEC_HEADER = ("Criterion", "Essential or desirable")


def add_person_specification(document, spec: Sequence[SpecCategory], level: int) -> None:
    """One table per category, one row per criterion: the shape NHS Jobs asks for."""
    if not spec:
        document.add_paragraph("No criteria chosen.")
    for category in spec:
        add_docx_heading(document, category.heading, level)
        rows = [(c.text, c.label) for c in category.criteria]
        add_docx_table(document, SPEC_HEADER, rows, widths=(0.78, 0.22), caption=f"{category.heading} criteria")


def render_docx(draft: AdvertDraft) -> bytes:
    document = new_docx(title=f"Job advert: {draft.title}", author=draft.employer, subject=draft.role.title)
    add_docx_heading(document, draft.title, 1)
    for label, value in draft.details:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(docx_text(value))
    for section in draft_sections(draft):
        add_docx_heading(document, section.heading, 2)
        for paragraph in section.paragraphs:
            document.add_paragraph(docx_text(paragraph))
        for line in section.bullets:
            document.add_paragraph(docx_text(line), style="List Bullet")
    add_docx_heading(document, "Person specification", 2)
    add_person_specification(document, draft.spec, 3)
    add_docx_attributions(document, draft.attributions)
    return docx_bytes(document)
