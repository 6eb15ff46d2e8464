"""Celery tasks of the inquiries app: thin wrappers calling services, one
module per subject. Importing them here registers them with Celery; each task
has an explicit ``name`` (the beat schedule refers to those names)."""

from . import (  # noqa: F401
    answering,  # noqa: F401
    cases,
    csat,
    intake,
    tickets,
)
