from django.apps import AppConfig


class BrowseConfig(AppConfig):
    name = "browse"
    verbose_name = "Skill, framework and professional body pages"
