"""The NetworkX view of the RDF graph, and the network measures policy researchers compute.

``to_network(dataset)`` reads the RDF (the source of truth, see ``docs/architecture.md``) with
a handful of triple-pattern passes and returns one undirected simple graph whose nodes are
documents, sections, measures, departments, indicator targets, cited policies and programmes.
Everything else here works on that graph:

* the co-responsibility projection (departments linked by the measures they share, weighted
  exactly as ``networkx.bipartite.weighted_projected_graph`` but computed with one sparse
  matrix product) and its directed lead→support variant;
* shared responsibility for a set of measures, a department's obligations and partners;
* degree and betweenness centrality, 牵头度 / 配合度, Louvain communities, departments with
  no partners and measures with no lead;
* exports for Gephi and UCINET (GEXF, GraphML, CSV matrices).

Every function has a runnable example on :func:`example_network`, a four-measure plan.
"""

from __future__ import annotations

import csv
import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import networkx as nx
from rdflib import RDF, Literal as RDFLiteral, URIRef
from rdflib.graph import ConjunctiveGraph, Graph

from extract.runtime import paused_gc
from graph.atomic import write_atomic
from ontology.namespace import CPKG
from ontology.vocab import DCAT, DCTERMS, ELI, ITSRDF, OA, PROV, SKOS, TIME


Role = Literal["lead", "support", "responsible"]
ROLES: tuple[str, ...] = ("lead", "support", "responsible")
ROLE_LABELS = {"lead": "牵头", "support": "配合", "responsible": "责任"}
_ROLE_ORDER = {r: i for i, r in enumerate(ROLES)}

# cmp: concepts → the comparator symbols of extract.records.Comparator
# The statistic of a target that is a change, as the record's ``change`` says it.
_CHANGES = {"growthRate": "increase", "increase": "increase", "reductionRate": "decrease", "decrease": "decrease"}
_COMPARATORS = {"ge": ">=", "gt": ">", "approx": "~", "le": "<=", "lt": "<", "eq": "=", "range": "range"}
# QUDT units → the base unit as written (graph/rdf.py's table read backwards); counts use cpkg:classifier
_UNITS = {"PERCENT": "%", "TONNE": "吨", "KiloW": "千瓦", "W": "瓦", "M2": "平方米", "KiloM2": "平方公里",
          "KiloM": "公里", "M": "米", "M3": "立方米", "KiloW-HR": "千瓦时", "HA": "公顷", "UNITLESS": ""}


# ---------------------------------------------------------------------------------------- RDF → graph


def _pairs(data: Graph, p: URIRef, o: Any = None) -> Iterator[tuple[Any, Any]]:
    """(subject, object) of every triple with predicate ``p`` in any graph of ``data``."""
    if isinstance(data, ConjunctiveGraph):  # Dataset is a ConjunctiveGraph: look in every named graph
        for s, _, obj, _ in data.quads((None, p, o, None)):
            yield s, obj
    else:
        for s, _, obj in data.triples((None, p, o)):
            yield s, obj


def _multi(data: Graph, p: URIRef) -> dict[Any, list[Any]]:
    """subject → objects of ``p``, deduplicated (a node repeated in several named graphs counts once)."""
    out: dict[Any, list[Any]] = defaultdict(list)
    for s, o in _pairs(data, p):
        values = out[s]
        if o not in values:
            values.append(o)
    return out


def _single(data: Graph, p: URIRef) -> dict[Any, Any]:
    """subject → one object of ``p`` (the smallest, so that the choice does not depend on store order)."""
    out: dict[Any, Any] = {}
    for s, o in _pairs(data, p):
        if s not in out or _sort_key(o) < _sort_key(out[s]):
            out[s] = o
    return out


def _sort_key(o: Any) -> tuple[int, str]:
    # Chinese labels sort before English ones, so a bilingual concept shows its Chinese name.
    lang = getattr(o, "language", None)
    return (0 if lang in (None, "zh") or (lang or "").startswith("zh") else 1, str(o))


def _typed(data: Graph, cls: URIRef) -> list[Any]:
    # sorted, so that node order (and everything that depends on it, such as Louvain) does not
    # depend on the order a store happens to return triples in
    return sorted({s for s, _ in _pairs(data, RDF.type, cls)}, key=str)


def _sorted_pairs(data: Graph, p: URIRef) -> list[tuple[Any, Any]]:
    return sorted(set(_pairs(data, p)), key=lambda so: (str(so[0]), str(so[1])))


def _py(o: Any) -> Any:
    if o is None:
        return None
    if isinstance(o, RDFLiteral):
        return o.toPython()
    return str(o)


def _str(o: Any) -> str | None:
    return None if o is None else str(o)


def _local(iri: Any) -> str:
    s = str(iri)
    return s.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _year(value: Any) -> int | None:
    if value is None:
        return None
    text = str(value)
    digits = text[:4]
    return int(digits) if digits.isdigit() else None


def _number(value: Any) -> float | None:
    if value is None:
        return None
    try:
        return float(value.toPython() if isinstance(value, RDFLiteral) else value)
    except (TypeError, ValueError):
        return None


def _fmt_number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


@dataclass
class _Spans:
    """Character ranges of cpkg:TextSpan / cpkg:Mention nodes, read from their oa selectors."""

    start: dict[Any, int] = field(default_factory=dict)
    end: dict[Any, int] = field(default_factory=dict)
    exact: dict[Any, str] = field(default_factory=dict)
    source: dict[Any, Any] = field(default_factory=dict)

    @classmethod
    def read(cls, data: Graph) -> "_Spans":
        spans = cls()
        sel_start = {s: int(o) for s, o in _pairs(data, OA.start)}
        sel_end = {s: int(o) for s, o in _pairs(data, OA.end)}
        sel_exact = {s: str(o) for s, o in _pairs(data, OA.exact)}
        for span, sel in _pairs(data, OA.hasSelector):
            if sel in sel_start and sel in sel_end:
                spans.start[span] = sel_start[sel]
                spans.end[span] = sel_end[sel]
            if sel in sel_exact:
                spans.exact[span] = sel_exact[sel]
        spans.source = _single(data, OA.hasSource)
        return spans

    def range(self, span: Any) -> tuple[int, int] | None:
        if span in self.start:
            return self.start[span], self.end[span]
        return None


def to_network(dataset: Graph) -> nx.Graph:
    """The NetworkX view of an RDF graph built by ``graph.rdf.to_dataset`` (or any graph in that model).

    Node keys are IRIs; every node has ``kind`` and ``label``; department–measure edges carry
    ``role`` (lead / support / responsible) and ``rank``. The attributes per kind are fixed by
    docs/architecture.md ("The NetworkX view").

    Args:
        dataset: an ``rdflib.Dataset`` (one named graph per document, all are read) or a plain
            ``rdflib.Graph``; not modified.

    Returns:
        An undirected simple graph.

    >>> G = example_network()
    >>> G.nodes["https://w3id.org/cpkg/id/doc/ex/~l1_1__l2_1"]["number"]
    '一.1'
    >>> G.edges["https://w3id.org/cpkg/id/org/370783/fgj", "https://w3id.org/cpkg/id/doc/ex/~l1_1__l2_1"]["role"]
    'lead'
    """
    d = dataset
    title = _single(d, DCTERMS.title)
    pref = _single(d, SKOS.prefLabel)
    alt = _multi(d, SKOS.altLabel)
    number = _single(d, ELI.number)
    order = _single(d, CPKG.order)
    part_of = _single(d, ELI.is_part_of)
    for whole, part in _pairs(d, ELI.has_part):  # either direction may be stated
        part_of.setdefault(part, whole)
    spans = _Spans.read(d)

    measures = _typed(d, CPKG.Measure)
    measure_set = set(measures)
    sections = [s for s in _typed(d, CPKG.Section) if s not in measure_set]
    documents_all = _typed(d, CPKG.PolicyDocument)
    realized = _single(d, ELI.is_realized_by)
    has_parts = {whole for whole in part_of.values()}
    documents = [x for x in documents_all if x in realized or x in has_parts]
    doc_set = set(documents)
    policies = [x for x in documents_all if x not in doc_set]

    G = nx.Graph()

    # -- documents and cited policies
    passed_by = _multi(d, ELI.passed_by)
    date = _single(d, ELI.date_document)
    doc_number = _single(d, CPKG.docNumber)
    jurisdiction = _single(d, ELI.jurisdiction)
    for doc in documents:
        t = _str(title.get(doc))
        G.add_node(
            str(doc), kind="document", label=t or _local(doc), title=t,
            issuer="、".join(str(pref.get(b, _local(b))) for b in passed_by.get(doc, [])) or None,
            date=_str(date.get(doc)), doc_number=_str(doc_number.get(doc)),
            jurisdiction=_str(pref.get(jurisdiction.get(doc))) if doc in jurisdiction else None,
        )
    for pol in policies:
        t = _str(title.get(pol))
        G.add_node(str(pol), kind="policy", label=t or _local(pol), title=t, doc_number=_str(doc_number.get(pol)))
    relations: dict[tuple[str, str], str] = {}
    for p, rel in ((ELI.cites, "cites"), (ELI.based_on, "cites"), (ELI.applies, "implements"),
                   (CPKG.implements, "implements")):
        for s, o in _pairs(d, p):
            if s in doc_set and (o in doc_set or str(o) in G):
                key = (str(s), str(o))
                if relations.get(key) != "implements":
                    relations[key] = rel
    for (s, o), rel in sorted(relations.items()):
        if s != o:
            G.add_edge(s, o, rel=rel)

    # -- the section tree: number paths are read off the chain of parents
    path_cache: dict[Any, tuple[str, ...]] = {}

    def path(node: Any) -> tuple[str, ...]:
        if node in path_cache:
            return path_cache[node]
        chain = []
        cur, seen = node, set()
        while cur is not None and cur not in doc_set and cur not in seen:
            seen.add(cur)
            if cur in path_cache:
                chain.extend(reversed(path_cache[cur]))
                cur = None
                break
            chain.append(str(number.get(cur) or order.get(cur) or "?"))
            cur = part_of.get(cur)
        result = tuple(reversed(chain))
        path_cache[node] = result
        return result

    def document_of(node: Any) -> Any:
        cur, seen = node, set()
        while cur is not None and cur not in doc_set and cur not in seen:
            seen.add(cur)
            cur = part_of.get(cur)
        return cur

    for sec in sections:
        doc = document_of(sec)
        num = ".".join(path(sec))
        t = _str(title.get(sec))
        G.add_node(str(sec), kind="section", label=f"{num} {t}" if t else num, number=num, title=t,
                   document=_str(doc))

    # -- measures
    text = _single(d, CPKG.text)
    text_span = _single(d, CPKG.textSpan)
    due = _single(d, CPKG.dueBy)
    deadline_text = _single(d, CPKG.deadlineText)
    instant_year = {}
    for p in (TIME.inXSDgYear, TIME.inXSDDate, TIME.inXSDgYearMonth, TIME.inXSDDateTimeStamp):
        for s, o in _pairs(d, p):
            instant_year.setdefault(s, _year(o))
    for m in measures:
        doc = document_of(m)
        num = ".".join(path(m))
        t = _str(title.get(m))
        span = text_span.get(m)
        rng = spans.range(span) if span is not None else None
        body = _str(text.get(m)) or (spans.exact.get(span) if span is not None else None) or ""
        doc_title = G.nodes[str(doc)]["title"] if doc is not None and str(doc) in G else None
        G.add_node(
            str(m), kind="measure", label=f"{num} {t}" if t else num, number=num, title=t, text=body,
            start=rng[0] if rng else None, end=rng[1] if rng else None,
            document=_str(doc), doc_title=doc_title, highlights=[], bipartite=1,
            deadline_year=instant_year.get(due.get(m)) if m in due else None,
            deadline=_str(deadline_text.get(m)), responsibility_text=None,
        )
    for sec in sections:
        parent = part_of.get(sec)
        if parent is not None and str(parent) in G:
            G.add_edge(str(sec), str(parent), rel="part_of")
    for m in measures:
        parent = part_of.get(m)
        if parent is not None and str(parent) in G:
            G.add_edge(str(m), str(parent), rel="part_of")

    # -- departments: bodies and collectives named for a measure (an issuer that is named for none is
    # not a department of the network; its name is the document's ``issuer``)
    groups = set(_typed(d, CPKG.AgentGroup))
    body_jurisdiction = _single(d, CPKG.jurisdiction)
    resolved_flag = _single(d, CPKG.resolved)
    mentions = _typed(d, CPKG.Mention)
    ident = _single(d, ITSRDF.taIdentRef)
    seen_bodies: set[str] = set()

    def add_department(b: Any) -> None:
        key = str(b)
        if key in seen_bodies:
            return
        seen_bodies.add(key)
        name = _str(pref.get(b)) or _local(b)
        aliases = sorted({str(a) for a in alt.get(b, [])} - {name},
                         key=lambda a: (len(a), a))
        flag = resolved_flag.get(b)
        # Names the resolver could not place get an x- IRI (ontology-notes §2.4) unless the graph says otherwise.
        resolved = bool(flag.toPython()) if isinstance(flag, RDFLiteral) else not _local(b).startswith("x-")
        G.add_node(key, kind="department", label=aliases[0] if aliases and len(aliases[0]) < len(name) else name,
                   name=name, aliases=aliases, collective=b in groups, resolved=resolved, bipartite=0,
                   jurisdiction=_str(pref.get(body_jurisdiction.get(b))) if b in body_jurisdiction else None)

    # -- responsibilities: the qualified nodes, then the shortcut edges for pairs they do not cover
    agent = _single(d, PROV.agent)
    had_role = _single(d, DCAT.hadRole)
    rank = _single(d, CPKG.rank)
    rule = _single(d, CPKG.roleRule)
    derived = _multi(d, PROV.wasDerivedFrom)
    clause_text: dict[str, list[tuple[int, str]]] = defaultdict(list)
    mention_set = set(mentions)

    def attach(m: Any, b: Any, role: str, r: int | None, why: str | None) -> None:
        if str(m) not in G:
            return
        add_department(b)
        u, v = str(b), str(m)
        if G.has_edge(u, v):
            old = G.edges[u, v]
            if _ROLE_ORDER[role] < _ROLE_ORDER[old["role"]]:
                old["role"], old["rule"] = role, why
            if r is not None and (old["rank"] is None or r < old["rank"]):
                old["rank"] = r
            return
        G.add_edge(u, v, role=role, rank=r, rule=why)

    for m, resp in _sorted_pairs(d, CPKG.qualifiedResponsibility):
        b = agent.get(resp)
        if b is None:
            continue
        role_iri = had_role.get(resp)
        role = _local(role_iri) if role_iri is not None else "responsible"
        role = role if role in _ROLE_ORDER else "responsible"  # role:shared: each per its remit
        r = rank.get(resp)
        attach(m, b, role, int(r) if r is not None else None, _str(rule.get(resp)))
        for span in derived.get(resp, []):
            if span in mention_set:  # the department's name, not the clause
                continue
            rng = spans.range(span)
            node = G.nodes[str(m)] if str(m) in G else None
            if rng and node and node["start"] is not None and not (node["start"] <= rng[0] and rng[1] <= node["end"]):
                continue  # a note elsewhere in the document (列第一位的为牵头单位), not this measure's clause
            quote = spans.exact.get(span)
            if quote is None and rng and node and node["start"] is not None:
                quote = node["text"][rng[0] - node["start"]: rng[1] - node["start"]]
            if quote and all(q != quote for _, q in clause_text[str(m)]):
                clause_text[str(m)].append((rng[0] if rng else 1 << 60, quote))
    for p, role in ((CPKG.leadUnit, "lead"), (CPKG.supportingUnit, "support"), (CPKG.responsibleUnit, "responsible")):
        for m, b in _sorted_pairs(d, p):
            if str(m) in G and not G.has_edge(str(b), str(m)):
                attach(m, b, role, None, None)
    for m, quotes in clause_text.items():
        G.nodes[m]["responsibility_text"] = "\n".join(q for _, q in sorted(set(quotes)))

    # -- indicator targets
    has_target = _sorted_pairs(d, CPKG.hasTarget)
    indicator = _single(d, CPKG.indicator)
    value = _single(d, CPKG.targetValue)  # with the 万/亿 multiplier applied (1.5万人 → 15000)
    printed = _single(d, CPKG.printedValue)
    unit_text = _single(d, CPKG.unitText)
    classifier = _single(d, CPKG.classifier)
    unit = _single(d, CPKG.unit)
    comparator = _single(d, CPKG.comparator)
    deadline = _single(d, CPKG.deadline)
    basis = _single(d, CPKG.basis)
    freq = _single(d, CPKG.frequency)
    statistic = _single(d, CPKG.statistic)
    base_text = _single(d, CPKG.baseText)
    plain_text = {s: str(o) for s, o in _pairs(d, RDF.value)}
    for owner, tgt in has_target:
        if str(owner) not in G:
            continue
        key = str(tgt)
        owner_kind = G.nodes[str(owner)]["kind"]
        if key not in G:
            subj = _str(pref.get(indicator.get(tgt))) or ""
            v = _number(value.get(tgt))
            u = _str(classifier.get(tgt))
            if u is None and tgt in unit:
                u = _UNITS.get(_local(unit[tgt])) if _local(unit[tgt]) in _UNITS else _str(pref.get(unit[tgt]))
            if u is None:
                u = _str(unit_text.get(tgt))
            cmp_iri = comparator.get(tgt)
            cmp = _COMPARATORS.get(_local(cmp_iri), _local(cmp_iri)) if cmp_iri is not None else None
            if tgt in freq:
                frequency: str | None = _local(freq[tgt])
            else:
                b = _local(basis.get(tgt)) if tgt in basis else None
                frequency = "cumulative" if b == "cumulative" else ("annual" if b in ("perYear", "annualAverage") else None)
            ev = min(derived.get(tgt, []), key=lambda x: spans.range(x) or (1 << 60, 0), default=None)
            rng = spans.range(ev) if ev is not None else None
            evidence = spans.exact.get(ev) if ev is not None else None
            whole = plain_text.get(spans.source.get(ev)) if ev is not None else None
            doc = str(owner) if owner_kind == "document" else G.nodes[str(owner)].get("document")
            shown = _str(printed.get(tgt)) or _fmt_number(v)
            label = f"{subj} {cmp if cmp not in (None, '=') else ''}{shown}{u or ''}".strip()
            G.add_node(
                key, kind="target", label=label, subject=subj, value=v, unit=u, comparator=cmp,
                year=instant_year.get(deadline.get(tgt)) if tgt in deadline else None,
                frequency=frequency, text=evidence,
                sentence=_sentence(whole, rng) if whole and rng else evidence,
                measure=str(owner) if owner_kind == "measure" else None, section=str(owner),
                document=doc, start=rng[0] if rng else None, end=rng[1] if rng else None,
                printed_value=_str(printed.get(tgt)), unit_text=_str(unit_text.get(tgt)),
                deadline=_str(deadline_text.get(tgt)),
                change=_CHANGES.get(_local(statistic[tgt])) if tgt in statistic else None,
                base=_str(base_text.get(tgt)),
            )
        G.add_edge(str(owner), key, rel="has_target")

    # -- programmes
    for m, prog in _sorted_pairs(d, CPKG.programme):
        if str(m) not in G:
            continue
        key = str(prog)
        if key not in G:
            name = _str(pref.get(prog)) or _local(prog)
            G.add_node(key, kind="programme", label=name, name=name)
        G.add_edge(str(m), key, rel="programme")

    # -- highlights: department names (mentions) and targets inside each measure, in document offsets
    by_source: dict[Any, list[tuple[int, int, str]]] = defaultdict(list)
    for men in mentions:
        rng = spans.range(men)
        target_entity = ident.get(men)
        if rng and target_entity is not None and str(target_entity) in G \
                and G.nodes[str(target_entity)]["kind"] == "department":
            by_source[spans.source.get(men)].append((rng[0], rng[1], "department"))
    for m in measures:
        node = G.nodes[str(m)]
        if node["start"] is None:
            continue
        src = spans.source.get(text_span.get(m))
        marks = [list(x) for x in by_source.get(src, []) if node["start"] <= x[0] and x[1] <= node["end"]]
        for nbr in G[str(m)]:
            t = G.nodes[nbr]
            if t["kind"] == "target" and t.get("start") is not None:
                marks.append([t["start"], t["end"], "target"])
        node["highlights"] = sorted({tuple(x) for x in marks}, key=lambda x: (x[0], x[1], x[2]))
        node["highlights"] = [list(x) for x in node["highlights"]]
    return G


_SENTENCE_END = "。；;！!？?\n"


def _sentence(text: str, rng: tuple[int, int]) -> str:
    """The sentence of ``text`` around ``rng``: from after the previous 。；！？ or line break to the next one."""
    start, end = rng
    left = max(text.rfind(c, 0, start) for c in _SENTENCE_END) + 1
    rights = [i for i in (text.find(c, end) for c in _SENTENCE_END) if i != -1]
    right = min(rights) + 1 if rights else len(text)
    return text[left:right].strip()


# ---------------------------------------------------------------------------------------- the example

EXAMPLE_TRIG = """\
@prefix cpkg: <https://w3id.org/cpkg/def#> . @prefix role: <https://w3id.org/cpkg/def/role/> .
@prefix cmp: <https://w3id.org/cpkg/def/comparator/> . @prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix dcterms: <http://purl.org/dc/terms/> .
@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix prov: <http://www.w3.org/ns/prov#> .
@prefix time: <http://www.w3.org/2006/time#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix unit: <http://qudt.org/vocab/unit/> . @prefix freq: <https://w3id.org/cpkg/def/frequency/> .
@base <https://w3id.org/cpkg/id/> .
<graph/ex> {
<doc/ex> a cpkg:PolicyDocument ; dcterms:title "示例工作方案"@zh ; eli:is_realized_by <doc/ex/zh> .
<doc/ex/~l1_1> a cpkg:Section ; eli:is_part_of <doc/ex> ; eli:number "一" ; dcterms:title "重点任务"@zh .
<doc/ex/~l1_1__l2_1> a cpkg:Section , cpkg:Measure ; eli:is_part_of <doc/ex/~l1_1> ; eli:number "1" ;
  dcterms:title "培育产业集群"@zh ; cpkg:text "1.培育产业集群。技改投资年均增长8%以上。"@zh ;
  cpkg:qualifiedResponsibility <doc/ex/~l1_1__l2_1/resp/fgj> , <doc/ex/~l1_1__l2_1/resp/gxj> ;
  cpkg:hasTarget <doc/ex/~l1_1__l2_1/target/t1> .
<doc/ex/~l1_1__l2_1/resp/fgj> a cpkg:Responsibility ; prov:agent <org/370783/fgj> ; dcat:hadRole role:lead ; cpkg:rank 1 .
<doc/ex/~l1_1__l2_1/resp/gxj> a cpkg:Responsibility ; prov:agent <org/370783/gxj> ; dcat:hadRole role:support ; cpkg:rank 2 .
<doc/ex/~l1_1__l2_1/target/t1> a cpkg:IndicatorTarget ; cpkg:indicator <indicator/jgtz> ; cpkg:targetValue 8.0 ;
  cpkg:unit unit:PERCENT ; cpkg:unitText "%"@zh ; cpkg:comparator cmp:ge ; cpkg:deadline <year/2025> ;
  cpkg:frequency freq:annual .
<doc/ex/~l1_1__l2_2> a cpkg:Section , cpkg:Measure ; eli:is_part_of <doc/ex/~l1_1> ; eli:number "2" ;
  dcterms:title "建设新型基础设施"@zh ; cpkg:text "2.建设新型基础设施。"@zh ;
  cpkg:qualifiedResponsibility <doc/ex/~l1_1__l2_2/resp/gxj> .
<doc/ex/~l1_1__l2_2/resp/gxj> a cpkg:Responsibility ; prov:agent <org/370783/gxj> ; dcat:hadRole role:responsible ; cpkg:rank 1 .
<doc/ex/~l1_1__l2_3> a cpkg:Section , cpkg:Measure ; eli:is_part_of <doc/ex/~l1_1> ; eli:number "3" ;
  dcterms:title "强化人才支撑"@zh ; cpkg:text "3.强化人才支撑。"@zh ;
  cpkg:qualifiedResponsibility <doc/ex/~l1_1__l2_3/resp/kjj> , <doc/ex/~l1_1__l2_3/resp/fgj> , <doc/ex/~l1_1__l2_3/resp/gxj> .
<doc/ex/~l1_1__l2_3/resp/kjj> a cpkg:Responsibility ; prov:agent <org/370783/kjj> ; dcat:hadRole role:lead ; cpkg:rank 1 .
<doc/ex/~l1_1__l2_3/resp/fgj> a cpkg:Responsibility ; prov:agent <org/370783/fgj> ; dcat:hadRole role:support ; cpkg:rank 2 .
<doc/ex/~l1_1__l2_3/resp/gxj> a cpkg:Responsibility ; prov:agent <org/370783/gxj> ; dcat:hadRole role:support ; cpkg:rank 3 .
<doc/ex/~l1_1__l2_4> a cpkg:Section , cpkg:Measure ; eli:is_part_of <doc/ex/~l1_1> ; eli:number "4" ;
  dcterms:title "提升财政政策效能"@zh ; cpkg:text "4.提升财政政策效能。"@zh ;
  cpkg:qualifiedResponsibility <doc/ex/~l1_1__l2_4/resp/czj> .
<doc/ex/~l1_1__l2_4/resp/czj> a cpkg:Responsibility ; prov:agent <org/370783/czj> ; dcat:hadRole role:lead ; cpkg:rank 1 .
<org/370783/fgj> a cpkg:GovernmentBody ; skos:prefLabel "寿光市发展和改革局"@zh ; skos:altLabel "发改局"@zh , "发展和改革局"@zh .
<org/370783/gxj> a cpkg:GovernmentBody ; skos:prefLabel "寿光市工业和信息化局"@zh ; skos:altLabel "工信局"@zh , "工业和信息化局"@zh .
<org/370783/kjj> a cpkg:GovernmentBody ; skos:prefLabel "寿光市科学技术局"@zh ; skos:altLabel "科技局"@zh .
<org/370783/czj> a cpkg:GovernmentBody ; skos:prefLabel "寿光市财政局"@zh ; skos:altLabel "财政局"@zh .
<indicator/jgtz> a cpkg:Indicator ; skos:prefLabel "技改投资"@zh .
<year/2025> time:inXSDgYear "2025"^^xsd:gYear .
}
"""


def example_network() -> nx.Graph:
    """A four-measure plan, built from :data:`EXAMPLE_TRIG` by :func:`to_network`, for the examples.

    Measure 一.1: 发改局 leads, 工信局 supports; 一.2: 工信局 (role not stated);
    一.3: 科技局 leads, 发改局 and 工信局 support; 一.4: 财政局 alone.

    >>> G = example_network()
    >>> sorted(G.nodes[n]["label"] for n in departments(G))
    ['发改局', '工信局', '科技局', '财政局']
    """
    from rdflib import Dataset

    ds = Dataset()
    ds.parse(data=EXAMPLE_TRIG, format="trig")
    return to_network(ds)


# ---------------------------------------------------------------------------------------- basics


def nodes_of_kind(G: nx.Graph, kind: str) -> list[str]:
    """Node keys of one ``kind``, in graph order."""
    return [n for n, a in G._node.items() if a.get("kind") == kind]


def departments(G: nx.Graph) -> list[str]:
    """Department node keys, in graph order."""
    return nodes_of_kind(G, "department")


def measures(G: nx.Graph) -> list[str]:
    """Measure node keys, in document order (by document, then offset, then number)."""
    ms = nodes_of_kind(G, "measure")
    return sorted(ms, key=lambda m: _measure_order(G, m))


def _measure_order(G: nx.Graph, m: str) -> tuple[Any, ...]:
    n = G.nodes[m]
    start = n.get("start")
    return (n.get("doc_title") or "", n.get("document") or "", start if start is not None else 1 << 60,
            _number_key(n.get("number") or ""))


_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def _cn_int(s: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20; None for anything else."""
    if not s or any(c not in _CN_DIGITS and c != "十" for c in s):
        return None
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)
    value = 0
    for c in s:
        value = value * 10 + _CN_DIGITS[c]
    return value


def _number_key(number: str) -> tuple[tuple[int, Any], ...]:
    out = []
    for part in number.split("."):
        if part.isdigit():
            out.append((0, int(part)))
        elif _cn_int(part) is not None:
            out.append((0, _cn_int(part)))
        else:
            out.append((1, part))
    return tuple(out)


def departments_of(G: nx.Graph, measure: str) -> list[tuple[str, str, int | None]]:
    """``(department, role, rank)`` for a measure, leads first, then by printed rank.

    >>> G = example_network()
    >>> [(G.nodes[d]["label"], role) for d, role, _ in departments_of(G, "https://w3id.org/cpkg/id/doc/ex/~l1_1__l2_3")]
    [('科技局', 'lead'), ('发改局', 'support'), ('工信局', 'support')]
    """
    out = []
    for nbr, attrs in G[measure].items():
        if G.nodes[nbr].get("kind") == "department":
            out.append((nbr, attrs.get("role", "responsible"), attrs.get("rank")))
    out.sort(key=lambda x: (_ROLE_ORDER.get(x[1], 9), x[2] if x[2] is not None else 1 << 30, G.nodes[x[0]]["name"]))
    return out


def targets_of(G: nx.Graph, measure: str) -> list[str]:
    """Indicator targets of a measure (or section), in document order."""
    ts = [n for n in G[measure] if G.nodes[n].get("kind") == "target"]
    return sorted(ts, key=lambda t: (G.nodes[t].get("start") if G.nodes[t].get("start") is not None else 1 << 60, t))


def format_target(t: dict[str, Any]) -> str:
    """A target as one short line: subject, frequency, comparator, value, unit, deadline year.

    >>> format_target({"subject": "5G基站建设", "comparator": ">", "value": 2000.0, "unit": "个", "year": 2025})
    '5G基站建设 >2000个（2025年）'
    >>> format_target({"subject": "技改投资", "comparator": ">=", "value": 8.0, "unit": "%", "frequency": "annual"})
    '技改投资 每年≥8%'
    >>> format_target({"subject": "光伏开发容量", "comparator": ">=", "value": 300000.0, "printed_value": "30万", "unit": "千瓦"})
    '光伏开发容量 ≥30万千瓦'
    >>> format_target({"subject": "设备投资", "comparator": ">=", "value": 25.0, "unit": "%", "change": "increase", "base": "2023年"})
    '设备投资 较2023年增长≥25%'
    >>> format_target({"subject": "碳排放", "comparator": "=", "value": 500.0, "unit": "吨", "change": "decrease"})
    '碳排放 减少500吨'
    >>> format_target({"subject": "数字经济规模", "comparator": ">=", "value": 2.0, "printed_value": "翻一番", "unit": "倍", "year": 2025})
    '数字经济规模 ≥翻一番（2025年）'
    """
    cmp = {">=": "≥", "<=": "≤", "~": "约", "=": ""}.get(t.get("comparator") or "=", t.get("comparator") or "")
    freq = {"annual": "每年", "cumulative": "累计"}.get(t.get("frequency") or "", "")
    # the number as printed (30万) reads better than the normalised one (300000) next to the base unit
    number = t.get("printed_value") or _fmt_number(t.get("value"))
    rate = t.get("unit") in ("%", "个百分点", "百分点")
    change = {"increase": "增长" if rate else "增加", "decrease": "下降" if rate else "减少"}.get(t.get("change") or "", "")
    base = ("同比" if t["base"] == "同比" else f"较{t['base']}") if t.get("base") and change else ""
    # a multiple in words (翻一番, 翻倍: the extractor's printed value) says its unit, 倍, itself
    unit = "" if number.endswith(("番", "倍")) else t.get("unit") or ""
    text = f"{t.get('subject') or ''} {freq}{base}{change}{cmp}{number}{unit}".strip()
    if t.get("year"):
        text += f"（{t['year']}年）"
    return text


# ---------------------------------------------------------------------------------------- projections


def weighted_projection(B: nx.Graph, nodes: Iterable[Any]) -> nx.Graph:
    """``networkx.bipartite.weighted_projected_graph(B, nodes)`` as one sparse matrix product.

    Two nodes of ``nodes`` are linked when they share a neighbour; ``weight`` is the number of
    neighbours they share. Node attributes and graph attributes are copied, as networkx does.
    ``B`` must be undirected and bipartite with ``nodes`` as one side.

    >>> B = nx.Graph([("a", 1), ("b", 1), ("a", 2), ("b", 2), ("c", 2)])
    >>> sorted(weighted_projection(B, ["a", "b", "c"]).edges(data="weight"))
    [('a', 'b', 2), ('a', 'c', 1), ('b', 'c', 1)]
    """
    if B.is_directed():
        raise nx.NetworkXError("weighted_projection needs an undirected graph; use lead_support_network for roles.")
    nodes = list(nodes)
    row_of = {n: i for i, n in enumerate(nodes)}
    col_of: dict[Any, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    adj = B._adj  # the adjacency dicts themselves: iterating them directly is several times faster
    for n in nodes:
        i = row_of[n]
        for nbr in adj[n]:
            if nbr in row_of:
                continue
            j = col_of.get(nbr)
            if j is None:
                j = col_of[nbr] = len(col_of)
            rows.append(i)
            cols.append(j)
    return _projection(B, nodes, rows, cols, len(col_of))


def _projection(source: nx.Graph, nodes: list[Any], rows: list[int], cols: list[int], n_cols: int) -> nx.Graph:
    """The weighted graph of M·Mᵀ for the 0/1 incidence matrix M (``nodes`` × ``n_cols``)."""
    import numpy as np
    from scipy import sparse

    P = nx.Graph()
    P.graph.update(source.graph)
    P.add_nodes_from((n, source._node[n]) for n in nodes)
    if not rows:
        return P
    M = sparse.csr_matrix((np.ones(len(rows), dtype=np.int64), (rows, cols)), shape=(len(nodes), n_cols))
    W = sparse.triu(M @ M.T, k=1).tocoo()
    # Filling the adjacency directly, one shared attribute dict per edge as add_edge does, is
    # three times faster than add_weighted_edges_from at 10^5 edges.
    adj = P._adj
    with paused_gc():
        for u, v, w in zip(W.row.tolist(), W.col.tolist(), W.data.tolist()):
            a, b = nodes[u], nodes[v]
            data = {"weight": w}
            adj[a][b] = data
            adj[b][a] = data
    if hasattr(nx, "_clear_cache"):
        nx._clear_cache(P)
    return P


def bipartite_view(G: nx.Graph, measures_subset: Iterable[str] | None = None) -> nx.Graph:
    """The two-mode network: departments, measures and the responsibility edges between them (a copy).

    >>> B = bipartite_view(example_network())
    >>> B.number_of_nodes(), B.number_of_edges()
    (8, 7)
    """
    ms = set(measures_subset) if measures_subset is not None else set(nodes_of_kind(G, "measure"))
    keep = [n for n, k in G.nodes(data="kind") if k == "department" or (k == "measure" and n in ms)]
    B = G.subgraph(keep).copy()
    B.remove_edges_from([(u, v) for u, v in B.edges() if B.nodes[u]["kind"] == B.nodes[v]["kind"]])
    return B


def co_responsibility(G: nx.Graph, measures_subset: Iterable[str] | None = None) -> nx.Graph:
    """Departments linked by the measures they share; ``weight`` = number of shared measures.

    The weights are exactly those of ``bipartite.weighted_projected_graph(bipartite_view(G),
    departments(G))``. Pass ``measures_subset`` to project only some measures (e.g. those
    matching a query); every department stays in the result.

    >>> P = co_responsibility(example_network())
    >>> sorted((P.nodes[u]["label"], P.nodes[v]["label"], w) for u, v, w in P.edges(data="weight"))
    [('发改局', '工信局', 2), ('发改局', '科技局', 1), ('工信局', '科技局', 1)]
    """
    depts: list[str] = []
    measure_keys: list[str] = []
    for n, a in G._node.items():  # one pass over the nodes instead of two
        kind = a.get("kind")
        if kind == "department":
            depts.append(n)
        elif kind == "measure":
            measure_keys.append(n)
    if measures_subset is not None:
        measure_keys = list(dict.fromkeys(measures_subset))
    col_of = {n: j for j, n in enumerate(measure_keys)}
    get = col_of.get
    rows: list[int] = []
    cols: list[int] = []
    adj = G._adj
    with paused_gc():
        for i, d in enumerate(depts):
            js = [j for j in map(get, adj[d]) if j is not None]  # map() keeps the per-edge work in C
            cols.extend(js)
            rows.extend([i] * len(js))
    return _projection(G, depts, rows, cols, len(col_of))


def lead_support_network(G: nx.Graph, measures_subset: Iterable[str] | None = None) -> nx.DiGraph:
    """The directed lead→support network: an arc from each lead to each supporting department of
    a measure; ``weight`` = number of such measures. Measures whose roles are not stated add nothing.

    >>> D = lead_support_network(example_network())
    >>> sorted((D.nodes[u]["label"], D.nodes[v]["label"], w) for u, v, w in D.edges(data="weight"))
    [('发改局', '工信局', 1), ('科技局', '发改局', 1), ('科技局', '工信局', 1)]
    """
    import numpy as np
    from scipy import sparse

    depts = departments(G)
    D = nx.DiGraph()
    D.graph.update(G.graph)
    D.add_nodes_from((n, G.nodes[n]) for n in depts)
    row_of = {n: i for i, n in enumerate(depts)}
    ms = set(measures_subset) if measures_subset is not None else None
    col_of: dict[str, int] = {}
    lead: tuple[list[int], list[int]] = ([], [])
    support: tuple[list[int], list[int]] = ([], [])
    for n in depts:
        for m, attrs in G._adj[n].items():
            role = attrs.get("role")
            if role not in ("lead", "support") or (ms is not None and m not in ms):
                continue
            j = col_of.setdefault(m, len(col_of))
            target = lead if role == "lead" else support
            target[0].append(row_of[n])
            target[1].append(j)
    if not lead[0] or not support[0]:
        return D
    shape = (len(depts), len(col_of))
    L = sparse.csr_matrix((np.ones(len(lead[0]), dtype=np.int64), lead), shape=shape)
    S = sparse.csr_matrix((np.ones(len(support[0]), dtype=np.int64), support), shape=shape)
    W = (L @ S.T).tocoo()
    names = np.empty(len(depts), dtype=object)
    names[:] = depts
    keep = W.row != W.col
    D.add_weighted_edges_from(zip(names[W.row[keep]].tolist(), names[W.col[keep]].tolist(), W.data[keep].tolist()))
    return D


# ---------------------------------------------------------------------------------------- questions


@dataclass
class SharedResponsibility:
    """The answer to "which bureaus share responsibility for X" (rows ready for graph.output)."""

    measures: list[dict[str, Any]]  # one row per measure, with its departments and roles
    departments: list[dict[str, Any]]  # departments ranked by how many of the measures they share
    pairs: list[dict[str, Any]]  # department pairs ranked by how many of the measures they co-own


def shared_responsibility(G: nx.Graph, measures_or_query: str | Iterable[str]) -> SharedResponsibility:
    """Measures matching X, each with its departments and roles; the departments ranked by how
    many of those measures they share; and the pairs that co-own most.

    Args:
        G: the graph of :func:`to_network`.
        measures_or_query: measure keys, or a query string (a keyword, a measure number such as
            ``二.一.7`` or a programme name) matched by :func:`graph.lookup.find_measures`.

    >>> G = example_network()
    >>> r = shared_responsibility(G, "人才")
    >>> [(m["number"], m["departments"]) for m in r.measures]
    [('一.3', '科技局(牵头)、发改局(配合)、工信局(配合)')]
    >>> r = shared_responsibility(G, "一")
    >>> [(d["department"], d["measures"], d["lead"]) for d in r.departments]
    [('工信局', 3, 0), ('发改局', 2, 1), ('科技局', 1, 1), ('财政局', 1, 1)]
    >>> [(p["a"], p["b"], p["shared"]) for p in r.pairs]
    [('发改局', '工信局', 2), ('发改局', '科技局', 1), ('工信局', '科技局', 1)]
    """
    if isinstance(measures_or_query, str):
        from graph.lookup import find_measures

        ms = find_measures(G, measures_or_query).measures
    else:
        ms = [m for m in measures_or_query]
    rows = []
    per_dept: dict[str, Counter[str]] = defaultdict(Counter)
    for m in ms:
        node = G.nodes[m]
        ds = departments_of(G, m)
        for dpt, role, _ in ds:
            per_dept[dpt][role] += 1
        rows.append({
            "measure": m, "document": node.get("doc_title"), "number": node.get("number"),
            "title": node.get("title"), "text": node.get("text"),
            "departments": "、".join(f"{G.nodes[x]['label']}({ROLE_LABELS[r]})" for x, r, _ in ds),
            "roles": [{"department": G.nodes[x]["name"], "label": G.nodes[x]["label"], "role": r, "rank": k}
                      for x, r, k in ds],
        })
    drows = []
    for dpt, c in per_dept.items():
        n = G.nodes[dpt]
        drows.append({"department": n["label"], "name": n["name"], "id": dpt, "measures": sum(c.values()),
                      "lead": c["lead"], "support": c["support"], "responsible": c["responsible"]})
    drows.sort(key=lambda r: (-r["measures"], -r["lead"], r["name"]))
    P = co_responsibility(G, ms)
    prows = []
    for u, v, w in P.edges(data="weight"):
        a, b = sorted((u, v), key=lambda x: G.nodes[x]["name"])
        prows.append({"a": G.nodes[a]["label"], "b": G.nodes[b]["label"], "a_name": G.nodes[a]["name"],
                      "b_name": G.nodes[b]["name"], "shared": w})
    prows.sort(key=lambda r: (-r["shared"], r["a_name"], r["b_name"]))
    return SharedResponsibility(rows, drows, prows)


def obligations(G: nx.Graph, department: str) -> list[dict[str, Any]]:
    """Every measure a department is named for, across all documents, grouped by role
    (lead, support, responsible) and in document order within a role; with its targets and partners.

    Args:
        department: a department node key, or any of its names (resolved by graph.lookup).

    >>> G = example_network()
    >>> [(r["role"], r["number"], r["partners"]) for r in obligations(G, "工信局")]
    [('support', '一.1', '发改局(牵头)'), ('support', '一.3', '科技局(牵头)、发改局(配合)'), ('responsible', '一.2', '')]
    >>> obligations(G, "发改局")[0]["targets"]
    '技改投资 每年≥8%（2025年）'
    """
    dept = _department(G, department)
    rows = []
    for m, attrs in G[dept].items():
        node = G.nodes[m]
        if node.get("kind") != "measure":
            continue
        ts = [G.nodes[t] for t in targets_of(G, m)]
        partner_list = [(x, r) for x, r, _ in departments_of(G, m) if x != dept]
        rows.append({
            "role": attrs.get("role", "responsible"), "role_label": ROLE_LABELS[attrs.get("role", "responsible")],
            "rank": attrs.get("rank"), "measure": m, "document": node.get("doc_title"), "number": node.get("number"),
            "title": node.get("title"), "text": node.get("text"),
            "targets": "；".join(format_target(t) for t in ts),
            "target_list": [{k: t.get(k) for k in ("subject", "value", "unit", "comparator", "year", "frequency", "text")}
                            for t in ts],
            "partners": "、".join(f"{G.nodes[x]['label']}({ROLE_LABELS[r]})" for x, r in partner_list),
            "partner_list": [{"department": G.nodes[x]["name"], "label": G.nodes[x]["label"], "role": r}
                             for x, r in partner_list],
            "_order": _measure_order(G, m),
        })
    rows.sort(key=lambda r: (_ROLE_ORDER.get(r["role"], 9), r["_order"]))
    for r in rows:
        del r["_order"]
    return rows


def partners(G: nx.Graph, department: str) -> list[dict[str, Any]]:
    """The departments a department shares measures with, most shared first.

    ``as_lead`` counts shared measures the department leads with the partner supporting;
    ``as_support`` the reverse.

    >>> G = example_network()
    >>> [(p["partner"], p["shared"], p["as_lead"], p["as_support"]) for p in partners(G, "发改局")]
    [('工信局', 2, 1, 0), ('科技局', 1, 0, 1)]
    """
    dept = _department(G, department)
    my = {m: a.get("role") for m, a in G[dept].items() if G.nodes[m].get("kind") == "measure"}
    stats: dict[str, dict[str, Any]] = {}
    for m, my_role in my.items():
        for other, attrs in G[m].items():
            if other == dept or G.nodes[other].get("kind") != "department":
                continue
            s = stats.setdefault(other, {"shared": 0, "as_lead": 0, "as_support": 0, "measures": []})
            s["shared"] += 1
            their = attrs.get("role")
            s["as_lead"] += my_role == "lead" and their == "support"
            s["as_support"] += my_role == "support" and their == "lead"
            s["measures"].append(G.nodes[m].get("number"))
    rows = []
    for other, s in stats.items():
        n = G.nodes[other]
        rows.append({"partner": n["label"], "name": n["name"], "id": other, "shared": s["shared"],
                     "as_lead": int(s["as_lead"]), "as_support": int(s["as_support"]),
                     "measures": sorted(s["measures"], key=_number_key)})
    rows.sort(key=lambda r: (-r["shared"], r["name"]))
    return rows


def _department(G: nx.Graph, department: str) -> str:
    if department in G and G.nodes[department].get("kind") == "department":
        return department
    from graph.lookup import resolve_department

    return resolve_department(G, department)


# ---------------------------------------------------------------------------------------- measures


def role_counts(G: nx.Graph) -> dict[str, dict[str, int]]:
    """牵头度 / 配合度: per department, how many measures it leads, supports, or holds with no stated role.

    >>> G = example_network()
    >>> c = role_counts(G)
    >>> c["https://w3id.org/cpkg/id/org/370783/fgj"]
    {'lead': 1, 'support': 1, 'responsible': 0, 'total': 2}
    """
    out = {}
    for d in departments(G):
        c = Counter(a.get("role", "responsible") for m, a in G[d].items() if G.nodes[m].get("kind") == "measure")
        out[d] = {"lead": c["lead"], "support": c["support"], "responsible": c["responsible"],
                  "total": sum(c.values())}
    return out


def centrality(G: nx.Graph, projection: nx.Graph | None = None) -> dict[str, dict[str, float]]:
    """Degree and betweenness centrality of each department in the co-responsibility network.

    ``degree`` is the number of partners, ``strength`` the sum of shared-measure weights,
    ``degree_centrality`` and ``betweenness`` are networkx's normalised values (betweenness on
    unweighted shortest paths, as UCINET reports it by default).

    >>> c = centrality(example_network())
    >>> c["https://w3id.org/cpkg/id/org/370783/fgj"]
    {'degree': 2, 'strength': 3, 'degree_centrality': 0.6666666666666666, 'betweenness': 0.0}
    """
    P = projection if projection is not None else co_responsibility(G)
    deg = nx.degree_centrality(P) if len(P) > 1 else {n: 0.0 for n in P}
    btw = nx.betweenness_centrality(P, normalized=True)
    return {n: {"degree": P.degree(n), "strength": P.degree(n, weight="weight"),
                "degree_centrality": deg[n], "betweenness": btw[n]} for n in P}


def communities(G: nx.Graph, *, seed: int = 42, resolution: float = 1.0,
                projection: nx.Graph | None = None) -> list[list[str]]:
    """Working clusters of departments: Louvain communities of the weighted co-responsibility
    network (networkx ``louvain_communities``, fixed ``seed`` so runs repeat). Departments with no
    partners form their own singleton communities. Largest first, each sorted by name.

    >>> G = example_network()
    >>> [[G.nodes[d]["label"] for d in c] for c in communities(G)]
    [['发改局', '工信局', '科技局'], ['财政局']]
    """
    P = projection if projection is not None else co_responsibility(G)
    if P.number_of_nodes() == 0:
        return []
    # Louvain visits nodes in graph order: a canonical copy makes the result depend on the graph only
    C = nx.Graph()
    C.add_nodes_from(sorted(P, key=str))
    C.add_weighted_edges_from(sorted((*sorted((u, v), key=str), w) for u, v, w in P.edges(data="weight")))
    found = nx.community.louvain_communities(C, weight="weight", resolution=resolution, seed=seed)
    name = lambda n: P.nodes[n].get("name", n)  # noqa: E731
    groups = [sorted(c, key=name) for c in found]
    groups.sort(key=lambda c: (-len(c), name(c[0])))
    return groups


def departments_without_partners(G: nx.Graph) -> list[str]:
    """Departments that share no measure with any other department (isolates of the projection).

    >>> G = example_network()
    >>> [G.nodes[d]["label"] for d in departments_without_partners(G)]
    ['财政局']
    """
    P = co_responsibility(G)
    return sorted((n for n in P if P.degree(n) == 0), key=lambda n: P.nodes[n]["name"])


def measures_without_lead(G: nx.Graph) -> list[str]:
    """Measures no department leads: roles unstated, only supporting units, or no department at all.

    >>> G = example_network()
    >>> [G.nodes[m]["number"] for m in measures_without_lead(G)]
    ['一.2']
    """
    out = []
    for m in measures(G):
        if not any(a.get("role") == "lead" for x, a in G[m].items() if G.nodes[x].get("kind") == "department"):
            out.append(m)
    return out


def department_table(G: nx.Graph, *, seed: int = 42) -> list[dict[str, Any]]:
    """One row per department with everything above: measures, 牵头度/配合度, partners, centrality,
    community (1 = largest). Sorted by number of measures, then name.

    >>> rows = department_table(example_network())
    >>> [(r["department"], r["measures"], r["lead"], r["support"], r["partners"], r["community"]) for r in rows]
    [('工信局', 3, 0, 2, 2, 1), ('发改局', 2, 1, 1, 2, 1), ('科技局', 1, 1, 0, 2, 1), ('财政局', 1, 1, 0, 0, 2)]
    """
    P = co_responsibility(G)
    cen = centrality(G, P)
    counts = role_counts(G)
    comm = {n: i for i, c in enumerate(communities(G, seed=seed, projection=P), start=1) for n in c}
    rows = []
    for d in departments(G):
        n = G.nodes[d]
        rows.append({"department": n["label"], "name": n["name"], "id": d, "measures": counts[d]["total"],
                     "lead": counts[d]["lead"], "support": counts[d]["support"],
                     "responsible": counts[d]["responsible"], "partners": cen[d]["degree"],
                     "strength": cen[d]["strength"], "degree_centrality": round(cen[d]["degree_centrality"], 4),
                     "betweenness": round(cen[d]["betweenness"], 4), "community": comm.get(d)})
    rows.sort(key=lambda r: (-r["measures"], r["name"]))
    return rows


def network_summary(G: nx.Graph) -> dict[str, Any]:
    """Counts and density of the co-responsibility network.

    >>> s = network_summary(example_network())
    >>> s["departments"], s["measures"], s["edges"], s["density"], s["communities"]
    (4, 4, 3, 0.5, 2)
    """
    P = co_responsibility(G)
    return {
        "documents": len(nodes_of_kind(G, "document")), "departments": P.number_of_nodes(),
        "measures": len(nodes_of_kind(G, "measure")), "targets": len(nodes_of_kind(G, "target")),
        "edges": P.number_of_edges(), "density": round(nx.density(P), 4) if len(P) > 1 else 0.0,
        "components": nx.number_connected_components(P) if len(P) else 0,
        "communities": len(communities(G, projection=P)),
        "departments_without_partners": sum(1 for n in P if P.degree(n) == 0),
        "measures_without_lead": len(measures_without_lead(G)),
        "lead_support_arcs": lead_support_network(G).number_of_edges(),
    }


# ---------------------------------------------------------------------------------------- exports

EXPORT_FORMATS = ("gexf", "graphml", "csv")
LAYERS = ("co", "lead", "bipartite", "full")


def export_network(G: nx.Graph, path: str | os.PathLike[str], fmt: str = "gexf", layer: str = "co") -> Path:
    """Write a layer of the network for Gephi (GEXF, GraphML) or UCINET / Excel (CSV matrix).

    Layers: ``co`` the weighted co-responsibility network, ``lead`` the directed lead→support
    network, ``bipartite`` the department × measure two-mode network (role on edges), ``full``
    every node and edge of :func:`to_network`. CSV writes a labelled matrix: department ×
    department weights (co, lead) or the department × measure incidence (bipartite, full).
    List attributes become text, since GEXF and GraphML hold only scalars. The write is atomic.

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "co.csv"
    >>> _ = export_network(example_network(), out, "csv")
    >>> print(out.read_text(encoding="utf-8-sig").splitlines()[1])
    寿光市发展和改革局,0,2,1,0
    """
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"export format {fmt!r} is not one of {', '.join(map(repr, EXPORT_FORMATS))}.")
    if layer not in LAYERS:
        raise ValueError(f"layer {layer!r} is not one of {', '.join(map(repr, LAYERS))}.")
    if layer == "co":
        H: nx.Graph = co_responsibility(G)
    elif layer == "lead":
        H = lead_support_network(G)
    elif layer == "bipartite":
        H = bipartite_view(G)
    else:
        H = G
    out = Path(path)
    if fmt == "csv":
        _write_atomic(out, lambda f: _write_matrix(H, f, two_mode=layer in ("bipartite", "full"), graph=G),
                      text=True)
        return out
    S = _scalar_copy(H)
    writer = nx.write_gexf if fmt == "gexf" else nx.write_graphml
    _write_atomic(out, lambda f: writer(S, f))
    return out


def _scalar_copy(H: nx.Graph) -> nx.Graph:
    S = H.__class__()

    def clean(attrs: dict[str, Any]) -> dict[str, Any]:
        out = {}
        for k, v in attrs.items():
            if v is None:
                continue
            if isinstance(v, (list, tuple, set, dict)):
                v = "、".join(map(str, v)) if not isinstance(v, dict) else str(v)
            out[k] = v
        return out

    S.add_nodes_from((n, clean(a)) for n, a in H.nodes(data=True))
    S.add_edges_from((u, v, clean(a)) for u, v, a in H.edges(data=True))
    return S


def _write_matrix(H: nx.Graph, f: Any, *, two_mode: bool, graph: nx.Graph) -> None:
    w = csv.writer(f, lineterminator="\n")
    depts = sorted((n for n in H if H.nodes[n].get("kind") == "department"), key=lambda n: (H.nodes[n]["name"], n))
    if two_mode:
        ms = [m for m in measures(graph) if m in H]
        w.writerow([""] + [f"{graph.nodes[m].get('doc_title') or ''} {graph.nodes[m]['number']}".strip() for m in ms])
        for d in depts:
            nbrs = H[d]
            w.writerow([H.nodes[d]["name"]] + [1 if m in nbrs else 0 for m in ms])
        return
    w.writerow([""] + [H.nodes[d]["name"] for d in depts])
    for d in depts:
        nbrs = H[d] if not H.is_directed() else H.succ[d]
        w.writerow([H.nodes[d]["name"]] + [nbrs[o]["weight"] if o in nbrs else 0 for o in depts])


def _write_atomic(path: Path, write: Any, *, text: bool = False) -> None:
    def fill(tmp: Path) -> None:
        if text:
            with open(tmp, "w", encoding="utf-8-sig", newline="") as f:  # BOM: Excel reads it as UTF-8
                write(f)
        else:
            with open(tmp, "wb") as f:
                write(f)

    write_atomic(path, fill)
