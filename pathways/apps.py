from django.apps import AppConfig


class PathwaysConfig(AppConfig):
    name = "pathways"
    verbose_name = "Career pathways, training and self-assessment"

    def ready(self):
        # The report and project content name roles, so they load after them.
        from roleprofiles.seeding import register_source_loader

        from .loaders import PROJECT_MODELS, REPORT_MODELS, seed_project, seed_report

        register_source_loader("report", seed_report, models=REPORT_MODELS)
        register_source_loader("project", seed_project, models=PROJECT_MODELS)
