"""Benchmark of the NetworkX layer on a generated corpus (not a test).

    python bench/bench_network.py                 # 2,000 departments × 200,000 measures
    python bench/bench_network.py --quick         # 200 × 20,000, a few seconds
    python bench/bench_network.py --skip-networkx # without the (slow) networkx reference

What it measures:
* the co-responsibility projection (graph.network.co_responsibility, a sparse matrix product)
  against networkx's bipartite.weighted_projected_graph, and checks the weights are identical;
* the directed lead→support projection;
* lookups after load (p50 / p95 over repeated calls): a keyword query, a department
  obligations list, partners, targets by deadline;
* to_network on an RDF dataset (graph.rdf-shaped triples), at a smaller size, since rdflib
  holds ~40 triples per measure in memory;
* peak memory (tracemalloc) of the network and of the projection.

The corpus: departments are drawn with a Zipf-like weight (a few bureaus such as 发改局 are named
everywhere, most rarely), 1–4 per measure (mean 2.5); the first is the lead in 60% of
measures, the rest support; 30% of measures have a target.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import networkx as nx
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph import lookup, network as net  # noqa: E402

ID = "https://w3id.org/cpkg/id/"
WORDS = ("人才", "科技", "创新", "产业", "数字", "绿色", "低碳", "农业", "蔬菜", "金融", "园区", "招商", "就业", "教育",
         "医疗", "养老", "交通", "物流", "能源", "生态", "文旅", "消费", "外贸", "改革", "营商", "环境", "土地", "财政")


def generate(n_depts: int, n_measures: int, seed: int = 0) -> nx.Graph:
    """A graph in the shape of to_network's output (docs/architecture.md), without the RDF."""
    rng = np.random.default_rng(seed)
    G = nx.Graph()
    weights = 1.0 / np.arange(1, n_depts + 1) ** 0.8
    weights /= weights.sum()
    depts = [f"{ID}org/370783/d{i:04d}" for i in range(n_depts)]
    for i, d in enumerate(depts):
        G.add_node(d, kind="department", label=f"部门{i}局", name=f"寿光市部门{i}局", aliases=[f"部门{i}局", f"市部门{i}局"],
                   collective=False, resolved=True, bipartite=0)
    n_docs = max(1, n_measures // 250)
    for k in range(n_docs):
        G.add_node(f"{ID}doc/{k}", kind="document", label=f"工作方案{k}", title=f"工作方案{k}", issuer="寿光市人民政府",
                   date="2024-09-13", doc_number=None, jurisdiction="寿光市")
    sizes = rng.choice([1, 2, 3, 4], size=n_measures, p=[0.15, 0.35, 0.35, 0.15])  # mean 2.5
    words = rng.integers(0, len(WORDS), size=(n_measures, 3))
    for j in range(n_measures):
        doc = f"{ID}doc/{j % n_docs}"
        m = f"{doc}/~m{j}"
        number = f"{j // 100 % 10 + 1}.{j % 100 + 1}"
        text = f"{number}.推进{WORDS[words[j, 0]]}{WORDS[words[j, 1]]}工作，加强{WORDS[words[j, 2]]}建设。"
        G.add_node(m, kind="measure", label=number, number=number, title=f"推进{WORDS[words[j, 0]]}", text=text,
                   start=j * 50, end=j * 50 + len(text), document=doc, doc_title=G.nodes[doc]["title"], highlights=[],
                   bipartite=1)
        G.add_edge(m, doc, rel="part_of")
        chosen = rng.choice(n_depts, size=sizes[j], replace=False, p=weights)
        has_lead = rng.random() < 0.6
        for rank, d in enumerate(chosen, start=1):
            role = ("lead" if rank == 1 else "support") if has_lead else "responsible"
            G.add_edge(depts[d], m, role=role, rank=rank)
        if rng.random() < 0.3:
            t = f"{m}/target/t"
            G.add_node(t, kind="target", label="指标", subject=f"{WORDS[words[j, 1]]}指标", value=float(j % 100),
                       unit="个", comparator=">=", year=2024 + j % 3, frequency=None, text="指标", sentence="指标",
                       measure=m, section=m, document=doc, start=None, end=None)
            G.add_edge(m, t, rel="has_target")
    return G


def timed(fn, *args, repeat: int = 1):
    times, result = [], None
    for _ in range(repeat):
        gc.collect()
        t = time.perf_counter()
        result = fn(*args)
        times.append(time.perf_counter() - t)
    return min(times), result


def percentile(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]


def rdf_dataset(n_depts: int, n_measures: int, seed: int = 1):
    """An rdflib Dataset in graph/rdf.py's model (measures, qualified responsibilities, shortcuts)."""
    from rdflib import RDF, Dataset, Literal, URIRef
    from rdflib.namespace import PROV, SKOS

    from ontology.namespace import CPKG, ROLE

    dcat_role = URIRef("http://www.w3.org/ns/dcat#hadRole")
    eli = "http://data.europa.eu/eli/ontology#"
    rng = np.random.default_rng(seed)
    ds = Dataset()
    g = ds.graph(URIRef(ID + "graph/doc"))
    shared = ds.graph(URIRef(ID + "graph/shared"))
    doc = URIRef(ID + "doc/bench")
    g.add((doc, RDF.type, CPKG.PolicyDocument))
    g.add((doc, URIRef(eli + "is_realized_by"), URIRef(ID + "doc/bench/zh")))
    depts = [URIRef(f"{ID}org/370783/d{i}") for i in range(n_depts)]
    for i, d in enumerate(depts):
        shared.add((d, RDF.type, CPKG.GovernmentBody))
        shared.add((d, SKOS.prefLabel, Literal(f"寿光市部门{i}局", lang="zh")))
        shared.add((d, SKOS.altLabel, Literal(f"部门{i}局", lang="zh")))
    for j in range(n_measures):
        m = URIRef(f"{doc}/~l1_{j}")
        g.add((m, RDF.type, CPKG.Measure))
        g.add((m, RDF.type, CPKG.Section))
        g.add((m, URIRef(eli + "is_part_of"), doc))
        g.add((m, URIRef(eli + "number"), Literal(str(j))))
        g.add((m, CPKG.text, Literal(f"{j}.推进工作。", lang="zh")))
        for rank, d in enumerate(rng.choice(n_depts, size=int(rng.integers(1, 5)), replace=False), start=1):
            r = URIRef(f"{m}/resp/{d}")
            role = ROLE.lead if rank == 1 else ROLE.support
            g.add((m, CPKG.qualifiedResponsibility, r))
            g.add((m, CPKG.leadUnit if rank == 1 else CPKG.supportingUnit, depts[d]))
            g.add((m, CPKG.responsibleUnit, depts[d]))
            g.add((r, RDF.type, CPKG.Responsibility))
            g.add((r, PROV.agent, depts[d]))
            g.add((r, dcat_role, role))
            g.add((r, CPKG.rank, Literal(rank)))
    return ds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--departments", type=int, default=2000)
    ap.add_argument("--measures", type=int, default=200_000)
    ap.add_argument("--quick", action="store_true", help="200 departments × 20,000 measures")
    ap.add_argument("--skip-networkx", action="store_true", help="do not run networkx's projection (34 s at full size)")
    ap.add_argument("--rdf-measures", type=int, default=20_000, help="size of the RDF → network conversion run")
    args = ap.parse_args()
    nd, nm = (200, 20_000) if args.quick else (args.departments, args.measures)
    rows: list[tuple[str, str]] = []

    tracemalloc.start()
    t = time.perf_counter()
    G = generate(nd, nm)
    gen_s = time.perf_counter() - t
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    n_edges = sum(1 for _, _, r in G.edges(data="role") if r)
    rows.append(("graph", f"{nd:,} departments × {nm:,} measures, {n_edges:,} responsibility edges "
                          f"({n_edges / nm:.2f} per measure); generated in {gen_s:.1f} s (under tracemalloc)"))
    rows.append(("memory: network", f"{peak / 2**20:,.0f} MiB peak while building it (tracemalloc)"))

    ours_s, P = timed(net.co_responsibility, G, repeat=3)
    tracemalloc.start()  # memory in a separate run: tracemalloc slows allocation-heavy code several times
    net.co_responsibility(G)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rows.append(("co_responsibility (sparse)", f"{ours_s:.3f} s → {P.number_of_edges():,} weighted edges; "
                                               f"{peak / 2**20:,.0f} MiB peak"))
    if not args.skip_networkx:
        from networkx.algorithms import bipartite

        B = net.bipartite_view(G)
        ref_s, R = timed(bipartite.weighted_projected_graph, B, net.departments(G))
        same = ({frozenset((u, v)): w for u, v, w in P.edges(data="weight")}
                == {frozenset((u, v)): w for u, v, w in R.edges(data="weight")})
        rows.append(("networkx weighted_projected_graph", f"{ref_s:.2f} s; weights identical: {same}; "
                                                          f"speed-up {ref_s / ours_s:,.0f}×"))
        del B, R
    lead_s, D = timed(net.lead_support_network, G, repeat=3)
    rows.append(("lead_support_network (sparse)", f"{lead_s:.3f} s → {D.number_of_edges():,} arcs"))

    # lookups after load: the indexes are built once (as load_network does), then queried
    t = time.perf_counter()
    mi, di = lookup.measure_index(G), lookup.department_index(G)
    rows.append(("indexes (jieba over all measures)", f"{time.perf_counter() - t:.1f} s, once per graph; cached"))
    rng = np.random.default_rng(3)
    names = [G.nodes[d]["aliases"][1] for d in rng.choice(net.departments(G), size=200)]
    queries = {
        "shared-responsibility keyword (find_measures)": lambda k: mi.find(G, WORDS[k % len(WORDS)]),
        "department name → obligations": lambda k: net.obligations(G, di.resolve(G, names[k])),
        "partners": lambda k: net.partners(G, di.resolve(G, names[k])),
        "targets --due --bureau": lambda k: lookup.target_rows(G, due=2025, department=di.resolve(G, names[k])),
    }
    for label, fn in queries.items():
        n = 200
        samples = []
        for k in range(n):
            t = time.perf_counter()
            fn(k)
            samples.append(time.perf_counter() - t)
        rows.append((f"lookup: {label}", f"p50 {statistics.median(samples) * 1000:.2f} ms, "
                                         f"p95 {percentile(samples, 0.95) * 1000:.2f} ms ({n} calls)"))

    # RDF → network, at a size rdflib holds comfortably
    ds = rdf_dataset(min(nd, 2000), args.rdf_measures)
    conv_s, H = timed(net.to_network, ds)
    rows.append(("to_network (rdflib Dataset)", f"{conv_s:.2f} s for {len(ds):,} triples → "
                                                f"{H.number_of_nodes():,} nodes, {H.number_of_edges():,} edges "
                                                f"({args.rdf_measures:,} measures)"))

    width = max(len(k) for k, _ in rows)
    print(f"{'what':<{width}}  result")
    print(f"{'-' * width}  {'-' * 60}")
    for k, v in rows:
        print(f"{k:<{width}}  {v}")


if __name__ == "__main__":
    main()
