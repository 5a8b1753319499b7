"""A wheel carries every data file the package reads, not only an editable install."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "tidings"


def test_package_data_patterns_cover_every_data_file() -> None:
    """An editable install reads data files from the source tree, so a file the
    patterns miss (as ``*.tsv.gz`` once was) only fails after ``pip install .``."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["tidings"]
    data_files = [
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file() and path.suffix not in {".py", ".pyc"}
    ]
    missed = [
        name
        for name in data_files
        if not any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch(name, p[3:]) for p in patterns)
    ]
    assert data_files and not missed, f"left out of the wheel: {missed}"
