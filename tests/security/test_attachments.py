"""Attachments are served by a view that checks the viewer's right to the
ticket; only real PNG/JPEG/GIF/WebP images are shown inline, everything else
is a download; nothing is served from /media/."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from inquiries.caselog.services import case_seller_reply
from inquiries.models import Attachment, Direction, Message
from tests.factories import agent_user

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
HTML = b"<html><script>alert(document.cookie)</script></html>"


def buyer_attachment(ticket, *, filename, content_type, payload, now):
    message = Message.objects.create(
        ticket=ticket, direction=Direction.INBOUND, author_kind="buyer", channel="email", body="See file.", sent_at=now
    )
    attachment = Attachment(message=message, filename=filename, content_type=content_type, size=len(payload))
    attachment.file.save(filename, ContentFile(payload), save=False)
    attachment.save()
    return attachment


class FakeUpload(ContentFile):
    def __init__(self, payload, name, content_type):
        super().__init__(payload, name=name)
        self.content_type = content_type


@pytest.fixture
def files(world):
    html = buyer_attachment(
        world.ticket_a, filename="invoice.html", content_type="text/html", payload=HTML, now=world.now
    )
    png = buyer_attachment(world.ticket_a, filename="photo.png", content_type="image/png", payload=PNG, now=world.now)
    fake = buyer_attachment(world.ticket_a, filename="x.png", content_type="image/png", payload=HTML, now=world.now)
    svg = buyer_attachment(
        world.ticket_a,
        filename="logo.svg",
        content_type="image/svg+xml",
        payload=b"<svg onload=alert(1)/>",
        now=world.now,
    )
    reply = case_seller_reply(
        case_id=world.case_b.pk,
        seller=world.seller_b,
        body="Proof attached.",
        attachments=[FakeUpload(PNG, "proof.png", "image/png")],
        now=world.now,
    )
    return {"html": html, "png": png, "fake_png": fake, "svg": svg, "seller_b": reply.attachments.get()}


def get(client, user, attachment):
    if user is not None:
        client.force_login(user)
    return client.get(f"/attachments/{attachment.pk}/")


def test_a_real_image_is_inline_and_anything_else_is_a_download_never_sniffed(client, world, files):
    agent = world.users["agent"]
    shown = get(client, agent, files["png"])
    assert shown.status_code == 200 and shown["Content-Type"] == "image/png"
    assert shown["Content-Disposition"].startswith("inline")
    for name in ("html", "fake_png", "svg"):
        response = get(client, agent, files[name])
        assert response.status_code == 200
        assert response["Content-Type"] == "application/octet-stream"
        assert response["Content-Disposition"].startswith("attachment")
    for name in files:
        response = get(client, world.users["operator"], files[name])
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]
        assert b"".join(response.streaming_content)  # the bytes are served


@pytest.mark.parametrize(
    ("who", "name", "status"),
    [
        ("agent", "html", 200),  # the agent of the ticket's marketplace
        ("agent_other", "html", 404),  # an agent of another marketplace
        ("seller_a", "html", 404),  # a buyer's attachment is not for the seller
        ("seller_b", "html", 404),
        ("integrator", "html", 404),
        ("operator", "html", 200),
        ("seller_b", "seller_b", 200),  # its own case reply
        ("seller_a", "seller_b", 404),  # seller A on seller B's reply
        ("agent", "seller_b", 200),
        ("agent_other", "seller_b", 404),
    ],
)
def test_only_those_with_a_right_to_the_ticket_open_an_attachment(client, world, files, who, name, status):
    assert get(client, world.users[who], files[name]).status_code == status


def test_anonymous_viewers_are_sent_to_log_in_and_media_is_not_served(client, world, files):
    response = get(client, None, files["html"])
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get("/" + files["html"].file.url.lstrip("/")).status_code == 404


def test_an_agent_limited_to_german_does_not_open_an_english_tickets_file(client, world, files):
    german = agent_user("agent_de_speaker", marketplaces=["US"], languages=["de"])
    assert get(client, german, files["png"]).status_code == 404


def test_the_console_and_the_case_page_link_through_the_checking_view(client, world, files):
    client.force_login(world.users["agent"])
    page = client.get(f"/agent/tickets/{world.ticket_a.pk}/").content.decode()
    assert f'href="/attachments/{files["html"].pk}/"' in page and "/media/" not in page
    client.force_login(world.users["seller_b"])
    case_page = client.get(f"/seller/cases/{world.case_b.pk}/").content.decode()
    assert f'href="/attachments/{files["seller_b"].pk}/"' in case_page
    api = client.get(f"/api/v1/seller/cases/{world.case_b.pk}/").json()
    assert api["messages"][0]["attachments"][0]["url"] == f"/attachments/{files['seller_b'].pk}/"
