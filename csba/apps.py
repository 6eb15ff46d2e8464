from django.apps import AppConfig


class CsbaConfig(AppConfig):
    name = "csba"
    verbose_name = "CSBA"
