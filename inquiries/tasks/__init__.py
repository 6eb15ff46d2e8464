"""Celery tasks of the inquiries app: thin wrappers calling services, one
module per subject. Importing them here registers them with Celery; each task
has an explicit ``name`` (the beat schedule refers to those names)."""
from . import cases, csat, intake, tickets  # noqa: F401
from . import answering  # noqa: F401
