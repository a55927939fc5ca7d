from django.apps import AppConfig


class SearchConfig(AppConfig):
    """The search engine: the apps register what they put in the index (``search.registry``)."""

    name = "search"
    verbose_name = "Search"
