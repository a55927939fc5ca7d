"""Suggested mappings: the scorer (pure) and the stored suggestions for the seed profiles."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from mapping import scoring
from mapping.models import Suggestion
from mapping.scoring import RoleText, suggest
from mapping.services import recompute_mappings, role_texts
from roleprofiles.models import Role


@pytest.mark.parametrize(
    ("words", "same"),
    [
        (("governance", "governing", "govern"), True),
        (("organisations", "organisation"), True),
        (("policies", "policy"), True),
        (("ethics", "finance"), False),
    ],
)
def test_stem_brings_forms_of_a_word_together(words, same):
    assert (len({scoring.stem(word) for word in words}) == 1) is same


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("You can lead the team", ["lead", "team"]),
        ("Data ethics and privacy", ["data", "ethic", "privacy"]),
        ("", []),
    ],
)
def test_terms_drop_stop_words(text, expected):
    assert scoring.terms(text) == [scoring.stem(word) for word in expected]


def test_rarer_shared_terms_outweigh_common_ones():
    profile = RoleText(pk=1, texts=["ethics bias fairness", "team work"])
    levels = [
        RoleText(pk=10, texts=["ethics bias fairness"]),
        RoleText(pk=11, texts=["team work"]),
        RoleText(pk=12, texts=["team work delivery"]),
    ]
    matches = suggest([profile], levels, top=3)
    assert [match.level for match in matches][0] == 10


def test_shared_skills_raise_the_score_and_are_named_in_the_reason():
    profile = RoleText(pk=1, texts=["x"], skills={5: "Problem management"})
    with_skill = RoleText(pk=10, texts=["y"], skills={5: "Problem management", 6: "Coding"})
    without = RoleText(pk=11, texts=["y"], skills={6: "Coding"})
    best, second = suggest([profile], [without, with_skill], top=2)
    assert best.level == 10
    assert best.score > second.score
    assert best.shared_skills == ["Problem management"]
    assert best.level_only_skills == ["Coding"]
    assert second.level_only_skills == ["Coding"]


def test_ties_rank_in_a_stable_order():
    profile = RoleText(pk=1, texts=["alpha"])
    levels = [RoleText(pk=pk, texts=["beta"]) for pk in (30, 10, 20)]
    assert [match.level for match in suggest([profile], levels, top=3)] == [10, 20, 30]


@pytest.mark.django_db
def test_scorer_reads_no_title():
    ethics = Role.objects.get(slug="data-ethics-lead")
    texts = role_texts(Role.objects.filter(pk=ethics.pk))[0].texts
    assert ethics.title not in texts
    # Renaming the profile changes nothing it is scored on.
    before = role_texts(Role.objects.filter(pk=ethics.pk))
    Role.objects.filter(pk=ethics.pk).update(title="Zzz unrelated title")
    assert role_texts(Role.objects.filter(pk=ethics.pk)) == before


@pytest.mark.django_db
def test_ethics_profile_has_a_ddat_data_ethics_level_in_its_top_three():
    # Titles hidden from the scorer: every title is blanked before scoring.
    Role.objects.update(title="hidden")
    recompute_mappings()
    top = Suggestion.objects.filter(role__slug="data-ethics-lead", rank__lte=3).select_related("level")
    assert any(s.level.slug in {"data-ethics-lead-ddat", "head-of-data-ethics-ddat"} for s in top)
    first = top[0]
    assert first.score >= scoring.CLOSE_MATCH
    assert "ethics" in first.shared_terms
    assert first.level_only_skills


@pytest.mark.django_db
def test_library_profile_suggestions_are_stable_and_below_a_close_match():
    recompute_mappings()
    first = list(
        Suggestion.objects.filter(role__slug="head-of-knowledge-and-library-services").values_list(
            "level__slug", "score", "shared_skills"
        )
    )
    call_command("recompute_mappings", stdout=open("/dev/null", "w"))
    second = list(
        Suggestion.objects.filter(role__slug="head-of-knowledge-and-library-services").values_list(
            "level__slug", "score", "shared_skills"
        )
    )
    assert first == second and len(first) == scoring.TOP_N
    # The library has no close DDaT counterpart: the page says "no close match".
    assert not Suggestion.objects.close().filter(role__slug="head-of-knowledge-and-library-services").exists()
    # Seed 003's Problem management is the same Skill as the DDaT framework's, and the reason says so.
    assert any("Problem management" in shared for _, _, shared in first)


@pytest.mark.django_db
def test_archived_and_unused_levels_are_never_suggested():
    recompute_mappings()
    top = Suggestion.objects.filter(role__slug="data-ethics-lead", rank=1).get().level
    Role.objects.filter(pk=top.pk).update(in_use=False)
    recompute_mappings()
    assert not Suggestion.objects.filter(level=top).exists()
