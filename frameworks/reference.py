"""Reference data named by the source documents, with each name exactly as a source
writes it (tests check every name against the sources)."""

from django.utils.text import slugify

from .models import ProfessionalBody

# (abbreviation, name as written, the source file that writes it)
PROFESSIONAL_BODIES = [
    ("AHCS", "Academy for Healthcare Science", "004_ebd69502ff72850d.txt"),
    ("AphA", "Association of Professional Healthcare Analysts", "004_ebd69502ff72850d.txt"),
    ("BCS", "British Computer Society", "004_ebd69502ff72850d.txt"),
    ("CHIME", "College of Healthcare Information Management Executives", "004_ebd69502ff72850d.txt"),
    ("CILIP", "Chartered Institute of Library and Information Professionals", "003_1e149a4be67bc537.txt"),
    ("FCI", "Faculty of Clinical Informatics", "004_ebd69502ff72850d.txt"),
    ("FEDIP", "Federation for Informatics Professionals", "004_ebd69502ff72850d.txt"),
]


def load_professional_bodies() -> list[ProfessionalBody]:
    bodies = []
    for abbreviation, name, _source in PROFESSIONAL_BODIES:
        body, _ = ProfessionalBody.objects.update_or_create(
            abbreviation=abbreviation, defaults={"name": name, "slug": slugify(abbreviation.lower())}
        )
        bodies.append(body)
    return bodies


def link_awarding_bodies() -> None:
    """A qualification's awarding body, as written, names a professional body by its full name."""
    from .models import Skill

    for body in ProfessionalBody.objects.all():
        Skill.objects.filter(kind=Skill.Kind.QUALIFICATION, awarding_body__icontains=body.name).update(
            professional_body=body
        )
