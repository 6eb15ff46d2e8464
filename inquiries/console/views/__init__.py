"""The agent console's pages: the queue (``queue``) and the ticket page with
one POST view per action (``ticket``)."""

from .presence import ticket_presence
from .queue import countdown, duration_text, next_ticket, queue, queue_bulk, queue_fragment
from .search import search
from .ticket import ACTION_FORMS, ticket_action, ticket_detail

__all__ = [
    "ACTION_FORMS",
    "countdown",
    "duration_text",
    "next_ticket",
    "queue",
    "queue_bulk",
    "queue_fragment",
    "search",
    "ticket_action",
    "ticket_detail",
    "ticket_presence",
]
