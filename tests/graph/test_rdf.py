"""graph.rdf: records → RDF, stable IRIs, provenance, and the namespace module in step with policy.ttl.

The hand-built two-document corpus (the ``make_corpus``, ``text_a`` and ``text_b`` fixtures) lives
in tests/graph/conftest.py.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from rdflib import RDF, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import DCTERMS, PROV, SKOS

from extract.records import ExtractedDocument, Span
from graph import rdf
from graph.rdf import BASE, ELI, ITSRDF, OA, SHARED_GRAPH, TIME
from ontology.namespace import BASIS, CMP, CPKG, FREQ, ROLE, STAT


@pytest.fixture(scope="module")
def corpus(make_corpus) -> list[ExtractedDocument]:
    return make_corpus()


@pytest.fixture(scope="module")
def ds(corpus):
    return rdf.to_dataset(corpus)


DOC_A = URIRef(BASE + "doc/wtljjx6p3dgt4qi3")  # the IRI ontology-notes §2.4 computes for this title
PROVINCIAL = URIRef(BASE + "doc/otv5wawjb4345k5v")
FGJ, GXJ, CZJ, KJJ = (URIRef(f"{BASE}org/370783/{c}") for c in ("fgj", "gxj", "czj", "kjj"))


def test_rdf_iris_match_the_design_notes(ds):
    assert rdf.document_iri("寿光市县域经济高质量发展工作方案(2024—2025年)") == DOC_A
    assert rdf.document_iri("《山东省县域经济高质量发展三年行动方案(2023-2025年)》") == PROVINCIAL
    assert rdf.h16("programme|链长制") == "lqqowbxwc6sddzop"
    graphs = sorted(str(g.identifier) for g in ds.graphs() if len(g))
    assert graphs == sorted([BASE + "graph/shared", BASE + "graph/wtljjx6p3dgt4qi3",
                             str(rdf.graph_iri(rdf.document_iri("寿光市数字经济发展实施方案（2024年）")))])


def test_rdf_measure_has_responsibilities_and_shortcuts(ds, make_corpus, text_a):
    m = URIRef(f"{DOC_A}/~l1_2__l2_1__l3_1")
    assert (m, RDF.type, CPKG.Measure) in ds
    assert set(ds.objects(m, CPKG.leadUnit)) == {FGJ}
    assert set(ds.objects(m, CPKG.supportingUnit)) == {GXJ}
    assert set(ds.objects(m, CPKG.responsibleUnit)) == {FGJ, GXJ}
    r = URIRef(f"{m}/resp/fgj")
    assert set(ds.objects(m, CPKG.qualifiedResponsibility)) == {r, URIRef(f"{m}/resp/gxj")}
    assert ds.value(r, PROV.agent) == FGJ and ds.value(r, URIRef("http://www.w3.org/ns/dcat#hadRole")) == ROLE.lead
    assert ds.value(r, CPKG.rank) == Literal(1) and ds.value(r, CPKG.roleRule) == Literal("first-listed-is-lead")
    evidence = {str(e).rsplit("#", 1)[1] for e in ds.objects(r, PROV.wasDerivedFrom)}
    clause = text_a.index("(责任单位：市发改局")
    note = text_a.index("注：")
    name = text_a.index("市发改局", clause)
    assert evidence == {f"char={clause},{clause + 16}", f"char={note},{note + 30}", f"char={name},{name + 4}"}
    assert ds.value(m, CPKG.text) == Literal(make_corpus()[0].measures[0].span.text, lang="zh")
    # the unspecified list keeps both as responsible, with no lead guessed
    m3 = URIRef(f"{DOC_A}/~l1_2__l2_1__l3_3")
    assert set(ds.objects(m3, CPKG.leadUnit)) == set()
    assert set(ds.objects(m3, CPKG.responsibleUnit)) == {KJJ, URIRef(BASE + "org/370783/towns")}
    assert (URIRef(BASE + "org/370783/towns"), RDF.type, CPKG.AgentGroup) in ds


def test_rdf_every_fact_points_to_its_text_span(ds, corpus):
    doc = corpus[0]
    text_iri = URIRef(f"{DOC_A}/zh/t/{doc.sha256[:12]}")
    facts = [s for cls in (CPKG.Measure, CPKG.Responsibility, CPKG.IndicatorTarget) for s in ds.subjects(RDF.type, cls)]
    facts += list(ds.subjects(RDF.type, URIRef("http://www.w3.org/ns/dcat#Relationship")))
    assert len(facts) == 4 + 9 + 4 + 3  # measures, responsibilities, targets, relationships
    for fact in facts:
        spans = list(ds.objects(fact, CPKG.textSpan)) + list(ds.objects(fact, PROV.wasDerivedFrom))
        assert spans, fact
        for span in spans:
            source = ds.value(span, OA.hasSource)
            text = str(ds.value(source, RDF.value))
            sels = list(ds.objects(span, OA.hasSelector))
            start = next(ds.value(s, OA.start) for s in sels if ds.value(s, OA.start) is not None).toPython()
            end = next(ds.value(s, OA.end) for s in sels if ds.value(s, OA.end) is not None).toPython()
            exact = next(str(ds.value(s, OA.exact)) for s in sels if ds.value(s, OA.exact) is not None)
            assert text[start:end] == exact and str(span).endswith(f"#char={start},{end}")
    five_g = next(t for t in ds.subjects(RDF.type, CPKG.IndicatorTarget)
                  if ds.value(t, CPKG.targetValue).toPython() == 2000)
    span = ds.value(five_g, PROV.wasDerivedFrom)
    assert str(span).startswith(str(text_iri) + "#char=")


def test_rdf_targets_carry_value_unit_comparator_deadline(ds):
    by_value = {ds.value(t, CPKG.targetValue).toPython(): t for t in ds.subjects(RDF.type, CPKG.IndicatorTarget)}
    assert sorted(float(v) for v in by_value) == [8.0, 50.0, 2000.0, 4500000.0]
    veg = by_value[next(v for v in by_value if float(v) == 4500000.0)]
    assert ds.value(veg, CPKG.comparator) == CMP.approx
    assert ds.value(veg, CPKG.unit) == URIRef("http://qudt.org/vocab/unit/TONNE")
    assert ds.value(veg, CPKG.unitText) == Literal("万吨", lang="zh")
    assert ds.value(veg, CPKG.printedValue) == Literal("450万")
    assert ds.value(ds.value(veg, CPKG.deadline), TIME.inXSDgYear) == Literal("2025", datatype=rdf.XSD.gYear)
    assert ds.value(ds.value(veg, CPKG.indicator), SKOS.prefLabel) == Literal("蔬菜生产能力", lang="zh")
    assert str(veg).startswith(f"{DOC_A}/~l1_1/target/")  # stated under 一、主要目标
    tech = by_value[next(v for v in by_value if float(v) == 8.0)]
    assert (ds.value(tech, CPKG.statistic), ds.value(tech, CPKG.basis), ds.value(tech, CPKG.frequency)) == (
        STAT.growthRate, BASIS.annualAverage, FREQ.annual)
    assert (URIRef(f"{DOC_A}/~l1_2__l2_1__l3_1"), CPKG.hasTarget, tech) in ds
    new = by_value[next(v for v in by_value if float(v) == 50.0)]
    assert ds.value(new, CPKG.basis) == BASIS.newlyAdded and ds.value(new, CPKG.classifier) == Literal("个", lang="zh")


@pytest.mark.parametrize(
    "sentence, statistic, base_year, base_text",
    [
        ("到2027年，设备投资规模较2023年增长25%以上。", STAT.growthRate, "2023", "2023年"),
        ("单位地区生产总值能耗比2020年下降14%。", STAT.reductionRate, "2020", "2020年"),
        ("农村自来水普及率提高到98%。", STAT.share, None, None),
        ("化学需氧量排放总量减少1000吨。", STAT.decrease, None, None),
        ("农民人均可支配收入比上年增加2000元。", STAT.increase, None, "上年"),
        ("粮食产量达到50万吨。", STAT.level, None, None),
    ],
    ids=["growth-since-a-year", "reduction-since-a-year", "share-raised-to", "amount-decrease", "amount-increase", "level"],
)
def test_rdf_targets_that_are_changes_and_their_bases(sentence, statistic, base_year, base_text):
    from extract import extract_text

    doc = extract_text(f"寿光市人民政府\n一、重点任务\n1.推进。{sentence}(责任单位:市发改局)")
    ds = rdf.to_dataset([doc])
    [t] = ds.subjects(RDF.type, CPKG.IndicatorTarget)
    assert ds.value(t, CPKG.statistic) == statistic
    year = ds.value(ds.value(t, CPKG.baseYear), TIME.inXSDgYear) if ds.value(t, CPKG.baseYear) is not None else None
    assert year == (Literal(base_year, datatype=rdf.XSD.gYear) if base_year else None)
    assert ds.value(t, CPKG.baseText) == (Literal(base_text, lang="zh") if base_text else None)


def test_rdf_same_department_in_two_documents_is_one_node(ds):
    shared = ds.graph(SHARED_GRAPH)
    assert (GXJ, RDF.type, CPKG.GovernmentBody) in shared
    assert list(shared.objects(GXJ, SKOS.prefLabel)) == [Literal("寿光市工业和信息化局", lang="zh")]
    assert set(shared.objects(GXJ, SKOS.altLabel)) == {Literal("市工信局", lang="zh")}
    leaders = {d for d in ds.subjects(CPKG.leadUnit, None)}
    assert len(leaders) == 3
    docs_of_gxj = {str(m).split("/~")[0] for m in ds.subjects(CPKG.responsibleUnit, GXJ)}
    assert len(docs_of_gxj) == 2  # both documents point at the one node
    bodies = set(shared.subjects(RDF.type, CPKG.GovernmentBody))
    assert {str(b).rsplit("/", 1)[1] for b in bodies} >= {"fgj", "gxj", "czj", "kjj", "gov"}
    assert len(bodies) == 6  # + the 人民政府办公室 issuer, unresolved (x-…)


def test_rdf_citations_link_corpus_documents_and_merge_cited_policies(ds, corpus):
    doc_b = rdf.document_iri(corpus[1].title)
    assert (doc_b, CPKG.implements, DOC_A) in ds  # cited with full-width brackets and a hyphen: same node
    assert (doc_b, ELI.cites, PROVINCIAL) in ds and (DOC_A, CPKG.implements, PROVINCIAL) in ds
    shared = ds.graph(SHARED_GRAPH)
    assert (PROVINCIAL, RDF.type, CPKG.CitedPolicy) in shared
    assert (DOC_A, RDF.type, CPKG.CitedPolicy) not in shared  # a corpus document is not a stub
    assert shared.value(PROVINCIAL, CPKG.docNumber) == Literal("鲁政字〔2023〕209号")
    assert len(list(shared.objects(PROVINCIAL, DCTERMS.title))) == 1


def test_rdf_department_mentions_are_kept_for_highlighting(ds, corpus, text_a):
    t = text_a
    mentions = {(str(m).rsplit("=", 1)[1], ds.value(m, ITSRDF.taIdentRef))
                for m in ds.subjects(RDF.type, CPKG.Mention) if str(m).startswith(str(DOC_A))}
    i = t.index("市发改局", t.index("(责任单位："))
    assert (f"{i},{i + 4}", FGJ) in mentions
    names = [m for m in mentions if m[1] in (FGJ, GXJ, CZJ, KJJ, URIRef(BASE + "org/370783/towns"))]
    assert len(names) == 7  # every department name of the three clauses


def test_rdf_rerun_is_isomorphic_and_order_independent(corpus, make_corpus):
    a = rdf.to_dataset(corpus)
    b = rdf.to_dataset(list(reversed(make_corpus())))
    for g in a.graphs():
        if not len(g):
            continue
        other = b.graph(g.identifier)
        if not isomorphic(g, other):
            _, only_a, only_b = graph_diff(to_isomorphic(g), to_isomorphic(other))
            pytest.fail(f"{g.identifier} differs:\n{only_a.serialize(format='nt')}\n---\n{only_b.serialize(format='nt')}")
    assert len(a) == len(b)


def test_rdf_every_written_graph_conforms(ds):
    conforms, report = rdf.validate(ds)
    assert conforms, report


def test_rdf_duplicate_section_numbers_stay_distinct(corpus):
    doc = corpus[1]
    twin = replace(doc.sections[1], span=Span.of(doc.text, doc.sections[1].span.start + 2, doc.sections[1].span.end))
    ds = rdf.to_dataset([replace(doc, sections=doc.sections + (twin,))])
    sections = {str(s).rsplit("/~", 1)[1] for s in ds.subjects(RDF.type, CPKG.Section)}
    assert sections == {"l1_1", "l1_1__l2_1", "l1_1__p_3"}


def test_rdf_unresolved_department_gets_hashed_iri(corpus):
    doc = corpus[1]
    m = doc.measures[0]
    d = replace(m.departments[1], resolved=False, department_id=None, canonical="寿光市某某中心", name="某某中心")
    iri = rdf.department_iri(d, "370783")
    assert str(iri) == BASE + "org/370783/x-" + rdf.h16("org|370783|寿光市某某中心")
    assert rdf.department_iri(d, None).startswith(BASE + "org/000000/x-")


@pytest.mark.parametrize("printed, value", [("1", 1), ("12", 12), ("十", 10), ("十二", 12), ("二十", 20),
                                            ("一百零五", 105), ("①", 1), ("⑩", 10), ("１２", 12), ("甲", None)])
def test_rdf_numeral(printed, value):
    assert rdf.numeral(printed) == value


# ------------------------------------------------------------------ the vocabulary


def test_vocabulary_every_term_has_zh_en_label_and_definition():
    from rdflib import Graph
    from rdflib.namespace import RDFS

    g = Graph().parse(rdf.resources.files("ontology").joinpath("policy.ttl"), format="turtle")
    terms = {s for s in g.subjects() if isinstance(s, URIRef) and s.startswith("https://w3id.org/cpkg/def")}
    assert len(terms) > 60
    for term in terms:
        langs = {l.language for l in g.objects(term, RDFS.label)}
        assert {"zh", "en"} <= langs, term
        assert g.value(term, SKOS.definition) is not None, term


def test_vocabulary_namespace_module_matches_policy_ttl():
    from ontology import gen_namespace

    assert gen_namespace.module_path().read_text(encoding="utf-8") == gen_namespace.render(), (
        "ontology/namespace.py is out of date; run: python -m ontology.gen_namespace")


def test_vocabulary_every_term_the_graph_uses_is_defined(ds):
    from rdflib import Graph

    vocab = Graph().parse(rdf.resources.files("ontology").joinpath("policy.ttl"), format="turtle")
    defined = set(vocab.subjects())
    used = {t for q in ds.quads((None, None, None, None)) for t in q[:3]
            if isinstance(t, URIRef) and t.startswith("https://w3id.org/cpkg/def")}
    assert used - defined == set()


def test_vocabulary_namespace_is_closed():
    with pytest.raises(AttributeError):
        CPKG.leadDepartment  # noqa: B018


# ------------------------------------------------------------------ the bundled sample, through the real extractor


def test_rdf_bundled_sample_conforms_and_rebuilds_isomorphic(sample):
    """寿光市县域经济高质量发展工作方案(2024—2025年), extracted by extract.pipeline."""
    a, b = rdf.to_dataset([sample]), rdf.to_dataset([sample])
    assert isomorphic(rdf.union_graph(a), rdf.union_graph(b))
    conforms, report = rdf.validate(a)
    assert conforms, report
    assert len(set(a.subjects(RDF.type, CPKG.Measure))) == len(sample.measures) == 31
    doc = rdf.document_iri(sample.title)
    assert doc == DOC_A  # the sample's title is the one of ontology-notes §2.10
    assert (doc, CPKG.implements, PROVINCIAL) in a
    text = str(a.value(URIRef(f"{doc}/zh/t/{sample.sha256[:12]}"), RDF.value))
    assert text == sample.text
    mentions = [m for m in a.subjects(RDF.type, CPKG.Mention)
                if str(a.value(m, ITSRDF.taIdentRef)).startswith(BASE + "org/370783/")]
    assert len(mentions) == sum(len(m.departments) for m in sample.measures) + sum(
        len(c.departments) for c in sample.conventions)


def test_rdf_oxigraph_backed_dataset_conforms_and_saves(corpus, tmp_path):
    """The corpus path: to_dataset(store="Oxigraph") (0.9 GiB instead of 1.6 GiB at 1M triples)."""
    from graph import store

    ox = rdf.to_dataset(corpus, store="Oxigraph")
    conforms, report = rdf.validate(ox)
    assert conforms, report
    store.save(ox, tmp_path, ("trig", "nq"))
    assert len(store.load(tmp_path)) == len(ox) == len(rdf.to_dataset(corpus))
