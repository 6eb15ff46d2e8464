"""Settings shared by every environment. What differs between machines comes
from the environment (see README "Configuration")."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _
from kombu import Queue

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
    "drf_spectacular_sidecar",
    "csp",
    "csba",
    "sellers",
    "inquiries",
    "billing",
    "csba.simulation.planner",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "csba.middleware.BodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The session, session-user and messages middleware skip API calls signed with a token (csba.middleware).
    "csba.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "csba.middleware.AuthenticationMiddleware",
    "csba.middleware.MessageMiddleware",
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

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Per scope (account, address): free failures, then a wait of base x 2^(failures - free) seconds (at most cap);
# at `lockout` failures a lock of lockout_seconds (an operator lifts it in the admin); counts forgotten after
# forget_after seconds without a failure. Defaults in csba/login_throttle.py.
LOGIN_THROTTLE: dict = {}
# Trusted reverse proxies in front of the web server (X-Forwarded-For hops to skip to find the client).
CSBA_PROXY_COUNT = env_int("CSBA_PROXY_COUNT", 0)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Every password check (login page, admin, HTTP Basic) goes through the login throttle (csba.login_throttle)
# in the first backend, which also loads the session's user with its roles (one query instead of two).
# The other two stay listed for sessions opened before (their backend path is stored in them); a throttled
# attempt never reaches them (the first raises), a failed one is checked by them again and counted once.
AUTHENTICATION_BACKENDS = [
    "csba.auth.ThrottledModelBackend",
    "csba.auth.RolesBackend",
    "django.contrib.auth.backends.ModelBackend",
]

CSRF_FAILURE_VIEW = "csba.http_errors.csrf_failure"  # JSON in the error shape under /api/
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

# Request bodies are refused with 413 before they are read (csba.middleware.BodyLimitMiddleware):
# raw mail (message/rfc822), file uploads (multipart/form-data), anything else (JSON, forms).
CSBA_MAX_MAIL_BYTES = env_int("CSBA_MAX_MAIL_BYTES", 40 * 1024 * 1024)
CSBA_MAX_UPLOAD_BYTES = env_int("CSBA_MAX_UPLOAD_BYTES", 32 * 1024 * 1024)
CSBA_MAX_REQUEST_BYTES = env_int("CSBA_MAX_REQUEST_BYTES", 8 * 1024 * 1024)
# Django's own cap on a body read into memory (form fields, request.body) follows the last one.
DATA_UPLOAD_MAX_MEMORY_SIZE = CSBA_MAX_REQUEST_BYTES

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
# The visibility timeout is how long Redis waits for the acknowledgement of a
# message a worker took before handing it to another worker (a worker killed
# with `kill -9` never acknowledges: acks_late). It must exceed the longest
# task and the longest retry countdown (a month close of 10,000 sellers takes
# under a minute, a 100,000-case sweep about two, countdowns stop at 60 s),
# else a task still running is started a second time elsewhere; and it bounds
# how late a killed worker's task is redone (the beat jobs redo theirs within
# their period anyway). 30 minutes by default.
CELERY_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", 1800)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    # A broker that vanishes without closing the connection must not hang a publish for ever.
    "socket_connect_timeout": 3,
    "socket_timeout": 15,
}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
# A worker that loses the broker cancels its running acks_late tasks: they are
# redelivered (and, being idempotent, redone) rather than acknowledged on a
# connection that no longer exists.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
# A message delivered more often than this without finishing (it kills its
# worker) is a poison message: dead-lettered (csba.taskbase, admin: Dead letters).
CSBA_TASK_MAX_DELIVERIES = env_int("CSBA_TASK_MAX_DELIVERIES", 3)

# Queues: each kind of work on its own, so a backlog of one (a month close, a
# large sweep, a simulation) does not hold up another (new contacts), and
# workers can be started per queue on different machines (`celery -A csba
# worker -Q intake`). A worker started without -Q consumes every queue.
CELERY_TASK_DEFAULT_QUEUE = "default"
CSBA_QUEUES = ("default", "intake", "sweep", "billing", "simulation")
CELERY_TASK_QUEUES = [Queue(name, routing_key=name) for name in CSBA_QUEUES]
CELERY_TASK_ROUTES = {
    "inquiries.tasks.ticket_after_intake_task": {"queue": "intake"},
    "inquiries.tasks.tickets_after_intake_pending_task": {"queue": "intake"},
    "inquiries.tasks.mail_ingest_maildir_task": {"queue": "intake"},
    "inquiries.tasks.answer_index_update_product_task": {"queue": "intake"},
    "inquiries.tasks.case_sweep_overdue_task": {"queue": "sweep"},
    "inquiries.tasks.case_remind_due_task": {"queue": "sweep"},
    "inquiries.tasks.ticket_flag_commitment_breaches_task": {"queue": "sweep"},
    "inquiries.tasks.case_notify_task": {"queue": "sweep"},
    "inquiries.tasks.case_decisions_notify_task": {"queue": "sweep"},
    "billing.tasks.monthly_cycle_task": {"queue": "billing"},
    "billing.tasks.month_close_task": {"queue": "billing"},
    "billing.tasks.statement_reports_send_task": {"queue": "billing"},
    "csba.simulation.*": {"queue": "simulation"},
}
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
    # Re-derives the after-intake work (suggestion, seller notice) of tickets
    # whose task was lost (the broker was down when the contact came in).
    "tickets-after-intake-pending": {
        "task": "inquiries.tasks.tickets_after_intake_pending_task",
        "schedule": 60.0,
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
    # Tokens first: an unauthenticated request is 401 with WWW-Authenticate: Token. Production drops Basic.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "csba.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
        "csba.api.authentication.BasicAuthentication",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["csba.api.throttling.CallerRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "token": env_str("API_RATE_TOKEN", "1200/min"),
        "user": env_str("API_RATE_USER", "600/min"),
        "anonymous": env_str("API_RATE_ANONYMOUS", "60/min"),
    },
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "csba.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": ["csba.api.renderers.JSONRenderer", "rest_framework.renderers.BrowsableAPIRenderer"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "csba.errors.api_exception_handler",
}
# The API's JSON parser refuses documents nested deeper than this (csba.api.parsers).
API_JSON_MAX_DEPTH = 32
# A token checked once is kept this long in each web process (csba.tokens): no sign-in query per request.
# A revocation, a deactivated user or changed roles reach the other processes within these seconds.
API_TOKEN_CACHE_SECONDS = env_int("API_TOKEN_CACHE_SECONDS", 10)

# Content-Security-Policy on every response (django-csp): scripts, styles, fonts and connections from this
# site only, no inline script or style, no plugins, no framing. A template that needs a script loads a
# file from static/ (tests/security/test_csp_and_docs.py fails on inline scripts and handlers).
# Attachments send their own sandboxing policy.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# The API schema and docs pages: open to all in development; production asks for a signed-in user.
API_DOCS_PUBLIC = env_bool("API_DOCS_PUBLIC", True)

SPECTACULAR_SETTINGS = {
    "TITLE": "CSBA simulator API",
    "DESCRIPTION": "Contacts, tickets, cases, enrollment and statements of the CSBA simulator.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["csba.api.permissions.DocsAccess"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "csba.api.schema.add_error_responses",
    ],
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

# The sweep's batch: cases resolved per transaction (inquiries.caselog.services.sweep).
CSBA_SWEEP_BATCH_SIZE = env_int("CSBA_SWEEP_BATCH_SIZE", 500)
# A ticket whose after-intake work is not done this long after intake lost its
# task (the broker was down): the beat job re-derives it.
CSBA_AFTER_INTAKE_GRACE_SECONDS = env_int("CSBA_AFTER_INTAKE_GRACE_SECONDS", 120)

# Case reminders: lead time before the seller reply deadline, in minutes, per
# marketplace code ("*" is the default).
CASE_REMINDER_LEAD_MINUTES = {"*": 240, "JP": 60}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
