"""Idempotency keys scoped by intake path and caller (csba.idempotency).

Keys written before are rewritten into the new namespace so that no new key
can ever collide with them: ``api:<user>:<key>`` becomes
``api:user:<user>:<key>``, ``transfer:<seller>:<key>`` becomes
``transfer:user:<seller's user>:<key>``, and a bare form key (web form, chat,
phone log, transfer page, taken unscoped until now) becomes
``<path>:legacy:<key>``. ``email:`` and ``demo:`` keys stay as they are."""

import hashlib
import re

from django.db import migrations, models

KEPT = ("email:", "demo:")
PATHS = {"web_form": "web_form", "chat": "chat", "phone": "phone", "seller_transfer": "transfer", "api": "api"}
MAX = 200


def _fit(key: str, prefix: str) -> str:
    new = prefix + key
    return new if len(new) <= MAX else prefix + "sha256:" + hashlib.sha256(key.encode()).hexdigest()


def scoped(key: str, channel: str, seller_users: dict) -> str:
    if key.startswith(KEPT):
        return key
    match = re.match(r"^api:(\d+):(.*)$", key, re.S)
    if match:
        return _fit(match.group(2), f"api:user:{match.group(1)}:")
    match = re.match(r"^transfer:(\d+):(.*)$", key, re.S)
    if match:
        user = seller_users.get(int(match.group(1)))
        return _fit(match.group(2), f"transfer:user:{user}:" if user else f"transfer:legacy:{match.group(1)}:")
    return _fit(key, f"{PATHS.get(channel, channel)}:legacy:")


def forwards(apps, schema_editor):
    Ticket = apps.get_model("inquiries", "Ticket")
    SellerAccount = apps.get_model("sellers", "SellerAccount")
    seller_users = dict(SellerAccount.objects.filter(user__isnull=False).values_list("pk", "user_id"))
    batch = []
    rows = Ticket.objects.filter(idempotency_key__isnull=False).only("pk", "idempotency_key", "channel")
    for ticket in rows.iterator(chunk_size=2000):
        new = scoped(ticket.idempotency_key, ticket.channel, seller_users)
        if new != ticket.idempotency_key:
            ticket.idempotency_key = new
            batch.append(ticket)
        if len(batch) >= 1000:
            Ticket.objects.bulk_update(batch, ["idempotency_key"])
            batch = []
    if batch:
        Ticket.objects.bulk_update(batch, ["idempotency_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("inquiries", "0010_reason_correction"),
        ("sellers", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="ticket",
            name="idempotency_fingerprint",
            field=models.CharField(
                blank=True, help_text="Digest of the contact that took the key: a replay must match it.", max_length=64
            ),
        ),
        migrations.AlterField(
            model_name="ticket",
            name="idempotency_key",
            field=models.CharField(
                blank=True,
                help_text="<path>:<caller>:<client key> (csba.idempotency), or email:<Message-ID>.",
                max_length=200,
                null=True,
                unique=True,
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
