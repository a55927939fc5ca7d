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
    level = "the level the role requires" if assessment.kind == "role" else "the level the framework asks for (Good)"
    document.add_paragraph(
        f"You meet {result.met} of {result.total} item{'s' if result.total != 1 else ''} ({result.percent}%) "
        f"at or above {level}."
        + (f" {result.partly} more partly met: rated, but below the level." if result.partly else "")
        + f" {len(result.gaps)} gap{'s' if len(result.gaps) != 1 else ''} to close."
    )

    part = "section" if assessment.kind == "role" else "dimension"
    document.add_heading(f"Items met by {part}", level=1)
    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, (part.capitalize(), "Items", "Met", "Partly met", "Share met"), strict=True
    ):
        cell.text = text
    rows = [(g.name, g.items, g.met, g.partly, g.percent) for g in result.groups]
    rows.append((f"All {part}s", result.total, result.met, result.partly, result.percent))
    for name, items, met, partly, percent in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, (name, str(items), str(met), str(partly), f"{percent}%"), strict=True):
            cell.text = text
    document.add_heading("How these figures are worked out", level=1)
    for sentence in context["method"]:
        document.add_paragraph(sentence)

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

    following, ahead = assessment.next_level, context.get("next_result")
    if following is not None and ahead is not None:
        document.add_heading(f"Gap to the next level up: {following.title}", level=1)
        document.add_paragraph(
            f"You meet {ahead.met} of its {ahead.total} skill{'s' if ahead.total != 1 else ''} at its level "
            f"({ahead.percent}%): {len(ahead.gaps)} gap{'s' if len(ahead.gaps) != 1 else ''} to close."
        )
        for gap in ahead.gaps:
            document.add_paragraph(
                f"{gap.item.title}: you {gap.rating_label}, needed {gap.item.required_label}, "
                f"{gap.size} step{'s' if gap.size != 1 else ''}.",
                style="List Bullet",
            )
    elif assessment.top_of_track:
        document.add_paragraph(f"{assessment.subject.title} is the top level of its ladder: there is no next level up.")

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
