"""The project package as an app, so its signal receivers connect once every model is loaded."""

from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "config"
    label = "site_config"
    verbose_name = "Site configuration"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from . import checks  # noqa: F401 - registers the deployment checks
        from .cache import content_changed

        post_save.connect(content_changed, dispatch_uid="content-version-save")
        post_delete.connect(content_changed, dispatch_uid="content-version-delete")
        m2m_changed.connect(content_changed, dispatch_uid="content-version-m2m")
