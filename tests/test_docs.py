"""The README documents every command and every setting (Datasette's lesson)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import typer

from tidings.cli import app
from tidings.config import Settings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands(typer_app: typer.Typer, prefix: str = "tidings") -> list[str]:
    found = [f"{prefix} {c.name or c.callback.__name__}" for c in typer_app.registered_commands]
    for group in typer_app.registered_groups:
        found += _commands(group.typer_instance, f"{prefix} {group.name}")
    return found


def test_every_command_is_in_the_readme() -> None:
    missing = [c for c in _commands(app) if f"`{c}" not in README]
    assert not missing, f"undocumented commands: {missing}"


def test_every_setting_is_in_the_readme() -> None:
    names = [f.name for f in dataclasses.fields(Settings)]
    missing = [name for name in names if f"`{name}`" not in README]
    assert not missing, f"undocumented settings: {missing}"
