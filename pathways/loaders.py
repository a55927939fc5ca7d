"""Load the curated report and project content (pathways.content) into the database.
Registered with roleprofiles.seeding by PathwaysConfig.ready; running it again updates in place."""

from __future__ import annotations

import re

from django.db import transaction
from django.utils.text import slugify

from frameworks.models import Framework, ProfessionalBody, SourceDocument

from . import content, models

REFERENCE_LINE = re.compile(r"^(?P<number>\d+) (?P<text>.+)$")
URL = re.compile(r"https?://\S+")
# What a programme's entry in content.PROGRAMMES gives where the report states it.
PROGRAMME_DETAILS = ("provider", "length", "time_commitment", "level", "leads_to")


def normalise(text: str) -> str:
    """Non-breaking spaces read as spaces; nothing else changes."""
    return text.replace("\xa0", " ")


def parse_references(text: str) -> list[tuple[int, str, str]]:
    """The numbered entries after the "References" heading, up to the review dates."""
    _, _, tail = normalise(text).partition("\nReferences\n")
    entries = []
    for line in tail.split("\n"):
        if match := REFERENCE_LINE.match(line.strip()):
            url = URL.search(match.group("text"))
            entries.append((int(match.group("number")), line.strip(), url.group(0) if url else ""))
    return entries


@transaction.atomic
def load_report(*, document: SourceDocument) -> dict[str, int]:
    text = normalise(document.text)
    for number, entry, url in parse_references(document.text):
        models.Reference.objects.update_or_create(number=number, defaults={"text": entry, "url": url})

    references = {reference.number: reference for reference in models.Reference.objects.all()}
    excerpts = {}
    for key, (heading, quote, reference) in content.EXCERPTS.items():
        position = text.find(quote)
        if position < 0:
            raise ValueError(f"excerpt {key!r} is not in {document.filename}")
        excerpts[key], _ = models.Excerpt.objects.update_or_create(
            key=key,
            defaults={
                "document": document,
                "text": quote,
                "reference_number": reference,
                "reference": references.get(reference),
                "heading": heading,
                "position": position,
            },
        )

    archetypes = {}
    for position, (name, keys) in enumerate(content.ARCHETYPES, start=1):
        archetype, _ = models.Archetype.objects.update_or_create(
            name=name, defaults={"slug": slugify(name), "position": position}
        )
        archetype.excerpts.set([excerpts[key] for key in keys])
        archetypes[name] = archetype

    named_roles = {}
    for position, (name, keys, linked) in enumerate(content.NAMED_ROLES, start=1):
        named_role, _ = models.NamedRole.objects.update_or_create(
            name=name, defaults={"slug": slugify(name), "position": position}
        )
        named_role.excerpts.set([excerpts[key] for key in keys])
        named_role.archetypes.set([archetypes[a] for a in linked])
        named_roles[name] = named_role

    for position, item in enumerate(content.PROGRAMMES, start=1):
        framework = Framework.objects.filter(abbreviation=item["framework"]).first() if "framework" in item else None
        programme, _ = models.TrainingProgramme.objects.update_or_create(
            name=item["name"],
            defaults={
                "slug": slugify(item["name"]),
                "position": position,
                **{detail: item.get(detail, "") for detail in PROGRAMME_DETAILS},
                "framework": framework,
            },
        )
        programme.excerpts.set([excerpts[key] for key in item["excerpts"]])
        programme.archetypes.set([archetypes[a] for a in item.get("archetypes", [])])
        programme.named_roles.set([named_roles[n] for n in item.get("named_roles", [])])

    stages = [(words, placement, False) for words, placement in content.CYCLE]
    stages.append((*content.CYCLE_CENTRE, True))
    for position, (words, placement, is_centre) in enumerate(stages, start=1):
        models.CycleStage.objects.update_or_create(
            position=position, defaults={"text": words, "placement": placement, "is_centre": is_centre}
        )

    for position, (value, key) in enumerate(content.FIGURES, start=1):
        models.KeyFigure.objects.update_or_create(
            position=position, defaults={"value": value, "excerpt": excerpts[key]}
        )

    bodies = {body.abbreviation: body for body in ProfessionalBody.objects.all()}
    for abbreviation, name, key in content.BODY_MENTIONS:
        models.BodyMention.objects.update_or_create(
            body=bodies[abbreviation], excerpt=excerpts[key], defaults={"name_as_written": name}
        )
    describe_bodies(document)
    return {
        "excerpts": len(excerpts),
        "archetypes": len(archetypes),
        "named roles": len(named_roles),
        "programmes": len(content.PROGRAMMES),
    }


def describe_bodies(document: SourceDocument) -> None:
    """A professional body the report names is described in the report's own words."""
    for body in ProfessionalBody.objects.filter(report_mentions__isnull=False).distinct():
        quotes = [
            f"“{mention.excerpt.text}”" for mention in body.report_mentions.select_related("excerpt").order_by("pk")
        ]
        body.description = "\n\n".join([f"The report “{document.title}” names {body.abbreviation}:", *quotes])
        body.save(update_fields=["description"])


@transaction.atomic
def load_project(*, document: SourceDocument) -> int:
    for position, (part, quote) in enumerate(content.PROJECT_PARAGRAPHS, start=1):
        if quote not in normalise(document.text):
            raise ValueError(f"project paragraph {position} is not in {document.filename}")
        models.ProjectParagraph.objects.update_or_create(position=position, defaults={"part": part, "text": quote})
    return len(content.PROJECT_PARAGRAPHS)


def seed_report(document: SourceDocument) -> str:
    counts = load_report(document=document)
    return "report content: " + ", ".join(f"{n} {what}" for what, n in counts.items())


def seed_project(document: SourceDocument) -> str:
    return f"project content: {load_project(document=document)} paragraphs"


# What the seed fixture holds of this app, in dependency order.
REPORT_MODELS = (
    "pathways.reference",
    "pathways.excerpt",
    "pathways.archetype",
    "pathways.namedrole",
    "pathways.trainingprogramme",
    "pathways.cyclestage",
    "pathways.keyfigure",
    "pathways.bodymention",
)
PROJECT_MODELS = ("pathways.projectparagraph",)
