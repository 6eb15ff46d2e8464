"""Admin for the inquiries app, one module per subject."""
from . import cases, mail, tickets  # noqa: F401
