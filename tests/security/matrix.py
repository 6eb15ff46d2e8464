"""The authorization matrix: for every route, what each role gets.

Roles: ``anonymous``; ``agent_other`` (an agent of another marketplace, JP,
on the US tickets); ``seller_a`` (seller A on seller B's objects);
``operator``. Each route names the object the probe is aimed at (seller B's,
or a US ticket) and, where there is one, its rightful owner, who must get
the page (a positive control: a refusal everywhere would pass otherwise).

``LOGIN`` is the login page for a page (302 to /accounts/login/) and 401 for
the API. POST probes are refusals only, and nothing may be written."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core import signing

from inquiries.buyer_links import buyer_path_for

LOGIN = "login"
ROLES = ("anonymous", "agent_other", "seller_a", "operator")


def _forged_token(w) -> str:
    return signing.Signer(salt="not-the-buyer-link").sign_object({"t": w.ticket_b.pk, "e": 4_000_000_000})


def _buyer_token(w) -> str:
    return buyer_path_for(w.ticket_b.pk, now=w.now).rstrip("/").rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Entry:
    get: dict | None = None  # role -> expected status (or LOGIN)
    post: dict | None = None  # role -> expected status of a refused write (nothing written)
    kwargs: Callable = lambda w: {}
    owner: tuple[str | None, int] | None = None  # (user, status) of the rightful GET
    owner_kwargs: Callable | None = None
    body: Callable = lambda w: {}
    json: bool = False
    absent: Callable | None = None  # texts seller_a's (or agent_other's) 200 page must not show
    path: str | None = None  # for a route without a name to reverse
    query: Callable | None = None  # a query string for the probe (a search for B's objects)


def pages(**over) -> dict:
    return {"anonymous": LOGIN, **over}


SELLER_OBJECT = pages(agent_other=403, seller_a=404, operator=403)
SELLER_LIST = pages(agent_other=403, seller_a=200, operator=403)
AGENT_OBJECT = pages(agent_other=404, seller_a=403, operator=403)
AGENT_LIST = pages(agent_other=200, seller_a=403, operator=403)
API_SELLER_OBJECT = pages(agent_other=403, seller_a=404, operator=403)
API_SELLER_LIST = pages(agent_other=403, seller_a=200, operator=403)
API_AGENT_OBJECT = pages(agent_other=404, seller_a=403, operator=403)
PUBLIC = dict.fromkeys(ROLES, 200)

PLANNER_PAGE = pages(agent_other=403, seller_a=403, operator=200)
PLANNER_RUN = pages(agent_other=403, seller_a=403, operator=404)
NO_RUN = lambda w: {"run_id": 999_999}  # noqa: E731
B_CASE = lambda w: {"pk": w.case_b.pk}  # noqa: E731
US_TICKET = lambda w: {"pk": w.ticket_b.pk}  # noqa: E731
B_REFERENCE = lambda w: [f"{w.ticket_b.reference}<", f'"reference":"{w.ticket_b.reference}"']  # noqa: E731

MATRIX: dict[str, Entry] = {
    # --- the site's front door
    "home": Entry(get=PUBLIC),
    "health": Entry(get=PUBLIC),
    "landing": Entry(get=pages(agent_other=302, seller_a=302, operator=302)),
    "login": Entry(get=PUBLIC),
    "logout": Entry(get=dict.fromkeys(ROLES, 405)),
    "set_language": Entry(get=dict.fromkeys(ROLES, 302)),
    "attachment": Entry(
        get=pages(agent_other=404, seller_a=404, operator=200),
        kwargs=lambda w: {"pk": w.attachment_b.pk},
        owner=("seller_b", 200),
    ),
    # --- the agent console
    "agent:queue": Entry(get=AGENT_LIST, absent=B_REFERENCE),
    "agent:queue_fragment": Entry(get=AGENT_LIST, absent=B_REFERENCE),
    "agent:next": Entry(get=pages(agent_other=302, seller_a=403, operator=403)),
    "agent:ticket": Entry(get=AGENT_OBJECT, kwargs=US_TICKET, owner=("agent", 200)),
    "agent:search": Entry(get=AGENT_LIST, query=lambda w: f"q={w.ticket_b.order.order_number}", absent=B_REFERENCE),
    "agent:bulk": Entry(
        get=pages(agent_other=405, seller_a=403, operator=403),
        post=pages(agent_other=302, seller_a=403, operator=403),  # 302: back to the queue, "no such ticket"
        body=lambda w: {"bulk-action": "resolve", "bulk-tickets": [w.ticket_b.pk], "bulk-resolution": "answered"},
    ),
    "agent:presence": Entry(
        get=pages(agent_other=405, seller_a=403, operator=403), post=AGENT_OBJECT, kwargs=US_TICKET
    ),
    "agent:action": Entry(
        get=pages(agent_other=405, seller_a=403, operator=403),
        post=AGENT_OBJECT,
        kwargs=lambda w: {"pk": w.ticket_b.pk, "action": "claim"},
    ),
    # --- buyers
    "intake:contact": Entry(get=PUBLIC),
    "intake:chat-start": Entry(get=PUBLIC),
    "intake:conversation": Entry(
        get=dict.fromkeys(ROLES, 400),  # a link that is not one: the refused-link page
        post=dict.fromkeys(ROLES, 400),
        kwargs=lambda w: {"token": _forged_token(w)},
        owner=(None, 200),
        owner_kwargs=lambda w: {"token": _buyer_token(w)},
        body=lambda w: {"text": "Hello?"},
    ),
    "intake:conversation-updates": Entry(
        get=dict.fromkeys(ROLES, 400),
        kwargs=lambda w: {"token": _forged_token(w)},
        owner=(None, 200),
        owner_kwargs=lambda w: {"token": _buyer_token(w)},
    ),
    "intake:chat": Entry(
        get=dict.fromkeys(ROLES, 400),
        kwargs=lambda w: {"token": _forged_token(w)},
        owner=(None, 200),
        owner_kwargs=lambda w: {"token": _buyer_token(w)},
    ),
    "csat:rate": Entry(get=dict.fromkeys(ROLES, 400), kwargs=lambda w: {"token": _forged_token(w)}),
    "intake:phone": Entry(get=AGENT_LIST),
    # --- sellers
    "intake:seller-transfer": Entry(
        get=SELLER_LIST,
        post=pages(agent_other=403, seller_a=200, operator=403),  # 200: the form says "not one of your orders"
        body=lambda w: {"order_number": w.ticket_b.order.order_number, "text": "Please help.", "submission_key": "k"},
    ),
    "intake:seller-messages": Entry(get=SELLER_LIST, absent=B_REFERENCE),
    "caselog:list": Entry(get=SELLER_LIST, absent=B_REFERENCE),
    "caselog:detail": Entry(get=SELLER_OBJECT, kwargs=B_CASE, owner=("seller_b", 200)),
    "caselog:reply": Entry(
        get=pages(agent_other=403, seller_a=405, operator=403),
        post=SELLER_OBJECT,
        kwargs=B_CASE,
        body=lambda w: {"body": "Shipped."},
    ),
    "caselog:safet": Entry(
        get=pages(agent_other=403, seller_a=405, operator=403),
        post=SELLER_OBJECT,
        kwargs=B_CASE,
        body=lambda w: {"refund": w.refund_b.pk, "ground": "buyer_abuse", "explanation": "x"},
    ),
    "billing:index": Entry(get=SELLER_LIST),
    "billing:statement": Entry(get=SELLER_OBJECT, kwargs=lambda w: {"pk": w.statement_b.pk}, owner=("seller_b", 200)),
    "billing:statements_csv": Entry(get=SELLER_LIST),
    "billing:insights": Entry(get=SELLER_LIST),
    "billing:estimator": Entry(get=SELLER_LIST),
    "seller:home": Entry(get=SELLER_LIST),
    "seller-home": Entry(get=SELLER_LIST, absent=B_REFERENCE),
    "portal:search": Entry(get=SELLER_LIST, query=lambda w: f"q={w.ticket_b.order.order_number}", absent=B_REFERENCE),
    "portal:templates": Entry(get=SELLER_LIST, absent=lambda w: [w.template_b.name]),
    "portal:template": Entry(
        get=SELLER_OBJECT,
        post=SELLER_OBJECT,
        kwargs=lambda w: {"pk": w.template_b.pk},
        owner=("seller_b", 200),
        body=lambda w: {"name": "Hijacked", "body": "x"},
    ),
    "seller:register": Entry(get=PUBLIC),
    "seller:enrollment": Entry(get=SELLER_LIST, kwargs=lambda w: {"code": "US"}),
    "seller:opt_in": Entry(get=SELLER_LIST, kwargs=lambda w: {"code": "DE"}),
    "seller:opt_out": Entry(get=SELLER_LIST, kwargs=lambda w: {"code": "US"}),
    "seller:enrollment_window": Entry(
        get=SELLER_OBJECT, kwargs=lambda w: {"pk": w.window_b.pk}, owner=("seller_b", 200)
    ),
    "seller:invitations": Entry(get=SELLER_LIST),
    "seller:return_policy": Entry(get=SELLER_LIST, kwargs=lambda w: {"code": "US"}),
    "seller:store_info": Entry(get=SELLER_LIST),
    "seller:api_tokens": Entry(get=SELLER_LIST, absent=lambda w: [w.token_b.name]),
    "seller:api_token_revoke": Entry(
        get=pages(agent_other=403, seller_a=405, operator=403),
        post=SELLER_OBJECT,
        kwargs=lambda w: {"pk": w.token_b.pk},
    ),
    # --- the planner pages (planners and operators; a run that is not there is a 404)
    "planner:home": Entry(get=PLANNER_PAGE),
    "planner:launch": Entry(
        get=pages(agent_other=403, seller_a=403, operator=405),
        post=pages(agent_other=403, seller_a=403, operator=400),  # 400: the bad knob's field error
        body=lambda w: {"scenario": "small", "simulation.days": "0"},
    ),
    "planner:run": Entry(get=PLANNER_RUN, kwargs=NO_RUN),
    "planner:progress": Entry(get=PLANNER_RUN, kwargs=NO_RUN),
    "planner:report": Entry(get=PLANNER_RUN, kwargs=NO_RUN),
    "planner:cancel": Entry(get=pages(agent_other=403, seller_a=403, operator=405), post=PLANNER_RUN, kwargs=NO_RUN),
    # --- the API (LOGIN is 401 there)
    "api-schema": Entry(get=PUBLIC),
    "api-docs": Entry(get=PUBLIC),
    "api-index": Entry(get=PUBLIC),
    "api-not-found": Entry(get=dict.fromkeys(ROLES, 404), path="/api/nothing-here/"),
    "api-seller-register": Entry(
        post=pages(agent_other=403, seller_a=403), json=True, body=lambda w: {"name": "X", "business_country": "US"}
    ),
    "api-seller-enrollment-list": Entry(get=API_SELLER_LIST),
    "api-seller-enrollment-window": Entry(
        get=API_SELLER_OBJECT, kwargs=lambda w: {"pk": w.window_b.pk}, owner=("seller_b", 200)
    ),
    "api-seller-enrollment": Entry(get=API_SELLER_LIST, kwargs=lambda w: {"code": "US"}),
    "api-seller-eligibility": Entry(get=API_SELLER_LIST, kwargs=lambda w: {"code": "US"}),
    "api-seller-opt-in": Entry(post=pages(agent_other=403, operator=403), kwargs=lambda w: {"code": "DE"}, json=True),
    "api-seller-opt-out": Entry(post=pages(agent_other=403, operator=403), kwargs=lambda w: {"code": "US"}, json=True),
    "api-seller-return-policy": Entry(
        get=API_SELLER_LIST, post=pages(agent_other=403, operator=403), kwargs=lambda w: {"code": "US"}, json=True
    ),
    "api-contacts": Entry(post=pages(seller_a=403), json=True),
    "api-contacts-batch": Entry(post=pages(seller_a=403), json=True),
    "api-contacts-email": Entry(post=pages(seller_a=403), json=True),
    "api-seller-transfers": Entry(
        post=pages(agent_other=403, seller_a=400, operator=403),
        json=True,
        body=lambda w: {"order_number": w.ticket_b.order.order_number, "text": "Please help."},
    ),
    "api-agent-queue": Entry(get=pages(agent_other=200, seller_a=403, operator=403), absent=B_REFERENCE),
    "api-agent-ticket": Entry(get=API_AGENT_OBJECT, kwargs=US_TICKET, owner=("agent", 200)),
    "api-agent-ticket-claim": Entry(post=API_AGENT_OBJECT, kwargs=US_TICKET, json=True),
    "api-agent-ticket-reply": Entry(
        post=API_AGENT_OBJECT, kwargs=US_TICKET, json=True, body=lambda w: {"body": "Hello."}
    ),
    "api-agent-ticket-resolve": Entry(
        post=API_AGENT_OBJECT, kwargs=US_TICKET, json=True, body=lambda w: {"resolution": "answered"}
    ),
    "api-cases-open": Entry(
        post=pages(agent_other=404, seller_a=403),
        json=True,
        body=lambda w: {"ticket": w.ticket_b.pk, "question": "Tracking?"},
    ),
    "api-seller-cases": Entry(get=API_SELLER_LIST, absent=B_REFERENCE),
    "api-seller-case": Entry(get=API_SELLER_OBJECT, kwargs=B_CASE, owner=("seller_b", 200)),
    "api-seller-case-replies": Entry(
        post=API_SELLER_OBJECT, kwargs=B_CASE, json=True, body=lambda w: {"body": "Shipped."}
    ),
    "api-seller-case-safet": Entry(
        post=API_SELLER_OBJECT,
        kwargs=B_CASE,
        json=True,
        body=lambda w: {"refund": w.refund_b.pk, "ground": "buyer_abuse", "explanation": "x"},
    ),
    "api-statement-list": Entry(
        get=pages(agent_other=403, seller_a=200, operator=200), absent=lambda w: [f'"id":{w.statement_b.pk},']
    ),
    "api-statement-detail": Entry(
        get=pages(agent_other=403, seller_a=404, operator=200),
        kwargs=lambda w: {"pk": w.statement_b.pk},
        owner=("seller_b", 200),
    ),
}

# Admin routes, made by the admin site: every one is for operators (staff);
# anybody else is sent to the admin's login. Their parameters, by name:
ADMIN_PARAMETERS = {"object_id": "1", "pk": 1, "id": 1, "content_type_id": 1, "app_label": "sellers", "url": "nope/"}


@dataclass
class Cell:
    route: str
    method: str
    role: str
    expected: object
    url: str = field(default="")
