"""graph.sparql, graph.store and the validate/sparql commands, on the hand-built two-document corpus."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal
from rdflib.compare import isomorphic

from graph import rdf, sparql, store
from graph.cli import cli

DOC_A = "寿光市县域经济高质量发展工作方案(2024—2025年)"
DOC_B = "寿光市数字经济发展实施方案（2024年）"


@pytest.fixture(scope="module")
def dataset(make_corpus):
    return rdf.to_dataset(make_corpus())


@pytest.fixture(scope="module")
def out(tmp_path_factory, dataset) -> Path:
    d = tmp_path_factory.mktemp("out")
    store.save(dataset, d, ("trig", "ttl", "nq", "jsonld"))
    return d


@pytest.fixture(scope="module")
def ox(out):
    return store.open_store(out)


def _norm(rows):
    """GROUP_CONCAT order is engine-defined: compare concatenations as sets."""
    return [{k: (frozenset(re.split("[ 、；]", v)) if isinstance(v, str) and k in ("measures", "units", "targets", "lead")
                 else v) for k, v in r.items()} for r in rows]


EXPECTED = {
    ("shared-responsibility", (("keyword", "5G"),)): [
        {"department": "寿光市发展和改革局", "partner": "寿光市工业和信息化局", "shared": 1, "measures": "二.一.2"},
        {"department": "寿光市工业和信息化局", "partner": "寿光市科学技术局", "shared": 1, "measures": "一.1"},
        {"department": "寿光市财政局", "partner": "寿光市发展和改革局", "shared": 1, "measures": "二.一.2"},
        {"department": "寿光市财政局", "partner": "寿光市工业和信息化局", "shared": 1, "measures": "二.一.2"},
    ],
    ("partners", (("department", "市工信局"),)): [
        {"partner": "寿光市发展和改革局", "shared": 2, "measures": "二.一.1 二.一.2"},
        {"partner": "寿光市科学技术局", "shared": 1, "measures": "一.1"},
        {"partner": "寿光市财政局", "shared": 1, "measures": "二.一.2"},
    ],
    ("obligations", (("department", "寿光市发展和改革局"),)): [
        {"document": DOC_A, "number": "二.一.1", "title": "培育优势产业集群", "role": "lead", "rank": 1,
         "targets": "技改投资年均增长8%以上"},
        {"document": DOC_A, "number": "二.一.2", "title": "加快5G网络建设", "role": "support", "rank": 2, "targets": ""},
    ],
    ("targets-due", (("year", "2025"),)): [
        {"due": 2025, "document": DOC_A, "number": "一", "indicator": "5G基站建设", "comparator": "gt", "value": 2000,
         "unit": "个", "text": "5G基站建设突破2000个", "lead": ""},
        {"due": 2025, "document": DOC_A, "number": "一", "indicator": "蔬菜生产能力", "comparator": "approx",
         "value": 4500000, "unit": "万吨", "text": "蔬菜生产能力稳定在450万吨左右", "lead": ""},
        {"due": 2025, "document": DOC_A, "number": "二.一.1", "indicator": "技改投资", "comparator": "ge", "value": 8,
         "unit": "%", "text": "技改投资年均增长8%以上", "lead": "寿光市发展和改革局"},
    ],
    ("lead-counts", ()): [
        {"department": "寿光市工业和信息化局", "lead": 2, "support": 1, "responsible": 0, "measures": 3},
        {"department": "寿光市发展和改革局", "lead": 1, "support": 1, "responsible": 0, "measures": 2},
        {"department": "寿光市科学技术局", "lead": 0, "support": 1, "responsible": 1, "measures": 2},
        {"department": "寿光市各镇街", "lead": 0, "support": 0, "responsible": 1, "measures": 1},
        {"department": "寿光市财政局", "lead": 0, "support": 1, "responsible": 0, "measures": 1},
    ],
    ("measures-without-lead", ()): [
        {"document": DOC_A, "number": "二.一.3", "title": "推动镇街特色产业", "units": "寿光市各镇街、寿光市科学技术局"},
    ],
    ("implements", (("policy", "县域经济"),)): [
        {"document": DOC_A, "date": "2024-09-13", "implemented": "山东省县域经济高质量发展三年行动方案(2023—2025年)",
         "docNumber": "鲁政字〔2023〕209号"},
        {"document": DOC_B, "date": "2024-10-08", "implemented": DOC_A, "docNumber": None},
    ],
}


@pytest.mark.parametrize("key", list(EXPECTED), ids=[k[0] for k in EXPECTED])
def test_sparql_named_query_rows_on_oxigraph_and_rdflib(key, ox, dataset):
    name, params = key
    got_ox = sparql.run_named(ox, name, dict(params)).dicts()
    got_rdflib = sparql.run_named(dataset, name, dict(params)).dicts()
    assert _norm(got_ox) == _norm(EXPECTED[key])
    assert _norm(got_rdflib) == _norm(EXPECTED[key])


def test_sparql_targets_due_excludes_later_years(ox):
    rows = sparql.run_named(ox, "targets-due", {"year": "2026"}).dicts()
    assert [r["due"] for r in rows] == [2025, 2025, 2025, 2026]
    assert sparql.run_named(ox, "targets-due", {"year": "2024"}).dicts() == []


def test_sparql_parameters_are_terms_not_text(ox):
    """A keyword that would break out of a pasted string literal is just a string that matches nothing."""
    assert sparql.run_named(ox, "shared-responsibility", {"keyword": '5G")) || true || (("'}).rows == []
    assert sparql.run_named(ox, "implements", {"policy": "} ?x ?y ?z {"}).rows == []


def test_sparql_every_query_file_documents_itself_and_its_params():
    queries = sparql.named_queries()
    assert set(queries) >= {"shared-responsibility", "partners", "obligations", "targets-due", "lead-counts",
                            "measures-without-lead", "implements"}
    for q in queries.values():
        assert q.text.startswith("# ") and q.description, q.name
        body = "\n".join(line for line in q.text.splitlines() if not line.startswith("#"))
        for p in q.params:
            assert f"?{p.name}" in body, (q.name, p.name)
            assert re.search(rf"SELECT[^{{]*\?{p.name}\b", body), f"{q.name}: substitution needs ?{p.name} projected"


@pytest.mark.parametrize("call, message", [
    (lambda s: sparql.run_named(s, "nope"),
     "Unknown query name 'nope': choose from implements, lead-counts, measures-without-lead, obligations, partners, "
     "shared-responsibility, targets-due (files in graph/queries/)."),
    (lambda s: sparql.run_named(s, "targets-due"),
     "Query 'targets-due' needs parameter 'year' (integer: the last deadline year to include, e.g. 2025); "
     "pass --param year=VALUE."),
    (lambda s: sparql.run_named(s, "targets-due", {"year": "二〇二五"}),
     "Parameter 'year' of query 'targets-due' must be an integer (got '二〇二五')."),
    (lambda s: sparql.run_named(s, "lead-counts", {"year": "2025"}),
     "Query 'lead-counts' has no parameter 'year'; it takes no parameters."),
    (lambda s: sparql.run(s, "INSERT DATA { <a:b> <a:c> <a:d> }"),
     "SPARQL Update is not allowed (the query): the graph is read-only here. Send a SELECT, ASK, CONSTRUCT or "
     "DESCRIBE query."),
])
def test_sparql_bad_requests_raise_one_line_errors(ox, call, message):
    with pytest.raises(sparql.QueryError) as info:
        call(ox)
    assert str(info.value) == message


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_sparql_syntax_error_names_the_query(ox, dataset, engine):
    with pytest.raises(sparql.QueryError) as info:
        sparql.run(ox if engine == "oxigraph" else dataset, "SELEC ?x WHERE { ?x ?y ?z }", where="q.rq")
    assert str(info.value).startswith("SPARQL syntax error in q.rq: ")
    assert "\n" not in str(info.value)


def test_sparql_limit_truncates(ox):
    res = sparql.run(ox, "SELECT ?s WHERE { ?s ?p ?o }", limit=5)
    assert len(res.rows) == 5 and res.truncated
    res = sparql.run(ox, "ASK { ?s a <https://w3id.org/cpkg/def#Measure> }")
    assert res.kind == "ask" and res.boolean is True


def test_sparql_results_formats(ox):
    res = sparql.run_named(ox, "measures-without-lead")
    data = json.loads(sparql.to_json(res))
    assert data["head"]["vars"] == ["document", "number", "title", "units"]
    assert data["results"]["bindings"][0]["number"] == {"type": "literal", "value": "二.一.3"}
    assert data["results"]["bindings"][0]["document"] == {"type": "literal", "value": DOC_A, "xml:lang": "zh"}
    assert sparql.to_csv(res).splitlines()[0] == "document,number,title,units"
    assert sparql.to_tsv(res).splitlines()[1].split("\t")[1] == '"二.一.3"'
    assert '<binding name="number"><literal>二.一.3</literal></binding>' in sparql.to_xml(res)


# ------------------------------------------------------------------ store


def test_store_writes_every_format_that_parses_back(out, dataset):
    assert sorted(p.name for p in out.iterdir()) == ["graph.jsonld", "graph.nq", "graph.trig", "graph.ttl"]
    for name in ("graph.trig", "graph.nq", "graph.jsonld"):
        back = store.load(out / name)
        assert len(back) == len(dataset), name
    assert isomorphic(rdf.union_graph(store.load(out)), rdf.union_graph(dataset))
    assert len(store.load(out / "graph.ttl")) == len(rdf.union_graph(dataset))
    assert '"@context"' in (out / "graph.jsonld").read_text(encoding="utf-8")


def test_store_oxigraph_directory_is_used_while_current(tmp_path, dataset):
    written = store.save(dataset, tmp_path, oxigraph=True)
    assert sorted(written) == ["oxigraph", "trig"]
    s = store.open_store(tmp_path)
    assert len(s) == len(dataset)
    with pytest.raises((OSError, RuntimeError), match="read-write"):  # opened read-only
        import pyoxigraph as ox
        s.add(ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://b"), ox.NamedNode("http://c")))
    store.save(dataset, tmp_path)  # a small build removes the store instead of leaving it stale
    assert not (tmp_path / "oxigraph").exists()
    s = store.open_store(tmp_path)
    s.add(__import__("pyoxigraph").Quad(*(__import__("pyoxigraph").NamedNode(f"http://{c}") for c in "abc")))


def test_store_errors_say_what_and_how_to_fix(tmp_path):
    with pytest.raises(store.GraphStoreError) as info:
        store.load(tmp_path / "missing")
    assert str(info.value) == (f"No graph at {tmp_path / 'missing'}: build one first with 'policykg build FILE... "
                               f"--out {tmp_path / 'missing'}', or point --graph at a directory that has graph.trig.")
    (tmp_path / "graph.trig").write_text("<a> <b> .", encoding="utf-8")
    for call in (store.load, store.open_store):
        with pytest.raises(store.GraphStoreError) as info:
            call(tmp_path)
        assert str(info.value).startswith(f"The graph {tmp_path / 'graph.trig'} is not valid ")
        assert str(info.value).endswith("Rebuild it with 'policykg build'.")
    with pytest.raises(store.GraphStoreError) as info:
        store.save(rdf.new_dataset(), tmp_path, ("xml",))
    assert str(info.value) == "Unknown graph format 'xml': choose from 'trig', 'ttl', 'nq', 'jsonld'."


def test_store_save_is_atomic_leaves_no_temp_files(tmp_path, dataset):
    store.save(dataset, tmp_path, ("trig", "nq"))
    store.save(dataset, tmp_path, ("trig", "nq"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.nq", "graph.trig"]


# ------------------------------------------------------------------ the commands


def _invoke(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_cli_sparql_named_json(out):
    r = _invoke("sparql", "--name", "shared-responsibility", "--param", "keyword=5G", "--graph", str(out), "--json")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.output)
    assert _norm(rows) == _norm(EXPECTED[("shared-responsibility", (("keyword", "5G"),))])


def test_cli_sparql_query_file_and_csv(out, tmp_path):
    q = tmp_path / "count.rq"
    q.write_text("SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a <https://w3id.org/cpkg/def#Measure> }", encoding="utf-8")
    r = _invoke("sparql", str(q), "--graph", str(out), "--csv")
    assert (r.exit_code, r.output) == (0, "n\n4\n")
    r = _invoke("sparql", "ASK { ?s a <https://w3id.org/cpkg/def#Measure> }", "--graph", str(out))
    assert (r.exit_code, r.output) == (0, "true\n")


@pytest.mark.parametrize("args, message", [
    (["sparql", "--name", "nope"], "Error: Unknown query name 'nope': choose from implements, lead-counts, "
     "measures-without-lead, obligations, partners, shared-responsibility, targets-due (files in graph/queries/).\n"),
    (["sparql", "--name", "partners"], "Error: Query 'partners' needs parameter 'department' (zh: the department's "
     "full name or an alias as printed, e.g. 寿光市工业和信息化局 or 市工信局); pass --param department=VALUE.\n"),
    (["sparql", "SELECT ?x WHERE { ?x ?y }"], None),
])
def test_cli_sparql_errors_are_one_line(out, args, message):
    r = _invoke(*args, "--graph", str(out))
    assert r.exit_code == 1
    assert r.output.count("\n") == 1
    if message is not None:
        assert r.output == message
    else:
        assert r.output.startswith("Error: SPARQL syntax error in the query: ")


def test_cli_missing_and_corrupt_graph(tmp_path):
    r = _invoke("sparql", "--name", "lead-counts", "--graph", str(tmp_path / "nowhere"))
    assert r.exit_code == 1 and r.output.startswith(f"Error: No graph at {tmp_path / 'nowhere'}: build one first")
    (tmp_path / "graph.trig").write_bytes(b"\xff\xfe not rdf")
    r = _invoke("validate", str(tmp_path))
    assert r.exit_code == 1 and r.output.startswith(f"Error: The graph {tmp_path / 'graph.trig'} is not valid trig")
    assert r.output.count("\n") == 1


def test_cli_validate_conforming_and_broken(out, tmp_path, dataset, make_corpus):
    r = _invoke("validate", str(out))
    assert (r.exit_code, r.output) == (0, "Validation Report\nConforms: True\n")
    broken = rdf.to_dataset(make_corpus())
    g = broken.graph(rdf.graph_iri(rdf.document_iri(DOC_B)))
    g.add((rdf.document_iri(DOC_B), rdf.CPKG.docNumber, Literal("第12号")))
    store.save(broken, tmp_path)
    r = _invoke("validate", str(tmp_path))
    assert r.exit_code == 1
    assert "Conforms: False" in r.output and "cpkg:docNumber" in r.output
    assert r.output.rstrip("\n").splitlines()[-1] == (
        f"Error: {tmp_path / 'graph.trig'} does not conform to ontology/shapes.ttl (see the report above).")
