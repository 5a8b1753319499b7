"""Helpers shared by the end-to-end and web tests: a loopback site and the CLI."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tidings.cli import app
from tidings.enrich.section_encoder import MODEL_FILES

LOOPBACK_ENV = {"TIDINGS_ALLOW_PRIVATE_NETWORKS": "1", "TIDINGS_PER_HOST_DELAY": "0"}


def tidings(data_dir: Path, *args: str, database_url: str | None = None) -> str:
    """Run a ``tidings`` command in-process (on ``database_url`` if given, else on the
    data folder's SQLite file); fail the test on a non-zero exit."""
    env = LOOPBACK_ENV | ({"TIDINGS_DATABASE_URL": database_url} if database_url else {})
    result = CliRunner().invoke(app, [args[0], *args[1:], "--data-dir", str(data_dir)], env=env)
    assert result.exit_code == 0, result.output + repr(result.exception)
    return result.stdout


def tidings_json(data_dir: Path, *args: str, database_url: str | None = None) -> dict:
    return json.loads(tidings(data_dir, *args, "--json", database_url=database_url))


def without_encoder_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Behave as if torch and transformers were not installed (whether they are or not)."""
    find_spec = importlib.util.find_spec
    hidden = {"torch", "transformers"}
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name in hidden else find_spec(name, *a),
    )


def encoder_folder(path: Path) -> Path:
    """A folder with every file a section encoder has (empty: only for checks that do not load)."""
    path.mkdir(parents=True)
    for name in MODEL_FILES:
        (path / name).touch()
    return path
