"""One ``Settings`` object, built at start-up and passed down.

Values come from, in order of precedence: explicit overrides (CLI flags), the
environment (``TIDINGS_<NAME>``), a TOML file (``TIDINGS_CONFIG`` or
``<data_dir>/tidings.toml``), then the defaults below. Nothing reads the
environment at import time, so tests build their own settings freely.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ENV_PREFIX = "TIDINGS_"


@dataclass(frozen=True)
class Settings:
    """Every setting of a Tidings instance; each is documented in the README."""

    data_dir: Path = Path("tidings-data")
    database_url: str | None = None  # default: sqlite in data_dir
    broker_url: str | None = None  # redis://... turns on Celery workers
    host: str = "127.0.0.1"
    port: int = 8000
    site_name: str = "Tidings"
    public_url: str | None = None  # https://news.example.org: absolute links in feeds
    user_agent: str = "Tidings/0.1 (+https://github.com/tidings-news/tidings)"
    allow_private_networks: bool = False  # let sources resolve to 127.0.0.1/10.x/...
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    max_body_bytes: int = 10_000_000
    max_redirects: int = 5
    per_host_concurrency: int = 2
    per_host_delay: float = 1.0  # seconds between two requests to one host
    fetch_concurrency: int = 16
    fetch_article_pages: bool = True  # fetch each entry's page for full text
    refresh_interval: float = 300.0  # seconds between two refresh loops of `run`
    min_check_interval: float = 300.0
    max_check_interval: float = 86_400.0
    broken_after_failures: int = 10
    operator_token: str | None = None  # without it the site is read-only
    page_size: int = 20
    queue_prefix: str = "tidings"  # Redis keys and queues of this instance (workers)
    task_time_limit: float = 300.0  # seconds a worker task may run before it is stopped
    rate_limit_per_minute: int = 120  # /search and /api requests per client; 0: no limit
    min_free_disk_mb: int = 500  # `tidings doctor` warns below this much free space
    extract_processes: int = 0  # worker processes extracting during a crawl; 0: one per core
    extract_time_limit: float = 30.0  # seconds a crawl's worker may spend on one page
    section_encoder: Path | None = None  # folder from `scripts/train_sections.py --encoder`
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "data_dir", Path(self.data_dir))

    @property
    def resolved_database_url(self) -> str:
        """The SQLAlchemy URL; SQLite in the data directory unless overridden."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'tidings.db').resolve()}"

    @property
    def is_sqlite(self) -> bool:
        return self.resolved_database_url.startswith("sqlite")

    @classmethod
    def load(cls, **overrides: Any) -> Settings:
        """Build settings from file, environment and explicit overrides."""
        env = _from_env(os.environ)
        data_dir = Path(overrides.get("data_dir") or env.get("data_dir") or cls.data_dir)
        config_file = os.environ.get(ENV_PREFIX + "CONFIG")
        path = Path(config_file) if config_file else data_dir / "tidings.toml"
        values: dict[str, Any] = _from_file(path) if path.is_file() else {}
        values.update(env)
        values.update({key: value for key, value in overrides.items() if value is not None})
        return cls(**_coerce(values))


def _fields() -> dict[str, dataclasses.Field[Any]]:
    return {f.name: f for f in dataclasses.fields(Settings) if f.name != "extra"}


def _from_env(environ: os._Environ[str] | dict[str, str]) -> dict[str, str]:
    return {
        name: environ[ENV_PREFIX + name.upper()]
        for name in _fields()
        if ENV_PREFIX + name.upper() in environ
    }


def _from_file(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    known = _fields()
    values = {key: value for key, value in raw.items() if key in known}
    values["extra"] = {key: value for key, value in raw.items() if key not in known}
    return values


def _coerce(values: dict[str, Any]) -> dict[str, Any]:
    """Turn environment strings into the types the fields declare."""
    defaults = Settings()
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name == "extra" or not isinstance(value, str):
            out[name] = value
            continue
        default = getattr(defaults, name)
        if isinstance(default, bool):
            out[name] = value.strip().lower() in {"1", "true", "yes", "on"}
        elif isinstance(default, int):
            out[name] = int(value)
        elif isinstance(default, float):
            out[name] = float(value)
        elif isinstance(default, Path):
            out[name] = Path(value)
        else:
            out[name] = value or None
    for name in ("data_dir", "section_encoder"):
        if out.get(name) is not None:
            out[name] = Path(out[name])
    return out
