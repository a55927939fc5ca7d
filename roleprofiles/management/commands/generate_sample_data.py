"""Generate synthetic, clearly marked sample roles for load tests and benchmarks.

    python manage.py generate_sample_data --roles 2000 [--seed 7] [--replace | --delete]

Every generated row is marked: titles start "Sample:", slugs start "sample-", the job families
are "Sample: ..." families and the owner is "Sample data". The roles are published and use the
existing level scales; skills are shared between roles with a long-tail (Zipf-like) spread, so
a few skills appear in most roles and most skills in a few, as in real profiles. The same
``--roles`` and ``--seed`` always give the same content. Rows are written with bulk_create
(no history), so 2,000 roles take seconds. Never part of the fixtures.
"""

from __future__ import annotations

import datetime
import random
import time
from itertools import accumulate

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from core.cache import bump_content_version
from frameworks.models import Framework, Level, LevelScale, ProfessionalBody, Skill
from roleprofiles.models import JobFamily, Requirement, Role, Section

PREFIX = "Sample: "
SLUG_PREFIX = "sample-"
OWNER = "Sample data"

FAMILIES = [
    "Data and analytics",
    "Clinical informatics",
    "Digital delivery",
    "Cyber security",
    "Infrastructure and operations",
    "Knowledge and library services",
    "Health records and information governance",
    "Software engineering",
    "Architecture",
    "Digital leadership",
    "Education and training",
    "Research informatics",
]
SENIORITY = [  # (responsibility rank, words used in the title)
    (2, "Assistant"),
    (3, "Junior"),
    (4, ""),
    (5, "Senior"),
    (6, "Lead"),
    (6, "Principal"),
    (7, "Head of"),
    (7, "Chief"),
]
SPECIALISMS = [
    "clinical data",
    "population health",
    "digital",
    "information governance",
    "cyber security",
    "knowledge",
    "health records",
    "business intelligence",
    "clinical safety",
    "cloud platform",
    "integration",
    "user research",
    "service design",
    "data science",
    "bioinformatics",
    "patient safety informatics",
]
ROLE_NOUNS = ["analyst", "engineer", "manager", "architect", "officer", "specialist", "librarian", "scientist"]

QUALIFIERS = [
    "Applied",
    "Advanced",
    "Clinical",
    "Operational",
    "Strategic",
    "Secure",
    "Ethical",
    "Cloud",
    "Real-world",
    "Collaborative",
    "Inclusive",
    "Evidence-based",
]
TOPICS: dict[str, list[str]] = {
    Section.WORK_ACTIVITY: ["governance", "resourcing", "assurance", "planning", "delivery", "improvement", "audit"],
    Section.TECHNICAL: ["big data", "data warehousing", "cloud computing", "APIs", "machine learning", "networks"],
    Section.OTHER: ["negotiation", "stakeholder mapping", "presentation", "facilitation", "coaching"],
    Section.BEHAVIOURAL: ["curiosity", "resilience", "influencing", "decision making", "empathy", "integrity"],
    Section.BEHAVIOUR: ["seeing the big picture", "changing and improving", "working together", "delivering at pace"],
    Section.LEADERSHIP: ["bringing people together", "team support", "positivity", "vision", "accountability"],
    Section.DATA: [
        "data quality",
        "data linkage",
        "statistical modelling",
        "data visualisation",
        "forecasting",
        "SQL",
        "Python for analysis",
        "R programming",
        "metadata management",
        "clinical coding",
        "SNOMED CT",
        "HL7 FHIR",
        "open data",
        "reproducible analytical pipelines",
        "natural language processing",
    ],
    Section.PROJECT: ["business cases", "evaluation", "risk management", "benefits realisation", "agile delivery"],
    Section.FRAMEWORK: ["information management", "records management", "knowledge sharing", "user needs", "search"],
    Section.QUALIFICATION: ["degree in health informatics", "masters in data science", "chartership", "certificate"],
    Section.TRAINING: ["induction", "leadership programme", "analytics course", "security awareness"],
    Section.PDA: ["conference talk", "mentoring", "journal club", "peer review", "community of practice"],
}
# How many entries a role lists in each section (about 60 in all, as the seed profiles do).
SECTION_SIZES = {
    Section.WORK_ACTIVITY: (2, 5),
    Section.TECHNICAL: (2, 6),
    Section.OTHER: (1, 3),
    Section.BEHAVIOURAL: (4, 8),
    Section.BEHAVIOUR: (4, 8),
    Section.LEADERSHIP: (4, 8),
    Section.DATA: (7, 13),
    Section.PROJECT: (3, 7),
    Section.FRAMEWORK: (6, 12),
    Section.QUALIFICATION: (1, 3),
    Section.TRAINING: (1, 3),
    Section.PDA: (3, 7),
}
SKILL_KIND = {section: section for section in SECTION_SIZES}  # Skill.Kind shares Section's values
ZIPF_EXPONENT = 1.1
BASE_DATE = datetime.date(2026, 1, 1)


class Command(BaseCommand):
    help = "Generate published, clearly marked sample roles (for load tests and benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--roles", type=int, default=0, help="How many sample roles to generate.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed: the same seed gives the same data.")
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--replace", action="store_true", help="Delete existing sample data first.")
        group.add_argument("--delete", action="store_true", help="Only delete existing sample data.")

    def handle(self, *args, roles: int, seed: int, replace: bool, delete: bool, **options):
        started = time.perf_counter()
        existing = Role.objects.filter(slug__startswith=SLUG_PREFIX).count()
        if delete or replace:
            delete_sample_data()
            self.stdout.write(f"Deleted {existing} sample roles.")
            if delete:
                _after_change()
                return
        elif existing:
            raise CommandError(
                f"{existing} sample roles already exist. Use --replace to generate afresh, or --delete to remove them."
            )
        if roles < 1:
            raise CommandError("Give the number of roles to generate, e.g. --roles 2000.")
        counts = generate(roles=roles, seed=seed)
        _after_change()
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {counts['roles']} sample roles, {counts['requirements']} requirements, "
                f"{counts['skills']} skills in {counts['families']} families "
                f"in {time.perf_counter() - started:.1f}s."
            )
        )


def _after_change() -> None:
    """bulk_create sends no signals: refresh what the signals would have kept in step, and
    do what autovacuum would do for the new rows (it may be off or slow): planner statistics,
    without which PostgreSQL plans for the tables' old size, and the visibility map."""
    bump_content_version()
    if apps.is_installed("search"):
        call_command("rebuild_search_index", verbosity=0)
    if connection.vendor == "postgresql":
        # VACUUM also sets the visibility map, without which index-only scans (related roles,
        # facet counts) read the heap as well: 62 -> 15 ms for related roles at 2,000 roles.
        # It cannot run inside a transaction (as under a test), where ANALYZE alone still can.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")


@transaction.atomic
def delete_sample_data() -> None:
    # Raw deletes: sample rows have no history, and a per-row delete of 120,000 requirements is slow.
    Requirement.objects.filter(role__slug__startswith=SLUG_PREFIX)._raw_delete(Requirement.objects.db)
    Role.additional_frameworks.through.objects.filter(role__slug__startswith=SLUG_PREFIX)._raw_delete(Role.objects.db)
    Role.objects.filter(slug__startswith=SLUG_PREFIX)._raw_delete(Role.objects.db)
    Skill.objects.filter(slug__startswith=SLUG_PREFIX).delete()
    JobFamily.objects.filter(slug__startswith=SLUG_PREFIX).delete()


def _zipf_pick(rng: random.Random, pool: list, cumulative: list[float], count: int) -> list:
    """``count`` distinct items, the first in the pool far more likely than the last."""
    count = min(count, len(pool))
    chosen: dict[int, None] = {}
    while len(chosen) < count:
        (index,) = rng.choices(range(len(pool)), cum_weights=cumulative, k=1)
        chosen.setdefault(index)
    return [pool[i] for i in chosen]


def _levels(scale_slug: str, ranks: range) -> list[Level]:
    """The scale's levels, adding any rank the scale defines but the seed never used."""
    scale = LevelScale.objects.filter(slug=scale_slug).first()
    if scale is None:
        raise CommandError(f"The level scale {scale_slug!r} is missing: load the seed data first (load_seed_data).")
    levels = {level.rank: level for level in scale.levels.all()}
    for rank in ranks:
        if rank not in levels and scale.min_rank <= rank <= scale.max_rank:
            level = Level(scale=scale, rank=rank, label=f"Level {rank}")
            level.save()
            levels[rank] = level
    return [levels[rank] for rank in sorted(levels)]


@transaction.atomic
def generate(*, roles: int, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    responsibility = {level.rank: level for level in _levels("responsibility", range(1, 8))}
    competency = _levels("competency", range(1, 6))
    depth = _levels("depth", range(1, 4))
    bodies = list(ProfessionalBody.objects.order_by("slug"))
    frameworks = list(Framework.objects.select_related("level_scale").order_by("slug"))
    if not bodies or not frameworks:
        raise CommandError("No professional bodies or frameworks: load the seed data first (load_seed_data).")
    framework_levels = {
        framework.pk: list(framework.level_scale.levels.all()) if framework.level_scale else competency
        for framework in frameworks
    }

    families = JobFamily.objects.bulk_create(
        [
            JobFamily(
                name=f"{PREFIX}{name}",
                slug=f"{SLUG_PREFIX}{name.lower().replace(' ', '-')}",
                description=f"Generated sample data for load testing: a stand-in for a {name.lower()} job family.",
                professional_body=bodies[i % len(bodies)],
            )
            for i, name in enumerate(FAMILIES)
        ]
    )

    # One pool of skills per section, in a shuffled but seeded order: its order is its popularity.
    pools: dict[str, list[Skill]] = {}
    new_skills: list[Skill] = []
    for section, topics in TOPICS.items():
        titles = [f"{qualifier} {topic}" for qualifier in QUALIFIERS for topic in topics]
        rng.shuffle(titles)
        pool = []
        for n, title in enumerate(titles, start=1):
            framework = frameworks[n % len(frameworks)] if section == Section.FRAMEWORK else None
            skill = Skill(
                kind=SKILL_KIND[section],
                title=f"{PREFIX}{title}",
                slug=f"{SLUG_PREFIX}{section.replace('_', '-')}-{n}",
                description=f"Sample description: {title.lower()} in a health and care setting.",
                framework=framework,
                position=n,
                group="Sample activities" if section == Section.PDA else "",
                awarding_body="Sample awarding body" if section == Section.QUALIFICATION else "",
            )
            pool.append(skill)
        pools[section] = pool
        new_skills.extend(pool)
    Skill.objects.bulk_create(new_skills, batch_size=1000)
    cumulative = {
        section: list(accumulate(1 / (rank**ZIPF_EXPONENT) for rank in range(1, len(pool) + 1)))
        for section, pool in pools.items()
    }

    width = len(str(roles))
    new_roles = []
    for i in range(1, roles + 1):
        rank, seniority = rng.choice(SENIORITY)
        specialism, noun = rng.choice(SPECIALISMS), rng.choice(ROLE_NOUNS)
        title = " ".join(part for part in (seniority, specialism, noun) if part)
        title = title[0].upper() + title[1:]
        family = families[rng.randrange(len(families))]
        reviewed = BASE_DATE - datetime.timedelta(days=rng.randrange(0, 730))
        new_roles.append(
            Role(
                title=f"{PREFIX}{title} {i:0{width}d}",
                slug=f"{SLUG_PREFIX}{title.lower().replace(' ', '-')}-{i:0{width}d}",
                title_in_source=False,
                family=family,
                level=responsibility[rank],
                summary=(
                    f"Sample summary: leads {specialism} work as a {noun} at responsibility level {rank}, "
                    f"in the {family.name.removeprefix(PREFIX).lower()} family."
                ),
                professional_body=family.professional_body,
                source_note="Generated sample data, not from a source document.",
                status=Role.Status.PUBLISHED,
                owner=OWNER,
                last_reviewed=reviewed,
                next_review_due=reviewed + datetime.timedelta(days=365),
            )
        )
    Role.objects.bulk_create(new_roles, batch_size=1000)

    requirements = []
    links = []
    through = Role.additional_frameworks.through
    for role in new_roles:
        position = 0
        for section, (low, high) in SECTION_SIZES.items():
            for skill in _zipf_pick(rng, pools[section], cumulative[section], rng.randint(low, high)):
                position += 1
                level = depth_level = None
                if section in (Section.TECHNICAL, Section.OTHER):
                    depth_level = rng.choice(depth)
                elif section == Section.WORK_ACTIVITY:
                    level = responsibility[max(1, min(7, role.level.rank + rng.choice((-1, 0, 0, 1))))]
                elif section == Section.FRAMEWORK:
                    level = rng.choice(framework_levels[skill.framework_id])
                elif section in (Section.BEHAVIOUR, Section.LEADERSHIP, Section.DATA, Section.PROJECT):
                    level = rng.choice(competency)
                chosen = level or depth_level
                requirements.append(
                    Requirement(
                        role=role,
                        skill=skill,
                        section=section,
                        heading=Section(section).label,
                        position=position,
                        code=f"S{position}" if section == Section.BEHAVIOUR else "",
                        level=level,
                        level_label=chosen.label if chosen else "",
                        depth=depth_level,
                        descriptor=(
                            f"Sample descriptor: applies {skill.title.removeprefix(PREFIX).lower()} "
                            f"{'at ' + chosen.label.lower() if chosen else 'as part of the role'}."
                        ),
                    )
                )
        for framework in rng.sample(frameworks, k=rng.randint(0, 2)):
            links.append(through(role_id=role.pk, framework_id=framework.pk))
    Requirement.objects.bulk_create(requirements, batch_size=2000)
    through.objects.bulk_create(links, batch_size=2000)
    return {
        "roles": len(new_roles),
        "requirements": len(requirements),
        "skills": len(new_skills),
        "families": len(families),
    }
