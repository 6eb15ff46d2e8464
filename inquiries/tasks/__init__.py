"""Celery tasks of the inquiries app: thin wrappers calling services, one module per subject."""
from .cases import *  # noqa: F401,F403
from .intake import *  # noqa: F401,F403
from .tickets import *  # noqa: F401,F403
