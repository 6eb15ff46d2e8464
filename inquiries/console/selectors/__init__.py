"""Read queries of the inquiries app, one module per subject: the agent queue
(``queue``), the ticket page (``ticket_page``) and the seller's case log
(``cases``). Each runs a fixed number of SQL queries whatever the data size
(guarded by tests with ``django_assert_max_num_queries``)."""

from .neighbour import QueuePosition, queue_neighbour, queue_position
from .people import agent_list, macro_choice_list
from .queue import (
    ACTIONABLE,
    SORTS,
    QueueFilters,
    QueuePage,
    QueueRow,
    closed_window,
    due_soon_window,
    queue_counts,
    ticket_queue,
)
from .ticket_page import (
    TicketPage,
    attribute_text,
    conversation_version,
    macro_for_ticket,
    segments,
    ticket_get,
    ticket_holder_id,
    ticket_is_in_scope,
    ticket_page,
    tickets_in_scope,
)

__all__ = [
    "agent_list",
    "macro_choice_list",
    "ACTIONABLE",
    "SORTS",
    "QueueFilters",
    "QueuePosition",
    "QueuePage",
    "QueueRow",
    "TicketPage",
    "attribute_text",
    "closed_window",
    "conversation_version",
    "macro_for_ticket",
    "due_soon_window",
    "queue_counts",
    "queue_neighbour",
    "queue_position",
    "segments",
    "ticket_get",
    "ticket_holder_id",
    "ticket_is_in_scope",
    "tickets_in_scope",
    "ticket_page",
    "ticket_queue",
]
