"""Full-text search (``inquiries.search``), PostgreSQL only. Messages get a
stored generated column ``search_document`` (``to_tsvector('simple', …)`` of
the body, CJK characters spaced apart) with a GIN index: a query's recheck
reads it instead of computing it again for every row. Ticket subjects (short)
get a GIN index over the same expression. SQLite (development) searches
without them."""

from django.db import migrations

# The indexed expression, as written here when the indexes were made; the
# queries use inquiries.search.TSVECTOR, and a test keeps the two the same.
TSVECTOR = (
    "to_tsvector('simple'::regconfig, regexp_replace({column}, "
    "'([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af])', ' \\1 ', 'g'))"
)
FORWARD = [
    "ALTER TABLE inquiries_message ADD COLUMN IF NOT EXISTS search_document tsvector "
    f"GENERATED ALWAYS AS ({TSVECTOR.format(column='body')}) STORED",
    "CREATE INDEX IF NOT EXISTS message_search_fts ON inquiries_message USING gin (search_document)",
    f"CREATE INDEX IF NOT EXISTS ticket_subject_fts ON inquiries_ticket USING gin ({TSVECTOR.format(column='subject')})",
]
BACKWARD = [
    "DROP INDEX IF EXISTS ticket_subject_fts",
    "DROP INDEX IF EXISTS message_search_fts",
    "ALTER TABLE inquiries_message DROP COLUMN IF EXISTS search_document",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("inquiries", "0005_ticket_claimed_order")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False)]
