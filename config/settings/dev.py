"""Local development: debug on unless the environment says otherwise, a throwaway key."""

import os

from .base import *
from .base import env_bool

DEBUG = env_bool("DEBUG", default=True)
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-not-for-production"
STORAGES = {  # no manifest needed when serving straight from the source folders
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
