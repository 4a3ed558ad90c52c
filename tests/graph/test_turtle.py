"""graph.turtle: the compact TriG statements a build splices into graph.trig."""

from __future__ import annotations

import pyoxigraph
import pytest
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.namespace import RDF, XSD

from graph import turtle

ID = turtle.ID_BASE
CPKG = "https://w3id.org/cpkg/def#"


@pytest.mark.parametrize("value, written", [
    (CPKG + "Measure", "cpkg:Measure"),
    ("http://www.w3.org/ns/oa#hasSelector", "oa:hasSelector"),
    ("https://w3id.org/cpkg/def/role/lead", "role:lead"),
    (RDF.value, "rdf:value"),
    (ID + "doc/abc/zh/t/0f#char=26,59", "<doc/abc/zh/t/0f#char=26,59>"),
    (ID + "org/370783/fgj", "<org/370783/fgj>"),
    (ID + "org/370783/发改局", "<org/370783/发改局>"),
    # would not resolve back: a dot segment, a scheme-like first segment, nothing after the base
    (ID + "doc/a/../b", f"<{ID}doc/a/../b>"),
    (ID + "doc/./b", f"<{ID}doc/./b>"),
    (ID + "x:y/z", f"<{ID}x:y/z>"),
    (ID, f"<{ID}>"),
    # a local name that needs escapes stays an IRI
    (CPKG + "a.b", f"<{CPKG}a.b>"),
    (CPKG + "a/b", f"<{CPKG}a/b>"),
    ("http://example.org/x y", "<http://example.org/x\\u0020y>"),
])
def test_iri_is_written_short_where_it_resolves_back(value: str, written: str) -> None:
    assert turtle.iri(str(value)) == written


S = URIRef(ID + "doc/x")
P = URIRef(CPKG + "p")


@pytest.mark.parametrize("literal, written", [
    (Literal("26", datatype=XSD.integer), "26"),
    (Literal("-3", datatype=XSD.integer), "-3"),
    (Literal("8.5", datatype=XSD.decimal), "8.5"),
    # lexical forms that are not Turtle's number or boolean tokens keep their quotes
    (Literal("5.", datatype=XSD.decimal, normalize=False), '"5."^^xsd:decimal'),
    (Literal("2e3", datatype=XSD.integer, normalize=False), '"2e3"^^xsd:integer'),
    (Literal("true", datatype=XSD.boolean), "true"),
    (Literal("1", datatype=XSD.boolean, normalize=False), '"1"^^xsd:boolean'),
    (Literal("2024-06-14", datatype=XSD.date), '"2024-06-14"^^xsd:date'),
    (Literal("一\n\"二\"\\", lang="zh"), '"一\\n\\"二\\"\\\\"@zh'),
    (Literal("x", datatype=XSD.string), '"x"'),
    (Literal("x", datatype=URIRef("http://example.org/t")), '"x"^^<http://example.org/t>'),
])
def test_literals(literal: Literal, written: str) -> None:
    body, n = turtle.statements([(S, P, literal)], "d")
    assert body == f"<doc/x> cpkg:p {written} .\n" and n == 1


def test_subjects_group_their_predicates_and_objects_in_first_seen_order() -> None:
    a, b = URIRef(ID + "doc/a"), URIRef(ID + "doc/b")
    q = URIRef(CPKG + "q")
    sel1, sel2 = BNode(), BNode()
    body, n = turtle.statements([
        (a, RDF.type, URIRef(CPKG + "Measure")), (b, P, a), (a, P, b), (a, RDF.type, URIRef(CPKG + "Measure")),
        (a, q, sel1), (a, q, sel2), (sel1, P, Literal("1", datatype=XSD.integer)), (a, P, a),
    ], "d7")
    assert body == ("<doc/a> a cpkg:Measure ;\n"
                    "    cpkg:p <doc/b>, <doc/a> ;\n"
                    "    cpkg:q _:d7b0, _:d7b1 .\n"
                    "<doc/b> cpkg:p <doc/a> .\n"
                    "_:d7b0 cpkg:p 1 .\n")
    assert n == 7


def test_statements_parse_back_to_the_same_triples_in_oxigraph_and_rdflib() -> None:
    """The triples that go in are the ones two parsers read back (under the header's @base and prefixes)."""
    sel = BNode()
    triples = [
        (S, RDF.type, URIRef(CPKG + "Measure")),
        (S, URIRef("http://www.w3.org/ns/oa#hasSelector"), sel),
        (sel, URIRef("http://www.w3.org/ns/oa#start"), Literal("26", datatype=XSD.integer)),
        (sel, URIRef("http://www.w3.org/ns/oa#exact"), Literal("到2025年，5G基站建设突破2000个", lang="zh")),
        (S, URIRef(CPKG + "ratio"), Literal("8.0", datatype=XSD.decimal)),
        (S, URIRef(CPKG + "due"), Literal("2025", datatype=XSD.gYear)),
        (S, URIRef(CPKG + "lead"), URIRef(ID + "org/370783/gxj")),
        (S, URIRef(CPKG + "odd"), URIRef(ID + "doc/a/../b")),
    ]
    body, n = turtle.statements(triples, "z")
    text = turtle.header() + "<https://w3id.org/cpkg/id/graph/x> {\n" + body + "}\n"
    expected = {(str(s) if not isinstance(s, BNode) else "_", str(p), str(o) if not isinstance(o, BNode) else "_")
                for s, p, o in triples}
    ox = {(q.subject.value if isinstance(q.subject, pyoxigraph.NamedNode) else "_", q.predicate.value,
           q.object.value if not isinstance(q.object, pyoxigraph.BlankNode) else "_")
          for q in pyoxigraph.parse(text.encode(), format=pyoxigraph.RdfFormat.TRIG)}
    ds = Dataset()
    ds.parse(data=text, format="trig")
    rd = {(str(s) if not isinstance(s, BNode) else "_", str(p), str(o) if not isinstance(o, BNode) else "_")
          for s, p, o, _g in ds.quads()}
    assert n == len(triples) and ox == expected and rd == expected
    lang = [q.object for q in pyoxigraph.parse(text.encode(), format=pyoxigraph.RdfFormat.TRIG)
            if q.predicate.value.endswith("#exact")]
    assert lang == [pyoxigraph.Literal("到2025年，5G基站建设突破2000个", language="zh")]
