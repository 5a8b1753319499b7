"""Helpers shared by the end-to-end and web tests: a loopback site and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tidings.cli import app

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
