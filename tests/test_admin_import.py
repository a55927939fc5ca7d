"""Importing a Role Model Plus profile through the admin: upload, preview with what would
change, confirm; errors with line numbers and nothing saved; a tampered confirm refused."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from frameworks.models import Skill
from roleprofiles.models import Requirement, Role
from tests.admin_support import editor, form_data, make_user
from tests.conftest import DATA_ETHICS

pytestmark = pytest.mark.django_db
IMPORT_URL = "/admin/roleprofiles/role/import/"


def upload(client, text: str | bytes, filename: str = "new_profile.txt", **fields):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(filename, data, "text/plain"), **fields})


def counts():
    return Role.objects.count(), Requirement.objects.count(), Skill.objects.count()


def page_text(response) -> str:
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


def test_import_url_and_link_on_the_role_list(superuser_client):
    assert reverse("admin:roleprofiles_role_import") == IMPORT_URL
    response = superuser_client.get(IMPORT_URL)
    assert response.status_code == 200
    assert 'type="file"' in response.content.decode()
    changelist = superuser_client.get(reverse("admin:roleprofiles_role_changelist"))
    assert IMPORT_URL.encode() in changelist.content


def test_upload_shows_a_preview_and_saves_nothing_until_confirmed(superuser_client, source_text):
    before = counts()
    text = source_text(DATA_ETHICS)
    response = upload(superuser_client, text, filename="new_data_role.txt", title="Data ethics adviser")
    assert response.status_code == 200
    content = page_text(response)
    assert "Nothing has been saved yet" in content
    assert "A new role would be created (as a draft)" in content
    soup = BeautifulSoup(response.content, "html.parser")
    sections = {
        row.find_all("td")[0].text: int(row.find_all("td")[1].text) for row in soup.select("#import-sections tbody tr")
    }
    assert sections["Work Activity Components"] == 2
    assert sections["Technical Skills"] == 4
    assert sections["Behaviours"] >= 15
    assert "132 new" in soup.select_one("#import-counts").get_text()
    assert "a '?' inside a word" in soup.select_one("#import-warnings").get_text()
    assert counts() == before

    confirm = form_data(response.content)
    confirm["confirm"] = "Confirm and import"
    done = superuser_client.post(IMPORT_URL, confirm)
    assert done.status_code == 302
    role = Role.objects.get(title="Data ethics adviser")
    assert done["Location"] == reverse("admin:roleprofiles_role_change", args=[role.pk])
    assert role.status == Role.Status.DRAFT
    assert role.requirements.count() == 132
    assert Role.objects.count() == before[0] + 1
    assert role.history.latest().history_user.username == "root"


def test_preview_for_an_existing_role_says_what_would_change(superuser_client, source_text):
    text = source_text(DATA_ETHICS).replace(
        "Big Data | The discipline associated", "Big Data | The discipline (edited) associated"
    )
    text = text.replace("Coaching | Concepts, methods", "Mentoring skills | Concepts, methods")
    before = counts()
    response = upload(superuser_client, text, filename=DATA_ETHICS)
    assert response.status_code == 200
    content = page_text(response)
    assert "An existing role would be updated" in content
    assert "Data ethics lead" in content
    changes = BeautifulSoup(response.content, "html.parser").select_one("#import-changes").get_text()
    assert 'Technical Skills: "Big Data" changed' in changes
    assert '"Coaching" removed' in changes
    assert "1 new" in content and "1 changed" in content and "1 removed" in content
    assert counts() == before
    role = Role.objects.get(slug="data-ethics-lead")
    assert role.requirements.get(skill__title="Big Data").descriptor.startswith("The discipline associated")


def test_unchanged_file_preview_says_nothing_would_change(superuser_client, source_text):
    response = upload(superuser_client, source_text(DATA_ETHICS), filename=DATA_ETHICS)
    assert "importing it would change nothing" in page_text(response)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "Summary\nA role.\nTechnical Skills\nTitle | Details | Depth |\n---|---|---|\n"
            "Big Data | Data | Very good |\n",
            'line 6: cannot interpret the depth "Very good"',
        ),
        (
            "Summary\nA role.\nBehaviours\nTitle | Details |\n---|---|\nNegotiation (B1.5) (Level 9) | Text |\n",
            'line 6: the level "Level 9" is outside the Competency levels scale',
        ),
        ("Summary\nA role.\nMystery section\n| Title | Details |\n", 'line 3: unknown section "Mystery section"'),
        ("", "The submitted file is empty"),
        (b"\xff\xfe\x00\x00binary", "the file is not text"),
    ],
)
def test_bad_files_show_the_error_with_its_line_and_save_nothing(superuser_client, text, message):
    before = counts()
    response = upload(superuser_client, text, filename="broken.txt")
    assert response.status_code == 400
    content = page_text(response)
    assert "The file could not be imported. Nothing has been saved." in content
    assert message in content
    assert counts() == before


def test_a_tampered_confirmation_is_refused_and_saves_nothing(superuser_client, source_text):
    response = upload(superuser_client, source_text(DATA_ETHICS), filename="new_data_role.txt")
    data = form_data(response.content)
    data["payload"] = data["payload"][:-3] + "abc"
    data["confirm"] = "Confirm and import"
    before = counts()
    refused = superuser_client.post(IMPORT_URL, data)
    assert refused.status_code == 400
    assert "could not be verified" in page_text(refused)
    assert counts() == before


def test_import_needs_add_and_change_rights(client, source_text):
    viewer = make_user("viewer")
    client.force_login(viewer)
    assert client.get(IMPORT_URL).status_code == 403
    client.force_login(editor())
    assert client.get(IMPORT_URL).status_code == 200


# Which role an upload updates ---------------------------------------------------------


def confirm(client, preview, **extra):
    data = form_data(preview.content)
    data.update({"confirm": "Confirm and import", **extra})
    return client.post(IMPORT_URL, data)


def data_ethics_state():
    role = Role.objects.get(pk=Role.objects.get(slug="data-ethics-lead").pk)
    return role.title, role.slug, role.version, role.status


def test_a_copy_with_a_new_title_and_slug_makes_a_new_role_not_a_rename(admin_client, source_text):
    before = data_ethics_state()
    preview = upload(
        admin_client, source_text(DATA_ETHICS), filename=DATA_ETHICS, title="Data ethics adviser", slug="data-adviser"
    )
    assert preview.status_code == 200
    content = page_text(preview)
    assert "A new role would be created (as a draft)" in content
    assert "This file was imported before as Data ethics lead" in content
    assert "An existing role would be updated" not in content
    assert confirm(admin_client, preview).status_code == 302
    new = Role.objects.get(slug="data-adviser")
    assert (new.title, new.status, new.requirements.count()) == ("Data ethics adviser", Role.Status.DRAFT, 132)
    assert data_ethics_state() == before
    assert [r.history_type for r in new.history.all()] == ["+"]
    assert new.history.get().history_change_reason == f"Imported from {DATA_ETHICS}"


def test_a_new_title_alone_also_makes_a_new_role(admin_client, source_text):
    before = data_ethics_state()
    preview = upload(admin_client, source_text(DATA_ETHICS), filename=DATA_ETHICS, title="Another title")
    assert "A new role would be created" in page_text(preview)
    assert confirm(admin_client, preview).status_code == 302
    assert Role.objects.filter(title="Another title", status=Role.Status.DRAFT).exists()
    assert data_ethics_state() == before


def test_renaming_a_published_role_needs_an_explicit_confirmation(admin_client, source_text):
    role = Role.objects.get(slug="data-ethics-lead")
    before = data_ethics_state()
    preview = upload(
        admin_client,
        source_text(DATA_ETHICS),
        filename="copy.txt",
        role=role.pk,
        title="Data ethics officer",
        slug="data-ethics-officer",
    )
    assert preview.status_code == 200
    content = page_text(preview)
    assert "An existing role would be updated" in content
    rename = " ".join(BeautifulSoup(preview.content, "html.parser").select_one("#import-rename").get_text().split())
    assert "This import would rename the published role “Data ethics lead”" in rename
    assert "its title from “Data ethics lead” to “Data ethics officer”" in rename
    assert "its address from /roles/data-ethics-lead/ to /roles/data-ethics-officer/" in rename
    assert "links to the old address will stop working" in rename

    refused = confirm(admin_client, preview)  # the box left unticked
    assert refused.status_code == 400
    assert "Renaming the published role “Data ethics lead” needs your confirmation" in page_text(refused)
    assert data_ethics_state() == before

    assert confirm(admin_client, refused, confirm_rename="on").status_code == 302
    role.refresh_from_db()
    assert (role.title, role.slug, role.status) == ("Data ethics officer", "data-ethics-officer", Role.Status.PUBLISHED)
    assert role.version > before[2]
    reasons = list(role.history.order_by("history_date").values_list("history_change_reason", flat=True))
    assert "Imported from copy.txt: address /roles/data-ethics-lead/ changed to /roles/data-ethics-officer/" in reasons


def test_a_long_file_name_and_a_new_address_still_import(admin_client, source_text):
    role = Role.objects.get(slug="data-ethics-lead")
    name = "a-very-long-export-file-name-from-role-model-plus-" * 2 + ".txt"
    preview = upload(admin_client, source_text(DATA_ETHICS), filename=name, role=role.pk, slug="data-ethics-officer")
    assert confirm(admin_client, preview, confirm_rename="on").status_code == 302
    role.refresh_from_db()
    assert role.slug == "data-ethics-officer"
    assert all(len(r.history_change_reason) <= 100 for r in role.history.exclude(history_change_reason=None))


def test_a_draft_role_is_renamed_without_the_extra_confirmation(admin_client, source_text):
    draft = Role.objects.create(title="Draft role", slug="draft-role", status=Role.Status.DRAFT)
    preview = upload(admin_client, source_text(DATA_ETHICS), filename="draft.txt", role=draft.pk, title="Draft renamed")
    assert "This import would rename the role “Draft role”" in page_text(preview)
    assert 'name="confirm_rename"' not in preview.content.decode()
    assert confirm(admin_client, preview).status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.requirements.count()) == ("Draft renamed", 132)


def test_an_existing_slug_updates_that_role_without_renaming_it(admin_client, source_text):
    before = data_ethics_state()
    preview = upload(admin_client, source_text(DATA_ETHICS), filename="other-name.txt", slug="data-ethics-lead")
    assert "An existing role would be updated" in page_text(preview)
    assert not BeautifulSoup(preview.content, "html.parser").select("#import-rename")
    assert confirm(admin_client, preview).status_code == 302
    assert data_ethics_state()[:2] == before[:2]


def test_a_slug_another_role_uses_is_refused(admin_client, source_text):
    role = Role.objects.get(slug="data-ethics-lead")
    other = Role.objects.exclude(pk=role.pk).first()
    response = upload(admin_client, source_text(DATA_ETHICS), filename="x.txt", role=role.pk, slug=other.slug)
    assert response.status_code == 400
    assert f'The slug "{other.slug}" is already used by another role' in page_text(response)


def test_a_confirmation_after_the_roles_changed_is_refused(admin_client, source_text):
    preview = upload(admin_client, source_text(DATA_ETHICS), filename="fresh.txt", title="Fresh role", slug="fresh")
    assert "A new role would be created" in page_text(preview)
    Role.objects.create(title="Made meanwhile", slug="fresh", status=Role.Status.PUBLISHED)
    before = counts()
    refused = confirm(admin_client, preview)
    assert refused.status_code == 400
    assert "The roles have changed since the preview" in page_text(refused)
    assert counts() == before
    assert Role.objects.get(slug="fresh").title == "Made meanwhile"


def test_an_import_that_changes_only_requirements_is_a_new_version_of_the_role(admin_client, source_text):
    role = Role.objects.get(slug="data-ethics-lead")
    text = source_text(DATA_ETHICS).replace(
        "Big Data | The discipline associated", "Big Data | The discipline (edited) associated"
    )
    preview = upload(admin_client, text, filename=DATA_ETHICS)
    assert "An existing role would be updated" in page_text(preview)
    assert confirm(admin_client, preview).status_code == 302
    role.refresh_from_db()
    assert role.version == 2  # a change form opened before the import now gets a conflict
    latest = role.history.latest()
    assert latest.history_change_reason == f"Imported from {DATA_ETHICS}"
    big_data = role.requirements.get(skill__title="Big Data")
    assert big_data.history.latest().history_change_reason == f"Imported from {DATA_ETHICS}"
    assert big_data.history.earliest().history_change_reason.startswith("Baseline")
