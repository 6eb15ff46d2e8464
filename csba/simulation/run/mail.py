"""The mail backend of a simulation: every message the services send is
counted (by who receives it), none is rendered to bytes or delivered."""

from __future__ import annotations

from collections import Counter

from django.core.mail.backends.base import BaseEmailBackend

SENT: Counter = Counter()


def recipient_kind(address: str) -> str:
    """``buyer`` or ``seller`` by the simulated address domains, else ``other``."""
    domain = address.rpartition("@")[2]
    return domain.split(".")[0] if domain.split(".")[0] in ("buyer", "seller") else "other"


class CountingBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            for address in message.to:
                SENT[recipient_kind(address)] += 1
        return len(email_messages)
