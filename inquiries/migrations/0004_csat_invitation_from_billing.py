"""CSAT belongs to the ticket's life: the CsatInvitation model moves from
billing to inquiries with its rows. The model enters this app's state as it
was (table billing_csatinvitation), then the table is renamed; the content
type follows so operators keep their permissions. billing 0005 drops the
model from billing's state only. Fresh and existing databases alike."""
import django.db.models.deletion
from django.db import migrations, models


def content_type_to_inquiries(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="inquiries", model="csatinvitation").exists():
        ContentType.objects.filter(app_label="billing", model="csatinvitation").update(app_label="inquiries")


def content_type_to_billing(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="billing", model="csatinvitation").exists():
        ContentType.objects.filter(app_label="inquiries", model="csatinvitation").update(app_label="billing")


class Migration(migrations.Migration):

    dependencies = [
        ("inquiries", "0003_ticket_queue_covering_indexes"),
        ("billing", "0004_csat_and_close_audit"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CsatInvitation",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("resolved_at", models.DateTimeField(help_text="The resolution the invitation is about.")),
                        ("email", models.EmailField(max_length=254)),
                        ("sent_at", models.DateTimeField()),
                        ("expires_at", models.DateTimeField()),
                        ("rated_at", models.DateTimeField(blank=True, null=True)),
                        ("score", models.PositiveSmallIntegerField(blank=True, null=True)),
                        ("ticket", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                                     related_name="csat_invitations", to="inquiries.ticket")),
                    ],
                    options={
                        "db_table": "billing_csatinvitation",
                        "ordering": ["-sent_at"],
                        "constraints": [
                            models.UniqueConstraint(fields=("ticket", "resolved_at"), name="csat_invitation_once"),
                            models.CheckConstraint(
                                condition=models.Q(("score__isnull", True), models.Q(("score__gte", 1), ("score__lte", 5)),
                                                   _connector="OR"),
                                name="csat_invitation_score_range"),
                        ],
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(name="csatinvitation", table=None),
        migrations.RunPython(content_type_to_inquiries, content_type_to_billing),
    ]
