"""The explorer page in a real browser: Debian's headless Chromium, driven by Playwright.

The page is opened from a file:// URL with every other request refused, so a page that needed
the network would show up here as a blocked request or a missing ``vis`` global. Where Chromium
or Playwright is missing the tests are skipped with the reason, never passed.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from graph.html import write_html

try:
    from .test_html import DEPT, DOC, EVIL, M1, M2, PLAN_TEXT, plan_graph
except ImportError:  # tests/graph is not a package: pytest put its directory on sys.path
    from test_html import DEPT, DOC, EVIL, M1, M2, PLAN_TEXT, plan_graph

CHROMIUM = os.environ.get("POLICYKG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
SAMPLE = Path(__file__).resolve().parents[2] / "extract" / "data" / "shouguang_county_economy_plan_2024.txt"

try:
    from playwright.sync_api import Browser, Page, sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    pytest.skip("Playwright for Python is not installed (pip install playwright; "
                "never `playwright install`, the tests use Debian's chromium)", allow_module_level=True)
if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)) and not shutil.which("chromium"):
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install -y chromium fonts-wqy-microhei)", allow_module_level=True)


@dataclass
class Opened:
    page: Page
    requests: list[str] = field(default_factory=list)  # every URL the page asked for
    blocked: list[str] = field(default_factory=list)  # the non-file ones, refused
    errors: list[str] = field(default_factory=list)  # uncaught exceptions and console errors
    dialogs: list[str] = field(default_factory=list)  # alert/confirm/prompt: data must never open one

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = CHROMIUM if os.path.isfile(CHROMIUM) else shutil.which("chromium")
    with sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        except Exception as exc:  # pragma: no cover - a broken browser install
            pytest.skip(f"Chromium at {executable} does not start under Playwright: {exc}")
        yield b
        b.close()


@pytest.fixture
def open_page(browser: Browser, tmp_path: Path) -> Iterator[Any]:
    contexts = []

    def _open(G: Any, name: str = "graph.html", **options: Any) -> Opened:
        path = write_html(G, tmp_path / name, **options)
        context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
        contexts.append(context)
        page = context.new_page()
        opened = Opened(page)

        def route(r: Any) -> None:
            url = r.request.url
            opened.requests.append(url)
            if url.startswith("file:"):
                r.continue_()
            else:
                opened.blocked.append(url)
                r.abort()

        page.route("**/*", route)
        page.on("pageerror", lambda e: opened.errors.append(f"pageerror: {e}"))
        page.on("console", lambda m: opened.errors.append(f"console: {m.text}") if m.type == "error" else None)
        page.on("dialog", lambda d: (opened.dialogs.append(d.message), d.dismiss()))
        page.goto(path.as_uri())
        # a selector wait: polling wait_for_function evaluates strings, which the page's CSP forbids
        page.wait_for_selector("body[data-ready='1']", state="attached", timeout=15_000)
        return opened

    yield _open
    for c in contexts:
        c.close()


def click_node(o: Opened, iri: str) -> None:
    """A real mouse click on the node's position on the canvas."""
    x, y = o.js(
        """iri => {
          const i = policykg.data.nodes.findIndex(n => n.id === iri);
          const p = policykg.network.canvasToDOM(policykg.network.getPositions([i])[i]);
          const r = document.getElementById('graph').getBoundingClientRect();
          return [r.left + p.x, r.top + p.y];
        }""",
        iri,
    )
    o.page.mouse.click(x, y)


def bright_nodes(o: Opened) -> set[str]:
    """The nodes drawn at full opacity (all of them when nothing is selected)."""
    pairs = o.js("policykg.data.nodes.map((n, i) => [n.id, policykg.nodes.get(i).opacity])")
    return {iri for iri, opacity in pairs if opacity in (None, 1)}


def panel_links(o: Opened) -> list[str]:
    return o.page.locator("#panel-body .node-link").all_inner_texts()


def test_browser_page_draws_every_node_offline(open_page: Any) -> None:
    o = open_page(plan_graph())
    assert o.js("policykg.nodes.length") == 16
    assert o.js("policykg.edges.length") == 16
    assert (o.js("policykg.visibleNodes()"), o.js("policykg.visibleEdges()")) == (16, 16)
    assert o.page.inner_text("#stats") == "16 个节点 · 16 条边"
    assert o.page.inner_text("h1#title") == "寿光市县域经济高质量发展工作方案(2024—2025年)"
    assert o.js("document.querySelectorAll('#graph canvas').length") == 1
    assert (o.blocked, o.errors, o.js("policykg.cspViolations")) == ([], [], [])
    assert len(o.requests) == 1 and o.requests[0].startswith("file://")  # the page itself, nothing else


def test_browser_legend_lists_kinds_and_roles_and_filters(open_page: Any) -> None:
    o = open_page(plan_graph())
    kinds = o.page.locator("#legend-kinds li").all_inner_texts()
    assert [" ".join(k.split()) for k in kinds] == ["文件 1", "章节 3", "措施 3", "部门 5", "指标 2", "引用政策 1", "工程/项目 1"]
    roles = o.page.locator("#legend-roles li").all_inner_texts()
    assert [" ".join(r.split()) for r in roles] == ["牵头 2", "责任 2", "配合 2", "结构与引用 10"]
    assert o.page.locator("#legend-kinds li svg").count() == 7
    assert o.page.get_attribute("#legend-roles li[data-key=support] line", "stroke-dasharray") == "6 4"
    o.page.locator("#legend-kinds li[data-key=department] input").uncheck()
    assert o.js("policykg.visibleNodes()") == 11
    o.page.locator("#legend-roles li[data-key=support] input").uncheck()
    assert o.js("policykg.visibleEdges()") == 14
    o.page.locator("#legend-kinds li[data-key=department] input").check()
    assert o.js("policykg.visibleNodes()") == 16


def test_browser_search_finds_a_department_by_part_of_its_alias(open_page: Any) -> None:
    o = open_page(plan_graph())
    o.page.fill("#search", "工信")
    assert o.page.inner_text("#search-count") == "找到 1 个节点"
    assert o.page.locator("#search-results button").all_inner_texts() == ["部门寿光市工业和信息化局"]
    o.page.fill("#search", "人力资源")  # an alias of 人社局, not in its label
    assert o.page.locator("#search-results button").all_inner_texts() == ["部门寿光市人力资源和社会保障局"]
    o.page.fill("#search", "人社保障")  # no substring, but its characters in order: 人(力资源和)社(会)保障局
    assert o.page.locator("#search-results button").all_inner_texts() == ["部门寿光市人力资源和社会保障局"]
    o.page.fill("#search", "科信局")
    assert o.page.inner_text("#search-count") == "没有匹配的节点"
    o.page.fill("#search", "工信")
    o.page.press("#search", "Enter")
    assert o.js("policykg.selected") == DEPT + "gxj"
    assert o.page.inner_text("#panel-body h2") == "寿光市工业和信息化局"


def test_browser_click_on_a_measure_shows_its_evidence(open_page: Any) -> None:
    o = open_page(plan_graph())
    click_node(o, M1)
    assert o.js("policykg.selected") == M1
    panel = o.page.locator("#panel-body")
    assert panel.locator("h2").inner_text() == "二.一.1 培育优势产业集群"
    text = PLAN_TEXT.splitlines()[4]
    assert panel.locator(".source").inner_text() == text
    assert panel.locator("mark.hl-department").all_inner_texts() == ["发改局", "工信局"]
    assert panel.locator("mark.hl-target").all_inner_texts() == ["特色产业集群达到5个"]
    start = PLAN_TEXT.index(text)
    assert f"第 {start}–{start + len(text)} 字" in panel.inner_text()
    assert panel_links(o) == ["寿光市发展和改革局", "寿光市工业和信息化局", "市级以上中小企业特色产业集群 不低于（≥） 5个 （2025年）",
                              "二.一 实施产业升级优势再造工程"]
    assert panel.locator("ul.links li .role-badge").all_inner_texts()[:2] == ["责任", "责任"]
    # the neighbourhood stays bright, the rest is dimmed
    assert bright_nodes(o) == {M1, DEPT + "fgj", DEPT + "gxj", M1 + "/target/1", DOC + "/~l1_2__l2_1"}
    # the panel is ordinary, selectable text
    assert o.js("getComputedStyle(document.getElementById('panel')).userSelect") == "text"
    selected = o.js("""() => { const r = document.createRange(); r.selectNodeContents(document.querySelector('#panel-body .source'));
                        const s = getSelection(); s.removeAllRanges(); s.addRange(r); return s.toString(); }""")
    assert selected == text


def test_browser_department_panel_groups_obligations_and_links_to_them(open_page: Any) -> None:
    o = open_page(plan_graph())
    click_node(o, DEPT + "gxj")
    panel = o.page.locator("#panel-body")
    assert panel.locator("h2").inner_text() == "寿光市工业和信息化局"
    assert "工信局、工业和信息化局" in panel.inner_text()
    groups = panel.locator("h3.role-group").all_inner_texts()
    assert [" ".join(g.split()) for g in groups] == ["牵头1 项", "责任1 项"]
    assert panel_links(o) == ["二.一.2 推动传统产业技改升级", "二.一.1 培育优势产业集群"]
    panel.locator(".node-link", has_text="推动传统产业技改升级").click()
    assert o.js("policykg.selected") == M2
    assert o.js("policykg.network.getSelectedNodes()") == [o.js(f"policykg.data.nodes.findIndex(n => n.id === {M2!r})")]
    assert panel.locator("h2").inner_text() == "二.一.2 推动传统产业技改升级"
    assert panel.locator("mark.hl-target").all_inner_texts() == ["技改投资年均增长8%以上"]
    # the highlight moved from 工信局's neighbourhood to the measure's
    assert bright_nodes(o) == {M2, DEPT + "gxj", DEPT + "czj", M2 + "/target/1", DOC + "/~l1_2__l2_1"}
    o.page.mouse.click(*o.js("() => { const r = document.getElementById('graph').getBoundingClientRect(); "
                             "return [r.left + 5, r.bottom - 5]; }"))  # empty canvas: clear
    assert o.js("policykg.selected") is None
    assert len(bright_nodes(o)) == 16
    assert o.page.inner_text("#panel-body") == "点击图中的节点，查看原文、责任部门和指标。"


def test_browser_target_panel_shows_value_unit_comparator_deadline_sentence(open_page: Any) -> None:
    o = open_page(plan_graph())
    assert o.js(f"policykg.focus({M2 + '/target/1'!r})") is True
    panel = o.page.locator("#panel-body")
    rows = dict(zip(panel.locator("dt").all_inner_texts(), panel.locator("dd").all_inner_texts()))
    assert rows == {"指标": "技改投资", "目标值": "8", "单位": "%", "比较": "不低于（≥）", "期限": "2025年",
                    "频度": "年均", "原文": "技改投资年均增长8%以上"}
    assert panel.locator(".source").inner_text() == "技改投资年均增长8%以上。"
    assert panel.locator(".source mark").all_inner_texts() == ["技改投资年均增长8%以上"]
    assert panel_links(o) == ["二.一.2 推动传统产业技改升级"]


def test_browser_malicious_document_shows_characters_and_runs_nothing(open_page: Any) -> None:
    G = plan_graph(measure_text=EVIL)
    o = open_page(G, title='<img src=x onerror="alert(8)">方案')
    assert o.page.inner_text("h1#title") == '<img src=x onerror="alert(8)">方案'
    click_node(o, M1)
    panel = o.page.locator("#panel-body")
    assert panel.locator(".source").inner_text() == EVIL
    o.page.fill("#search", "<script>")
    assert o.page.locator("#search-results button").all_inner_texts() == ["措施二.一.1 " + EVIL]
    o.page.locator("#search-results button").first.click()
    o.page.wait_for_timeout(300)  # give any injected handler the chance it must not take
    assert o.js("document.querySelectorAll('body img, body a, body iframe').length") == 0
    assert o.js("document.querySelectorAll('script').length") == 3  # data, vis-network, explorer
    assert (o.dialogs, o.blocked, o.errors) == ([], [], [])
    assert len(o.requests) == 1


def test_browser_sample_plan(open_page: Any) -> None:
    """The bundled 寿光市县域经济高质量发展工作方案, through the whole chain."""
    pipeline = pytest.importorskip("extract.pipeline", reason="extract.pipeline (the extractor) is not written yet")
    rdf = pytest.importorskip("graph.rdf")
    network = pytest.importorskip("graph.network")
    G = network.to_network(rdf.to_dataset([pipeline.extract_file(SAMPLE)]))
    o = open_page(G)
    assert o.js("policykg.nodes.length") == G.number_of_nodes()
    assert o.js("policykg.edges.length") == G.number_of_edges()
    assert (o.blocked, o.errors, o.js("policykg.cspViolations")) == ([], [], [])
    o.page.fill("#search", "工信")
    assert o.page.locator("#search-results button").first.inner_text() == "部门寿光市工业和信息化局"
    measure = next(m for m, a in G.nodes(data=True) if a["kind"] == "measure" and a.get("number") == "二.一.1")
    click_node(o, measure)
    panel = o.page.locator("#panel-body")
    assert panel.locator(".source").inner_text() == G.nodes[measure]["text"]
    assert panel.locator("h2").inner_text() == f"二.一.1 {G.nodes[measure]['title']}"
    assert sorted(panel.locator("mark.hl-department").all_inner_texts()) == ["发改局", "工信局"]
    assert [" ".join(k.split()).split(" ")[0] for k in o.page.locator("#legend-kinds li").all_inner_texts()] == [
        "文件", "章节", "措施", "部门", "指标", "引用政策", "工程/项目"]
