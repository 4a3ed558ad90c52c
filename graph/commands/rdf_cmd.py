"""RDF commands: ``validate``, ``sparql``, ``serve`` and ``push``.

Each reads what ``policykg build`` wrote (``--graph DIR``, default ``out/``); rdflib, pyshacl and
pyoxigraph are imported inside the commands so that ``policykg --help`` stays fast. Library
errors (``PolicyKGError``) become one-line ``click.ClickException`` messages with exit code 1.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import click

from graph.output import emit, output_options, resolve_format


def _graph_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--graph", "graph_dir", default="out", show_default=True,
                        type=click.Path(path_type=Path),
                        help="The directory `policykg build` wrote the graph to (or a graph file).")(func)


def _fail(exc: Exception) -> click.ClickException:
    return click.ClickException(" ".join(str(exc).split()))


@click.command("validate")
@click.argument("graph", required=False, default="out", type=click.Path(path_type=Path))
def validate_command(graph: Path) -> None:
    """Check GRAPH (a build directory or a graph file; default out/) against ontology/shapes.ttl.

    Prints the SHACL report; exits 1 when the graph does not conform.
    """
    from extract.errors import PolicyKGError
    from graph import rdf, store

    try:
        dataset = store.load(graph)
    except PolicyKGError as exc:
        raise _fail(exc) from None
    conforms, report = rdf.validate(dataset)
    click.echo(report.rstrip("\n"))
    if not conforms:
        raise click.ClickException(f"{store.graph_file(graph)} does not conform to ontology/shapes.ttl "
                                   f"(see the report above).")


def _parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{pair!r} is not KEY=VALUE (for example keyword=5G).", param_hint="--param")
        out[key.strip()] = value
    return out


def _cell(term: Any) -> Any:
    from graph.sparql import python_value

    return python_value(term)


@click.command("sparql")
@click.argument("query", required=False, metavar="QUERY-OR-FILE")
@click.option("--name", "-n", help="Run a named example query of graph/queries (see --list).")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter of the named query, bound as an RDF term (repeatable).")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and their parameters.")
@click.option("--limit", type=click.IntRange(min=1), help="Print at most this many rows.")
@_graph_option
@output_options
def sparql_command(query: str | None, name: str | None, params: tuple[str, ...], list_queries: bool,
                   limit: int | None, graph_dir: Path, fmt: str | None) -> None:
    """Run a SPARQL query against the built graph.

    QUERY-OR-FILE is query text or a .rq file; or use --name for an example query:

    \b
      policykg sparql --name shared-responsibility --param keyword=5G
      policykg sparql --name targets-due --param year=2025 --csv
      policykg sparql 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'

    CONSTRUCT and DESCRIBE print Turtle.
    """
    from extract.errors import PolicyKGError
    from graph import sparql, store

    if list_queries:
        rows = [{"name": q.name, "params": ", ".join(f"{p.name} ({p.type})" for p in q.params),
                 "answers": q.description} for q in sparql.named_queries().values()]
        emit(rows, ["name", "params", "answers"], fmt)
        return
    if bool(query) == bool(name):
        raise click.UsageError("Give either QUERY-OR-FILE or --name NAME (policykg sparql --list shows the names).")
    try:
        kv = _parse_params(params)
        if name:
            sparql.bind(sparql.named_query(name), kv)  # a wrong parameter fails before the graph loads
        elif kv:
            raise click.UsageError("--param only applies to --name queries.")
        source = store.open_store(graph_dir)
        if name:
            result = sparql.run_named(source, name, kv, limit=limit)
        else:
            text, where = query, "the query"
            path = Path(query)  # type: ignore[arg-type]
            if len(query) < 4096 and "\n" not in query and path.suffix in (".rq", ".sparql") or (
                    len(query) < 4096 and "{" not in query and path.exists()):
                try:
                    text, where = path.read_text(encoding="utf-8"), str(path)
                except OSError as exc:
                    raise click.ClickException(f"Cannot read the query file {path}: {exc.strerror or exc}.") from None
            result = sparql.run(source, text, limit=limit, where=where)
    except PolicyKGError as exc:
        raise _fail(exc) from None
    if result.kind == "ask":
        click.echo("true" if result.boolean else "false")
    elif result.kind == "graph":
        assert result.graph is not None
        click.echo(result.graph.serialize(format="turtle").rstrip("\n"))
    else:
        rows = result.dicts()
        emit(rows, result.vars, fmt)
        if result.truncated and resolve_format(fmt) == "table":
            click.echo(f"(first {limit} rows; drop --limit to see all)", err=True)


@click.command("serve")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free port).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind; the default keeps the endpoint on this machine.")
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds a query may wait and run before the endpoint answers 503.")
@click.option("--limit", default=10_000, show_default=True, type=click.IntRange(min=1),
              help="Most rows (or triples) a query returns.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(min=1),
              help="Queries that run at once; more wait for a worker (within --timeout).")
@click.option("--max-connections", default=32, show_default=True, type=click.IntRange(min=1),
              help="Connections served at once; more are answered 503.")
@click.option("--allow-update", is_flag=True,
              help="Accept SPARQL Update (in memory only; graph.trig is not changed) from clients that send "
                   "'Authorization: Bearer TOKEN'. Needs --token.")
@click.option("--token", envvar="POLICYKG_TOKEN", show_envvar=True, metavar="TOKEN",
              help="The bearer token updates must carry (with --allow-update).")
@click.option("--verbose", is_flag=True, help="Log each request.")
@_graph_option
def serve_command(port: int, host: str, timeout: float, limit: int, workers: int, max_connections: int,
                  allow_update: bool, token: str | None, verbose: bool, graph_dir: Path) -> None:
    """Serve the built graph as a SPARQL 1.1 endpoint at /sparql, with a query page at /.

    Read-only unless started with --allow-update and a --token (or POLICYKG_TOKEN).
    """
    from extract.errors import PolicyKGError
    from graph import store
    from graph.server import make_server

    if allow_update and not token:
        raise click.UsageError("--allow-update needs a token: pass --token TOKEN or set POLICYKG_TOKEN.")
    if allow_update and len(token) < 16:
        raise click.BadParameter("use at least 16 characters (for example: python -c 'import secrets; "
                                 "print(secrets.token_urlsafe())').", param_hint="--token")
    try:
        source = store.open_store(graph_dir, in_memory=True)  # loaded once; faster queries than on disk
        server = make_server(source, host, port, timeout=timeout, limit=limit, workers=workers,
                             max_connections=max_connections, allow_update=allow_update,
                             token=token if allow_update else None, verbose=verbose)
    except PolicyKGError as exc:
        raise _fail(exc) from None
    bound_host, bound_port = server.server_address[:2]
    if bound_host not in ("127.0.0.1", "::1", "localhost"):
        click.echo(f"warning: listening on {bound_host}, not only this machine: whoever can reach it can query "
                   f"the graph" + (", and the token travels unencrypted (plain HTTP)" if allow_update else "") + ".",
                   err=True)
    click.echo(f"SPARQL endpoint: http://{bound_host}:{bound_port}/sparql   query page: http://{bound_host}:{bound_port}/")
    if allow_update:
        click.echo("updates accepted with 'Authorization: Bearer TOKEN' (in memory only; graph.trig is not "
                   "changed); Ctrl-C stops it.")
    else:
        click.echo("read-only; Ctrl-C stops it.")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        server.app.close()


@click.command("push")
@click.option("--endpoint", required=True, metavar="URL",
              help="SPARQL 1.1 Graph Store endpoint, e.g. http://127.0.0.1:7878/store (Oxigraph).")
@click.option("--timeout", default=60.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds to wait for each PUT.")
@_graph_option
def push_command(endpoint: str, timeout: float, graph_dir: Path) -> None:
    """PUT each named graph of the built graph to a SPARQL store (re-pushing replaces, never duplicates)."""
    from extract.errors import PolicyKGError
    from graph import store
    from graph.push import push

    try:
        dataset = store.load(graph_dir)
        done = push(dataset, endpoint, timeout=timeout,
                    progress=lambda p: click.echo(f"PUT <{p.graph}>  {p.triples} triples  HTTP {p.status}"))
    except PolicyKGError as exc:
        raise _fail(exc) from None
    click.echo(f"pushed {len(done)} graphs, {sum(p.triples for p in done)} triples to {endpoint}")
