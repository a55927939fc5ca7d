"""A self-assessment result as a personal development plan in Word (.docx), built with
python-docx from the same context the result page shows."""

from __future__ import annotations

from io import BytesIO

from docx import Document

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def plan_docx(context: dict) -> bytes:
    assessment, result = context["assessment"], context["result"]
    document = Document()
    document.core_properties.title = f"Personal development plan: {assessment.subject}"
    document.add_heading("Personal development plan", level=0)
    against = "the role profile" if assessment.kind == "role" else "the skills framework"
    document.add_paragraph(f"Self-assessment against {against}: {assessment.subject}.")
    document.add_paragraph(
        f"Overall readiness: {result.percent}%. You meet {result.met} of {result.total} items; "
        f"{len(result.gaps)} gaps to close."
    )

    document.add_heading("Readiness by " + ("section" if assessment.kind == "role" else "dimension"), level=1)
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("Group", "Items met", "Readiness"), strict=True):
        cell.text = text
    for group in result.groups:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = group.name, f"{group.met} of {group.items}", f"{group.percent}%"

    document.add_heading("Gaps, largest first", level=1)
    if not result.gaps:
        document.add_paragraph("By your ratings you meet everything this assessment asks for.")
    for gap in result.gaps:
        title = f"{gap.item.code} {gap.item.title}" if gap.item.code else gap.item.title
        document.add_heading(title, level=2)
        document.add_paragraph(
            f"{gap.item.group}. You: {gap.rating_label}. Required: {gap.item.required_label}. "
            f"Gap: {gap.size} step{'s' if gap.size != 1 else ''}."
        )
        if gap.item.descriptor:
            document.add_paragraph(f"What is required: {gap.item.descriptor}")
        document.add_paragraph("My actions and target date: ")

    if assessment.programmes or assessment.activities:
        document.add_heading("Suggested development", level=1)
        for programme in assessment.programmes:
            details = ", ".join(filter(None, [programme.provider, programme.length, programme.level]))
            document.add_paragraph(
                f"{programme.name[:1].upper()}{programme.name[1:]}" + (f" ({details})" if details else ""),
                style="List Bullet",
            )
        for activity in assessment.activities:
            text = f"{activity.skill.title} ({activity.get_section_display().lower()})"
            document.add_paragraph(
                f"{text}: {activity.descriptor}" if activity.descriptor else text, style="List Bullet"
            )

    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
