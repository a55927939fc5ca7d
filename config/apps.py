"""The project package as an app, so its signal receivers connect once every model is loaded."""

from django.apps import AppConfig, apps


class SiteConfig(AppConfig):
    name = "config"
    label = "site_config"
    verbose_name = "Site configuration"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from core.cache import content_changed, is_content_model

        from . import checks  # noqa: F401 - registers the deployment checks

        # Per model rather than for every sender: a model with no delete receiver (the search
        # index, sessions) keeps Django's fast bulk delete.
        for model in apps.get_models():
            if is_content_model(model):
                post_save.connect(content_changed, sender=model, dispatch_uid=f"content-save-{model._meta.label}")
                post_delete.connect(content_changed, sender=model, dispatch_uid=f"content-delete-{model._meta.label}")
        m2m_changed.connect(content_changed, dispatch_uid="content-m2m")
