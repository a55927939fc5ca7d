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
