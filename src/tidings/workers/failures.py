"""Recent task failures, kept in Redis for ``tidings status``.

Source failures live on the source row; this log holds what has no row: a
document that could not be extracted, a task that failed after its retries.
It is capped, so a failing instance cannot fill Redis.
"""

from __future__ import annotations

import json

import redis

from tidings.config import Settings
from tidings.errors import Failure

KEEP = 200


class FailureLog:
    def __init__(self, client: redis.Redis, key: str) -> None:
        self._client = client
        self._key = key

    @classmethod
    def connect(cls, settings: Settings) -> FailureLog:
        from tidings.workers.app import key

        if not settings.broker_url:
            raise ValueError("the failure log lives on the broker: set TIDINGS_BROKER_URL")
        return cls(redis.Redis.from_url(settings.broker_url), key(settings, "failures"))

    def record(self, failure: Failure) -> None:
        pipe = self._client.pipeline()
        pipe.lpush(self._key, json.dumps(failure.as_dict()))
        pipe.ltrim(self._key, 0, KEEP - 1)
        pipe.execute()

    def recent(self, limit: int = 20) -> list[Failure]:
        raw = self._client.lrange(self._key, 0, limit - 1)
        return [Failure(**json.loads(item)) for item in raw]

    def count(self) -> int:
        return int(self._client.llen(self._key))
