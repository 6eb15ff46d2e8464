import pytest
import redis

from csba.celery import ping


@pytest.mark.redis
def test_a_task_round_trips_through_a_real_redis_broker_and_worker(celery_worker, redis_url):
    # given a real Redis server
    assert redis.Redis.from_url(redis_url).ping() is True
    # when a task is sent through the broker
    result = ping.delay("hello through redis")
    # then the worker runs it and the result comes back through the result store
    assert result.get(timeout=20) == "hello through redis"
    assert result.successful()
