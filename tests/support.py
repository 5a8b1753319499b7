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


def tidings(data_dir: Path, *args: str) -> str:
    """Run a ``tidings`` command in-process; fail the test on a non-zero exit."""
    result = CliRunner().invoke(
        app, [args[0], *args[1:], "--data-dir", str(data_dir)], env=LOOPBACK_ENV
    )
    assert result.exit_code == 0, result.output + repr(result.exception)
    return result.stdout


def tidings_json(data_dir: Path, *args: str) -> dict:
    return json.loads(tidings(data_dir, *args, "--json"))


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
