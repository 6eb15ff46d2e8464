"""CsatInvitation moved to inquiries (inquiries 0004 took over the table and
its rows): drop it from billing's state only."""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("billing", "0004_csat_and_close_audit"),
        ("inquiries", "0004_csat_invitation_from_billing"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="CsatInvitation")]),
    ]
