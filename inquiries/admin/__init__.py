"""Admin for the inquiries app, one module per subject."""

from . import cases, csat, mail, programs, tickets  # noqa: F401
