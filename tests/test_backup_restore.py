"""Backup and restore: dumpdata to a file, load it into an empty, migrated database, and
every public page renders exactly as before (CSRF tokens aside)."""

from __future__ import annotations

import base64
import io
import json
import subprocess
import sys
import zipfile

import pytest
from django.core.management import call_command

from tests.conftest import ROOT
from tests.factories import make_many_roles
from tests.ops_support import (
    app_env,
    database_url,
    every_public_url,
    is_postgresql,
    manage,
    scratch_database,
    without_csrf_tokens,
)

# Process-level: real app processes, Redis or pg_dump against PostgreSQL, the production stack.
pytestmark = pytest.mark.postgres_only

# What a backup leaves out: rebuilt by migrate (content types, permissions) or not worth keeping.
BACKUP_EXCLUDES = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes"]

RENDER = """
import base64, json, sys, django
django.setup()
from django.test import Client
client = Client()
pages = {}
for url in json.load(open(sys.argv[1])):
    response = client.get(url)
    pages[url] = [response.status_code, base64.b64encode(response.content).decode("ascii")]
json.dump(pages, open(sys.argv[2], "w"))
"""


def comparable(url: str, content: bytes) -> str | dict[str, bytes]:
    """A page's text, or a Word document's parts: a .docx is a zip whose entries carry the time
    it was made, as do its core properties (docProps/core.xml), so those are no part of what a
    restore must reproduce; every other part must come back byte for byte."""
    if url.endswith(".docx") and content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return {name: archive.read(name) for name in archive.namelist() if name != "docProps/core.xml"}
    return without_csrf_tokens(content.decode("utf-8", "replace"))


def backup(path) -> None:
    call_command(
        "dumpdata",
        "--natural-foreign",
        "--natural-primary",
        exclude=BACKUP_EXCLUDES,
        output=str(path),
        verbosity=0,
    )


@pytest.mark.django_db
def test_restoring_a_backup_into_an_empty_database_gives_the_same_pages(client, tmp_path, settings):
    if not is_postgresql():
        pytest.skip("restores into a scratch PostgreSQL database, the production database")
    make_many_roles(3)  # content beyond the seed: made through the ORM, not from a fixture
    before = {}
    for url in every_public_url(client):
        response = client.get(url)
        before[url] = (response.status_code, response.content)
    # Every role, skill, framework and body page, not only the lists.
    assert sum(1 for status, _ in before.values() if status == 200) >= 200

    dump = tmp_path / "backup.json"
    backup(dump)
    objects = json.loads(dump.read_text())
    assert any(o["model"] == "roleprofiles.role" and o["fields"]["title"].startswith("Generated role") for o in objects)

    with scratch_database(settings.DATABASES["default"]["NAME"] + "_restore") as name:
        env = app_env(DATABASE_URL=database_url(name))
        manage("migrate", "--noinput", "-v0", env=env)
        manage("loaddata", str(dump), "-v0", env=env)
        (tmp_path / "urls.json").write_text(json.dumps(list(before)))
        rendered = tmp_path / "after.json"
        result = subprocess.run(
            [sys.executable, "-c", RENDER, str(tmp_path / "urls.json"), str(rendered)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
    after = json.loads(rendered.read_text())

    for url, (status, content) in before.items():
        after_status, after_content = after[url]
        assert after_status == status, url
        restored = comparable(url, base64.b64decode(after_content))
        assert restored == comparable(url, content), f"{url} differs after the restore"
