"""Command line: one thin command per job, each a wrapper around library functions.

    storyline build ARTICLES... --db kb.db      ingest, clean, analyse, store, resolve
    storyline export --db kb.db -o out.json     the contract JSON
    storyline report --db kb.db -o report.html  one self-contained HTML file
    storyline eval --articles DIR --gold DIR    build, export and score against gold annotations
    storyline serve --db kb.db [--port N]       a local web app over the knowledge base
"""
from __future__ import annotations

import errno
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, List, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from storyline import __version__
from storyline.errors import StorylineError
from storyline.settings import DEFAULT_DB, DEFAULT_MODEL

EXIT_OK, EXIT_USAGE, EXIT_SOME_FAILED = 0, 2, 3
# OS errors of the user's disk, not of storyline: one line naming the file, no traceback
DISK_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EACCES, errno.EPERM, errno.EROFS, errno.EIO}

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode="rich",
                  help="storyline: reconstruct the story a pile of news articles tells, every fact cited "
                       "to its sentence.")
console = Console(stderr=True)
DB_OPTION = typer.Option(DEFAULT_DB, "--db", help="Knowledge base: a SQLite file path or a postgresql:// URL.")


def _version(value: bool) -> None:
    if value:
        print(f"storyline {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                              help="Print the version and exit.")) -> None:
    """Run `storyline COMMAND --help` for each command's options and an example."""


@app.command()
def build(
    paths: List[str] = typer.Argument(None, help="Article files or folders (.txt .html .json .jsonl .rss .atom "
                                                 ".warc .warc.gz), http(s) URLs, or - for stdin."),
    db: str = DB_OPTION,
    model: str = typer.Option(DEFAULT_MODEL, "--model", help="Any installed spaCy pipeline, by name."),
    include: List[str] = typer.Option([], "--include", help="Only files whose name matches this glob (repeatable)."),
    exclude: List[str] = typer.Option([], "--exclude", help="Skip files whose name matches this glob (repeatable)."),
    urls: List[str] = typer.Option([], "--urls", help="File listing URLs to fetch, one per line, # comments "
                                                      "(repeatable)."),
    no_fetch: bool = typer.Option(False, "--no-fetch", help="Never touch the network: URLs and feed entries "
                                                            "without text fail instead of being fetched."),
    fetch_timeout: float = typer.Option(20.0, "--fetch-timeout", help="Seconds to wait on a server per request."),
    allow_private_hosts: bool = typer.Option(False, "--allow-private-hosts", help="Also fetch from loopback, "
                                             "private and link-local addresses (refused by default)."),
    workers: int = typer.Option(0, "--workers", help="Processes for cleaning and analysis (default: one per core)."),
    engine: str = typer.Option("local", "--engine", help="local (this machine) or dask (a Dask cluster)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address, e.g. "
                                            "tcp://10.0.0.5:8786; without it --engine dask starts a LocalCluster."),
) -> None:
    """Read articles into the knowledge base: ingest, clean, analyse, resolve.

    Example: storyline build examples/articles --db story.db
    Example: storyline build feeds/wire.rss crawl.warc.gz --urls links.txt --db story.db
    Example: storyline build archive/ --db story.db --engine dask --scheduler tcp://scheduler:8786

    Exit status: 0 when every input became a document, 3 when some inputs failed (each is
    recorded with its reason and listed), 2 on usage errors.
    """
    from storyline.ingest.fetch import FetchOptions
    from storyline.pipeline import BuildOptions
    from storyline.pipeline import build as run_build
    from storyline.settings import MAX_INPUT_BYTES

    if not paths and not urls:
        raise StorylineError("nothing to read: name article files, folders, URLs or - for stdin, or pass --urls FILE")
    fetch = FetchOptions(enabled=not no_fetch, timeout=fetch_timeout, max_bytes=MAX_INPUT_BYTES,
                         allow_private_hosts=allow_private_hosts)
    columns = (TextColumn("{task.description:<10}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("eta"), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=False) as bar:
        tasks: dict[str, int] = {}

        def progress(stage: str, done: int, total: int | None) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total, rate="")
            task = tasks[stage]
            elapsed = bar.tasks[task].elapsed or 0.0
            rate = f"{done / elapsed:.1f} docs/s" if stage == "documents" and elapsed > 0 and done else ""
            bar.update(task, completed=done, total=total, rate=rate)

        options = BuildOptions(model=model, include=tuple(include), exclude=tuple(exclude), urls=tuple(urls),
                               fetch=fetch, workers=workers or os.cpu_count() or 1, engine=engine,
                               scheduler=scheduler)
        summary = run_build(paths or [], db, options, progress=progress)
    _print_summary(summary, db)
    if summary.failures:
        raise typer.Exit(EXIT_SOME_FAILED)


def _print_summary(summary, db: str) -> None:
    t = summary.totals
    table = Table(title=f"storyline build → {db}", show_header=False, title_justify="left")
    table.add_row("inputs", f"{summary.inputs}  = {summary.documents} documents + {len(summary.failures)} failures")
    table.add_row("documents", f"{summary.documents_new} new, {summary.documents_known} already known, "
                               f"{summary.duplicates} near-duplicates in the store")
    if summary.resolution_skipped:
        table.add_row("resolution", "unchanged: no new documents since the last complete build")
    elif summary.resolution is not None:
        r = summary.resolution
        scope = "rebuilt" if r.mode == "full" else "incremental"
        table.add_row("resolution", f"{scope}: {r.nodes_clustered:,} of {r.nodes_total:,} actor nodes clustered, "
                                    f"{r.documents_touched:,} documents re-linked, facts of {r.stories_recomputed:,} "
                                    f"of {r.stories:,} stories recomputed")
    for key in ("documents", "entities", "mentions", "quotes", "quantities", "dates", "relations", "facts", "stories"):
        table.add_row(f"  {key}", str(t.get(key, 0)))
    console.print(table)
    for e in summary.extractor_errors[:10]:
        console.print(f"[yellow]extractor error[/yellow] {e}")
    if len(summary.extractor_errors) > 10:
        console.print(f"... and {len(summary.extractor_errors) - 10} more extractor errors")
    for f in summary.failures[:20]:
        console.print(f"[yellow]failed[/yellow] {f.reason}")
    if len(summary.failures) > 20:
        console.print(f"... and {len(summary.failures) - 20} more failures (see `storyline export`)")


@app.command()
def export(
    db: str = DB_OPTION,
    fmt: str = typer.Option("json", "--format", help="json (the documented contract), csv (a folder: one file per "
                                                     "table), graphml or gexf (the actor network, for Gephi), ftm "
                                                     "(FollowTheMoney entity lines, for Aleph)."),
    output: Path = typer.Option(..., "-o", "--output", help="File to write (a folder for csv)."),
) -> None:
    """Write the knowledge base in an interchange format.

    Example: storyline export --db story.db --format json -o story.json
    Example: storyline export --db story.db --format gexf -o actors.gexf
    """
    from storyline.export.formats import write
    from storyline.store.db import Store

    store = Store(db, create=False)
    with _writing(output):
        console.print(write(store, fmt, output))


@app.command()
def report(
    db: str = DB_OPTION,
    output: Path = typer.Option(Path("report.html"), "-o", "--output", help="HTML file to write."),
) -> None:
    """Write one self-contained HTML report (opens offline, no network requests).

    Example: storyline report --db story.db -o report.html
    """
    from storyline.export.contract import build_export
    from storyline.report.render import write_report
    from storyline.store.db import Store

    export = build_export(Store(db, create=False))
    with _writing(output):
        write_report(export, output)
    console.print(f"wrote {output}")


@contextmanager
def _writing(output: Path) -> Iterator[None]:
    """A full disk or an unwritable folder while writing ``output``: one line naming it."""
    try:
        yield
    except OSError as exc:
        if exc.errno not in DISK_ERRNOS:
            raise
        raise StorylineError(f"cannot write {str(output)!r}: {exc.strerror}; free space or choose another "
                             f"-o path, then run the same command again") from None


@app.command(name="eval")
def evaluate(
    articles: Path = typer.Option(..., "--articles", help="Folder of the article files the gold describes."),
    gold: Path = typer.Option(..., "--gold", help="Folder of gold files (NAME.json per article, cross.json)."),
    scorer: Path = typer.Option(Path("../shared/eval/score.py"), "--scorer", help="The scorer script."),
    model: str = typer.Option(DEFAULT_MODEL, "--model", help="Any installed spaCy pipeline, by name."),
    keep: Optional[Path] = typer.Option(None, "--keep", help="Keep the export JSON here."),
) -> None:
    """Build the articles in a temporary knowledge base, export, and score against gold.

    Example: storyline eval --articles ../shared/seeds --gold ../shared/seeds/gold
    """
    import subprocess
    import tempfile

    from storyline.export.contract import build_export, write_json
    from storyline.pipeline import build as run_build
    from storyline.store.db import Store

    if not scorer.exists():
        raise StorylineError(f"scorer not found at {scorer}: pass --scorer PATH/score.py")
    files = sorted(str(p) for p in articles.iterdir() if p.is_file() and p.suffix in (".txt", ".html", ".htm"))
    if not files:
        raise StorylineError(f"no .txt or .html articles in {articles}")
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "eval.db")
        run_build(files, db, model=model)
        out = keep or Path(tmp) / "export.json"
        write_json(build_export(Store(db, create=False)), out)
        result = subprocess.run([sys.executable, str(scorer), "--articles", str(articles), "--gold", str(gold),
                                 "--pred", str(out)], capture_output=True, text=True)
    print(result.stdout, end="")
    if result.returncode:
        console.print(result.stderr)
        raise typer.Exit(result.returncode)


from storyline.cli_kb import register as _register_kb  # noqa: E402  migrate, search, entity, facts, compare, curate
_register_kb(app)
from storyline.cli_web import register as _register_web  # noqa: E402  serve
_register_web(app)


def main() -> None:
    try:
        app()
    except StorylineError as exc:
        console.print(f"[red]error:[/red] {exc}", soft_wrap=True)  # one line, however narrow the terminal
        sys.exit(getattr(exc, "exit_status", EXIT_USAGE))
    except OSError as exc:
        if exc.errno not in DISK_ERRNOS:
            raise
        where = f" {exc.filename!r}" if exc.filename else ""
        console.print(f"[red]error:[/red] cannot use{where}: {exc.strerror}; free space or fix the "
                      f"permissions, then run the same command again", soft_wrap=True)
        sys.exit(EXIT_USAGE)


if __name__ == "__main__":
    main()
