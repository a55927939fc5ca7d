"""The service's own pages: accessibility statement, privacy and cookies, contact, and the
phase banner's operator details. No domain imports: these pages read settings only."""

from django.apps import AppConfig


class ServiceConfig(AppConfig):
    name = "service"
    verbose_name = "Service pages"

    def ready(self):
        from . import checks  # noqa: F401 - registers the operator settings check
