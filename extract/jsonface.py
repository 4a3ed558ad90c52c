"""The JSON face of the extractor: ``policykg extract FILE --format json``.

The shape is documented in README.md. ``to_dict`` and ``from_dict`` round-trip, so
that other tools (and the tests) can build records from JSON without re-extracting.
"""

from __future__ import annotations

import json
import re
from typing import Any

from extract.records import (
    Comparator,
    Convention,
    DepartmentMention,
    Diagnostic,
    ExtractedDocument,
    Frequency,
    Indicator,
    Jurisdiction,
    Measure,
    PolicyReference,
    Programme,
    Role,
    RoleRule,
    Section,
    SectionStyle,
    Span,
)

SCHEMA_VERSION = 1


def _span(s: Span | None) -> list[int] | None:
    return None if s is None else s.as_list()


def _unspan(text: str, pair: list[int] | None) -> Span | None:
    return None if pair is None else Span.of(text, pair[0], pair[1])


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def department_dict(d: DepartmentMention) -> dict[str, Any]:
    return {
        "name": d.name,
        "canonical": d.canonical,
        "role": d.role.value,
        "collective": d.collective,
        "span": d.span.as_list(),
        "resolved": d.resolved,
        "department_id": d.department_id,
        "rule": d.rule.value,
        "rank": d.rank,
        "clause": d.clause.as_list(),
        "scope": d.scope.as_list(),
    }


def indicator_dict(i: Indicator) -> dict[str, Any]:
    return {
        "text": i.span.text,
        "subject": i.subject,
        "value": _number(i.value),
        "unit": i.unit,
        "comparator": i.comparator.value,
        "year": i.year,
        "frequency": None if i.frequency is None else i.frequency.value,
        "span": i.span.as_list(),
        "printed_value": i.printed_value,
        "unit_text": i.unit_text,
        "deadline": i.deadline,
        "basis": i.basis,
        "change": i.change,
        "base": i.base,
        "base_year": i.base_year,
        "measure": i.measure,
    }


def section_dict(s: Section) -> dict[str, Any]:
    return {
        "number": s.path_str,
        "printed": s.marker_span.text,
        "style": s.style.value,
        "depth": s.depth,
        "order": s.order,
        "title": s.title,
        "span": s.span.as_list(),
        "title_span": _span(s.title_span),
    }


def measure_dict(m: Measure) -> dict[str, Any]:
    return {
        "number": m.number,
        "title": m.title,
        "path": list(m.path),
        "span": m.span.as_list(),
        "departments": [department_dict(d) for d in m.departments],
        "indicators": [indicator_dict(i) for i in m.indicators],
        "programmes": [p.name for p in m.programmes],
        "deadline": m.deadline,
        "deadline_year": m.deadline_year,
        "style": m.section.style.value,
        "order": m.section.order,
        "marker": m.section.marker_span.as_list(),
    }


def to_dict(doc: ExtractedDocument) -> dict[str, Any]:
    """One document as the JSON object of the documented shape (extra fields included)."""
    j = doc.jurisdiction
    return {
        "source": doc.source,
        "title": doc.title,
        "issuer": doc.issuer,
        "date": doc.date,
        "doc_number": doc.doc_number,
        "jurisdiction": None if j is None else j.name,
        "jurisdiction_adcode": None if j is None else j.adcode,
        "jurisdiction_level": None if j is None else j.level,
        "addressees": [a.text for a in doc.addressees],
        "spans": {
            "title": _span(doc.title_span),
            "issuer": _span(doc.issuer_span),
            "date": _span(doc.date_span),
            "doc_number": _span(doc.doc_number_span),
            "addressees": [a.as_list() for a in doc.addressees],
        },
        "sha256": doc.sha256,
        "format": doc.format,
        "encoding": doc.encoding,
        "length": len(doc.text),
        "references": [
            {"title": r.title, "doc_number": r.doc_number, "relation": r.relation, "span": r.span.as_list()}
            for r in doc.references
        ],
        "measures": [measure_dict(m) for m in doc.measures],
        "indicators": [indicator_dict(i) for i in doc.indicators],
        "programmes": [
            {"name": p.name, "span": p.span.as_list(), "measure": p.measure} for p in doc.programmes
        ],
        "sections": [section_dict(s) for s in doc.sections],
        "conventions": [
            {
                "kind": c.kind,
                "text": c.span.text,
                "span": c.span.as_list(),
                "departments": [department_dict(d) for d in c.departments],
            }
            for c in doc.conventions
        ],
        "diagnostics": [
            {"level": d.level, "message": d.message, "span": _span(d.span)} for d in doc.diagnostics
        ],
    }


def to_json_obj(docs: list[ExtractedDocument]) -> dict[str, Any]:
    return {"schema_version": SCHEMA_VERSION, "documents": [to_dict(d) for d in docs]}


_PAIR = re.compile(r"\[\s+(-?\d+),\s+(-?\d+)\s+\]")


def dumps(docs: list[ExtractedDocument]) -> str:
    """The JSON text, indented, with each ``[start, end]`` pair kept on one line."""
    return _PAIR.sub(r"[\1, \2]", indented(to_json_obj(docs)))


def indented(obj: Any) -> str:
    """``obj`` as JSON indented by two spaces, non-ASCII as is: the text of
    ``json.dumps(obj, ensure_ascii=False, indent=2)`` (orjson: the standard library's indenting
    encoder is pure Python, and the JSON was a tenth of a corpus build's time per document)."""
    import orjson

    return orjson.dumps(obj, option=orjson.OPT_INDENT_2).decode("utf-8")


# ---------------------------------------------------------------- back from JSON


def _department(text: str, d: dict[str, Any]) -> DepartmentMention:
    return DepartmentMention(
        span=Span.of(text, *d["span"]),
        name=d["name"],
        canonical=d["canonical"],
        role=Role(d["role"]),
        rule=RoleRule(d["rule"]),
        rank=d["rank"],
        collective=d["collective"],
        resolved=d["resolved"],
        department_id=d["department_id"],
        clause=Span.of(text, *d["clause"]),
        scope=Span.of(text, *d["scope"]),
    )


def _indicator(text: str, i: dict[str, Any]) -> Indicator:
    return Indicator(
        span=Span.of(text, *i["span"]),
        subject=i["subject"],
        value=float(i["value"]),
        printed_value=i["printed_value"],
        unit=i["unit"],
        unit_text=i["unit_text"],
        comparator=Comparator(i["comparator"]),
        year=i["year"],
        deadline=i["deadline"],
        frequency=None if i["frequency"] is None else Frequency(i["frequency"]),
        basis=i["basis"],
        measure=i["measure"],
        change=i.get("change"),  # absent from extractions written before 0.1.0+ added them
        base=i.get("base"),
        base_year=i.get("base_year"),
    )


def _section(text: str, s: dict[str, Any]) -> Section:
    path = tuple(s["number"].split("."))
    span = Span.of(text, *s["span"])
    marker = s["printed"]
    return Section(
        number=path[-1],
        path=path,
        style=SectionStyle(s["style"]),
        depth=s["depth"],
        order=s["order"],
        title=s["title"],
        title_span=_unspan(text, s["title_span"]),
        span=span,
        marker_span=Span.of(text, span.start, span.start + len(marker)) if marker else span,
    )


def _measure_section(text: str, m: dict[str, Any], span: Span) -> Section:
    """The section of a measure that is not in the section tree (a task-table row, a paragraph)."""
    title = m["title"]
    marker = Span.of(text, *m["marker"]) if m.get("marker") else Span.of(text, span.start, span.start + 1)
    title_span = None
    if title:
        at = text.find(title, span.start, span.end)
        title_span = Span.of(text, at, at + len(title)) if at >= 0 else None
    return Section(m["path"][-1], tuple(m["path"]), SectionStyle(m.get("style", "paragraph")), len(m["path"]),
                   m.get("order", 1), title, title_span, span, marker)


def from_dict(obj: dict[str, Any], text: str) -> ExtractedDocument:
    """Rebuild an ExtractedDocument from ``to_dict`` output and the document's text."""
    sections = tuple(_section(text, s) for s in obj["sections"])
    by_path = {s.path_str: s for s in sections}
    programmes = tuple(
        Programme(Span.of(text, *p["span"]), p["name"], p["measure"]) for p in obj["programmes"]
    )
    measures = []
    for m in obj["measures"]:
        span = Span.of(text, *m["span"])
        measures.append(
            Measure(
                number=m["number"],
                path=tuple(m["path"]),
                title=m["title"],
                span=span,
                section=by_path.get(m["number"]) or _measure_section(text, m, span),
                departments=tuple(_department(text, d) for d in m["departments"]),
                indicators=tuple(_indicator(text, i) for i in m["indicators"]),
                programmes=tuple(p for p in programmes if p.measure == m["number"]),
                deadline=m.get("deadline"),
                deadline_year=m.get("deadline_year"),
            )
        )
    sp = obj.get("spans", {})
    j = obj.get("jurisdiction")
    return ExtractedDocument(
        source=obj["source"],
        text=text,
        sha256=obj["sha256"],
        title=obj["title"],
        title_span=_unspan(text, sp.get("title")),
        issuer=obj["issuer"],
        issuer_span=_unspan(text, sp.get("issuer")),
        date=obj["date"],
        date_span=_unspan(text, sp.get("date")),
        doc_number=obj["doc_number"],
        doc_number_span=_unspan(text, sp.get("doc_number")),
        jurisdiction=None if j is None else Jurisdiction(j, obj.get("jurisdiction_adcode"), obj.get("jurisdiction_level")),
        addressees=tuple(Span.of(text, *a) for a in sp.get("addressees", [])),
        sections=sections,
        measures=tuple(measures),
        indicators=tuple(_indicator(text, i) for i in obj["indicators"]),
        references=tuple(
            PolicyReference(Span.of(text, *r["span"]), r["title"], r["doc_number"], r["relation"])
            for r in obj["references"]
        ),
        programmes=programmes,
        conventions=tuple(
            Convention(c["kind"], Span.of(text, *c["span"]), tuple(_department(text, d) for d in c["departments"]))
            for c in obj["conventions"]
        ),
        diagnostics=tuple(
            Diagnostic(d["level"], d["message"], _unspan(text, d["span"])) for d in obj["diagnostics"]
        ),
        format=obj.get("format", "txt"),
        encoding=obj.get("encoding", "utf-8"),
    )
