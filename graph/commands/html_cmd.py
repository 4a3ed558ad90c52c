"""``policykg html``: the offline explorer for what ``policykg build`` wrote."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("html")
@click.option(
    "--graph",
    "graph_dir",
    default="out",
    show_default=True,
    type=click.Path(path_type=Path),
    help="Directory `policykg build` wrote (its graph.trig).",
)
@click.option(
    "--out",
    "out",
    default="out/graph.html",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The HTML file to write.",
)
@click.option("--bureau", metavar="NAME", help="Only this department, its measures and its partners (工信局).")
@click.option("--document", metavar="ID", help="Only this document (its IRI, 文号 or title).")
@click.option("--keyword", metavar="X", help="Only the measures `policykg shared X` finds, with their departments.")
@click.option("--title", metavar="TEXT", help="Page title (default: the document's title).")
def html(
    graph_dir: Path,
    out: Path,
    bureau: str | None,
    document: str | None,
    keyword: str | None,
    title: str | None,
) -> None:
    """Write the interactive explorer: one HTML file that works offline.

    \b
    Search by any part of a name or alias, filter by node type and role, click a
    node for its source text with the department and target spans highlighted.
    Example:  policykg html --bureau 工信局 --out out/gxj.html
    """
    if not graph_dir.exists():
        raise click.ClickException(
            f"No graph at {str(graph_dir)!r}. Run `policykg build` first, or point --graph at its output directory."
        )
    # rdflib, networkx and the page renderer load only when the command runs
    from extract.errors import PolicyKGError
    from graph.html import select_view, write_html
    from graph.lookup import load_network  # graph.store.load + graph.network.to_network, cached

    try:
        G = load_network(graph_dir).network
        view = select_view(G, bureau=bureau, document=document, keyword=keyword)  # for the counts
        path = write_html(G, out, title=title, bureau=bureau, document=document, keyword=keyword)
    except PolicyKGError as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:
        raise click.ClickException(f"Could not write {str(out)!r}: {exc.strerror or exc}.") from exc
    click.echo(f"Wrote {path} ({view.number_of_nodes()} nodes, {view.number_of_edges()} edges).")
