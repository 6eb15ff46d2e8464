"""Settings of the real processes the fault and scale-out tests start
(gunicorn, Celery workers, beat): the test settings with tasks sent through
the real Redis (REDIS_URL), mail written to files (CSBA_TEST_MAIL_DIR), the
test's PostgreSQL database (DATABASE_URL), and short timers so a fault is
recovered from within seconds: the visibility timeout (CELERY_VISIBILITY_TIMEOUT)
and, for the beat tests, periods of one second (CSBA_TEST_BEAT_PERIOD)."""

import os

import dj_database_url

from csba.settings.test import *  # noqa: F401,F403
from csba.settings.test import CELERY_BEAT_SCHEDULE, CELERY_BROKER_TRANSPORT_OPTIONS

DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_EAGER_PROPAGATES = False
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["CSBA_TEST_MAIL_DIR"]
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

_period = float(os.environ.get("CSBA_TEST_BEAT_PERIOD") or 0)
if _period:
    CELERY_BEAT_SCHEDULE = {
        name: {**entry, "schedule": _period}
        for name, entry in CELERY_BEAT_SCHEDULE.items()
        if name in os.environ.get("CSBA_TEST_BEAT_ENTRIES", "").split(",")
    }

CELERY_IMPORTS = [name for name in os.environ.get("CSBA_TEST_IMPORTS", "").split(",") if name]
