"""The ``tidings`` command: thin Typer commands over the application modules."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from tidings.config import Settings, SettingsError
from tidings.errors import Failure, FeedError, IngestReport
from tidings.eval import extract as extract_eval
from tidings.eval import keyphrases as keyphrases_eval
from tidings.eval import places as places_eval
from tidings.eval import sections as sections_eval
from tidings.eval import stories as stories_eval

if TYPE_CHECKING:
    from tidings.pipeline import Pipeline
    from tidings.reprocess import ReprocessReport
    from tidings.store import Store

app = typer.Typer(help="Tidings: news from many publishers, by hashtag.", no_args_is_help=True)
sources_app = typer.Typer(help="Manage the feeds Tidings follows.", no_args_is_help=True)
eval_app = typer.Typer(help="Measure quality beside reference tools.", no_args_is_help=True)
app.add_typer(sources_app, name="sources")
app.add_typer(eval_app, name="eval")
for _name, _module in (
    ("extract", extract_eval),
    ("sections", sections_eval),
    ("keyphrases", keyphrases_eval),
    ("places", places_eval),
    ("stories", stories_eval),
):
    eval_app.command(_name)(_module.command)

console = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)  # one error, one line

DataDir = Annotated[
    Path | None,
    typer.Option("--data-dir", help="Data folder (env TIDINGS_DATA_DIR; default ./tidings-data)."),
]
Host = Annotated[str | None, typer.Option(help="Address to serve on (default 127.0.0.1).")]
Port = Annotated[int | None, typer.Option(help="Port to serve on (default 8000).")]
AsJson = Annotated[bool, typer.Option("--json", help="Print one JSON object.")]


def _settings(data_dir: Path | None, **overrides: object) -> Settings:
    """Every command's settings; one that cannot be used stops it with one line, exit 2."""
    try:
        settings = Settings.load(data_dir=data_dir, **overrides)
    except SettingsError as exc:
        err.print(f"[red]Configuration error:[/] {escape(str(exc))}")
        raise typer.Exit(2) from None
    logging.getLogger().setLevel(settings.log_level.upper())
    return settings


def _instance(data_dir: Path | None) -> Settings:
    """Settings of an instance that must exist: a read-only command given a mistyped
    --data-dir would otherwise create an empty database there and report nothing."""
    settings = _settings(data_dir)
    path = settings.sqlite_path
    if path is not None and not path.is_file():
        err.print(
            f"[red]No Tidings instance at {escape(str(path))}:[/] check --data-dir"
            " (or TIDINGS_DATA_DIR); `tidings run` or `tidings sources add URL` creates one."
        )
        raise typer.Exit(2)
    return settings


def _pipeline(settings: Settings, *, enrich: bool = True) -> Pipeline:
    """Imported on use: the pipeline loads every stage, which ``--help`` should not wait for."""
    from tidings.pipeline import Pipeline

    return Pipeline.open(settings, enrich=enrich)


@app.command()
def run(data_dir: DataDir = None, host: Host = None, port: Port = None) -> None:
    """Start everything: the site, and a background loop that keeps sources fresh."""
    from tidings.runner import RefreshProcess, serve, subscribe_defaults
    from tidings.store import Store

    settings = _settings(data_dir, host=host, port=port)
    store = Store.open(settings)
    added = subscribe_defaults(store)
    if added:
        console.print(f"No sources yet: subscribed to {added} international publishers' feeds.")
    refresh = None if settings.broker_url else RefreshProcess(settings)
    if refresh is None:
        console.print("A broker is set: `tidings scheduler` and `tidings worker` refresh sources.")
    else:
        refresh.start()
    console.print(f"Tidings is running on http://{settings.host}:{settings.port}/ (Ctrl+C stops)")
    console.print(f"Data: {settings.resolved_database_url}")
    try:
        serve(settings, store)
    finally:
        if refresh is not None:
            refresh.stop()


@app.command("serve")
def serve_command(data_dir: DataDir = None, host: Host = None, port: Port = None) -> None:
    """Serve the site only, from what is stored."""
    from tidings.runner import serve

    settings = _settings(data_dir, host=host, port=port)
    console.print(f"Serving on http://{settings.host}:{settings.port}/")
    serve(settings)


@app.command()
def crawl(
    data_dir: DataDir = None,
    as_json: AsJson = False,
    all_sources: Annotated[bool, typer.Option("--all", help="Ignore schedules.")] = False,
) -> None:
    """Fetch every due source once and store its new articles."""
    from tidings.crawl import Crawler, SourceResult

    settings = _settings(data_dir)
    pipeline = _pipeline(settings)
    sources = pipeline.store.sources.list(kind="feed") if all_sources else None
    crawler = Crawler(settings, pipeline)
    try:
        with _progress(as_json) as progress:
            todo = sources if sources is not None else pipeline.store.sources.due()
            task = progress.add_task("Crawling", total=len(todo))

            def done(result: SourceResult) -> None:
                progress.advance(task)

            report = asyncio.run(crawler.crawl(todo, on_done=done))
    finally:
        crawler.close()
    _print_report(report, as_json)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (.gz read too).")],
    data_dir: DataDir = None,
    as_json: AsJson = False,
    enrich: Annotated[bool, typer.Option(help="Tag and classify (off: store only).")] = True,
) -> None:
    """Import feed files, HTML pages and JSON Lines through the pipeline."""
    from tidings.offline import ingest_paths
    from tidings.preparing import PreparePool, worker_count

    settings = _settings(data_dir)
    pipeline = _pipeline(settings, enrich=enrich)
    pool = PreparePool.open(settings, enrich=enrich) if worker_count(settings) >= 2 else None
    done = 0

    def one_done(_url: str) -> None:
        nonlocal done
        done += 1
        progress.advance(task)

    try:
        with _progress(as_json) as progress:
            task = progress.add_task("Ingesting", total=None)
            report = ingest_paths(
                pipeline, paths, one_done, pool, max_bytes=settings.max_body_bytes
            )
    except KeyboardInterrupt:
        err.print(
            f"Interrupted after {done} article{'' if done == 1 else 's'}. What was stored stays:"
            " run the same command again to finish (articles already stored are skipped)."
        )
        raise typer.Exit(130) from None
    finally:
        if pool:
            pool.close()
    _print_report(report, as_json)
    if report.errors and not (report.new or report.updated or report.skipped or report.duplicates):
        raise typer.Exit(1)


@app.command()
def export(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write, .gz compressed.")
    ] = None,
    tag: Annotated[str | None, typer.Option(help="Only articles with this hashtag.")] = None,
    section: Annotated[str | None, typer.Option(help="Only this section (slug).")] = None,
    source: Annotated[str | None, typer.Option(help="Only this source (id or URL).")] = None,
    lang: Annotated[str | None, typer.Option(help="Only this language (ISO code).")] = None,
    since: Annotated[datetime | None, typer.Option(formats=["%Y-%m-%d"])] = None,
    until: Annotated[datetime | None, typer.Option(formats=["%Y-%m-%d"])] = None,
    html: Annotated[bool, typer.Option("--html", help="Include the sanitised HTML.")] = False,
    data_dir: DataDir = None,
) -> None:
    """Write the stored articles, enriched, as JSON Lines that `ingest` reads back."""
    from tidings.export import opened, write_jsonl
    from tidings.store import Store
    from tidings.store.export import exported_articles
    from tidings.store.reading import ListFilter

    store = Store.open(_instance(data_dir))
    where = ListFilter(
        tags=(_tag_slug(store, tag),) if tag else (),
        source_ids=(_source_id(store, source),) if source else (),
        section=_section_slug(section) if section else None,
        language=lang,
    )
    items = exported_articles(
        store.engine,
        where,
        since=since.replace(tzinfo=UTC) if since else None,
        until=until.replace(tzinfo=UTC) + timedelta(days=1) if until else None,
    )
    if output is None:
        write_jsonl(items, sys.stdout, html=html)
        return
    with _progress(False) as progress, opened(output) as out:
        task = progress.add_task("Exporting", total=None)
        written = write_jsonl(items, out, html=html, on_line=lambda: progress.advance(task))
    err.print(f"Wrote {written} articles to {escape(str(output))}")


def _tag_slug(store: Store, name: str) -> str:
    found = store.reader.find_tag(name.removeprefix("#"))
    if found is None:
        raise typer.BadParameter(f"no hashtag {name!r} in this instance", param_hint="--tag")
    return found.slug


def _section_slug(slug: str) -> str:
    from tidings.enrich.sections import SECTIONS

    known = [section.slug for section in SECTIONS]
    if slug not in known:
        raise typer.BadParameter(f"no section {slug!r}: one of {', '.join(known)}")
    return slug


def _source_id(store: Store, ref: str) -> int:
    found = store.sources.get(ref)
    if found is None:
        raise typer.BadParameter(f"no source {ref!r} in this instance", param_hint="--source")
    return found.id


@app.command()
def reprocess(
    data_dir: DataDir = None,
    source: Annotated[
        str | None, typer.Option(help="Only this source's articles (id or URL).")
    ] = None,
    since: Annotated[
        datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="Only articles first stored on or after this day."),
    ] = None,
    enrich: Annotated[bool, typer.Option(help="Language, section and tags again.")] = True,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Count, write nothing.")] = False,
    as_json: AsJson = False,
) -> None:
    """Bring stored articles up to today's cleaning (and enrichment), in place.

    Redone from what the store keeps: HTML entities left in titles and authors,
    relative links and images made absolute, images without an address dropped,
    the WordPress "The post ... appeared first on" footer, impossible dates, the
    publisher of articles filed under none. Not redone (the page is not kept; a
    re-fetch is needed): the extraction itself, images an older version dropped.
    Stories are kept as they are.
    """
    from tidings.reprocess import Reprocessor

    settings = _instance(data_dir)
    pipeline = _pipeline(settings, enrich=enrich)
    run_ = Reprocessor(
        pipeline.store,
        pipeline.enricher,
        source_id=_source_id(pipeline.store, source) if source else None,
        since=since.replace(tzinfo=UTC) if since else None,
        dry_run=dry_run,
    )
    interrupted = False
    with _progress(as_json) as progress:
        task = progress.add_task("Reprocessing", total=run_.total())
        try:
            run_.run(lambda count: progress.advance(task, count))
        except KeyboardInterrupt:
            interrupted = True
    _print_reprocessed(run_.report, as_json)
    if interrupted:
        err.print("Interrupted: the batches before were saved; run it again to finish.")
        raise typer.Exit(130)
    report = run_.report
    if report.errors and not (report.changed or report.unchanged):
        raise typer.Exit(1)


@sources_app.command("add")
def sources_add(
    url: str,
    title: Annotated[str | None, typer.Option(help="Display name.")] = None,
    data_dir: DataDir = None,
) -> None:
    """Follow a feed."""
    from tidings.ingest.urls import is_http_url
    from tidings.store import Store

    if not is_http_url(url):
        err.print(f"[red]Not an http(s) URL:[/] {url}")
        raise typer.Exit(2)
    source, created = Store.open(_settings(data_dir)).sources.add(url, title=title)
    console.print(f"{'Added' if created else 'Already following'} source {source.id}: {source.url}")


@sources_app.command("list")
def sources_list(data_dir: DataDir = None, as_json: AsJson = False) -> None:
    """The followed feeds and their health."""
    from tidings.store import Store

    sources = Store.open(_instance(data_dir)).sources.list(kind="feed")
    if as_json:
        rows = [
            {"id": s.id, "url": s.url, "title": s.title, "broken": s.broken, "error": s.last_error,
             "last_success_at": s.last_success_at.isoformat() if s.last_success_at else None}
            for s in sources
        ]  # fmt: skip
        print(json.dumps(rows))
        return
    table = Table("id", "source", "status", "last fetched")
    for s in sources:
        status = "[red]broken[/]" if s.broken else ("[yellow]failing[/]" if s.last_error else "ok")
        detail = f"{status} {s.last_error or ''}".strip()
        fetched = s.last_success_at.strftime("%Y-%m-%d %H:%M") if s.last_success_at else "never"
        table.add_row(str(s.id), f"{s.title or ''}\n[dim]{s.url}[/]", detail, fetched)
    console.print(table)


@sources_app.command("remove")
def sources_remove(
    ref: Annotated[str, typer.Argument(help="Source id or URL.")], data_dir: DataDir = None
) -> None:
    """Stop following a feed (its articles stay)."""
    from tidings.store import Store

    if not Store.open(_instance(data_dir)).sources.remove(ref):
        err.print(f"[red]No source {ref}[/]")
        raise typer.Exit(1)
    console.print(f"Removed source {ref}")


@sources_app.command("import")
def sources_import(opml_file: Path, data_dir: DataDir = None) -> None:
    """Follow every feed of an OPML file."""
    from tidings.ingest.opml import parse_opml
    from tidings.store import Store

    try:
        subscriptions = parse_opml(opml_file.read_bytes())
    except (OSError, FeedError) as exc:
        err.print(f"[red]Cannot import {opml_file}:[/] {exc}")
        raise typer.Exit(2) from exc
    repo = Store.open(_settings(data_dir)).sources
    added = sum(
        repo.add(s.url, title=s.title, site_url=s.site_url, category=s.category)[1]
        for s in subscriptions
    )
    console.print(f"Imported {added} new of {len(subscriptions)} feeds from {opml_file}")


@sources_app.command("export")
def sources_export(
    output: Annotated[Path | None, typer.Option(help="File to write (default: stdout).")] = None,
    data_dir: DataDir = None,
) -> None:
    """Write the followed feeds as OPML."""
    from tidings.ingest.opml import Subscription, write_opml
    from tidings.store import Store

    sources = Store.open(_instance(data_dir)).sources.list(kind="feed")
    document = write_opml([Subscription(s.url, s.title, s.site_url, s.category) for s in sources])
    if output:
        output.write_text(document, encoding="utf-8")
    else:
        print(document)


@app.command()
def worker(
    data_dir: DataDir = None,
    queues: Annotated[
        str, typer.Option(help="Comma-separated: fetch, process or both.")
    ] = "fetch,process",
    concurrency: Annotated[int, typer.Option(help="Processes in the pool.")] = 2,
    loglevel: Annotated[str, typer.Option(help="Celery log level.")] = "INFO",
) -> None:
    """Run a Celery worker for the fetch and/or process queue (needs TIDINGS_BROKER_URL)."""
    from tidings.workers.worker import run_worker

    settings = _needs_broker(_settings(data_dir))
    run_worker(settings, _queues(queues), concurrency, loglevel)


def _queues(text: str) -> list[str]:
    from tidings.workers.app import QUEUES

    names = [name.strip() for name in text.split(",") if name.strip()]
    if not names or set(names) - set(QUEUES):
        raise typer.BadParameter(
            f"{text!r}: choose from {', '.join(QUEUES)}", param_hint="--queues"
        )
    return names


@app.command()
def scheduler(
    data_dir: DataDir = None,
    interval: Annotated[float, typer.Option(help="Seconds between two looks.")] = 10.0,
    once: Annotated[bool, typer.Option("--once", help="Queue the due sources once, exit.")] = False,
) -> None:
    """Queue a fetch task for every due source, as the single leader among schedulers."""
    import threading

    from tidings.store import Store
    from tidings.workers.app import make_app
    from tidings.workers.scheduler import Scheduler

    settings = _needs_broker(_settings(data_dir))
    app_ = make_app(settings)
    scheduler_ = Scheduler(settings, app_, Store.open(settings), interval=interval)
    if once:
        if (queued := scheduler_.once()) is None:
            err.print("Another scheduler is leading; nothing queued.")
            raise typer.Exit(1)
        console.print(f"Queued {queued} sources.")
        return
    console.print(f"Scheduler started (every {interval:g} s; Ctrl+C stops).")
    try:
        scheduler_.run(threading.Event(), lambda line: console.print(f"[dim]scheduler:[/] {line}"))
    except KeyboardInterrupt:
        console.print("Scheduler stopped.")


@app.command()
def status(data_dir: DataDir = None, as_json: AsJson = False) -> None:
    """Queue depths, workers, due sources and failures."""
    from tidings.store import Store
    from tidings.workers.status import gather

    settings = _instance(data_dir)
    state = gather(settings, Store.open(settings))
    if as_json:
        print(json.dumps(state.as_dict()))
        return
    console.print(f"Sources due: {state.due_sources}, queued or fetching: {state.leased_sources}")
    if not state.broker:
        console.print("No broker (TIDINGS_BROKER_URL): `tidings run` refreshes in-process.")
    else:
        queues = ", ".join(f"{name} {depth}" for name, depth in state.queues.items())
        console.print(f"Queues: {queues}; in flight: {state.in_flight}")
        table = Table("worker", "tasks running")
        for name, running in state.workers.items():
            table.add_row(name, str(running))
        console.print(table if state.workers else "[yellow]No worker answered.[/]")
        console.print(f"Task failures: {state.failure_count}")
        for failure in state.recent_failures:
            console.print(f"  [yellow]![/] {failure.where}: {failure.why}")
    console.print(f"Failing sources: {len(state.failing_sources)}")
    for source in state.failing_sources[:20]:
        flag = "[red]broken[/]" if source.broken else "[yellow]failing[/]"
        console.print(f"  {flag} {source.url}: {source.last_error}")


def _needs_broker(settings: Settings) -> Settings:
    if not settings.broker_url:
        err.print("[red]No broker:[/] set TIDINGS_BROKER_URL=redis://host:6379/0")
        raise typer.Exit(2)
    return settings


@app.command()
def doctor(data_dir: DataDir = None, as_json: AsJson = False) -> None:
    """Check the deployment (database, schema, disk, broker, sources) and say what to fix."""
    from tidings.doctor import Status, diagnose_loaded

    checks = diagnose_loaded(lambda: Settings.load(data_dir=data_dir))
    problems = sum(check.status is Status.PROBLEM for check in checks)
    if as_json:
        print(json.dumps({"ok": not problems, "checks": [c.as_dict() for c in checks]}))
    else:
        colour = {Status.OK: "green", Status.WARNING: "yellow", Status.PROBLEM: "red"}
        table = Table("check", "status", "detail", "fix")
        for c in checks:
            status = f"[{colour[c.status]}]{c.status}[/]"
            table.add_row(c.name, status, escape(c.detail), escape(c.fix or ""))
        console.print(table)
    if problems:
        raise typer.Exit(1)


def _progress(quiet: bool) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=quiet,
        transient=True,
    )


def _print_report(report: IngestReport, as_json: bool) -> None:
    if as_json:
        print(json.dumps(report.as_dict()))
        return
    if report.sources_ok or report.sources_failed:
        console.print(f"Sources: {report.sources_ok} ok, {report.sources_failed} failed")
    console.print(
        f"Articles: {report.new} new, {report.updated} updated, {report.skipped} skipped, "
        f"{report.duplicates} folded into an article they repeat"
    )
    _print_failures(report.errors)
    for notice in report.warnings[:10]:
        console.print(f"  [dim]note[/] {escape(notice.where)}: {escape(notice.why)}")
    if len(report.warnings) > 10:
        console.print(f"  ... and {len(report.warnings) - 10} more notes (use --json for all)")


def _print_reprocessed(report: ReprocessReport, as_json: bool) -> None:
    if as_json:
        print(json.dumps(report.as_dict()))
        return
    verb = "would change" if report.dry_run else "changed"
    console.print(
        f"Articles: {report.examined} examined, {report.changed} {verb}, "
        f"{report.unchanged} unchanged, {len(report.errors)} left as stored after an error"
    )
    _print_failures(report.errors)


def _print_failures(errors: list[Failure]) -> None:
    """The first 50 failures; escaped, since a file or feed names them (``[red]`` too)."""
    for failure in errors[:50]:
        console.print(f"  [yellow]![/] {escape(failure.where)}: {escape(failure.why)}")
    if len(errors) > 50:
        console.print(f"  ... and {len(errors) - 50} more errors (use --json for all)")


SCALE_MODULES = frozenset({"psycopg", "celery", "kombu", "redis"})  # the `scale` extra


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        app()
    except Exception as exc:
        if (reason := _explained(exc)) is None:
            raise
        err.print(f"[red]{escape(reason)}[/]")
        raise SystemExit(1) from None


def _explained(exc: Exception) -> str | None:
    """What an operator can fix, in one line; None for a bug (its traceback is shown)."""
    from tidings.enrich.section_encoder import EncoderUnavailable
    from tidings.store.problems import explain as database_problem
    from tidings.workers.problems import explain as broker_problem

    if isinstance(exc, EncoderUnavailable):
        return str(exc)
    return _missing_scale_extra(exc) or database_problem(exc) or broker_problem(exc)


def _missing_scale_extra(exc: Exception) -> str | None:
    """PostgreSQL, Celery and Redis come with the ``scale`` extra; a settings file that
    names them on a machine installed without it is an install step, not a bug."""
    if not isinstance(exc, ModuleNotFoundError):
        return None
    module = (exc.name or "").split(".")[0]
    if module not in SCALE_MODULES:
        return None
    return (
        f"{module} is not installed: PostgreSQL, Celery and Redis need the scale extra"
        " (pip install -e '.[scale]')."
    )


if __name__ == "__main__":
    main()
