"""Writing and reading the built graph: ``out/graph.trig`` (+ .ttl/.nq/.jsonld, + an Oxigraph store).

``policykg build`` calls :func:`save`; every later command calls :func:`load` (an rdflib
Dataset, for validation and the NetworkX view) or :func:`open_store` (a pyoxigraph Store, for
SPARQL). Files are written to a temporary name in the same directory and moved into place with
``os.replace``, so a reader never sees half a graph.

Store choice, measured by bench/bench_sparql.py on a generated corpus of 993k triples (2 cores,
p50 of the example queries; rdflib's memory store → Oxigraph in memory): shared-responsibility
1534 → 69 ms, lead-counts 5008 → 166 ms, targets-due 3728 → 252 ms; loading graph.trig 43 s →
2.9 s at 1.8 GiB → 0.65 GiB peak. So SPARQL always runs on pyoxigraph: the TriG is loaded into
an in-memory Store per command (milliseconds for one document). From ``OXIGRAPH_THRESHOLD``
triples on, ``save`` also writes an on-disk store ``out/oxigraph/`` that a one-shot
``policykg sparql`` opens in 0.06 s instead of re-parsing the TriG (its queries are 2-5x slower
than in memory, still 10x faster than rdflib); ``policykg serve`` always loads into memory.
The build itself: ``to_dataset(docs)`` on rdflib's memory store peaks at 1.6 GiB for 1M
triples, ``to_dataset(docs, store="Oxigraph")`` at 0.9 GiB, and then serializes in Rust.

On-disk stores are loaded in pieces (:func:`load_pieces`, :func:`write_oxigraph`), then
compacted once (:func:`finish_load`). pyoxigraph's ``Store.bulk_load`` of a whole file holds a
batch of a million quads per core while it indexes them: the 28.7M quads of a 10,000-document
graph.trig took 1.5 GiB within 15 s and peaked at 2.4 GiB. Pieces of ``LOAD_PIECE_BYTES`` of
TriG, ``LOAD_THREADS`` at a time, peak at 0.49 GiB, flat from the first piece to the last (what
counts is the quads in a piece: 32 MiB of graph.trig's compact statements peaked at 1.20 GiB,
32 MiB when they were N-Triples, 2.7 times fewer quads, at 0.54 GiB; 64 MiB of N-Triples at
0.99 GiB, and no bigger piece was faster). Each piece's index files join the store as they
are, overlapping the others, and queries ran 2x slower on them until ``Store.optimize()``
merged them (100–180 s; then about as fast as after one bulk load, and the store is 5.5 GB
instead of 9.0). Pieces and compaction took 273 s where one bulk load took 312 s; with 12 MiB
pieces of compact statements 233 s + 183 s, with 32 MiB ones 257 s + 112 s (one run each).
"""

from __future__ import annotations

import hashlib
import itertools
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from graph.atomic import replace_dir, write_atomic
from extract.errors import PolicyKGError

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import Dataset

GRAPH_FILE = "graph.trig"
OXIGRAPH_DIR = "oxigraph"
OXIGRAPH_STAMP = "SOURCE-SHA256"  # digest of the graph.trig the on-disk store was loaded from
OXIGRAPH_THRESHOLD = 200_000  # triples; below this an in-memory load of graph.trig is instant
# Loading an on-disk store in pieces bounds its memory (module docstring): bytes of TriG per
# Store.bulk_load call (~210,000 quads of graph.trig's compact statements), and calls at once
# (each parses and indexes its piece in parallel with the other; the peak grows with both).
LOAD_PIECE_BYTES = 12 << 20
LOAD_THREADS = 2
LOAD_BATCH_QUADS = 200_000  # quads per Store.bulk_extend call when the TriG cannot be cut (write_oxigraph)

# format name → (file name, rdflib serializer, pyoxigraph format name)
FORMATS: dict[str, tuple[str, str, str]] = {
    "trig": ("graph.trig", "trig", "TRIG"),
    "ttl": ("graph.ttl", "turtle", "TURTLE"),
    "nq": ("graph.nq", "nquads", "N_QUADS"),
    "jsonld": ("graph.jsonld", "json-ld", "JSON_LD"),
}


class GraphStoreError(PolicyKGError):
    """The built graph is missing, unreadable or corrupt."""


def _atomic_write(path: Path, data: bytes) -> None:
    write_atomic(path, data)


def _serialize(dataset: Dataset, fmt: str) -> bytes:
    from graph.rdf import PREFIXES, union_graph

    _, rdflib_format, _ = FORMATS[fmt]
    if type(dataset.store).__name__ == "OxigraphStore" and fmt in ("trig", "nq"):
        # a corpus built with to_dataset(store="Oxigraph"): serialize in Rust (1.6 s instead of 47 s at 1M)
        return dataset.serialize(format=f"ox-{'trig' if fmt == 'trig' else 'nquads'}", encoding="utf-8")
    if fmt == "ttl":  # Turtle has no named graphs: the union, with the prefixes
        g = union_graph(dataset)
        for prefix, ns in PREFIXES.items():
            g.bind(prefix, ns, override=True)
        return g.serialize(format="turtle", encoding="utf-8")
    if fmt == "jsonld":
        context = {prefix: ns for prefix, ns in PREFIXES.items()}
        return dataset.serialize(format="json-ld", context=context, encoding="utf-8", auto_compact=True)
    return dataset.serialize(format=rdflib_format, encoding="utf-8")


def save(dataset: Dataset, out_dir: str | os.PathLike[str], formats: Sequence[str] = ("trig",), *,
         oxigraph: bool | None = None) -> dict[str, Path]:
    """Write the graph into ``out_dir``; returns ``{format: path}`` of what was written.

    Args:
        dataset: The graph of :func:`graph.rdf.to_dataset`.
        out_dir: Created if missing.
        formats: Any of ``trig`` (always written: later commands read it), ``ttl``, ``nq``, ``jsonld``.
        oxigraph: Also write the on-disk store ``out_dir/oxigraph``; by default only from
            ``OXIGRAPH_THRESHOLD`` triples on.

    Raises:
        GraphStoreError: an unknown format, or the directory cannot be written.
    """
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        choices = ", ".join(f"'{f}'" for f in FORMATS)
        raise GraphStoreError(f"Unknown graph format {unknown[0]!r}: choose from {choices}.")
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
        written: dict[str, Path] = {}
        trig = _serialize(dataset, "trig")
        _atomic_write(out / GRAPH_FILE, trig)
        written["trig"] = out / GRAPH_FILE
        for fmt in dict.fromkeys(formats):
            if fmt != "trig":
                path = out / FORMATS[fmt][0]
                _atomic_write(path, _serialize(dataset, fmt))
                written[fmt] = path
        big = len(dataset) >= OXIGRAPH_THRESHOLD
        if oxigraph or (oxigraph is None and big):
            written["oxigraph"] = write_oxigraph(trig, out)
        elif (out / OXIGRAPH_DIR).exists():  # a store from an older, bigger build would be stale
            shutil.rmtree(out / OXIGRAPH_DIR)
    except OSError as exc:
        raise GraphStoreError(f"Could not write the graph to {out}: {exc.strerror or exc}. "
                              f"Check that the directory is writable, or pass --out DIR.") from exc
    return written


def write_oxigraph(trig: bytes, out: Path) -> Path:
    """Bulk-load ``trig`` into ``out/oxigraph`` (built beside it, then swapped in), in bounded memory."""
    import pyoxigraph

    target = out / OXIGRAPH_DIR
    tmp = Path(tempfile.mkdtemp(prefix=".oxigraph.", dir=out))
    try:
        store = pyoxigraph.Store(str(tmp))
        # Any TriG (prefixed names, blank nodes shared across graphs) has no place to cut it:
        # parsed once, its quads go in in batches instead (as fast as bulk_load at 1M quads).
        quads = pyoxigraph.parse(trig, format=pyoxigraph.RdfFormat.TRIG)
        while batch := list(itertools.islice(quads, LOAD_BATCH_QUADS)):
            store.bulk_extend(batch)
        finish_load(store)
        del store
        (tmp / OXIGRAPH_STAMP).write_text(hashlib.sha256(trig).hexdigest(), encoding="ascii")
        replace_dir(tmp, target, f".oxigraph.old.{os.getpid()}")
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


def load_pieces(store: pyoxigraph.Store, path: Path, cuts: Sequence[int]) -> None:
    """Bulk-load the TriG file ``path`` into ``store`` in pieces of about ``LOAD_PIECE_BYTES``.

    ``cuts`` are where the file may be cut, ascending: where its first ``<graph> { … }`` block
    starts (what comes before, the ``@prefix`` lines, is put before every piece) and where each
    block ends, the last one the end of the file. A blank node label means one node within a
    piece only, so no label may be used in two blocks (in graph.trig each document's labels
    carry its own prefix, and graph/shared's are "shared"). Call :func:`finish_load` afterwards.
    """
    import pyoxigraph

    pieces: list[tuple[int, int]] = []
    start = cuts[0]
    for end in cuts[1:]:
        if end - start >= LOAD_PIECE_BYTES:
            pieces.append((start, end))
            start = end
    if start < cuts[-1]:
        pieces.append((start, cuts[-1]))

    def load(piece: tuple[int, int]) -> None:
        with open(path, "rb") as fh:  # read when its turn comes: at most LOAD_THREADS pieces in memory
            data = fh.read(cuts[0])
            fh.seek(piece[0])
            data += fh.read(piece[1] - piece[0])
        store.bulk_load(data, format=pyoxigraph.RdfFormat.TRIG)

    # bulk_load releases the GIL; leaving the with block waits for the pieces being loaded, so
    # after an error or Ctrl-C nothing writes into a store that the caller is about to delete
    with ThreadPoolExecutor(LOAD_THREADS, thread_name_prefix="oxigraph-load") as pool:
        futures = [pool.submit(load, piece) for piece in pieces]
        try:
            for f in futures:
                f.result()
        except BaseException:
            for f in futures:
                f.cancel()
            raise


def finish_load(store: pyoxigraph.Store) -> None:
    """Merge the index files that loading in pieces left overlapping (queries ran 2x slower on them)."""
    store.flush()
    store.optimize()


def graph_file(graph_dir: str | os.PathLike[str]) -> Path:
    """``DIR/graph.trig`` for a directory, or the file itself; a clear error when it is missing."""
    p = Path(graph_dir)
    path = p / GRAPH_FILE if p.is_dir() else p
    if not path.exists():
        where = p if p.is_dir() or not p.suffix else p.parent
        raise GraphStoreError(f"No graph at {path}: build one first with 'policykg build FILE... --out {where}', "
                              f"or point --graph at a directory that has {GRAPH_FILE}.")
    if path.is_dir():
        raise GraphStoreError(f"{path} is a directory, not a graph file; pass the directory that holds {GRAPH_FILE}.")
    return path


def _unreadable(path: Path, exc: OSError) -> GraphStoreError:
    return GraphStoreError(f"Cannot read the graph {path}: {exc.strerror or exc}. "
                           f"Check its permissions, or rebuild it with 'policykg build'.")


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise _unreadable(path, exc) from exc


_RDFLIB_FORMATS = {".trig": "trig", ".nq": "nquads", ".ttl": "turtle", ".jsonld": "json-ld", ".nt": "nt"}


def load(graph_dir: str | os.PathLike[str] = "out", *, store: str = "default") -> Dataset:
    """The built graph as an rdflib Dataset (default graph = union of the named graphs).

    Args:
        graph_dir: A build directory (reads ``graph.trig``) or a graph file (.trig/.nq/.ttl/.jsonld).
        store: rdflib store plugin; ``"Oxigraph"`` parses and stores in Rust (big corpora).

    Raises:
        GraphStoreError: the graph is missing, unreadable or not valid RDF.
    """
    from graph.rdf import new_dataset

    path = graph_file(graph_dir)
    data = _read(path)
    fmt = _RDFLIB_FORMATS.get(path.suffix)
    if fmt is None:
        raise GraphStoreError(f"Cannot tell the RDF format of {path}: name it .trig, .nq, .ttl or .jsonld.")
    ds = new_dataset(store)
    try:
        if store == "Oxigraph" and fmt in ("trig", "nquads", "turtle"):
            ds.parse(data=data, format={"trig": "ox-trig", "nquads": "ox-nquads", "turtle": "ox-turtle"}[fmt])
        else:
            ds.parse(data=data, format=fmt)
    except Exception as exc:  # rdflib raises many kinds (BadSyntax, ParserError, ValueError, SyntaxError)
        raise GraphStoreError(f"The graph {path} is not valid {fmt}: {_first_line(exc)}. "
                              f"Rebuild it with 'policykg build'.") from exc
    return ds


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return " ".join(text.split())[:300]


def open_store(graph_dir: str | os.PathLike[str] = "out", *, in_memory: bool = False) -> pyoxigraph.Store:
    """A pyoxigraph Store over the built graph, for SPARQL.

    Opens ``DIR/oxigraph`` read-only when it was loaded from the current ``graph.trig`` (a
    one-shot ``policykg sparql`` then skips parsing the TriG); otherwise, or with
    ``in_memory=True`` (the server: it loads once and queries run several times faster from
    memory), loads the graph file into an in-memory store.
    """
    import pyoxigraph

    path = graph_file(graph_dir)
    disk = path.parent / OXIGRAPH_DIR
    stamp = disk / OXIGRAPH_STAMP
    if not in_memory and path.name == GRAPH_FILE and stamp.exists():
        if stamp.read_text(encoding="ascii").strip() == trig_sha256(path):
            try:
                return pyoxigraph.Store.read_only(str(disk))
            except OSError:
                pass  # a damaged store: fall back to the TriG, which is the source of truth
    fmt = pyoxigraph.RdfFormat.from_extension(path.suffix.lstrip(".")) if path.suffix else None
    if fmt is None:
        raise GraphStoreError(f"Cannot tell the RDF format of {path}: name it .trig, .nq, .ttl or .jsonld.")
    store = pyoxigraph.Store()
    try:
        with open(path, "rb") as fh:  # parsed as it is read: a copy of a 4 GB file would double the memory
            store.bulk_load(fh, format=fmt)
    except (SyntaxError, ValueError) as exc:
        raise GraphStoreError(f"The graph {path} is not valid {fmt.name}: {_first_line(exc)}. "
                              f"Rebuild it with 'policykg build'.") from exc
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    return store


def trig_sha256(path: Path) -> str:
    """The digest of a build's graph.trig: the build's record of it while the file's size and mtime are the
    recorded ones (hashing the 4.4 GB of 10,000 documents took 8 s, opening the store 0.02 s), else read."""
    from graph.manifest import read_stat_cache, sha256_file

    try:
        st = os.stat(path)
        known = read_stat_cache(path.parent).get(path.name)
        if known is not None and (known["size"], known["mtime_ns"]) == (st.st_size, st.st_mtime_ns):
            return known["sha256"]
        return sha256_file(path)
    except OSError as exc:
        raise _unreadable(path, exc) from exc


def named_graphs(dataset: Dataset) -> Iterable:
    """The non-empty named graphs of a dataset, sorted by IRI (what ``push`` sends)."""
    from rdflib import URIRef

    return sorted((g for g in dataset.graphs() if isinstance(g.identifier, URIRef) and len(g)
                   and str(g.identifier) != "urn:x-rdflib:default"), key=lambda g: str(g.identifier))
