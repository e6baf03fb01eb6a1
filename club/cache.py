"""A Redis cache that survives a Redis outage.

Rate limits (django-allauth's, which the club reuses everywhere) lock and count in the cache. With
plain django-redis and IGNORE_EXCEPTIONS, a lock can never be taken while Redis is down, so every
login, booking or message would be refused. Here each call that cannot reach Redis is served by
this process's memory instead: limits keep working per process until Redis is back."""

import functools
import logging

from django.core.cache.backends.locmem import LocMemCache
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

_FALLBACK_METHODS = (
    "get",
    "set",
    "add",
    "delete",
    "touch",
    "incr",
    "decr",
    "has_key",
    "get_many",
    "set_many",
    "delete_many",
    "clear",
)


def _with_fallback(name):
    def method(self, *args, **kwargs):
        try:
            return getattr(super(ResilientRedisCache, self), name)(*args, **kwargs)
        except (ConnectionInterrupted, RedisConnectionError, RedisTimeoutError) as exc:
            logger.warning("cache: Redis unreachable (%s), using local memory", exc)
            return getattr(self._fallback, name)(*args, **kwargs)

    return functools.update_wrapper(method, getattr(RedisCache, name))


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._fallback = LocMemCache(f"redis-fallback-{id(self)}", {"TIMEOUT": params.get("TIMEOUT", 300)})


for _name in _FALLBACK_METHODS:
    setattr(ResilientRedisCache, _name, _with_fallback(_name))
