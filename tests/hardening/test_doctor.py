"""``tidings doctor`` finds what is wrong with a deployment and exits non-zero."""

from __future__ import annotations

import json
import socket
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.support import encoder_folder, without_encoder_extra
from tidings.cli import app
from tidings.config import Settings
from tidings.store import Store


def doctor(data_dir: Path, **env: str) -> tuple[int, dict[str, dict]]:
    result = CliRunner().invoke(
        app,
        ["doctor", "--json", "--data-dir", str(data_dir)],
        env={f"TIDINGS_{k.upper()}": v for k, v in env.items()},
    )
    checks = {c["name"]: c for c in json.loads(result.stdout)["checks"]}
    return result.exit_code, checks


def deployment(tmp_path: Path, *, broken: bool = False) -> Path:
    store = Store.open(Settings(data_dir=tmp_path))
    source, _ = store.sources.add("https://example.com/feed.xml")
    if broken:
        store.sources.record_failure(
            source.id, "HTTP 410 (gone)", retry_in=timedelta(hours=1), broken_after=1
        )
    store.close()
    return tmp_path


def test_a_healthy_deployment_passes(tmp_path: Path) -> None:
    code, checks = doctor(deployment(tmp_path))
    assert code == 0
    assert {c["status"] for c in checks.values()} == {"ok"}
    assert set(checks) == {
        "configuration",
        "database",
        "migrations",
        "sources",
        "disk",
        "broker",
        "operator token",
        "section encoder",
    }


def test_a_missing_database_is_a_problem_and_is_not_created(tmp_path: Path) -> None:
    code, checks = doctor(tmp_path / "nowhere")
    assert code == 1
    assert checks["database"]["status"] == "problem"
    assert "tidings" in checks["database"]["fix"]
    assert not (tmp_path / "nowhere" / "tidings.db").exists()


def test_broken_sources_are_named(tmp_path: Path) -> None:
    code, checks = doctor(deployment(tmp_path, broken=True))
    assert code == 1
    assert checks["sources"]["status"] == "problem"
    assert "https://example.com/feed.xml" in checks["sources"]["detail"]


def test_an_unreachable_broker_is_a_problem(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code, checks = doctor(deployment(tmp_path), broker_url=f"redis://127.0.0.1:{port}/0")
    assert code == 1
    assert checks["broker"]["status"] == "problem"


def test_a_reachable_broker_passes(tmp_path: Path) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        code, checks = doctor(deployment(tmp_path), broker_url=f"redis://127.0.0.1:{port}/0")
    assert code == 0, checks
    assert checks["broker"]["status"] == "ok"


def test_too_little_disk_space_is_a_problem(tmp_path: Path) -> None:
    code, checks = doctor(deployment(tmp_path), min_free_disk_mb=str(10**12))
    assert code == 1
    assert checks["disk"]["status"] == "problem" and "Free space" in checks["disk"]["fix"]


def test_a_short_operator_token_is_a_warning(tmp_path: Path) -> None:
    code, checks = doctor(deployment(tmp_path), operator_token="1234")
    assert code == 0
    assert checks["operator token"]["status"] == "warning"


def test_a_section_encoder_folder_without_its_model_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "encoder").mkdir()
    (tmp_path / "encoder" / "config.json").write_text("{}")
    code, checks = doctor(deployment(tmp_path), section_encoder=str(tmp_path / "encoder"))
    assert code == 1
    assert checks["section encoder"]["status"] == "problem"
    assert "head.npz" in checks["section encoder"]["detail"]
    assert "config.json" not in checks["section encoder"]["detail"]


def test_a_database_behind_on_migrations_is_a_problem(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "tidings.db") as connection:
        connection.execute("CREATE TABLE unrelated (x INTEGER)")
    code, checks = doctor(tmp_path)
    assert code == 1
    assert checks["migrations"]["status"] == "problem"
    assert "0001" in checks["migrations"]["detail"]
    assert checks["sources"]["status"] == "warning"


def test_a_setting_that_cannot_be_used_is_reported_not_raised(tmp_path: Path) -> None:
    code, checks = doctor(deployment(tmp_path), per_host_delay="fast")
    assert code == 1
    assert checks["configuration"]["status"] == "problem"
    assert "TIDINGS_PER_HOST_DELAY" in checks["configuration"]["detail"]


def test_a_misspelled_config_file_key_is_reported(tmp_path: Path) -> None:
    (deployment(tmp_path) / "tidings.toml").write_text("prot = 8000\n", encoding="utf-8")
    _, checks = doctor(tmp_path)
    assert "Unknown setting prot" in checks["configuration"]["detail"]


def test_the_encoder_extra_is_named_in_the_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    without_encoder_extra(monkeypatch)
    encoder = encoder_folder(tmp_path / "encoder")
    result = CliRunner().invoke(
        app,
        ["doctor", "--data-dir", str(deployment(tmp_path / "data"))],
        env={"TIDINGS_SECTION_ENCODER": str(encoder), "COLUMNS": "200"},
    )
    assert "pip install -e '.[encoder]'" in result.stdout  # not eaten as Rich markup


def test_a_database_upgraded_by_a_newer_version_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    deployment(tmp_path)
    with sqlite3.connect(tmp_path / "tidings.db") as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'from_the_future'")
    code, checks = doctor(tmp_path)
    assert code == 1
    assert checks["migrations"]["status"] == "problem"
    assert "'from_the_future'" in checks["migrations"]["detail"]
    assert "newer version" in checks["migrations"]["detail"]
