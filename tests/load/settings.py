"""Settings of `make load` (scripts/load.py): development settings with the
demo users, and passwords hashed with MD5 as in the test suite — 50 users
logging in within the first seconds would otherwise measure PBKDF2 (a million
rounds each, by design slow), not the helpdesk."""

from csba.settings.dev import *  # noqa: F401,F403

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
