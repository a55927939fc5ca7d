from django.apps import AppConfig


class RoleprofilesConfig(AppConfig):
    name = "roleprofiles"
    verbose_name = "Role profiles"

    def ready(self):
        from . import invalidation

        invalidation.connect()  # which cached pages an edit to a role touches
