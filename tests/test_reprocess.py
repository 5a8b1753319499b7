"""``tidings reprocess`` on an instance holding rows an earlier version stored."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from tests.backends import empty_postgres, postgres_url
from tests.store.test_rewrites import found, row, store_old
from tidings import reprocess as reprocess_module
from tidings.cli import app
from tidings.config import Settings
from tidings.store import Store

__all__ = ["postgres_url"]


class Instance:
    def __init__(self, data_dir: Path, database_url: str | None) -> None:
        self.data_dir = data_dir
        self.env = {"TIDINGS_DATABASE_URL": database_url} if database_url else {}
        self.store = Store.open(Settings(data_dir=data_dir, database_url=database_url))

    def run(self, *args: str) -> Result:
        arguments = ["reprocess", *args, "--data-dir", str(self.data_dir)]
        return CliRunner().invoke(app, arguments, env=self.env)

    def json(self, *args: str) -> dict:
        result = self.run(*args, "--json")
        assert result.exit_code == 0, result.output + repr(result.exception)
        return json.loads(result.stdout)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def instance(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Instance]:
    url = None if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    opened = Instance(tmp_path, url)
    if url:
        empty_postgres(url)
    yield opened
    opened.store.close()


def test_old_rows_are_repaired_and_enriched_and_a_second_run_changes_nothing(
    instance: Instance,
) -> None:
    ids = [store_old(instance.store, n) for n in (1, 2)]

    first = instance.json()
    second = instance.json()

    assert first == {"examined": 2, "changed": 2, "unchanged": 0, "errors": [], "dry_run": False}
    assert second == {"examined": 2, "changed": 0, "unchanged": 2, "errors": [], "dry_run": False}
    assert found(instance.store, "café closure2") == ["https://blog.example/2"]
    article = instance.store.reader.article(ids[0])
    assert article is not None and article.tags  # the real enricher tagged the cleaned text
    assert all("&#" not in tag.evidence for tag in article.tags)


def test_a_dry_run_says_what_would_change(instance: Instance) -> None:
    article_id = store_old(instance.store, 1)
    untouched = row(instance.store, article_id)

    report = instance.json("--dry-run", "--no-enrich")

    assert (report["changed"], report["dry_run"]) == (1, True)
    assert row(instance.store, article_id) == untouched


def test_the_text_report_and_the_source_filter(instance: Instance) -> None:
    store_old(instance.store, 1)
    unknown = instance.run("--source", "https://nowhere.example/feed")
    assert unknown.exit_code == 2 and "no source 'https://nowhere.example/feed'" in unknown.stderr

    done = instance.run("--no-enrich")

    assert done.exit_code == 0, done.output
    assert "1 examined, 1 changed, 0 unchanged, 0 left as stored" in done.stdout


def test_an_interrupted_run_keeps_the_batches_it_committed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    instance = Instance(tmp_path, None)
    article_id = store_old(instance.store, 1)
    one_batch = reprocess_module.Reprocessor._one_batch

    def then_interrupted(self: reprocess_module.Reprocessor, batch: list) -> None:
        one_batch(self, batch)
        raise KeyboardInterrupt

    monkeypatch.setattr(reprocess_module.Reprocessor, "_one_batch", then_interrupted)
    result = instance.run("--no-enrich")

    assert result.exit_code == 130 and "run it again to finish" in result.stderr
    assert "1 changed" in result.stdout
    assert row(instance.store, article_id)["title"].startswith("Café")
