"""Test runs: the database comes from DATABASE_URL (PostgreSQL in CI, SQLite for the
embedded variant); fast password hashing; no manifest so tests need no collectstatic."""

from .base import *

DEBUG = False
SECRET_KEY = "test-only-insecure-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
# Suggestions recomputed in the request that changed content, so a test sees them at once
# (tests/test_mapping_recompute.py checks the background thread the other settings use).
MAPPING_RECOMPUTE_IN_BACKGROUND = False
