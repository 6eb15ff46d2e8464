"""Read queries of the agent queue: filters, the page of rows, counts, the next ticket.
Each runs a fixed number of SQL queries whatever the data size."""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from itertools import chain, islice

from django.conf import settings
from django.db.models import Case as Case_
from django.db.models import Count as Count_
from django.db.models import Q, QuerySet, Value, When

from sellers.selectors import EVERYTHING, AgentScope

from ...models import Case, Ticket
from ...states import CASE_OPEN, TICKET_ACTIONABLE, TICKET_QUEUE_CLOSED, TicketStatus

# The queue's default status filter: TICKET_ACTIONABLE (open + seller replied);
# the other choices are TICKET_QUEUE_CHOICES.
ACTIONABLE = "actionable"
SORTS = {
    "due": ("first_response_due_at", "pk"),
    "priority": ("-priority", "first_response_due_at", "pk"),
    "newest": ("-opened_at", "-pk"),
}
PAGE_SIZE = 50
# The counts read at most this many tickets of the filtered status (beyond,
# they are lower bounds, "n+"): an index-only pass of this length stays in
# the page's time budget.
COUNT_CAP = 100_000


def due_soon_window() -> timedelta:
    return timedelta(hours=getattr(settings, "AGENT_DUE_SOON_HOURS", 4))


def closed_window() -> timedelta:
    """Resolved and merged tickets pile up for ever; the queue shows those opened
    in the last days (older ones: the ticket admin, the API by id)."""
    return timedelta(days=getattr(settings, "AGENT_QUEUE_CLOSED_DAYS", 14))


@dataclass(frozen=True)
class QueueFilters:
    marketplace: str = ""  # marketplace code
    language: str = ""
    reason: str = ""
    channel: str = ""
    status: str = ACTIONABLE
    due: str = ""  # "" | "soon" | "overdue"
    assignee: str = ""  # "" | "mine" | "unassigned"
    sort: str = "due"

    def but(self, **changes) -> QueueFilters:
        return replace(self, **changes)

    def as_params(self) -> dict[str, str]:
        """The non-default filters, for links and the ``next ticket`` redirect."""
        defaults = QueueFilters()
        return {name: value for name, value in self.__dict__.items() if value != getattr(defaults, name)}


def _statuses(filters: QueueFilters) -> tuple[str, ...]:
    """The statuses the view shows, in queue order: in the default sort
    (due time) the tickets the seller has answered come first."""
    if filters.status != ACTIONABLE:
        return (filters.status,)
    if _is_ranked(filters):
        return tuple(sorted(TICKET_ACTIONABLE, key=lambda status: status not in FIRST_IN_DEFAULT_SORT))
    return TICKET_ACTIONABLE


# In the default sort these statuses come before the others (then due time):
# a seller's answer waits for an agent to use it.
FIRST_IN_DEFAULT_SORT = (TicketStatus.SELLER_REPLIED,)


def _is_ranked(filters: QueueFilters) -> bool:
    """Whether the view lists its statuses one after the other (the default
    sort) rather than interleaved by the sort key."""
    return filters.status == ACTIONABLE and (filters.sort or "due") == "due"


def _filtered(
    *, filters: QueueFilters, agent_id: int | None, now: datetime, scope: AgentScope = EVERYTHING
) -> QuerySet[Ticket]:
    """Every filter but the status, within the agent's scope."""
    tickets = Ticket.objects.all() if scope.is_everything else Ticket.objects.filter(scope.q())
    if filters.marketplace:
        tickets = tickets.filter(marketplace__code=filters.marketplace)
    if filters.language:
        tickets = tickets.filter(language=filters.language)
    if filters.reason:
        tickets = tickets.filter(reason=filters.reason)
    if filters.channel:
        tickets = tickets.filter(channel=filters.channel)
    if filters.due == "overdue":
        tickets = tickets.filter(first_responded_at__isnull=True, first_response_due_at__lt=now)
    elif filters.due == "soon":
        tickets = tickets.filter(
            first_responded_at__isnull=True,
            first_response_due_at__gte=now,
            first_response_due_at__lt=now + due_soon_window(),
        )
    if filters.assignee == "mine":
        tickets = tickets.filter(assigned_to_id=agent_id)
    elif filters.assignee == "unassigned":
        tickets = tickets.filter(assigned_to__isnull=True)
    return tickets


def _in_status(tickets: QuerySet[Ticket], statuses: tuple[str, ...], now: datetime) -> QuerySet[Ticket]:
    tickets = tickets.filter(status__in=statuses) if len(statuses) > 1 else tickets.filter(status=statuses[0])
    if any(status in TICKET_QUEUE_CLOSED for status in statuses):
        since = now - closed_window()
        # The due-time bound (implied: due follows opening) keeps the (status, due) index a range scan.
        tickets = tickets.filter(opened_at__gte=since, first_response_due_at__gte=since)
    return tickets


def queue_queryset(
    *, filters: QueueFilters, agent_id: int | None, now: datetime, scope: AgentScope = EVERYTHING
) -> QuerySet[Ticket]:
    """The tickets the filters select, in queue order (no rows fetched yet)."""
    tickets = _in_status(_filtered(filters=filters, agent_id=agent_id, now=now, scope=scope), _statuses(filters), now)
    if _is_ranked(filters):
        first = Case_(When(status__in=FIRST_IN_DEFAULT_SORT, then=Value(0)), default=Value(1))
        return tickets.order_by(first, *SORTS["due"])
    return tickets.order_by(*SORTS.get(filters.sort, SORTS["due"]))


@dataclass(frozen=True)
class Count:
    value: int
    is_capped: bool  # True: "at least value" (the count stopped reading)

    def __str__(self) -> str:
        return f"{self.value:,}+" if self.is_capped else f"{self.value:,}"


ROW_FIELDS = (
    "pk",
    "subject",
    "marketplace__code",
    "language",
    "reason",
    "channel",
    "status",
    "priority",
    "assigned_to_id",
    "assigned_to__username",
    "opened_at",
    "first_response_due_at",
    "first_responded_at",
)


@dataclass
class QueueRow:
    """A queue line: the few columns the queue shows, read as plain values."""

    id: int
    subject: str
    marketplace: str
    language: str
    reason: str
    channel: str
    status: str
    priority: int
    assigned_to_id: int | None
    assigned_to_username: str | None
    opened_at: datetime
    first_response_due_at: datetime
    first_responded_at: datetime | None
    case_deadline_at: datetime | None = None
    case_status: str = ""

    @property
    def reference(self) -> str:
        return f"CSBA-{self.id}"


# The sort keys each page query reads (all in the queue's covering indexes).
SORT_KEYS = {
    "due": (("first_response_due_at", "pk"), False),
    "priority": (("priority", "first_response_due_at", "pk"), False),
    "newest": (("opened_at", "pk"), True),
}
# Below this depth a queue over several statuses reads each status in index
# order and merges; deeper pages sort in the database.
MERGE_DEPTH = 2_000


def _page_ids(
    *, filters: QueueFilters, agent_id: int | None, now: datetime, offset: int, limit: int, scope: AgentScope
) -> list[int]:
    """The ids of one page, read from the queue's covering index. Over several
    statuses ("actionable") one query per status, each walking its index in
    order, merged here: no database sort of every actionable ticket."""
    statuses = _statuses(filters)
    sort = filters.sort if filters.sort in SORTS else "due"
    keys, reverse = SORT_KEYS[sort]
    if len(statuses) == 1 or offset + limit > MERGE_DEPTH:
        return list(
            queue_queryset(filters=filters, agent_id=agent_id, now=now, scope=scope).values_list("pk", flat=True)[
                offset : offset + limit
            ]
        )
    base = _filtered(filters=filters, agent_id=agent_id, now=now, scope=scope)
    parts = [
        list(_in_status(base, (status,), now).order_by(*SORTS[sort]).values_list(*keys)[: offset + limit])
        for status in statuses
    ]
    merged: Iterable
    if _is_ranked(filters):  # one status after the other, in queue order
        merged = chain(*parts)
    elif sort == "priority":  # descending priority, then ascending due time and id
        merged = heapq.merge(*parts, key=lambda row: (-row[0], row[1], row[2]))
    else:
        merged = heapq.merge(*parts, reverse=reverse)
    return [row[-1] for row in islice(merged, offset, offset + limit)]


@dataclass
class QueuePage:
    filters: QueueFilters
    rows: list[QueueRow]
    page: int
    page_size: int
    has_next: bool
    total: Count
    counts: dict[str, dict[str, Count]]
    now: datetime

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def num_pages(self) -> int | None:
        """None when the total is capped (the last page is not known)."""
        if self.total.is_capped:
            return None
        return max(1, math.ceil(self.total.value / self.page_size))

    @property
    def first_index(self) -> int:
        return (self.page - 1) * self.page_size + 1 if self.rows else 0

    @property
    def last_index(self) -> int:
        return (self.page - 1) * self.page_size + len(self.rows)


def _assignee_condition(value: str, agent_id: int | None) -> Q:
    return {"mine": Q(assigned_to_id=agent_id), "unassigned": Q(assigned_to__isnull=True)}.get(value, Q())


def _due_condition(value: str, now: datetime) -> Q:
    if value == "overdue":
        return Q(first_responded_at__isnull=True, first_response_due_at__lt=now)
    if value == "soon":
        return Q(
            first_responded_at__isnull=True,
            first_response_due_at__gte=now,
            first_response_due_at__lt=now + due_soon_window(),
        )
    return Q()


def _capped_count(tickets: QuerySet) -> int:
    # COUNT over a LIMIT subquery: stops reading after COUNT_CAP + 1 rows.
    return tickets.order_by()[: COUNT_CAP + 1].count()


def queue_counts(
    *, filters: QueueFilters, agent_id: int | None, now: datetime, scope: AgentScope = EVERYTHING
) -> dict[str, dict[str, Count]]:
    """How many tickets each assignment view (everyone, mine, unassigned) and
    each due-time view (any, soon, overdue) holds under the other filters,
    reading at most COUNT_CAP tickets per count (beyond, a lower bound "n+").

    Without column filters each count is a range of an index (status, due
    time, holder): up to five cheap counts. With them, one pass over the
    covering index computes every count at once (one query): evaluating the
    filters once beats five filtered scans."""
    wanted = {
        ("", filters.due),
        ("mine", filters.due),
        ("unassigned", filters.due),
        (filters.assignee, ""),
        (filters.assignee, "soon"),
        (filters.assignee, "overdue"),
    }
    if scope.is_everything and not (filters.marketplace or filters.language or filters.reason or filters.channel):
        totals = {
            key: _capped_count(
                queue_queryset(filters=filters.but(assignee=key[0], due=key[1]), agent_id=agent_id, now=now)
            )
            for key in sorted(wanted)
        }
        scanned = max(totals.values())
    else:
        base = _in_status(
            _filtered(filters=filters.but(assignee="", due=""), agent_id=agent_id, now=now, scope=scope),
            _statuses(filters),
            now,
        )
        sample = base.order_by().values("assigned_to_id", "first_responded_at", "first_response_due_at")[
            : COUNT_CAP + 1
        ]
        keys = sorted(wanted)
        # Counted on the due time: never null, and in the index (Count("*") takes no filter).
        aggregates = {
            f"c{n}": Count_(
                "first_response_due_at", filter=(_assignee_condition(a, agent_id) & _due_condition(d, now)) or None
            )
            for n, (a, d) in enumerate(keys)
        }
        aggregates["scanned"] = Count_("first_response_due_at")
        computed = sample.aggregate(**aggregates)
        totals = {key: computed[f"c{n}"] for n, key in enumerate(keys)}
        scanned = computed["scanned"]
    is_capped = scanned > COUNT_CAP
    return {
        "assignee": {a: Count(min(totals[(a, filters.due)], COUNT_CAP), is_capped) for a in ("", "mine", "unassigned")},
        "due": {d: Count(min(totals[(filters.assignee, d)], COUNT_CAP), is_capped) for d in ("", "soon", "overdue")},
    }


def ticket_queue(
    *,
    filters: QueueFilters,
    agent_id: int | None,
    now: datetime,
    page: int = 1,
    page_size: int = PAGE_SIZE,
    scope: AgentScope = EVERYTHING,
) -> QueuePage:
    """One page of the queue: its ids from the covering index (one query per
    status), their rows (one query), their open case deadlines (one query)
    and the counts of the views (one query): a constant number of queries."""
    page = max(1, page)
    offset = (page - 1) * page_size
    ids = _page_ids(filters=filters, agent_id=agent_id, now=now, offset=offset, limit=page_size + 1, scope=scope)
    has_next = len(ids) > page_size
    ids = ids[:page_size]
    by_id = (
        {values[0]: QueueRow(*values) for values in Ticket.objects.filter(pk__in=ids).values_list(*ROW_FIELDS)}
        if ids
        else {}
    )
    rows = [by_id[i] for i in ids if i in by_id]
    _attach_case_deadlines(rows)
    counts = queue_counts(filters=filters, agent_id=agent_id, now=now, scope=scope)
    total = counts["assignee"][filters.assignee] if filters.assignee in counts["assignee"] else counts["assignee"][""]
    return QueuePage(
        filters=filters,
        rows=rows,
        page=page,
        page_size=page_size,
        has_next=has_next,
        total=total,
        counts=counts,
        now=now,
    )


def _attach_case_deadlines(rows: list[QueueRow]) -> None:
    by_ticket: dict[int, tuple[datetime, str]] = {}
    if rows:
        for ticket_id, deadline_at, status in (
            Case.objects.filter(ticket_id__in=[t.id for t in rows], status__in=CASE_OPEN)
            .order_by("deadline_at")
            .values_list("ticket_id", "deadline_at", "status")
        ):
            by_ticket.setdefault(ticket_id, (deadline_at, status))
    for row in rows:
        row.case_deadline_at, row.case_status = by_ticket.get(row.id, (None, ""))
