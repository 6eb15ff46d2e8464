"""Local development: `make run`."""

from .base import *  # noqa: F401,F403
from .env import env_bool

DEBUG = env_bool("DEBUG", True)

VAR_DIR.mkdir(parents=True, exist_ok=True)  # noqa: F405
