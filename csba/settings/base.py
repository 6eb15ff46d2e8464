"""Settings shared by every environment. What differs between machines comes
from the environment (see README "Configuration")."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("CSBA_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY", "dev-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "csba",
    "sellers",
    "inquiries",
    "billing",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csba.middleware.UserTimezoneMiddleware",
    "csba.middleware.NotFoundMiddleware",
]

ROOT_URLCONF = "csba.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "csba.context_processors.roles",
            ],
        },
    },
]

WSGI_APPLICATION = "csba.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server, worker and beat share the file without "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;"
    )
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "landing"  # each role lands on its own console (csba.roles.landing_url)
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("de", _("German")),
    ("ja", _("Japanese")),
    ("zh-hans", _("Chinese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The project's date, time and money formats per language (csba.formatting), before Django's own.
FORMAT_MODULE_PATH = ["csba.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"

# Email: console in development, SMTP (or a provider backend) in production.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail-out"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "CSBA <csba-noreply@example.com>")

# Email intake: the Maildir `make run` watches and `ingest_mail` reads.
CSBA_MAILDIR = env_str("CSBA_MAILDIR", str(VAR_DIR / "maildir"))
CSBA_MAX_ATTACHMENT_BYTES = env_int("CSBA_MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024)

# Redis is the Celery broker and result store.
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
# Caches. "presence" holds who views or types on a ticket right now (inquiries.presence):
# it must be shared by every web process and the workers, so it lives in Redis; a
# Redis that is down only hides the presence lines (short timeouts, never a hung page).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "presence": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env_str("PRESENCE_CACHE_URL", REDIS_URL),
        "KEY_PREFIX": "csba",
        "OPTIONS": {"socket_connect_timeout": 0.3, "socket_timeout": 0.3},
    },
}
PRESENCE_TIMEOUT_SECONDS = env_int("PRESENCE_TIMEOUT_SECONDS", 30)
# Links to the buyer's conversation page (in every reply mailed to a buyer) work this long.
BUYER_LINK_DAYS = env_int("BUYER_LINK_DAYS", 30)
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_RESULT_EXPIRES = 3600
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Tasks report through the database, not the result store (a task that needs
# its result says so with ignore_result=False). A web request that enqueues a
# task while the broker is down gives up quickly instead of hanging: the
# periodic jobs re-derive their work from the database.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_REDIS_BACKEND_HEALTH_CHECK_INTERVAL = 30

# Every periodic job, in one place. Each is idempotent and re-derives its work
# from the database, so a missed or doubled beat loses nothing.
CELERY_BEAT_SCHEDULE = {
    "enrollments-activate-due": {
        "task": "sellers.tasks.enrollment_activate_due_task",
        "schedule": 60.0,
    },
    "cases-auto-resolve-overdue": {
        "task": "inquiries.tasks.case_sweep_overdue_task",
        "schedule": 60.0,
    },
    "cases-remind-before-deadline": {
        "task": "inquiries.tasks.case_remind_due_task",
        "schedule": 300.0,
    },
    "tickets-flag-buyer-commitment": {
        "task": "inquiries.tasks.ticket_flag_commitment_breaches_task",
        "schedule": 600.0,
    },
    "mail-ingest-maildir": {
        "task": "inquiries.tasks.mail_ingest_maildir_task",
        "schedule": 15.0,
    },
    # Runs hourly; the task closes a month for each marketplace whose local
    # time has passed midnight on the 1st (each marketplace's own time zone).
    "billing-monthly-cycle": {
        "task": "billing.tasks.monthly_cycle_task",
        "schedule": crontab(minute=5),
    },
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.BasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "csba.errors.api_exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "CSBA simulator API",
    "DESCRIPTION": "Contacts, tickets, cases, enrollment and statements of the CSBA simulator.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Several models have a "status": name each choice set after its model.
    "ENUM_NAME_OVERRIDES": {
        "TicketStatusEnum": "inquiries.states.TicketStatus",
        "CaseStatusEnum": "inquiries.states.CaseStatus",
        "EnrollmentStatusEnum": "sellers.models.accounts.EnrollmentStatus",
        "ReturnPolicyStatusEnum": "sellers.models.policies.ReturnPolicyStatus",
        "InvitationStatusEnum": "sellers.models.accounts.InvitationStatus",
        "SafeTStatusEnum": "inquiries.models.cases.SafeTStatus",
    },
}

# Suggested answers: the answer/escalate threshold (see docs/answering.md).
ANSWERING_THRESHOLD = float(env_str("ANSWERING_THRESHOLD", "") or 0) or None

# Case reminders: lead time before the seller reply deadline, in minutes, per
# marketplace code ("*" is the default).
CASE_REMINDER_LEAD_MINUTES = {"*": 240, "JP": 60}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
