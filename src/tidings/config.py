"""One ``Settings`` object, built at start-up and passed down.

Values come from, in order of precedence: explicit overrides (CLI flags), the
environment (``TIDINGS_<NAME>``), a TOML file (``TIDINGS_CONFIG`` or
``<data_dir>/tidings.toml``), then the defaults below. Nothing reads the
environment at import time, so tests build their own settings freely.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import NoneType
from typing import Any, get_args, get_type_hints

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
    log_level: str = "WARNING"  # INFO adds a note per article on what enrichment did

    def __post_init__(self) -> None:
        object.__setattr__(self, "data_dir", Path(self.data_dir))
        _check(self)

    @property
    def resolved_database_url(self) -> str:
        """The SQLAlchemy URL; SQLite in the data directory unless overridden."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'tidings.db').resolve()}"

    @property
    def is_sqlite(self) -> bool:
        return self.resolved_database_url.startswith("sqlite")

    @property
    def sqlite_path(self) -> Path | None:
        """The SQLite database file; None for PostgreSQL or an in-memory database."""
        url = self.resolved_database_url
        if not self.is_sqlite or url.endswith(":memory:"):
            return None
        return Path(url.split("///", 1)[-1])

    @classmethod
    def load(cls, **overrides: Any) -> Settings:
        """Build settings from file, environment and explicit overrides.

        Raises ``SettingsError`` for anything an operator must fix: a config file
        that is missing or not TOML, an unknown setting, a value of the wrong type.
        """
        env = _typed(_from_env(os.environ), lambda name: ENV_PREFIX + name.upper())
        flags = _typed({k: v for k, v in overrides.items() if v is not None}, str)
        data_dir = Path(flags.get("data_dir") or env.get("data_dir") or cls.data_dir)
        values = _typed(*_config_file(data_dir))
        values.update(env)
        values.update(flags)
        return cls(**values)


class SettingsError(ValueError):
    """A setting an operator has to correct; the message names it and where it came from."""


PORTS = range(1, 65536)
DATABASE_SCHEMES = ("sqlite", "postgres", "postgresql")  # the two backends the store speaks
BROKER_SCHEMES = ("redis", "rediss", "unix")  # the scheduler and `status` talk to Redis
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
TRUE, FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


@functools.cache
def _kinds() -> dict[str, type]:
    """Each setting's type, ``X | None`` read as ``X``."""
    hints = get_type_hints(Settings)
    return {
        f.name: next(t for t in get_args(hints[f.name]) or (hints[f.name],) if t is not NoneType)
        for f in dataclasses.fields(Settings)
    }


def _from_env(environ: Mapping[str, str]) -> dict[str, str]:
    return {
        name: environ[ENV_PREFIX + name.upper()]
        for name in _kinds()
        if ENV_PREFIX + name.upper() in environ
    }


def _config_file(data_dir: Path) -> tuple[dict[str, Any], Callable[[str], str]]:
    """The TOML file's values and how to name one of them in an error.

    A file named by ``TIDINGS_CONFIG`` must exist: a typo there would otherwise
    run the instance on defaults without a word.
    """
    named = os.environ.get(ENV_PREFIX + "CONFIG")
    path = Path(named) if named else data_dir / "tidings.toml"
    if not path.is_file():
        if named:
            raise SettingsError(f"TIDINGS_CONFIG names {path}, which is not a file.")
        return {}, str
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"Cannot read the config file {path}: {exc}.") from exc
    return raw, lambda name: f"{name} in {path}"


def _typed(values: Mapping[str, Any], where: Callable[[str], str]) -> dict[str, Any]:
    """``values`` as the types the fields declare; strings (the environment) are parsed."""
    kinds = _kinds()
    out: dict[str, Any] = {}
    for name, value in values.items():
        kind = kinds.get(name)
        if kind is None:
            raise SettingsError(f"Unknown setting {where(name)}{_did_you_mean(name)}.")
        try:
            out[name] = _parse(value, kind) if isinstance(value, str) else _exact(value, kind)
        except (TypeError, ValueError):
            raise SettingsError(f"{where(name)}: {value!r} is not {_NAMES[kind]}.") from None
    return out


_NAMES = {bool: "true or false", int: "a whole number", float: "a number", str: "text",
          Path: "a path"}  # fmt: skip


def _parse(value: str, kind: type) -> Any:
    if kind is bool:
        if value.strip().lower() not in TRUE | FALSE:
            raise ValueError(value)
        return value.strip().lower() in TRUE
    if kind is str:
        return value or None
    return kind(value)


def _exact(value: object, kind: type) -> Any:
    """A TOML or flag value: an int is a float too, nothing else is converted."""
    if isinstance(value, bool) and kind is not bool:
        raise TypeError(value)
    if kind is float and isinstance(value, int):
        return float(value)
    if kind is Path and isinstance(value, str | Path):
        return Path(value)
    if not isinstance(value, kind):
        raise TypeError(value)
    return value


def _did_you_mean(name: str) -> str:
    close = difflib.get_close_matches(name, _kinds(), n=1)
    return f" (did you mean {close[0]}?)" if close else ""


def _check(settings: Settings) -> None:
    """Values of the right type that still cannot work."""
    if settings.port not in PORTS:
        raise SettingsError(f"port {settings.port} is not between 1 and 65535.")
    for f in dataclasses.fields(settings):
        value = getattr(settings, f.name)
        if isinstance(value, int | float) and not isinstance(value, bool) and value < 0:
            raise SettingsError(f"{f.name} = {value} must not be negative.")
    if settings.page_size < 1:
        raise SettingsError("page_size must be at least 1.")
    if settings.data_dir.exists() and not settings.data_dir.is_dir():
        raise SettingsError(f"data_dir {settings.data_dir} is a file, not a folder.")
    _check_scheme("database_url", settings.database_url, DATABASE_SCHEMES)
    _check_scheme("broker_url", settings.broker_url, BROKER_SCHEMES)
    if settings.log_level.upper() not in LOG_LEVELS:
        shown = ", ".join(LOG_LEVELS)
        raise SettingsError(f"log_level {settings.log_level!r}: use one of {shown}.")


def _check_scheme(name: str, url: str | None, schemes: tuple[str, ...]) -> None:
    scheme = url.partition("://")[0].partition("+")[0] if url and "://" in url else None
    if url and scheme not in schemes:
        shown = ", ".join(f"{s}://" for s in schemes)
        raise SettingsError(f"{name} {url!r} is not supported: use one of {shown}")
