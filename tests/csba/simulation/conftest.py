# The real Redis server and Celery worker of the integration tests.
from tests.integration.conftest import celery_worker, redis_url  # noqa: F401
