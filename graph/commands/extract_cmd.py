"""``policykg extract``: the extractor's JSON face."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("extract")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "summary"]), default="json", show_default=True,
              help="json: the documented record shape; summary: a short human-readable account.")
@click.option("--encoding", default=None, help="Decode plain text with this encoding instead of detecting UTF-8/GB18030.")
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the JSON to this file (atomically) instead of standard output.")
def extract_command(files: tuple[Path, ...], fmt: str, encoding: str | None, out: Path | None) -> None:
    """Extract measures, departments, targets and references from FILES (default: the bundled sample).

    \b
    policykg extract plan.txt --format json
    policykg extract 通知.html 方案.docx -o out/extraction.json
    """
    from extract import SAMPLE, extract_file
    from extract.errors import PolicyKGError
    from extract.jsonface import dumps
    from graph.atomic import write_atomic
    from graph.summary import summary_text

    paths = list(files) or [SAMPLE]
    docs = []
    for p in paths:
        try:
            docs.append(extract_file(p, encoding=encoding, source=SAMPLE.name if not files else str(p)))
        except PolicyKGError as exc:
            raise click.ClickException(str(exc)) from exc
    for d in docs:
        for diag in d.diagnostics:
            if diag.level == "warning":
                click.echo(f"warning: {diag.message}", err=True)
    if fmt == "summary":
        click.echo(summary_text(docs))
        return
    payload = dumps(docs)
    if out is not None:
        write_atomic(out, payload + "\n")
        click.echo(f"wrote {out}", err=True)
    else:
        click.echo(payload)
