"""``policykg build``: documents → extraction JSON, RDF, the HTML explorer and the ledger in one folder.

Every output is written to a temporary file and renamed into place, so a failed or interrupted
build leaves the previous outputs intact. A document that cannot be read is reported with its
path and reason and skipped; the rest of the build completes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from extract.errors import InputError, PolicyKGError
from extract.reader import SUPPORTED_SUFFIXES
from extract.records import ExtractedDocument


@dataclass
class BuildResult:
    out_dir: Path
    documents: list[ExtractedDocument] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    outputs: dict[str, Path] = field(default_factory=dict)  # what → file


def collect_inputs(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and the supported documents under folders (recursively, sorted for stable order)."""
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found.extend(sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() in SUPPORTED_SUFFIXES
                                and not q.name.startswith(".")))
        else:
            found.append(p)
    return found


def build(paths: Sequence[Path], out_dir: Path, *, formats: Sequence[str] = ("trig",), sample: Path | None = None,
          progress: Callable[[str], None] | None = None) -> BuildResult:
    """Extract ``paths`` (files or folders) and write every output into ``out_dir``."""
    from extract import extract_file
    from extract.jsonface import dumps
    from graph.atomic import write_atomic

    result = BuildResult(out_dir)
    inputs = collect_inputs(paths)
    if not inputs:
        raise InputError(f"No documents (.txt, .html, .docx) found in {', '.join(map(str, paths))}.")
    for p in inputs:
        try:
            source = p.name if sample is not None and p == sample else str(p)
            result.documents.append(extract_file(p, source=source))
            if progress:
                progress(f"extracted {p}")
        except PolicyKGError as exc:
            result.failed.append((str(p), str(exc)))
    if not result.documents:
        return result
    out_dir.mkdir(parents=True, exist_ok=True)
    result.outputs["json"] = write_atomic(out_dir / "extraction.json", dumps(result.documents) + "\n")
    _graph_outputs(result, formats)
    return result


def _graph_outputs(result: BuildResult, formats: Sequence[str]) -> None:
    """RDF, then the views built from it: the NetworkX graph for the HTML explorer, and the ledger."""
    from graph import rdf, store

    dataset = rdf.to_dataset(result.documents)
    for fmt, path in store.save(dataset, result.out_dir, formats).items():
        result.outputs[fmt] = path
    from graph.html import write_html
    from graph.ledger import write_ledger
    from graph.network import to_network

    network = to_network(dataset)
    result.outputs["html"] = write_html(network, result.out_dir / "graph.html")
    result.outputs["ledger"] = write_ledger(dataset, result.out_dir / "ledger.xlsx")
