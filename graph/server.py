"""``policykg serve``: a read-only SPARQL 1.1 Protocol endpoint over the built graph.

* ``/sparql`` — GET ``?query=`` or POST (``application/x-www-form-urlencoded`` with ``query=``,
  or ``application/sparql-query``). SELECT/ASK results as SPARQL JSON, XML, CSV or TSV, and
  CONSTRUCT/DESCRIBE as Turtle, N-Triples or JSON-LD, chosen by the ``Accept`` header (or a
  ``format=`` parameter: json, xml, csv, tsv, turtle, ntriples, jsonld). A named query of
  ``graph/queries`` runs with ``name=NAME`` and its parameters as ``param.KEY=VALUE``, bound as
  RDF terms like ``policykg sparql --name``.
* ``/`` — the query page (``graph/static/sparql.html``, no CDN) listing the example queries;
  ``/queries.json`` — the example queries with their descriptions and parameters.

Updates are refused (403). The server binds to 127.0.0.1 unless told otherwise. A query that runs
longer than ``timeout`` seconds gets 503 (pyoxigraph cannot cancel a running query, so it
finishes in its worker thread; at most ``workers`` queries run at once and further ones get 503
straight away), and SELECT results are cut at ``limit`` rows (CONSTRUCT at ``limit`` triples),
with the header ``X-PolicyKG-Truncated: true``.
"""

from __future__ import annotations

import json
import threading
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any

from extract.errors import PolicyKGError

SELECT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/ld+json": "json-ld",
    "application/json": "json-ld",
}
FORMAT_PARAM = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
                "ttl": "text/turtle", "ntriples": "application/n-triples", "jsonld": "application/ld+json"}
MEDIA = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
         "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
         "nt": "application/n-triples", "json-ld": "application/ld+json"}
MAX_BODY = 1 << 20  # a query larger than 1 MiB is refused


def negotiate(accept: str | None, table: dict[str, str], default: str) -> str | None:
    """The format for an Accept header: highest q first, then the order given; None if none fits.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", SELECT_TYPES, "json")
    'xml'
    >>> negotiate("*/*", GRAPH_TYPES, "turtle")
    'turtle'
    >>> negotiate("image/png", SELECT_TYPES, "json") is None
    True
    """
    if not accept:
        return default
    choices = []
    for i, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            choices.append((-q, i, media))
    for _, _, media in sorted(choices):
        if media in table:
            return table[media]
        if media in ("*/*", "application/*", "text/*"):
            return default
    return None


class SparqlApp:
    """What the handler serves: the store, the limits and the worker pool."""

    def __init__(self, store: Any, *, timeout: float = 30.0, limit: int = 10_000, workers: int = 2) -> None:
        self.store = store
        self.timeout = timeout
        self.limit = limit
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sparql")
        self._slots = threading.BoundedSemaphore(workers)

    def execute(self, query: str | None, name: str | None, params: dict[str, str]):
        from graph import sparql

        if not self._slots.acquire(blocking=False):
            raise _HTTPError(HTTPStatus.SERVICE_UNAVAILABLE, "All query workers are busy (a slow query is still "
                             "running); try again shortly.")

        def job():
            try:
                if name:
                    return sparql.run_named(self.store, name, params, limit=self.limit)
                return sparql.run(self.store, query or "", limit=self.limit, where="the query")
            finally:
                self._slots.release()

        future = self._pool.submit(job)
        try:
            return future.result(timeout=self.timeout)
        except FutureTimeout:
            raise _HTTPError(HTTPStatus.SERVICE_UNAVAILABLE,
                             f"The query ran longer than the {self.timeout:g} s timeout; narrow it down (add "
                             f"LIMIT or more specific patterns), or restart the server with a larger --timeout.")

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


class _HTTPError(Exception):
    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _static(name: str) -> bytes:
    return resources.files("graph").joinpath("static", name).read_bytes()


def queries_json() -> bytes:
    from graph import sparql

    return json.dumps([
        {"name": q.name, "description": q.description, "text": q.text,
         "params": [{"name": p.name, "type": p.type, "doc": p.doc} for p in q.params]}
        for q in sparql.named_queries().values()], ensure_ascii=False).encode("utf-8")


class Handler(BaseHTTPRequestHandler):
    server_version = "policykg-sparql/0.1"
    app: SparqlApp  # set on the subclass made by make_server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (stdlib signature)
        if getattr(self.server, "verbose", False):
            super().log_message(format, *args)

    # -------------------------------------------------------------- responses
    def _send(self, status: int, body: bytes, content_type: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        self._send(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    # -------------------------------------------------------------- routes
    def do_HEAD(self) -> None:  # noqa: N802
        self.do_GET()

    def do_GET(self) -> None:  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        if url.path in ("/", "/index.html"):
            return self._send(200, _static("sparql.html"), "text/html; charset=utf-8")
        if url.path == "/queries.json":
            return self._send(200, queries_json(), "application/json; charset=utf-8")
        if url.path == "/sparql":
            params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
            if "update" in params:
                return self._error(403, "This endpoint is read-only: SPARQL Update is not accepted.")
            return self._query(params)
        self._error(404, f"No such page {url.path!r}: the endpoint is /sparql, the query page is /.")

    def do_POST(self) -> None:  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        if url.path != "/sparql":
            return self._error(404, f"No such endpoint {url.path!r}: POST queries to /sparql.")
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            return self._error(413, f"The request body is larger than {MAX_BODY} bytes.")
        body = self.rfile.read(length).decode("utf-8", "replace")
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if ctype == "application/sparql-update":
            return self._error(403, "This endpoint is read-only: SPARQL Update is not accepted.")
        if ctype == "application/sparql-query":
            params["query"] = [body]
        elif ctype in ("application/x-www-form-urlencoded", ""):
            form = urllib.parse.parse_qs(body, keep_blank_values=True)
            if "update" in form:
                return self._error(403, "This endpoint is read-only: SPARQL Update is not accepted.")
            for k, v in form.items():
                params.setdefault(k, []).extend(v)
        else:
            return self._error(415, f"Unsupported Content-Type {ctype!r}: send application/sparql-query "
                                    f"or application/x-www-form-urlencoded.")
        self._query(params)

    def _query(self, params: dict[str, list[str]]) -> None:
        from graph import sparql

        query = (params.get("query") or [None])[0]
        name = (params.get("name") or [None])[0]
        named_params = {k[len("param."):]: v[0] for k, v in params.items() if k.startswith("param.")}
        if not query and not name:
            return self._error(400, "Missing query: pass query=SPARQL (or name=NAME for an example query).")
        if len(params.get("query", [])) > 1:
            return self._error(400, "Pass exactly one query parameter.")
        accept = self.headers.get("Accept")
        fmt_param = (params.get("format") or [None])[0]
        if fmt_param:
            if fmt_param not in FORMAT_PARAM:
                choices = ", ".join(FORMAT_PARAM)
                return self._error(400, f"Unknown format {fmt_param!r}: choose from {choices}.")
            accept = FORMAT_PARAM[fmt_param]
        try:
            result = self.app.execute(query, name, named_params)
        except _HTTPError as exc:
            return self._error(exc.status, exc.message)
        except PolicyKGError as exc:
            return self._error(400, str(exc))
        extra = {"X-PolicyKG-Truncated": "true"} if result.truncated else {}
        if result.kind == "graph":
            fmt = negotiate(accept, GRAPH_TYPES, "turtle")
            if fmt is None:
                return self._error(406, "Cannot produce that media type for a graph result: accept text/turtle, "
                                        "application/n-triples or application/ld+json.")
            from graph.rdf import PREFIXES

            kwargs = {"context": dict(PREFIXES), "auto_compact": True} if fmt == "json-ld" else {}
            body = result.graph.serialize(format=fmt, encoding="utf-8", **kwargs)
            return self._send(200, body, f"{MEDIA[fmt]}; charset=utf-8", extra)
        fmt = negotiate(accept, SELECT_TYPES, "json")
        if fmt is None:
            return self._error(406, "Cannot produce that media type for query results: accept "
                                    "application/sparql-results+json, application/sparql-results+xml, "
                                    "text/csv or text/tab-separated-values.")
        text = {"json": sparql.to_json, "xml": sparql.to_xml, "csv": sparql.to_csv, "tsv": sparql.to_tsv}[fmt](result)
        self._send(200, text.encode("utf-8"), f"{MEDIA[fmt]}; charset=utf-8", extra)


def make_server(store: Any, host: str = "127.0.0.1", port: int = 7878, *, timeout: float = 30.0,
                limit: int = 10_000, verbose: bool = False) -> ThreadingHTTPServer:
    """A ready-to-run server (call ``serve_forever``); port 0 picks a free port (see ``server_address``)."""
    app = SparqlApp(store, timeout=timeout, limit=limit)
    handler = type("BoundHandler", (Handler,), {"app": app})
    try:
        server = ThreadingHTTPServer((host, port), handler)
    except OSError as exc:
        app.close()
        raise PolicyKGError(f"Cannot listen on {host}:{port}: {exc.strerror or exc}. "
                            f"Pick another --port, or stop what is using it.") from exc
    server.daemon_threads = True
    server.verbose = verbose  # type: ignore[attr-defined]
    server.app = app  # type: ignore[attr-defined]
    return server
