"""Settings: environment strings become the types the fields declare."""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings.config import Settings


def test_paths_from_the_environment_are_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIDINGS_SECTION_ENCODER", "/models/sections")
    monkeypatch.setenv("TIDINGS_PAGE_SIZE", "50")
    settings = Settings.load(data_dir="/tmp/tidings")
    assert settings.section_encoder == Path("/models/sections")
    assert settings.data_dir == Path("/tmp/tidings")
    assert settings.page_size == 50


def test_no_section_encoder_unless_one_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TIDINGS_SECTION_ENCODER", raising=False)
    monkeypatch.delenv("TIDINGS_CONFIG", raising=False)
    assert Settings.load(data_dir="/tmp/tidings").section_encoder is None
