from django.apps import AppConfig


class MappingConfig(AppConfig):
    name = "mapping"
    verbose_name = "Mappings to the DDaT framework"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the recompute after a DDaT import)
