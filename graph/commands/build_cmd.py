"""``policykg build``: the one command that turns documents into every output."""

from __future__ import annotations

from pathlib import Path

import click

FORMATS = ("trig", "ttl", "nq", "jsonld")


@click.command("build")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("out"), show_default=True,
              help="Folder for the outputs.")
@click.option("--format", "formats", type=click.Choice(FORMATS), multiple=True,
              help="RDF serialisations to write besides graph.trig (repeatable).")
def build_command(paths: tuple[Path, ...], out_dir: Path, formats: tuple[str, ...]) -> None:
    """Build the knowledge graph of PATHS (files or folders; default: the bundled sample).

    \b
    Writes into --out (default out/):
      extraction.json  the records, with character offsets
      graph.trig       the RDF, one named graph per document
      graph.html       the offline explorer (open it in a browser)
      ledger.xlsx      the 督查 ledger, one row per measure
    """
    from extract import SAMPLE
    from extract.errors import PolicyKGError
    from graph.build import build
    from graph.summary import summary_text

    inputs = list(paths) or [SAMPLE]
    try:
        result = build(inputs, out_dir, formats=("trig", *[f for f in formats if f != "trig"]),
                       sample=SAMPLE if not paths else None)
    except PolicyKGError as exc:
        raise click.ClickException(str(exc)) from exc
    if result.documents:
        click.echo(summary_text(result.documents))
        click.echo("")
        click.echo("outputs:")
        for what, path in result.outputs.items():
            click.echo(f"  {what:<7} {path}")
        html = result.outputs.get("html")
        if html is not None:
            click.echo(f"\nopen the explorer: file://{Path(html).resolve()}")
        click.echo("ask it:  policykg bureau 工信局   policykg shared 人才   policykg sparql --name lead-counts")
    for path, reason in result.failed:
        click.echo(f"failed: {path}: {reason}", err=True)
    if result.failed:
        raise SystemExit(1)
