"""Read the Digital Health Leadership Programme skills framework (seed 002): an
introduction, then dimensions, each with a description and bulleted skill areas written
"Name - Definition". Text is kept verbatim."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.text import slugify

from core.slugs import unique_slug

from .models import Framework, FrameworkDimension, Skill, SourceDocument

BULLET = re.compile(r"^\s*[•*]\s+(?P<name>.+?)\s+-\s+(?P<definition>.+?)\s*$")
DIMENSION = re.compile(r"^(?P<name>.+ dimension)$")
REVIEWED = re.compile(r"^Page last reviewed: (?P<date>.+?)\s*$")
NEXT_REVIEW = re.compile(r"^Next review due: (?P<date>.+?)\s*$")


@dataclass
class Dimension:
    name: str
    description: str = ""
    areas: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class ParsedFramework:
    heading: str
    introduction: str
    dimensions: list[Dimension]
    last_reviewed: date | None = None
    next_review_due: date | None = None


def parse_review_date(value: str) -> date | None:
    try:
        return datetime.strptime(value.strip(), "%d %B %Y").date()
    except ValueError:
        return None


def review_dates(text: str) -> tuple[date | None, date | None]:
    reviewed = due = None
    for line in text.split("\n"):
        if match := REVIEWED.match(line.strip()):
            reviewed = parse_review_date(match.group("date"))
        elif match := NEXT_REVIEW.match(line.strip()):
            due = parse_review_date(match.group("date"))
    return reviewed, due


def parse_dhlp(text: str) -> ParsedFramework:
    paragraphs = [line.strip() for line in text.split("\n") if line.strip()]
    heading = paragraphs[0]
    introduction: list[str] = []
    dimensions: list[Dimension] = []
    for paragraph in paragraphs[1:]:
        if REVIEWED.match(paragraph) or NEXT_REVIEW.match(paragraph) or paragraph == "Skill areas and definitions":
            continue
        if match := DIMENSION.match(paragraph):
            dimensions.append(Dimension(name=match.group("name")))
        elif match := BULLET.match(paragraph):
            if not dimensions:
                raise ValueError(f"a skill area comes before any dimension: {paragraph[:60]}")
            dimensions[-1].areas.append((match.group("name"), match.group("definition")))
        elif dimensions:
            dimension = dimensions[-1]
            dimension.description = "\n\n".join(filter(None, [dimension.description, paragraph]))
        else:
            introduction.append(paragraph)
    reviewed, due = review_dates(text)
    return ParsedFramework(
        heading=heading,
        introduction="\n\n".join(introduction),
        dimensions=dimensions,
        last_reviewed=reviewed,
        next_review_due=due,
    )


def load_dhlp(document: SourceDocument, *, name: str) -> Framework:
    parsed = parse_dhlp(document.text)
    framework, _ = Framework.objects.update_or_create(
        name=name,
        defaults={
            "slug": slugify(name),
            "abbreviation": "DHLP",
            "description": f"{parsed.heading}\n\n{parsed.introduction}",
            "source_document": document,
        },
    )
    position = 0
    for dimension_position, parsed_dimension in enumerate(parsed.dimensions, start=1):
        dimension, _ = FrameworkDimension.objects.update_or_create(
            framework=framework,
            name=parsed_dimension.name,
            defaults={"description": parsed_dimension.description, "position": dimension_position},
        )
        for title, definition in parsed_dimension.areas:
            position += 1
            skill = Skill.objects.filter(framework=framework, title=title).first() or Skill(
                framework=framework, title=title, slug=unique_slug(Skill, title, f"{title} {name}", max_length=255)
            )
            skill.kind = Skill.Kind.SKILL_AREA
            skill.description = definition
            skill.dimension = dimension
            skill.position = position
            skill.save()
    return framework
