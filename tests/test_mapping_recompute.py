"""Suggested DDaT levels follow the content: an admin save, delete or status change of a role or
a requirement, and a role profile import, recompute them once the change commits (never per
request, and not at all for a change that does not commit)."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from mapping.models import Suggestion
from mapping.services import recompute_mappings
from roleprofiles.governance import ensure_groups
from roleprofiles.models import Role
from tests.admin_support import editor, form_data, make_user
from tests.test_ddat_files import SMALL_ROLES, SMALL_SKILLS

NHS = "data-ethics-lead"


def change_url(role: Role) -> str:
    return reverse("admin:roleprofiles_role_change", args=[role.pk])


def save(client, role: Role, **changes):
    data = form_data(client.get(change_url(role)).content)
    data.update(changes)
    response = client.post(change_url(role), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def suggested(slug: str) -> list[str]:
    return list(Suggestion.objects.filter(role__slug=slug).order_by("rank").values_list("level__slug", flat=True))


def profile_text(slug: str) -> str:
    """Everything the scorer reads of a role: its summary and its requirements' words."""
    role = Role.objects.get(slug=slug)
    words = [role.summary]
    for requirement in role.requirements.select_related("skill"):
        words += [requirement.skill.title, requirement.descriptor]
    return "\n".join(words)


@pytest.mark.django_db
def test_saving_a_level_in_the_admin_recomputes_the_suggestions_after_the_commit(
    client, django_capture_on_commit_callbacks
):
    recompute_mappings()
    before = suggested(NHS)
    level = Role.objects.ddat_levels().published().exclude(slug__in=before).order_by("slug").first()
    client.force_login(editor())
    # A level that says what the profile says becomes its closest level, once the save commits.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        save(client, level, summary=profile_text(NHS))
    assert callbacks and suggested(NHS) == before  # nothing yet: the request did not recompute
    for callback in callbacks:
        callback()
    assert suggested(NHS)[0] == level.slug


@pytest.mark.django_db
def test_archiving_a_suggested_level_takes_it_out_of_the_suggestions(client, django_capture_on_commit_callbacks):
    recompute_mappings()
    top = Role.objects.get(slug=suggested(NHS)[0])
    client.force_login(make_user("root", superuser=True))
    changelist = reverse("admin:roleprofiles_role_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(changelist, {"action": "archive", "_selected_action": [top.pk]})
    assert response.status_code == 302
    assert top.slug not in suggested(NHS)
    assert len(suggested(NHS)) == 5


@pytest.mark.django_db
def test_editing_a_requirement_on_its_own_page_recomputes(client, django_capture_on_commit_callbacks):
    recompute_mappings()
    Suggestion.objects.all().delete()
    requirement = Role.objects.get(slug=NHS).requirements.order_by("position").first()
    client.force_login(make_user("root", superuser=True))
    url = reverse("admin:roleprofiles_requirement_change", args=[requirement.pk])
    data = form_data(client.get(url).content)
    data["descriptor"] = "Edited on its own page."
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
    assert len(suggested(NHS)) == 5


@pytest.mark.django_db
def test_an_import_recomputes_and_its_preview_does_not(source_text, django_capture_on_commit_callbacks):
    from roleprofiles.rmp.importer import import_profile
    from roleprofiles.rmp.parsing import parse_profile
    from tests.conftest import DATA_ETHICS

    Suggestion.objects.all().delete()
    parsed = parse_profile(source_text(DATA_ETHICS), filename=DATA_ETHICS)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        import_profile(parsed=parsed, slug=NHS, dry_run=True)
    assert not callbacks and not Suggestion.objects.exists()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        import_profile(parsed=parsed, slug=NHS)
    assert callbacks and len(suggested(NHS)) == 5


@pytest.mark.django_db
def test_many_changes_in_one_transaction_recompute_once(client, django_capture_on_commit_callbacks, monkeypatch):
    from mapping import services

    runs = []
    monkeypatch.setattr(services, "recompute_mappings", lambda: runs.append(1))
    client.force_login(make_user("root", superuser=True))
    levels = list(Role.objects.ddat_levels().order_by("pk").values_list("pk", flat=True)[:3])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for pk in levels:  # three actions, one transaction (the test's)
            client.post(reverse("admin:roleprofiles_role_changelist"), {"action": "archive", "_selected_action": [pk]})
    scheduled = [callback for callback in callbacks if callback.__name__ == "_recompute_if_due"]
    assert len(scheduled) == 3 and runs == [1]


@pytest.mark.django_db(transaction=True)
def test_an_admin_save_outside_a_test_transaction_recomputes_once_committed(client, tmp_path):
    """As production runs: autocommit, the admin's own transaction, the recompute after it."""
    call_command("loaddata", str(settings.FIXTURES_DIR / "seed.json"), verbosity=0)
    ensure_groups()
    roles, skills = tmp_path / "roles.csv", tmp_path / "skills.csv"
    roles.write_text(SMALL_ROLES, encoding="utf-8")
    skills.write_text(SMALL_SKILLS, encoding="utf-8")
    call_command("import_ddat", "--roles", str(roles), "--skills", str(skills), stdout=io.StringIO())
    assert Suggestion.objects.filter(role__slug=NHS).exists()  # the import's own recompute
    computed = Suggestion.objects.filter(role__slug=NHS).latest("computed_at").computed_at
    before = suggested(NHS)

    client.force_login(editor())
    level = Role.objects.ddat_levels().filter(title__icontains="quokka").exclude(slug=before[0]).get()
    save(client, level, summary=profile_text(NHS))
    assert suggested(NHS)[0] == level.slug
    assert Suggestion.objects.filter(role__slug=NHS).earliest("computed_at").computed_at > computed


@pytest.mark.django_db(transaction=True)
def test_in_production_the_admin_save_answers_before_the_recompute_and_requests_meanwhile_coalesce(
    client, settings, monkeypatch, tmp_path
):
    """With MAPPING_RECOMPUTE_IN_BACKGROUND (production), the save's response does not wait for
    the recompute (some 11 s with 2,000 profiles): it runs in a thread after the commit, and the
    saves made while it runs ask for one more run, not one each. A command's recompute finishes
    before the command returns its process (the thread is not a daemon)."""
    import threading

    from mapping import services

    call_command("loaddata", str(settings.FIXTURES_DIR / "seed.json"), verbosity=0)
    ensure_groups()
    settings.MAPPING_RECOMPUTE_IN_BACKGROUND = True
    started, release = threading.Event(), threading.Event()
    runs = []

    def slow_recompute():
        runs.append(threading.current_thread().name)
        started.set()
        assert release.wait(10)

    monkeypatch.setattr(services, "recompute_mappings", slow_recompute)
    client.force_login(editor())
    role = Role.objects.get(slug=NHS)
    save(client, role, summary=role.summary + " Edited.")  # answered while the recompute waits
    assert started.wait(5) and runs == ["recompute-mappings"]
    for n in range(3):  # three more saves while it runs: one more run between them
        save(client, role, summary=role.summary + f" Edited again {n}.")
    release.set()
    assert services.wait_for_background_recompute(10)
    assert runs == ["recompute-mappings", "recompute-mappings"]
    assert not services._background.thread.daemon
