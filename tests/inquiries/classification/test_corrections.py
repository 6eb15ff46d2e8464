"""The corrections loop: an agent corrects a ticket's reason on the ticket
page, the correction is kept as a labelled example, `export_corrections`
writes it out, and training reads it."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from csba.errors import DomainError
from inquiries.classification.train import read_examples
from inquiries.console import services
from inquiries.models import ReasonCorrection, TicketEvent
from tests.factories import agent_user
from tests.inquiries.console.conftest import NOW, covered_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(db):
    return agent_user("agent1")


def test_an_agent_corrects_the_reason_and_the_correction_is_kept(agent):
    # given a ticket the classifier called a product question
    ticket = covered_ticket(
        reason="product_question", classification={"reason": "product_question", "confidence": 0.41}
    )
    # when
    services.ticket_reason_correct(ticket_id=ticket.pk, agent=agent, reason="where_is_my_order", now=NOW)
    # then
    ticket.refresh_from_db()
    assert ticket.reason == "where_is_my_order"
    assert ticket.classification["reason"] == "product_question"
    assert ticket.classification["corrected_to"] == "where_is_my_order"
    correction = ReasonCorrection.objects.get()
    assert (correction.predicted_reason, correction.reason, correction.agent, correction.corrected_at) == (
        "product_question",
        "where_is_my_order",
        agent,
        NOW,
    )
    assert correction.predicted_confidence == 0.41
    assert correction.text == f"{ticket.subject}\nHow long does it keep drinks cold?"
    event = TicketEvent.objects.get(ticket=ticket, kind="reason_corrected")
    assert event.data == {"from": "product_question", "to": "where_is_my_order"}


@pytest.mark.parametrize(
    "reason,code",
    [("product_question", "reason_unchanged"), ("a_to_z_claim", "invalid_reason"), ("nonsense", "invalid_reason")],
)
def test_a_correction_to_the_same_or_no_reason_is_refused_and_nothing_is_kept(agent, reason, code):
    ticket = covered_ticket(reason="product_question")
    with pytest.raises(DomainError) as refused:
        services.ticket_reason_correct(ticket_id=ticket.pk, agent=agent, reason=reason, now=NOW)
    assert refused.value.code == code
    ticket.refresh_from_db()
    assert ticket.reason == "product_question"
    assert not ReasonCorrection.objects.exists()
    assert not TicketEvent.objects.filter(kind="reason_corrected").exists()


def test_the_ticket_page_offers_the_correction_and_takes_it(client, agent, clock):
    # given
    clock.set(NOW)
    ticket = covered_ticket(reason="other", classification={"reason": "other", "unsure": True, "runner_up": "refund"})
    client.force_login(agent)
    page = client.get(reverse("agent:ticket", args=[ticket.pk]))
    assert page.status_code == 200
    assert b'id="form-reason"' in page.content and b"Unsure:" in page.content
    # when
    response = client.post(reverse("agent:action", args=[ticket.pk, "reason"]), {"reason-reason": "refund"})
    # then
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.reason == "refund"
    assert ReasonCorrection.objects.get().was_unsure is True


def test_a_bad_reason_from_the_page_is_a_400_with_the_field_error(client, agent, clock):
    clock.set(NOW)
    ticket = covered_ticket(reason="other")
    client.force_login(agent)
    response = client.post(reverse("agent:action", args=[ticket.pk, "reason"]), {"reason-reason": "nonsense"})
    assert response.status_code == 400
    assert not ReasonCorrection.objects.exists()


def test_export_corrections_writes_training_rows_that_training_reads(agent, tmp_path):
    # given two corrections of one ticket and one of another
    first = covered_ticket(reason="product_question")
    second = covered_ticket(reason="payment", language="de")
    services.ticket_reason_correct(ticket_id=first.pk, agent=agent, reason="refund", now=NOW)
    services.ticket_reason_correct(ticket_id=first.pk, agent=agent, reason="return_request", now=NOW)
    services.ticket_reason_correct(ticket_id=second.pk, agent=agent, reason="invoice", now=NOW)
    target = tmp_path / "corrections.jsonl"
    # when
    call_command("export_corrections", "-o", str(target), stderr=io.StringIO())
    # then the later correction of a ticket counts, in the training format
    rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [(row["group"], row["reason"]) for row in rows] == [
        (f"ticket-{first.pk}", "return_request"),
        (f"ticket-{second.pk}", "invoice"),
    ]
    assert rows[1]["language"] == "de" and rows[1]["source"] == "agent correction"
    examples = read_examples(target)
    assert examples.labels.tolist() == ["return_request", "invoice"]
    assert examples.texts[0].endswith("How long does it keep drinks cold?")
