from django.apps import AppConfig


class DdatConfig(AppConfig):
    name = "ddat"
    verbose_name = "DDaT capability framework releases"
