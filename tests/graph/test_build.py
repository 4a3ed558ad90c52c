"""graph.build: incremental, parallel and interruption-safe corpus builds (issue 6).

Corpora come from bench/corpus.py (small ones: the 10,000-document runs are in bench/).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib.compare import graph_diff, to_isomorphic

from extract import SAMPLE, extract_file
from extract.jsonface import dumps
from graph import build as B
from graph import rdf, store
from graph.cli import cli
from graph.manifest import MANIFEST_FILE, read_manifest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))
import corpus as gen  # noqa: E402

N = 8


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    """Eight generated plans in nested folders, one of them HTML, one GB18030, one cited by another."""
    root = tmp_path / "corpus"
    gen.write_corpus(root, N, seed=3, html=0.15, gb18030=0.15)
    return root


def docs_of(root: Path) -> list:
    return [extract_file(p, source=str(p)) for p in B.collect_inputs([root])]


def read(p: Path) -> bytes:
    return p.read_bytes()


def run_build(root: Path, out: Path, **kw) -> B.BuildResult:
    kw.setdefault("views", False)
    kw.setdefault("jobs", 1)
    return B.build([root], out, **kw)


# ------------------------------------------------------------------------------------ equivalence


def test_build_json_is_jsonface_dumps(corpus: Path, tmp_path: Path) -> None:
    run_build(corpus, tmp_path / "out")
    assert read(tmp_path / "out" / "extraction.json").decode("utf-8") == dumps(docs_of(corpus)) + "\n"


def test_build_json_document_of_no_fragments_is_dumps_of_nothing() -> None:
    assert b"".join(B.json_document([])) == (dumps([]) + "\n").encode()


def _canonical(g) -> set:  # noqa: ANN001
    """Triples with each blank node (an oa selector) named by the span that points at it and its type.

    Exact for this model, where every blank node is the one selector of its kind of one span;
    rdflib.compare.to_isomorphic gives the same answer but takes ~40 s on eight documents.
    """
    from rdflib import RDF, BNode

    names = {}
    for s, p, o in g:
        if isinstance(o, BNode):
            names[o] = (str(s), str(p), str(g.value(o, RDF.type)))
    assert len(set(names.values())) == len(names), "two blank nodes with the same name"
    return {tuple(("_:", names[t]) if isinstance(t, BNode) else t for t in triple) for triple in g}


def test_build_graph_is_isomorphic_to_to_dataset(corpus: Path, tmp_path: Path) -> None:
    """The spliced graph.trig holds the same named graphs as graph.rdf.to_dataset(docs)."""
    run_build(corpus, tmp_path / "out")
    built = store.load(tmp_path / "out")
    expected = rdf.to_dataset(docs_of(corpus))
    names = sorted(str(g.identifier) for g in store.named_graphs(expected))
    assert sorted(str(g.identifier) for g in store.named_graphs(built)) == names
    for name in names:
        a, b = _canonical(expected.graph(rdf.URIRef(name))), _canonical(built.graph(rdf.URIRef(name)))
        assert a == b, f"{name}: expected only {sorted(a - b)[:5]}, built only {sorted(b - a)[:5]}"


def test_build_graph_isomorphism_of_one_document(tmp_path: Path) -> None:
    """The same, with rdflib.compare on one small document (blank nodes and all)."""
    from rdflib.compare import isomorphic

    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.txt").write_text(_plan("寿光市数字经济工作方案", "《山东省数字经济发展规划》",
                                                "1.建设数据中心。到2025年达到5个。（责任单位：发改局、工信局）"), encoding="utf-8")
    run_build(tmp_path / "c", tmp_path / "out")
    built, expected = store.load(tmp_path / "out"), rdf.to_dataset(docs_of(tmp_path / "c"))
    for g in store.named_graphs(expected):
        other = built.graph(g.identifier)
        if not isomorphic(g, other):
            _, only_expected, only_built = graph_diff(to_isomorphic(g), to_isomorphic(other))
            pytest.fail(f"expected only:\n{only_expected.serialize(format='nt')}\nbuilt only:\n"
                        f"{only_built.serialize(format='nt')}")


def _plan(title: str, cites: str, body: str) -> str:
    return (f"各镇人民政府、街道办事处，寿光市各部门、各单位：\n《{title}》已经寿光市政府同意，现印发给你们，请结合实际认真组织实施。\n"
            f"寿光市人民政府\n2024年7月14日\n（此件公开发布）\n\n{title}\n\n为全面贯彻落实{cites}，制定本方案。\n一、重点任务\n{body}\n")


def test_build_corpus_network_is_to_network_of_the_dataset(corpus: Path, tmp_path: Path) -> None:
    from graph.network import to_network

    run_build(corpus, tmp_path / "out")
    m = read_manifest(tmp_path / "out")
    entries = list(m.entries.values())
    import pickle

    cache = tmp_path / "out" / "cache"
    shared = B.merge_shared(pickle.loads((cache / f"{e.record}.{e.graph_version}.pkl").read_bytes())["shared"]
                             for e in sorted(entries, key=lambda e: (e.order, e.source)))
    got = B.corpus_network(entries, cache, shared)
    want = to_network(rdf.to_dataset(docs_of(corpus)))
    assert dict(got.nodes(data=True)) == dict(want.nodes(data=True))
    assert {frozenset(e): d for *e, d in got.edges(data=True)} == {frozenset(e): d for *e, d in want.edges(data=True)}


def test_build_cross_document_links_and_shared_nodes(tmp_path: Path) -> None:
    """A cited corpus document is that document's node; departments of one county merge; a policy cited twice is one node."""
    from graph.network import to_network

    a = _plan("寿光市数字经济工作方案", "《山东省数字经济发展规划》", "1.建设数据中心。到2025年达到5个。（责任单位：发改局、工信局）")
    b = _plan("寿光市人才工作方案", "《山东省数字经济发展规划》和《寿光市数字经济工作方案》",
              "1.引进人才。到2025年达到500人。（责任单位：人社局、市发改局）")
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.txt").write_text(a, encoding="utf-8")
    (tmp_path / "c" / "b.txt").write_text(b, encoding="utf-8")
    run_build(tmp_path / "c", tmp_path / "out", views=True)
    G = to_network(store.load(tmp_path / "out"))
    docs = {G.nodes[n]["title"]: n for n in G if G.nodes[n]["kind"] == "document"}
    assert set(docs) == {"寿光市数字经济工作方案", "寿光市人才工作方案"}
    assert G.has_edge(docs["寿光市人才工作方案"], docs["寿光市数字经济工作方案"])
    policies = [n for n in G if G.nodes[n]["kind"] == "policy"]
    assert [G.nodes[p]["title"] for p in policies] == ["山东省数字经济发展规划"]
    assert {G.nodes[p]["title"] for p in G[policies[0]]} == set(docs)
    fgj = [n for n in G if G.nodes[n].get("name") == "寿光市发展和改革局"]
    assert len(fgj) == 1 and len(list(G[fgj[0]])) == 2


# ------------------------------------------------------------------------------------- parallel


def test_build_jobs_2_gives_the_bytes_of_jobs_1(corpus: Path, tmp_path: Path) -> None:
    run_build(corpus, tmp_path / "one", jobs=1)
    run_build(corpus, tmp_path / "two", jobs=2)
    for name in ("extraction.json", "graph.trig", MANIFEST_FILE):
        assert read(tmp_path / "one" / name) == read(tmp_path / "two" / name), name


_PURE = """
import hashlib, sys
sys.path.insert(0, {bench!r})
from graph.build import document_parts
data = open({path!r}, "rb").read()
doc, frag, part = document_parts(data, source="x.txt", suffix=".txt")
print(hashlib.sha256((frag + part.body + part.graph).encode()).hexdigest())
"""


def test_build_document_parts_are_pure_across_processes(corpus: Path) -> None:
    """Same bytes → same JSON and the same N-Triples lines, in a process with another hash seed."""
    path = B.collect_inputs([corpus])[0]
    doc, frag, part = B.document_parts(path.read_bytes(), source="x.txt", suffix=".txt")
    here = hashlib.sha256((frag + part.body + part.graph).encode()).hexdigest()
    for seed in ("1", "4242"):
        out = subprocess.run([sys.executable, "-c", _PURE.format(bench=str(REPO / "bench"), path=str(path))],
                             capture_output=True, text=True, check=True, env={**os.environ, "PYTHONHASHSEED": seed})
        assert out.stdout.strip() == here


# ---------------------------------------------------------------------------------- incremental


def test_build_incremental_reuses_unchanged_and_converges(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    r = run_build(corpus, out)
    assert r.count("added") == N and not r.failed
    r = run_build(corpus, out)
    assert r.count("unchanged") == N and r.summaries == {}
    paths = B.collect_inputs([corpus])
    gen.mutate(paths[0])
    paths[1].unlink()
    extra = corpus / "new" / "extra.txt"
    extra.parent.mkdir()
    shutil.copy(SAMPLE, extra)
    r = run_build(corpus, out)
    assert r.status[str(paths[0])] == "changed" and r.status[str(paths[1])] == "removed"
    assert r.status[str(extra)] == "added" and r.count("unchanged") == N - 2
    assert list(r.summaries) == [str(paths[0]), str(extra)]
    fresh = run_build(corpus, tmp_path / "fresh")
    assert fresh.count("added") == N
    for name in ("extraction.json", "graph.trig"):
        assert read(out / name) == read(tmp_path / "fresh" / name), name
    # only the current documents' cache files are left
    assert {p.name for p in (out / "cache").iterdir()} == read_manifest(out).cache_files()


class _Phases:
    def __init__(self) -> None:
        self.phases: list[str] = []

    def start(self, total: int) -> None: ...

    def advance(self, source: str, status: str) -> None: ...

    def phase(self, message: str) -> None:
        self.phases.append(message)


def test_build_that_changes_nothing_reports_the_counts_without_merging(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run_build(corpus, out)
    manifest = read_manifest(out)
    assert manifest.departments == first.departments > 0 and manifest.shared_triples > 0
    assert first.triples == sum(e.triples for e in manifest.entries.values()) + manifest.shared_triples
    seen = _Phases()
    again = run_build(corpus, out, progress=seen)
    assert (again.departments, again.triples, again.measures, again.targets) == (
        first.departments, first.triples, first.measures, first.targets)
    assert seen.phases == ["moving the outputs into place"]


@pytest.mark.parametrize("removed", [5, 0])  # 0: the new first object had a "," before it
def test_build_copies_unchanged_parts_from_the_previous_outputs(corpus: Path, tmp_path: Path, removed: int) -> None:
    """Unchanged documents' parts come from the previous extraction.json and graph.trig (read in one
    pass), not from their cache files: with those files spoilt the result is still a fresh build's bytes."""
    out = tmp_path / "out"
    run_build(corpus, out)
    paths = B.collect_inputs([corpus])
    gen.mutate(paths[3])
    paths[removed].unlink()
    before = read_manifest(out)
    for source, e in before.entries.items():
        if source != str(paths[3]):
            (out / "cache" / f"{e.record}.frag").write_bytes(b"not read")  # read, it would be re-extracted
            (out / "cache" / f"{e.record}.{e.graph_version}.ttl").write_bytes(b"# not read\n")
    r = run_build(corpus, out)
    assert r.count("unchanged") == N - 2 and r.count("changed") == 1 and r.count("removed") == 1
    run_build(corpus, tmp_path / "fresh")
    for name in ("extraction.json", "graph.trig"):
        assert read(out / name) == read(tmp_path / "fresh" / name), name
    layout = read_manifest(out).layout
    data = read(out / "extraction.json")
    trig = read(out / "graph.trig")
    for source, (sep, start, end, g0, g1) in layout.items():
        assert json.loads(data[start:end])["source"] == source
        assert data[sep:start] in (b"\n", b",\n")
        assert trig[g0:g1].startswith(f"\n<{read_manifest(out).entries[source].graph}> {{\n".encode())


def test_build_does_not_copy_from_an_output_changed_since(corpus: Path, tmp_path: Path) -> None:
    """--force over a damaged graph.trig: the parts come from the cache again, not from the damaged file."""
    out = tmp_path / "out"
    run_build(corpus, out)
    trig = out / "graph.trig"
    damaged = bytearray(read(trig))
    i = damaged.index(b"cpkg:", len(damaged) // 2)
    damaged[i:i + 5] = b"XXXX:"
    trig.write_bytes(bytes(damaged))
    gen.mutate(B.collect_inputs([corpus])[0])
    run_build(corpus, out, force=True)
    run_build(corpus, tmp_path / "fresh")
    assert read(trig) == read(tmp_path / "fresh" / "graph.trig")


def test_build_reads_only_the_sources_whose_size_or_time_changed(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    paths = B.collect_inputs([corpus])
    hour_ago = time.time_ns() - 3600 * 10**9
    for p in paths:
        os.utime(p, ns=(hour_ago, hour_ago))
    out = tmp_path / "out"
    run_build(corpus, out)
    hashed: list[int] = []
    real = B.sha256_bytes
    monkeypatch.setattr(B, "sha256_bytes", lambda data: hashed.append(len(data)) or real(data))
    r = run_build(corpus, out)
    assert r.count("unchanged") == N and hashed == []
    # the same size, another time: read, and found changed
    text = paths[2].read_bytes()
    i = text.index("到20".encode())
    paths[2].write_bytes(text[:i] + "至20".encode() + text[i + len("到20".encode()):])
    assert len(paths[2].read_bytes()) == len(text)
    r = run_build(corpus, out)
    assert r.status[str(paths[2])] == "changed" and r.count("unchanged") == N - 1
    assert set(hashed) == {len(text)}  # that one only (by the plan, and by the worker that extracted it)
    # modified just before the build that recorded it: read again, whatever its size and time say
    hashed.clear()
    r = run_build(corpus, out)
    assert r.count("unchanged") == N and hashed == [len(text)]


def test_build_syncs_what_it_wrote_and_not_the_unchanged_cache(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    """The staged outputs and the changed document's cache files reach the disk before the moves;
    the cache files of unchanged documents are not synced again (os.sync() synced the whole machine)."""
    out = tmp_path / "out"
    run_build(corpus, out)
    before = read_manifest(out)
    path = B.collect_inputs([corpus])[0]
    gen.mutate(path)
    synced: list[str] = []
    real = os.fsync

    def fsync(fd: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real(fd)

    monkeypatch.setattr(B.os, "fsync", fsync)
    monkeypatch.setattr(B.os, "sync", lambda: pytest.fail("os.sync() syncs every file of the machine"))
    r = run_build(corpus, out)
    assert r.count("changed") == 1
    after = read_manifest(out)
    changed = after.entries[str(path)]
    names = {Path(p).name for p in synced}
    assert set(changed.cache_files()) <= names
    unchanged = [n for s, e in before.entries.items() if s != str(path) for n in e.cache_files()]
    assert not names & set(unchanged)
    assert {"extraction.json", "graph.trig"} <= names
    assert str(out / "cache") in synced


def test_build_full_reextracts_everything(corpus: Path, tmp_path: Path) -> None:
    run_build(corpus, tmp_path / "out")
    r = run_build(corpus, tmp_path / "out", full=True)
    assert r.count("refreshed") == N


def test_build_new_extractor_version_reextracts_all(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    run_build(corpus, tmp_path / "out")
    import extract.pipeline

    monkeypatch.setattr(extract.pipeline, "EXTRACTOR_VERSION", "999.0")
    r = run_build(corpus, tmp_path / "out")
    assert r.count("refreshed") == N and len(r.summaries) == N  # summaries: extracted again
    assert {e.extractor for e in read_manifest(tmp_path / "out").entries.values()} == {"999.0"}


def test_build_new_graph_version_rederives_without_extracting(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    run_build(corpus, tmp_path / "out")
    before = read(tmp_path / "out" / "graph.trig")
    monkeypatch.setattr(B, "graph_version", lambda: "othergraphv1")
    r = run_build(corpus, tmp_path / "out")
    assert r.count("refreshed") == N and r.summaries == {}
    assert read(tmp_path / "out" / "graph.trig") == before


def test_build_missing_cache_reextracts(corpus: Path, tmp_path: Path) -> None:
    run_build(corpus, tmp_path / "out")
    shutil.rmtree(tmp_path / "out" / "cache")
    r = run_build(corpus, tmp_path / "out")
    assert r.count("refreshed") == N


# ------------------------------------------------------------------------------------- failures


def test_build_bad_file_is_reported_and_skipped(corpus: Path, tmp_path: Path) -> None:
    bad = corpus / "bad.txt"
    bad.write_bytes(bytes(range(256)) * 4)
    empty = corpus / "empty.txt"
    empty.write_bytes(b"  \n")
    result = CliRunner().invoke(cli, ["build", str(corpus), "--out", str(tmp_path / "out"), "-j", "1", "--no-views"],
                                catch_exceptions=False)
    assert result.exit_code == 1
    assert f"failed: {bad}: '{bad}' looks binary (NUL byte at position 0)" in result.stderr
    assert f"failed: {empty}: '{empty}' is empty" in result.stderr
    assert f"documents: {N} added, 0 changed, 0 removed, 0 unchanged, 2 failed" in result.stdout
    assert len(json.loads(read(tmp_path / "out" / "extraction.json"))["documents"]) == N


def test_build_no_documents_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "empty"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "No documents (.txt, .html, .htm, .docx) found in" in result.output


def test_build_default_is_the_bundled_sample(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["build", "--out", str(tmp_path / "out")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{SAMPLE.name}\n  title        寿光市县域经济高质量发展工作方案")
    assert "documents: 1 added, 0 changed, 0 removed, 0 unchanged, 0 failed; corpus: 1 documents, 31 measures" \
        in result.stdout
    for name in ("extraction.json", "graph.trig", "graph.html", "ledger.xlsx", MANIFEST_FILE):
        assert (tmp_path / "out" / name).exists()
    assert json.loads(read(tmp_path / "out" / "extraction.json"))["documents"][0]["source"] == SAMPLE.name
    again = CliRunner().invoke(cli, ["build", "--out", str(tmp_path / "out")], catch_exceptions=False)
    assert "documents: 0 added, 0 changed, 0 removed, 1 unchanged, 0 failed" in again.stdout


def test_build_refuses_a_second_build_of_the_same_folder(corpus: Path, tmp_path: Path) -> None:
    import fcntl

    out = tmp_path / "out"
    out.mkdir()
    with open(out / B.LOCK_FILE, "a+b") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        with pytest.raises(B.BuildError, match="Another 'policykg build' is writing to"):
            run_build(corpus, out)


# --------------------------------------------------------------------------------- interruption


def _snapshot(out: Path) -> dict[str, bytes]:
    return {n: read(out / n) for n in ("extraction.json", "graph.trig", MANIFEST_FILE)}


def _interrupt(corpus: Path, out: Path, sig: int, when: str) -> int:
    """Start ``policykg build`` and send ``sig`` once ``when`` happens ("cache": a new document
    extracted; "staging": outputs being written)."""
    before = set(os.listdir(out / "cache"))
    proc = subprocess.Popen([sys.executable, "-m", "graph", "build", str(corpus), "--out", str(out), "-j", "2",
                             "--no-views", "--no-oxigraph"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, "POLICYKG_PLAIN": "1", "POLICYKG_TEST_HOLD": f"{when}:30"})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if when == "cache" and set(os.listdir(out / "cache")) - before:
            break
        if when == "staging" and any(p.startswith(B.STAGING_PREFIX) and (out / p / "extraction.json").exists()
                                     for p in os.listdir(out)):
            break
        time.sleep(0.005)
    assert proc.poll() is None, f"the build finished before it could be interrupted: {proc.stderr.read()}"
    proc.send_signal(sig)
    proc.wait(30)
    return proc.returncode


@pytest.mark.parametrize(("sig", "when", "code"), [
    (signal.SIGKILL, "cache", -9), (signal.SIGKILL, "staging", -9), (signal.SIGINT, "cache", 130),
    (signal.SIGTERM, "staging", 143),
])
def test_build_interrupted_leaves_previous_outputs_and_converges(corpus: Path, tmp_path: Path, sig: int, when: str,
                                                                 code: int) -> None:
    out = tmp_path / "out"
    run_build(corpus, out)
    before = _snapshot(out)
    for p in B.collect_inputs([corpus]):  # every document changed: the next build has work to interrupt
        gen.mutate(p)
    assert _interrupt(corpus, out, sig, when) == code
    assert _snapshot(out) == before
    store.open_store(out)  # the previous graph still loads
    if sig != signal.SIGKILL:
        assert not [p for p in os.listdir(out) if p.startswith(B.STAGING_PREFIX)]
    r = run_build(corpus, out)
    assert r.count("changed") == N
    assert not [p for p in os.listdir(out) if p.startswith(B.STAGING_PREFIX)]
    assert {p.name for p in (out / "cache").iterdir()} == read_manifest(out).cache_files()
    if when == "staging":  # the worst case: every document extracted, outputs half written
        fresh = run_build(corpus, tmp_path / "fresh")
        assert read(out / "extraction.json") == read(tmp_path / "fresh" / "extraction.json")
        assert read(out / "graph.trig") == read(tmp_path / "fresh" / "graph.trig")


# -------------------------------------------------------------------------------------- oxigraph


def test_build_updates_the_oxigraph_store_in_place(corpus: Path, tmp_path: Path) -> None:
    import pyoxigraph

    out = tmp_path / "out"
    run_build(corpus, out, oxigraph=True)
    paths = B.collect_inputs([corpus])
    gen.mutate(paths[0])
    paths[1].unlink()
    r = run_build(corpus, out, oxigraph=True)
    assert r.outputs["oxigraph"] == out / store.OXIGRAPH_DIR
    db = store.open_store(out)
    assert isinstance(db, pyoxigraph.Store)
    assert (out / store.OXIGRAPH_DIR / store.OXIGRAPH_STAMP).read_text() == hashlib.sha256(
        read(out / "graph.trig")).hexdigest()
    fresh = pyoxigraph.Store()
    fresh.bulk_load(read(out / "graph.trig"), format=pyoxigraph.RdfFormat.TRIG)
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert next(iter(db.query(count)))["n"] == next(iter(fresh.query(count)))["n"]
    graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
    assert [r["g"] for r in db.query(graphs)] == [r["g"] for r in fresh.query(graphs)]


def test_build_views_above_their_limits_are_not_written(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out"
    B.build([SAMPLE], out, jobs=1)
    assert (out / "ledger.xlsx").exists() and (out / "graph.html").exists()
    monkeypatch.setattr(B, "LEDGER_MAX_MEASURES", 30)  # the sample has 31
    result = B.build([SAMPLE], out, jobs=1, full=True)
    assert (out / "graph.html").exists() and not (out / "ledger.xlsx").exists()  # the stale ledger is gone
    assert result.views_skipped == (
        "ledger.xlsx not written: 31 measures, more than 30; write views of part of the corpus with "
        "'policykg html --bureau NAME' and 'policykg ledger', or pass --views")
    B.build([SAMPLE], out, jobs=1, full=True, views=True)
    assert (out / "ledger.xlsx").exists()
