"""`make load`: Locust users against gunicorn on loopback (scripts/load.py
starts everything). Three kinds of users, as on a working day:

- agents (demo logins agent, agent2, agent_jp): the queue, a ticket, claim it,
  reply to the buyer, release it, the next one;
- buyers: the public contact form and the chat (start, then messages in it),
  and integrations posting contacts through the API (Idempotency-Key);
- sellers (seller, seller_de, seller_jp): the case log, a case, a reply.

Every request is named by its endpoint (ids folded) so the report gives
p50/p95/p99 per endpoint. A 5xx answer, or a 4xx that is not a form shown
again with its refusal, is a failure; a business refusal on the form
(another agent holds the ticket, a newer message arrived) is what a helpdesk
does under load, not an error.
"""

from __future__ import annotations

import itertools
import random
import re
import uuid

from locust import HttpUser, between, task

PASSWORD = "demo-pass-2026"
TICKET = re.compile(r"/agent/tickets/(\d+)/")
CASE = re.compile(r"/seller/cases/(\d+)/")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_agents = itertools.cycle(["agent", "agent2", "agent_jp"])
_sellers = itertools.cycle(["seller", "seller_de", "seller_jp"])
TEXTS = [
    "Where is my order? It has not arrived yet.",
    "The item arrived damaged, the lid is cracked.",
    "I would like to return this, it does not fit.",
    "Is this bottle dishwasher safe?",
    "Can I get an invoice for this order please?",
]


class Browser(HttpUser):
    abstract = True
    wait_time = between(0.5, 2.0)

    def form_token(self, path: str, name: str) -> str:
        with self.client.get(path, name=name, catch_response=True) as response:
            match = CSRF.search(response.text)
            if response.status_code != 200 or not match:
                response.failure(f"no form at {path}: {response.status_code}")
                return ""
            return match.group(1)

    def post_form(self, path: str, data: dict, name: str, token: str):
        with self.client.post(
            path,
            data={"csrfmiddlewaretoken": token, **data},
            name=name,
            headers={"Referer": self.host + path},
            catch_response=True,
        ) as response:
            refused_form = response.status_code in (400, 409) and (
                'class="errorlist' in response.text or 'role="alert"' in response.text
            )
            if response.status_code >= 400 and not refused_form:
                response.failure(f"{response.status_code}: {response.text[:120]!r}")
            else:
                response.success()  # a business refusal shown on the form (another agent holds the ticket) is no error
            return response

    def login(self, username: str) -> None:
        token = self.form_token("/accounts/login/", "/accounts/login/ [page]")
        self.post_form("/accounts/login/", {"username": username, "password": PASSWORD}, "/accounts/login/", token)


class Agent(Browser):
    weight = 15

    def on_start(self):
        self.login(next(_agents))

    @task
    def work_a_ticket(self):
        queue = self.client.get("/agent/", name="/agent/ [queue]")
        ids = TICKET.findall(queue.text)
        if not ids:
            return
        pk = random.choice(ids[:25])
        page = self.client.get(f"/agent/tickets/{pk}/", name="/agent/tickets/[id]/")
        token = CSRF.search(page.text)
        if not token:
            return
        token = token.group(1)
        self.post_form(f"/agent/tickets/{pk}/claim/", {}, "/agent/tickets/[id]/claim/", token)
        self.post_form(
            f"/agent/tickets/{pk}/reply/",
            {
                "reply-body": "Thank you for your patience: we are looking into it and will write again today.",
                "reply-after": "keep",  # the ticket stays in the queue for the other agents
            },
            "/agent/tickets/[id]/reply/",
            token,
        )
        self.post_form(f"/agent/tickets/{pk}/release/", {}, "/agent/tickets/[id]/release/", token)

    @task(2)
    def look_at_the_queue(self):
        self.client.get("/agent/queue/results/", name="/agent/queue/results/")


class Buyer(Browser):
    weight = 25

    @task(2)
    def write_through_the_form(self):
        token = self.form_token("/help/contact/", "/help/contact/ [page]")
        self.post_form(
            "/help/contact/",
            {
                "marketplace": "US",
                "buyer_name": "Load Buyer",
                "buyer_email": f"load-{uuid.uuid4().hex[:10]}@example.net",
                "subject": "Question",
                "text": random.choice(TEXTS),
            },
            "/help/contact/",
            token,
        )

    @task(2)
    def chat(self):
        token = self.form_token("/help/chat/", "/help/chat/ [page]")
        response = self.post_form(
            "/help/chat/",
            {
                "marketplace": "US",
                "buyer_name": "Chat Buyer",
                "buyer_email": f"chat-{uuid.uuid4().hex[:10]}@example.net",
                "text": random.choice(TEXTS),
            },
            "/help/chat/",
            token,
        )
        chat_path = response.url.replace(self.host, "") if response.url else ""
        if "/help/chat/" not in chat_path or chat_path.rstrip("/") == "/help/chat":
            return
        for text in ("Any news?", "Thanks, I will wait."):
            page_token = CSRF.search(self.client.get(chat_path, name="/help/chat/[token]/").text)
            if page_token:
                self.post_form(chat_path, {"text": text}, "/help/chat/[token]/ [message]", page_token.group(1))

    @task(3)
    def post_through_the_api(self):
        if not getattr(self, "api_ready", False):
            self.login("load_integrator")
            self.api_ready = True
        self.client.post(
            "/api/v1/contacts/",
            json={"marketplace": "US", "text": random.choice(TEXTS)},
            headers={"Idempotency-Key": uuid.uuid4().hex, "X-CSRFToken": self.client.cookies.get("csrftoken", "")},
            name="/api/v1/contacts/",
        )


class Seller(Browser):
    weight = 10

    def on_start(self):
        self.login(next(_sellers))

    @task
    def answer_a_case(self):
        cases = self.client.get("/seller/cases/", name="/seller/cases/")
        ids = CASE.findall(cases.text)
        if not ids:
            return
        pk = random.choice(ids)
        page = self.client.get(f"/seller/cases/{pk}/", name="/seller/cases/[id]/")
        token = CSRF.search(page.text)
        if token:
            self.post_form(
                f"/seller/cases/{pk}/reply/",
                {"body": "The parcel left our warehouse on Monday; tracking is attached to the order."},
                "/seller/cases/[id]/reply/",
                token.group(1),
            )
