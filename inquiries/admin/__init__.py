"""Admin for the inquiries app, one module per subject."""
from . import cases, tickets  # noqa: F401
