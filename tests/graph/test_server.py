"""graph.server: the real HTTP server on a free loopback port, queried over HTTP."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph

from graph import rdf, store
from graph.server import make_server

MEASURES = "SELECT ?m ?n WHERE { ?m a <https://w3id.org/cpkg/def#Measure> ; <https://w3id.org/cpkg/def#path> ?n } ORDER BY ?n"
CONSTRUCT = ("CONSTRUCT { ?p <http://www.w3.org/2004/02/skos/core#prefLabel> ?l } WHERE { "
             "?p a <https://w3id.org/cpkg/def#AdministrativeDivision> ; <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }")


@pytest.fixture(scope="module")
def out(tmp_path_factory, make_corpus) -> Path:
    d = tmp_path_factory.mktemp("out")
    store.save(rdf.to_dataset(make_corpus()), d)
    return d


def _start(out: Path, **kw):
    server = make_server(store.open_store(out), "127.0.0.1", 0, **kw)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="module")
def base(out):
    server, url = _start(out)
    yield url
    server.shutdown()
    server.server_close()
    server.app.close()


def _get(url: str, accept: str | None = None, data: bytes | None = None, ctype: str | None = None):
    headers = {}
    if accept:
        headers["Accept"] = accept
    if ctype:
        headers["Content-Type"] = ctype
    req = urllib.request.Request(url, data=data, headers=headers, method="POST" if data is not None else "GET")
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.headers, resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read().decode("utf-8")


def _q(query: str, **extra) -> str:
    return urllib.parse.urlencode({"query": query, **extra})


def test_server_get_json(base):
    status, headers, body = _get(f"{base}/sparql?{_q(MEASURES)}", "application/sparql-results+json")
    assert status == 200 and headers["Content-Type"] == "application/sparql-results+json; charset=utf-8"
    data = json.loads(body)
    assert data["head"]["vars"] == ["m", "n"]
    assert [b["n"]["value"] for b in data["results"]["bindings"]] == ["一.1", "二.一.1", "二.一.2", "二.一.3"]


@pytest.mark.parametrize("how", ["form", "sparql-query"])
def test_server_post(base, how):
    if how == "form":
        status, _, body = _get(f"{base}/sparql", "application/sparql-results+json", _q(MEASURES).encode(),
                               "application/x-www-form-urlencoded")
    else:
        status, _, body = _get(f"{base}/sparql", None, MEASURES.encode(), "application/sparql-query")
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 4


@pytest.mark.parametrize("accept, ctype, first", [
    ("text/csv", "text/csv", "m,n"),
    ("text/tab-separated-values", "text/tab-separated-values", "?m\t?n"),
    ("application/sparql-results+xml", "application/sparql-results+xml", '<?xml version="1.0"?>'),
    ("text/csv;q=0.2, text/tab-separated-values;q=0.9", "text/tab-separated-values", "?m\t?n"),
])
def test_server_content_negotiation_select(base, accept, ctype, first):
    status, headers, body = _get(f"{base}/sparql?{_q(MEASURES)}", accept)
    assert status == 200 and headers["Content-Type"] == f"{ctype}; charset=utf-8"
    assert body.splitlines()[0] == first


@pytest.mark.parametrize("accept, fmt", [("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
                                         ("application/n-triples", "nt")])
def test_server_construct(base, accept, fmt):
    status, headers, body = _get(f"{base}/sparql?{_q(CONSTRUCT)}", accept)
    assert status == 200 and headers["Content-Type"].startswith(accept)
    g = Graph().parse(data=body, format=fmt)
    assert sorted(str(o) for o in g.objects()) == ["寿光市", "山东省", "潍坊市"]


def test_server_named_query_binds_parameters(base):
    qs = urllib.parse.urlencode({"name": "partners", "param.department": "市工信局", "format": "csv"})
    status, _, body = _get(f"{base}/sparql?{qs}")
    assert status == 200
    lines = body.splitlines()
    assert lines[0] == "partner,shared,measures" and len(lines) == 4
    assert lines[1].startswith("寿光市发展和改革局,2,")


@pytest.mark.parametrize("path, data, ctype, status, text", [
    ("/sparql?" + _q("SELEC ?x"), None, None, 400, "SPARQL syntax error in the query: "),
    ("/sparql?name=nope", None, None, 400, "Unknown query name 'nope'"),
    ("/sparql", None, None, 400, "Missing query: pass query=SPARQL"),
    ("/sparql?" + urllib.parse.urlencode({"update": "DROP ALL"}), None, None, 403, "read-only"),
    ("/sparql", b"DROP ALL", "application/sparql-update", 403, "read-only"),
    ("/sparql", b"update=DROP+ALL", "application/x-www-form-urlencoded", 403, "read-only"),
    ("/sparql?" + _q("INSERT DATA { <a:b> <a:c> <a:d> }"), None, None, 400, "SPARQL Update is not allowed"),
    ("/sparql", b"<x/>", "application/xml", 415, "Unsupported Content-Type 'application/xml'"),
    ("/nowhere", None, None, 404, "No such page '/nowhere'"),
])
def test_server_errors(base, path, data, ctype, status, text):
    got, headers, body = _get(base + path, None, data, ctype)
    assert got == status and text in body
    assert body.count("\n") == 1 and headers["Content-Type"] == "text/plain; charset=utf-8"


def test_server_not_acceptable(base):
    status, _, body = _get(f"{base}/sparql?{_q(MEASURES)}", "image/png")
    assert status == 406 and "application/sparql-results+json" in body


def test_server_query_page_lists_examples_without_cdn(base):
    status, headers, page = _get(f"{base}/")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert "queries.json" in page and "<script src" not in page and "https://" not in page.replace(
        "https://w3id.org", "")
    status, _, body = _get(f"{base}/queries.json")
    names = [q["name"] for q in json.loads(body)]
    assert names == ["implements", "lead-counts", "measures-without-lead", "obligations", "partners",
                     "shared-responsibility", "targets-due"]


def test_server_result_limit_and_timeout(out):
    server, url = _start(out, limit=2, timeout=0.05)
    try:
        status, headers, body = _get(f"{url}/sparql?{_q(MEASURES)}")
        assert status == 200 and headers["X-PolicyKG-Truncated"] == "true"
        assert len(json.loads(body)["results"]["bindings"]) == 2
        slow = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . "
                "?x a <https://w3id.org/cpkg/def#Responsibility> }")
        started = time.monotonic()
        status, _, body = _get(f"{url}/sparql?{_q(slow)}")
        assert status == 503 and "ran longer than the 0.05 s timeout" in body
        assert time.monotonic() - started < 1.0
    finally:
        server.shutdown()
        server.server_close()
        server.app.close()


def test_server_binds_loopback_by_default(out):
    server, _ = _start(out)
    try:
        assert server.server_address[0] == "127.0.0.1"
    finally:
        server.shutdown()
        server.server_close()
        server.app.close()


def test_cli_serve_subprocess(out):
    """``policykg serve --port 0`` as a real process: it prints its URL and answers queries."""
    proc = subprocess.Popen([sys.executable, "-m", "graph", "serve", "--port", "0", "--graph", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=Path(__file__).resolve().parents[2])
    try:
        line = proc.stdout.readline()
        assert line.startswith("SPARQL endpoint: http://127.0.0.1:"), line + proc.stderr.read()
        url = line.split()[2]
        status, _, body = _get(f"{url}?{_q('ASK { ?s a <https://w3id.org/cpkg/def#Measure> }')}")
        assert status == 200 and json.loads(body) == {"head": {}, "boolean": True}
    finally:
        proc.terminate()
        proc.wait(timeout=10)
