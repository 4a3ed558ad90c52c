"""``policykg build``: a corpus of documents → extraction JSON, RDF, the HTML explorer and the ledger.

A build is incremental, parallel and safe:

* **Incremental.** ``out/manifest.json`` (graph/manifest.py) records each document's SHA-256 and
  the extractor version (a source whose size and time are unchanged is not even read: _plan).
  An unchanged document is not re-extracted: its part of ``extraction.json`` and of ``graph.trig``
  (the TriG statements of its named graph) are copied as they are, from the previous outputs
  where the manifest's layout says they are, or from the cache; what it contributes to
  ``graph/shared`` is merged again. A changed document
  replaces its named graph, a removed one disappears, a new extractor version re-extracts all,
  a new RDF mapping (graph/rdf.py) re-derives the graphs from the cached records.
* **Parallel.** Documents are extracted by :func:`document_parts` in worker processes
  (``jobs``); each part is a pure function of the document's bytes and its source name, and the
  corpus outputs are assembled in input order, so any ``jobs`` gives the same bytes.
* **Safe.** Outputs are written into a staging folder inside ``out/`` and moved into place with
  ``os.replace`` at the end, the manifest last. An interrupted build (Ctrl-C, kill, power loss)
  leaves the previous outputs and manifest in place; the next build removes the leftovers and
  converges to the result of an uninterrupted one. A document that cannot be read is reported
  with its path and reason and skipped; the rest of the build completes. Just before the moves
  the old manifest is rewritten without its graph digest (naming both versions of each output),
  so that a build interrupted among them rewrites every output the next time. A damaged cache
  file is noticed when it is read and its document extracted again.
* **Checked.** The manifest records the SHA-256 and size of every output; an output that differs
  (changed by hand, damaged), or a folder without a manifest that holds files, stops the build
  with an error naming the file, unless ``force``.

Why splice rather than ``graph.rdf.to_dataset`` over the whole corpus: at 10,000 documents the
corpus is tens of millions of triples, which an rdflib Dataset cannot hold in 2 GiB or
serialise in minutes; per-document statements are written once and copied afterwards.
``graph.trig`` is still one TriG file (each named graph a ``<graph> { … }`` block of compact
statements, graph/turtle.py) that ``graph.store.load`` and pyoxigraph read as before, isomorphic to
``to_dataset(docs)`` (tests/graph/test_build.py checks it).
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import logging
import os
import pickle
import queue
import re
import shutil
import signal
import stat
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

from extract.errors import InputError, PolicyKGError
from extract.reader import SUPPORTED_SUFFIXES
from extract.records import ExtractedDocument
from graph.atomic import replace_dir
from graph.manifest import (
    CACHE_DIR,
    MANIFEST_FILE,
    Entry,
    Manifest,
    SourcesStat,
    fingerprint,
    graph_version,
    is_recorded,
    load_record,
    read_manifest,
    read_sources_stat,
    read_stat_cache,
    record_stem,
    sha256_bytes,
    write_manifest,
    write_sources_stat,
    write_stat_cache,
)

log = logging.getLogger(__name__)

# Above these many measures the explorer and the ledger are not written by ``build``: both are
# rebuilt from the whole corpus on every build (the ledger ~0.8 s per 1,000 measures, the
# network behind both ~15 ms a document; bench/README.md) and a single page or workbook of that
# size is read by no one; views=True forces them.
EXPLORER_MAX_MEASURES = 10_000
LEDGER_MAX_MEASURES = 10_000
OXIGRAPH_MAX_UPDATES = 200  # documents; more changes than this (or 5%) reload the store in bulk
# In-place updates of documents go through the store's write buffers, flushed after this many
# triples: each flush adds one file per index, where a bulk load per document added one per
# document (683 files instead of 100 after 200 updates at 10,000 documents: overlapping files
# make queries slower), and 200 documents' buffers left unflushed took 0.95 GiB.
OXIGRAPH_FLUSH_TRIPLES = 100_000
# A source modified this close to the start of the build that recorded it may have changed within
# the same timestamp (coarse file system clocks): it is hashed again whatever its size and time.
RACY_NS = 2_000_000_000
STAGING_PREFIX = ".staging-"
# POLICYKG_TEST_HOLD=staging:SECONDS makes a build wait that long once extraction.json is staged,
# and cache:SECONDS makes each extraction wait once its records are cached: the interruption tests
# signal a build at those points, and a small build could otherwise finish before the signal lands.
# The cache hold is in the worker, not the parent, so the parent meets the signal where a user's
# Ctrl-C meets it, waiting for outcomes. Nothing else reads it.
_HOLD = os.environ.get("POLICYKG_TEST_HOLD", "")


def _hold(point: str) -> None:
    name, _, seconds = _HOLD.partition(":")
    if name == point and seconds:
        time.sleep(float(seconds))
LOCK_FILE = ".build.lock"
STATUSES = ("added", "changed", "removed", "unchanged", "refreshed", "failed")
# Every file a build may write into out/ (besides manifest.json, cache/ and the oxigraph/ store);
# manifest.json records each one's digest, so that a file changed or damaged by anyone else is noticed.
OUTPUT_FILES = ("extraction.json", "graph.trig", "graph.html", "ledger.xlsx", "graph.nq", "graph.ttl",
                "graph.jsonld")
# Damaged cache files are re-derived; this many rounds of it in one build, then the build gives up.
CACHE_REPAIR_ROUNDS = 3
_CACHE_ERRORS = (EOFError, pickle.UnpicklingError, OSError, ValueError, AttributeError, ImportError, IndexError,
                 TypeError, KeyError, UnicodeDecodeError)


class BuildError(PolicyKGError):
    """The build cannot run: nothing to build, another build is writing the same folder, or --out holds
    files that are not the ones an earlier build wrote (replaced only with ``force``)."""


class _DamagedCache(Exception):
    """Cache files of these entries cannot be read: extract their documents again."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries = list(entries)
        super().__init__(", ".join(e.source for e in self.entries))


# ------------------------------------------------------------------------------------ inputs


def collect_inputs(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and the supported documents under folders (recursively, sorted for stable order)."""
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found.extend(sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() in SUPPORTED_SUFFIXES
                                and not any(part.startswith(".") for part in q.relative_to(p).parts)))
        else:
            found.append(p)
    return found


# ------------------------------------------------------------------------------ one document

_PAIR = re.compile(r"\[\s+(-?\d+),\s+(-?\d+)\s+\]")


def json_fragment(doc: ExtractedDocument) -> str:
    """The document's object as it appears inside ``extraction.json`` (indented for the list)."""
    from extract.jsonface import indented, to_dict

    text = indented(to_dict(doc))
    return _PAIR.sub(r"[\1, \2]", "\n".join("    " + line for line in text.split("\n")))


def json_document(fragments: Iterable[bytes]) -> Iterator[bytes]:
    """``extraction.json`` from UTF-8 fragments: the bytes of ``extract.jsonface.dumps(docs) + "\\n"``."""
    yield _json_head()
    first = True
    for frag in fragments:
        yield _json_separator(first)
        yield frag
        first = False
    yield _json_tail(first)


def _json_head() -> bytes:
    from extract.jsonface import SCHEMA_VERSION

    return f'{{\n  "schema_version": {SCHEMA_VERSION},\n  "documents": ['.encode()


def _json_separator(first: bool) -> bytes:
    return b"\n" if first else b",\n"


def _json_tail(empty: bool) -> bytes:
    return b"]\n}\n" if empty else b"\n  ]\n}\n"


@dataclass
class GraphPart:
    """One document's share of the RDF: its named graph's statements and what it adds to ``graph/shared``."""

    graph: str  # named graph IRI
    order: str  # sort key (graph.rdf.to_dataset's order)
    body: str  # the graph's triples as TriG statements (graph/turtle.py), without the directives
    triples: int
    shared: Any  # graph.rdf.Shared
    departments: list[str]  # department IRIs named for its measures

    def turtle(self) -> str:
        """The named graph as a Turtle document of its own (``text/turtle``: what a cluster PUTs)."""
        from graph.turtle import header

        return header() + self.body


def graph_part(doc: ExtractedDocument, bnode_prefix: str) -> GraphPart:
    from graph import rdf
    from graph.turtle import statements

    ctx = rdf.DocumentContext(doc, rdf.Shared())
    body, triples = statements(rdf.document_graph_triples(doc, ctx), bnode_prefix)
    departments = sorted({str(rdf.department_iri(d, ctx.adcode)) for m in doc.measures for d in m.departments})
    return GraphPart(str(rdf.graph_iri(ctx.iri)), f"{ctx.key}\0{doc.sha256}", body, triples, ctx.shared,
                     departments)


@dataclass
class Outcome:
    """What a worker sends back: the manifest entry, or why the document failed."""

    source: str
    entry: Entry | None = None
    reason: str | None = None
    summary: str | None = None


def _write_cache(path: Path, data: bytes) -> None:
    """A cache file under a fresh temporary name, then renamed (no fsync: the build syncs once)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def document_parts(data: bytes, *, source: str, suffix: str) -> tuple[ExtractedDocument, str, GraphPart]:
    """Everything a build keeps of one document, as a pure function of its bytes and name.

    This is the function a cluster maps over a corpus (docs/corpora.md): same bytes, same
    records, same JSON and the same TriG statements, in any process.
    """
    from extract.pipeline import EXTRACTOR_VERSION, extract_bytes

    doc = extract_bytes(data, source=source, suffix=suffix)
    stem = record_stem(source, sha256_bytes(data), EXTRACTOR_VERSION)
    return doc, json_fragment(doc), graph_part(doc, stem[:12])


def _work(task: tuple[str, str, str, str, Entry | None]) -> Outcome:
    """Extract one file (``task[0] == "extract"``), or re-derive its graph from the cached record."""
    from extract.pipeline import EXTRACTOR_VERSION
    from graph.summary import summary_text

    kind, path, source, cache, old = task
    cache_dir = Path(cache)
    gv = graph_version()
    summary = None
    try:
        if kind == "extract":
            try:
                data = Path(path).read_bytes()
            except OSError as exc:
                return Outcome(source, reason=f"cannot read: {exc.strerror or exc}")
            sha = sha256_bytes(data)
            stem = record_stem(source, sha, EXTRACTOR_VERSION)
            doc, frag, part = document_parts(data, source=source, suffix=Path(path).suffix.lower())
            _write_cache(cache_dir / f"{stem}.record.pkl", pickle.dumps(doc, protocol=5))
            _write_cache(cache_dir / f"{stem}.frag", frag.encode("utf-8"))
            _hold("cache")  # in the worker: its records are cached, and the parent is free to take a signal
            summary = summary_text([doc])
        else:  # the RDF mapping changed: the records are still good
            assert old is not None
            sha, stem = old.sha256, old.record
            try:
                doc = load_record(cache_dir, stem)
            except Exception:  # noqa: BLE001 - an unreadable cache entry: extract again
                return _work(("extract", path, source, cache, None))
            part = graph_part(doc, stem[:12])
    except PolicyKGError as exc:
        return Outcome(source, reason=str(exc))
    except Exception as exc:  # noqa: BLE001 - one document's bug must not stop a corpus build
        log.debug("extracting %s failed", path, exc_info=True)
        return Outcome(source, reason=f"internal error, please report it: {type(exc).__name__}: {exc}")
    _write_cache(cache_dir / f"{stem}.{gv}.ttl", part.body.encode("utf-8"))
    _write_cache(cache_dir / f"{stem}.{gv}.pkl",
                 pickle.dumps({"shared": part.shared, "departments": part.departments}, protocol=5))
    entry = Entry(source, sha, EXTRACTOR_VERSION, stem, gv, part.graph, part.order, part.triples,
                  len(doc.measures), len(doc.all_indicators()))
    return Outcome(source, entry, summary=summary)


def _worker_init() -> None:
    """Workers leave Ctrl-C to the parent (which cancels them) and die with it (Linux)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


# --------------------------------------------------------------------------------- progress


class Progress(Protocol):
    def start(self, total: int) -> None: ...

    def advance(self, source: str, status: str) -> None: ...

    def phase(self, message: str) -> None: ...


class _Quiet:
    def start(self, total: int) -> None:
        pass

    def advance(self, source: str, status: str) -> None:
        pass

    def phase(self, message: str) -> None:
        pass


# ------------------------------------------------------------------------------------ result


@dataclass
class BuildResult:
    out_dir: Path
    status: dict[str, str] = field(default_factory=dict)  # source → added/changed/…/failed
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    outputs: dict[str, Path] = field(default_factory=dict)  # what → file
    summaries: dict[str, str] = field(default_factory=dict)  # source → summary_text of documents extracted now
    documents: int = 0
    measures: int = 0
    departments: int = 0
    targets: int = 0
    triples: int = 0
    views_skipped: str | None = None  # why graph.html / ledger.xlsx were not written
    skipped_views: list[str] = field(default_factory=list)
    seconds: float = 0.0
    digests: dict[str, str] = field(default_factory=dict)  # staged output name → SHA-256, taken while writing it

    def count(self, status: str) -> int:
        return sum(1 for s in self.status.values() if s == status)

    def counts_line(self) -> str:
        """``documents: 2 added, 1 changed, 0 removed, 7 unchanged, 1 failed; 40 measures, …``"""
        parts = [f"{self.count(s)} {s}" for s in ("added", "changed", "removed", "unchanged")]
        if self.count("refreshed"):
            parts.append(f"{self.count('refreshed')} refreshed")
        parts.append(f"{self.count('failed')} failed")
        return (f"documents: {', '.join(parts)}; corpus: {self.documents} documents, {self.measures} measures, "
                f"{self.departments} departments, {self.targets} targets, {self.triples} triples "
                f"({self.seconds:.1f} s)")


# ------------------------------------------------------------------------------------- build


def build(paths: Sequence[Path], out_dir: Path, *, formats: Sequence[str] = ("trig",), sample: Path | None = None,
          jobs: int | None = None, full: bool = False, views: bool | None = None, oxigraph: bool | None = None,
          progress: Progress | None = None, force: bool = False) -> BuildResult:
    """Extract ``paths`` (files or folders) and bring every output in ``out_dir`` up to date.

    Args:
        paths: Files and folders (searched recursively for .txt, .html, .htm, .docx).
        out_dir: Created if missing; holds the outputs, ``manifest.json`` and ``cache/``.
        formats: RDF serialisations: ``trig`` (always), ``nq``, ``ttl``, ``jsonld``.
        sample: The bundled sample; it is named by its file name rather than its path.
        jobs: Worker processes for extraction (default: the number of cores).
        full: Re-extract every document, whatever the manifest says.
        views: Write graph.html and ledger.xlsx; by default only up to ``VIEW_MAX_MEASURES``.
        oxigraph: Write the on-disk store ``out/oxigraph``; by default from
            ``graph.store.OXIGRAPH_THRESHOLD`` triples on.
        progress: Told about each document and each phase.
        force: Build even if ``out_dir`` holds an output that an earlier build did not write, or
            that was changed or damaged since (it is replaced), or files that are not outputs
            while there is no manifest (they are left alone); and rewrite every output.

    Returns:
        What happened to each document, the corpus counts and the outputs written.

    Raises:
        BuildError: No documents found, another build holds ``out_dir``, or (without ``force``) an
            output in ``out_dir`` is not the one the last build wrote, or ``out_dir`` is someone else's.
    """
    started = time.perf_counter()
    progress = progress or _Quiet()
    inputs = collect_inputs(paths)
    if not inputs:
        raise InputError(f"No documents (.txt, .html, .htm, .docx) found in {', '.join(map(str, paths))}.")
    sources: dict[str, Path] = {}
    for p in inputs:
        sources.setdefault(p.name if sample is not None and p == sample else str(p), p)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with _locked(out_dir):
        for leftover in out_dir.glob(f"{STAGING_PREFIX}*"):  # from a build that was killed
            shutil.rmtree(leftover, ignore_errors=True)
        result = BuildResult(out_dir)
        _build(result, sources, formats, jobs, full, views, oxigraph, progress, force)
    result.seconds = time.perf_counter() - started
    return result


@contextlib.contextmanager
def _locked(out_dir: Path) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no lock
        yield
        return
    fh = open(out_dir / LOCK_FILE, "a+b")  # noqa: SIM115
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            raise BuildError(f"Another 'policykg build' is writing to {out_dir}; wait for it to finish, "
                             f"or pass another --out.") from exc
        yield
    finally:
        fh.close()


def _plan(sources: dict[str, Path], old: Manifest, recorded: SourcesStat, cache_dir: Path, full: bool,
          result: BuildResult, seen: dict[str, list[int]]
          ) -> tuple[dict[str, Entry], list[tuple[str, str, str, str, Entry | None]], dict[str, str]]:
    """Which documents to keep as they are, which to (re-)extract, which to re-derive.

    A source whose size and modification time are those the last build recorded, and which was
    modified well before that build began, is taken to have the digest recorded then (as make and
    git do; reading and hashing 10,000 files took 1 s warm and 5 s from disk). ``seen`` gets the
    size and time of each source, as stat saw them before it was read.
    """
    from extract.pipeline import EXTRACTOR_VERSION

    gv = graph_version()
    keep: dict[str, Entry] = {}
    tasks: list[tuple[str, str, str, str, Entry | None]] = []
    pending: dict[str, str] = {}  # source → status it gets if it succeeds
    for source, path in sources.items():
        e = old.entries.get(source)
        try:
            st = os.stat(path)
            if stat.S_ISDIR(st.st_mode):
                raise IsADirectoryError(21, "Is a directory")
            now = [st.st_size, st.st_mtime_ns]
            if e is not None and recorded.sources.get(source) == now and st.st_mtime_ns < recorded.started_ns - RACY_NS:
                sha = e.sha256
            else:
                sha = sha256_bytes(path.read_bytes())
            seen[source] = now
        except OSError as exc:
            reason = "no such file" if not path.exists() else (exc.strerror or str(exc))
            if path.is_dir():
                reason = "a directory, not a document"
            result.failed.append((str(path), f"cannot read: {reason}"))
            result.status[source] = "failed"
            continue
        if e is None:
            status = "added"
        elif e.sha256 != sha:
            status = "changed"
        else:
            status = "unchanged"
        cached = e is not None and status == "unchanged" and (cache_dir / f"{e.record}.record.pkl").exists() \
            and (cache_dir / f"{e.record}.frag").exists()
        if full or not cached or e.extractor != EXTRACTOR_VERSION:
            tasks.append(("extract", str(path), source, str(cache_dir), None))
            pending[source] = "refreshed" if status == "unchanged" else status
        elif e.graph_version != gv or not (cache_dir / f"{e.record}.{gv}.ttl").exists() \
                or not (cache_dir / f"{e.record}.{gv}.pkl").exists():
            tasks.append(("derive", str(path), source, str(cache_dir), e))
            pending[source] = "refreshed"
        else:
            keep[source] = e
            result.status[source] = "unchanged"
    for source in old.entries:
        if source not in sources:
            result.status[source] = "removed"
    return keep, tasks, pending


def _run(tasks: list, jobs: int | None, progress: Progress) -> Iterator[Outcome]:
    """Outcomes as they finish (in-process for one job or one task, else a process pool)."""
    jobs = max(1, jobs or os.cpu_count() or 1)
    if jobs == 1 or len(tasks) <= 1:
        for t in tasks:
            yield _work(t)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    from ontology.gazetteer import load_gazetteer

    load_gazetteer()  # loaded once here, inherited by forked workers
    ctx = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=ctx, initializer=_worker_init)
    try:
        futures = [pool.submit(_work, t) for t in tasks]
        for f in as_completed(futures):
            yield f.result()
    except BaseException:
        workers = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for p in workers:  # Ctrl-C: do not wait for the documents being extracted
            with contextlib.suppress(Exception):
                p.kill()
        raise
    pool.shutdown()


def _check_out_dir(out_dir: Path, old: Manifest, stats: dict[str, dict[str, Any]]) -> None:
    """Raise BuildError if ``out_dir`` holds a file the last build did not write (or that changed since).

    With a manifest that records the outputs, each output file present must be one of the
    versions it records. Without a manifest, the folder must hold none of our output names and
    nothing else but hidden files and ``cache/``: it is someone else's folder. A manifest that is
    unreadable, or from before outputs were recorded, marks the folder as ours and is not checked.
    """
    from graph import store

    if (out_dir / MANIFEST_FILE).exists():
        if old.outputs is None:
            return
        for name in OUTPUT_FILES:
            path = out_dir / name
            if not os.path.lexists(path):
                continue
            versions = old.outputs.get(name)
            if not versions:
                raise BuildError(f"{path} was not written by 'policykg build' (its manifest.json does not name "
                                 f"it); move it away, or pass --force to replace it.")
            if not is_recorded(path, versions, stats):
                raise BuildError(f"{path} was changed or damaged since the last build (it is not the file "
                                 f"'policykg build' wrote); move it away, or pass --force to replace it.")
        return
    ours = set(OUTPUT_FILES) | {store.OXIGRAPH_DIR}
    entries = sorted(p for p in out_dir.iterdir() if not p.name.startswith(".") and p.name != CACHE_DIR)
    for path in sorted(entries, key=lambda p: p.name not in ours):  # our output names first
        what = "an output" if path.name in ours else "a file"
        raise BuildError(f"{out_dir} is not a policykg build folder (no {MANIFEST_FILE}, yet it holds {path}, "
                         f"{what} that 'policykg build' did not write); use another --out, or pass --force "
                         f"to build into it.")


def _output_versions(out_dir: Path, old: Manifest, staged: dict[str, dict[str, Any]], keep_old: bool,
                     stats: dict[str, dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """What the manifest records of the outputs: the staged version of each, and (``keep_old``, while
    they are being moved into place) the version in ``out_dir`` too; outputs not rewritten as they are."""
    versions: dict[str, list[dict[str, Any]]] = {}
    for name in OUTPUT_FILES:
        target = out_dir / name
        present: list[dict[str, Any]] = []
        if (keep_old or name not in staged) and target.is_file():
            recorded = (old.outputs or {}).get(name, [])
            present = [v for v in recorded if is_recorded(target, [v], stats)] or [fingerprint(target)]
        if name in staged:
            versions[name] = present + [staged[name]] if keep_old else [staged[name]]
        elif present:
            versions[name] = present
    return versions


def _build(result: BuildResult, sources: dict[str, Path], formats: Sequence[str], jobs: int | None, full: bool,
           views: bool | None, oxigraph: bool | None, progress: Progress, force: bool = False) -> None:
    from extract.pipeline import EXTRACTOR_VERSION

    out_dir = result.out_dir
    cache_dir = out_dir / CACHE_DIR
    old = read_manifest(out_dir)
    stats = read_stat_cache(out_dir)
    if not force:
        _check_out_dir(out_dir, old, stats)
    cache_dir.mkdir(exist_ok=True)
    seen = SourcesStat(time.time_ns())
    keep, tasks, pending = _plan(sources, old, read_sources_stat(out_dir), cache_dir, full, result, seen.sources)

    progress.start(len(sources))
    for source in sources:
        if result.status.get(source) in ("unchanged", "failed"):
            progress.advance(source, result.status[source])

    def run(tasks: list, tell: bool = True) -> None:
        # Closed on the way out, so that a Ctrl-C that lands here, between two outcomes, stops the
        # workers at once (_run's except clause) instead of waiting for every queued document at exit.
        with contextlib.closing(_run(tasks, jobs, progress)) as outcomes:
            for outcome in outcomes:
                record(outcome, tell)

    def record(outcome: Outcome, tell: bool) -> None:
        if outcome.entry is None:
            result.failed.append((str(sources[outcome.source]), outcome.reason or "unknown error"))
            result.status[outcome.source] = "failed"
        else:
            keep[outcome.source] = outcome.entry
            result.status[outcome.source] = pending[outcome.source]
            if outcome.summary:
                result.summaries[outcome.source] = outcome.summary
        if tell:
            progress.advance(outcome.source, result.status[outcome.source])

    run(tasks)
    rounds = 0
    while True:
        position = {str(p): i for i, p in enumerate(sources.values())}
        result.failed.sort(key=lambda f: position.get(f[0], len(position)))
        result.summaries = {s: result.summaries[s] for s in sources if s in result.summaries}

        entries = [keep[s] for s in sources if s in keep]  # input order: extraction.json's order
        if not entries:
            return
        changed = any(result.status.get(s) != "unchanged" for s in result.status) or full or force
        new = Manifest(EXTRACTOR_VERSION, graph_version(), {e.source: e for e in entries}, old.trig_sha256)
        outputs_present = (out_dir / "extraction.json").exists() and (out_dir / "graph.trig").exists()
        stage = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir))
        try:
            try:
                _write_outputs(result, entries, new, old, stage, cache_dir, formats, views, oxigraph, progress,
                               rewrite=changed or not outputs_present or old.trig_sha256 == "", stats=stats)
            except _DamagedCache as exc:
                damaged = exc.entries
            else:
                staged = {Path(p).name: fingerprint(Path(p), result.digests.get(Path(p).name))
                          for p in result.outputs.values()
                          if Path(p).parent == stage and Path(p).name in OUTPUT_FILES and Path(p).is_file()}
                if staged:
                    # Until the new manifest is written, out/ holds a mix of old and new outputs:
                    # the old manifest without its graph digest makes the next build rewrite them all,
                    # and it names both versions of each output as ours.
                    write_manifest(dataclasses.replace(old, trig_sha256="",
                                                       outputs=_output_versions(out_dir, old, staged, True,
                                                                                        stats)),
                                   out_dir / MANIFEST_FILE)
                progress.phase("moving the outputs into place")
                fresh = [cache_dir / name for e in entries if result.status.get(e.source) != "unchanged"
                         for name in e.cache_files()]
                _swap(result, stage, out_dir, new.trig_sha256, fresh)
                new.outputs = _output_versions(out_dir, old, staged, False, stats)
                write_manifest(new, out_dir / MANIFEST_FILE)
                write_stat_cache(out_dir, {name: v[0]["sha256"] for name, v in new.outputs.items()})
                write_sources_stat(out_dir, SourcesStat(seen.started_ns, {e.source: seen.sources[e.source]
                                                                          for e in entries if e.source in seen.sources}))
                break
        finally:
            shutil.rmtree(stage, ignore_errors=True)
        rounds += 1
        if rounds >= CACHE_REPAIR_ROUNDS:
            raise BuildError(f"cache files in {cache_dir} cannot be read even after extracting again "
                             f"({', '.join(e.source for e in damaged)}); delete {cache_dir} and build again.")
        log.warning("cache of %d documents damaged: extracting them again", len(damaged))
        progress.phase(f"extracting {len(damaged)} documents again (their cache files were damaged)")
        result.outputs.clear()
        result.digests.clear()
        redo = []
        for e in damaged:
            keep.pop(e.source, None)
            old.entries.pop(e.source, None)  # not what the outputs in out/ were built from any more
            if result.status.get(e.source) == "unchanged":
                result.status[e.source] = "refreshed"
            pending[e.source] = result.status.get(e.source, "refreshed")
            redo.append(("extract", str(sources[e.source]), e.source, str(cache_dir), None))
        run(redo, tell=False)
    result.outputs["manifest"] = out_dir / MANIFEST_FILE
    _collect_garbage(cache_dir, new)


def merge_shared(parts: Iterable[Any]) -> Any:
    """Merge per-document ``graph.rdf.Shared`` values in to_dataset's document order."""
    from graph.rdf import Shared

    total = Shared()
    for s in parts:
        for iri, names in s.body_names.items():
            total.body_names[iri].update(names)
        for iri, alts in s.body_alts.items():
            total.body_alts[iri] |= alts
        for iri, kind in s.body_kind.items():
            total.body_kind.setdefault(iri, kind)
        total.places |= s.places
        for iri, info in s.cited.items():
            mine = total.cited.setdefault(iri, {"title": set(), "number": set(), "key": set()})
            for k, v in info.items():
                mine.setdefault(k, set()).update(v)
        for iri, names in s.programmes.items():
            total.programmes[iri] |= names
        for iri, names in s.indicators.items():
            total.indicators[iri] |= names
        total.units.update(s.units)
        total.years |= s.years
        total.corpus |= s.corpus
    return total


class _Hashing:
    """A binary file that also hashes (the Oxigraph stamp) and counts (``size``) what goes through it.

    The digest is taken in a second thread, beside the writes (hashlib lets go of the GIL for
    large buffers): for the 1.6 GB graph.trig of 10,000 documents that is 1 s less per build.
    """

    def __init__(self, fh: IO[bytes]) -> None:
        self.fh, self.size = fh, 0
        self._sha = hashlib.sha256()
        self._pending: queue.Queue[bytes | None] = queue.Queue(maxsize=32)  # bounds what waits in memory
        self._thread = threading.Thread(target=self._hash, name="graph-digest", daemon=True)
        self._thread.start()

    def _hash(self) -> None:
        while (data := self._pending.get()) is not None:
            self._sha.update(data)

    def write(self, data: bytes) -> None:
        self.fh.write(data)
        self._pending.put(data)
        self.size += len(data)

    def hexdigest(self) -> str:
        """The digest of everything written; no writes after it."""
        self.close()
        return self._sha.hexdigest()

    def close(self) -> None:
        if self._thread.is_alive():
            self._pending.put(None)
            self._thread.join()

    def __enter__(self) -> _Hashing:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Splice:
    """An output written from new bytes and from byte ranges of its previous version (``old``, an
    open file, or None). Ranges that follow each other are read as one: the previous output is
    read in one sequential pass, 1.4 GB/s from disk, where the 10,000 small cache files of the
    same bytes read at 0.2 GB/s once they were out of the page cache (after a full build's store
    load, 10 s of a rebuild).
    """

    CHUNK = 16 << 20

    def __init__(self, out: _Hashing, old: IO[bytes] | None) -> None:
        self.out, self.old = out, old
        self._run: list[int] | None = None  # [start, end) of the previous version, not yet copied

    @property
    def size(self) -> int:
        return self.out.size + (self._run[1] - self._run[0] if self._run else 0)

    def write(self, data: bytes) -> None:
        self.flush()
        self.out.write(data)

    def copy(self, start: int, end: int) -> None:
        if self._run is not None and self._run[1] == start:
            self._run[1] = end
        else:
            self.flush()
            self._run = [start, end]

    def flush(self) -> None:
        if self._run is None:
            return
        assert self.old is not None
        start, end = self._run
        self._run = None
        self.old.seek(start)
        while start < end:
            chunk = self.old.read(min(self.CHUNK, end - start))
            if not chunk:
                raise BuildError(f"{self.old.name} changed while the build was reading it; build again.")
            self.out.write(chunk)
            start += len(chunk)


@contextlib.contextmanager
def _open_or_none(path: Path | None) -> Iterator[IO[bytes] | None]:
    if path is None:
        yield None
        return
    with open(path, "rb") as fh:
        yield fh


def _previous(out_dir: Path, name: str, old: Manifest, stats: dict[str, dict[str, Any]]) -> Path | None:
    """``out_dir/name`` when it is the output ``old`` describes the layout of (then its parts can be
    copied), else None: no layout, a build interrupted among its moves, a file changed since."""
    path = out_dir / name
    versions = (old.outputs or {}).get(name, [])
    if not old.layout or not old.trig_sha256 or len(versions) != 1:
        return None
    return path if is_recorded(path, versions, stats) else None


def _read_cached(cache_dir: Path, e: Entry, name: str, damaged: list[Entry]) -> bytes | None:
    """The bytes of one of ``e``'s cache files, or None with ``e`` added to ``damaged`` (it is extracted again)."""
    try:
        return (cache_dir / name).read_bytes()
    except OSError as exc:
        log.debug("cache file %s of %s unreadable: %s", name, e.source, exc)
        damaged.append(e)
        return None


def _write_outputs(result: BuildResult, entries: list[Entry], new: Manifest, old: Manifest, stage: Path,
                   cache_dir: Path, formats: Sequence[str], views: bool | None, oxigraph: bool | None,
                   progress: Progress, rewrite: bool, stats: dict[str, dict[str, Any]]) -> None:
    from graph import rdf, store, turtle

    result.documents = len(entries)
    result.measures = sum(e.measures for e in entries)
    result.targets = sum(e.targets for e in entries)
    gv = new.graph_version
    in_graph_order = sorted(entries, key=lambda e: (e.order, e.source))

    skipped = [name for name, limit in (("graph.html", EXPLORER_MAX_MEASURES), ("ledger.xlsx", LEDGER_MAX_MEASURES))
               if views is False or (views is None and result.measures > limit)]
    if skipped:
        result.views_skipped = (f"{' and '.join(skipped)} not written: " + (
            "--no-views" if views is False else
            f"{result.measures} measures, more than {LEDGER_MAX_MEASURES if 'ledger.xlsx' in skipped else EXPLORER_MAX_MEASURES}"
        ) + "; write views of part of the corpus with 'policykg html --bureau NAME' and 'policykg ledger', "
            "or pass --views")
    result.skipped_views = skipped
    missing: list[str] = []
    if not rewrite:  # nothing changed and every output is there: leave them alone
        new.trig_sha256 = old.trig_sha256
        for name, what in (("extraction.json", "json"), ("graph.trig", "trig"), ("oxigraph", "oxigraph"),
                           ("graph.html", "html"),
                           ("ledger.xlsx", "ledger"), ("graph.nq", "nq"), ("graph.ttl", "ttl"),
                           ("graph.jsonld", "jsonld")):
            if (result.out_dir / name).exists() and name not in skipped:
                result.outputs[what] = result.out_dir / name
        missing = [f for f in formats if f not in result.outputs]
        missing += [n for n, w in (("html", "graph.html"), ("ledger", "ledger.xlsx")) if w not in skipped
                    and n not in result.outputs]
        new.layout = old.layout  # of the outputs left as they are
        if not missing and old.departments >= 0 and old.shared_triples >= 0:
            # the counts of the build that wrote these outputs: merging 10,000 documents' shared
            # parts again only to count them took 5 s of a 8 s build that changed nothing
            new.departments, new.shared_triples = old.departments, old.shared_triples
            result.departments = old.departments
            result.triples = sum(e.triples for e in entries) + old.shared_triples
            return

    progress.phase("merging the shared graph")
    departments: set[str] = set()

    damaged: list[Entry] = []

    def shared_parts() -> Iterator[Any]:
        for e in in_graph_order:
            try:
                with open(cache_dir / f"{e.record}.{gv}.pkl", "rb") as fh:
                    obj = pickle.load(fh)  # noqa: S301 - our own cache, written by this build code
                parts = set(obj["departments"]), obj["shared"]
            except _CACHE_ERRORS as exc:  # a damaged cache file: the document is extracted again
                log.debug("cache of %s unreadable: %s", e.source, exc)
                damaged.append(e)
                continue
            departments.update(parts[0])
            yield parts[1]

    shared = merge_shared(shared_parts())
    if damaged:
        raise _DamagedCache(damaged)
    result.departments = new.departments = len(departments)
    shared_body, shared_triples = turtle.statements(rdf.shared_triples(shared), "shared")
    new.shared_triples = shared_triples
    result.triples = sum(e.triples for e in entries) + shared_triples
    if not rewrite and not missing:  # only the counts were unknown (a manifest of an earlier version)
        return

    progress.phase("writing extraction.json")
    # An unchanged document's parts are copied from the previous outputs where the manifest says
    # they are (_Splice), the others from the cache (as bytes: decoding and encoding 558 MB at
    # 10,000 documents took 2 s). Either way the bytes are those of json_document and a fresh build.
    previous = {name: _previous(result.out_dir, name, old, stats) for name in ("extraction.json", "graph.trig")}
    reuse = {s for s, e in new.entries.items() if old.entries.get(s) == e and s in old.layout}
    layout: dict[str, list[int]] = {}
    with open(stage / "extraction.json", "wb") as raw, _Hashing(raw) as out, \
            _open_or_none(previous["extraction.json"]) as before:
        splice = _Splice(out, before)
        splice.write(_json_head())
        first = True
        for e in entries:
            sep = _json_separator(first)
            at = old.layout[e.source] if before is not None and e.source in reuse else None
            begin = splice.size
            if at is not None:
                sep_start, start, end = at[0], at[1], at[2]
                if start - sep_start == len(sep):  # the same separator before it: copy that too
                    splice.copy(sep_start, end)
                else:
                    splice.write(sep)
                    splice.copy(start, end)
            else:
                frag = _read_cached(cache_dir, e, f"{e.record}.frag", damaged)
                # a fragment is one indented object, which a lost tail or a foreign file is not
                if frag is None or not (frag.startswith(b"    {") and frag.endswith(b"}")):
                    if frag is not None:
                        damaged.append(e)
                    continue
                splice.write(sep)
                splice.write(frag)
            layout[e.source] = [begin, begin + len(sep), splice.size]
            first = False
        splice.write(_json_tail(first))
    result.digests["extraction.json"] = out.hexdigest()
    if damaged:
        raise _DamagedCache(damaged)
    result.outputs["json"] = stage / "extraction.json"
    _hold("staging")

    progress.phase("writing graph.trig")
    with open(stage / store.GRAPH_FILE, "wb") as raw, _Hashing(raw) as out, \
            _open_or_none(previous["graph.trig"]) as before:
        splice = _Splice(out, before)
        splice.write(turtle.header().encode("utf-8"))
        cuts = [splice.size]  # where the Oxigraph store's bulk load may cut the file (store.load_pieces)
        for e in in_graph_order:
            begin = splice.size
            if before is not None and e.source in reuse:
                splice.copy(*old.layout[e.source][3:5])
            else:
                body = _read_cached(cache_dir, e, f"{e.record}.{gv}.ttl", damaged)
                if body is None:
                    continue
                splice.write(b"".join((f"\n<{e.graph}> {{\n".encode(), body, b"}\n")))
            cuts.append(splice.size)
            if e.source in layout:
                layout[e.source] += [begin, splice.size]
        splice.write(f"\n<{rdf.SHARED_GRAPH}> {{\n{shared_body}}}\n".encode("utf-8"))
        cuts.append(splice.size)
    new.trig_sha256 = result.digests["graph.trig"] = out.hexdigest()
    new.layout = layout
    if damaged:
        raise _DamagedCache(damaged)
    result.outputs["trig"] = stage / store.GRAPH_FILE

    if "nq" in formats:  # from graph.trig, parsed and written in Rust as it streams
        import pyoxigraph

        progress.phase("writing graph.nq")
        pyoxigraph.serialize(pyoxigraph.parse(path=str(stage / store.GRAPH_FILE), format=pyoxigraph.RdfFormat.TRIG),
                             str(stage / "graph.nq"), pyoxigraph.RdfFormat.N_QUADS)
        result.outputs["nq"] = stage / "graph.nq"
    other = [f for f in formats if f in ("ttl", "jsonld")]
    if other:  # no streaming writer for these: through rdflib (slow beyond ~1M triples)
        progress.phase(f"writing {', '.join('graph.' + f for f in other)}")
        dataset = store.load(stage / store.GRAPH_FILE)
        scratch = stage / ".formats"
        for fmt, path in store.save(dataset, scratch, other, oxigraph=False).items():
            if fmt != "trig":
                os.replace(path, stage / path.name)
                result.outputs[fmt] = stage / path.name
        shutil.rmtree(scratch, ignore_errors=True)
        del dataset

    if oxigraph or (oxigraph is None and result.triples >= store.OXIGRAPH_THRESHOLD):
        progress.phase("updating the Oxigraph store")
        result.outputs["oxigraph"] = _oxigraph(stage, result.out_dir, old, new, shared_body, cuts)

    want_explorer = views if views is not None else result.measures <= EXPLORER_MAX_MEASURES
    want_ledger = views if views is not None else result.measures <= LEDGER_MAX_MEASURES
    if want_explorer or want_ledger:
        progress.phase("writing " + " and ".join(n for n, w in (("graph.html", want_explorer),
                                                               ("ledger.xlsx", want_ledger)) if w))
        network = corpus_network(entries, cache_dir, shared)
        from graph.html import write_html
        from graph.ledger import write_ledger
        from graph.lookup import write_cache

        write_cache(stage, network, new.trig_sha256)  # the lookups' cache, so the first lookup needs no rebuild

        if want_explorer:
            result.outputs["html"] = write_html(network, stage / "graph.html")
        if want_ledger:
            result.outputs["ledger"] = write_ledger(network, stage / "ledger.xlsx")


def _oxigraph(stage: Path, out_dir: Path, old: Manifest, new: Manifest, shared_body: str,
              cuts: Sequence[int]) -> Path:
    """Bring ``out/oxigraph`` up to date with the staged graph.trig (``cuts``: its block boundaries).

    When the store is the one of the previous build (its stamp is the previous graph.trig's
    digest), only the named graphs of changed, added and removed documents and ``graph/shared``
    are replaced, in place; the stamp is removed first and written again only after graph.trig
    is swapped in (:func:`_swap`), so an interrupted update leaves a store that nothing trusts
    (``graph.store.open_store`` falls back to graph.trig) and that the next build reloads.
    Otherwise the staged graph.trig is bulk-loaded into a new store, a few named graphs at a time
    (in one piece it peaks at 2.3 GiB at 10,000 documents: graph/store.py), swapped in with the rest.
    """
    import pyoxigraph

    from graph import rdf, store, turtle

    header = turtle.header().encode("utf-8")
    live = out_dir / store.OXIGRAPH_DIR
    stamp = live / store.OXIGRAPH_STAMP
    graphs_new = [e.graph for e in new.entries.values()]
    graphs_old = [e.graph for e in old.entries.values()]
    changed = sum(1 for s, e in new.entries.items() if old.entries.get(s) != e) + sum(
        1 for s in old.entries if s not in new.entries)
    current = (old.trig_sha256 and stamp.exists() and stamp.read_text(encoding="ascii").strip() == old.trig_sha256
               and len(set(graphs_new)) == len(graphs_new) and len(set(graphs_old)) == len(graphs_old)
               # replacing graphs one by one is for a few changes; a bulk load is faster for many
               and changed <= max(OXIGRAPH_MAX_UPDATES, len(new.entries) // 20))
    if not current:
        target = stage / store.OXIGRAPH_DIR
        db = pyoxigraph.Store(str(target))
        store.load_pieces(db, stage / store.GRAPH_FILE, cuts)
        store.finish_load(db)
        del db
        (target / store.OXIGRAPH_STAMP).write_text(new.trig_sha256, encoding="ascii")
        return target
    stamp.unlink()
    cache_dir = out_dir / CACHE_DIR
    db = pyoxigraph.Store(str(live))
    for source, e in old.entries.items():
        if new.entries.get(source) != e:
            db.remove_graph(pyoxigraph.NamedNode(e.graph))
    buffered = 0
    for source, e in new.entries.items():
        if old.entries.get(source) != e:
            db.remove_graph(pyoxigraph.NamedNode(e.graph))
            db.load(input=header + (cache_dir / f"{e.record}.{e.graph_version}.ttl").read_bytes(),
                    format=pyoxigraph.RdfFormat.TURTLE, to_graph=pyoxigraph.NamedNode(e.graph))
            buffered += e.triples
            if buffered >= OXIGRAPH_FLUSH_TRIPLES:
                db.flush()
                buffered = 0
    # graph/shared is one graph of ~80,000 triples at 10,000 documents, of which a few changes
    # bring a few in and take a few out: removing and loading it whole took 3 s, the difference 0.3 s
    shared = pyoxigraph.NamedNode(str(rdf.SHARED_GRAPH))
    now = {q.triple for q in pyoxigraph.parse(header + shared_body.encode("utf-8"), format=pyoxigraph.RdfFormat.TURTLE)}
    before = {q.triple for q in db.quads_for_pattern(None, None, None, shared)}
    for t in before - now:
        db.remove(pyoxigraph.Quad(t.subject, t.predicate, t.object, shared))
    db.extend(pyoxigraph.Quad(t.subject, t.predicate, t.object, shared) for t in now - before)
    db.flush()
    del db
    return live


class _TripleIndex:
    """The one call ``graph.network.to_network`` makes on a graph, ``triples((None, p, o))``, over lists.

    Building an rdflib Graph costs ~15 µs a triple; this costs a list append.
    """

    def __init__(self) -> None:
        self.by_predicate: dict[Any, list[tuple[Any, Any]]] = defaultdict(list)
        self._seen: set[tuple[Any, Any, Any]] = set()

    def add_all(self, triples: Iterable[tuple[Any, Any, Any]]) -> None:
        seen, index = self._seen, self.by_predicate
        for t in triples:
            if t not in seen:
                seen.add(t)
                index[t[1]].append((t[0], t[2]))

    def graph(self) -> Any:
        from rdflib import Graph

        index = self.by_predicate

        class _Indexed(Graph):
            def triples(self, pattern, context=None):  # type: ignore[override]  # noqa: ANN001
                s, p, o = pattern
                if p is None:
                    raise NotImplementedError("_TripleIndex answers (s, p, o) patterns with p given")
                for subj, obj in index.get(p, ()):
                    if (s is None or subj == s) and (o is None or obj == o):
                        yield subj, p, obj

            def __len__(self) -> int:
                return sum(len(v) for v in index.values())

        return _Indexed()


def corpus_network(entries: Sequence[Entry], cache_dir: Path, shared: Any) -> Any:
    """``graph.network.to_network`` of the corpus, from the cached records (no rdflib Dataset)."""
    from graph import rdf
    from graph.network import to_network

    index = _TripleIndex()
    damaged: list[Entry] = []
    for e in entries:
        try:
            doc = load_record(cache_dir, e.record)
        except _CACHE_ERRORS as exc:  # a damaged cache file: the document is extracted again
            log.debug("cached record of %s unreadable: %s", e.source, exc)
            damaged.append(e)
            continue
        if not damaged:
            index.add_all(rdf.document_graph_triples(doc, rdf.DocumentContext(doc, rdf.Shared())))
    if damaged:
        raise _DamagedCache(damaged)
    index.add_all(rdf.shared_triples(shared))
    return to_network(index.graph())


def network_of_build(out_dir: Path, trig_sha256: str) -> Any | None:
    """The NetworkX view of a build folder from its per-document cache (:func:`corpus_network`),
    or None when that cache does not describe the ``graph.trig`` whose SHA-256 is ``trig_sha256``
    (another build, another graph/rdf.py) or is damaged.

    The lookups' way in when their own cache is stale: some ten times faster than parsing
    graph.trig with rdflib, in a fraction of the memory.
    """
    from graph.manifest import graph_version

    manifest = read_manifest(out_dir)
    if not manifest.entries or manifest.trig_sha256 != trig_sha256 or manifest.graph_version != graph_version():
        return None
    cache_dir = out_dir / CACHE_DIR
    entries = sorted(manifest.entries.values(), key=lambda e: (e.order, e.source))
    parts = []
    try:
        for e in entries:
            with open(cache_dir / f"{e.record}.{e.graph_version}.pkl", "rb") as fh:
                parts.append(pickle.load(fh)["shared"])  # noqa: S301 - our own cache, written by this build code
        return corpus_network(entries, cache_dir, merge_shared(parts))
    except (*_CACHE_ERRORS, _DamagedCache) as exc:
        log.debug("the build cache of %s cannot make the network: %s", out_dir, exc)
        return None


def _swap(result: BuildResult, stage: Path, out_dir: Path, trig_sha256: str, fresh: Iterable[Path]) -> None:
    """Move the staged outputs into ``out_dir``; drop views that were not rebuilt.

    First the staged outputs and the cache files written by this build (``fresh``) are fsynced,
    so that they are on disk before anything points at them. (``os.sync()`` did that for every
    file of the machine: on a shared one, that waits for everyone's writes.)
    """
    from graph import store

    staged = {what: p for what, p in result.outputs.items() if Path(p).parent == stage}
    in_place = [Path(result.outputs["oxigraph"])] if "oxigraph" in result.outputs and "oxigraph" not in staged else []
    _fsync([*(Path(p) for p in staged.values()), *in_place, *fresh])
    for what, p in staged.items():
        target = out_dir / Path(p).name
        if Path(p).is_dir():
            replace_dir(p, target, f"{STAGING_PREFIX}old-{target.name}-{os.getpid()}")
        else:
            os.replace(p, target)
        result.outputs[what] = target
    from graph.lookup import CACHE_NAME

    if (stage / CACHE_NAME).exists():  # after graph.trig: a cache is only ever beside the graph it is of
        os.replace(stage / CACHE_NAME, out_dir / CACHE_NAME)
    stamp = out_dir / store.OXIGRAPH_DIR / store.OXIGRAPH_STAMP
    if "oxigraph" in result.outputs and not stamp.exists():  # updated in place: trusted again from now on
        stamp.write_text(trig_sha256, encoding="ascii")
    if "oxigraph" not in result.outputs and (out_dir / store.OXIGRAPH_DIR).exists():
        shutil.rmtree(out_dir / store.OXIGRAPH_DIR, ignore_errors=True)  # stale: from a bigger build
    for name in result.skipped_views:
        (out_dir / name).unlink(missing_ok=True)  # views of an older corpus would contradict the graph


def _fsync(paths: Iterable[Path]) -> None:
    """fsync these files (a folder: every file under it) and the folders that hold them."""
    folders: set[Path] = set()

    def one(path: Path, directory: bool = False) -> None:
        try:
            fd = os.open(path, os.O_RDONLY | (getattr(os, "O_DIRECTORY", 0) if directory else 0))
        except OSError:  # gone (a cache file collected by a concurrent clean-up): nothing to make durable
            return
        try:
            os.fsync(fd)
        except OSError:  # pragma: no cover - a file system without fsync on folders (Windows)
            pass
        finally:
            os.close(fd)

    for p in paths:
        if p.is_dir():
            for sub in p.rglob("*"):
                if sub.is_file():
                    one(sub)
                    folders.add(sub.parent)
            folders.add(p)
        else:
            one(p)
        folders.add(p.parent)
    if os.name == "posix":  # a folder's entries (the new names) are durable once it is fsynced
        for f in sorted(folders):
            one(f, directory=True)


def _collect_garbage(cache_dir: Path, manifest: Manifest) -> None:
    """Delete cache files the manifest no longer names (changed, removed, or from killed builds)."""
    keep = manifest.cache_files()
    for p in cache_dir.iterdir():
        if p.name not in keep:
            with contextlib.suppress(OSError):
                p.unlink()
