"""The on-disk Oxigraph store is loaded in bounded memory: in pieces (build), in batches (save),
updated in place with bounded write buffers, and opened without reading graph.trig into memory.

Each check compares the store with pyoxigraph's own load of the whole graph.trig in memory.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import BNode

from extract import extract_file
from graph import build as B
from graph import rdf, store

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
import corpus as gen  # noqa: E402

PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
# blank nodes that are the object of one triple and the subject of another: one node, not two
BNODE_LINKS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?b . ?b ?q ?o FILTER isBlank(?b) } }"


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    gen.write_corpus(root, 6, seed=5)
    return root


def whole(trig: Path) -> pyoxigraph.Store:
    fresh = pyoxigraph.Store()
    fresh.bulk_load(path=str(trig), format=pyoxigraph.RdfFormat.TRIG)
    return fresh


def same_quads(a: pyoxigraph.Store, b: pyoxigraph.Store) -> None:
    """Same triples per graph, and the same quads once blank nodes are left out (their ids differ per load)."""
    for query in (PER_GRAPH, BNODE_LINKS):
        assert [tuple(r) for r in a.query(query)] == [tuple(r) for r in b.query(query)]

    def named(s: pyoxigraph.Store) -> set[pyoxigraph.Quad]:
        return {q for q in s if not isinstance(q.subject, pyoxigraph.BlankNode)
                and not isinstance(q.object, pyoxigraph.BlankNode)}

    assert named(a) == named(b)


def test_build_loads_the_store_in_pieces_of_whole_graphs(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out"
    monkeypatch.setattr(store, "LOAD_PIECE_BYTES", 1)  # every named graph a piece of its own
    B.build([corpus], out, jobs=1, views=False, oxigraph=True)
    db = store.open_store(out)
    with pytest.raises((OSError, RuntimeError)):  # the on-disk store, opened read-only
        db.add(pyoxigraph.Quad(*(pyoxigraph.NamedNode(f"http://{c}") for c in "spo")))
    same_quads(db, whole(out / store.GRAPH_FILE))
    assert {str(g.value) for g in db.named_graphs()} >= {str(rdf.SHARED_GRAPH)}


def test_load_pieces_cuts_only_between_blocks(tmp_path: Path, monkeypatch) -> None:
    trig = tmp_path / "g.trig"
    header = b"@prefix ex: <http://ex/> .\n"
    blocks = [f"\n<http://g/{i}> {{\n_:b ex:p \"{i}\" .\n<http://s/{i}> ex:q _:b .\n}}\n".encode() for i in range(5)]
    trig.write_bytes(header + b"".join(blocks))
    cuts = [len(header)]
    for b in blocks:
        cuts.append(cuts[-1] + len(b))
    for size in (1, 60, 10**6):  # one block a piece, two, all in one
        monkeypatch.setattr(store, "LOAD_PIECE_BYTES", size)
        db = pyoxigraph.Store(str(tmp_path / f"s{size}"))
        store.load_pieces(db, trig, cuts)
        store.finish_load(db)
        same_quads(db, whole(trig))
        # the prefixes reach every piece; each graph's blank node is one node
        rows = list(db.query("SELECT ?g WHERE { GRAPH ?g { ?x <http://ex/p> ?v . ?s <http://ex/q> ?x } }"))
        assert len(rows) == 5
        del db


def test_load_pieces_reports_a_bad_piece(tmp_path: Path, monkeypatch) -> None:
    trig = tmp_path / "g.trig"
    good, bad = b"\n<http://g/1> {\n<http://s> <http://p> <http://o> .\n}\n", b"\n<http://g/2> {\n<http://s> .\n}\n"
    trig.write_bytes(good + bad)
    monkeypatch.setattr(store, "LOAD_PIECE_BYTES", 1)
    with pytest.raises(SyntaxError):
        store.load_pieces(pyoxigraph.Store(str(tmp_path / "s")), trig, [0, len(good), len(good) + len(bad)])


def test_save_writes_the_store_in_batches(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    dataset = rdf.to_dataset([extract_file(p, source=str(p)) for p in B.collect_inputs([corpus])])
    assert any(isinstance(t, BNode) for q in dataset.quads() for t in q[:3])  # batches cut between their triples
    monkeypatch.setattr(store, "LOAD_BATCH_QUADS", 7)
    store.save(dataset, tmp_path, oxigraph=True)
    db = store.open_store(tmp_path)
    assert len(db) == len(dataset)
    same_quads(db, whole(tmp_path / store.GRAPH_FILE))


def test_in_place_update_flushes_as_it_goes(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out"
    B.build([corpus], out, jobs=1, views=False, oxigraph=True)
    paths = B.collect_inputs([corpus])
    for k, p in enumerate(paths[:3]):
        gen.mutate(p, k)
    paths[3].unlink()
    monkeypatch.setattr(B, "OXIGRAPH_FLUSH_TRIPLES", 1)  # a flush after every document
    r = B.build([corpus], out, jobs=1, views=False, oxigraph=True)
    assert r.count("changed") == 3 and r.count("removed") == 1
    same_quads(store.open_store(out), whole(out / store.GRAPH_FILE))


def test_open_store_falls_back_to_the_trig_once_it_changes(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    B.build([corpus], out, jobs=1, views=False, oxigraph=True)
    trig = out / store.GRAPH_FILE
    n = len(store.open_store(out))
    with open(trig, "ab") as fh:  # a new size and mtime: the build's record of the digest no longer applies
        fh.write(b"\n<http://g/extra> { <http://s> <http://p> <http://o> . }\n")
    st = os.stat(trig)
    os.utime(trig, ns=(st.st_atime_ns, st.st_mtime_ns + 1))
    db = store.open_store(out)
    assert len(db) == n + 1
    db.add(pyoxigraph.Quad(*(pyoxigraph.NamedNode(f"http://{c}") for c in "spo")))  # in memory: writable
