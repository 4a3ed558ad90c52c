"""graph.html: the offline explorer page, checked as text (the browser tests run it)."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from graph import html as explorer
from graph.html import ExplorerViewError, explorer_payload, render_html, select_view, write_html

REPO = Path(__file__).resolve().parents[2]
DOC = "https://example.org/cpkg/id/doc/sg2024"
DOC2 = "https://example.org/cpkg/id/doc/sg2023"
DEPT = "https://example.org/cpkg/id/org/370783/"
EVIL = '<script>alert(1)</script>培育<img src=x onerror=alert(1)>集群，详见<a href="javascript:alert(2)">链接</a> javascript:alert(3)'

# A plan in the shape of the sample (寿光市县域经济高质量发展工作方案); offsets are into PLAN_TEXT.
PLAN_TEXT = (
    "寿光市县域经济高质量发展工作方案(2024—2025年)\n"
    "为全面贯彻落实《山东省县域经济高质量发展三年行动方案(2023—2025年)》，制定本工作方案。\n"
    "二、重要举措\n"
    "（一）实施产业升级优势再造工程。\n"
    "1.培育优势产业集群。力争到2025年，市级以上中小企业特色产业集群达到5个。（责任单位：发改局、工信局）\n"
    "2.推动传统产业技改升级。技改投资年均增长8%以上。（牵头单位：工信局；配合单位：财政局）\n"
    "（二）实施科技创新引领工程。\n"
    "3.强化人才支撑。深入实施“鸢都英才”计划。（科技局牵头，人社局配合）\n"
)
M1, M2, M3 = DOC + "/~l1_2__l2_1__l3_1", DOC + "/~l1_2__l2_1__l3_2", DOC + "/~l1_2__l2_2__l3_1"


def _span(text: str, part: str, within: int = 0) -> tuple[int, int]:
    start = text.index(part, within)
    return start, start + len(part)


def plan_graph(*, measure_text: str | None = None, second_document: bool = False) -> nx.Graph:
    """The NetworkX view of docs/architecture.md, built by hand: 16 nodes, 16 edges."""
    G = nx.Graph()
    G.add_node(DOC, kind="document", label="寿光市县域经济工作方案",
               title="寿光市县域经济高质量发展工作方案(2024—2025年)", issuer="寿光市人民政府",
               date="2024-09-13", doc_number="寿政发〔2024〕9号", jurisdiction="370783")
    for key, number, title, parent in (
        (DOC + "/~l1_2", "二", "重要举措", DOC),
        (DOC + "/~l1_2__l2_1", "二.一", "实施产业升级优势再造工程", DOC + "/~l1_2"),
        (DOC + "/~l1_2__l2_2", "二.二", "实施科技创新引领工程", DOC + "/~l1_2"),
    ):
        G.add_node(key, kind="section", label=f"{number} {title}", number=number, title=title, document=DOC)
        G.add_edge(key, parent, rel="part_of")
    departments = {
        "fgj": ("发改局", "寿光市发展和改革局", ["发改局", "发展和改革局"]),
        "gxj": ("工信局", "寿光市工业和信息化局", ["工信局", "工业和信息化局"]),
        "czj": ("财政局", "寿光市财政局", ["财政局"]),
        "kjj": ("科技局", "寿光市科学技术局", ["科技局"]),
        "rsj": ("人社局", "寿光市人力资源和社会保障局", ["人社局", "人力资源和社会保障局"]),
    }
    for slug, (label, name, aliases) in departments.items():
        G.add_node(DEPT + slug, kind="department", label=label, name=name, aliases=aliases,
                   collective=False, resolved=True, bipartite=0)
    lines = PLAN_TEXT.splitlines(keepends=True)
    measures = (
        (M1, "二.一.1", "培育优势产业集群", lines[4], DOC + "/~l1_2__l2_1",
         [("fgj", "responsible", 1), ("gxj", "responsible", 2)]),
        (M2, "二.一.2", "推动传统产业技改升级", lines[5], DOC + "/~l1_2__l2_1",
         [("gxj", "lead", 1), ("czj", "support", 2)]),
        (M3, "二.二.1", "强化人才支撑", lines[7], DOC + "/~l1_2__l2_2",
         [("kjj", "lead", 1), ("rsj", "support", 2)]),
    )
    for key, number, title, line, parent, roles in measures:
        text = line.rstrip("\n")
        start = PLAN_TEXT.index(text)
        highlights = [[*_span(PLAN_TEXT, departments[slug][0], start), "department"] for slug, _, _ in roles]
        G.add_node(key, kind="measure", label=f"{number} {title}", number=number, title=title, text=text,
                   start=start, end=start + len(text), document=DOC, doc_title=G.nodes[DOC]["title"],
                   highlights=highlights, bipartite=1)
        G.add_edge(key, parent, rel="part_of")
        for slug, role, rank in roles:
            G.add_edge(DEPT + slug, key, role=role, rank=rank)
    for key, measure, subject, value, unit, comparator, evidence, sentence in (
        (M1 + "/target/1", M1, "市级以上中小企业特色产业集群", 5.0, "个", ">=", "特色产业集群达到5个",
         "力争到2025年，市级以上中小企业特色产业集群达到5个。"),
        (M2 + "/target/1", M2, "技改投资", 8.0, "%", ">=", "技改投资年均增长8%以上", "技改投资年均增长8%以上。"),
    ):
        G.add_node(key, kind="target", label=f"{subject} ≥{value:g}{unit}", subject=subject, value=value, unit=unit,
                   comparator=comparator, year=2025, frequency="年均" if unit == "%" else None, text=evidence,
                   sentence=sentence, measure=measure, document=DOC)
        G.add_edge(measure, key, rel="has_target")
        G.nodes[measure]["highlights"].append([*_span(PLAN_TEXT, evidence), "target"])
    G.add_node(DOC + "/cites/1", kind="policy", label="山东省县域经济三年行动方案",
               title="山东省县域经济高质量发展三年行动方案(2023—2025年)", doc_number=None)
    G.add_edge(DOC, DOC + "/cites/1", rel="implements")
    G.add_node(DOC + "/programme/ydyc", kind="programme", label="鸢都英才计划", name="鸢都英才计划")
    G.add_edge(M3, DOC + "/programme/ydyc", rel="programme")
    if measure_text is not None:
        G.nodes[M1]["text"] = measure_text
        G.nodes[M1]["title"] = measure_text
        G.nodes[M1]["end"] = G.nodes[M1]["start"] + len(measure_text)
        G.nodes[M1]["highlights"] = []
    if second_document:
        G.add_node(DOC2, kind="document", label="寿光市2023年工作要点", title="寿光市2023年工作要点",
                   issuer="寿光市人民政府", date="2023-03-01", doc_number="寿政办发〔2023〕3号", jurisdiction="370783")
        G.add_node(DOC2 + "/~l1_1", kind="section", label="一 工业", number="一", title="工业", document=DOC2)
        G.add_edge(DOC2 + "/~l1_1", DOC2, rel="part_of")
        G.add_node(DOC2 + "/~l1_1__l2_1", kind="measure", label="一.1 建设工业互联网", number="一.1",
                   title="建设工业互联网", text="1.建设工业互联网平台。（工信局负责）", start=10, end=29,
                   document=DOC2, doc_title="寿光市2023年工作要点", highlights=[[22, 25, "department"]], bipartite=1)
        G.add_edge(DOC2 + "/~l1_1__l2_1", DOC2 + "/~l1_1", rel="part_of")
        G.add_edge(DEPT + "gxj", DOC2 + "/~l1_1__l2_1", role="responsible", rank=1)
    return G


def data_of(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="policykg-data">(.*?)</script>', page, re.S)
    assert match, "the page carries no policykg-data script"
    return json.loads(match.group(1))


# --------------------------------------------------------------------------------------- no network


# Every way a page can make the browser fetch something.
RESOURCE_PATTERNS = [
    re.compile(r"""\b(?:src|href|srcset|action|poster|data|formaction|background)\s*=\s*["']?\s*(?:https?:)?//""", re.I),
    re.compile(r"""url\(\s*["']?\s*(?:https?:)?//""", re.I),
    re.compile(r"""@import\s+(?:url\()?\s*["']?\s*(?:https?:)?//""", re.I),
    re.compile(r"""\bimport\s*\(\s*["'](?:https?:)?//""", re.I),
    re.compile(r"""\bimport\s[^;]{0,200}?\bfrom\s*["'](?:https?:)?//""", re.I),
    re.compile(r"""\b(?:fetch|importScripts|EventSource|WebSocket)\s*\(\s*["'](?:https?:|wss?:)?//""", re.I),
    re.compile(r"""\.open\(\s*["'](?:GET|POST)["']\s*,\s*["'](?:https?:)?//""", re.I),
]


def test_html_references_no_network_resource() -> None:
    page = render_html(plan_graph())
    for pattern in RESOURCE_PATTERNS:
        hits = [page[max(0, m.start() - 40):m.end() + 40] for m in pattern.finditer(page)]
        assert hits == [], f"{pattern.pattern} matches: {hits[:3]}"
    assert re.findall(r"<(?:link|iframe|img|object|embed|base)\b", page, re.I) == []
    assert re.findall(r"<script\b[^>]*\bsrc\s*=", page, re.I) == []
    # vis-network is inlined, license header kept
    assert " * vis-network\n * https://visjs.github.io/vis-network/" in page
    assert "vis.js is dual licensed under both" in page


def test_html_csp_allows_exactly_its_own_scripts() -> None:
    page = render_html(plan_graph())
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page).group(1)
    assert csp.startswith("default-src 'none'; script-src 'sha256-")
    assert "connect-src 'none'" in csp and "unsafe-eval" not in csp and "script-src 'unsafe-inline'" not in csp
    scripts = re.findall(r"<script(?![^>]*application/json)[^>]*>(.*?)</script>", page, re.S)
    assert len(scripts) == 2  # vis-network and the explorer
    for body in scripts:
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_html_vendored_vis_network_and_license() -> None:
    static = REPO / "graph" / "static"
    js = (static / "vis-network.min.js").read_text(encoding="utf-8")
    assert js.startswith("/**\n * vis-network\n")
    assert "@version 10.1.5" in js[:400]
    assert "</script" not in js.lower()
    text = (static / "VIS-NETWORK-LICENSE").read_text(encoding="utf-8")
    assert "The MIT License (MIT)" in text and "Apache License" in text and "Version 2.0, January 2004" in text


# --------------------------------------------------------------------------------------- encoding


def test_html_write_is_utf8_under_an_ascii_locale(tmp_path: Path) -> None:
    """pyvis writes with the platform encoding (pyvis #222); we must not, so run under LC_ALL=C."""
    out = tmp_path / "out" / "graph.html"  # an ASCII path: the locale cannot even encode 页面
    script = textwrap.dedent(
        f"""
        import locale, sys
        sys.path[:0] = [{str(REPO)!r}, {str(Path(__file__).parent)!r}]
        assert locale.getpreferredencoding(False).lower() in ("ansi_x3.4-1968", "ascii"), locale.getpreferredencoding(False)
        import test_html
        from graph.html import write_html
        write_html(test_html.plan_graph(), {str(out)!r})
        """
    )
    env = {"PATH": os.environ.get("PATH", ""), "LC_ALL": "C", "LANG": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"}
    done = subprocess.run([sys.executable, "-X", "utf8=0", "-c", script], env=env, capture_output=True, cwd=REPO)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    raw = out.read_bytes()
    page = raw.decode("utf-8")  # strict: raises on anything that is not UTF-8
    assert '<meta charset="utf-8">' in page[:200]
    assert "寿光市工业和信息化局".encode("utf-8") in raw
    assert not raw.startswith(b"\xef\xbb\xbf")


def test_html_write_is_atomic_and_creates_directories(tmp_path: Path) -> None:
    out = tmp_path / "a" / "b" / "graph.html"
    assert write_html(plan_graph(), out) == out
    first = out.read_bytes()
    assert sorted(p.name for p in out.parent.iterdir()) == ["graph.html"]  # no temp file left
    assert out.stat().st_mode & 0o644 == 0o644
    # a failing render leaves the old file as it was
    with pytest.raises(ExplorerViewError):
        write_html(plan_graph(), out, bureau="不存在的局")
    assert out.read_bytes() == first
    assert sorted(p.name for p in out.parent.iterdir()) == ["graph.html"]


# --------------------------------------------------------------------------------------- escaping


def test_html_document_text_is_data_never_markup() -> None:
    page = render_html(plan_graph(measure_text=EVIL), title="<b>标题</b>")
    # the markup survives only as JSON string data, its "<" written \u003c
    for needle in ("<script>alert", "<img", 'href="javascript:', "<a href", "</b>标题"):
        assert needle not in page, needle
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page
    assert "<title>&lt;b&gt;标题&lt;/b&gt;</title>" in page
    assert '<h1 id="title">&lt;b&gt;标题&lt;/b&gt;</h1>' in page
    nodes = {n["id"]: n for n in data_of(page)["nodes"]}
    assert nodes[M1]["a"]["text"] == EVIL  # the characters survive, to be shown as text
    assert nodes[M1]["label"] == "二.一.1 培育优势产业集群"
    # the explorer puts data into the DOM with textContent only
    app = re.search(r'<script id="policykg-app">(.*?)</script>', page, re.S).group(1)
    assert re.findall(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function", app) == []


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("</script><script>alert(1)</script>", "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"),
        ("<!--", "\\u003c!--"),
        ("A&B", "A\\u0026B"),
        ("工信局", "工信局"),
    ],
)
def test_html_script_json_escapes_markup(text: str, escaped: str) -> None:
    out = explorer._script_json({"t": text})
    assert out == '{"t":"' + escaped + '"}'
    assert json.loads(out) == {"t": text}


# --------------------------------------------------------------------------------------- content


def test_html_payload_counts_every_node_and_edge() -> None:
    G = plan_graph()
    data = explorer_payload(G)
    assert (len(data["nodes"]), len(data["edges"])) == (16, 16)
    assert {k["kind"]: k["count"] for k in data["kinds"]} == {
        "document": 1, "section": 3, "measure": 3, "department": 5, "target": 2, "policy": 1, "programme": 1,
    }
    assert {r["role"]: r["count"] for r in data["roles"]} == {"lead": 2, "responsible": 2, "support": 2, "structure": 10}
    ids = [n["id"] for n in data["nodes"]]
    assert ids == list(G)
    lead = [e for e in data["edges"] if e[2] == "lead"]
    assert sorted((ids[a], ids[b], rank) for a, b, _, rank in lead) == sorted(
        [(DEPT + "gxj", M2, 1), (DEPT + "kjj", M3, 1)]
    )
    m1 = next(n for n in data["nodes"] if n["id"] == M1)
    assert m1["kind"] == "measure" and "bipartite" not in m1["a"]
    assert m1["a"]["highlights"] == [[PLAN_TEXT.index("发改局"), PLAN_TEXT.index("发改局") + 3, "department"],
                                     [PLAN_TEXT.index("工信局"), PLAN_TEXT.index("工信局") + 3, "department"],
                                     [PLAN_TEXT.index("特色产业集群达到5个"), PLAN_TEXT.index("特色产业集群达到5个") + 10, "target"]]
    text, start = m1["a"]["text"], m1["a"]["start"]
    assert [text[s - start:e - start] for s, e, _ in m1["a"]["highlights"]] == ["发改局", "工信局", "特色产业集群达到5个"]
    page_data = data_of(render_html(G))
    assert [n["id"] for n in page_data["nodes"]] == ids and len(page_data["edges"]) == 16


def test_html_legend_has_a_colour_and_shape_per_kind() -> None:
    data = explorer_payload(plan_graph())
    kinds = [(k["kind"], k["name"]) for k in data["kinds"]]
    assert kinds == [("document", "文件"), ("section", "章节"), ("measure", "措施"), ("department", "部门"),
                     ("target", "指标"), ("policy", "引用政策"), ("programme", "工程/项目")]
    assert len({k["color"] for k in data["kinds"]}) == 7
    assert len({k["shape"] for k in data["kinds"]}) == 7
    roles = {r["role"]: r for r in data["roles"]}
    assert [r["name"] for r in data["roles"]] == ["牵头", "责任", "配合", "结构与引用"]
    assert roles["lead"]["width"] > roles["responsible"]["width"] == roles["support"]["width"]
    assert (roles["lead"]["dashes"], roles["responsible"]["dashes"], roles["support"]["dashes"]) == (False, False, True)


def test_html_unknown_kind_gets_an_other_legend_entry() -> None:
    G = plan_graph()
    G.add_node("x:1", kind="attachment", label="附件1")
    kinds = explorer_payload(G)["kinds"]
    assert kinds[-1] == {"kind": "attachment", "name": "其他（attachment）", "color": "#9d9d9d", "shape": "dot", "count": 1}


def test_html_default_title_is_the_documents() -> None:
    assert data_of(render_html(plan_graph()))["title"] == "寿光市县域经济高质量发展工作方案(2024—2025年)"
    assert data_of(render_html(plan_graph(second_document=True)))["title"] == "政策知识图谱"
    page = render_html(plan_graph(), bureau="工信局")
    assert "<title>寿光市县域经济高质量发展工作方案(2024—2025年)（部门：工信局）</title>" in page
    assert data_of(page)["view"] == "部门：工信局"


# --------------------------------------------------------------------------------------- views


def test_html_bureau_view_is_department_measures_targets_and_partners() -> None:
    V = select_view(plan_graph(), bureau="工信局")
    assert sorted(V) == sorted([DEPT + "gxj", M1, M2, DEPT + "fgj", DEPT + "czj", M1 + "/target/1", M2 + "/target/1"])
    assert V.number_of_edges() == 6
    assert V.edges[DEPT + "gxj", M2]["role"] == "lead"
    assert sorted(select_view(plan_graph(), bureau="寿光市工业和信息化局")) == sorted(V)
    assert sorted(render_node_ids(plan_graph(), bureau="工信局")) == sorted(V)


def render_node_ids(G: nx.Graph, **view: str) -> list[str]:
    return [n["id"] for n in data_of(render_html(G, **view))["nodes"]]


def test_html_keyword_view_is_matching_measures_and_their_departments() -> None:
    V = select_view(plan_graph(), keyword="人才")
    assert sorted(V) == sorted([M3, DEPT + "kjj", DEPT + "rsj"])
    V = select_view(plan_graph(), keyword="技改投资")
    assert sorted(V) == sorted([M2, DEPT + "gxj", DEPT + "czj", M2 + "/target/1"])


def test_html_document_view_keeps_one_document() -> None:
    G = plan_graph(second_document=True)
    assert G.number_of_nodes() == 19
    V = select_view(G, document=DOC2)
    assert sorted(V) == sorted([DOC2, DOC2 + "/~l1_1", DOC2 + "/~l1_1__l2_1", DEPT + "gxj"])
    assert sorted(select_view(G, document="寿政发〔2024〕9号")) == sorted(plan_graph())
    assert sorted(select_view(G, document="sg2024")) == sorted(plan_graph())
    # views narrow in turn: the bureau's part of one document
    V = select_view(G, document=DOC2, bureau="工信局")
    assert sorted(V) == sorted([DEPT + "gxj", DOC2 + "/~l1_1__l2_1"])


@pytest.mark.parametrize(
    ("view", "message"),
    [
        ({"bureau": "不存在的局"}, "不存在的局"),
        ({"document": "no-such-doc"}, "--document 'no-such-doc' matches no document"),
        ({"keyword": "航天"}, "航天"),
    ],
)
def test_html_view_that_matches_nothing_says_so(view: dict[str, str], message: str) -> None:
    with pytest.raises(ExplorerViewError, match=re.escape(message)):
        select_view(plan_graph(), **view)


def test_html_fallback_department_match_refuses_to_guess() -> None:
    G = plan_graph()
    assert explorer._fallback_find_department(G, "工信") == DEPT + "gxj"
    assert explorer._fallback_find_department(G, "寿光市财政局") == DEPT + "czj"
    with pytest.raises(ExplorerViewError, match=r"--bureau '局' matches 5 departments \(寿光市"):
        explorer._fallback_find_department(G, "局")
    assert explorer._fallback_keyword_measures(G, "集群") == [M1]


# --------------------------------------------------------------------------------------- layout


def test_html_layout_is_deterministic_and_spread() -> None:
    G = plan_graph()
    first, second = explorer.layout_positions(G), explorer.layout_positions(G)
    assert first == second
    points = list(first.values())
    assert len(points) == 16 and len({(round(x), round(y)) for x, y in points}) == 16
    xs = [x for x, _ in points]
    assert max(xs) - min(xs) > 200  # px: labels need room


def test_html_structured_layout_places_every_node_of_a_large_graph() -> None:
    G = nx.Graph()
    for d in range(6):
        doc = f"doc{d}"
        G.add_node(doc, kind="document", label=doc)
        for s in range(10):
            sec = f"{doc}/s{s}"
            G.add_node(sec, kind="section", label=sec, document=doc)
            G.add_edge(sec, doc, rel="part_of")
            for m in range(10):
                mea = f"{sec}/m{m}"
                G.add_node(mea, kind="measure", label=mea, document=doc, bipartite=1)
                G.add_edge(mea, sec, rel="part_of")
                G.add_edge(mea, f"dept{(d * 7 + s + m) % 40}", role="lead")
    for k in range(40):
        G.nodes[f"dept{k}"].update(kind="department", label=f"部门{k}", bipartite=0)
    G.add_node("lonely", kind="policy", label="孤立的政策")
    assert G.number_of_nodes() == 6 + 60 + 600 + 40 + 1 > explorer.SPRING_MAX_NODES
    pos = explorer.layout_positions(G)
    assert set(pos) == set(G)
    assert len({(round(x), round(y)) for x, y in pos.values()}) == G.number_of_nodes()


# --------------------------------------------------------------------------------------- CLI


def test_html_command_without_a_graph_says_what_to_do(tmp_path: Path) -> None:
    from graph.cli import cli

    result = CliRunner().invoke(cli, ["html", "--graph", str(tmp_path / "nothing")], catch_exceptions=False)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: No graph at {str(tmp_path / 'nothing')!r}. Run `policykg build` first, "
        "or point --graph at its output directory.\n"
    )


def test_html_command_help_lists_views() -> None:
    from graph.cli import cli

    result = CliRunner().invoke(cli, ["html", "--help"], catch_exceptions=False)
    assert result.exit_code == 0
    for option in ("--graph", "--out", "--bureau NAME", "--document ID", "--keyword X", "out/graph.html"):
        assert option in result.output


def test_html_command_writes_the_bureau_view_of_a_built_graph(tmp_path: Path) -> None:
    """policykg html over what `policykg build` writes (graph.trig), for the bundled sample."""
    store = pytest.importorskip("graph.store", reason="graph.store (save/load of out/graph.trig) is not written yet")
    pipeline = pytest.importorskip("extract.pipeline")
    from graph.cli import cli
    from graph.network import to_network
    from graph.rdf import to_dataset

    dataset = to_dataset([pipeline.extract_file(REPO / "extract" / "data" / "shouguang_county_economy_plan_2024.txt")])
    store.save(dataset, tmp_path / "out")
    expected = select_view(to_network(dataset), bureau="工信局")
    out = tmp_path / "out" / "gxj.html"
    result = CliRunner().invoke(cli, ["html", "--graph", str(tmp_path / "out"), "--out", str(out), "--bureau", "工信局"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"Wrote {out} ({expected.number_of_nodes()} nodes, {expected.number_of_edges()} edges).\n"
    )
    data = data_of(out.read_text(encoding="utf-8"))
    assert sorted(n["id"] for n in data["nodes"]) == sorted(expected)
    assert data["view"] == "部门：工信局"
    result = CliRunner().invoke(cli, ["html", "--graph", str(tmp_path / "out"), "--bureau", "工兴局"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: --bureau '工兴局': no department matches '工兴局'; did you mean: ")


def test_html_views_use_graph_lookup_when_it_is_there(monkeypatch: pytest.MonkeyPatch) -> None:
    """--keyword is what `policykg shared X` finds: a measure number works as well as a word."""
    lookup = pytest.importorskip("graph.lookup")
    G = plan_graph()
    assert sorted(select_view(G, keyword="二.一.2")) == sorted([M2, DEPT + "gxj", DEPT + "czj", M2 + "/target/1"])
    monkeypatch.setattr(explorer, "_lookup", lambda: None)  # without graph.lookup: the substring fallback
    with pytest.raises(ExplorerViewError, match=r"--keyword '二.一.2' matches no measure"):
        select_view(G, keyword="二.一.2")
    assert lookup.resolve_department(G, "工信局") == DEPT + "gxj"
