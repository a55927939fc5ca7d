"""Production settings refuse to start without their secrets; the database comes from the environment."""

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def run_check(env_overrides: dict[str, str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS"}}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings.production", **env_overrides})
    return subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)


def test_production_refuses_to_start_without_a_secret_key():
    result = run_check({"ALLOWED_HOSTS": "roles.example.nhs.uk"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_check({"SECRET_KEY": "x" * 50})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_production_starts_with_both():
    result = run_check({"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "roles.example.nhs.uk"})
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("url", "engine"),
    [("sqlite:////tmp/x.db", "django.db.backends.sqlite3"), ("postgres://u@h:5432/d", "django.db.backends.postgresql")],
)
def test_database_comes_from_database_url(url, engine):
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip() == engine, result.stderr
