"""Settings: environment strings and TOML values become, or are refused as, the fields' types."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tidings.config import Settings, SettingsError


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


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in [n for n in os.environ if n.startswith("TIDINGS_")]:
        monkeypatch.delenv(name)
    return monkeypatch


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("TIDINGS_PORT", "abc", "TIDINGS_PORT: 'abc' is not a whole number"),
        ("TIDINGS_PER_HOST_DELAY", "fast", "TIDINGS_PER_HOST_DELAY: 'fast' is not a number"),
        ("TIDINGS_ALLOW_PRIVATE_NETWORKS", "ture", "is not true or false"),
        ("TIDINGS_PORT", "99999", "port 99999 is not between 1 and 65535"),
        ("TIDINGS_DATABASE_URL", "garbage", "database_url 'garbage' is not supported"),
        ("TIDINGS_DATABASE_URL", "mysql://u@db/news", "use one of sqlite://"),
        ("TIDINGS_BROKER_URL", "notaurl", "broker_url 'notaurl' is not supported"),
        ("TIDINGS_LOG_LEVEL", "loud", "log_level 'loud': use one of DEBUG, INFO"),
    ],
)
def test_environment_values_that_cannot_work_name_the_setting(
    clean_env: pytest.MonkeyPatch, tmp_path: Path, name: str, value: str, words: str
) -> None:
    clean_env.setenv(name, value)
    with pytest.raises(SettingsError, match=re.escape(words)):
        Settings.load(data_dir=tmp_path)


@pytest.mark.parametrize(
    ("toml", "words"),
    [
        ("port = 8000.7", "port in {file}: 8000.7 is not a whole number"),
        ("page_size = true", "page_size in {file}: True is not a whole number"),
        ("site_name = 3", "site_name in {file}: 3 is not text"),
        ("prot = 8000", "Unknown setting prot in {file} (did you mean port?)"),
        ("port = [", "Cannot read the config file {file}"),
    ],
)
def test_config_file_values_are_checked_like_the_environment(
    clean_env: pytest.MonkeyPatch, tmp_path: Path, toml: str, words: str
) -> None:
    file = tmp_path / "tidings.toml"
    file.write_text(toml + "\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=re.escape(words.format(file=file))):
        Settings.load(data_dir=tmp_path)


def test_config_file_numbers_and_paths_become_their_fields_types(
    clean_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "tidings.toml").write_text(
        'per_host_delay = 2\nsection_encoder = "/models/s"\n', encoding="utf-8"
    )
    settings = Settings.load(data_dir=tmp_path)
    assert settings.per_host_delay == 2.0 and isinstance(settings.per_host_delay, float)
    assert settings.section_encoder == Path("/models/s")


def test_a_named_config_file_must_exist(clean_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    clean_env.setenv("TIDINGS_CONFIG", str(tmp_path / "missing.toml"))
    with pytest.raises(SettingsError, match="which is not a file"):
        Settings.load(data_dir=tmp_path)


def test_a_data_dir_that_is_a_file_is_refused(
    clean_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "afile").touch()
    with pytest.raises(SettingsError, match="is a file, not a folder"):
        Settings.load(data_dir=tmp_path / "afile")
