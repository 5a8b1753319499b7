"""``tidings doctor``: check a deployment and say what to fix.

Each check looks at one thing an operator can act on (the database, its
schema, disk space, the broker, the sources, the operator token, the optional
section encoder) and returns
a status with a plain sentence and, when something is wrong, the fix. A
problem makes the command exit non-zero so it can gate a deploy or a cron job.
"""

from __future__ import annotations

import shutil
import socket
from collections.abc import Callable
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path
from urllib.parse import urlsplit

from tidings.config import Settings, SettingsError
from tidings.enrich.section_encoder import unavailable
from tidings.store import Store
from tidings.store.health import probe

BROKER_TIMEOUT = 3.0
DEFAULT_PORTS = {"redis": 6379, "rediss": 6379, "amqp": 5672, "amqps": 5671}
MIN_TOKEN_LENGTH = 16


class Status(StrEnum):
    OK = "ok"
    WARNING = "warning"
    PROBLEM = "problem"


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    status: Status
    detail: str
    fix: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return asdict(self)


def diagnose_loaded(load: Callable[[], Settings]) -> list[Check]:
    """The settings ``load`` builds, then every check; settings that cannot be
    used are the one problem reported, since nothing else can be checked without them."""
    try:
        settings = load()
    except SettingsError as exc:
        return [Check("configuration", Status.PROBLEM, str(exc), _CONFIG_FIX)]
    return [
        Check("configuration", Status.OK, "every setting is known and valid"),
        *diagnose(settings),
    ]


_CONFIG_FIX = "Correct the setting named: its environment variable, tidings.toml or flag."


def diagnose(settings: Settings) -> list[Check]:
    """Every check, in the order an operator would fix them."""
    checks = _database(settings)
    checks.append(_disk(settings))
    checks.append(_broker(settings))
    checks.append(_operator_token(settings))
    checks.append(_section_encoder(settings))
    return checks


def _database(settings: Settings) -> list[Check]:
    """Reachable, writable, migrated; then the sources' health, read from it."""
    path = settings.sqlite_path
    if path is not None and not path.is_file():
        return [
            Check(
                "database",
                Status.PROBLEM,
                f"No database at {path}.",
                "Run `tidings run` or `tidings sources add URL` once to create it,"
                " or point data_dir at the existing one.",
            )
        ]
    store = Store.open(settings, upgrade=False)
    try:
        health = probe(store.engine)
        if not health.reachable:
            return [Check("database", Status.PROBLEM, health.error or "unreachable", _DB_FIX)]
        if health.too_new:
            return [Check("migrations", Status.PROBLEM, health.too_new, _NEWER_FIX)]
        checks = [
            Check("database", Status.OK, f"reachable and writable ({_shown(settings)})")
            if health.writable
            else Check("database", Status.PROBLEM, health.error or "read-only", _DB_FIX),
            _migrations(health.pending),
            _sources(store)
            if not health.pending
            else Check("sources", Status.WARNING, "not checked until the schema is current"),
        ]
    finally:
        store.close()
    return checks


_NEWER_FIX = "Run the Tidings version that upgraded the database, or restore its earlier copy."
_DB_FIX = "Check database_url (or data_dir) and the permissions of the database file and folder."


def _migrations(pending: list[str]) -> Check:
    if not pending:
        return Check("migrations", Status.OK, "schema is current")
    return Check(
        "migrations",
        Status.PROBLEM,
        f"{len(pending)} migration(s) not applied: {', '.join(pending)}",
        "Run any tidings command that writes (e.g. `tidings crawl`): it upgrades the schema.",
    )


def _sources(store: Store) -> Check:
    sources = store.sources.list(kind="feed")
    broken = [s for s in sources if s.broken]
    failing = [s for s in sources if s.last_error and not s.broken]
    summary = f"{len(sources)} feeds: {len(broken)} broken, {len(failing)} failing"
    if broken:
        names = ", ".join(s.url for s in broken[:5])
        return Check(
            "sources",
            Status.PROBLEM,
            f"{summary} (broken: {names})",
            "See `tidings sources list`; fix or `tidings sources remove` the broken feeds.",
        )
    if failing:
        return Check("sources", Status.WARNING, summary, "They are retried with back-off.")
    if not sources:
        return Check("sources", Status.WARNING, "no feeds followed", "`tidings sources add URL`")
    return Check("sources", Status.OK, summary)


def _disk(settings: Settings) -> Check:
    folder = _existing_parent(settings.data_dir)
    free_mb = shutil.disk_usage(folder).free // 1_000_000
    detail = f"{free_mb:,} MB free in {folder}"
    if free_mb < settings.min_free_disk_mb:
        return Check(
            "disk",
            Status.PROBLEM,
            detail,
            f"Free space (at least {settings.min_free_disk_mb} MB) or move data_dir.",
        )
    return Check("disk", Status.OK, detail)


def _broker(settings: Settings) -> Check:
    if not settings.broker_url:
        return Check("broker", Status.OK, "none configured: `tidings run` refreshes in-process")
    parts = urlsplit(settings.broker_url)
    host, port = parts.hostname or "localhost", parts.port or DEFAULT_PORTS.get(parts.scheme)
    if port is None:
        return Check("broker", Status.PROBLEM, f"cannot read a port from {parts.scheme}:// URL")
    try:
        with socket.create_connection((host, port), timeout=BROKER_TIMEOUT):
            pass
    except OSError as exc:
        return Check(
            "broker",
            Status.PROBLEM,
            f"{host}:{port} is unreachable ({exc.strerror or exc})",
            "Start the broker or correct broker_url.",
        )
    return Check("broker", Status.OK, f"{host}:{port} accepts connections")


def _operator_token(settings: Settings) -> Check:
    token = settings.operator_token
    if not token:
        return Check("operator token", Status.OK, "not set: the site is read-only over the web")
    if len(token) < MIN_TOKEN_LENGTH:
        return Check(
            "operator token",
            Status.WARNING,
            f"shorter than {MIN_TOKEN_LENGTH} characters",
            "Use a long random token: `python -c 'import secrets; print(secrets.token_hex())'`",
        )
    return Check("operator token", Status.OK, "set: web writes need it")


def _section_encoder(settings: Settings) -> Check:
    """Whether the named encoder can load, judged without loading it (torch takes seconds):
    a worker that cannot load it would fail every article."""
    folder = settings.section_encoder
    if folder is None:
        return Check("section encoder", Status.OK, "not set: sections from the linear model")
    why = unavailable(folder)
    if why is not None:
        return Check("section encoder", Status.PROBLEM, why.detail, why.fix)
    return Check("section encoder", Status.OK, f"{folder}: blended with the linear model")


def _shown(settings: Settings) -> str:
    path = settings.sqlite_path
    return str(path) if path else urlsplit(settings.resolved_database_url).scheme


def _existing_parent(path: Path) -> Path:
    path = path.resolve()
    while not path.exists():
        path = path.parent
    return path
