"""Production: everything from the environment; a missing required variable
stops start-up with a message naming it. Passes `manage.py check --deploy`."""

from .base import *  # noqa: F401,F403
from .env import env_bool, env_int, env_list, env_str

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY", required=True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
if not ALLOWED_HOSTS:
    env_str("ALLOWED_HOSTS", required=True)
env_str("DATABASE_URL", required=True)
REDIS_URL = env_str("REDIS_URL", required=True)
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# The API: tokens and the browser session; no passwords on every request (HTTP Basic is off).
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "csba.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
}
# Throttle counts shared by every web process.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
CSBA_PROXY_COUNT = env_int("CSBA_PROXY_COUNT", 1)
# The API schema and docs behind login.
API_DOCS_PUBLIC = env_bool("API_DOCS_PUBLIC", False)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
