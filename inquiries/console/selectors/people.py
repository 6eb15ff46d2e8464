"""Who and what an agent can pick in the console's forms: the agents (to
assign a ticket to), the active macros."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from csba.roles import AGENTS

from ...models import Macro


def agent_list() -> QuerySet:
    """Active users of the agents role, by name."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=AGENTS)
        .order_by("first_name", "last_name", "username")
        .distinct()
    )


def macro_choice_list() -> QuerySet[Macro]:
    """The active macros, by language and name."""
    return Macro.objects.filter(is_active=True).order_by("language", "name")
