"""How fast the explorer is written and opened: python bench/bench_html.py [--sizes 500,5000,20000].

For synthetic corpora shaped like the sample plan (per document: sections, measures with 1–3
departments each, targets, programmes, cited policies; departments shared across documents),
it times graph.html.write_html (layout, JSON, file) and reports the file size; then it opens
the 5,000-node page (and, with --browser-sizes, others) in headless Chromium from a file://
URL with the network blocked, and times until the page is interactive (first frame drawn) and
how long a click on a measure takes to fill the side panel.

Goals (issue 5): 20,000 nodes written in under 2 s; the 5,000-node page interactive in under 5 s.
Not a test: numbers depend on the machine. Prints a table.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph.html import SPRING_MAX_NODES, explorer_payload, layout_positions, write_html  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
GOAL_WRITE_20K = 2.0
GOAL_INTERACTIVE_5K = 5.0

_TEXT = ("加强省“十强”产业“雁阵形”产业集群建设和培育，持续壮大品质蔬菜产业集群和高端化工产业集群。"
         "力争到2025年，市级以上中小企业特色产业集群达到5个。")
_DEPTS = ["发改局", "工信局", "财政局", "科技局", "人社局", "商务局", "农业农村局", "生态环境局", "文旅局", "住建局",
          "自然资源局", "交通运输局", "水利局", "教育局", "卫健局", "市场监管局", "应急局", "统计局", "审批服务局", "金融服务中心"]


def synthetic_corpus(n_nodes: int, seed: int = 1) -> nx.Graph:
    """A graph of exactly ``n_nodes`` nodes in the NetworkX view's shape (docs/architecture.md)."""
    rng = random.Random(seed)
    G = nx.Graph()
    n_depts = max(20, n_nodes // 25)
    for k in range(n_depts):
        short = _DEPTS[k % len(_DEPTS)] + ("" if k < len(_DEPTS) else str(k // len(_DEPTS)))
        G.add_node(f"org/{k}", kind="department", label=short, name=f"某某市{short}", aliases=[short],
                   collective=False, resolved=True, bipartite=0)
    depts = list(G)
    d = 0
    while G.number_of_nodes() < n_nodes:
        doc = f"doc/{d}"
        G.add_node(doc, kind="document", label=f"工作方案{d}", title=f"某某市第{d}号工作方案", issuer="某某市人民政府",
                   date="2024-09-13", doc_number=f"某政发〔2024〕{d}号", jurisdiction="370783")
        for p in range(2):
            G.add_node(f"{doc}/policy/{p}", kind="policy", label=f"上级方案{p}", title=f"上级行动方案{p}", doc_number=None)
            G.add_edge(doc, f"{doc}/policy/{p}", rel="implements" if p == 0 else "cites")
        offset = 0
        for s in range(8):
            sec = f"{doc}/~s{s}"
            G.add_node(sec, kind="section", label=f"二.{s + 1} 实施第{s + 1}项工程", number=f"二.{s + 1}",
                       title=f"实施第{s + 1}项工程", document=doc)
            G.add_edge(sec, doc, rel="part_of")
            for m in range(5):
                if G.number_of_nodes() >= n_nodes:
                    break
                mea = f"{sec}__m{m}"
                text = f"{m + 1}.{_TEXT}（责任单位：{_DEPTS[m]}）"
                G.add_node(mea, kind="measure", label=f"二.{s + 1}.{m + 1} 培育优势产业集群", number=f"二.{s + 1}.{m + 1}",
                           title="培育优势产业集群", text=text, start=offset, end=offset + len(text), document=doc,
                           doc_title=f"某某市第{d}号工作方案",
                           highlights=[[offset + len(text) - 4, offset + len(text) - 1, "department"]], bipartite=1)
                offset += len(text) + 1
                G.add_edge(mea, sec, rel="part_of")
                for rank, dept in enumerate(rng.sample(depts, rng.randint(1, 3)), start=1):
                    G.add_edge(dept, mea, role="lead" if rank == 1 else "support", rank=rank)
                if m < 4 and G.number_of_nodes() < n_nodes:
                    t = f"{mea}/target/1"
                    G.add_node(t, kind="target", label="特色产业集群 >=5个", subject="特色产业集群", value=5.0, unit="个",
                               comparator=">=", year=2025, frequency=None, text="特色产业集群达到5个",
                               sentence="力争到2025年，市级以上中小企业特色产业集群达到5个。", measure=mea, document=doc)
                    G.add_edge(mea, t, rel="has_target")
            if s % 2 == 0 and G.number_of_nodes() < n_nodes:
                prog = f"{doc}/programme/{s}"
                G.add_node(prog, kind="programme", label=f"专项行动{s}", name=f"专项行动{s}")
                G.add_edge(prog, f"{sec}__m0", rel="programme")
        d += 1
    while G.number_of_nodes() > n_nodes:  # the last block may overshoot by its policies
        G.remove_node(next(n for n in reversed(list(G)) if G.nodes[n]["kind"] in ("policy", "programme", "target")))
    return G


def time_write(G: nx.Graph, out: Path, repeat: int) -> dict[str, float]:
    layouts, writes = [], []
    for _ in range(repeat):
        t = time.perf_counter()
        layout_positions(G)
        layouts.append(time.perf_counter() - t)
        t = time.perf_counter()
        write_html(G, out)
        writes.append(time.perf_counter() - t)
    t = time.perf_counter()
    explorer_payload(G)
    payload = time.perf_counter() - t
    return {"layout": min(layouts), "payload": payload, "write": min(writes), "write_median": statistics.median(writes),
            "size": out.stat().st_size}


def time_browser(paths: dict[int, Path], G_by_size: dict[int, nx.Graph], repeat: int) -> dict[int, dict[str, float]]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("(browser timings skipped: Playwright for Python is not installed)")
        return {}
    if not Path(CHROMIUM).exists():
        print(f"(browser timings skipped: no Chromium at {CHROMIUM})")
        return {}
    results: dict[int, dict[str, float]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for size, path in paths.items():
            G = G_by_size[size]
            measure = next(n for n, k in G.nodes(data="kind") if k == "measure")
            opens, clicks = [], []
            for _ in range(repeat):
                context = browser.new_context(viewport={"width": 1400, "height": 900})
                page = context.new_page()
                page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
                t = time.perf_counter()
                page.goto(path.as_uri(), wait_until="commit")
                # selector waits, not wait_for_function: the page's CSP forbids the eval that polling uses
                page.wait_for_selector("body[data-ready='1']", state="attached", timeout=60_000)
                opens.append(time.perf_counter() - t)
                # a real click on a measure, until its panel shows
                x, y = page.evaluate(
                    """iri => { const i = policykg.data.nodes.findIndex(n => n.id === iri);
                       policykg.network.moveTo({position: policykg.network.getPositions([i])[i], scale: 1, animation: false});
                       const p = policykg.network.canvasToDOM(policykg.network.getPositions([i])[i]);
                       const r = document.getElementById('graph').getBoundingClientRect();
                       return [r.left + p.x, r.top + p.y]; }""",
                    measure,
                )
                page.wait_for_timeout(200)
                t = time.perf_counter()
                page.mouse.click(x, y)
                page.wait_for_selector("#panel-body[data-kind=measure] .source", state="attached", timeout=30_000)
                page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
                clicks.append(time.perf_counter() - t)
                context.close()
            results[size] = {"interactive": min(opens), "click": min(clicks)}
        browser.close()
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="500,5000,20000", help="node counts to write (default 500,5000,20000)")
    ap.add_argument("--browser-sizes", default="5000", help="node counts to open in Chromium ('' for none)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per size; the best is reported")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    browser_sizes = [int(s) for s in args.browser_sizes.split(",") if s]
    out_dir = Path(tempfile.mkdtemp(prefix="bench_html."))
    graphs, paths, rows = {}, {}, []
    for n in sorted(set(sizes) | set(browser_sizes)):
        G = graphs[n] = synthetic_corpus(n)
        path = paths[n] = out_dir / f"graph-{n}.html"
        r = time_write(G, path, args.repeat)
        rows.append((n, G.number_of_edges(), r))
    browser = time_browser({n: paths[n] for n in browser_sizes}, graphs, args.repeat) if browser_sizes else {}

    print(f"\nexplorer benchmark (best of {args.repeat}; spring layout up to {SPRING_MAX_NODES} nodes, "
          "structured layout above)")
    head = f"{'nodes':>7} {'edges':>7} {'layout s':>9} {'payload s':>10} {'write s':>8} {'size MB':>8} " \
           f"{'interactive s':>14} {'click s':>8}"
    print(head)
    print("-" * len(head))
    for n, e, r in rows:
        b = browser.get(n, {})
        inter = f"{b['interactive']:.2f}" if b else "-"
        click = f"{b['click']:.2f}" if b else "-"
        print(f"{n:>7} {e:>7} {r['layout']:>9.3f} {r['payload']:>10.3f} {r['write']:>8.3f} {r['size'] / 1e6:>8.2f} "
              f"{inter:>14} {click:>8}")
    verdicts = []
    big = next((r for n, _, r in rows if n == 20000), None)
    if big:
        verdicts.append(f"20,000 nodes written in {big['write']:.2f} s (goal < {GOAL_WRITE_20K} s): "
                        f"{'met' if big['write'] < GOAL_WRITE_20K else 'MISSED'}")
    if 5000 in browser:
        t = browser[5000]["interactive"]
        verdicts.append(f"5,000-node page interactive in {t:.2f} s (goal < {GOAL_INTERACTIVE_5K} s): "
                        f"{'met' if t < GOAL_INTERACTIVE_5K else 'MISSED'}")
    print("\n".join(verdicts))
    print(f"pages in {out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
