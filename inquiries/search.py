"""Search for agents and sellers: by ticket number, order number, buyer email
or text. Every look-up reads an index:

- ``CSBA-123``, ``#123``, ``123``: the ticket's primary key;
- an order number (``111-1234567-1234567``): ``Order.order_number`` (unique),
  then the tickets' ``order`` foreign key;
- an email address: ``Buyer`` by its (marketplace, email) unique index, one
  probe per marketplace, then the tickets' ``buyer`` foreign key;
- text: on PostgreSQL, full-text search over the messages (their stored
  ``search_document``, GIN-indexed) and the ticket subjects (a GIN index on
  the same expression), migration ``inquiries.0006_search_indexes``, newest
  first: the newest messages walked backwards, then (for a rare word) the
  index over growing windows of the newest rows (``_postgresql_text``). The
  ``simple`` configuration keeps words as written, so one index serves
  English, German and Japanese; Chinese and Japanese text has a space put
  between its characters (in the index and in the query, the same
  expression), and a CJK word is searched as a phrase of its characters.
  Latin words match as prefixes ("dishwash" finds "dishwasher").
  On SQLite (development) a plain case-insensitive scan of the newest
  messages stands in.

Sellers search their own tickets only: those with a case in their case log
and the buyer messages routed to them; never internal notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import BooleanField, Exists, Max, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL

from sellers.models import Buyer, Marketplace, Order
from sellers.selectors import EVERYTHING, AgentScope

from .models import Case, Direction, Message, Ticket
from .reasons import Route

MAX_RESULTS = 50
# Messages read for a text search (newest first) before their tickets are picked.
MESSAGE_WINDOW = 150
# SQLite: how many of the newest messages a text search scans.
FALLBACK_SCAN = 20_000
# PostgreSQL: the newest messages a text search walks first (enough for any word in more than ~1 % of them),
RECENT_SCAN = 20_000
# then the windows of newest messages whose index entries it reads, widening until enough tickets are found.
SEARCH_WINDOWS = (100_000, None)
# A seller's visible tickets a text search looks in (its case log and routed messages).
MAX_SELLER_TICKETS = 20_000

_REFERENCE = re.compile(r"^(?:csba[-\s]?|#)?(\d{1,12})$", re.IGNORECASE)
_ORDER = re.compile(r"^\d{3}-\d{7}-\d{7}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_WORD = re.compile(r"\w+", re.UNICODE)
# Hiragana, katakana, CJK ideographs (and extension A), hangul.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
_CJK_CHAR = re.compile(f"[{_CJK}]")
# The indexed expression (the same text in migration 0005 and in queries).
CJK_SPACED = "regexp_replace({column}, '([" + _CJK + "])', ' \\1 ', 'g')"
TSVECTOR = "to_tsvector('simple'::regconfig, " + CJK_SPACED + ")"


class Kind:
    TICKET = "ticket"
    ORDER = "order"
    EMAIL = "email"
    TEXT = "text"


@dataclass(frozen=True)
class SearchScope:
    """Whose tickets: an agent's (``agent``: its marketplaces and languages;
    operators every ticket), or one seller's (``seller_id``)."""

    seller_id: int | None = None
    agent: AgentScope = EVERYTHING


@dataclass
class SearchResult:
    query: str
    kind: str
    tickets: list[Ticket]

    @property
    def is_empty(self) -> bool:
        return not self.tickets


def query_kind(query: str) -> str:
    query = query.strip()
    if _REFERENCE.match(query):
        return Kind.TICKET
    if _ORDER.match(query):
        return Kind.ORDER
    if _EMAIL.match(query):
        return Kind.EMAIL
    return Kind.TEXT


def tsquery(text: str) -> str:
    """The text as a ``to_tsquery('simple', …)`` string: every word must
    match; a CJK run is a phrase of its characters (``商 <-> 品``); other words
    match as prefixes. Only word characters reach PostgreSQL."""
    terms = []
    for word in _WORD.findall(text.lower()):
        if _CJK_CHAR.search(word):
            pieces = [p for p in re.split(f"([{_CJK}])", word) if p.strip()]
            terms.append("(" + " <-> ".join(pieces) + ")" if len(pieces) > 1 else pieces[0])
        else:
            terms.append(f"{word}:*")
    return " & ".join(terms)


def _visible(tickets: QuerySet[Ticket], scope: SearchScope) -> QuerySet[Ticket]:
    if not scope.agent.is_everything:
        tickets = tickets.filter(scope.agent.q())
    if scope.seller_id is None:
        return tickets
    has_case = Exists(Case.objects.filter(ticket_id=OuterRef("pk"), seller_id=scope.seller_id))
    return tickets.filter(seller_id=scope.seller_id).filter(Q(route=Route.SELLER_MESSAGING) | has_case)


def _rows(tickets: QuerySet[Ticket]) -> list[Ticket]:
    return list(tickets.select_related("marketplace", "buyer", "order").order_by("-pk")[:MAX_RESULTS])


def ticket_search(*, query: str, scope: SearchScope = SearchScope()) -> SearchResult:
    """The tickets a query finds, newest first (at most ``MAX_RESULTS``);
    a fixed number of queries whatever the data size."""
    query = (query or "").strip()[:200]
    kind = query_kind(query) if query else Kind.TEXT
    if not query:
        return SearchResult(query, kind, [])
    order_ids: list[int] = []
    if kind == Kind.ORDER or (kind == Kind.TEXT and " " not in query and any(c.isdigit() for c in query)):
        # Order numbers of other formats than Amazon's 3-7-7 are found too: one unique-index probe.
        order_ids = list(Order.objects.filter(order_number=query).values_list("pk", flat=True))
        kind = Kind.ORDER if order_ids or kind == Kind.ORDER else kind
    tickets = _visible(Ticket.objects.all(), scope)
    if kind == Kind.TICKET:
        found = _rows(tickets.filter(pk=int(_REFERENCE.match(query).group(1))))
    elif kind == Kind.ORDER:
        found = _rows(tickets.filter(order_id__in=order_ids))
    elif kind == Kind.EMAIL:
        found = _rows(tickets.filter(buyer_id__in=_buyer_ids(query)))
    else:
        found = _text_search(query, tickets, scope)
    return SearchResult(query, kind, found)


def _buyer_ids(email: str) -> list[int]:
    """Buyers by the (marketplace, email) unique index: one probe per marketplace."""
    marketplaces = list(Marketplace.objects.values_list("pk", flat=True))
    return list(
        Buyer.objects.filter(marketplace_id__in=marketplaces, email__in={email, email.lower()}).values_list(
            "pk", flat=True
        )
    )


def _text_search(text: str, tickets: QuerySet[Ticket], scope: SearchScope) -> list[Ticket]:
    messages = Message.objects.all()
    if not scope.agent.is_everything:
        messages = messages.filter(scope.agent.q(prefix="ticket__"))
    if scope.seller_id is not None:  # never internal notes; only the seller's tickets
        visible = list(tickets.values_list("pk", flat=True)[:MAX_SELLER_TICKETS])
        messages = messages.exclude(direction=Direction.INTERNAL).filter(ticket_id__in=visible)
    if connection.vendor == "postgresql":
        ids = _postgresql_text(tsquery(text), messages, tickets, scope)
    else:
        ids = _sqlite_text(text, messages, tickets)
    return _rows(tickets.filter(pk__in=ids[: MAX_RESULTS * 2]))


def _postgresql_text(
    query: str, messages: QuerySet[Message], tickets: QuerySet[Ticket], scope: SearchScope
) -> list[int]:
    """The newest tickets whose messages or subject match. The cost of a
    look-up in the GIN index grows with the word's frequency over the whole
    table (a word in a third of 2 M messages: 700,000 entries), the cost of
    walking the newest rows backwards with the primary key with the rarity
    of the word. So each does what it is cheap for:

    1. the newest ``RECENT_SCAN`` messages, walked backwards (a common word
       stops after a few hundred rows);
    2. only when they hold fewer than ``MAX_RESULTS`` tickets, the word is
       rare there (under ~1 % of messages), so its GIN entries are few: bitmap
       scans over growing windows of the newest rows (the GIN bitmap ANDed
       with a primary-key range), so few rows are read from the table.

    A seller's search reads the messages of its own tickets by their index."""
    if not query:
        return []
    matching = RawSQL(
        "inquiries_message.search_document @@ to_tsquery('simple'::regconfig, %s)",
        [query],
        output_field=BooleanField(),
    )
    subject = RawSQL(
        f"{TSVECTOR.format(column='inquiries_ticket.subject')} @@ to_tsquery('simple'::regconfig, %s)",
        [query],
        output_field=BooleanField(),
    )
    newest_first = messages.filter(matching).order_by("-pk").values_list("ticket_id", flat=True)
    subjects = tickets.filter(subject).order_by("-pk").values_list("pk", flat=True)
    if scope.seller_id is not None:  # a few thousand tickets at most: their own index
        return sorted({*newest_first[:MESSAGE_WINDOW], *subjects[:MAX_RESULTS]}, reverse=True)
    top_message = Message.objects.aggregate(top=Max("pk"))["top"] or 0
    top_ticket = Ticket.objects.aggregate(top=Max("pk"))["top"] or 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("SET LOCAL enable_seqscan = off")
        recent = set(newest_first.filter(pk__gt=top_message - RECENT_SCAN)[:MESSAGE_WINDOW])
        if len(recent) >= MAX_RESULTS:
            # The subjects of the same tickets' range: a walk as short as theirs.
            floor = sorted(recent, reverse=True)[MAX_RESULTS - 1]
            return sorted(recent | set(subjects.filter(pk__gte=floor)[:MAX_RESULTS]), reverse=True)
    found: list[int] = list(recent)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("SET LOCAL enable_seqscan = off")
        for span in SEARCH_WINDOWS:
            floor_message = max(top_message - span, 0) if span else 0
            floor_ticket = max(top_ticket - span // 2, 0) if span else 0
            found += newest_first.filter(pk__gt=floor_message)[:MESSAGE_WINDOW]
            found += subjects.filter(pk__gt=floor_ticket)[:MAX_RESULTS]
            if len(set(found)) >= MAX_RESULTS or not span or (floor_message == 0 and floor_ticket == 0):
                break
    return sorted(set(found), reverse=True)


def _sqlite_text(text: str, messages: QuerySet[Message], tickets: QuerySet[Ticket]) -> list[int]:
    """Development: every word, anywhere, in the newest ``FALLBACK_SCAN`` messages and the subjects."""
    newest = Message.objects.order_by("-pk").values_list("pk", flat=True)[FALLBACK_SCAN : FALLBACK_SCAN + 1]
    floor = newest[0] if newest else 0
    words = _WORD.findall(text) or [text]
    in_body = Q(pk__gt=floor)
    in_subject = Q()
    for word in words:
        in_body &= Q(body__icontains=word)
        in_subject &= Q(subject__icontains=word)
    by_message = list(messages.filter(in_body).order_by("-pk").values_list("ticket_id", flat=True)[:MESSAGE_WINDOW])
    by_subject = list(tickets.filter(in_subject).order_by("-pk").values_list("pk", flat=True)[:MAX_RESULTS])
    return sorted({*by_message, *by_subject}, reverse=True)
