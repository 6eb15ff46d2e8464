"""A simulation replication (``manage.py simulate``): its own SQLite file,
tasks run in-process (eager), mail counted instead of sent. Started only in a
child process by ``csba.simulation.run.driver`` with
``CSBA_SIMULATION_DATABASE`` pointing into the run's directory, so nothing a
simulation writes can reach the live database."""

from .base import *  # noqa: F401,F403
from .env import env_str

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY", "simulation-only-key")
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": env_str("CSBA_SIMULATION_DATABASE", required=True),
        # A throwaway file written by one process: no fsync, the rollback journal in memory.
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF; PRAGMA temp_store=MEMORY; "
            "PRAGMA cache_size=-262144;",
        },
        "CONN_MAX_AGE": None,
    }
}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = None
EMAIL_BACKEND = "csba.simulation.run.mail.CountingBackend"
# The replication's own caches, in its process: never the live system's Redis (a buyer "present" on a live
# ticket must not hold back the mail of a simulated ticket with the same number), and no connection to it.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "simulation"},
    "presence": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "simulation-presence"},
}
MEDIA_ROOT = env_str("CSBA_SIMULATION_MEDIA", "") or f"{DATABASES['default']['NAME']}-media"
ANSWERING_INDEX_PATH = f"{DATABASES['default']['NAME']}-answers"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
