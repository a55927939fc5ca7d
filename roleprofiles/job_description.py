"""The whole role profile as an NHS job description and person specification (Word).

Laid out as NHS job descriptions are: job details, job summary, main duties and
responsibilities, knowledge and skills, behaviours, qualifications, development, then the
person specification (the advert builder's criteria: its default draft, or the choices the
advert page passes on). Every requirement of the profile appears, with its level or depth
and its text as the profile words it; nothing is added that the profile does not say.
"""

from __future__ import annotations

from collections.abc import Sequence

from .adverts import (
    BEHAVIOURS,
    KNOWLEDGE,
    QUALIFICATIONS,
    AdvertDraft,
    add_person_specification,
    category,
    duty_text,
    summary_parts,
)
from .exports import add_docx_attributions, add_docx_heading, add_docx_table, docx_bytes, docx_text, new_docx
from .models import Requirement, Section
from .selectors import ProfileSection, group_requirements

ESSENTIAL_MEANS = (
    "Essential criteria are what a candidate must have to apply; desirable criteria are what the employer would prefer."
)


def _measure(requirement: Requirement) -> str:
    if requirement.depth_id:
        return requirement.depth.label
    if requirement.level_id:
        return requirement.level_label or requirement.level.label
    return ""


def _entry_table(document, section: ProfileSection) -> None:
    """A profile section as a table: the entry, its level or depth where the section has them, its text."""
    measured = section.has_levels or section.has_depth
    header = ("Skill", "Depth" if section.has_depth and not section.has_levels else "Level", "Description")
    rows = [(r.skill.title, _measure(r), r.descriptor) for r in section.requirements]
    if measured:
        add_docx_table(document, header, rows, widths=(0.27, 0.2, 0.53), caption=section.heading)
    else:
        rows = [(title, text) for title, _, text in rows]
        add_docx_table(document, (header[0], header[2]), rows, widths=(0.3, 0.7), caption=section.heading)


def render_job_description(draft: AdvertDraft, requirements: Sequence[Requirement]) -> bytes:
    role = draft.role
    document = new_docx(
        title=f"Job description and person specification: {draft.title}", author=draft.employer, subject=role.title
    )
    add_docx_heading(document, draft.title, 1)
    document.add_paragraph("Job description and person specification")

    add_docx_heading(document, "Job details", 2)
    details = [("Job title", draft.title), *draft.details]
    if role.family:
        details.append(("Job family", role.family.name))
    if role.level:
        details.append(("Responsibility level", role.level.label))
    if role.professional_body:
        details.append(("Professional body", str(role.professional_body)))
    for label, value in details:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(docx_text(value))

    parts = summary_parts(role.summary)
    if parts.paragraphs:
        add_docx_heading(document, "Job summary", 2)
        for paragraph in parts.paragraphs:
            document.add_paragraph(docx_text(paragraph))

    sections = group_requirements(requirements)
    duties = [duty_text(r) for r in requirements if r.section == Section.WORK_ACTIVITY] + parts.duties
    if duties:
        add_docx_heading(document, "Main duties and responsibilities", 2)
        if parts.lead_in and parts.duties:
            document.add_paragraph(docx_text(parts.lead_in))
        for duty in duties:
            document.add_paragraph(docx_text(duty), style="List Bullet")

    for heading, key in (("Knowledge and skills", KNOWLEDGE), ("Behaviours", BEHAVIOURS)):
        chosen = [s for s in sections if category(s.requirements[0]) == key]
        if chosen:
            add_docx_heading(document, heading, 2)
        for section in chosen:
            add_docx_heading(document, section.heading, 3)
            _entry_table(document, section)

    qualifications = [r for r in requirements if category(r) == QUALIFICATIONS]
    if qualifications:
        add_docx_heading(document, "Qualifications", 2)
        rows = [(r.skill.title, r.skill.awarding_body) for r in qualifications]
        add_docx_table(document, ("Qualification", "Awarding body"), rows, widths=(0.6, 0.4), caption="Qualifications")

    training = [r for r in requirements if r.section == Section.TRAINING]
    activities = [r for r in requirements if r.section == Section.PDA]
    if training or activities:
        add_docx_heading(document, "Development", 2)
        document.add_paragraph("The training and professional development activities the profile lists for this role.")
    if training:
        add_docx_heading(document, "Training", 3)
        rows = [(r.skill.title, r.descriptor) for r in training]
        add_docx_table(document, ("Training", "Description"), rows, widths=(0.3, 0.7), caption="Training")
    if activities:
        add_docx_heading(document, "Professional development activities", 3)
        rows = [(r.skill.title, r.skill.group, r.descriptor) for r in activities]
        header = ("Activity", "Group", "Description")
        add_docx_table(document, header, rows, widths=(0.28, 0.2, 0.52), caption="Professional development activities")

    add_docx_heading(document, "Person specification", 2)
    document.add_paragraph(ESSENTIAL_MEANS)
    add_person_specification(document, draft.spec, 3)

    if draft.attributions or role.source_note:
        add_docx_heading(document, "About this profile", 2)
    if role.source_note:
        document.add_paragraph(docx_text(role.source_note))
    add_docx_attributions(document, draft.attributions)
    return docx_bytes(document)
