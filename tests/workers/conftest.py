"""Worker tests run real ``tidings worker`` processes on PostgreSQL and Redis."""

from __future__ import annotations

from tests.backends import postgres_url, redis_url

__all__ = ["postgres_url", "redis_url"]
