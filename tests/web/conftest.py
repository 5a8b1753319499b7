"""One store with the test corpus and one app over it, shared by the web tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.web.corpus import Written, fill
from tidings.config import Settings
from tidings.store import Store
from tidings.web.app import create_app


@pytest.fixture(scope="session")
def written_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Store, Written]:
    # No rate limit here: page tests send hundreds of requests from one client (the
    # hypothesis search test alone over 120); the limiter has its own tests in tests/hardening.
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("web"), page_size=10, rate_limit_per_minute=0
    )
    store = Store.open(settings)
    written = fill(store)
    yield settings, store, written
    store.close()


@pytest.fixture(scope="session")
def written(written_store) -> Written:
    return written_store[2]


@pytest.fixture
def client(written_store) -> TestClient:
    """A fresh client (no cookies) over the shared app."""
    settings, store, _written = written_store
    with TestClient(create_app(settings, store)) as client:
        yield client


@pytest.fixture(scope="session")
def app_dir() -> Path:
    return Path(__file__).resolve().parents[2] / "src" / "tidings" / "web"
