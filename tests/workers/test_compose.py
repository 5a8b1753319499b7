"""compose.yaml cannot run here (no Docker engine), so check that it says what
the tests run: every ``tidings`` command parses, every setting exists."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tidings.cli import app
from tidings.config import ENV_PREFIX, Settings

COMPOSE = (Path(__file__).resolve().parents[2] / "compose.yaml").read_text(encoding="utf-8")
COMMANDS = [json.loads(line) for line in re.findall(r"^\s+command: (\[.*\])$", COMPOSE, re.M)]


@pytest.mark.parametrize("command", [c for c in COMMANDS if c[0] == "tidings"], ids=" ".join)
def test_every_tidings_command_parses(command: list[str]) -> None:
    # Options are parsed before the eager --help acts: an unknown one exits with 2.
    result = CliRunner().invoke(app, [*command[1:], "--help"])
    assert result.exit_code == 0, result.output


def test_the_services_run_workers_for_both_queues_and_a_scheduler() -> None:
    run = [" ".join(c[1:3]) for c in COMMANDS if c[0] == "tidings"]
    assert {"serve --host", "scheduler --interval", "worker --queues"} <= set(run)
    queues = {c[c.index("--queues") + 1] for c in COMMANDS if "--queues" in c}
    assert queues == {"fetch", "process"}


def test_every_variable_is_a_setting() -> None:
    fields = {f.name.upper() for f in dataclasses.fields(Settings)}
    variables = re.findall(rf"^\s+#?\s*{ENV_PREFIX}(\w+):", COMPOSE, re.M)
    assert variables and set(variables) <= fields
