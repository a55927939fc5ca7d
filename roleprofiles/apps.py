from django.apps import AppConfig


class RoleprofilesConfig(AppConfig):
    name = "roleprofiles"
    verbose_name = "Role profiles"

    def ready(self):
        from .searchable import register_with_search

        register_with_search()
