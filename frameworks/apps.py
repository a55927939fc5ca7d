from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    name = "frameworks"
    verbose_name = "Frameworks and reference data"

    def ready(self):
        from .searchable import register_with_search

        register_with_search()
