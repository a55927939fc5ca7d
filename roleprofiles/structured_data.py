"""schema.org data for a profile page, serialised so no content can end the script element."""

from __future__ import annotations

import json

from django.utils.safestring import SafeString, mark_safe

from .models import Role, Section

# What a profile asks a person to be able to do: not its qualifications or its work activities
# (given as such), nor its training courses and development activities, which are ways to learn.
NOT_SKILLS = (Section.QUALIFICATION, Section.WORK_ACTIVITY, Section.TRAINING, Section.PDA)
# The characters that could close the <script> element or start markup, as JSON escapes
# (the same set Django's json_script filter escapes).
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def occupation(role: Role, sections, *, url: str) -> dict:
    """A schema.org ``Occupation`` for a role: its skills, qualifications and responsibilities."""
    requirements = [r for section in sections for r in section.requirements]
    data = {
        "@context": "https://schema.org",
        "@type": "Occupation",
        "name": role.title,
        "description": role.summary,
        "url": url,
        "skills": list(dict.fromkeys(r.skill.title for r in requirements if r.section not in NOT_SKILLS)),
        "qualifications": [r.skill.title for r in requirements if r.section == Section.QUALIFICATION],
        "responsibilities": [r.descriptor for r in requirements if r.section == Section.WORK_ACTIVITY and r.descriptor],
    }
    if role.family:
        data["occupationalCategory"] = role.family.name
    if role.last_reviewed:
        data["dateModified"] = role.last_reviewed.isoformat()
    return data


def json_ld(data: dict) -> SafeString:
    """A ``<script type="application/ld+json">`` element for the data, safe whatever it contains."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')
