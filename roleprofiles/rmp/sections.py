"""What the Role Model Plus export's sections are and which scale their levels use.

Shared by the parser (to read a file), the importer (to create levels) and the
exporter (to write a file back), so the three can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ScaleSpec:
    """A level scale; most count levels from 1, so a scale says only where it differs."""

    name: str
    slug: str
    max_rank: int
    kind: str = "level"  # frameworks.models.LevelScale.Kind value
    min_rank: int = 1
    labels: tuple[str, ...] = ()  # one per rank from min_rank, where the scale names its levels
    description: str = ""

    def label_for(self, rank: int) -> str:
        if self.labels:
            return self.labels[rank - self.min_rank]
        return f"Level {rank}"


RESPONSIBILITY_SCALE = ScaleSpec(
    name="Responsibility levels",
    slug="responsibility",
    max_rank=7,
    description="The levels of responsibility of work activity components in Role Model Plus profiles.",
)
COMPETENCY_SCALE = ScaleSpec(
    name="Competency levels",
    slug="competency",
    max_rank=5,
    description="The levels of behaviours, leadership, data skills and project skills in Role Model Plus profiles.",
)
DEPTH_SCALE = ScaleSpec(
    name="Depth of knowledge",
    slug="depth",
    kind="depth",
    max_rank=3,
    labels=("Familiar with", "Proficient in", "Expert in"),
)
FRAMEWORK_NAMED_SCALE = ScaleSpec(
    name="Awareness, working, practitioner, expert",
    slug="awareness-working-practitioner-expert",
    max_rank=4,
    labels=("Awareness", "Working", "Practitioner", "Expert"),
    description="The skill levels of the government profession capability frameworks.",
)
KLIM_SCALE = ScaleSpec(
    name="Knowledge, Library and Information Management Framework levels",
    slug="klim-levels",
    max_rank=5,
)

SCALES: dict[str, ScaleSpec] = {
    scale.name: scale
    for scale in (RESPONSIBILITY_SCALE, COMPETENCY_SCALE, DEPTH_SCALE, FRAMEWORK_NAMED_SCALE, KLIM_SCALE)
}
FRAMEWORK_NUMBERED_SCALES = {"Knowledge, Library and Information Management Framework": KLIM_SCALE.name}


def framework_scale_name(framework: str) -> str:
    """The scale of a framework whose levels are written "Level N - Name"."""
    name = FRAMEWORK_NUMBERED_SCALES.get(framework)
    if name is None:
        from django.utils.text import slugify

        name = f"{framework} levels"
        SCALES.setdefault(name, ScaleSpec(name=name, slug=slugify(name)[:80], max_rank=9))
    return name


@dataclass(frozen=True)
class SectionSpec:
    kind: str  # roleprofiles.models.Section value, or "additional_frameworks"
    columns: tuple[str, ...]
    scale: str | None = None  # the scale of "(Level N)" in entry titles


KNOWN_SECTIONS: dict[str, SectionSpec] = {
    "Work Activity Components": SectionSpec("work_activity", ("Title", "Details"), RESPONSIBILITY_SCALE.name),
    "Technical Skills": SectionSpec("technical", ("Title", "Details", "Depth")),
    "Other Skills": SectionSpec("other", ("Title", "Details", "Depth")),
    "Training": SectionSpec("training", ("Title", "Details")),
    "Professional Development Activity (PDA)": SectionSpec("pda", ("Title", "Details", "PDA Group")),
    "Qualification Components": SectionSpec("qualification", ("Title", "Awarding Bodies")),
    "Additional Frameworks": SectionSpec("additional_frameworks", ()),
    "Behaviours": SectionSpec("behaviour", ("Title", "Details"), COMPETENCY_SCALE.name),
    "Behavioural Skills": SectionSpec("behavioural", ("Title", "Details")),
    "Leadership": SectionSpec("leadership", ("Title", "Details"), COMPETENCY_SCALE.name),
    "Data Skills": SectionSpec("data", ("Title", "Details"), COMPETENCY_SCALE.name),
    "Project Skills": SectionSpec("project", ("Title", "Details"), COMPETENCY_SCALE.name),
}

# The heading each section kind is written under when a role is exported back to text.
HEADING_FOR_KIND = {spec.kind: heading for heading, spec in KNOWN_SECTIONS.items()}
