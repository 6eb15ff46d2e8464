from django.apps import AppConfig


class PlannerConfig(AppConfig):
    """The planner pages: scenario runs launched from the browser (issue 17 item 7)
    and the demo seeded from a simulation (item 9)."""

    name = "csba.simulation.planner"
    label = "planner"
    default_auto_field = "django.db.models.BigAutoField"
