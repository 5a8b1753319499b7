"""The command line turns an operator's mistakes into one line and exit code 2 or 1."""

from __future__ import annotations

import importlib.util
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.support import encoder_folder
from tidings.cli import app
from tidings.config import Settings
from tidings.store import Store

SRC = Path(__file__).resolve().parents[1] / "src"


def cli(data_dir: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """``tidings ARGS`` in a process of its own, through ``main`` as installed."""
    return subprocess.run(
        [sys.executable, "-m", "tidings.cli", *args, "--data-dir", str(data_dir)],
        env={"PYTHONPATH": str(SRC), "PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("env", "args"),
    [
        ({"TIDINGS_PORT": "abc"}, ["serve"]),
        ({"TIDINGS_PER_HOST_DELAY": "fast"}, ["crawl"]),
        ({"TIDINGS_DATABASE_URL": "garbage"}, ["sources", "list"]),
        ({"TIDINGS_DATABASE_URL": "mysql://u@localhost/news"}, ["sources", "list"]),
        ({"TIDINGS_BROKER_URL": "notaurl"}, ["status"]),
        ({"TIDINGS_CONFIG": "/nonexistent/tidings.toml"}, ["sources", "list"]),
        ({}, ["serve", "--port", "99999"]),
    ],
)
def test_bad_configuration_is_one_line_and_exit_2(
    tmp_path: Path, env: dict[str, str], args: list[str]
) -> None:
    result = CliRunner().invoke(app, [*args, "--data-dir", str(tmp_path)], env=env)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr.startswith("Configuration error:") and result.stderr.count("\n") == 1


def test_a_data_dir_that_is_a_file_is_a_configuration_error(tmp_path: Path) -> None:
    (tmp_path / "afile").touch()
    result = CliRunner().invoke(app, ["sources", "list", "--data-dir", str(tmp_path / "afile")])
    assert result.exit_code == 2 and "is a file, not a folder" in result.stderr


def test_unknown_worker_queues_are_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["worker", "--queues", "bogus", "--data-dir", str(tmp_path)],
        env={"TIDINGS_BROKER_URL": "redis://127.0.0.1:6379/0"},
    )
    assert result.exit_code == 2 and "choose from fetch, process" in result.output


@pytest.mark.parametrize("args", [["status"], ["scheduler", "--once"]])
def test_an_unreachable_broker_is_one_line_and_exit_1(tmp_path: Path, args: list[str]) -> None:
    pytest.importorskip("redis")
    Store.open(Settings(data_dir=tmp_path)).close()
    done = cli(tmp_path, {"TIDINGS_BROKER_URL": "redis://127.0.0.1:9/0"}, *args)
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("The broker cannot be reached") and done.stderr.count("\n") == 1


@pytest.mark.parametrize("processes", ["1", "2"])
def test_ingest_with_an_encoder_but_no_torch_names_the_extra(
    tmp_path: Path, processes: str
) -> None:
    if importlib.util.find_spec("torch"):
        pytest.skip("torch is installed: the encoder extra is there")
    items = tmp_path / "small.jsonl"
    items.write_text('{"url": "https://example.com/a", "title": "Budget"}\n', encoding="utf-8")
    env = {
        "TIDINGS_SECTION_ENCODER": str(encoder_folder(tmp_path / "encoder")),
        "TIDINGS_EXTRACT_PROCESSES": processes,
    }
    done = cli(tmp_path, env, "ingest", str(items))
    assert done.returncode == 1, done.stderr
    assert "pip install -e '.[encoder]'" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["sources", "list"],
        ["sources", "export"],
        ["sources", "remove", "1"],
        ["status"],
        ["reprocess"],
    ],
)
def test_read_only_commands_do_not_create_a_mistyped_instance(
    tmp_path: Path, args: list[str]
) -> None:
    mistyped = tmp_path / "nonexistent" / "dir"
    result = CliRunner().invoke(app, [*args, "--data-dir", str(mistyped)])
    assert result.exit_code == 2 and "No Tidings instance at" in result.stderr
    assert not mistyped.exists()


def test_postgresql_without_the_scale_extra_names_the_extra(tmp_path: Path) -> None:
    """A machine installed with plain `pip install -e .` and a PostgreSQL URL."""
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text("import sys\nsys.modules['psycopg'] = None\n")
    env = {
        "PYTHONPATH": f"{blocker}{os.pathsep}{SRC}",
        "TIDINGS_DATABASE_URL": "postgresql://127.0.0.1:9/tidings",
    }
    done = cli(tmp_path, env, "sources", "list")
    assert done.returncode == 1, done.stderr
    assert "pip install -e '.[scale]'" in done.stderr and "Traceback" not in done.stderr


def test_a_database_upgraded_by_a_newer_version_is_one_line_and_exit_1(tmp_path: Path) -> None:
    Store.open(Settings(data_dir=tmp_path)).close()
    with sqlite3.connect(tmp_path / "tidings.db") as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'from_the_future'")
    result = cli(tmp_path, {}, "sources", "list")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "'from_the_future'" in result.stderr and "newer version" in result.stderr
