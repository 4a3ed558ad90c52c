"""ontology/shapes.ttl: every graph the tool writes conforms; each kind of seeded error is rejected.

The seeded copies start from the graph of one hand-built document (small, so that each pyshacl
run stays well under a second) and change one thing each.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from graph import rdf
from graph.rdf import BASE, DCAT, ELI, ITSRDF, OA
from ontology.namespace import CPKG, ROLE

DOC_B = rdf.document_iri("寿光市数字经济发展实施方案（2024年）")
MEASURE = URIRef(f"{DOC_B}/~l1_1__l2_1")
SECTION = URIRef(f"{DOC_B}/~l1_1")
GXJ, KJJ = URIRef(BASE + "org/370783/gxj"), URIRef(BASE + "org/370783/kjj")
LEAD = URIRef(f"{MEASURE}/resp/gxj")


@pytest.fixture(scope="module")
def base(make_corpus) -> Graph:
    return rdf.union_graph(rdf.to_dataset([make_corpus()[1]]))


def _one(g: Graph, s=None, p=None, o=None):
    return next(iter(g.triples((s, p, o))))


def _target(g: Graph) -> URIRef:
    return next(g.subjects(RDF.type, CPKG.IndicatorTarget))


def _span_with(g: Graph, cls=CPKG.TextSpan) -> URIRef:
    return sorted(g.subjects(RDF.type, cls))[0]


def _selector(g: Graph, span: URIRef, prop: URIRef):
    return next(sel for sel in g.objects(span, OA.hasSelector) if g.value(sel, prop) is not None)


def wrong_quote(g):
    sel = _selector(g, _span_with(g), OA.exact)
    g.set((sel, OA.exact, Literal("市发改局")))


def fragment_differs_from_selector(g):
    sel = _selector(g, _span_with(g), OA.start)
    g.set((sel, OA.start, Literal(g.value(sel, OA.start).toPython() + 1)))


def span_past_end_of_text(g):
    span = _span_with(g)
    sel = _selector(g, span, OA.end)
    g.set((sel, OA.end, Literal(10_000)))


def alias_shared_by_two_bureaus(g):
    g.add((KJJ, SKOS.altLabel, Literal("市工信局", lang="zh")))


def missing_lead_shortcut(g):
    g.remove((MEASURE, CPKG.leadUnit, GXJ))


def lead_shortcut_without_responsibility(g):
    g.add((MEASURE, CPKG.leadUnit, KJJ))


def responsible_unit_missing(g):
    g.remove((MEASURE, CPKG.responsibleUnit, KJJ))


def malformed_doc_number(g):
    g.add((DOC_B, CPKG.docNumber, Literal("寿政办发2024年12号")))


def confidence_above_one(g):
    g.add((_span_with(g, CPKG.Mention), ITSRDF.taConfidence, Literal("1.5", datatype=XSD.decimal)))


def section_with_two_parents(g):
    g.add((MEASURE, ELI.is_part_of, DOC_B))


def part_of_cycle(g):
    g.set((SECTION, ELI.is_part_of, MEASURE))


def responsibility_without_agent(g):
    g.remove((LEAD, PROV.agent, None))


def unknown_role(g):
    g.set((LEAD, DCAT.hadRole, ROLE.boss if False else URIRef("https://w3id.org/cpkg/def/role/boss")))


def unknown_role_rule(g):
    g.set((LEAD, CPKG.roleRule, Literal("guessed")))


def responsibility_without_evidence(g):
    g.remove((LEAD, PROV.wasDerivedFrom, None))


def target_without_indicator(g):
    g.remove((_target(g), CPKG.indicator, None))


def target_value_not_decimal(g):
    g.set((_target(g), CPKG.targetValue, Literal("五十")))


def department_with_two_names(g):
    g.add((GXJ, SKOS.prefLabel, Literal("寿光市工信局", lang="zh")))


def department_without_jurisdiction(g):
    g.remove((GXJ, CPKG.jurisdiction, None))


def department_iri_malformed(g):
    bad = URIRef(BASE + "org/shouguang/gxj")
    for p, o in list(g.predicate_objects(GXJ)):
        g.add((bad, p, o))


def measure_text_differs_from_span(g):
    g.set((MEASURE, CPKG.text, Literal("1.建设5G应用场景。", lang="zh")))


def implements_without_cites(g):
    g.remove((DOC_B, ELI.cites, URIRef(BASE + "doc/wtljjx6p3dgt4qi3")))


def wrong_sha256(g):
    text = next(g.subjects(RDF.type, CPKG.PlainText))
    g.set((text, CPKG.sha256, Literal("0" * 64)))


def char_count_differs_from_text(g):
    text = next(g.subjects(RDF.type, CPKG.PlainText))
    g.set((text, CPKG.charCount, Literal(3)))


def two_titles(g):
    g.add((DOC_B, DCTERMS.title, Literal("另一个标题方案", lang="zh")))


def sibling_sections_share_number(g):
    twin = URIRef(f"{DOC_B}/~l1_1__l2_2")
    for p, o in list(g.predicate_objects(MEASURE)):
        g.add((twin, p, o))


SEEDED: list[tuple[Callable[[Graph], None], str]] = [
    (wrong_quote, "TextQuoteSelector exact text differs"),
    (fragment_differs_from_selector, "span IRI fragment does not match"),
    (span_past_end_of_text, "span ends after the end of its text"),
    (alias_shared_by_two_bureaus, "is used by two bodies of the same jurisdiction"),
    (missing_lead_shortcut, "lead/supporting shortcut edge"),
    (lead_shortcut_without_responsibility, "lead/supporting shortcut edge"),
    (responsible_unit_missing, "is not exactly the set of agents"),
    (malformed_doc_number, "cpkg:docNumber"),
    (confidence_above_one, "itsrdf:taConfidence"),
    (section_with_two_parents, "eli:is_part_of"),
    (part_of_cycle, "part of itself"),
    (responsibility_without_agent, "prov:agent"),
    (unknown_role, "dcat:hadRole"),
    (unknown_role_rule, "cpkg:roleRule"),
    (responsibility_without_evidence, "prov:wasDerivedFrom"),
    (target_without_indicator, "cpkg:indicator"),
    (target_value_not_decimal, "cpkg:targetValue"),
    (department_with_two_names, "skos:prefLabel"),
    (department_without_jurisdiction, "cpkg:jurisdiction"),
    (department_iri_malformed, "org/shouguang/gxj"),
    (measure_text_differs_from_span, "cpkg:text differs"),
    (implements_without_cites, "implements a policy it does not cite"),
    (wrong_sha256, "first 12 hex digits of its sha256"),
    (char_count_differs_from_text, "cpkg:charCount differs"),
    (two_titles, "dcterms:title"),
    (sibling_sections_share_number, "two sibling sections share the same number"),
]


def test_shapes_conform_on_written_graph(base):
    conforms, report = rdf.validate(base)
    assert conforms, report
    assert "Conforms: True" in report


@pytest.mark.parametrize("seed, expected", SEEDED, ids=[s.__name__ for s, _ in SEEDED])
def test_shapes_reject_seeded_error(base, seed, expected):
    g = Graph()
    for prefix, ns in rdf.PREFIXES.items():
        g.bind(prefix, ns)
    g += base
    seed(g)
    conforms, report = rdf.validate(g)
    assert not conforms, f"{seed.__name__} was not rejected"
    assert "Severity: sh:Violation" in report
    assert expected in report, report
