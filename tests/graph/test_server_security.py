"""graph.server under hostile or careless clients: tokens, limits, injection, fuzzing.

Every test talks to the real server on a free loopback port. A response to a bad request is
always a 4xx (or 503 for an overloaded server) with one line of plain text, and no request
makes the server record an internal error (``server.internal_errors``, the tracebacks of 500s).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef

from extract.errors import PolicyKGError
from graph import rdf, sparql, store
from graph.cli import cli
from graph.server import MAX_URL, make_server

TOKEN = "s3cret-token-for-tests-0123456789"
INJECTION = '5G" } ; DROP ALL ; {'
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
SLOW = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . "
        "?x a <https://w3id.org/cpkg/def#Responsibility> }")  # ~0.8 s on the test corpus, not cancellable
STREAMING = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # 500M rows, produced one by one


@pytest.fixture(scope="module")
def out(tmp_path_factory, make_corpus) -> Path:
    d = tmp_path_factory.mktemp("out")
    store.save(rdf.to_dataset(make_corpus()), d)
    return d


class Running:
    def __init__(self, out: Path, **kw) -> None:
        self.server = make_server(store.open_store(out), "127.0.0.1", 0, **kw)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.server.app.close()


@pytest.fixture
def serve(out):
    started: list[Running] = []

    def start(**kw) -> Running:
        started.append(Running(out, **kw))
        return started[-1]

    yield start
    for r in started:
        assert r.server.internal_errors == [], r.server.internal_errors[0]
        r.close()


@pytest.fixture(scope="module")
def readonly(out):
    r = Running(out)
    yield r
    assert r.server.internal_errors == [], r.server.internal_errors[0]
    r.close()


@pytest.fixture(scope="module")
def writable(out):
    r = Running(out, allow_update=True, token=TOKEN)
    yield r
    assert r.server.internal_errors == [], r.server.internal_errors[0]
    r.close()


def http(url: str, data: bytes | None = None, headers: dict[str, str] | None = None, method: str | None = None):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.headers, resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read().decode("utf-8")


def raw(port: int, request: bytes, *, shut: bool = True) -> tuple[int, bytes]:
    """Send bytes as they are; the status code and the body of the answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(request)
        if shut:
            s.shutdown(socket.SHUT_WR)
        got = b""
        while chunk := s.recv(65536):
            got += chunk
    head, _, body = got.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


def q(query: str, **extra: str) -> str:
    return urllib.parse.urlencode({"query": query, **extra})


def triple_count(base: str) -> int:
    status, _, body = http(f"{base}/sparql?{q(COUNT)}")
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def one_line(body: str) -> None:
    assert body.endswith("\n") and body.count("\n") == 1, body
    assert "Traceback" not in body and 'File "' not in body


# ------------------------------------------------------------------ read-only unless told otherwise


@pytest.mark.parametrize("data, ctype, headers", [
    (b"DROP ALL", "application/sparql-update", {}),
    (b"update=DROP+ALL", "application/x-www-form-urlencoded", {}),
    (b"DROP ALL", "application/sparql-update", {"Authorization": f"Bearer {TOKEN}"}),  # no token is configured
])
def test_server_refuses_updates_when_read_only(readonly, data, ctype, headers):
    before = triple_count(readonly.url)
    status, _, body = http(f"{readonly.url}/sparql", data, {"Content-Type": ctype, **headers})
    assert status == 403 and body == "This endpoint is read-only: SPARQL Update is not accepted.\n"
    assert triple_count(readonly.url) == before > 0


def test_server_update_needs_a_token():
    with pytest.raises(PolicyKGError, match="Updates need a token"):
        make_server(object(), "127.0.0.1", 0, allow_update=True)


@pytest.mark.parametrize("args, env, message", [
    (["--allow-update"], {}, "--allow-update needs a token: pass --token TOKEN or set POLICYKG_TOKEN."),
    (["--allow-update", "--token", "short"], {}, "use at least 16 characters"),
])
def test_cli_serve_update_flag_needs_a_token(out, args, env, message):
    res = CliRunner().invoke(cli, ["serve", "--port", "0", "--graph", str(out), *args],
                             env={"POLICYKG_TOKEN": None, **env}, catch_exceptions=False)
    assert res.exit_code == 2 and message in res.output


@pytest.mark.parametrize("headers, status, text", [
    ({}, 401, "SPARQL Update needs the header 'Authorization: Bearer TOKEN'"),
    ({"Authorization": f"Basic {TOKEN}"}, 401, "needs the header"),
    ({"Authorization": "Bearer"}, 401, "needs the header"),
    ({"Authorization": "Bearer wrong-token-0123456789"}, 403, "Wrong token: SPARQL Update is refused."),
    ({"Authorization": f"Bearer {TOKEN}x"}, 403, "Wrong token"),
    ({"Authorization": "Bearer \xff\xe9"}, 403, "Wrong token"),  # not ASCII
])
def test_server_update_without_the_right_token_is_refused(writable, headers, status, text):
    before = triple_count(writable.url)
    for data, ctype in ((b"DROP ALL", "application/sparql-update"),
                        (b"update=DROP+ALL", "application/x-www-form-urlencoded")):
        got, resp_headers, body = http(f"{writable.url}/sparql", data, {"Content-Type": ctype, **headers})
        assert got == status and text in body
        one_line(body)
        if status == 401:
            assert resp_headers["WWW-Authenticate"] == 'Bearer realm="policykg"'
    assert triple_count(writable.url) == before


def test_server_update_with_the_token_changes_the_graph_in_memory(serve, out):
    r = serve(allow_update=True, token=TOKEN)
    ask = q("ASK { <urn:x:s> <urn:x:p> 'hello' }")
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/sparql-update"}
    trig = (out / "graph.trig").read_bytes()
    status, _, body = http(f"{r.url}/sparql", b"INSERT DATA { <urn:x:s> <urn:x:p> 'hello' }", auth)
    assert (status, body) == (204, "")
    assert json.loads(http(f"{r.url}/sparql?{ask}")[2])["boolean"] is True
    form = urllib.parse.urlencode({"update": "DELETE DATA { <urn:x:s> <urn:x:p> 'hello' }"}).encode()
    status, _, _ = http(f"{r.url}/sparql", form, {**auth, "Content-Type": "application/x-www-form-urlencoded"})
    assert status == 204
    assert json.loads(http(f"{r.url}/sparql?{ask}")[2])["boolean"] is False
    assert (out / "graph.trig").read_bytes() == trig  # the file on disk is never touched
    status, _, body = http(f"{r.url}/sparql", b"INSERT DATA { <urn:x:s> ", auth)
    assert status == 400 and body.startswith("SPARQL Update syntax error: ")
    one_line(body)
    status, _, body = http(f"{r.url}/sparql?" + urllib.parse.urlencode({"update": "DROP ALL"}))
    assert status == 405 and "Send SPARQL Update with POST" in body


def test_cli_serve_update_mode_subprocess(out):
    """``policykg serve --allow-update`` with the token from POLICYKG_TOKEN, as a real process."""
    env = {**os.environ, "POLICYKG_TOKEN": TOKEN}
    proc = subprocess.Popen([sys.executable, "-m", "graph", "serve", "--port", "0", "--allow-update",
                             "--graph", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, cwd=Path(__file__).resolve().parents[2])
    try:
        line = proc.stdout.readline()
        assert line.startswith("SPARQL endpoint: http://127.0.0.1:"), line + proc.stderr.read()
        assert proc.stdout.readline().startswith("updates accepted with 'Authorization: Bearer TOKEN'")
        url = line.split()[2]
        update = b"INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"
        assert http(url, update, {"Content-Type": "application/sparql-update"})[0] == 401
        assert http(url, update, {"Content-Type": "application/sparql-update",
                                  "Authorization": f"Bearer {TOKEN}"})[0] == 204
        status, _, body = http(f"{url}?{q('ASK { <urn:x:a> <urn:x:b> <urn:x:c> }')}")
        assert status == 200 and json.loads(body)["boolean"] is True
    finally:
        proc.terminate()
        proc.wait(timeout=10)


# ------------------------------------------------------------------ parameters are RDF terms


def test_sparql_bind_keeps_an_injection_a_literal():
    """``5G" } ; DROP ALL ; {`` becomes one plain literal with exactly that text."""
    bound = sparql.bind(sparql.named_query("shared-responsibility"), {"keyword": INJECTION})
    assert bound == {"keyword": Literal(INJECTION)} and str(bound["keyword"]) == INJECTION
    zh = sparql.bind(sparql.named_query("partners"), {"department": '市工信局"@zh } DROP ALL {'})
    assert zh == {"department": Literal('市工信局"@zh } DROP ALL {', lang="zh")}


def test_sparql_bind_refuses_an_iri_or_integer_that_would_break_out():
    iri = sparql.NamedQuery("t", "SELECT ?x WHERE { ?x ?p ?o }", "", (sparql.Param("x", "iri", ""),))
    assert sparql.bind(iri, {"x": "urn:x:a"}) == {"x": URIRef("urn:x:a")}
    for value in ("urn:x:a> } ; DROP ALL ; { <urn:x:b", "urn:x:a>", 'urn:x:"'):
        with pytest.raises(sparql.QueryError, match="must be an absolute IRI"):
            sparql.bind(iri, {"x": value})
    with pytest.raises(sparql.QueryError, match="must be an integer"):
        sparql.bind(sparql.named_query("targets-due"), {"year": "2025 } ; DROP ALL ; {"})


@pytest.mark.parametrize("fixture", ["readonly", "writable"])
@pytest.mark.parametrize("name, key, value", [
    ("shared-responsibility", "keyword", INJECTION),
    ("shared-responsibility", "keyword", "5G') } DELETE WHERE { ?s ?p ?o } #"),
    ("partners", "department", '市工信局"@zh } ; DROP ALL ; {'),
    ("implements", "policy", "x\" . } INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> } #"),
])
def test_server_named_query_parameter_is_only_a_literal(request, fixture, name, key, value):
    """Over HTTP, with or without a valid token sent along: 200, no rows, the graph unchanged."""
    r = request.getfixturevalue(fixture)
    before = triple_count(r.url)
    qs = urllib.parse.urlencode({"name": name, f"param.{key}": value})
    status, _, body = http(f"{r.url}/sparql?{qs}", headers={"Authorization": f"Bearer {TOKEN}"})
    assert status == 200, body
    assert json.loads(body)["results"]["bindings"] == []
    assert triple_count(r.url) == before
    assert json.loads(http(f"{r.url}/sparql?{q('ASK { <urn:x:a> ?p ?o }')}")[2])["boolean"] is False


def test_server_named_query_refuses_a_malformed_integer(readonly):
    qs = urllib.parse.urlencode({"name": "targets-due", "param.year": "2025 } ; DROP ALL ; {"})
    status, _, body = http(f"{readonly.url}/sparql?{qs}")
    assert status == 400 and "must be an integer (got '2025 } ; DROP ALL ; {')" in body
    one_line(body)


# ------------------------------------------------------------------ no fetching other URLs


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { service silent <http://169.254.169.254/latest/meta-data/> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o . SERVICE ?endpoint { ?s ?p ?o } }",
])
def test_server_refuses_service(readonly, query):
    status, _, body = http(f"{readonly.url}/sparql?{q(query)}")
    assert status == 400 and body == ("SERVICE is not allowed here: this endpoint does not fetch other URLs. "
                                      "Query the local graph only.\n")


def test_server_refuses_load_even_with_the_token(writable):
    status, _, body = http(f"{writable.url}/sparql", b"LOAD <http://127.0.0.1:1/x.ttl>",
                           {"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"})
    assert status == 400 and "LOAD and SERVICE are not allowed here" in body


def test_sparql_remote_operation_ignores_strings_iris_and_variables():
    assert sparql.remote_operation('SELECT ?service WHERE { ?s <urn:load> "SERVICE <http://a/>" } # LOAD') is None
    assert sparql.remote_operation("PREFIX service: <urn:x:> SELECT * WHERE { ?s service:p ?o }") is None
    assert sparql.remote_operation("SELECT * WHERE { \\u0053ERVICE <http://a/> { } }") == "SERVICE"


# ------------------------------------------------------------------ limits


def test_server_body_limit(serve):
    r = serve(max_body=1000)
    status, _, body = http(f"{r.url}/sparql", b"SELECT * WHERE { ?s ?p ?o } #" + b"x" * 2000,
                           {"Content-Type": "application/sparql-query"})
    assert status == 413 and body == "The request body is larger than 1000 bytes.\n"
    # announced but never sent: refused on the header alone
    status, _ = raw(r.port, b"POST /sparql HTTP/1.0\r\nContent-Type: application/sparql-query\r\n"
                            b"Content-Length: 100000000000\r\n\r\n")
    assert status == 413


def test_server_url_limit(readonly):
    status, _, body = http(f"{readonly.url}/sparql?{q('SELECT * WHERE { ?s ?p ?o } #' + 'x' * MAX_URL)}")
    assert status == 414 and body.startswith(f"The request line is longer than {MAX_URL} bytes; POST long queries")
    one_line(body)


def test_server_result_limit(serve):
    r = serve(limit=3)
    status, headers, body = http(f"{r.url}/sparql?{q('SELECT * WHERE { ?s ?p ?o }')}")
    assert status == 200 and headers["X-PolicyKG-Truncated"] == "true"
    assert len(json.loads(body)["results"]["bindings"]) == 3
    status, headers, body = http(f"{r.url}/sparql?{q('CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }')}",
                                 headers={"Accept": "application/n-triples"})
    assert status == 200 and headers["X-PolicyKG-Truncated"] == "true" and len(body.splitlines()) == 3


def test_server_timeout_stops_a_streaming_query_and_frees_its_worker(serve):
    r = serve(timeout=0.3, workers=1, limit=10_000_000)
    started = time.monotonic()
    status, headers, body = http(f"{r.url}/sparql?{q(STREAMING)}")
    assert status == 503 and body.startswith("The query ran longer than the 0.3 s timeout")
    assert headers["Retry-After"] == "1"
    one_line(body)
    assert time.monotonic() - started < 2.0
    time.sleep(0.2)  # the worker stops at its deadline too, so the next query gets it
    assert triple_count(r.url) > 0


def test_server_concurrency_limit_queries_wait_then_503(serve):
    """One worker, busy with a query that cannot be cancelled: the next one waits, then gets 503."""
    r = serve(timeout=0.3, workers=1)
    slow = threading.Thread(target=http, args=(f"{r.url}/sparql?{q(SLOW)}",))
    slow.start()
    time.sleep(0.05)
    status, _, body = http(f"{r.url}/sparql?{q(COUNT)}")
    assert status == 503 and "timeout (waiting for a worker included)" in body
    slow.join()
    # the slow query finishes in its worker and frees it: within about a second, longer on a busy machine
    deadline = time.monotonic() + 10
    while True:
        status, _, body = http(f"{r.url}/sparql?{q(COUNT)}")
        if status == 200 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert status == 200, body


def test_server_connection_limit(serve):
    r = serve(max_connections=2, read_timeout=5.0)
    idle = [socket.create_connection(("127.0.0.1", r.port)) for _ in range(2)]
    try:
        for s in idle:
            s.sendall(b"GET /sparql")  # a request that never ends holds its connection
        time.sleep(0.2)
        status, headers, body = http(f"{r.url}/sparql?{q(COUNT)}")
        assert status == 503 and headers["Retry-After"] == "1"
        assert body == "The server is serving as many connections as it allows; try again shortly.\n"
    finally:
        for s in idle:
            s.close()
    time.sleep(0.3)
    assert triple_count(r.url) > 0


def test_server_drops_a_client_that_stalls(serve):
    r = serve(read_timeout=0.3)
    with socket.create_connection(("127.0.0.1", r.port), timeout=5) as s:
        s.sendall(b"GET /sparql?query=ASK")  # and nothing more
        started = time.monotonic()
        assert s.recv(100) == b""
        assert time.monotonic() - started < 2.0


def test_server_internal_error_is_one_line_without_a_traceback(serve, monkeypatch):
    r = serve()

    def broken(*args, **kwargs):
        raise RuntimeError("secret detail of a bug")

    monkeypatch.setattr(r.server.app, "execute", broken)
    status, _, body = http(f"{r.url}/sparql?{q(COUNT)}")
    assert status == 500 and body == "Internal error while answering this request; the server log has the details.\n"
    assert len(r.server.internal_errors) == 1 and "secret detail of a bug" in r.server.internal_errors[0]
    r.server.internal_errors.clear()  # expected here; the fixture asserts there are no others


# ------------------------------------------------------------------ fuzzing


def _form(body: bytes, ctype: bytes = b"application/x-www-form-urlencoded", extra: bytes = b"") -> bytes:
    return (b"POST /sparql HTTP/1.0\r\nContent-Type: " + ctype + b"\r\nContent-Length: "
            + str(len(body)).encode() + b"\r\n" + extra + b"\r\n" + body)


FUZZ = [  # (request bytes, expected status, words of the answer)
    (b"GET /sparql?query=%zz%5 HTTP/1.0\r\n\r\n", 400, "SPARQL syntax error"),
    (b"GET /sparql?query=%ff%fe HTTP/1.0\r\n\r\n", 400, "not UTF-8 once percent-decoded (byte 0xff)"),
    (b"GET /sparql?query=%E4%B8 HTTP/1.0\r\n\r\n", 400, "not UTF-8"),
    (b"GET /sparql?query=\xff\xfe HTTP/1.0\r\n\r\n", 400, "SPARQL syntax error"),
    (b"GET /%ff%00 HTTP/1.0\r\n\r\n", 404, "No such page"),
    (b"GET /sparql?" + b"&".join(b"a%d=1" % i for i in range(200)) + b" HTTP/1.0\r\n\r\n", 400, "more than 100 fields"),
    (b"GET /sparql?query=ASK{}&query=ASK{} HTTP/1.0\r\n\r\n", 400, "exactly one"),
    (b"GET /sparql?query=ASK{}&name=partners HTTP/1.0\r\n\r\n", 400, "exactly one"),
    (b"GET /sparql?query=ASK{}&format=png HTTP/1.0\r\n\r\n", 400, "Unknown format 'png'"),
    (b"GET /sparql?name=partners HTTP/1.0\r\n\r\n", 400, "needs parameter 'department'"),
    (b"GET /sparql?name=partners&param.department=x&param.evil=1 HTTP/1.0\r\n\r\n", 400, "has no parameter 'evil'"),
    (b"GET /sparql?query=ASK{} HTTP/1.0\r\nAccept: ;;;q=abc,*/*;q=nan\r\n\r\n", 406, "Cannot produce"),
    (b"GET /sparql?query=ASK{} HTTP/1.0\r\nX-Big: " + b"a" * 70_000 + b"\r\n\r\n", 431, "Line too long"),
    (b"GET /sparql?query=ASK{} HTTP/1.0\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(150)) + b"\r\n", 431,
     "Too many headers"),
    (b"GARBAGE\r\n\r\n", 400, "Bad request"),
    (b"GET /\r\n\r\n", 400, "HTTP/0.9 is not supported"),
    (b"GET /sparql?query=ASK{} HTTP/x.y\r\n\r\n", 400, "Bad request version"),
    (b"GET\x00 / HTTP/1.0\r\n\r\n", 405, "is not allowed here"),
    (b"PUT /sparql HTTP/1.0\r\nContent-Length: 3\r\n\r\nabc", 405,
     "Method 'PUT' is not allowed here; use GET, HEAD, POST"),
    (b"DELETE /sparql HTTP/1.0\r\n\r\n", 405, "Method 'DELETE'"),
    (b"PATCH /sparql HTTP/1.0\r\n\r\n", 405, "Method 'PATCH'"),
    (b"OPTIONS * HTTP/1.0\r\n\r\n", 405, "Method 'OPTIONS'"),
    (b"TRACE / HTTP/1.0\r\n\r\n", 405, "Method 'TRACE'"),
    (b"BREW /pot HTTP/1.0\r\n\r\n", 405, "Method 'BREW'"),
    (_form(b"query=ASK{}", b"text/plain"), 415, "Unsupported Content-Type 'text/plain'"),
    (_form(b"query=ASK{}", b"multipart/form-data; boundary=x"), 415, "Unsupported Content-Type"),
    (_form(b"\xff\xfeA\x00S\x00K\x00", b"application/sparql-query"), 400, "not UTF-8 (byte 0xff at position 0)"),
    (_form(b"query=\xc3\x28"), 400, "not UTF-8 (byte 0xc3"),
    (_form(b"query=%C3%28"), 400, "not UTF-8 once percent-decoded"),
    (_form(b"update=DROP+ALL&update=CLEAR+ALL"), 403, "read-only"),
    (_form(b"query=" + b"%" * 5000), 400, "SPARQL syntax error"),
    (b"POST /sparql HTTP/1.0\r\nContent-Type: application/sparql-query\r\nContent-Length: abc\r\n\r\nASK{}", 400,
     "Content-Length 'abc' is not a number of bytes"),
    (b"POST /sparql HTTP/1.0\r\nContent-Type: application/sparql-query\r\nContent-Length: -5\r\n\r\nASK{}", 400,
     "Content-Length '-5'"),
    (b"POST /sparql HTTP/1.0\r\nContent-Type: application/sparql-query\r\nContent-Length: \xd9\xa3\r\n\r\nASK{}", 400,
     "is not a number of bytes"),
    (b"POST /sparql HTTP/1.0\r\nContent-Type: application/sparql-query\r\nContent-Length: 100\r\n\r\nASK{}", 400,
     "The body ended after 5 of 100 bytes"),
    (b"POST /sparql HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nASK{}\r\n0\r\n\r\n", 411,
     "Content-Length"),
    (b"POST /elsewhere HTTP/1.0\r\nContent-Length: 5\r\n\r\nASK{}", 404, "No such endpoint '/elsewhere'"),
    (b"POST /sparql HTTP/1.0\r\nContent-Type: application/sparql-query\r\nContent-Length: 8\r\n\r\nSELEC ?x", 400,
     "SPARQL syntax error in the query: "),
    (b"POST /sparql HTTP/1.0\r\nContent-Type: application/sparql-query\r\nContent-Length: 8\r\n\r\nDROP ALL", 400,
     "SPARQL Update is not allowed"),
]


@pytest.mark.parametrize("request_bytes, status, words", FUZZ, ids=[f"fuzz{i}" for i in range(len(FUZZ))])
def test_server_fuzz_bad_requests_get_one_line_4xx(readonly, request_bytes, status, words):
    got, body = raw(readonly.port, request_bytes)
    text = body.decode("utf-8")
    assert (got, words in text) == (status, True), text
    one_line(text)
    assert readonly.server.internal_errors == []


def test_server_fuzz_random_bytes_never_500(readonly):
    import random

    rng = random.Random(7)
    seeds = [b"GET /sparql?query=", b"POST /sparql HTTP/1.0\r\nContent-Length: 9\r\n\r\n", b"HEAD / HTTP/1.1\r\n",
             b"GET /queries.json HTTP/1.0\r\nAccept: "]
    for i in range(60):
        noise = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 300)))
        req = seeds[i % len(seeds)] + noise + rng.choice([b"\r\n\r\n", b" HTTP/1.0\r\n\r\n", b""])
        try:
            got, body = raw(readonly.port, req)
        except (IndexError, ValueError):  # nothing or no status line: HTTP/0.9 answers, or no answer
            continue
        assert got < 500 or got == 505, (req, got, body)
        assert b"Traceback" not in body
    assert readonly.server.internal_errors == []
