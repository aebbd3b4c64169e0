"""The configured database, cache and channel layer are the real ones the environment names."""

from __future__ import annotations

import asyncio
import os

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from kinship.accounts.tests.factories import make_user
from kinship.notifications import actions
from kinship.notifications.consumers import NotificationConsumer


def test_database_is_the_one_database_url_names():
    engine = settings.DATABASES["default"]["ENGINE"]
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        assert engine == "django.db.backends.postgresql"
    elif not os.environ.get("DATABASE_URL"):
        assert engine == "django.db.backends.sqlite3"


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgresql_answers():
    if connection.vendor != "postgresql":
        pytest.skip("DATABASE_URL does not name PostgreSQL")
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        assert cursor.fetchone()[0]


@pytest.mark.redis
def test_cache_round_trips_through_redis():
    if not os.environ.get("REDIS_URL"):
        pytest.skip("REDIS_URL is not set")
    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    cache.set("kinship-ci-probe", {"ok": True}, 30)
    assert cache.get("kinship-ci-probe") == {"ok": True}


@pytest.mark.redis
@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_idle_socket_on_redis_layer_survives_past_five_seconds():
    """redis-py 8's 5 s socket timeout must not kill an idle listener (stack trap 1)."""
    if not os.environ.get("REDIS_URL"):
        pytest.skip("REDIS_URL is not set")
    layer = get_channel_layer()
    assert type(layer).__name__ == "RedisPubSubChannelLayer"
    member = await sync_to_async(make_user)()
    communicator = WebsocketCommunicator(NotificationConsumer.as_asgi(), "/ws/notifications/")
    communicator.scope["user"] = member
    connected, _ = await communicator.connect()
    assert connected
    await asyncio.sleep(6.5)
    await sync_to_async(actions.notify)(
        recipient=member, kind="system.announcement", title="Still here"
    )
    message = await communicator.receive_json_from(timeout=5)
    assert message["notification"]["title"] == "Still here"
    await communicator.disconnect()


@pytest.mark.redis
def test_cache_objects_share_the_process_connection_pool():
    """Django builds a cache object per request under ASGI; they must not each connect."""
    if not os.environ.get("REDIS_URL"):
        pytest.skip("REDIS_URL is not set")
    import redis
    from django.core.cache import caches

    watcher = redis.Redis.from_url(os.environ["REDIS_URL"])
    cache.set("kinship-ci-probe", 1, 30)  # the pool is open and has a connection
    before = watcher.info("clients")["connected_clients"]
    per_request = [caches.create_connection("default") for _ in range(40)]
    for each in per_request:
        assert each.get("kinship-ci-probe") == 1
    after = watcher.info("clients")["connected_clients"]
    assert after - before <= 1
    pools = {id(each._cache._get_connection_pool(False)) for each in per_request}  # type: ignore[attr-defined]
    assert len(pools) == 1
    watcher.close()
