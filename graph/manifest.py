"""The build manifest and the per-document cache that make ``policykg build`` incremental.

``out/manifest.json`` maps each source path to the SHA-256 of its bytes, the extractor version
that read it, and the names of its cache files under ``out/cache/``:

* ``{record}.record.pkl``: the ExtractedDocument itself (pickled: ``jsonface.from_dict`` does
  not give back the sections of task-table measures exactly, and their IRIs depend on them);
* ``{record}.frag``: the document's part of ``extraction.json``, ready to splice;
* ``{record}.{graph}.ttl``: the triples of its named graph (TriG statements, graph/turtle.py), ready to splice;
* ``{record}.{graph}.pkl``: what it contributes to ``graph/shared`` (departments, places, cited
  policies …), merged across the corpus at every build.

Cache names are content addresses (``record`` hashes the source, the bytes' digest and the
extractor version; ``graph`` the RDF mapping's version), so a file is never rewritten in place:
an interrupted build leaves only unreferenced files, which the next build removes. The manifest
is written last, atomically; until it is replaced the previous build's cache files are the ones
it names, and they are untouched.

>>> m = Manifest()
>>> m.entries["a.txt"] = Entry("a.txt", "ab" * 32, "0.1.0", "r1", "g1", "https://w3id.org/cpkg/id/graph/x", "doc|x", 3, 1, 0)
>>> Manifest.from_json(m.to_json()).entries["a.txt"].record
'r1'
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import pickle
from dataclasses import dataclass, field, fields
from importlib import resources
from pathlib import Path
from typing import Any

from extract.jsonface import indented
from graph.atomic import write_atomic

MANIFEST_FILE = "manifest.json"
STAT_FILE = ".outputs-stat.json"  # size and mtime of the outputs: spares hashing them (read_stat_cache)
SOURCES_STAT_FILE = ".sources-stat.json"  # size and mtime of the sources: spares reading them (read_sources_stat)
CACHE_DIR = "cache"
MANIFEST_FORMAT = 1
# Bump when build.py changes what it writes into the cache: the records and JSON fragments
# (CACHE_FORMAT: re-extracts), the named graphs' files (GRAPH_CACHE_FORMAT: re-derives them from the records).
CACHE_FORMAT = "1"
GRAPH_CACHE_FORMAT = "2"  # 2: compact TriG statements (.ttl) instead of N-Triples lines (.nt)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Entry:
    """One document of the last build."""

    source: str  # as given on the command line (the sample: its file name)
    sha256: str  # of the file's bytes
    extractor: str  # extract.pipeline.EXTRACTOR_VERSION that read it
    record: str  # cache stem of the extraction
    graph_version: str  # graph_version() its RDF fragments were made with
    graph: str  # IRI of its named graph
    order: str  # graph.rdf.document_key: the order of named graphs in graph.trig
    triples: int
    measures: int
    targets: int

    def cache_files(self) -> tuple[str, ...]:
        """Names (under ``cache/``) of this document's cache files."""
        return (f"{self.record}.record.pkl", f"{self.record}.frag", f"{self.record}.{self.graph_version}.ttl",
                f"{self.record}.{self.graph_version}.pkl")


_ENTRY_FIELDS = tuple(f.name for f in fields(Entry) if f.name != "source")  # as written in manifest.json


@dataclass
class Manifest:
    extractor: str = ""
    graph_version: str = ""
    entries: dict[str, Entry] = field(default_factory=dict)
    # digest of the graph.trig written with this manifest (the on-disk Oxigraph store is stamped with it)
    trig_sha256: str = ""
    # output file name → the versions of it this build folder may hold, each {"sha256", "size"}
    # (two while the outputs are being moved into place: the old and the new one);
    # None for a manifest written before outputs were recorded (nothing to check them against)
    outputs: dict[str, list[dict[str, Any]]] | None = None
    # the corpus counts the outputs were written with (a build that changes nothing reports them); -1: unknown
    departments: int = -1
    shared_triples: int = -1  # triples of graph/shared
    # source → where its parts are in the outputs this manifest records: [start of the separator
    # before its object in extraction.json, start and end of the object, start and end of its
    # named graph's block in graph.trig]. The next build copies unchanged parts from there.
    layout: dict[str, list[int]] = field(default_factory=dict)

    def to_json(self) -> str:
        obj: dict[str, Any] = {
            "format": MANIFEST_FORMAT,
            "extractor": self.extractor,
            "graph_version": self.graph_version,
            "trig_sha256": self.trig_sha256,
            "departments": self.departments,
            "shared_triples": self.shared_triples,
            "documents": {s: {k: getattr(e, k) for k in _ENTRY_FIELDS} for s, e in sorted(self.entries.items())},
        }
        if self.outputs is not None:
            obj["outputs"] = {name: self.outputs[name] for name in sorted(self.outputs)}
        if self.layout:
            obj["layout"] = {s: self.layout[s] for s in sorted(self.layout)}
        # orjson and getattr: json.dumps with an indent (pure Python) and dataclasses.asdict took
        # 1.3 s for the 10,000 entries of a corpus, at each of the two writes of a build
        return indented(obj) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        obj = json.loads(text)
        if obj.get("format") != MANIFEST_FORMAT:
            raise ValueError(f"manifest format {obj.get('format')!r}, expected {MANIFEST_FORMAT}")
        entries = {s: Entry(source=s, **e) for s, e in obj["documents"].items()}
        outputs = obj.get("outputs")
        if outputs is not None:
            outputs = {str(name): [{"sha256": str(v["sha256"]), "size": int(v["size"])} for v in versions]
                       for name, versions in outputs.items()}
        return cls(obj.get("extractor", ""), obj.get("graph_version", ""), entries, obj.get("trig_sha256", ""),
                   outputs, int(obj.get("departments", -1)), int(obj.get("shared_triples", -1)),
                   {str(s): [int(x) for x in at] for s, at in obj.get("layout", {}).items() if len(at) == 5})

    def cache_files(self) -> set[str]:
        """Names (under ``cache/``) of every file this manifest refers to."""
        names: set[str] = set()
        for e in self.entries.values():
            names.update(e.cache_files())
        return names


def read_manifest(out_dir: Path) -> Manifest:
    """The manifest of the last build in ``out_dir``; an empty one if there is none or it is unreadable."""
    path = Path(out_dir) / MANIFEST_FILE
    try:
        return Manifest.from_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Manifest()
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("ignoring %s (%s): rebuilding every document", path, exc)
        return Manifest()


def write_manifest(manifest: Manifest, path: Path) -> Path:
    write_atomic(path, manifest.to_json())
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)  # mkstemp makes 0600; the manifest is as readable as any output
    return path


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            h.update(block)
    return h.hexdigest()


def fingerprint(path: Path, sha256: str | None = None) -> dict[str, Any]:
    """What the manifest records of an output file: its digest and size."""
    return {"sha256": sha256 or sha256_file(path), "size": os.stat(path).st_size}


def read_stat_cache(out_dir: Path) -> dict[str, dict[str, Any]]:
    """``STAT_FILE``: output name → {"sha256", "size", "mtime_ns"} when the build last wrote or checked it.

    Only a shortcut (a file of the same size and mtime is not hashed again), kept out of
    manifest.json so that the manifest's bytes do not depend on when the build ran.
    """
    try:
        obj = json.loads((Path(out_dir) / STAT_FILE).read_text(encoding="utf-8"))
        return {str(k): {"sha256": str(v["sha256"]), "size": int(v["size"]), "mtime_ns": int(v["mtime_ns"])}
                for k, v in obj.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


@dataclass(frozen=True)
class SourcesStat:
    """What the last build saw of its sources: source → [size, mtime_ns] before it read them, and
    when it began (graph.build._plan). A shortcut like STAT_FILE, kept out of manifest.json for the
    same reason; missing or stale, it only costs reading the sources again."""

    started_ns: int = 0
    sources: dict[str, list[int]] = field(default_factory=dict)


def read_sources_stat(out_dir: Path) -> SourcesStat:
    try:
        obj = json.loads((Path(out_dir) / SOURCES_STAT_FILE).read_text(encoding="utf-8"))
        return SourcesStat(int(obj["started_ns"]), {str(k): [int(v[0]), int(v[1])] for k, v in obj["sources"].items()})
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return SourcesStat()


def write_sources_stat(out_dir: Path, seen: SourcesStat) -> None:
    write_atomic(Path(out_dir) / SOURCES_STAT_FILE,
                 indented({"started_ns": seen.started_ns, "sources": dict(sorted(seen.sources.items()))}) + "\n")


def write_stat_cache(out_dir: Path, digests: dict[str, str]) -> None:
    """Record the size and mtime of the output files named in ``digests`` (name → sha256)."""
    stats = {}
    for name, digest in sorted(digests.items()):
        try:
            st = os.stat(Path(out_dir) / name)
        except OSError:
            continue
        stats[name] = {"sha256": digest, "size": st.st_size, "mtime_ns": st.st_mtime_ns}
    try:
        write_atomic(Path(out_dir) / STAT_FILE, json.dumps(stats, indent=1) + "\n")
    except OSError as exc:  # only a shortcut
        log.debug("cannot write %s: %s", STAT_FILE, exc)


def is_recorded(path: Path, versions: list[dict[str, Any]], stat_cache: dict[str, dict[str, Any]] | None = None
                ) -> bool:
    """Whether the file ``path`` is one of ``versions`` (same size and digest).

    The digest is taken from ``stat_cache`` when the file's size and mtime are the ones recorded there.
    """
    try:
        st = os.stat(path)
    except OSError:
        return False
    if not os.path.isfile(path):
        return False
    digests = {v["sha256"] for v in versions if v["size"] == st.st_size}
    if not digests:
        return False
    known = (stat_cache or {}).get(Path(path).name)
    if known is not None and known["size"] == st.st_size and known["mtime_ns"] == st.st_mtime_ns:
        return known["sha256"] in digests
    try:
        return sha256_file(path) in digests
    except OSError:
        return False


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def record_stem(source: str, sha256: str, extractor: str) -> str:
    """Cache name of one extraction: a function of what it was extracted from and with."""
    return hashlib.sha256(f"{CACHE_FORMAT}\0{extractor}\0{sha256}\0{source}".encode()).hexdigest()[:32]


@functools.lru_cache(maxsize=1)
def graph_version() -> str:
    """A digest of the code and data that map records to RDF (graph/rdf.py, the vocabulary, places)
    and write it (graph/turtle.py).

    Cached graph fragments made by another version are re-derived from the cached records,
    without re-extracting.
    """
    h = hashlib.sha256(f"{CACHE_FORMAT}\0{GRAPH_CACHE_FORMAT}".encode())
    for package, name in (("graph", "rdf.py"), ("graph", "turtle.py"), ("ontology", "namespace.py"),
                          ("ontology", "places.tsv")):
        try:
            h.update(resources.files(package).joinpath(name).read_bytes())
        except (FileNotFoundError, OSError):  # pragma: no cover - an installation without the file
            h.update(name.encode())
    return h.hexdigest()[:12]


def load_record(cache_dir: Path, stem: str) -> Any:
    """The cached ExtractedDocument (our own file, written by graph.build)."""
    with open(cache_dir / f"{stem}.record.pkl", "rb") as fh:
        return pickle.load(fh)  # noqa: S301
