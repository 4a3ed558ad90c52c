"""SPARQL over the built graph: ad-hoc queries and the named queries of ``graph/queries/*.rq``.

Parameters are bound as RDF terms (rdflib ``initBindings`` / pyoxigraph ``substitutions``,
SEP-0007 semantics), never pasted into the query text, so a keyword such as ``5G" || true``
is only ever a string. Each ``.rq`` file starts with ``# `` comment lines: the first says what
the query answers, and one ``# param NAME (TYPE): what it is`` line per parameter, TYPE being
``string``, ``zh`` (a Chinese label, matched as ``"…"@zh``), ``integer`` or ``iri``.
Oxigraph substitutes only projected variables (SEP-0007), so each query also SELECTs (and
groups by) its parameters; :func:`run_named` drops those constant columns from the result.

>>> q = named_query("targets-due")
>>> [(p.name, p.type) for p in q.params]
[('year', 'integer')]
>>> bind(q, {"year": "2025"})
{'year': rdflib.term.Literal('2025', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))}
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from extract.errors import PolicyKGError

PARAM_TYPES = ("string", "zh", "integer", "iri")
_PARAM_LINE = re.compile(r"^#\s*param\s+([A-Za-z_][A-Za-z0-9_]*)\s*\((\w+)\)\s*:\s*(.*)$")


class QueryError(PolicyKGError):
    """A query that cannot run: syntax, unknown name, missing or malformed parameter."""


class QueryTimeout(QueryError):
    """A query still producing results when its deadline passed."""


# SERVICE (federated query) and LOAD make Oxigraph fetch a URL over HTTP; a server must not do
# that for whoever sends it a query. The word is looked for outside strings, IRIs and comments,
# and not as part of a variable (?service) or a prefixed name (ex:service, service:x).
_REMOTE_WORD = re.compile(r"(?<![?$:\w-])(SERVICE|LOAD)(?![\w:-])", re.IGNORECASE)
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_NOT_CODE = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                       r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*', re.DOTALL)


def _codepoint(m: re.Match[str]) -> str:
    n = int(m.group(1) or m.group(2), 16)
    return chr(n) if n <= 0x10FFFF and not 0xD800 <= n <= 0xDFFF else " "


def remote_operation(text: str) -> str | None:
    """``"SERVICE"`` or ``"LOAD"`` if the query or update would fetch a URL; None otherwise.

    >>> remote_operation("SELECT * WHERE { SERVICE <http://169.254.169.254/> { ?s ?p ?o } }")
    'SERVICE'
    >>> remote_operation('SELECT ?service WHERE { ?s <x:load> "LOAD <http://a/>" } # SERVICE')
    """
    # SPARQL undoes \\uXXXX escapes before parsing (§19.2), so \\u0053ERVICE is SERVICE too
    text = _CODEPOINT.sub(_codepoint, text)
    m = _REMOTE_WORD.search(_NOT_CODE.sub(" ", text))
    return m.group(1).upper() if m else None


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    doc: str


@dataclass(frozen=True)
class NamedQuery:
    """One ``graph/queries/NAME.rq``: its text, what it answers and its parameters."""

    name: str
    text: str
    description: str
    params: tuple[Param, ...]


@dataclass
class Result:
    """A query result, whatever engine ran it: rows of rdflib terms, a boolean or a graph."""

    kind: str  # "select" | "ask" | "graph"
    vars: list[str] = field(default_factory=list)
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None
    truncated: bool = False

    def dicts(self) -> list[dict[str, Any]]:
        """Rows as ``{var: python value}`` (IRIs as strings, numbers as numbers, unbound as None)."""
        return [{v: python_value(t) for v, t in zip(self.vars, row)} for row in self.rows]


def python_value(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, Literal):
        if term.datatype in (XSD.integer, XSD.int, XSD.long):
            return int(term)
        if term.datatype in (XSD.decimal, XSD.double, XSD.float):
            v = float(term)
            return int(v) if v.is_integer() else v
        if term.datatype == XSD.boolean:
            return term.toPython()
        return str(term)
    return str(term)


# ------------------------------------------------------------------ named queries


def _parse_header(name: str, text: str) -> NamedQuery:
    description: list[str] = []
    params: list[Param] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = _PARAM_LINE.match(line)
        if m:
            if m.group(2) not in PARAM_TYPES:
                raise QueryError(f"graph/queries/{name}.rq: parameter {m.group(1)!r} has type {m.group(2)!r}; "
                                 f"use one of {', '.join(PARAM_TYPES)}.")
            params.append(Param(m.group(1), m.group(2), m.group(3).strip()))
        elif not params:
            description.append(line.lstrip("#").strip())
    return NamedQuery(name, text, " ".join(d for d in description if d), tuple(params))


@functools.lru_cache(maxsize=1)
def named_queries() -> dict[str, NamedQuery]:
    """Every shipped query, by name (the file name without ``.rq``)."""
    folder = resources.files("graph").joinpath("queries")
    out = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name[:-3]
            out[name] = _parse_header(name, entry.read_text(encoding="utf-8"))
    return out


def named_query(name: str) -> NamedQuery:
    queries = named_queries()
    if name not in queries:
        choices = ", ".join(queries)
        raise QueryError(f"Unknown query name {name!r}: choose from {choices} (files in graph/queries/).")
    return queries[name]


def bind(query: NamedQuery, params: Mapping[str, str]) -> dict[str, Any]:
    """Turn ``--param k=v`` strings into RDF terms of the declared types."""
    declared = {p.name: p for p in query.params}
    extra = sorted(set(params) - set(declared))
    if extra:
        takes = ", ".join(declared) or "no parameters"
        raise QueryError(f"Query {query.name!r} has no parameter {extra[0]!r}; it takes {takes}.")
    out: dict[str, Any] = {}
    for p in query.params:
        if p.name not in params:
            raise QueryError(f"Query {query.name!r} needs parameter {p.name!r} ({p.type}: {p.doc}); "
                             f"pass --param {p.name}=VALUE.")
        value = params[p.name]
        if p.type == "integer":
            if not re.fullmatch(r"[+-]?\d+", value.strip()):
                raise QueryError(f"Parameter {p.name!r} of query {query.name!r} must be an integer (got {value!r}).")
            out[p.name] = Literal(int(value), datatype=XSD.integer)
        elif p.type == "iri":
            if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]*$", value):
                raise QueryError(f"Parameter {p.name!r} of query {query.name!r} must be an absolute IRI (got {value!r}).")
            out[p.name] = URIRef(value)
        elif p.type == "zh":
            out[p.name] = Literal(value, lang="zh")
        else:
            out[p.name] = Literal(value)
    return out


# ------------------------------------------------------------------ running


def _to_oxigraph(term: Any) -> Any:
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot bind {term!r}")


_XSD_STRING = str(XSD.string)
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def from_oxigraph(term: Any) -> Any:
    """A pyoxigraph term as the equivalent rdflib term."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        return Literal(term.value) if dt in (_XSD_STRING, _LANG_STRING) else Literal(term.value, datatype=URIRef(dt))
    raise TypeError(f"unsupported term {term!r}")


def _syntax_error(exc: BaseException, where: str) -> QueryError:
    msg = " ".join(str(exc).split()) or type(exc).__name__
    return QueryError(f"SPARQL syntax error in {where}: {msg[:300]}. Fix the query and run it again.")


def run(source: Any, query: str, bindings: Mapping[str, Any] | None = None, *, limit: int | None = None,
        where: str = "the query", deadline: float | None = None) -> Result:
    """Run SPARQL on a pyoxigraph Store (union default graph) or an rdflib Graph/Dataset.

    Args:
        source: ``pyoxigraph.Store`` or ``rdflib.Graph`` / ``Dataset``.
        query: SPARQL 1.1 query text.
        bindings: Variable name → rdflib term, bound before evaluation.
        limit: Keep at most this many rows (or triples); ``Result.truncated`` says if more existed.
        where: Names the query in error messages ("graph/queries/partners.rq").
        deadline: A ``time.monotonic()`` value; results still streaming then stop with
            :class:`QueryTimeout` (a query that computes everything before its first row, such
            as a big ``COUNT``, cannot be stopped: pyoxigraph has no cancellation).

    Raises:
        QueryError: a syntax error, or an update (the graph is read-only here).
        QueryTimeout: the deadline passed.
    """
    if re.search(r"^\s*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", _strip_prologue(query),
                 re.IGNORECASE):
        raise QueryError(f"SPARQL Update is not allowed ({where}): the graph is read-only here. Send a SELECT, "
                         f"ASK, CONSTRUCT or DESCRIBE query.")
    bindings = dict(bindings or {})
    if isinstance(source, Graph):
        return _run_rdflib(source, query, bindings, limit, where, deadline)
    return _run_oxigraph(source, query, bindings, limit, where, deadline)


def _strip_prologue(query: str) -> str:
    text = re.sub(r"(?m)#[^\n]*$", "", query)  # comments (good enough to find the query form)
    return re.sub(r"(?is)^\s*((PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*", "", text)


def _take(iterator: Iterator[Any], limit: int | None, deadline: float | None = None,
          where: str = "the query") -> tuple[list[Any], bool]:
    rows: list[Any] = []
    for item in iterator:
        if limit is not None and len(rows) >= limit:
            return rows, True
        rows.append(item)
        if deadline is not None and not len(rows) % 64 and time.monotonic() > deadline:
            raise QueryTimeout(f"{where} was still producing results at its deadline.")
    return rows, False


def _run_oxigraph(store: Any, query: str, bindings: Mapping[str, Any], limit: int | None, where: str,
                  deadline: float | None = None) -> Result:
    import pyoxigraph as ox

    subs = {ox.Variable(k): _to_oxigraph(v) for k, v in bindings.items()}
    try:
        res = store.query(query, use_default_graph_as_union=True, substitutions=subs or None)
    except SyntaxError as exc:
        raise _syntax_error(exc, where) from exc
    except OSError as exc:
        raise QueryError(f"{where} failed while reading the store: {exc}.") from exc
    if isinstance(res, ox.QueryBoolean):
        return Result("ask", boolean=bool(res))
    names = [] if isinstance(res, ox.QueryTriples) else [v.value for v in res.variables]
    failure: QueryError | None = None
    try:
        items, truncated = _take(iter(res), limit, deadline, where)
    except QueryTimeout as exc:
        failure = QueryTimeout(str(exc))
    except (OSError, ValueError, TypeError, RuntimeError) as exc:  # raised while evaluating
        failure = QueryError(f"{where} failed while it ran: {' '.join(str(exc).split())[:300]}.")
    if failure is not None:
        # pyoxigraph's result objects must be dropped by the thread that made them; raised inside the
        # except block, the traceback would carry them to the thread that reads the exception
        del res
        raise failure
    if isinstance(res, ox.QueryTriples):
        g = Graph()
        from graph.rdf import PREFIXES

        for prefix, ns in PREFIXES.items():
            g.bind(prefix, ns)
        for t in items:
            g.add((from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object)))
        return Result("graph", graph=g, truncated=truncated)
    rows = [tuple(from_oxigraph(s[n]) for n in names) for s in items]
    return Result("select", vars=names, rows=rows, truncated=truncated)


def _run_rdflib(graph: Graph, query: str, bindings: Mapping[str, Any], limit: int | None, where: str,
                deadline: float | None = None) -> Result:
    from pyparsing import ParseException

    try:
        res = graph.query(query, initBindings=bindings)
    except ParseException as exc:
        raise _syntax_error(exc, where) from exc
    if res.type == "ASK":
        return Result("ask", boolean=bool(res.askAnswer))
    if res.type in ("CONSTRUCT", "DESCRIBE"):
        triples, truncated = _take(iter(res.graph), limit, deadline, where)
        g = Graph()
        for t in triples:
            g.add(t)
        return Result("graph", graph=g, truncated=truncated)
    names = [str(v) for v in res.vars]
    rows, truncated = _take((tuple(r) for r in res), limit, deadline, where)
    return Result("select", vars=names, rows=rows, truncated=truncated)


def run_named(source: Any, name: str, params: Mapping[str, str] | None = None, *, limit: int | None = None,
              deadline: float | None = None) -> Result:
    """Run ``graph/queries/NAME.rq`` with ``params`` bound as RDF terms of the declared types."""
    q = named_query(name)
    result = run(source, q.text, bind(q, params or {}), limit=limit, where=f"graph/queries/{name}.rq",
                 deadline=deadline)
    drop = {p.name for p in q.params}
    if result.kind == "select" and drop & set(result.vars):
        keep = [i for i, v in enumerate(result.vars) if v not in drop]
        result.vars = [result.vars[i] for i in keep]
        result.rows = [tuple(row[i] for i in keep) for row in result.rows]
    return result


# ------------------------------------------------------------------ SPARQL results formats


def _json_term(t: Any) -> dict[str, str]:
    if isinstance(t, URIRef):
        return {"type": "uri", "value": str(t)}
    if isinstance(t, BNode):
        return {"type": "bnode", "value": str(t)}
    out = {"type": "literal", "value": str(t)}
    if t.language:
        out["xml:lang"] = t.language
    elif t.datatype:
        out["datatype"] = str(t.datatype)
    return out


def to_json(result: Result) -> str:
    """SPARQL 1.1 Query Results JSON."""
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": result.boolean})
    bindings = [{v: _json_term(t) for v, t in zip(result.vars, row) if t is not None} for row in result.rows]
    return json.dumps({"head": {"vars": result.vars}, "results": {"bindings": bindings}}, ensure_ascii=False)


def to_xml(result: Result) -> str:
    """SPARQL Query Results XML."""
    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
    out += [f"<variable name={quoteattr(v)}/>" for v in result.vars]
    out.append("</head>")
    if result.kind == "ask":
        out.append(f"<boolean>{'true' if result.boolean else 'false'}</boolean>")
    else:
        out.append("<results>")
        for row in result.rows:
            out.append("<result>")
            for v, t in zip(result.vars, row):
                if t is None:
                    continue
                if isinstance(t, URIRef):
                    value = f"<uri>{escape(str(t))}</uri>"
                elif isinstance(t, BNode):
                    value = f"<bnode>{escape(str(t))}</bnode>"
                elif t.language:
                    value = f"<literal xml:lang={quoteattr(t.language)}>{escape(str(t))}</literal>"
                elif t.datatype:
                    value = f"<literal datatype={quoteattr(str(t.datatype))}>{escape(str(t))}</literal>"
                else:
                    value = f"<literal>{escape(str(t))}</literal>"
                out.append(f"<binding name={quoteattr(v)}>{value}</binding>")
            out.append("</result>")
        out.append("</results>")
    out.append("</sparql>")
    return "\n".join(out) + "\n"


def to_csv(result: Result) -> str:
    """SPARQL 1.1 Query Results CSV (plain values)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    if result.kind == "ask":
        w.writerow(["boolean"])
        w.writerow(["true" if result.boolean else "false"])
        return buf.getvalue()
    w.writerow(result.vars)
    for row in result.rows:
        w.writerow(["" if t is None else (f"_:{t}" if isinstance(t, BNode) else str(t)) for t in row])
    return buf.getvalue()


def _tsv_term(t: Any) -> str:
    if t is None:
        return ""
    if isinstance(t, (URIRef, BNode)):
        return t.n3()
    return t.n3().replace("\t", "\\t")


def to_tsv(result: Result) -> str:
    """SPARQL 1.1 Query Results TSV (terms in Turtle syntax)."""
    if result.kind == "ask":
        return "?boolean\n" + ("true" if result.boolean else "false") + "\n"
    lines = ["\t".join(f"?{v}" for v in result.vars)]
    lines += ["\t".join(_tsv_term(t) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"
