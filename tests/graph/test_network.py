"""graph.network: the NetworkX view of the RDF graph, the projections and the network measures.

Three inputs: a hand-written TriG graph in the model of ontology-notes §2 (pins how each RDF
term becomes an attribute, independently of graph/rdf.py), the two-document corpus of the
make_corpus fixture (tests/graph/conftest.py) through graph.rdf.to_dataset (pins the alignment
with graph/rdf.py), and the bundled 寿光 sample through the real extractor.
"""

from __future__ import annotations

import random
from pathlib import Path

import networkx as nx
import pytest
from networkx.algorithms import bipartite
from rdflib import Dataset, Graph

from graph import network as net
from graph import rdf

ID = "https://w3id.org/cpkg/id/"
SAMPLE = Path(__file__).resolve().parents[2] / "extract" / "data" / "shouguang_county_economy_plan_2024.txt"

# ---------------------------------------------------------------------------------------- hand-written TriG

TEXT = ("一、重点任务\n1.建设新型基础设施。到2025年,5G基站建设突破2000个。(牵头单位:工信局;配合单位:发改局)\n"
        "2.强化人才支撑。(责任单位:科技局、各镇街)\n注:列第一位的为牵头单位。")


def _at(sub: str, after: int = 0) -> tuple[int, int]:
    i = TEXT.index(sub, after)
    return i, i + len(sub)


def _span_ttl(name: str, sub: str, after: int = 0, *, mention_of: str | None = None) -> str:
    s, e = _at(sub, after)
    kind = "cpkg:Mention" if mention_of else "cpkg:TextSpan"
    extra = f" ; itsrdf:taIdentRef <{mention_of}>" if mention_of else ""
    return (f"<doc/a/zh/t/x#{name}> a {kind} ; oa:hasSource <doc/a/zh/t/x> ; "
            f"oa:hasSelector [ a oa:TextPositionSelector ; oa:start {s} ; oa:end {e} ] , "
            f"[ a oa:TextQuoteSelector ; oa:exact \"{sub}\" ]{extra} .\n")


M1_TEXT = "1.建设新型基础设施。到2025年,5G基站建设突破2000个。(牵头单位:工信局;配合单位:发改局)"
M2_TEXT = "2.强化人才支撑。(责任单位:科技局、各镇街)"
CLAUSE1 = "(牵头单位:工信局;配合单位:发改局)"
CLAUSE2 = "(责任单位:科技局、各镇街)"
NOTE = "注:列第一位的为牵头单位。"


def hand_trig() -> str:
    c1 = _at(CLAUSE1)[0]
    c2 = _at(CLAUSE2)[0]
    spans = "".join([
        _span_ttl("m1", M1_TEXT), _span_ttl("m2", M2_TEXT), _span_ttl("c1", CLAUSE1), _span_ttl("c2", CLAUSE2),
        _span_ttl("note", NOTE), _span_ttl("t1", "5G基站建设突破2000个"),
        _span_ttl("gxj1", "工信局", c1, mention_of=ID + "org/000001/gxj"),
        _span_ttl("fgj1", "发改局", c1, mention_of=ID + "org/000001/fgj"),
        _span_ttl("kjj2", "科技局", c2, mention_of=ID + "org/000001/kjj"),
        _span_ttl("towns2", "各镇街", c2, mention_of=ID + "org/000001/towns"),
    ])
    text_literal = TEXT.replace("\n", "\\n")
    return f"""
@prefix cpkg: <https://w3id.org/cpkg/def#> . @prefix role: <https://w3id.org/cpkg/def/role/> .
@prefix cmp: <https://w3id.org/cpkg/def/comparator/> . @prefix freq: <https://w3id.org/cpkg/def/frequency/> .
@prefix eli: <http://data.europa.eu/eli/ontology#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> . @prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix prov: <http://www.w3.org/ns/prov#> . @prefix oa: <http://www.w3.org/ns/oa#> .
@prefix itsrdf: <http://www.w3.org/2005/11/its/rdf#> . @prefix time: <http://www.w3.org/2006/time#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix unit: <http://qudt.org/vocab/unit/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@base <{ID}> .
<graph/a> {{
<doc/a> a cpkg:PolicyDocument ; dcterms:title "甲县工作方案"@zh ; eli:passed_by <org/000001/gov> ;
  eli:date_document "2024-09-13"^^xsd:date ; cpkg:docNumber "甲政发〔2024〕1号" ; eli:jurisdiction <place/000001> ;
  eli:is_realized_by <doc/a/zh> ; eli:cites <doc/p> , <doc/b> ; cpkg:implements <doc/p> .
<doc/a/zh/t/x> a cpkg:PlainText ; rdf:value "{text_literal}" .
<doc/a/~l1_1> a cpkg:Section ; eli:is_part_of <doc/a> ; eli:number "一" ; cpkg:order 1 ; dcterms:title "重点任务"@zh .
<doc/a/~l1_1__l2_1> a cpkg:Section , cpkg:Measure ; eli:is_part_of <doc/a/~l1_1> ; eli:number "1" ; cpkg:order 1 ;
  dcterms:title "建设新型基础设施"@zh ; cpkg:text "{M1_TEXT}"@zh ; cpkg:textSpan <doc/a/zh/t/x#m1> ;
  cpkg:dueBy <year/2025> ; cpkg:deadlineText "2025年底前"@zh ;
  cpkg:qualifiedResponsibility <doc/a/~l1_1__l2_1/resp/gxj> , <doc/a/~l1_1__l2_1/resp/fgj> ;
  cpkg:leadUnit <org/000001/gxj> ; cpkg:supportingUnit <org/000001/fgj> ;
  cpkg:responsibleUnit <org/000001/gxj> , <org/000001/fgj> ;
  cpkg:hasTarget <doc/a/~l1_1__l2_1/target/t1> ; cpkg:programme <programme/sqz> .
<doc/a/~l1_1__l2_1/resp/gxj> a cpkg:Responsibility ; prov:agent <org/000001/gxj> ; dcat:hadRole role:lead ;
  cpkg:rank 1 ; cpkg:roleRule "explicit-label" ;
  prov:wasDerivedFrom <doc/a/zh/t/x#c1> , <doc/a/zh/t/x#gxj1> , <doc/a/zh/t/x#note> .
<doc/a/~l1_1__l2_1/resp/fgj> a cpkg:Responsibility ; prov:agent <org/000001/fgj> ; dcat:hadRole role:support ;
  cpkg:rank 2 ; cpkg:roleRule "explicit-label" ; prov:wasDerivedFrom <doc/a/zh/t/x#c1> , <doc/a/zh/t/x#fgj1> .
<doc/a/~l1_1__l2_1/target/t1> a cpkg:IndicatorTarget ; cpkg:indicator <indicator/5g> ; cpkg:targetValue 2000.0 ;
  cpkg:printedValue "2000" ; cpkg:unit unit:NUM ; cpkg:classifier "个"@zh ; cpkg:unitText "个"@zh ;
  cpkg:comparator cmp:gt ; cpkg:deadline <year/2025> ; cpkg:deadlineText "到2025年"@zh ;
  prov:wasDerivedFrom <doc/a/zh/t/x#t1> .
<doc/a/~l1_1__l2_2> a cpkg:Section , cpkg:Measure ; eli:is_part_of <doc/a/~l1_1> ; eli:number "2" ; cpkg:order 2 ;
  dcterms:title "强化人才支撑"@zh ; cpkg:text "{M2_TEXT}"@zh ; cpkg:textSpan <doc/a/zh/t/x#m2> ;
  cpkg:qualifiedResponsibility <doc/a/~l1_1__l2_2/resp/kjj> , <doc/a/~l1_1__l2_2/resp/towns> .
<doc/a/~l1_1__l2_2/resp/kjj> a cpkg:Responsibility ; prov:agent <org/000001/kjj> ; dcat:hadRole role:responsible ;
  cpkg:rank 1 ; cpkg:roleRule "unspecified" ; prov:wasDerivedFrom <doc/a/zh/t/x#c2> .
<doc/a/~l1_1__l2_2/resp/towns> a cpkg:Responsibility ; prov:agent <org/000001/towns> ; dcat:hadRole role:shared ;
  cpkg:rank 2 ; cpkg:roleRule "shared" ; prov:wasDerivedFrom <doc/a/zh/t/x#c2> .
{spans}
}}
<graph/b> {{
<doc/b> a cpkg:PolicyDocument ; dcterms:title "乙县实施方案"@zh ; eli:is_realized_by <doc/b/zh> ;
  cpkg:hasTarget <doc/b/target/t2> .
<doc/b/~l1_1> a cpkg:Section , cpkg:Measure ; eli:is_part_of <doc/b> ; eli:number "一" ;
  dcterms:title "推进产业融合"@zh ; cpkg:text "一、推进产业融合。(发改局牵头,工信局配合)"@zh ;
  cpkg:leadUnit <org/000001/fgj> ; cpkg:supportingUnit <org/000001/gxj> ;
  cpkg:responsibleUnit <org/000001/fgj> , <org/000001/gxj> , <org/000001/x-abc> .
<doc/b/target/t2> a cpkg:IndicatorTarget ; cpkg:indicator <indicator/tech> ; cpkg:targetValue 300000.0 ;
  cpkg:printedValue "30万" ; cpkg:unit unit:KiloW ; cpkg:unitText "万千瓦"@zh ; cpkg:comparator cmp:ge ;
  cpkg:frequency freq:annual .
}}
<graph/shared> {{
<org/000001/gxj> a cpkg:GovernmentBody ; skos:prefLabel "甲县工业和信息化局"@zh ;
  skos:altLabel "工信局"@zh , "县工信局"@zh ; cpkg:jurisdiction <place/000001> ; cpkg:resolved true .
<org/000001/fgj> a cpkg:GovernmentBody ; skos:prefLabel "甲县发展和改革局"@zh ; skos:altLabel "发改局"@zh ;
  cpkg:jurisdiction <place/000001> ; cpkg:resolved true .
<org/000001/kjj> a cpkg:GovernmentBody ; skos:prefLabel "甲县科学技术局"@zh ; skos:altLabel "科技局"@zh .
<org/000001/towns> a cpkg:AgentGroup ; skos:prefLabel "甲县各镇街"@zh ; skos:altLabel "各镇街"@zh .
<org/000001/x-abc> a cpkg:GovernmentBody ; skos:prefLabel "甲县某某中心"@zh ; cpkg:resolved false .
<org/000001/gov> a cpkg:GovernmentBody ; skos:prefLabel "甲县人民政府"@zh .
<place/000001> a cpkg:AdministrativeDivision ; skos:prefLabel "甲县"@zh .
<doc/p> a cpkg:PolicyDocument , cpkg:CitedPolicy ; dcterms:title "某省行动方案"@zh ; cpkg:docNumber "某政字〔2023〕9号" .
<programme/sqz> a cpkg:Programme ; skos:prefLabel "双千兆"@zh .
<indicator/5g> a cpkg:Indicator ; skos:prefLabel "5G基站建设"@zh .
<indicator/tech> a cpkg:Indicator ; skos:prefLabel "光伏开发容量"@zh .
<year/2025> a time:Instant ; time:inXSDgYear "2025"^^xsd:gYear .
}}
"""


@pytest.fixture(scope="module")
def hand() -> nx.Graph:
    ds = Dataset()
    ds.parse(data=hand_trig(), format="trig")
    return net.to_network(ds)


DOC_A, DOC_B, POLICY = ID + "doc/a", ID + "doc/b", ID + "doc/p"
M1, M2, M3 = ID + "doc/a/~l1_1__l2_1", ID + "doc/a/~l1_1__l2_2", ID + "doc/b/~l1_1"
GXJ, FGJ, KJJ, TOWNS, XABC = (ID + f"org/000001/{c}" for c in ("gxj", "fgj", "kjj", "towns", "x-abc"))
T1, T2 = ID + "doc/a/~l1_1__l2_1/target/t1", ID + "doc/b/target/t2"


def test_network_nodes_and_edges_of_hand_graph(hand):
    kinds = {n: k for n, k in hand.nodes(data="kind")}
    assert kinds == {
        DOC_A: "document", DOC_B: "document", POLICY: "policy", ID + "doc/a/~l1_1": "section",
        M1: "measure", M2: "measure", M3: "measure", T1: "target", T2: "target", ID + "programme/sqz": "programme",
        GXJ: "department", FGJ: "department", KJJ: "department", TOWNS: "department", XABC: "department",
    }  # the issuer 甲县人民政府 is named for no measure, so it is the document's issuer, not a department
    edges = {frozenset((u, v)): a for u, v, a in hand.edges(data=True)}
    assert len(edges) == 16
    assert edges[frozenset((GXJ, M1))] == {"role": "lead", "rank": 1, "rule": "explicit-label"}
    assert edges[frozenset((FGJ, M1))] == {"role": "support", "rank": 2, "rule": "explicit-label"}
    assert edges[frozenset((KJJ, M2))] == {"role": "responsible", "rank": 1, "rule": "unspecified"}
    assert edges[frozenset((TOWNS, M2))] == {"role": "responsible", "rank": 2, "rule": "shared"}  # role:shared
    # no qualified nodes in document b: roles come from the shortcut edges, ranks are unknown
    assert edges[frozenset((FGJ, M3))] == {"role": "lead", "rank": None, "rule": None}
    assert edges[frozenset((GXJ, M3))] == {"role": "support", "rank": None, "rule": None}
    assert edges[frozenset((XABC, M3))] == {"role": "responsible", "rank": None, "rule": None}
    assert edges[frozenset((M1, T1))] == {"rel": "has_target"}
    assert edges[frozenset((DOC_B, T2))] == {"rel": "has_target"}
    assert edges[frozenset((M1, ID + "programme/sqz"))] == {"rel": "programme"}
    assert edges[frozenset((M1, ID + "doc/a/~l1_1"))] == {"rel": "part_of"}
    assert edges[frozenset((ID + "doc/a/~l1_1", DOC_A))] == {"rel": "part_of"}
    assert edges[frozenset((M3, DOC_B))] == {"rel": "part_of"}
    assert edges[frozenset((DOC_A, POLICY))] == {"rel": "implements"}  # cites and implements: implements wins
    assert edges[frozenset((DOC_A, DOC_B))] == {"rel": "cites"}


def test_network_measure_attributes(hand):
    s, e = _at(M1_TEXT)
    c1 = _at(CLAUSE1)[0]
    assert hand.nodes[M1] == {
        "kind": "measure", "label": "一.1 建设新型基础设施", "number": "一.1", "title": "建设新型基础设施",
        "text": M1_TEXT, "start": s, "end": e, "document": DOC_A, "doc_title": "甲县工作方案",
        "highlights": [[*_at("5G基站建设突破2000个"), "target"], [*_at("工信局", c1), "department"],
                       [*_at("发改局", c1), "department"]],
        "bipartite": 1, "deadline_year": 2025, "deadline": "2025年底前",
        "responsibility_text": CLAUSE1,  # the note elsewhere in the text and the name mentions are not the clause
    }
    for start, end, _ in hand.nodes[M1]["highlights"]:
        assert TEXT[start:end] in ("5G基站建设突破2000个", "工信局", "发改局")
    assert hand.nodes[M3]["start"] is None and hand.nodes[M3]["highlights"] == []
    assert hand.nodes[M3]["number"] == "一" and hand.nodes[M3]["doc_title"] == "乙县实施方案"


def test_network_department_document_target_attributes(hand):
    assert hand.nodes[GXJ] == {"kind": "department", "label": "工信局", "name": "甲县工业和信息化局",
                               "aliases": ["工信局", "县工信局"], "collective": False, "resolved": True,
                               "bipartite": 0, "jurisdiction": "甲县"}
    assert hand.nodes[TOWNS]["collective"] is True and hand.nodes[TOWNS]["label"] == "各镇街"
    assert hand.nodes[XABC]["resolved"] is False and hand.nodes[XABC]["label"] == "甲县某某中心"
    assert hand.nodes[DOC_A] == {"kind": "document", "label": "甲县工作方案", "title": "甲县工作方案",
                                 "issuer": "甲县人民政府", "date": "2024-09-13", "doc_number": "甲政发〔2024〕1号",
                                 "jurisdiction": "甲县"}
    assert hand.nodes[POLICY] == {"kind": "policy", "label": "某省行动方案", "title": "某省行动方案",
                                  "doc_number": "某政字〔2023〕9号"}
    assert hand.nodes[ID + "programme/sqz"] == {"kind": "programme", "label": "双千兆", "name": "双千兆"}
    s, e = _at("5G基站建设突破2000个")
    assert hand.nodes[T1] == {
        "kind": "target", "label": "5G基站建设 >2000个", "subject": "5G基站建设", "value": 2000.0, "unit": "个",
        "comparator": ">", "year": 2025, "frequency": None, "text": "5G基站建设突破2000个",
        "sentence": "到2025年,5G基站建设突破2000个。", "measure": M1, "section": M1, "document": DOC_A,
        "start": s, "end": e, "printed_value": "2000", "unit_text": "个", "deadline": "到2025年", "change": None,
        "base": None}
    t2 = hand.nodes[T2]
    assert (t2["value"], t2["unit"], t2["comparator"], t2["frequency"], t2["year"], t2["measure"], t2["document"]) == \
        (300000.0, "千瓦", ">=", "annual", None, None, DOC_B)
    assert net.format_target(t2) == "光伏开发容量 每年≥30万千瓦"


def test_network_reads_a_plain_graph_like_a_dataset(hand):
    ds = Dataset()
    ds.parse(data=hand_trig(), format="trig")
    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    G = net.to_network(g)
    assert nx.utils.nodes_equal(G.nodes(data=True), hand.nodes(data=True))
    assert nx.utils.edges_equal(G.edges(data=True), hand.edges(data=True))


# ---------------------------------------------------------------------------------------- projections


def _assert_same_graph(a: nx.Graph, b: nx.Graph) -> None:
    assert list(a.nodes) == list(b.nodes)
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    assert a.graph == b.graph
    assert {frozenset((u, v)): w for u, v, w in a.edges(data="weight")} == \
        {frozenset((u, v)): w for u, v, w in b.edges(data="weight")}


@pytest.mark.parametrize("seed", range(6))
def test_network_weighted_projection_equals_networkx_on_random_bipartite_graphs(seed):
    rng = random.Random(seed)
    n, m = rng.randint(1, 25), rng.randint(1, 60)
    B = bipartite.random_graph(n, m, rng.choice([0.05, 0.2, 0.5]), seed=seed)
    B.graph["name"] = f"random {seed}"
    for i in range(n):
        B.nodes[i]["label"] = f"d{i}"
    top = [i for i in range(n)]
    rng.shuffle(top)
    _assert_same_graph(net.weighted_projection(B, top), bipartite.weighted_projected_graph(B, top))


def test_network_co_responsibility_equals_networkx_projection(hand):
    expected = bipartite.weighted_projected_graph(net.bipartite_view(hand), net.departments(hand))
    _assert_same_graph(net.co_responsibility(hand), expected)
    weights = {frozenset((u, v)): w for u, v, w in net.co_responsibility(hand).edges(data="weight")}
    assert weights == {frozenset((GXJ, FGJ)): 2, frozenset((KJJ, TOWNS)): 1, frozenset((GXJ, XABC)): 1,
                       frozenset((FGJ, XABC)): 1}


def test_network_co_responsibility_of_some_measures_keeps_every_department(hand):
    P = net.co_responsibility(hand, [M1, M2])
    assert set(P) == {GXJ, FGJ, KJJ, TOWNS, XABC}
    assert {frozenset((u, v)): w for u, v, w in P.edges(data="weight")} == {
        frozenset((GXJ, FGJ)): 1, frozenset((KJJ, TOWNS)): 1}


def test_network_lead_support_network_is_directed_and_ignores_unstated_roles(hand):
    D = net.lead_support_network(hand)
    assert D.is_directed()
    assert sorted(D.edges(data="weight")) == sorted([(GXJ, FGJ, 1), (FGJ, GXJ, 1)])
    assert set(D) == {GXJ, FGJ, KJJ, TOWNS, XABC}


# ----------------------------------------------------------------------------------- the corpus of conftest.py


@pytest.fixture(scope="module")
def corpus_net(make_corpus) -> nx.Graph:
    return net.to_network(rdf.to_dataset(make_corpus()))


def _by_label(G: nx.Graph, kind: str) -> dict[str, str]:
    return {G.nodes[n]["label"]: n for n in net.nodes_of_kind(G, kind)}


def test_network_from_to_dataset_has_the_records_roles(corpus_net):
    G = corpus_net
    docs = {G.nodes[n]["title"]: n for n in net.nodes_of_kind(G, "document")}
    assert set(docs) == {"寿光市县域经济高质量发展工作方案(2024—2025年)", "寿光市数字经济发展实施方案（2024年）"}
    roles = sorted((G.nodes[m]["doc_title"][:5], G.nodes[m]["number"], G.nodes[d]["label"], r, k)
                   for m in net.measures(G) for d, r, k in net.departments_of(G, m))
    # labels are the shortest name the documents use (市发改局 as printed), the name is the canonical one
    assert roles == [
        ("寿光市县域", "二.一.1", "市发改局", "lead", 1), ("寿光市县域", "二.一.1", "市工信局", "support", 2),
        ("寿光市县域", "二.一.2", "市发改局", "support", 2), ("寿光市县域", "二.一.2", "市工信局", "lead", 1),
        ("寿光市县域", "二.一.2", "市财政局", "support", 3),
        ("寿光市县域", "二.一.3", "各镇街", "responsible", 1), ("寿光市县域", "二.一.3", "市科技局", "responsible", 2),
        ("寿光市数字", "一.1", "市工信局", "lead", 1), ("寿光市数字", "一.1", "市科技局", "support", 2),
    ]
    depts = _by_label(G, "department")
    assert G.nodes[depts["各镇街"]]["collective"] is True
    assert G.nodes[depts["市工信局"]]["name"] == "寿光市工业和信息化局"
    # document b implements document a of the corpus; both point at the provincial plan
    rel = {frozenset((G.nodes[u]["label"][:5], G.nodes[v]["label"][:5])): a["rel"]
           for u, v, a in G.edges(data=True) if a.get("rel") in ("implements", "cites")}
    assert rel == {frozenset(("寿光市数字", "寿光市县域")): "implements", frozenset(("寿光市县域", "山东省县域")): "implements",
                   frozenset(("寿光市数字", "山东省县域")): "cites"}


def test_network_from_to_dataset_targets_and_highlights(corpus_net, text_a, text_b):
    G = corpus_net
    targets = {G.nodes[t]["subject"]: G.nodes[t] for t in net.nodes_of_kind(G, "target")}
    assert sorted(targets) == ["5G基站建设", "5G应用场景", "技改投资", "蔬菜生产能力"]
    veg = targets["蔬菜生产能力"]
    assert (veg["value"], veg["unit"], veg["comparator"], veg["year"], veg["measure"]) == (4500000.0, "吨", "~", 2025, None)
    assert G.nodes[veg["section"]]["kind"] == "section" and G.nodes[veg["section"]]["number"] == "一"
    assert net.format_target(veg) == "蔬菜生产能力 约450万吨（2025年）"
    tech = targets["技改投资"]
    assert (tech["comparator"], tech["frequency"], tech["text"], tech["change"]) == (">=", "annual", "技改投资年均增长8%以上",
                                                                                 "increase")
    assert net.format_target(tech) == "技改投资 每年增长≥8%（2025年）"
    m1 = G.nodes[tech["measure"]]
    assert m1["number"] == "二.一.1" and text_a[m1["start"]:m1["end"]] == m1["text"]
    assert [(text_a[s:e], k) for s, e, k in m1["highlights"]] == [
        ("技改投资年均增长8%以上", "target"), ("市发改局", "department"), ("市工信局", "department")]
    assert m1["responsibility_text"] == "(责任单位：市发改局、市工信局)"
    b = G.nodes[targets["5G应用场景"]["measure"]]
    assert text_b[b["start"]:b["end"]] == b["text"]


def test_network_measures_of_the_corpus(corpus_net):
    G = corpus_net
    name = lambda n: G.nodes[n]["label"].lstrip("市")  # noqa: E731
    assert {frozenset((name(u), name(v))): w for u, v, w in net.co_responsibility(G).edges(data="weight")} == {
        frozenset(("发改局", "工信局")): 2, frozenset(("发改局", "财政局")): 1, frozenset(("工信局", "财政局")): 1,
        frozenset(("各镇街", "科技局")): 1, frozenset(("工信局", "科技局")): 1}
    assert sorted((name(u), name(v), w) for u, v, w in net.lead_support_network(G).edges(data="weight")) == [
        ("发改局", "工信局", 1), ("工信局", "发改局", 1), ("工信局", "科技局", 1), ("工信局", "财政局", 1)]
    counts = {name(d): c for d, c in net.role_counts(G).items()}
    assert counts["工信局"] == {"lead": 2, "support": 1, "responsible": 0, "total": 3}
    assert counts["各镇街"] == {"lead": 0, "support": 0, "responsible": 1, "total": 1}
    assert [G.nodes[m]["number"] for m in net.measures_without_lead(G)] == ["二.一.3"]
    assert net.departments_without_partners(G) == []


# ---------------------------------------------------------------------------------------- analytics on built graphs


def contract_graph(measures: dict[str, list[tuple[str, str]]]) -> nx.Graph:
    """A graph in the shape of to_network's: measure → [(department, role)] in printed order."""
    G = nx.Graph()
    for d in sorted({d for ds in measures.values() for d, _ in ds}):
        G.add_node(d, kind="department", label=d, name=d, aliases=[], collective=False, resolved=True, bipartite=0)
    for i, (m, ds) in enumerate(measures.items()):
        G.add_node(m, kind="measure", label=m, number=m, title=m, text=m, start=i * 10, end=i * 10 + 5,
                   document="doc", doc_title="文件", highlights=[], bipartite=1)
        for rank, (d, role) in enumerate(ds, start=1):
            G.add_edge(d, m, role=role, rank=rank)
    return G


def test_network_centrality_on_a_path():
    G = contract_graph({"1": [("A", "lead"), ("B", "support")], "2": [("B", "lead"), ("C", "support")],
                        "3": [("B", "lead"), ("C", "support")]})
    c = net.centrality(G)
    assert c == {"A": {"degree": 1, "strength": 1, "degree_centrality": 0.5, "betweenness": 0.0},
                 "B": {"degree": 2, "strength": 3, "degree_centrality": 1.0, "betweenness": 1.0},
                 "C": {"degree": 1, "strength": 2, "degree_centrality": 0.5, "betweenness": 0.0}}


def test_network_communities_split_two_clusters_with_a_fixed_seed():
    ms = {}
    for k, (a, b) in enumerate([("A", "B"), ("B", "C"), ("A", "C"), ("D", "E"), ("E", "F"), ("D", "F")] * 3):
        ms[f"m{k}"] = [(a, "lead"), (b, "support")]
    ms["bridge"] = [("C", "responsible"), ("D", "responsible")]
    ms["alone"] = [("G", "lead")]
    G = contract_graph(ms)
    assert net.communities(G) == [["A", "B", "C"], ["D", "E", "F"], ["G"]]
    assert net.communities(G, seed=7) == net.communities(G, seed=7)
    assert net.departments_without_partners(G) == ["G"]
    assert net.measures_without_lead(G) == ["bridge"]


def test_network_shared_obligations_partners(hand):
    r = net.shared_responsibility(hand, [M1, M3])
    assert [(m["number"], m["departments"]) for m in r.measures] == [
        ("一.1", "工信局(牵头)、发改局(配合)"), ("一", "发改局(牵头)、工信局(配合)、甲县某某中心(责任)")]
    assert [(d["department"], d["measures"], d["lead"], d["support"], d["responsible"]) for d in r.departments] == [
        ("发改局", 2, 1, 1, 0), ("工信局", 2, 1, 1, 0), ("甲县某某中心", 1, 0, 0, 1)]
    assert [(p["a"], p["b"], p["shared"]) for p in r.pairs] == [
        ("发改局", "工信局", 2), ("发改局", "甲县某某中心", 1), ("工信局", "甲县某某中心", 1)]
    rows = net.obligations(hand, GXJ)
    assert [(o["role"], o["number"], o["targets"], o["partners"]) for o in rows] == [
        ("lead", "一.1", "5G基站建设 >2000个（2025年）", "发改局(配合)"),
        ("support", "一", "", "发改局(牵头)、甲县某某中心(责任)")]
    assert [(p["partner"], p["shared"], p["as_lead"], p["as_support"], p["measures"]) for p in net.partners(hand, "发改局")] == [
        ("工信局", 2, 1, 1, ["一", "一.1"]), ("甲县某某中心", 1, 0, 0, ["一"])]


def test_network_summary_and_department_table(hand):
    s = net.network_summary(hand)
    assert s == {"documents": 2, "departments": 5, "measures": 3, "targets": 2, "edges": 4, "density": 0.4,
                 "components": 2, "communities": 2, "departments_without_partners": 0, "measures_without_lead": 1,
                 "lead_support_arcs": 2}
    rows = net.department_table(hand)
    assert [(r["department"], r["measures"], r["lead"], r["support"], r["responsible"], r["partners"], r["strength"])
            for r in rows] == [("发改局", 2, 1, 1, 0, 2, 3), ("工信局", 2, 1, 1, 0, 2, 3), ("各镇街", 1, 0, 0, 1, 1, 1),
                               ("甲县某某中心", 1, 0, 0, 1, 2, 2), ("科技局", 1, 0, 0, 1, 1, 1)]


# ---------------------------------------------------------------------------------------- exports


def test_network_export_gexf_graphml_and_csv(hand, tmp_path):
    gexf = net.export_network(hand, tmp_path / "co.gexf", "gexf")
    back = nx.read_gexf(gexf)
    assert {frozenset((u, v)): int(w) for u, v, w in back.edges(data="weight")} == {
        frozenset((GXJ, FGJ)): 2, frozenset((KJJ, TOWNS)): 1, frozenset((GXJ, XABC)): 1, frozenset((FGJ, XABC)): 1}
    assert back.nodes[GXJ]["aliases"] == "工信局、县工信局"
    full = nx.read_graphml(net.export_network(hand, tmp_path / "full.graphml", "graphml", "full"))
    assert full.number_of_nodes() == hand.number_of_nodes() and full.number_of_edges() == hand.number_of_edges()
    assert full.edges[GXJ, M1]["role"] == "lead"
    lead = net.export_network(hand, tmp_path / "lead.csv", "csv", "lead").read_text(encoding="utf-8-sig")
    # rows and columns by name; row = lead, column = support
    assert lead.splitlines() == [",甲县发展和改革局,甲县各镇街,甲县工业和信息化局,甲县某某中心,甲县科学技术局",
                                 "甲县发展和改革局,0,0,1,0,0", "甲县各镇街,0,0,0,0,0", "甲县工业和信息化局,1,0,0,0,0",
                                 "甲县某某中心,0,0,0,0,0", "甲县科学技术局,0,0,0,0,0"]
    two = net.export_network(hand, tmp_path / "two.csv", "csv", "bipartite").read_text(encoding="utf-8-sig")
    # measures in document order, documents by title
    assert two.splitlines()[:4] == [",乙县实施方案 一,甲县工作方案 一.1,甲县工作方案 一.2", "甲县发展和改革局,1,1,0",
                                    "甲县各镇街,0,0,1", "甲县工业和信息化局,1,1,0"]
    with pytest.raises(ValueError, match="'xml' is not one of 'gexf', 'graphml', 'csv'"):
        net.export_network(hand, tmp_path / "x.xml", "xml")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["co.gexf", "full.graphml", "lead.csv", "two.csv"]


# ---------------------------------------------------------------------------------------- the bundled sample


@pytest.fixture(scope="module")
def sample_doc():
    from extract.pipeline import extract_file

    return extract_file(SAMPLE)


@pytest.fixture(scope="module")
def sample(sample_doc) -> nx.Graph:
    return net.to_network(rdf.to_dataset([sample_doc]))


def test_network_sample_mirrors_the_extracted_records(sample_doc, sample):
    G = sample
    assert [G.nodes[m]["number"] for m in net.measures(G)] == [m.number for m in sample_doc.measures]
    got = {(G.nodes[m]["number"], G.nodes[d]["name"], r, k) for m in net.measures(G) for d, r, k in net.departments_of(G, m)}
    want = {(m.number, d.canonical, d.role.value, d.rank) for m in sample_doc.measures for d in m.departments}
    assert got == want
    assert len(net.nodes_of_kind(G, "target")) == len(sample_doc.all_indicators())
    for m in net.measures(G):
        a = G.nodes[m]
        assert sample_doc.text[a["start"]:a["end"]] == a["text"]
        for s, e, kind in a["highlights"]:
            assert a["start"] <= s < e <= a["end"]
            if kind == "department":
                assert any(sample_doc.text[s:e] in [G.nodes[d]["label"], *G.nodes[d]["aliases"], G.nodes[d]["name"]]
                           for d, _, _ in net.departments_of(G, m))


def test_network_sample_facts_from_the_text(sample):
    G = sample
    doc = G.nodes[net.nodes_of_kind(G, "document")[0]]
    assert (doc["title"], doc["issuer"], doc["date"], doc["jurisdiction"]) == (
        "寿光市县域经济高质量发展工作方案(2024—2025年)", "寿光市人民政府", "2024-09-13", "寿光市")
    m = next(m for m in net.measures(G) if G.nodes[m]["number"] == "二.一.7")
    assert G.nodes[m]["title"] == "建设新型基础设施"
    # "(责任单位:工信局、发改局)" with no first-listed note in the document: no lead is guessed
    assert [(G.nodes[d]["label"], r, k) for d, r, k in net.departments_of(G, m)] == [
        ("工信局", "responsible", 1), ("发改局", "responsible", 2)]
    assert G.nodes[m]["responsibility_text"] == "(责任单位:工信局、发改局)"
    five_g = [G.nodes[t] for t in net.targets_of(G, m) if G.nodes[t]["subject"] == "5G基站建设"]
    assert [(t["comparator"], t["value"], t["unit"], t["year"]) for t in five_g] == [(">", 2000.0, "个", 2025)]
    assert {G.nodes[p]["name"] for p in G[m] if G.nodes[p]["kind"] == "programme"} == {"工赋山东"}
    policies = {G.nodes[p]["title"] for p in net.nodes_of_kind(G, "policy")}
    assert "山东省县域经济高质量发展三年行动方案(2023—2025年)" in policies
    _assert_same_graph(net.co_responsibility(G),
                       bipartite.weighted_projected_graph(net.bipartite_view(G), net.departments(G)))
