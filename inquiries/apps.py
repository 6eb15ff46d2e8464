from django.apps import AppConfig


class InquiriesConfig(AppConfig):
    name = "inquiries"
    verbose_name = "Inquiries: tickets, cases and answers"

    def ready(self) -> None:
        from . import signals  # noqa: F401
