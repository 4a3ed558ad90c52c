"""``policykg build``: the one command that turns documents into every output."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import click

FORMATS = ("trig", "ttl", "nq", "jsonld")
SUMMARY_MAX_DOCUMENTS = 10  # per-document summaries printed; the counts line covers the rest


class _Log:
    """Plain lines on stderr (not a terminal): one per document, one per phase."""

    def __init__(self) -> None:
        self.total = self.done = 0

    def start(self, total: int) -> None:
        self.total = total

    def advance(self, source: str, status: str) -> None:
        self.done += 1
        if status != "unchanged":
            click.echo(f"[{self.done}/{self.total}] {status} {source}", err=True)

    def phase(self, message: str) -> None:
        click.echo(message, err=True)


class _Bar:
    """A rich progress bar on a terminal."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeRemainingColumn(), console=Console(stderr=True), transient=True)
        self.task = None

    def __enter__(self) -> _Bar:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def start(self, total: int) -> None:
        self.task = self.progress.add_task("extracting", total=total)

    def advance(self, source: str, status: str) -> None:
        self.progress.update(self.task, advance=1, description=f"extracting {Path(source).name[:30]}")

    def phase(self, message: str) -> None:
        self.progress.update(self.task, description=message)


def _terminate(signum: int, frame: object) -> None:  # kill PID: unwind (staging removed), exit 143
    raise SystemExit(128 + signum)


@click.command("build")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("out"), show_default=True,
              help="Folder for the outputs.")
@click.option("--format", "formats", type=click.Choice(FORMATS), multiple=True,
              help="RDF serialisations to write besides graph.trig (repeatable).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes for extraction  [default: the number of cores].")
@click.option("--full", is_flag=True, help="Re-extract every document, whatever out/manifest.json says.")
@click.option("--views/--no-views", default=None,
              help="Write graph.html and ledger.xlsx  [default: the explorer up to 10,000 measures, the "
                   "ledger up to 2,000].")
@click.option("--oxigraph/--no-oxigraph", default=None,
              help="Write the on-disk SPARQL store out/oxigraph  [default: from 200,000 triples on].")
@click.option("--force", is_flag=True,
              help="Replace outputs in --out that were changed or damaged since the last build, or that it did "
                   "not write, and build into a folder that is not a policykg build folder (other files there "
                   "are left alone).")
def build_command(paths: tuple[Path, ...], out_dir: Path, formats: tuple[str, ...], jobs: int | None, full: bool,
                  views: bool | None, oxigraph: bool | None, force: bool) -> None:
    """Build the knowledge graph of PATHS (files or folders; default: the bundled sample).

    \b
    Folders are searched recursively for .txt, .html, .htm and .docx. Builds are incremental:
    only new and changed documents are extracted (in --jobs worker processes), removed ones
    leave the graph. An interrupted build leaves the previous outputs in place.

    \b
    Writes into --out (default out/):
      extraction.json  the records, with character offsets
      graph.trig       the RDF, one named graph per document
      graph.html       the offline explorer (open it in a browser)
      ledger.xlsx      the 督查 ledger, one row per measure
      manifest.json    what was built from what (cache/ holds the per-document parts)

    An output in --out that was changed or damaged since the last build, or that it did not
    write, stops the build (exit status 1) until it is moved away or --force is given.

    Exit status 1 if a document could not be read (the others are built).
    """
    from extract import SAMPLE
    from extract.errors import PolicyKGError
    from graph.build import build

    inputs = list(paths) or [SAMPLE]
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        bar = _Bar() if sys.stderr.isatty() and not os.environ.get("POLICYKG_PLAIN") else None
        with bar if bar is not None else _nullcontext():
            result = build(inputs, out_dir, formats=("trig", *[f for f in formats if f != "trig"]),
                           sample=SAMPLE if not paths else None, jobs=jobs, full=full, views=views,
                           oxigraph=oxigraph, progress=bar or _Log(), force=force)
    except PolicyKGError as exc:
        raise click.ClickException(str(exc)) from exc
    except KeyboardInterrupt:
        click.echo("interrupted: the previous outputs are unchanged", err=True)
        raise SystemExit(130) from None
    finally:
        signal.signal(signal.SIGTERM, previous)
    _report(result)
    if result.failed:
        raise SystemExit(1)


class _nullcontext:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _report(result) -> None:  # noqa: ANN001
    if result.summaries:
        shown = list(result.summaries.values())[:SUMMARY_MAX_DOCUMENTS]
        click.echo("\n".join(shown))
        more = len(result.summaries) - len(shown)
        if more:
            click.echo(f"… and {more} more documents extracted (all of them are in extraction.json)")
        click.echo("")
    click.echo(result.counts_line())
    if result.outputs:
        click.echo("")
        click.echo("outputs:")
        for what, path in result.outputs.items():
            click.echo(f"  {what:<8} {path}")
        if result.views_skipped:
            click.echo(f"  ({result.views_skipped})")
        html = result.outputs.get("html")
        if html is not None:
            click.echo(f"\nopen the explorer: file://{Path(html).resolve()}")
        click.echo("ask it:  policykg bureau 工信局   policykg shared 人才   policykg sparql --name lead-counts")
    for path, reason in result.failed:
        click.echo(f"failed: {path}: {reason}", err=True)
