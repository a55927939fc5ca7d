"""The committed fixtures are exactly what the importers produce from the sources today,
and loading them is idempotent."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.core.management import call_command

from frameworks.models import Skill
from roleprofiles.models import Requirement, Role
from tests.conftest import ROOT


def test_fixtures_are_in_step_with_the_sources(tmp_path):
    """Rebuild the fixture on a fresh database in a separate process and compare."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'build.db'}",
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
    }
    for args in (["migrate", "-v0"], ["build_fixtures", "--output", str(tmp_path)]):
        result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    rebuilt = json.loads((tmp_path / "seed.json").read_text(encoding="utf-8"))
    committed = json.loads((ROOT / "fixtures" / "seed.json").read_text(encoding="utf-8"))
    assert len(rebuilt) == len(committed)
    assert rebuilt == committed, "fixtures/seed.json is stale: run `make fixtures` and commit it"


@pytest.mark.django_db
def test_load_seed_data_twice_changes_nothing():
    def snapshot():
        return (
            list(Role.objects.order_by("pk").values()),
            list(Requirement.objects.order_by("pk").values()),
            list(Skill.objects.order_by("pk").values()),
        )

    call_command("load_seed_data", verbosity=0)
    first = snapshot()
    call_command("load_seed_data", verbosity=0)
    assert snapshot() == first
    assert Role.objects.nhs_profiles().count() == 2
    assert Requirement.objects.filter(role__kind=Role.Kind.NHS_PROFILE).count() == 132 + 92
    # The DDaT release's 205 role levels and their 1,809 (role level, skill) pairs (duplicates merged).
    assert Role.objects.ddat_levels().count() == 205
    assert Requirement.objects.filter(role__kind=Role.Kind.DDAT_LEVEL).count() == 1809
