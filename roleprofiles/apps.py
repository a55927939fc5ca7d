from django.apps import AppConfig


class RoleprofilesConfig(AppConfig):
    name = "roleprofiles"
    verbose_name = "Role profiles"

    def ready(self):
        from . import invalidation
        from .searchable import register_with_search

        register_with_search()
        invalidation.connect()  # which cached pages an edit to a role touches
