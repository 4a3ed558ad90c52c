"""Extracted records → RDF: one named graph per document, plus one shared graph.

The model is the one of ``/work/shared/docs/ontology-notes.md`` §2 and the vocabulary is
``ontology/policy.ttl``. IRIs are functions of what a thing is, never of run order:

* a document is ``doc/{h16("doc|" + canon(title))}``, so a document and a citation of it
  (same title up to full-width/half-width, dashes and quotes) are the same node;
* a department is ``org/{adcode}/{code}`` from ``DepartmentMention.department_id``
  ("370783/fgj"), and an unresolved name is ``org/{adcode}/x-{h16}``, so the same bureau in
  two documents of one county is one node;
* sections and measures follow the printed numbering (``{doc}/~l1_2__l2_1__l3_1``), targets
  hash their indicator, statistic, basis and deadline, spans are ``{plaintext}#char=s,e``.

Graph layout (the choice the lead asked to document): each document's own facts (the document,
its text, sections, measures, responsibilities, targets, relations, spans and mentions) live
in ``graph/{doc h16}``; things several documents share (departments, places, cited policies
outside the corpus, programmes, indicators, units, years) live once in ``graph/shared``. A
push therefore replaces one document without touching the others, and a shared node is never
duplicated across graphs. Queries run over the union of all graphs.

>>> h16("doc|寿光市县域经济高质量发展工作方案(2024-2025年)")
'wtljjx6p3dgt4qi3'
>>> canon("《山东省县域经济高质量发展三年行动方案（2023—2025年）》")
'山东省县域经济高质量发展三年行动方案(2023-2025年)'
"""

from __future__ import annotations

import base64
import contextlib
import functools
import hashlib
import re
import threading
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import PurePath
from typing import TYPE_CHECKING

from rdflib import RDF, XSD, BNode, Dataset, Graph, Literal, URIRef

from extract.records import (
    Comparator,
    DepartmentMention,
    ExtractedDocument,
    Frequency,
    Indicator,
    Measure,
    PolicyReference,
    Programme,
    Role,
    RoleRule,
    Section,
    SectionStyle,
    Span,
)
from ontology.namespace import BASIS, CMP, CPKG, FREQ, REL, ROLE, STAT, SUBT
from ontology.vocab import DCAT, DCTERMS, ELI, ITSRDF, OA, PROV, SCHEMA, SKOS, TIME, UNIT

if TYPE_CHECKING:
    from rdflib.term import Node

Triple = tuple["Node", "Node", "Node"]

BASE = "https://w3id.org/cpkg/id/"
ZHO = URIRef("http://publications.europa.eu/resource/authority/language/ZHO")
SHARED_GRAPH = URIRef(BASE + "graph/shared")
UNKNOWN_ADCODE = "000000"  # jurisdiction the extractor could not determine

PREFIXES = {
    "cpkg": str(CPKG), "role": str(ROLE), "cmp": str(CMP), "basis": str(BASIS), "stat": str(STAT),
    "freq": str(FREQ), "subt": str(SUBT), "rel": str(REL), "eli": str(ELI), "org": "http://www.w3.org/ns/org#",
    "skos": str(SKOS), "dcterms": str(DCTERMS), "dcat": str(DCAT), "prov": str(PROV), "oa": str(OA),
    "itsrdf": str(ITSRDF), "time": str(TIME), "schema": str(SCHEMA), "unit": str(UNIT), "xsd": str(XSD),
    "cpid": BASE,
}


class _Terms:
    """A namespace whose terms are made once. rdflib makes a new URIRef at every ``NS.term``
    (and a closed DefinedNamespace checks the name first), ~1.5 µs each; a document's graph
    asks for ~2,500 of them, most of them RDF.type and the same dozen predicates."""

    def __init__(self, namespace: object) -> None:
        self._namespace = namespace
        self._items: dict[str, URIRef] = {}

    def __getattr__(self, name: str) -> URIRef:  # only called the first time: then it is an attribute
        if name.startswith("__"):
            raise AttributeError(name)
        term = getattr(self._namespace, name)
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> URIRef:
        term = self._items.get(name)
        if term is None:
            term = self._items[name] = self._namespace[name]  # type: ignore[index]
        return term

    def __str__(self) -> str:
        return str(self._namespace)


RDF, XSD, CPKG, ROLE, CMP, BASIS, STAT, FREQ, SUBT, REL = (  # type: ignore[misc,assignment]
    _Terms(ns) for ns in (RDF, XSD, CPKG, ROLE, CMP, BASIS, STAT, FREQ, SUBT, REL))
DCAT, DCTERMS, ELI, ITSRDF, OA, PROV, SCHEMA, SKOS, TIME, UNIT = (  # type: ignore[misc,assignment]
    _Terms(ns) for ns in (DCAT, DCTERMS, ELI, ITSRDF, OA, PROV, SCHEMA, SKOS, TIME, UNIT))

# ------------------------------------------------------------------ canonical keys and hashes

_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u301c\uff5e~]")
_DROP = re.compile("[《》〈〉<>“”‘’\"'「」『』\\s\u3000]")
_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "【": "〔", "】": "〕", "［": "〔", "］": "〕"})


def canon(s: str) -> str:
    """The key form of a name: NFKC, one dash, 〔〕 brackets, no quotes or whitespace."""
    s = unicodedata.normalize("NFKC", s)
    s = _DASHES.sub("-", s).translate(_BRACKETS)
    return _DROP.sub("", s)


def h16(key: str) -> str:
    """``base32(sha256(utf8(key))).lower()[:16]`` (80 bits)."""
    return base64.b32encode(hashlib.sha256(key.encode("utf-8")).digest()).decode("ascii").lower()[:16]


def h10(key: str) -> str:
    """The first 10 characters of :func:`h16`, for nodes named inside a parent."""
    return h16(key)[:10]


def document_key(title: str | None, sha256: str = "") -> str:
    """``doc|canon(title)``; a document without a title is keyed by its text digest."""
    return f"doc|{canon(title)}" if title and canon(title) else f"doc|sha256|{sha256}"


def document_iri(title: str | None, sha256: str = "") -> URIRef:
    return URIRef(f"{BASE}doc/{h16(document_key(title, sha256))}")


def graph_iri(doc_iri: URIRef) -> URIRef:
    """The named graph of a document: ``graph/{doc h16}``."""
    return URIRef(f"{BASE}graph/{str(doc_iri).rsplit('/', 1)[1]}")


_DEPT_ID = re.compile(r"^([0-9]{6}(?:[0-9]{6})?)/([a-z0-9]+)$")


def department_iri(mention: DepartmentMention, adcode: str | None) -> URIRef:
    """``org/370783/fgj`` from ``department_id``; ``org/{adcode}/x-{h16}`` for unresolved names."""
    m = _DEPT_ID.match(mention.department_id or "")
    if m:
        return URIRef(f"{BASE}org/{m.group(1)}/{m.group(2)}")
    ad = adcode or UNKNOWN_ADCODE
    return URIRef(f"{BASE}org/{ad}/x-{h16(f'org|{ad}|{canon(mention.canonical or mention.name)}')}")


def place_iri(adcode: str) -> URIRef:
    return URIRef(f"{BASE}place/{adcode}")


def year_iri(year: int) -> URIRef:
    return URIRef(f"{BASE}year/{year}")


# ------------------------------------------------------------------ places (GB/T 2260)


@functools.lru_cache(maxsize=1)
def _places() -> dict[str, tuple[str, str, str]]:
    """adcode → (name, level, parent adcode) from ontology/places.tsv."""
    rows: dict[str, tuple[str, str, str]] = {}
    text = resources.files("ontology").joinpath("places.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#") or line.startswith("adcode\t"):
            continue
        cells = line.split("\t")
        cells += [""] * (4 - len(cells))
        rows[cells[0]] = (cells[1], cells[2], cells[3])
    return rows


# ------------------------------------------------------------------ numbering → eId

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def numeral(s: str) -> int | None:
    """The value of a printed section number: "3", "３", "十二", "②" → int; None otherwise.

    >>> [numeral(x) for x in ("3", "十二", "二十一", "②", "甲")]
    [3, 12, 21, 2, None]
    """
    s = s.strip()
    if not s:
        return None
    if s.isdigit():
        try:
            return int(unicodedata.normalize("NFKC", s))
        except ValueError:  # ①–⑨ are isdigit() but not int()-able
            pass
    if len(s) == 1 and "\u2460" <= s <= "\u2473":  # ①–⑳
        return int(unicodedata.numeric(s))
    if all(c in _CN_DIGITS or c in "十百" for c in s):
        total, current = 0, 0
        for c in s:
            if c == "百":
                total += (current or 1) * 100
                current = 0
            elif c == "十":
                total += (current or 1) * 10
                current = 0
            else:
                current = _CN_DIGITS[c]
        return total + current
    return None


_NUMBER_LITERAL = re.compile(r"^([一二三四五六七八九十百零]+|[0-9]+|[①-⑳])$")

# ------------------------------------------------------------------ per-document context


@dataclass
class Shared:
    """Things several documents point at; emitted once, sorted, into ``graph/shared``."""

    body_names: dict[URIRef, Counter] = field(default_factory=lambda: defaultdict(Counter))
    body_alts: dict[URIRef, set[str]] = field(default_factory=lambda: defaultdict(set))
    body_kind: dict[URIRef, tuple[URIRef, bool, str]] = field(default_factory=dict)  # class, resolved, adcode
    places: set[str] = field(default_factory=set)
    cited: dict[URIRef, dict[str, set[str]]] = field(default_factory=dict)  # iri → {"title", "number", "key"}
    programmes: dict[URIRef, set[str]] = field(default_factory=lambda: defaultdict(set))
    indicators: dict[URIRef, set[str]] = field(default_factory=lambda: defaultdict(set))
    units: dict[URIRef, str] = field(default_factory=dict)
    years: set[int] = field(default_factory=set)
    corpus: set[URIRef] = field(default_factory=set)

    def body(self, iri: URIRef, canonical: str, name: str, cls: URIRef, resolved: bool, adcode: str) -> None:
        self.body_names[iri][canonical] += 1
        if name and name != canonical:
            self.body_alts[iri].add(name)
        self.body_kind.setdefault(iri, (cls, resolved, adcode))
        self.place(adcode)

    def place(self, adcode: str) -> None:
        places = _places()
        while adcode and adcode not in self.places:
            self.places.add(adcode)
            adcode = places.get(adcode, ("", "", ""))[2]


class DocumentContext:
    """What the ``*_triples`` functions need to know about the document a record belongs to."""

    def __init__(self, doc: ExtractedDocument, shared: Shared | None = None) -> None:
        self.doc = doc
        self.shared = shared if shared is not None else Shared()
        self.iri = document_iri(doc.title, doc.sha256)
        self.key = document_key(doc.title, doc.sha256)
        self.expression = URIRef(f"{self.iri}/zh")
        self.text_iri = URIRef(f"{self.expression}/t/{doc.sha256[:12]}")
        j = doc.jurisdiction
        self.adcode = j.adcode if j is not None and j.adcode and j.adcode in _places() else UNKNOWN_ADCODE
        self._spans: set[URIRef] = set()
        # blocks are keyed by (path, start): a number printed twice gives two nodes, not one
        self.blocks: dict[tuple[tuple[str, ...], int], Section] = {}
        for s in doc.sections:
            self.blocks.setdefault((s.path, s.span.start), s)
        for m in doc.measures:
            self.blocks.setdefault((m.path, m.section.span.start), m.section)
        self.sections: dict[tuple[str, ...], Section] = {}  # first block of each path, for parents
        for key in sorted(self.blocks, key=lambda k: (k[1], len(k[0]))):
            self.sections.setdefault(key[0], self.blocks[key])
        self.measure_keys = {(m.path, m.section.span.start) for m in doc.measures}
        self.measure_paths = {m.path for m in doc.measures}
        self._eids: dict[tuple[tuple[str, ...], int], URIRef] = {}
        used: set[URIRef] = set()
        for index, key in enumerate(sorted(self.blocks, key=lambda k: (k[1], len(k[0]))), 1):
            iri = self._eid(key[0])
            if iri in used:  # two blocks printed with the same number: keep both, deterministically
                head, sep, _ = str(iri).rpartition("__")
                if not sep:
                    head, sep, _ = str(iri).rpartition("~")
                iri = URIRef(f"{head}{sep}p_{index}")
            used.add(iri)
            self._eids[key] = iri
        self._target_keys: Counter = Counter()

    # IRIs ---------------------------------------------------------------
    def _eid(self, path: tuple[str, ...]) -> URIRef:
        steps = []
        for depth in range(1, len(path) + 1):
            sec = self.sections.get(path[:depth])
            n = numeral(path[depth - 1])
            if (sec is not None and sec.style is SectionStyle.PARAGRAPH) or n is None:
                steps.append(f"p_{sec.order if sec is not None else depth}")
            else:
                steps.append(f"l{depth}_{n}")
        return URIRef(f"{self.iri}/~{'__'.join(steps)}")

    def section_iri(self, path: tuple[str, ...], start: int | None = None) -> URIRef:
        """The block's IRI; ``start`` picks among blocks printed with the same number."""
        if start is not None and (path, start) in self._eids:
            return self._eids[(path, start)]
        first = self.sections.get(path)
        return self._eids[(path, first.span.start)] if first is not None else self._eid(path)

    def parent_iri(self, path: tuple[str, ...]) -> URIRef:
        for cut in range(len(path) - 1, 0, -1):
            if path[:cut] in self.sections:
                return self.section_iri(path[:cut])
        return self.iri

    def span_iri(self, span: Span) -> URIRef:
        return URIRef(f"{self.text_iri}#char={span.start},{span.end}")

    def target_iri(self, parent: URIRef, key: str) -> URIRef:
        self._target_keys[(parent, key)] += 1
        n = self._target_keys[(parent, key)]
        return URIRef(f"{parent}/target/{h10(key if n == 1 else f'{key}|{n}')}")

    # spans --------------------------------------------------------------
    def span(self, span: Span, cls: URIRef = CPKG.TextSpan) -> tuple[URIRef, list[Triple]]:
        """The span's IRI and, the first time it is seen, its triples (selectors are blank nodes)."""
        iri = self.span_iri(span)
        triples: list[Triple] = [(iri, RDF.type, cls), (iri, RDF.type, CPKG.TextSpan)]
        if iri not in self._spans:
            self._spans.add(iri)
            # Labels from the span, not random ones: the same graph from the same text in every run
            # (and rdflib's uuid4 per blank node was a tenth of the time of a document's graph).
            label = f"t{self.doc.sha256[:12]}c{span.start}-{span.end}"
            pos, quote = BNode(label + "p"), BNode(label + "q")
            text = self.doc.text
            triples += [
                (iri, OA.hasSource, self.text_iri),
                (iri, OA.hasSelector, pos), (pos, RDF.type, OA.TextPositionSelector),
                (pos, OA.start, _value(span.start)), (pos, OA.end, _value(span.end)),
                (iri, OA.hasSelector, quote), (quote, RDF.type, OA.TextQuoteSelector),
                (quote, OA.exact, Literal(span.text)),
            ]
            if span.start > 0:
                triples.append((quote, OA.prefix, Literal(text[max(0, span.start - 8):span.start])))
            if span.end < len(text):
                triples.append((quote, OA.suffix, Literal(text[span.end:span.end + 8])))
        return iri, triples


def context(doc: ExtractedDocument, shared: Shared | None = None) -> DocumentContext:
    return DocumentContext(doc, shared)


@functools.lru_cache(maxsize=1 << 16, typed=True)  # typed: Literal(1) and Literal(True) are different terms
def _value(v: int | str | bool) -> Literal:
    """The literal of a value that recurs (offsets, ranks, codes): made once; rdflib's Literal costs ~5 µs."""
    return Literal(v)


def _zh(s: str) -> Literal:
    return Literal(s, lang="zh")


# ------------------------------------------------------------------ per-record triples


def document_triples(doc: ExtractedDocument, ctx: DocumentContext) -> Iterator[Triple]:
    """The document, its Chinese expression and its plain text (with the text itself as rdf:value)."""
    d, e, t = ctx.iri, ctx.expression, ctx.text_iri
    ctx.shared.corpus.add(d)
    yield d, RDF.type, CPKG.PolicyDocument
    yield d, CPKG.mintingKey, Literal(ctx.key)
    if doc.title:
        yield d, DCTERMS.title, _zh(doc.title)
        yield e, ELI.title, _zh(doc.title)
    for span in (doc.title_span, doc.issuer_span, doc.date_span, doc.doc_number_span):
        if span is not None:
            iri, triples = ctx.span(span)
            yield from triples
            yield d, PROV.wasDerivedFrom, iri
    if doc.issuer:
        yield d, ELI.passed_by, issuer_iri(doc.issuer, ctx)
    if doc.date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", doc.date):
        yield d, ELI.date_document, Literal(doc.date, datatype=XSD.date)
    if doc.doc_number:
        yield d, CPKG.docNumber, Literal(doc.doc_number)
    if ctx.adcode != UNKNOWN_ADCODE:
        ctx.shared.place(ctx.adcode)
        yield d, ELI.jurisdiction, place_iri(ctx.adcode)
    yield d, ELI.is_realized_by, e
    yield e, RDF.type, ELI.LegalExpression
    yield e, ELI.realizes, d
    yield e, ELI.language, ZHO
    yield e, ELI.is_embodied_by, t
    yield t, RDF.type, CPKG.PlainText
    yield t, ELI.embodies, e
    yield t, CPKG.sha256, Literal(doc.sha256)
    yield t, CPKG.charCount, _value(len(doc.text))
    yield t, RDF.value, Literal(doc.text)
    yield t, CPKG.sourceName, Literal(PurePath(doc.source).name)
    yield t, CPKG.sourceFormat, _value(doc.format)


def issuer_iri(issuer: str, ctx: DocumentContext) -> URIRef:
    """寿光市人民政府 in 寿光市 → ``org/370783/gov``; any other issuer gets a hashed ``x-`` IRI."""
    ad = ctx.adcode
    name = _places().get(ad, ("", "", ""))[0]
    if name and canon(issuer) == canon(name + "人民政府"):
        iri = URIRef(f"{BASE}org/{ad}/gov")
    else:
        iri = URIRef(f"{BASE}org/{ad}/x-{h16(f'org|{ad}|{canon(issuer)}')}")
    ctx.shared.body(iri, issuer, issuer, CPKG.GovernmentBody, str(iri).endswith("/gov"), ad)
    return iri


def section_triples(section: Section, ctx: DocumentContext) -> Iterator[Triple]:
    """A numbered block: its place in the tree, printed level and number, heading and span."""
    s = ctx.section_iri(section.path, section.span.start)
    parent = ctx.parent_iri(section.path)
    yield s, RDF.type, CPKG.Section
    yield s, ELI.is_part_of, parent
    yield parent, ELI.has_part, s
    if section.style is SectionStyle.PARAGRAPH:
        yield s, ELI.type_subdivision, SUBT.unnumbered
    else:
        yield s, ELI.type_subdivision, SUBT[f"level{min(max(len(section.path), 1), 6)}"]
        if _NUMBER_LITERAL.match(section.number):
            yield s, ELI.number, Literal(section.number)
    yield s, CPKG.order, _value(max(section.order, 1))
    yield s, CPKG.path, Literal(".".join(section.path))
    yield s, CPKG.inDocument, ctx.iri
    if (section.path, section.span.start) not in ctx.measure_keys:  # a measure states its own title and span
        if section.title:
            yield s, DCTERMS.title, _zh(section.title)
        iri, triples = ctx.span(section.span)
        yield from triples
        yield s, CPKG.textSpan, iri


def measure_triples(measure: Measure, ctx: DocumentContext) -> Iterator[Triple]:
    """A measure: text and span, responsibilities (qualified and shortcut), targets, programmes."""
    m = ctx.section_iri(measure.path, measure.section.span.start)
    yield m, RDF.type, CPKG.Measure
    yield m, RDF.type, CPKG.Section
    if measure.title:
        yield m, DCTERMS.title, _zh(measure.title)
    yield m, CPKG.text, _zh(measure.span.text)
    iri, triples = ctx.span(measure.span)
    yield from triples
    yield m, CPKG.textSpan, iri
    if measure.deadline_year is not None:
        ctx.shared.years.add(measure.deadline_year)
        yield m, CPKG.dueBy, year_iri(measure.deadline_year)
    if measure.deadline:
        yield m, CPKG.deadlineText, _zh(measure.deadline)
    yield from responsibility_triples(measure, ctx)
    for ind in measure.indicators:
        yield from indicator_triples(ind, ctx, parent=m)
    for prog in measure.programmes:
        yield from programme_triples(prog, ctx, measure=m)


_RULE_CONVENTION = {RoleRule.FIRST_LISTED: "first-listed-is-lead", RoleRule.FIRST_COMMA: "first-comma-is-lead",
                    RoleRule.STAR: "star-is-lead"}
_ROLE = {Role.LEAD: ROLE.lead, Role.SUPPORT: ROLE.support, Role.RESPONSIBLE: ROLE.responsible}
_SHORTCUT = {Role.LEAD: CPKG.leadUnit, Role.SUPPORT: CPKG.supportingUnit}


def _role_of(d: DepartmentMention) -> URIRef:
    return ROLE.shared if d.rule is RoleRule.SHARED and d.role is Role.RESPONSIBLE else _ROLE[d.role]


def responsibility_triples(measure: Measure, ctx: DocumentContext) -> Iterator[Triple]:
    """One ``cpkg:Responsibility`` per (body, role) of the measure plus the shortcut edges.

    The responsibility IRI is ``{measure}/resp/{code}``; the same body named twice with the same
    role keeps one node (lowest rank, both clauses as evidence), a second role gets ``-{role}``.
    """
    m = ctx.section_iri(measure.path, measure.section.span.start)
    seen: dict[tuple[URIRef, URIRef], URIRef] = {}
    codes: set[str] = set()
    for d in sorted(measure.departments, key=lambda x: (x.span.start, x.rank)):
        body = department_iri(d, ctx.adcode)
        cls = CPKG.AgentGroup if d.collective else CPKG.GovernmentBody
        ctx.shared.body(body, d.canonical or d.name, d.name, cls, d.resolved, str(body).split("/")[-2])
        role = _role_of(d)
        mention, triples = ctx.span(d.span, CPKG.Mention)
        yield from triples
        yield mention, ITSRDF.taIdentRef, body
        clause, triples = ctx.span(d.clause)
        yield from triples
        if (body, role) in seen:
            yield seen[(body, role)], PROV.wasDerivedFrom, clause
            yield seen[(body, role)], PROV.wasDerivedFrom, mention
            continue
        code = str(body).rsplit("/", 1)[1]
        r = URIRef(f"{m}/resp/{code}" if code not in codes else f"{m}/resp/{code}-{str(role).rsplit('/', 1)[1]}")
        codes.add(code)
        seen[(body, role)] = r
        yield m, CPKG.qualifiedResponsibility, r
        yield m, CPKG.responsibleUnit, body
        if d.role in _SHORTCUT:
            yield m, _SHORTCUT[d.role], body
        yield r, RDF.type, CPKG.Responsibility
        yield r, PROV.agent, body
        yield r, DCAT.hadRole, role
        yield r, CPKG.rank, _value(max(d.rank, 1))
        yield r, CPKG.roleRule, _value(d.rule.value)
        yield r, PROV.wasDerivedFrom, clause
        yield r, PROV.wasDerivedFrom, mention
        kind = _RULE_CONVENTION.get(d.rule)
        for conv in ctx.doc.conventions:
            if kind and conv.kind == kind:  # the note that makes the first-listed body the lead
                note, triples = ctx.span(conv.span)
                yield from triples
                yield r, PROV.wasDerivedFrom, note


_CMP = {Comparator.GE: CMP.ge, Comparator.GT: CMP.gt, Comparator.APPROX: CMP.approx, Comparator.LE: CMP.le,
        Comparator.LT: CMP.lt, Comparator.EQ: CMP.eq}
_COUNT_CLASSIFIERS = set("个家项座户人处所条台辆套名场次批件只头栋间张架艘种款部支位宗片对株棵篇本")
_QUDT = {"%": UNIT.PERCENT, "吨": UNIT.TONNE, "千瓦": UNIT.KiloW, "瓦": UNIT.W, "平方米": UNIT.M2,
         "平方公里": UNIT.KiloM2, "公里": UNIT.KiloM, "千米": UNIT.KiloM, "米": UNIT.M, "立方米": UNIT.M3,
         "千瓦时": UNIT["KiloW-HR"], "度": UNIT["KiloW-HR"], "公顷": UNIT.HA, "": UNIT.UNITLESS}


def statistic_of(ind: Indicator) -> URIRef:
    """What the value is: a level, a share (占比, 覆盖率, 提高到98%), or a change of either (the
    extractor's ``change``: 增长8% is a growth rate, 减少500吨 a decrease)."""
    if ind.unit in ("%", "个百分点", "百分点"):
        if ind.change == "increase":
            return STAT.growthRate
        if ind.change == "decrease":
            return STAT.reductionRate
        return STAT.share
    if ind.change == "increase":
        return STAT.increase
    if ind.change == "decrease":
        return STAT.decrease
    return STAT.level


def basis_of(ind: Indicator) -> URIRef:
    if ind.basis == "newly-added":
        return BASIS.newlyAdded
    if ind.frequency is Frequency.CUMULATIVE:
        return BASIS.cumulative
    if ind.frequency is Frequency.ANNUAL:
        return BASIS.annualAverage if "年均" in ind.span.text else BASIS.perYear
    return BASIS.stock


def unit_of(ind: Indicator, ctx: DocumentContext) -> URIRef:
    if ind.unit in _QUDT:
        return _QUDT[ind.unit]
    if ind.unit in _COUNT_CLASSIFIERS:
        return UNIT.NUM
    iri = URIRef(f"{BASE}unit/{h16('unit|' + canon(ind.unit))}")
    ctx.shared.units[iri] = ind.unit
    return iri


def _target_parent(ind: Indicator, ctx: DocumentContext) -> URIRef:
    if ind.measure:
        path = tuple(ind.measure.split("."))
        if path in ctx.measure_paths:
            return ctx.section_iri(path)
    best: Section | None = None
    for s in ctx.blocks.values():  # the deepest block that contains the target
        if s.span.start <= ind.span.start and ind.span.end <= s.span.end:
            if best is None or len(s.path) > len(best.path) or (
                    len(s.path) == len(best.path) and s.span.start > best.span.start):
                best = s
    return ctx.section_iri(best.path, best.span.start) if best is not None else ctx.iri


def indicator_triples(ind: Indicator, ctx: DocumentContext, parent: URIRef | None = None) -> Iterator[Triple]:
    """A quantified target "5G基站建设突破2000个": indicator, comparator, value, unit, deadline, evidence."""
    parent = parent if parent is not None else _target_parent(ind, ctx)
    stat, basis = statistic_of(ind), basis_of(ind)
    key = (f"target|{canon(ind.subject)}|{str(stat).rsplit('/', 1)[1]}|{str(basis).rsplit('/', 1)[1]}|"
           f"{ind.year if ind.year is not None else '-'}")
    t = ctx.target_iri(parent, key)
    indicator = URIRef(f"{BASE}indicator/{h16('indicator|' + canon(ind.subject))}")
    ctx.shared.indicators[indicator].add(ind.subject)
    yield parent, CPKG.hasTarget, t
    yield t, RDF.type, CPKG.IndicatorTarget
    yield t, CPKG.mintingKey, Literal(key)
    yield t, CPKG.inDocument, ctx.iri
    yield t, CPKG.indicator, indicator
    yield t, CPKG.statistic, stat
    yield t, CPKG.basis, basis
    yield t, CPKG.comparator, _CMP[ind.comparator]
    yield t, CPKG.targetValue, decimal_literal(ind.value)
    yield t, CPKG.printedValue, Literal(ind.printed_value)
    unit = unit_of(ind, ctx)
    yield t, CPKG.unit, unit
    if ind.unit_text:
        yield t, CPKG.unitText, _zh(ind.unit_text)
    if unit == UNIT.NUM:
        yield t, CPKG.classifier, _zh(ind.unit)
    if ind.frequency is not None:
        yield t, CPKG.frequency, FREQ.annual if ind.frequency is Frequency.ANNUAL else FREQ.cumulative
    if ind.year is not None:
        ctx.shared.years.add(ind.year)
        yield t, CPKG.deadline, year_iri(ind.year)
    if ind.deadline:
        yield t, CPKG.deadlineText, _zh(ind.deadline)
    if ind.base_year is not None:
        ctx.shared.years.add(ind.base_year)
        yield t, CPKG.baseYear, year_iri(ind.base_year)
    if ind.base:
        yield t, CPKG.baseText, _zh(ind.base)
    iri, triples = ctx.span(ind.span)
    yield from triples
    yield t, PROV.wasDerivedFrom, iri


def decimal_literal(value: float) -> Literal:
    """An xsd:decimal with at least one decimal digit ("2000.0", "1.5").

    That is the lexical form rdflib writes as a Turtle decimal and reads back unchanged, so a
    saved graph.trig reloads isomorphic. (Oxigraph stores the canonical "2000": the same value.)

    >>> decimal_literal(2000), decimal_literal(1.5)
    (rdflib.term.Literal('2000.0', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal')), rdflib.term.Literal('1.5', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal')))
    """
    return Literal(Decimal(repr(float(value))), datatype=XSD.decimal)


def programme_triples(prog: Programme, ctx: DocumentContext, measure: URIRef | None = None) -> Iterator[Triple]:
    """“链长制”: a shared programme concept, the measure's link to it and the quoted mention."""
    p = URIRef(f"{BASE}programme/{h16('programme|' + canon(prog.name))}")
    ctx.shared.programmes[p].add(prog.name)
    if measure is not None:
        yield measure, CPKG.programme, p
    mention, triples = ctx.span(prog.span, CPKG.Mention)
    yield from triples
    yield mention, ITSRDF.taIdentRef, p


def reference_triples(refs: Sequence[PolicyReference], ctx: DocumentContext) -> Iterator[Triple]:
    """《…》 citations: ``eli:cites`` / ``cpkg:implements`` plus a qualified ``dcat:Relationship``.

    A citation whose canonical title is a document of the corpus gets that document's IRI, so
    the two are linked; 《方案》 meaning this document stays a mention of it.
    """
    rels: dict[tuple[URIRef, URIRef], URIRef] = {}
    for ref in refs:
        target_key = document_key(ref.title)
        target = document_iri(ref.title)
        mention, triples = ctx.span(ref.span, CPKG.Mention)
        yield from triples
        if ref.relation == "self" or target == ctx.iri:
            yield mention, ITSRDF.taIdentRef, ctx.iri
            continue
        yield mention, ITSRDF.taIdentRef, target
        info = ctx.shared.cited.setdefault(target, {"title": set(), "number": set(), "key": set()})
        info["title"].add(ref.title)
        info["key"].add(target_key)
        if ref.doc_number:
            info["number"].add(ref.doc_number)
        role = REL.implements if ref.relation == "implements" else REL.cites
        yield ctx.iri, ELI.cites, target
        if role == REL.implements:
            yield ctx.iri, CPKG.implements, target
        key = f"rel|{str(role).rsplit('/', 1)[1]}|{target_key}"
        r = rels.get((role, target)) or URIRef(f"{ctx.iri}/rel/{h10(key)}")
        if (role, target) not in rels:
            rels[(role, target)] = r
            yield ctx.iri, DCAT.qualifiedRelation, r
            yield r, RDF.type, DCAT.Relationship
            yield r, CPKG.mintingKey, Literal(key)
            yield r, DCTERMS.relation, target
            yield r, DCAT.hadRole, role
        yield r, PROV.wasDerivedFrom, mention


def document_graph_triples(doc: ExtractedDocument, ctx: DocumentContext) -> Iterator[Triple]:
    """Everything that goes into the document's own named graph."""
    yield from document_triples(doc, ctx)
    for section in ctx.blocks.values():
        yield from section_triples(section, ctx)
    for measure in doc.measures:
        yield from measure_triples(measure, ctx)
    for ind in doc.indicators:
        yield from indicator_triples(ind, ctx)
    for prog in doc.programmes:
        if prog.measure is None or tuple(prog.measure.split(".")) not in ctx.measure_paths:
            yield from programme_triples(prog, ctx)
    yield from reference_triples(doc.references, ctx)
    for conv in doc.conventions:  # conventions' departments are standing rules, kept as mentions
        for d in conv.departments:
            body = department_iri(d, ctx.adcode)
            ctx.shared.body(body, d.canonical or d.name, d.name,
                            CPKG.AgentGroup if d.collective else CPKG.GovernmentBody, d.resolved,
                            str(body).split("/")[-2])
            mention, triples = ctx.span(d.span, CPKG.Mention)
            yield from triples
            yield mention, ITSRDF.taIdentRef, body


def shared_triples(shared: Shared) -> Iterator[Triple]:
    """Departments, places, cited policies outside the corpus, programmes, indicators, units, years."""
    places = _places()
    for iri in sorted(shared.body_names):
        names = shared.body_names[iri]
        pref = sorted(names, key=lambda n: (-names[n], n))[0]
        cls, resolved, adcode = shared.body_kind[iri]
        yield iri, RDF.type, cls
        yield iri, SKOS.prefLabel, _zh(pref)
        for alt in sorted((set(names) | shared.body_alts[iri]) - {pref}):
            yield iri, SKOS.altLabel, _zh(alt)
        yield iri, CPKG.jurisdiction, place_iri(adcode)
        yield iri, CPKG.resolved, _value(bool(resolved))
    for adcode in sorted(shared.places):
        p = place_iri(adcode)
        name, level, parent = places.get(adcode, ("未定辖区", "", ""))
        yield p, RDF.type, CPKG.AdministrativeDivision
        yield p, RDF.type, CPKG.Place
        yield p, SKOS.prefLabel, _zh(name)
        yield p, CPKG.adcode, _value(adcode)
        if level:
            yield p, CPKG.level, _value(level)
        if parent:
            yield p, SCHEMA.containedInPlace, place_iri(parent)
    for iri in sorted(set(shared.cited) - shared.corpus):
        info = shared.cited[iri]
        yield iri, RDF.type, CPKG.PolicyDocument
        yield iri, RDF.type, CPKG.CitedPolicy
        yield iri, DCTERMS.title, _zh(sorted(info["title"])[0])
        yield iri, CPKG.mintingKey, Literal(sorted(info["key"])[0])
        if info["number"]:
            yield iri, CPKG.docNumber, Literal(sorted(info["number"])[0])
    for table, cls, scheme in ((shared.programmes, CPKG.Programme, "programme"),
                               (shared.indicators, CPKG.Indicator, "indicator")):
        for iri in sorted(table):
            names = sorted(table[iri])
            yield iri, RDF.type, cls
            yield iri, RDF.type, SKOS.Concept
            yield iri, SKOS.prefLabel, _zh(names[0])
            for alt in names[1:]:
                yield iri, SKOS.altLabel, _zh(alt)
            yield iri, SKOS.inScheme, URIRef(BASE + scheme)
    for iri in sorted(shared.units):
        yield iri, RDF.type, CPKG.Unit
        yield iri, RDF.type, SKOS.Concept
        yield iri, SKOS.prefLabel, _zh(shared.units[iri])
    for year in sorted(shared.years):
        y = year_iri(year)
        yield y, RDF.type, TIME.Instant
        yield y, TIME.inXSDgYear, Literal(f"{year:04d}", datatype=XSD.gYear)


def new_dataset(store: str = "default") -> Dataset:
    ds = Dataset(store=store, default_union=True)
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, override=True)
    return ds


def to_dataset(docs: Sequence[ExtractedDocument], *, store: str = "default") -> Dataset:
    """The RDF of a corpus: ``graph/{doc}`` per document and ``graph/shared``.

    Args:
        docs: Extracted documents, in any order (the graph does not depend on it).
        store: rdflib store plugin; ``"Oxigraph"`` (oxrdflib) keeps big corpora in Rust memory.

    Returns:
        A Dataset whose default graph is the union of the named graphs.
    """
    ds = new_dataset(store)
    shared = Shared()
    for doc in sorted(docs, key=lambda d: (document_key(d.title, d.sha256), d.sha256)):
        ctx = DocumentContext(doc, shared)
        g = ds.graph(graph_iri(ctx.iri))
        g.addN((s, p, o, g) for s, p, o in document_graph_triples(doc, ctx))
    g = ds.graph(SHARED_GRAPH)
    g.addN((s, p, o, g) for s, p, o in shared_triples(shared))
    return ds


# ------------------------------------------------------------------ validation


def shapes_graph() -> Graph:
    return Graph().parse(str(resources.files("ontology").joinpath("shapes.ttl")), format="turtle")


def _plain(o: Node) -> Node:
    # RDF 1.1: "x" and "x"^^xsd:string are one term, but rdflib compares them as different;
    # the Oxigraph store hands back the typed form, so it is folded into the plain one.
    return Literal(str(o)) if isinstance(o, Literal) and o.datatype == XSD.string else o


def union_graph(dataset: Dataset | Graph) -> Graph:
    """All triples of all graphs in one plain Graph (what the shapes check)."""
    if not isinstance(dataset, Dataset) and type(dataset.store).__name__ != "OxigraphStore":
        return dataset
    g = Graph()
    g.addN((s, p, _plain(o), g) for s, p, o, *_ in dataset.quads((None, None, None, None)))
    return g


_PARSE_LOCK = threading.Lock()
_PARSED: dict[tuple, object] = {}  # SPARQL text of the shapes → translated query (bounded by shapes.ttl)


@contextlib.contextmanager
def _parsed_once() -> Iterator[None]:
    """Parse each SPARQL text once while pyshacl runs.

    pyshacl re-parses every ``sh:sparql`` query for every focus node, and pyparsing then takes
    ~85% of the validation time; a translated rdflib Query is reusable (that is what
    ``prepareQuery`` is for), so the parse is cached; the patch is in place only during validation.
    """
    from rdflib.plugins.sparql import processor
    from rdflib.plugins.sparql.parser import parseQuery

    original = processor.SPARQLProcessor.query
    cache = _PARSED

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803
        if isinstance(strOrQuery, str):
            key = (strOrQuery, base, tuple(sorted((initNs or {}).items())))
            if key not in cache:
                cache[key] = processor.translateQuery(parseQuery(strOrQuery), base, initNs)
            strOrQuery = cache[key]
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    with _PARSE_LOCK:
        processor.SPARQLProcessor.query = query  # type: ignore[method-assign]
        try:
            yield
        finally:
            processor.SPARQLProcessor.query = original  # type: ignore[method-assign]


def validate(dataset: Dataset | Graph) -> tuple[bool, str]:
    """Check a graph against ``ontology/shapes.ttl`` (pyshacl, inference='none').

    Returns:
        ``(conforms, report_text)``; warnings are reported but do not fail.
    """
    import pyshacl

    with _parsed_once():
        conforms, _, text = pyshacl.validate(union_graph(dataset), shacl_graph=shapes_graph(), inference="none",
                                             allow_warnings=True, advanced=False)
    return bool(conforms), str(text)
