"""Worker tests run real ``tidings worker`` processes on PostgreSQL and Redis."""

from __future__ import annotations

import pytest

pytest.importorskip("celery", reason="the worker tests need pip install '.[scale]'")

from tests.backends import postgres_url, redis_url

__all__ = ["postgres_url", "redis_url"]
