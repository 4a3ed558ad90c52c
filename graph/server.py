"""``policykg serve``: a SPARQL 1.1 Protocol endpoint over the built graph, read-only by default.

* ``/sparql`` — GET ``?query=`` or POST (``application/x-www-form-urlencoded`` with ``query=``,
  or ``application/sparql-query``). SELECT/ASK results as SPARQL JSON, XML, CSV or TSV, and
  CONSTRUCT/DESCRIBE as Turtle, N-Triples or JSON-LD, chosen by the ``Accept`` header (or a
  ``format=`` parameter: json, xml, csv, tsv, turtle, ntriples, jsonld). A named query of
  ``graph/queries`` runs with ``name=NAME`` and its parameters as ``param.KEY=VALUE``, bound as
  RDF terms like ``policykg sparql --name``.
* ``/`` — the query page (``graph/static/sparql.html``, no CDN) listing the example queries;
  ``/queries.json`` — the example queries with their descriptions and parameters.

What a client cannot do:

* **Change the graph**, unless the server was started with ``allow_update`` and a ``token``
  (``policykg serve --allow-update --token T``, or ``POLICYKG_TOKEN``). Then a SPARQL Update
  POSTed with ``Authorization: Bearer T`` changes the in-memory graph of this server process
  (``graph.trig`` on disk is untouched; the next ``policykg build`` is the source of truth);
  without the header it gets 401, with another token 403. Without ``allow_update`` every update
  gets 403.
* **Make the server fetch a URL**: ``SERVICE`` and ``LOAD`` are refused (400), since Oxigraph
  would send an HTTP request to any address a client names.
* **Exhaust it.** It binds to 127.0.0.1 unless told otherwise. At most ``workers`` queries run
  at once; a query waits for a worker and runs for at most ``timeout`` seconds in all, then
  gets 503 (pyoxigraph cannot cancel a running query: results still streaming stop at the
  deadline, a query that computes everything before its first row finishes in its worker
  thread). SELECT results are cut at ``limit`` rows (CONSTRUCT at ``limit`` triples), with the
  header ``X-PolicyKG-Truncated: true``. At most ``max_connections`` connections are served
  at once (more get 503); a request line longer than ``MAX_URL`` gets 414, a body larger than
  ``max_body`` 413, a client that takes more than ``read_timeout`` seconds to send a request
  is disconnected.
* **See a traceback.** Every error is a status and one line of plain text; a malformed request
  (bad percent-encoding or UTF-8, a wrong method or Content-Type, a broken Content-Length) is a
  4xx. A bug in the server is a 500 whose traceback goes to the server's stderr only.
"""

from __future__ import annotations

import hmac
import json
import socket
import sys
import threading
import time
import traceback
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




MAX_BODY = 1 << 20  # bytes of a POSTed query; longer ones get 413
MAX_URL = 16 * 1024  # characters of the request line; longer ones get 414 (POST long queries)
MAX_FIELDS = 100  # query-string or form fields
READ_TIMEOUT = 10.0  # seconds a client may take to send its request
MAX_CONNECTIONS = 32  # connections served at once
TOKEN_ENV = "POLICYKG_TOKEN"
ALLOWED = "GET, HEAD, POST"


class _HTTPError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def _busy(timeout: float) -> _HTTPError:
    return _HTTPError(HTTPStatus.SERVICE_UNAVAILABLE,
                      f"The query ran longer than the {timeout:g} s timeout (waiting for a worker included); "
                      f"narrow it down (add LIMIT or more specific patterns), or restart the server with a "
                      f"larger --timeout.", {"Retry-After": "1"})


class SparqlApp:
    """What the handler serves: the store, the limits, the worker pool and the update token."""

    def __init__(self, store: Any, *, timeout: float = 30.0, limit: int = 10_000, workers: int = 2,
                 allow_update: bool = False, token: str | None = None, max_body: int = MAX_BODY) -> None:
        if allow_update and not token:
            raise PolicyKGError("Updates need a token: pass --token TOKEN (or set POLICYKG_TOKEN) with "
                                "--allow-update.")
        self.store = store
        self.timeout = timeout
        self.limit = limit
        self.workers = workers
        self.allow_update = allow_update
        self.max_body = max_body
        self._token = token.encode("utf-8") if token else None
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sparql")
        self._slots = threading.BoundedSemaphore(workers)

    def _submit(self, fn: Any, deadline: float) -> Any:
        # the deadline covers the wait for a worker, so a queue of slow queries cannot pile up
        if not self._slots.acquire(timeout=max(0.0, deadline - time.monotonic())):
            raise _busy(self.timeout)

        def job() -> Any:
            try:
                return fn()
            finally:
                self._slots.release()

        try:
            future = self._pool.submit(job)
        except RuntimeError:  # the pool is shut down: the server is stopping
            self._slots.release()
            raise _HTTPError(HTTPStatus.SERVICE_UNAVAILABLE, "The server is shutting down.") from None
        try:
            return future.result(timeout=max(0.0, deadline - time.monotonic()))
        except FutureTimeout:
            raise _busy(self.timeout) from None

    def execute(self, query: str | None, name: str | None, params: dict[str, str]) -> Any:
        from graph import sparql

        deadline = time.monotonic() + self.timeout
        if name:
            sparql.bind(sparql.named_query(name), params)  # a wrong parameter is a 400 before any wait
            return self._submit(lambda: sparql.run_named(self.store, name, params, limit=self.limit,
                                                         deadline=deadline), deadline)
        text = query or ""
        remote = sparql.remote_operation(text)
        if remote:
            raise _HTTPError(HTTPStatus.BAD_REQUEST, f"{remote} is not allowed here: this endpoint does not fetch "
                                                     f"other URLs. Query the local graph only.")
        try:
            return self._submit(lambda: sparql.run(self.store, text, limit=self.limit, where="the query",
                                                   deadline=deadline), deadline)
        except sparql.QueryTimeout:
            raise _busy(self.timeout) from None

    def authorize(self, header: str | None) -> None:
        """Raise 403 (read-only server, or a wrong token) or 401 (no bearer token) unless updates are allowed."""
        if not self.allow_update or self._token is None:
            raise _HTTPError(HTTPStatus.FORBIDDEN, "This endpoint is read-only: SPARQL Update is not accepted.")
        scheme, _, given = (header or "").strip().partition(" ")
        if scheme.lower() != "bearer" or not given.strip():
            raise _HTTPError(HTTPStatus.UNAUTHORIZED, "SPARQL Update needs the header 'Authorization: Bearer TOKEN' "
                                                      "with the server's token.",
                             {"WWW-Authenticate": 'Bearer realm="policykg"'})
        if not hmac.compare_digest(given.strip().encode("utf-8", "replace"), self._token):
            raise _HTTPError(HTTPStatus.FORBIDDEN, "Wrong token: SPARQL Update is refused.")

    def update(self, text: str) -> None:
        from graph import sparql

        if sparql.remote_operation(text):
            raise _HTTPError(HTTPStatus.BAD_REQUEST, "LOAD and SERVICE are not allowed here: this endpoint does not "
                                                     "fetch other URLs. Send INSERT DATA instead.")
        deadline = time.monotonic() + self.timeout

        def job() -> None:
            try:
                self.store.update(text)
            except SyntaxError as exc:
                raise sparql.QueryError(f"SPARQL Update syntax error: {' '.join(str(exc).split())[:300]}. "
                                        f"Fix the update and send it again.") from None
            except OSError as exc:
                raise sparql.QueryError(f"The update failed: {' '.join(str(exc).split())[:300]}.") from None

        self._submit(job, deadline)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def _static(name: str) -> bytes:
    return resources.files("graph").joinpath("static", name).read_bytes()


def queries_json() -> bytes:
    from graph import sparql

    return json.dumps([
        {"name": q.name, "description": q.description, "text": q.text,
         "params": [{"name": p.name, "type": p.type, "doc": p.doc} for p in q.params]}
        for q in sparql.named_queries().values()], ensure_ascii=False).encode("utf-8")


def _parse_qs(text: str, where: str) -> dict[str, list[str]]:
    try:
        return urllib.parse.parse_qs(text, keep_blank_values=True, errors="strict", max_num_fields=MAX_FIELDS)
    except UnicodeDecodeError as exc:
        raise _HTTPError(HTTPStatus.BAD_REQUEST, f"The {where} is not UTF-8 once percent-decoded "
                                                 f"(byte 0x{exc.object[exc.start]:02x}); encode the query as UTF-8.")
    except ValueError:
        raise _HTTPError(HTTPStatus.BAD_REQUEST, f"The {where} has more than {MAX_FIELDS} fields.") from None


class Handler(BaseHTTPRequestHandler):
    server_version = "policykg-sparql/0.2"
    sys_version = ""
    timeout = READ_TIMEOUT  # socket timeout while reading a request: a stalled client is dropped
    app: SparqlApp  # set on the subclass made by make_server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (stdlib signature)
        if getattr(self.server, "verbose", False):
            super().log_message(format, *args)

    # -------------------------------------------------------------- the request loop
    def handle_one_request(self) -> None:
        """The stdlib loop with our limits: request-line length, 405 for unknown methods, no tracebacks."""
        try:
            self.raw_requestline = self.rfile.readline(MAX_URL + 1)
            if len(self.raw_requestline) > MAX_URL:
                self.requestline = self.request_version = self.command = ""
                self.send_error(HTTPStatus.REQUEST_URI_TOO_LONG,
                                f"The request line is longer than {MAX_URL} bytes; POST long queries "
                                f"(Content-Type: application/sparql-query)")
                return
            if not self.raw_requestline:
                self.close_connection = True
                return
            if not self.parse_request():  # it has sent 400/431/505 through send_error
                return
            if self.request_version == "HTTP/0.9":  # no headers, no status line: nothing we can answer in
                self.send_error(HTTPStatus.BAD_REQUEST, "HTTP/0.9 is not supported; send HTTP/1.0 or HTTP/1.1")
                return
            method = getattr(self, "do_" + self.command, None) if self.command.isalpha() else None
            if method is None:
                self.send_error(HTTPStatus.METHOD_NOT_ALLOWED, f"Method {self.command[:20]!r} is not allowed here; "
                                                               f"use {ALLOWED}")
                return
            try:
                method()
            except _HTTPError as exc:
                self._error(exc.status, exc.message, exc.headers)
            except (OSError, TimeoutError):
                raise
            except Exception:  # a bug: the operator gets the traceback, the client one line
                self.server.internal_errors.append(traceback.format_exc())  # type: ignore[attr-defined]
                sys.stderr.write(f"policykg serve: internal error on {self.requestline[:200]!r}:\n"
                                 f"{traceback.format_exc()}")
                self._error(HTTPStatus.INTERNAL_SERVER_ERROR, "Internal error while answering this request; "
                                                              "the server log has the details.")
            self.wfile.flush()
        except (TimeoutError, socket.timeout):
            self.close_connection = True
        except OSError:  # the client went away
            self.close_connection = True

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Errors the stdlib raises itself (bad request line, header too long, …) as one line of text."""
        try:
            short = self.responses[code][0]
        except KeyError:
            short = "Error"
        self.log_error("code %d, message %s", code, message)
        self.close_connection = True
        if self.request_version not in ("HTTP/1.0", "HTTP/1.1"):  # unparsed or HTTP/0.9: still a status line
            self.request_version = "HTTP/1.0"
        text = " ".join((message or short).split())
        self._error(code, text if text.endswith(".") else text + ".", {"Connection": "close"})

    # -------------------------------------------------------------- responses
    def _send(self, status: int, body: bytes, content_type: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str, extra: dict[str, str] | None = None) -> None:
        headers = dict(extra or {})
        if status == HTTPStatus.METHOD_NOT_ALLOWED:
            headers.setdefault("Allow", ALLOWED)
        line = " ".join(message.split())  # one line, always
        self._send(status, (line + "\n").encode("utf-8"), "text/plain; charset=utf-8", headers)

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
            params = _parse_qs(url.query, "query string")
            if "update" in params:
                if not self.app.allow_update:
                    raise _HTTPError(HTTPStatus.FORBIDDEN, "This endpoint is read-only: SPARQL Update is not accepted.")
                raise _HTTPError(HTTPStatus.METHOD_NOT_ALLOWED, "Send SPARQL Update with POST, not GET.")
            return self._query(params)
        raise _HTTPError(HTTPStatus.NOT_FOUND, f"No such page {url.path[:200]!r}: the endpoint is /sparql, "
                                               f"the query page is /.")

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding"):
            raise _HTTPError(HTTPStatus.LENGTH_REQUIRED, "Send the body with a Content-Length, not chunked.")
        raw = (self.headers.get("Content-Length") or "0").strip()
        if not (raw.isascii() and raw.isdigit()):
            raise _HTTPError(HTTPStatus.BAD_REQUEST, f"Content-Length {raw[:30]!r} is not a number of bytes.")
        length = int(raw) if len(raw) <= 18 else self.app.max_body + 1  # (int() of 5,000 digits raises)
        if length > self.app.max_body:
            raise _HTTPError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                             f"The request body is larger than {self.app.max_body} bytes.", {"Connection": "close"})
        body = self.rfile.read(length)
        if len(body) < length:
            raise _HTTPError(HTTPStatus.BAD_REQUEST, f"The body ended after {len(body)} of {length} bytes.")
        return body

    def do_POST(self) -> None:  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        if url.path != "/sparql":
            self.close_connection = True  # the body is not read
            raise _HTTPError(HTTPStatus.NOT_FOUND, f"No such endpoint {url.path[:200]!r}: POST queries to /sparql.")
        params = _parse_qs(url.query, "query string")
        body = self._body()
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype not in ("application/sparql-query", "application/sparql-update", "application/x-www-form-urlencoded",
                         ""):
            raise _HTTPError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                             f"Unsupported Content-Type {ctype[:100]!r}: send application/sparql-query or "
                             f"application/x-www-form-urlencoded"
                             + (", or application/sparql-update." if self.app.allow_update else "."))
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _HTTPError(HTTPStatus.BAD_REQUEST, f"The request body is not UTF-8 (byte 0x{body[exc.start]:02x} "
                                                     f"at position {exc.start}); encode the query as UTF-8.") from None
        if ctype == "application/sparql-update":
            return self._update(text)
        if ctype == "application/sparql-query":
            params["query"] = [text]
        else:
            form = _parse_qs(text, "form body")
            if "update" in form:
                self.app.authorize(self.headers.get("Authorization"))
                if len(form["update"]) != 1 or "query" in form:
                    raise _HTTPError(HTTPStatus.BAD_REQUEST, "Pass exactly one update parameter, and no query.")
                return self._update(form["update"][0])
            for k, v in form.items():
                params.setdefault(k, []).extend(v)
        self._query(params)

    def _update(self, text: str) -> None:
        from graph.sparql import QueryError

        self.app.authorize(self.headers.get("Authorization"))
        try:
            self.app.update(text)
        except QueryError as exc:
            raise _HTTPError(HTTPStatus.BAD_REQUEST, str(exc)) from None
        self._send(HTTPStatus.NO_CONTENT, b"", "text/plain; charset=utf-8")

    def _query(self, params: dict[str, list[str]]) -> None:
        from graph import sparql

        query = (params.get("query") or [None])[0]
        name = (params.get("name") or [None])[0]
        named_params = {k[len("param."):]: v[0] for k, v in params.items() if k.startswith("param.")}
        if not query and not name:
            raise _HTTPError(HTTPStatus.BAD_REQUEST, "Missing query: pass query=SPARQL (or name=NAME for an example "
                                                     "query).")
        if len(params.get("query", [])) > 1 or len(params.get("name", [])) > 1 or (query and name):
            raise _HTTPError(HTTPStatus.BAD_REQUEST, "Pass exactly one query (or one name) parameter.")
        accept = self.headers.get("Accept")
        fmt_param = (params.get("format") or [None])[0]
        if fmt_param:
            if fmt_param not in FORMAT_PARAM:
                choices = ", ".join(FORMAT_PARAM)
                raise _HTTPError(HTTPStatus.BAD_REQUEST, f"Unknown format {fmt_param[:50]!r}: choose from {choices}.")
            accept = FORMAT_PARAM[fmt_param]
        try:
            result = self.app.execute(query, name, named_params)
        except PolicyKGError as exc:
            raise _HTTPError(HTTPStatus.BAD_REQUEST, str(exc)) from None
        extra = {"X-PolicyKG-Truncated": "true"} if result.truncated else {}
        if result.kind == "graph":
            fmt = negotiate(accept, GRAPH_TYPES, "turtle")
            if fmt is None:
                raise _HTTPError(HTTPStatus.NOT_ACCEPTABLE, "Cannot produce that media type for a graph result: "
                                                            "accept text/turtle, application/n-triples or "
                                                            "application/ld+json.")
            from graph.rdf import PREFIXES

            kwargs = {"context": dict(PREFIXES), "auto_compact": True} if fmt == "json-ld" else {}
            body = result.graph.serialize(format=fmt, encoding="utf-8", **kwargs)
            return self._send(200, body, f"{MEDIA[fmt]}; charset=utf-8", extra)
        fmt = negotiate(accept, SELECT_TYPES, "json")
        if fmt is None:
            raise _HTTPError(HTTPStatus.NOT_ACCEPTABLE, "Cannot produce that media type for query results: accept "
                                                        "application/sparql-results+json, "
                                                        "application/sparql-results+xml, text/csv or "
                                                        "text/tab-separated-values.")
        text = {"json": sparql.to_json, "xml": sparql.to_xml, "csv": sparql.to_csv, "tsv": sparql.to_tsv}[fmt](result)
        self._send(200, text.encode("utf-8"), f"{MEDIA[fmt]}; charset=utf-8", extra)


_REFUSAL = b"The server is serving as many connections as it allows; try again shortly.\n"


class SparqlServer(ThreadingHTTPServer):
    """A thread per connection, at most ``max_connections`` of them; the rest are answered 503."""

    daemon_threads = True
    block_on_close = False
    request_queue_size = 128  # listen backlog; the stdlib's 5 makes a burst of clients wait 1 s for a SYN retry

    def __init__(self, address: tuple[str, int], handler: type[Handler], *, max_connections: int = MAX_CONNECTIONS,
                 verbose: bool = False) -> None:
        super().__init__(address, handler)
        self.verbose = verbose
        self.app: SparqlApp = handler.app
        self.internal_errors: list[str] = []  # tracebacks of 500s (tests assert there are none)
        self._connections = threading.BoundedSemaphore(max_connections)
        # refusals in flight, bounded too; beyond them a connection is closed unanswered
        self._refusing = threading.BoundedSemaphore(max(16, 4 * max_connections))

    def process_request(self, request: Any, client_address: Any) -> None:
        if self._connections.acquire(blocking=False):
            try:
                super().process_request(request, client_address)
            except BaseException:
                self._connections.release()
                raise
            return
        if self._refusing.acquire(blocking=False):
            threading.Thread(target=self._refuse, args=(request,), daemon=True).start()
        else:
            self.shutdown_request(request)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._connections.release()

    def _refuse(self, request: Any) -> None:
        # read what the client sent first: closing a socket with unread data resets the connection
        # and the client would never see the 503
        try:
            request.settimeout(1.0)
            got = b""
            while b"\r\n\r\n" not in got and len(got) < 65536:
                chunk = request.recv(8192)
                if not chunk:
                    break
                got += chunk
            request.sendall(b"HTTP/1.0 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
                            b"Content-Length: " + str(len(_REFUSAL)).encode() + b"\r\nRetry-After: 1\r\n"
                            b"Connection: close\r\n\r\n" + _REFUSAL)
        except OSError:
            pass
        finally:
            self.shutdown_request(request)
            self._refusing.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        self.internal_errors.append(traceback.format_exc())
        if self.verbose:
            super().handle_error(request, client_address)


def make_server(store: Any, host: str = "127.0.0.1", port: int = 7878, *, timeout: float = 30.0,
                limit: int = 10_000, workers: int = 2, max_connections: int = MAX_CONNECTIONS,
                max_body: int = MAX_BODY, read_timeout: float = READ_TIMEOUT, allow_update: bool = False,
                token: str | None = None, verbose: bool = False) -> SparqlServer:
    """A ready-to-run server (call ``serve_forever``); port 0 picks a free port (see ``server_address``).

    Raises:
        PolicyKGError: ``allow_update`` without a ``token``, or the address cannot be bound.
    """
    app = SparqlApp(store, timeout=timeout, limit=limit, workers=workers, allow_update=allow_update, token=token,
                    max_body=max_body)
    handler = type("BoundHandler", (Handler,), {"app": app, "timeout": read_timeout})
    try:
        server = SparqlServer((host, port), handler, max_connections=max_connections, verbose=verbose)
    except OSError as exc:
        app.close()
        raise PolicyKGError(f"Cannot listen on {host}:{port}: {exc.strerror or exc}. "
                            f"Pick another --port, or stop what is using it.") from exc
    return server
