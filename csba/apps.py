from django.apps import AppConfig


class CsbaConfig(AppConfig):
    name = "csba"
    verbose_name = "CSBA"

    def ready(self):
        from . import admin_access  # noqa: F401  (the admin of API tokens and login throttles)
        from .api import strict

        strict.install()
