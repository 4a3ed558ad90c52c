"""Lookups on the NetworkX view: which measures a query means, which department a name means.

A query ``X`` is one of

* a measure number, ``二.一.7`` (a section number such as ``二.一`` means every measure under it);
* a programme name, ``链长制`` or ``“链长制”``;
* a keyword or phrase, matched against measure titles, texts and target subjects after jieba
  segmentation (a private ``rjieba.Jieba`` with the graph's department names and programmes
  added), so that 人才 finds the talent measures and every word of a phrase must occur.

A department may be named by its full name or any alias (工信局, 市工信局, 寿光市工业和信息化局);
an unknown name raises :class:`NoMatch` with the closest names:
``no department matches '工兴局'; did you mean: 工信局?``.

:func:`load_network` reads what ``policykg build`` wrote (``graph.store.load``) and keeps a pickle of
the network and its indexes next to the graph, keyed by the graph file's SHA-256, so repeated
lookups skip parsing the RDF.
"""

from __future__ import annotations

import difflib
import os
import pickle
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx

from extract.errors import PolicyKGError
from graph.atomic import write_atomic
from graph import network as net


class NoMatch(PolicyKGError, LookupError):
    """A department name or query that matches nothing (or more than one department)."""


# ---------------------------------------------------------------------------------------- segmentation

_PUNCT = re.compile(r"^[\W_]+$")
# the fields of a measure a keyword is looked up in, and how much a hit there counts
_FIELD_WEIGHT = {"title": 3, "target": 2, "text": 1}


@lru_cache(maxsize=8)
def _segmenter(words: tuple[str, ...]) -> Any:
    """A private rjieba instance (not the global one) that knows ``words`` as single tokens."""
    import rjieba

    seg = rjieba.Jieba()
    for w in words:
        seg.add_word(w, None, None)
    return seg


def _norm(text: str) -> str:
    """NFKC (full-width → half-width) and no whitespace: the form names and queries are compared in."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _tokens(seg: Any, text: str) -> list[str]:
    return [t for t in seg.cut_for_search(_norm(text)) if t.strip() and not _PUNCT.match(t)]


# ---------------------------------------------------------------------------------------- measures


@dataclass
class QueryMatch:
    """What a query matched: ``kind`` is ``number``, ``programme`` or ``keyword``."""

    query: str
    kind: str
    measures: list[str]  # measure keys in document order
    tokens: list[str] = field(default_factory=list)  # the words a keyword query was split into


_NUMBER = re.compile(r"^[0-9一二三四五六七八九十零①-⑳]+(?:[.．][0-9一二三四五六七八九十零①-⑳]+)*$")


class MeasureIndex:
    """An inverted index from words to measures (built once per graph, pickled with it)."""

    def __init__(self, G: nx.Graph) -> None:
        words = set()
        for n, a in G.nodes(data=True):
            if a.get("kind") == "department":
                words.update(_norm(x) for x in [a["name"], *a.get("aliases", [])] if len(_norm(x)) >= 2)
            elif a.get("kind") == "programme":
                words.add(_norm(a["name"]))
        self.user_words = tuple(sorted(words))
        seg = _segmenter(self.user_words)
        self.postings: dict[str, dict[str, int]] = defaultdict(dict)
        self.by_number: dict[str, list[str]] = defaultdict(list)
        self.programmes: dict[str, str] = {}
        self.order = net.measures(G)
        self.rank = {m: i for i, m in enumerate(self.order)}
        for m in self.order:
            a = G.nodes[m]
            self.by_number[a.get("number") or ""].append(m)
            fields = [("title", a.get("title") or ""), ("text", a.get("text") or "")]
            fields += [("target", G.nodes[t].get("subject") or "") for t in net.targets_of(G, m)]
            for name, value in fields:
                for tok in _tokens(seg, value):
                    post = self.postings[tok]
                    post[m] = post.get(m, 0) + _FIELD_WEIGHT[name]
        for n, a in G.nodes(data=True):
            if a.get("kind") == "programme":
                self.programmes[_norm(a["name"])] = n
        self.postings = dict(self.postings)
        self.by_number = dict(self.by_number)

    def find(self, G: nx.Graph, query: str) -> QueryMatch:
        q = _norm(query).strip("“”\"'「」『』")
        if not q:
            raise NoMatch("the query is empty; give a keyword (人才), a measure number (二.一.7) or a programme name.")
        rank = self.rank
        if _NUMBER.match(q):
            number = q.replace("．", ".")
            found = [m for num, ms in self.by_number.items() if num == number or num.startswith(number + ".")
                     for m in ms]
            if found:
                return QueryMatch(query, "number", sorted(found, key=rank.__getitem__))
        prog = self.programmes.get(q)
        found_prog = [m for m in G[prog] if G.nodes[m].get("kind") == "measure"] if prog else []
        if q in self.postings:  # a word of the index needs no segmentation
            toks = [q]
        else:
            toks = list(dict.fromkeys(t for t in _segmenter(self.user_words).cut(q) if t.strip() and not _PUNCT.match(t)))
        hits: set[str] | None = None
        for t in toks:
            ms = set(self.postings.get(t, ()))
            hits = ms if hits is None else hits & ms
        found_kw = hits or set()
        if found_prog:
            return QueryMatch(query, "programme", sorted(set(found_prog) | found_kw, key=rank.__getitem__), toks)
        return QueryMatch(query, "keyword", sorted(found_kw, key=rank.__getitem__), toks)


def find_measures(G: nx.Graph, query: str, index: MeasureIndex | None = None) -> QueryMatch:
    """The measures a query means, in document order.

    Args:
        G: the graph of :func:`graph.network.to_network`.
        query: a measure or section number (``一.3``, ``二.一``), a programme name, or a keyword.
        index: a prebuilt :class:`MeasureIndex` (built and cached on ``G.graph`` otherwise).

    >>> G = net.example_network()
    >>> m = find_measures(G, "人才")
    >>> m.kind, [G.nodes[x]["number"] for x in m.measures]
    ('keyword', ['一.3'])
    >>> [G.nodes[x]["number"] for x in find_measures(G, "一.1").measures]
    ['一.1']
    >>> [G.nodes[x]["number"] for x in find_measures(G, "技改投资").measures]
    ['一.1']
    """
    return (index or measure_index(G)).find(G, query)


def measure_index(G: nx.Graph) -> MeasureIndex:
    """The graph's :class:`MeasureIndex`, built on first use and kept in ``G.graph``."""
    idx = G.graph.get("_measure_index")
    if idx is None:
        idx = G.graph["_measure_index"] = MeasureIndex(G)
    return idx


# ---------------------------------------------------------------------------------------- departments

_LEVEL_WORDS = ("市", "县", "区", "省", "旗")


class DepartmentIndex:
    """Every name a department goes by, normalised, → department keys."""

    def __init__(self, G: nx.Graph) -> None:
        self.names: dict[str, set[str]] = defaultdict(set)
        self.display: dict[str, dict[str, str]] = {}  # department → normalised name → name as written
        places: set[str] = set()
        for n, a in G.nodes(data=True):
            if a.get("kind") == "document" and a.get("jurisdiction"):
                places.add(_norm(a["jurisdiction"]))
            if a.get("kind") != "department":
                continue
            full = _norm(a["name"])
            if a.get("jurisdiction"):
                places.add(_norm(a["jurisdiction"]))
            for alias in a.get("aliases", []):  # 寿光市 + 工业和信息化局: the prefix is a place name
                al = _norm(alias)
                prefix = full[: len(full) - len(al)]
                if full.endswith(al) and len(prefix) >= 2 and prefix.endswith(_LEVEL_WORDS):
                    places.add(prefix)
        for p in list(places):
            if len(p) > 2 and p.endswith(_LEVEL_WORDS):
                places.add(p[:-1])  # 寿光市 → 寿光
        self.places = tuple(sorted(places, key=len, reverse=True))
        for n, a in G.nodes(data=True):
            if a.get("kind") != "department":
                continue
            shown = self.display.setdefault(n, {})
            for name in [a["label"], *a.get("aliases", []), a["name"]]:
                key = _norm(name)
                self.names[key].add(n)
                shown.setdefault(key, name)
                for p in self.places:  # the full name without its place: 工业和信息化局
                    if key.startswith(p) and len(key) - len(p) >= 2:
                        self.names[key[len(p):]].add(n)
        self.names = dict(self.names)

    def _forms(self, name: str) -> list[str]:
        """The query and the forms left after stripping 中共, a place name and a level word, in order."""
        return [f for f, _ in self._forms_with_place(name)]

    def _forms_with_place(self, name: str) -> list[tuple[str, str | None]]:
        forms: list[tuple[str, str | None]] = [(name, None)]
        cur, place = name, None
        if cur.startswith("中共") and len(cur) > 4:
            cur = cur[2:]
            forms.append((cur, None))
        for p in self.places:
            if cur.startswith(p) and len(cur) - len(p) >= 2:
                cur, place = cur[len(p):], p
                forms.append((cur, place))
                break
        if cur.startswith(_LEVEL_WORDS) and len(cur) > 3:
            forms.append((cur[1:], place))
        return forms

    def resolve(self, G: nx.Graph, name: str) -> str:
        q = _norm(name)
        if not q:
            raise NoMatch("the department name is empty; give a name such as 工信局 or 寿光市工业和信息化局.")
        forms = self._forms_with_place(q)
        for form, place in forms:
            found = self.names.get(form)
            if found:
                return self._one(G, name, found, place)
        stripped, place = forms[-1]
        if len(stripped) >= 2:
            found = {n for key, ns in self.names.items() if stripped in key for n in ns}
            if found:
                return self._one(G, name, found, place)
        raise NoMatch(self._unknown(G, name, q))

    def _one(self, G: nx.Graph, name: str, found: set[str], place: str | None = None) -> str:
        if len(found) > 1 and place:  # 潍坊发改局: the department of the place the name gave
            here = {n for n in found if _norm(G.nodes[n]["name"]).startswith(place)
                    or _norm(G.nodes[n].get("jurisdiction") or "").startswith(place)}
            found = here or found
        if len(found) == 1:
            return next(iter(found))
        full = sorted(G.nodes[n]["name"] for n in found)
        shown = "、".join(full[:6]) + ("…" if len(full) > 6 else "")
        raise NoMatch(f"{name!r} matches {len(full)} departments ({shown}); give the full name, e.g. {full[0]!r}.")

    def _unknown(self, G: nx.Graph, name: str, q: str) -> str:
        close: list[str] = []
        seen: set[str] = set()
        candidates = list(self.names)
        for form in self._forms(q):
            for key in difflib.get_close_matches(form, candidates, n=12, cutoff=0.6):
                for n in sorted(self.names[key]):
                    if n not in seen:
                        seen.add(n)
                        close.append(self.display.get(n, {}).get(key, key))
        if close:
            return f"no department matches {name!r}; did you mean: {', '.join(close[:3])}?"
        return (f"no department matches {name!r}; `policykg network` lists the "
                f"{sum(1 for _, k in G.nodes(data='kind') if k == 'department')} departments in the graph.")


def department_index(G: nx.Graph) -> DepartmentIndex:
    """The graph's :class:`DepartmentIndex`, built on first use and kept in ``G.graph``."""
    idx = G.graph.get("_department_index")
    if idx is None:
        idx = G.graph["_department_index"] = DepartmentIndex(G)
    return idx


def resolve_department(G: nx.Graph, name: str) -> str:
    """The department key a name means: its full name or any alias, with or without the place.

    Raises:
        NoMatch: no department (with the closest names), or several (give the full name).

    >>> G = net.example_network()
    >>> [G.nodes[resolve_department(G, n)]["label"] for n in ("工信局", "市工信局", "寿光市工业和信息化局")]
    ['工信局', '工信局', '工信局']
    >>> resolve_department(G, "工兴局")
    Traceback (most recent call last):
    ...
    graph.lookup.NoMatch: no department matches '工兴局'; did you mean: 工信局?
    """
    return department_index(G).resolve(G, name)


# ---------------------------------------------------------------------------------------- targets


def target_rows(G: nx.Graph, *, due: int | None = None, department: str | None = None) -> list[dict[str, Any]]:
    """Indicator targets with their measure and departments, by deadline then document order.

    Args:
        due: keep targets due by the end of this year (deadline year ≤ ``due``); targets without
            a deadline are left out when it is given.
        department: keep targets of measures this department (any name) is named for.

    >>> G = net.example_network()
    >>> [(r["subject"], r["comparator"], r["value"], r["unit"], r["year"], r["departments"]) for r in target_rows(G, due=2025)]
    [('技改投资', '>=', 8.0, '%', 2025, '发改局(牵头)、工信局(配合)')]
    >>> target_rows(G, due=2024)
    []
    """
    dept = net._department(G, department) if department else None
    if dept is None:
        candidates = net.nodes_of_kind(G, "target")
    else:  # only the targets of the department's measures, not every target of the graph
        candidates = [t for m in G[dept] for t in G[m] if G.nodes[t].get("kind") == "target"]
    rows = []
    for t in dict.fromkeys(candidates):
        a = G.nodes[t]
        if due is not None and (a.get("year") is None or a["year"] > due):
            continue
        owner = a.get("measure") or a.get("section")
        ds = net.departments_of(G, owner) if owner and owner in G else []
        o = G.nodes[owner] if owner in G else {}
        rows.append({
            "target": t, "document": o.get("doc_title"), "number": o.get("number"), "measure_title": o.get("title"),
            "subject": a.get("subject"), "comparator": a.get("comparator"), "value": a.get("value"),
            "unit": a.get("unit"), "year": a.get("year"), "frequency": a.get("frequency"), "text": a.get("text"),
            "summary": net.format_target(a),
            "departments": "、".join(f"{G.nodes[x]['label']}({net.ROLE_LABELS[r]})" for x, r, _ in ds),
            "_order": (a.get("year") or 9999, o.get("doc_title") or "", a.get("start") if a.get("start") is not None else 1 << 60, t),
        })
    rows.sort(key=lambda r: r["_order"])
    for r in rows:
        del r["_order"]
    return rows


# ---------------------------------------------------------------------------------------- loading

CACHE_NAME = ".network-cache.pickle"
CACHE_VERSION = 2


@dataclass
class Loaded:
    """A built graph, ready for lookups: the network with its indexes."""

    network: nx.Graph
    measures: MeasureIndex
    departments: DepartmentIndex
    from_cache: bool = False


def cache_key(trig_sha256: str) -> str:
    """What the network cache of a graph.trig with that SHA-256 is stored under."""
    return f"policykg-network-cache/{CACHE_VERSION}/{trig_sha256}"


def write_cache(graph_dir: str | os.PathLike[str], G: nx.Graph, trig_sha256: str) -> Loaded:
    """Index ``G`` for lookups and pickle it beside graph.trig (``policykg build`` calls this when it
    has made the network anyway, so the first lookup after a build is as fast as the next).
    A directory that cannot be written just goes without the cache."""
    loaded = Loaded(G, measure_index(G), department_index(G))
    G.graph.pop("_measure_index", None)
    G.graph.pop("_department_index", None)
    try:
        write_atomic(Path(graph_dir) / CACHE_NAME,
                     pickle.dumps((cache_key(trig_sha256), (G, loaded.measures, loaded.departments)),
                                  protocol=pickle.HIGHEST_PROTOCOL))
    except (OSError, pickle.PicklingError):  # a read-only build directory: go without the cache
        pass
    G.graph["_measure_index"] = loaded.measures
    G.graph["_department_index"] = loaded.departments
    return loaded


def load_network(graph_dir: str | os.PathLike[str] = "out", *, cache: bool = True) -> Loaded:
    """Load what ``policykg build`` wrote in ``graph_dir`` as a network with its lookup indexes.

    The network and indexes are pickled to ``.network-cache.pickle`` beside ``graph.trig``, keyed
    by the SHA-256 of that file, and reused while it is unchanged (``policykg build`` writes it
    whenever it makes the network for its views). Without a valid cache the network is made from
    the build's per-document cache when that describes this graph.trig
    (``graph.build.network_of_build``), else by reading the RDF with ``graph.store.load``.

    Args:
        graph_dir: a build directory (holding graph.trig) or a graph file.

    Raises:
        graph.store.GraphStoreError: no graph there, or not valid RDF (the message says how to fix it).
    """
    from graph import store

    path = store.graph_file(graph_dir)
    d = path.parent
    sha = store.trig_sha256(path)  # the build's record of it when the file is as the build left it
    cache_path = d / CACHE_NAME
    if cache and cache_path.is_file():
        try:
            with open(cache_path, "rb") as f:
                stored_key, payload = pickle.load(f)
            if stored_key == cache_key(sha):
                G, mi, di = payload
                G.graph["_measure_index"], G.graph["_department_index"] = mi, di
                return Loaded(G, mi, di, from_cache=True)
        except Exception:  # a stale or truncated cache is rebuilt, never trusted
            pass
    from graph.build import network_of_build

    G = network_of_build(d, sha) if path.name == store.GRAPH_FILE else None
    if G is None:
        G = net.to_network(store.load(path))
    if cache:
        return write_cache(d, G, sha)
    return Loaded(G, measure_index(G), department_index(G))
