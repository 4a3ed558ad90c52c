"""graph.push against a real Oxigraph server (the ``oxigraph`` PyPI package) on a free loopback port."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.parse
import urllib.request

import pytest
from click.testing import CliRunner

from graph import rdf, store
from graph.cli import cli
from graph.push import PushError, push

OXIGRAPH = shutil.which("oxigraph")
pytestmark = pytest.mark.skipif(OXIGRAPH is None, reason="the oxigraph server binary is not installed "
                                                          "(pip install oxigraph)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def oxigraph_url(tmp_path_factory):
    port = _free_port()
    proc = subprocess.Popen([OXIGRAPH, "serve", "--location", str(tmp_path_factory.mktemp("oxi")),
                             "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 15
    while True:
        try:
            urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1).read()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"oxigraph serve did not start: {proc.stderr.read().decode(errors='replace')}")
            time.sleep(0.1)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def _counts(url: str) -> dict[str, int]:
    q = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    req = urllib.request.Request(f"{url}/query?{urllib.parse.urlencode({'query': q})}",
                                 headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        rows = json.loads(resp.read())["results"]["bindings"]
    return {r["g"]["value"]: int(r["n"]["value"]) for r in rows}


def test_push_puts_each_graph_and_repush_replaces(oxigraph_url, make_corpus):
    ds = rdf.to_dataset(make_corpus())
    expected = {str(g.identifier): len(g) for g in store.named_graphs(ds)}
    assert len(expected) == 3
    done = push(ds, f"{oxigraph_url}/store")
    assert {p.graph: p.triples for p in done} == expected
    assert {p.status for p in done} <= {200, 201, 204}
    assert _counts(oxigraph_url) == expected
    push(ds, f"{oxigraph_url}/store")  # again: same triples, no duplicates
    assert _counts(oxigraph_url) == expected
    smaller = rdf.to_dataset(make_corpus()[:1])  # doc B gone from the corpus: its own graph is left as it was
    push(smaller, f"{oxigraph_url}/store")
    after = _counts(oxigraph_url)
    for g in store.named_graphs(smaller):
        assert after[str(g.identifier)] == len(g)


def test_push_refused_and_unreachable(oxigraph_url, make_corpus):
    ds = rdf.to_dataset(make_corpus()[1:])
    with pytest.raises(PushError) as info:
        push(ds, f"{oxigraph_url}/nowhere")
    assert str(info.value).startswith(f"{oxigraph_url}/nowhere refused graph <https://w3id.org/cpkg/id/graph/")
    assert "HTTP 404" in str(info.value) and "\n" not in str(info.value)
    port = _free_port()
    with pytest.raises(PushError) as info:
        push(ds, f"http://127.0.0.1:{port}/store", timeout=2)
    assert str(info.value) == (f"Could not reach http://127.0.0.1:{port}/store: [Errno 111] Connection refused. "
                               f"Is the store running, and is the URL right?")
    with pytest.raises(PushError) as info:
        push(ds, "ftp://example/store")
    assert str(info.value) == ("--endpoint must be an http(s) URL of a Graph Store endpoint (got 'ftp://example/store'); "
                               "for Oxigraph use http://HOST:PORT/store.")


def test_cli_push(oxigraph_url, tmp_path, make_corpus):
    store.save(rdf.to_dataset(make_corpus()), tmp_path)
    r = CliRunner().invoke(cli, ["push", "--endpoint", f"{oxigraph_url}/store", "--graph", str(tmp_path)],
                           catch_exceptions=False)
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert len(lines) == 4 and all(line.startswith("PUT <https://w3id.org/cpkg/id/graph/") for line in lines[:3])
    assert lines[3].startswith("pushed 3 graphs, ") and lines[3].endswith(f" triples to {oxigraph_url}/store")
    r = CliRunner().invoke(cli, ["push", "--endpoint", f"http://127.0.0.1:{_free_port()}/store",
                                 "--graph", str(tmp_path)], catch_exceptions=False)
    assert r.exit_code == 1 and r.output.startswith("Error: Could not reach ") and r.output.count("\n") == 1
