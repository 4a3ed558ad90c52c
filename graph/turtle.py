"""The statements of a named graph in compact TriG, for the blocks a build splices into graph.trig.

A build writes each document's named graph once (into ``out/cache/``) and copies it into
``graph.trig`` at every build, so its size is what a rebuild pays: at 10,000 documents,
N-Triples statements made a 4.4 GB graph.trig whose copy and digest were 17 of the 36 s of a
rebuild after 10 changes. Written as Turtle/TriG statements instead (one subject with its
predicate-object lists, ``a``, prefixed vocabulary terms, bare numbers, and the corpus's own
IRIs relative to ``@base <https://w3id.org/cpkg/id/>``) the same graph is 2.7 times smaller
(1.6 GB), and written in 2.7 s.
The statements still come out in a fixed order (subjects, then their predicates, then their
objects, each in first-seen order), so the bytes are the same in every process.

>>> from rdflib import Literal, URIRef
>>> from rdflib.namespace import RDF, XSD
>>> s = URIRef("https://w3id.org/cpkg/id/doc/x")
>>> body, n = statements([(s, RDF.type, URIRef("https://w3id.org/cpkg/def#Measure")),
...                       (s, URIRef("http://www.w3.org/ns/oa#start"), Literal("26", datatype=XSD.integer)),
...                       (s, RDF.type, URIRef("https://w3id.org/cpkg/def#Measure"))], "d")
>>> print(body, end="")
<doc/x> a cpkg:Measure ;
    oa:start 26 .
>>> n
2
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any

from graph.rdf import BASE as ID_BASE
from graph.rdf import PREFIXES

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_EXTRA_PREFIXES = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
                   "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}

_ESCAPE = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_IRI_BAD = re.compile(r'[\x00-\x20<>"{}|^`\\]')
# A local name that needs no escapes in any Turtle parser (PN_LOCAL allows more, with backslashes).
_LOCAL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*\Z")
# A relative reference that resolves back to ID_BASE + itself: a first segment without ':' (else
# it reads as a scheme) and no '.' or '..' segments (resolution would remove them).
_RELATIVE = re.compile(r"[a-z][a-z0-9-]*/(?!\.)(?![^#?]*/\.)")
_INTEGER = re.compile(r"[+-]?[0-9]+\Z")
_DECIMAL = re.compile(r"[+-]?[0-9]*\.[0-9]+\Z")
_XSD = "http://www.w3.org/2001/XMLSchema#"
_BARE = {_XSD + "integer": _INTEGER, _XSD + "decimal": _DECIMAL}


_TABLE = {**PREFIXES, **{p: ns for p, ns in _EXTRA_PREFIXES.items() if p not in PREFIXES}}  # prefix → namespace
_LONGEST_FIRST = sorted(_TABLE.items(), key=lambda item: -len(item[1]))


@functools.cache
def header() -> str:
    """The directives every piece of graph.trig (and every standalone body) starts with."""
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in _TABLE.items()) + f"@base <{ID_BASE}> .\n"


def iri(value: str) -> str:
    """An IRI as TriG writes it here: a prefixed name, a reference relative to ID_BASE, or in full."""
    if _IRI_BAD.search(value):  # not produced by graph/rdf.py, but an IRI must never break the file
        value = _IRI_BAD.sub(lambda m: f"\\u{ord(m.group()):04X}", value)
    if value.startswith(ID_BASE) and _RELATIVE.match(value, len(ID_BASE)):
        return f"<{value[len(ID_BASE):]}>"  # most IRIs of a graph: spans, measures, bodies
    for p, ns in _LONGEST_FIRST:  # an escaped local name never matches _LOCAL: it stays in full
        if value.startswith(ns):
            local = value[len(ns):]
            if _LOCAL.match(local):
                return f"{p}:{local}"
            break
    return f"<{value}>"


def statements(triples: Iterable[tuple[Any, Any, Any]], bnode_prefix: str) -> tuple[str, int]:
    """``triples`` as TriG statements (without the directives of :func:`header`), and how many
    distinct triples they are.

    Blank nodes are labelled ``_:{bnode_prefix}b{n}`` in order of appearance, so the text is the
    same in every process and labels of different documents never meet in one file.
    """
    from rdflib import BNode, Literal, URIRef

    # ~2,500 triples a document: terms are written once each (IRIs memoised, literals mostly
    # unique) and duplicates found on the written strings, not through rdflib's term equality.
    bnodes: dict[Any, str] = {}
    iris: dict[Any, str] = {URIRef(RDF_TYPE): "a"}
    xsd_string = _XSD + "string"

    def term(t: Any) -> str:
        kind = type(t)
        if kind is URIRef:
            s = iris.get(t)
            if s is None:
                s = iris[t] = iri(t)
            return s
        if kind is Literal:
            if t.language:
                return f'"{t.translate(_ESCAPE)}"@{t.language}'
            datatype = t.datatype and str(t.datatype)  # URIRef equals no str: compare as str
            if datatype is None or datatype == xsd_string:
                return f'"{t.translate(_ESCAPE)}"'
            bare = _BARE.get(datatype)
            if bare is not None and bare.match(t):  # Turtle keeps the lexical form of a bare number
                return str(t)
            if datatype == _XSD + "boolean" and str(t) in ("true", "false"):
                return str(t)
            return f'"{t.translate(_ESCAPE)}"^^{term(URIRef(datatype))}'
        if isinstance(t, BNode):
            label = bnodes.get(t)
            if label is None:
                label = bnodes[t] = f"_:{bnode_prefix}b{len(bnodes)}"
            return label
        if isinstance(t, URIRef):  # subclasses
            return iri(t)
        if isinstance(t, Literal):
            return term(Literal(str(t), lang=t.language, datatype=t.datatype))
        raise TypeError(f"cannot write {t!r} as TriG")

    subjects: dict[str, dict[str, dict[str, None]]] = {}
    count = 0
    last_s = last_p = objs = preds = None
    for s, p, o in triples:
        # graph/rdf.py emits a subject's triples together, with the same term objects: an identity
        # test spares rdflib's Python-level __eq__ in the dictionary lookups
        if s is not last_s:
            preds = subjects.get(ts := term(s))
            if preds is None:
                preds = subjects[ts] = {}
            last_s, last_p = s, None
        if p is not last_p:
            objs = preds.get(tp := term(p))
            if objs is None:
                objs = preds[tp] = {}
            last_p = p
        to = term(o)
        if to not in objs:
            objs[to] = None
            count += 1
    out = [f"{s} " + " ;\n    ".join(f"{p} {', '.join(objs)}" for p, objs in preds.items()) + " .\n"
           for s, preds in subjects.items()]
    return "".join(out), count
