"""The offline explorer: one self-contained HTML file that shows the NetworkX view as a graph.

The page carries vis-network (vendored in ``graph/static``), its own script and style, and the
graph as JSON inside ``<script type="application/json">``; it loads nothing from the network.
Positions are computed here, before the page opens, and vis-network starts with physics off,
so that a graph of thousands of nodes opens in seconds (pyvis' physics never settles at that
size, see docs/architecture.md and the issue list in field-notes §5).

Every document text reaches the page only as JSON and is put into the DOM with ``textContent``:
a measure that reads ``<script>alert(1)</script>`` shows those characters and runs nothing.

>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_node("d:gxj", kind="department", label="工信局", name="寿光市工业和信息化局",
...            aliases=["工信局"], collective=False, resolved=True, bipartite=0)
>>> G.add_node("m:1", kind="measure", label="1.培育优势产业集群", number="二.一.1",
...            title="培育优势产业集群", text="培育优势产业集群。", start=0, end=9,
...            document="doc:1", doc_title="工作方案", highlights=[], bipartite=1)
>>> G.add_edge("d:gxj", "m:1", role="lead", rank=0)
>>> page = render_html(G, title="示例")
>>> page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
True
>>> [n["label"] for n in explorer_payload(G)["nodes"]]
['工信局', '1.培育优势产业集群']
"""

from __future__ import annotations

import base64
import hashlib
import html as _html
import json
import math
import os
import re
from collections import Counter, deque
from collections.abc import Hashable, Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from extract.errors import PolicyKGError
from graph.atomic import write_atomic

__all__ = [
    "ExplorerViewError",
    "KINDS",
    "ROLES",
    "default_title",
    "explorer_payload",
    "layout_positions",
    "render_html",
    "select_view",
    "write_html",
]

# kind → (Chinese name for the legend, colour, vis-network shape); the order is the legend's.
KINDS: dict[str, tuple[str, str, str]] = {
    "document": ("文件", "#4e79a7", "square"),
    "section": ("章节", "#9c755f", "triangleDown"),
    "measure": ("措施", "#f28e2b", "dot"),
    "department": ("部门", "#59a14f", "diamond"),
    "target": ("指标", "#e15759", "star"),
    "policy": ("引用政策", "#76b7b2", "triangle"),
    "programme": ("工程/项目", "#b07aa1", "hexagon"),
}
OTHER_KIND = ("其他", "#9d9d9d", "dot")

# department–measure roles, strongest first: (Chinese name, colour, width, dashes)
ROLES: dict[str, tuple[str, str, float, bool]] = {
    "lead": ("牵头", "#2f6b2a", 3.5, False),
    "responsible": ("责任", "#5f8f5a", 1.5, False),
    "support": ("配合", "#7fae7a", 1.5, True),
}
STRUCTURE_EDGE = "structure"  # part_of / has_target / programme / implements / cites

# networkx's dense Fruchterman–Reingold is ~0.35 s at 300 nodes and ~0.9 s at 500 (measured on
# 2 cores); above this size the O(n) structured layout alone is used (bench/bench_html.py).
SPRING_MAX_NODES = 400
SPRING_SEED = 7
_SPACING = 46.0  # px between neighbouring nodes on a ring of the structured layout
_HIERARCHY_RELS = frozenset({"part_of", "has_target"})
_GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))

_STATIC = "static"
_TEMPLATE = "explorer.html"
_VIS_FILE = "vis-network.min.js"
_APP_SCRIPT = re.compile(r'<script id="policykg-app">(.*?)</script>', re.S)


class ExplorerViewError(PolicyKGError, LookupError):
    """A view option (--bureau, --document, --keyword) matches nothing, or more than one thing."""


# ---------------------------------------------------------------------------------------------
# views


def select_view(
    G: nx.Graph,
    *,
    bureau: str | None = None,
    document: str | None = None,
    keyword: str | None = None,
) -> nx.Graph:
    """The part of ``G`` a view option asks for; ``G`` itself when no option is given.

    Options combine by narrowing in the order document → bureau → keyword, so
    ``document=D, bureau="工信局"`` is the bureau's part of document D.

    Args:
        G: The NetworkX view of docs/architecture.md; not modified.
        bureau: A department's full name, short name or alias (``工信局``): the department, its
            measures, the targets of those measures and its partners (the other departments
            attached to them).
        document: A document's IRI (or the end of it), 文号 or exact title: the document with
            its sections, measures, targets, cited policies, programmes and departments.
        keyword: The measures whose title or text contain it (as ``policykg shared`` finds
            them), with their departments and targets.

    Returns:
        A new graph (a copy), so that callers may add layout attributes.

    Raises:
        ExplorerViewError: When an option matches nothing, or a name matches several departments.
    """
    view = G
    if document is not None:
        view = _document_view(view, document)
    if bureau is not None:
        view = _bureau_view(view, bureau)
    if keyword is not None:
        view = _keyword_view(view, keyword)
    return view.copy() if view is G else view


def _subgraph(G: nx.Graph, keep: Iterable[Hashable]) -> nx.Graph:
    V = G.subgraph(keep).copy()
    # graph.lookup caches its indexes in G.graph ("_measure_index"); they describe G, not the view
    for key in [k for k in V.graph if str(k).startswith("_")]:
        del V.graph[key]
    return V


def _nodes_of_kind(G: nx.Graph, kind: str) -> list[Hashable]:
    return [n for n, k in G.nodes(data="kind") if k == kind]


def _document_view(G: nx.Graph, wanted: str) -> nx.Graph:
    docs = _nodes_of_kind(G, "document")
    hits = [d for d in docs if str(d) == wanted]
    if not hits:
        hits = [
            d
            for d in docs
            if str(d).endswith(("/" + wanted, "#" + wanted, ":" + wanted))
            or G.nodes[d].get("doc_number") == wanted
            or G.nodes[d].get("title") == wanted
        ]
    if len(hits) != 1:
        known = ", ".join(repr(str(d)) for d in docs[:5]) or "none"
        what = "matches no document" if not hits else f"matches {len(hits)} documents"
        raise ExplorerViewError(
            f"--document {wanted!r} {what}; give a document IRI, 文号 or exact title (documents: {known})."
        )
    doc = hits[0]
    keep = {doc} | {n for n, d in G.nodes(data="document") if d == str(doc) or d == doc}
    measures = [n for n in keep if G.nodes[n].get("kind") == "measure"]
    for m in measures:  # departments and programmes of its measures
        keep.update(nb for nb in G[m] if G.nodes[nb].get("kind") in ("department", "programme", "target"))
    keep.update(nb for nb in G[doc] if G.nodes[nb].get("kind") == "policy")
    return _subgraph(G, keep)


def _bureau_view(G: nx.Graph, name: str) -> nx.Graph:
    dept = _find_department(G, name)
    measures = [m for m in G[dept] if G.nodes[m].get("kind") == "measure"]
    keep = {dept, *measures}
    for m in measures:
        keep.update(nb for nb in G[m] if G.nodes[nb].get("kind") in ("department", "target"))
    return _subgraph(G, keep)


def _keyword_view(G: nx.Graph, keyword: str) -> nx.Graph:
    measures = _keyword_measures(G, keyword)
    if not measures:
        raise ExplorerViewError(f"--keyword {keyword!r} matches no measure title or text in this graph.")
    keep = set(measures)
    for m in measures:
        keep.update(nb for nb in G[m] if G.nodes[nb].get("kind") in ("department", "target"))
    return _subgraph(G, keep)


def _lookup() -> Any:
    """graph.lookup (the matching `policykg bureau` and `policykg shared` use), or None without it."""
    try:
        from graph import lookup
    except ModuleNotFoundError as exc:
        if exc.name != "graph.lookup":
            raise  # a dependency of graph.lookup is missing: say so, do not quietly match differently
        return None
    return lookup


def _find_department(G: nx.Graph, name: str) -> Hashable:
    lookup = _lookup()
    if lookup is None:
        return _fallback_find_department(G, name)
    try:
        return lookup.resolve_department(G, name)
    except (LookupError, ValueError, PolicyKGError) as exc:
        raise ExplorerViewError(f"--bureau {name!r}: {exc}") from exc


def _keyword_measures(G: nx.Graph, keyword: str) -> list[Hashable]:
    lookup = _lookup()
    if lookup is None:
        return _fallback_keyword_measures(G, keyword)
    try:
        return [m for m in lookup.find_measures(G, keyword).measures if m in G]
    except (LookupError, ValueError, PolicyKGError) as exc:
        raise ExplorerViewError(f"--keyword {keyword!r}: {exc}") from exc


def _fallback_find_department(G: nx.Graph, name: str) -> Hashable:
    """Department by exact name/label/alias, else by a unique substring of them.

    Stand-in for graph.lookup's resolution: ambiguity is reported, never guessed.
    """
    wanted = "".join(name.split())
    depts = _nodes_of_kind(G, "department")

    def forms(n: Hashable) -> list[str]:
        a = G.nodes[n]
        return [str(f) for f in (a.get("name"), a.get("label"), *(a.get("aliases") or ())) if f]

    for match in (lambda f: f == wanted, lambda f: wanted in f):
        hits = [n for n in depts if any(match(f) for f in forms(n))]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            names = "、".join(sorted(str(G.nodes[n].get("name") or G.nodes[n].get("label")) for n in hits))
            raise ExplorerViewError(f"--bureau {name!r} matches {len(hits)} departments ({names}); give the full name.")
    raise ExplorerViewError(
        f"--bureau {name!r} matches no department in this graph; "
        f"`policykg bureau` lists the {len(depts)} departments it knows."
    )


def _fallback_keyword_measures(G: nx.Graph, keyword: str) -> list[Hashable]:
    """Measures whose title or text contain ``keyword`` (stand-in for graph.lookup's matching)."""
    return [
        n
        for n, a in G.nodes(data=True)
        if a.get("kind") == "measure" and (keyword in str(a.get("title") or "") or keyword in str(a.get("text") or ""))
    ]


# ---------------------------------------------------------------------------------------------
# layout


def layout_positions(G: nx.Graph, *, seed: int = SPRING_SEED) -> dict[Hashable, tuple[float, float]]:
    """Pixel positions for every node, computed once so that the page needs no physics.

    Small graphs (up to ``SPRING_MAX_NODES``) get a Fruchterman–Reingold layout with a fixed seed,
    started from the structured layout; larger ones keep the structured layout, which is linear
    in the graph's size: each document a radial tree (document → sections → measures → targets),
    departments, policies and programmes at the centre of what they are linked to.
    """
    pos = _structured_layout(G)
    n = G.number_of_nodes()
    if 2 < n <= SPRING_MAX_NODES:
        # k a bit above 1/sqrt(n) spreads the hubs; scale keeps ~_SPACING px between neighbours.
        # FR's k is in units of a unit box: start it from the structured layout scaled into one
        xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
        x0, y0 = min(xs), min(ys)
        span = max(max(xs) - x0, max(ys) - y0) or 1.0
        unit = {v: ((x - x0) / span, (y - y0) / span) for v, (x, y) in pos.items()}
        spring = nx.spring_layout(G, pos=unit, seed=seed, iterations=80, k=2.4 / math.sqrt(n))
        scale = max(300.0, _SPACING * 1.15 * math.sqrt(n))
        pos = {v: (float(x) * scale, float(y) * scale) for v, (x, y) in spring.items()}
    return pos


def _structured_layout(G: nx.Graph) -> dict[Hashable, tuple[float, float]]:
    clusters: list[tuple[dict[Hashable, tuple[float, float]], float]] = []
    placed: set[Hashable] = set()
    for doc in _nodes_of_kind(G, "document"):
        tree = _bfs_tree(G, doc, lambda u, v, a: a.get("rel") in _HIERARCHY_RELS, placed)
        clusters.append(_radial(tree, doc))
        placed.update(tree)
    # attached nodes (departments, policies, programmes) wait for the clusters to be packed
    attached: list[Hashable] = []
    frontier = set(placed)
    seen = set(placed)
    while frontier:
        nxt = {nb for u in frontier for nb in G[u] if nb not in seen}
        attached.extend(sorted(nxt, key=str))
        seen |= nxt
        frontier = nxt
    for comp in _components(G, seen):  # what no document reaches: one radial tree per component
        root = max(comp, key=lambda v: (G.degree(v), str(v)))
        tree = _bfs_tree(G, root, lambda u, v, a: v in comp, seen)
        clusters.append(_radial(tree, root))
        seen.update(tree)
    pos = _pack(clusters)
    for i, v in enumerate(attached):
        pts = [pos[nb] for nb in G[v] if nb in pos]
        cx = sum(p[0] for p in pts) / len(pts)
        cy = sum(p[1] for p in pts) / len(pts)
        r = _SPACING * (0.6 + 0.4 * ((i * 0.618) % 1.0))  # sunflower offset: no two on one spot
        pos[v] = (cx + r * math.cos(i * _GOLDEN_ANGLE), cy + r * math.sin(i * _GOLDEN_ANGLE))
    return pos


def _components(G: nx.Graph, excluded: set[Hashable]) -> Iterable[set[Hashable]]:
    rest = [v for v in G if v not in excluded]
    return sorted(nx.connected_components(G.subgraph(rest)), key=lambda c: (-len(c), min(map(str, c))))


def _bfs_tree(G: nx.Graph, root: Hashable, follow: Any, excluded: set[Hashable]) -> dict[Hashable, list[Hashable]]:
    """Children lists of a breadth-first tree from ``root`` over the edges ``follow`` accepts."""
    children: dict[Hashable, list[Hashable]] = {root: []}
    queue = deque([root])
    while queue:
        u = queue.popleft()
        for v, a in G[u].items():
            if v not in children and v not in excluded and follow(u, v, a):
                children[v] = []
                children[u].append(v)
                queue.append(v)
    return children


def _radial(children: Mapping[Hashable, list[Hashable]], root: Hashable) -> tuple[dict[Hashable, tuple[float, float]], float]:
    """A radial tree layout around (0, 0): wedges proportional to leaves; returns (pos, radius)."""
    order: list[tuple[Hashable, int]] = []
    queue = deque([(root, 0)])
    while queue:
        u, d = queue.popleft()
        order.append((u, d))
        queue.extend((c, d + 1) for c in children[u])
    leaves: dict[Hashable, int] = {}
    for u, _ in reversed(order):
        leaves[u] = sum(leaves[c] for c in children[u]) or 1
    per_depth = Counter(d for _, d in order)
    radius = [0.0]
    for d in range(1, max(per_depth) + 1):
        radius.append(max(radius[-1] + 2.2 * _SPACING, per_depth[d] * _SPACING / (2 * math.pi)))
    pos: dict[Hashable, tuple[float, float]] = {root: (0.0, 0.0)}
    wedge: dict[Hashable, tuple[float, float]] = {root: (0.0, 2 * math.pi)}
    for u, d in order:
        a0, a1 = wedge[u]
        for c in children[u]:
            a = a0 + (a1 - a0) * leaves[c] / leaves[u]
            wedge[c] = (a0, a)
            mid = (a0 + a) / 2
            pos[c] = (radius[d + 1] * math.cos(mid), radius[d + 1] * math.sin(mid))
            a0 = a
    return pos, radius[-1] + _SPACING


def _pack(clusters: list[tuple[dict[Hashable, tuple[float, float]], float]]) -> dict[Hashable, tuple[float, float]]:
    """Shelf-pack the clusters (largest first) into rows of roughly square overall extent."""
    order = sorted(range(len(clusters)), key=lambda i: -clusters[i][1])
    width = math.sqrt(sum((2 * clusters[i][1]) ** 2 for i in order)) * 1.15 if clusters else 0.0
    pos: dict[Hashable, tuple[float, float]] = {}
    x = y = row_h = 0.0
    for i in order:
        local, r = clusters[i]
        if x > 0 and x + 2 * r > width:
            x, y, row_h = 0.0, y + row_h + _SPACING, 0.0
        cx, cy = x + r, y + r
        for v, (px, py) in local.items():
            pos[v] = (cx + px, cy + py)
        x += 2 * r + _SPACING
        row_h = max(row_h, 2 * r)
    return pos


# ---------------------------------------------------------------------------------------------
# page


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    return str(value)  # enums, dates, Literals, URIRefs


def default_title(G: nx.Graph) -> str:
    """The single document's title, or a generic Chinese title for a corpus."""
    docs = _nodes_of_kind(G, "document")
    if len(docs) == 1 and G.nodes[docs[0]].get("title"):
        return str(G.nodes[docs[0]]["title"])
    return "政策知识图谱"


def explorer_payload(
    G: nx.Graph, *, title: str | None = None, view: str | None = None, seed: int = SPRING_SEED
) -> dict[str, Any]:
    """The JSON the page reads: nodes (with positions and all attributes), edges, legend entries.

    Nodes are numbered in ``G``'s order; edges are ``[from, to, type]`` with type a role
    (``lead``/``support``/``responsible``) or the structural ``rel``.
    """
    pos = layout_positions(G, seed=seed)
    index = {v: i for i, v in enumerate(G)}
    nodes = []
    for v, a in G.nodes(data=True):
        x, y = pos[v]
        attrs = {k: _jsonable(val) for k, val in a.items() if k not in ("kind", "label", "bipartite")}
        kind = str(a.get("kind") or "other")
        label = a.get("label") or a.get("name") or a.get("title") or str(v)
        nodes.append({"id": str(v), "kind": kind, "label": str(label), "x": round(x, 1), "y": round(y, 1), "a": attrs})
    edges = []
    for u, v, a in G.edges(data=True):
        etype = a.get("role") or a.get("rel") or "link"
        item: list[Any] = [index[u], index[v], str(getattr(etype, "value", etype))]
        if a.get("rank") is not None:
            item.append(_jsonable(a["rank"]))
        edges.append(item)
    kind_counts = Counter(n["kind"] for n in nodes)
    role_counts = Counter(e[2] for e in edges)
    kinds = [
        {"kind": k, "name": name, "color": color, "shape": shape, "count": kind_counts.get(k, 0)}
        for k, (name, color, shape) in KINDS.items()
    ]
    extra = sorted(set(kind_counts) - set(KINDS))
    kinds += [{"kind": k, "name": f"{OTHER_KIND[0]}（{k}）", "color": OTHER_KIND[1], "shape": OTHER_KIND[2],
               "count": kind_counts[k]} for k in extra]
    roles = [
        {"role": r, "name": name, "color": color, "width": width, "dashes": dashes, "count": role_counts.get(r, 0)}
        for r, (name, color, width, dashes) in ROLES.items()
    ]
    roles.append({"role": STRUCTURE_EDGE, "name": "结构与引用", "color": "#b8b8b8", "width": 1, "dashes": False,
                  "count": sum(c for r, c in role_counts.items() if r not in ROLES)})
    return {
        "title": title if title is not None else default_title(G),
        "view": view,
        "kinds": kinds,
        "roles": roles,
        "nodes": nodes,
        "edges": edges,
    }


def _script_json(data: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``</script>``, no ``<!--``."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _resource(*parts: str) -> str:
    return resources.files("graph").joinpath(*parts).read_text(encoding="utf-8")


def _vis_network_js() -> str:
    js = _resource(_STATIC, _VIS_FILE)
    if "</script" in js.lower():  # would end the inline <script> early; vis-network has none
        raise PolicyKGError(f"graph/static/{_VIS_FILE} contains '</script' and cannot be inlined.")
    return js


def _content_security_policy(*scripts: str) -> str:
    """A policy that lets only our own inline scripts run and no request leave the page.

    Scripts are allowed by hash, so even markup that slipped into the page could not run an
    inline handler (``onerror=``); ``default-src 'none'`` blocks every fetch, image or frame.
    """
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode("ascii") + "'" for s in scripts
    )
    return (
        f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data: blob:; "
        "font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'"
    )


def _view_description(bureau: str | None, document: str | None, keyword: str | None) -> str | None:
    parts = [f"{label}：{value}" for label, value in (("文件", document), ("部门", bureau), ("关键词", keyword)) if value]
    return " · ".join(parts) or None


def render_html(
    G: nx.Graph,
    *,
    title: str | None = None,
    bureau: str | None = None,
    document: str | None = None,
    keyword: str | None = None,
) -> str:
    """The explorer page for ``G`` (or the view the options select) as one HTML string.

    Args:
        G: The NetworkX view of docs/architecture.md; not modified.
        title: Page title; by default the single document's title.
        bureau, document, keyword: A view, as in :func:`select_view`.

    Returns:
        A complete, self-contained HTML document: vis-network, script, style and data inline.

    Raises:
        ExplorerViewError: When a view option matches nothing.
    """
    view_text = _view_description(bureau, document, keyword)
    view = select_view(G, bureau=bureau, document=document, keyword=keyword) if view_text else G
    if title is not None:
        page_title = title
    else:  # a bureau or keyword view has no document node: name it after the whole graph
        page_title = default_title(view if _nodes_of_kind(view, "document") else G)
    payload = explorer_payload(view, title=page_title, view=view_text)
    template = _resource("templates", _TEMPLATE)
    vis_js = _vis_network_js()
    replacements = {
        "{{CSP}}": _content_security_policy(vis_js, *_APP_SCRIPT.findall(template)),
        "{{TITLE}}": _html.escape(page_title + (f"（{view_text}）" if view_text else ""), quote=True),
        "{{VIS_NETWORK_JS}}": vis_js,
        "{{GRAPH_JSON}}": _script_json(payload),
    }
    # one pass, so that a replacement's own text is never searched for markers
    out: list[str] = []
    rest = template
    while True:
        hits = [(rest.find(m), m) for m in replacements if rest.find(m) >= 0]
        if not hits:
            out.append(rest)
            break
        at, marker = min(hits)
        out.append(rest[:at])
        out.append(replacements[marker])
        rest = rest[at + len(marker):]
    return "".join(out)


def write_html(
    G: nx.Graph,
    path: str | os.PathLike[str],
    *,
    title: str | None = None,
    bureau: str | None = None,
    document: str | None = None,
    keyword: str | None = None,
) -> Path:
    """Write the explorer for ``G`` to ``path`` as UTF-8, atomically; return the path.

    The file is written to a temporary file in the same directory and moved into place with
    ``os.replace``, so a reader never sees half a page; the encoding is UTF-8 whatever the
    platform's default (pyvis uses the locale's, which breaks on GBK and cp1252 systems).

    Args:
        G: The NetworkX view of docs/architecture.md (``graph.network.to_network``).
        path: Where to write, e.g. ``out/graph.html``; missing directories are created.
        title, bureau, document, keyword: As in :func:`render_html`.

    Returns:
        ``path`` as a :class:`~pathlib.Path`.
    """
    page = render_html(G, title=title, bureau=bureau, document=document, keyword=keyword)
    target = write_atomic(path, page.encode("utf-8"))
    return target
