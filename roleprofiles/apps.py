from django.apps import AppConfig


class RoleprofilesConfig(AppConfig):
    name = "roleprofiles"
    verbose_name = "Role profiles"
