import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csba.settings.dev")
application = get_wsgi_application()

# Each gunicorn worker imports this module before it accepts a connection.
from csba.warmup import web_process_warm  # noqa: E402

web_process_warm()
