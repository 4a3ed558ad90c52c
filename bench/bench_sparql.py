"""Benchmark: build, load and query a generated ~1M-triple corpus on rdflib's memory store and on Oxigraph.

Not a test. Run ``python bench/bench_sparql.py [--triples 1000000] [--reps 20]``; it prints one
table with times, p50/p95 of the example queries and peak memory, with Oxigraph as a ratio of
rdflib's memory store measured in the same run. Each measurement runs in its own process so that
peak RSS (``ru_maxrss``) belongs to that store alone.

The corpus is synthetic but shaped like the real thing: plans of 40 counties, each with numbered
measures, 2–4 responsible departments drawn from 30 department types (first one leading), a
target on every other measure, citations of shared provincial policies, and “5G” in ~3% of the
measure texts (the keyword of the shared-responsibility query).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

QUERIES = {  # name → params, all shipped in graph/queries
    "shared-responsibility": {"keyword": "5G"},
    "partners": {"department": "市工信局"},
    "obligations": {"department": "市发改局"},
    "targets-due": {"year": "2025"},
    "lead-counts": {},
    "measures-without-lead": {},
    "implements": {"policy": "三年行动方案"},
}
DEPTS = [("fgj", "发改局", "发展和改革局"), ("gxj", "工信局", "工业和信息化局"), ("czj", "财政局", "财政局"),
         ("kjj", "科技局", "科学技术局"), ("swj", "商务局", "商务局"), ("nyncj", "农业农村局", "农业农村局"),
         ("sthjj", "生态环境局", "生态环境局"), ("wlj", "文旅局", "文化和旅游局"), ("zjj", "住建局", "住房和城乡建设局"),
         ("jtysj", "交通运输局", "交通运输局"), ("rsj", "人社局", "人力资源和社会保障局"), ("jyj", "教育局", "教育局"),
         ("wjj", "卫健局", "卫生健康局"), ("scjgj", "市场监管局", "市场监督管理局"), ("zrzyj", "自然资源局", "自然资源和规划局"),
         ("slj", "水利局", "水利局"), ("yjj", "应急局", "应急管理局"), ("sjj", "审计局", "审计局"), ("tjj", "统计局", "统计局"),
         ("xzspj", "行政审批局", "行政审批服务局"), ("gzw", "国资委", "国有资产监督管理委员会"), ("jrb", "金融办", "地方金融监督管理局"),
         ("dsj", "大数据局", "大数据局"), ("xfj", "信访局", "信访局"), ("mzj", "民政局", "民政局"), ("sfj", "司法局", "司法局"),
         ("tyj", "退役军人局", "退役军人事务局"), ("ylbzj", "医保局", "医疗保障局"), ("gaj", "公安局", "公安局"), ("ga", "供销社", "供销合作社")]
TOPICS = ["培育优势产业集群", "推进数字化转型", "加强人才引育", "扩大有效投资", "优化营商环境", "提升农业产业化水平",
          "推动绿色低碳发展", "建设现代流通体系", "深化科技创新", "发展文旅产业"]


def make_corpus(triples: int):
    """ExtractedDocuments totalling about ``triples`` triples once converted."""
    from extract.records import (Comparator, DepartmentMention, ExtractedDocument, Indicator, Jurisdiction, Measure,
                                 PolicyReference, Role, RoleRule, Section, SectionStyle, Span)
    from graph.rdf import _places

    counties = [(ad, row[0]) for ad, row in sorted(_places().items()) if row[1] == "county"][:40]
    per_measure = 119  # triples per measure (incl. its share of the document), measured on this generator
    measures_per_doc = 60
    n_docs = max(1, triples // (per_measure * measures_per_doc))
    rng = random.Random(7)
    docs = []
    for d in range(n_docs):
        adcode, county = counties[d % len(counties)]
        title = f"{county}第{d}号重点工作实施方案(2024—2025年)"
        parts = [title, "\n为贯彻落实《山东省县域经济高质量发展三年行动方案(2023—2025年)》，制定本方案。\n一、重点任务\n"]
        ref_start = len(parts[0]) + 6
        ref_text = "《山东省县域经济高质量发展三年行动方案(2023—2025年)》"
        pos = sum(map(len, parts))
        pending = []  # (number, start, end, title, dept list, target sub span)
        for m in range(1, measures_per_doc + 1):
            topic = rng.choice(TOPICS)
            kw = "5G" if rng.random() < 0.03 else "网络"
            depts = rng.sample(DEPTS, rng.randint(2, 4))
            target = f"到2025年新增示范项目{rng.randint(5, 500)}个"
            clause = "(责任单位：" + "、".join("市" + a for _, a, _ in depts) + ")"
            text = f"{m}.{topic}。加快{kw}建设，{target}。{clause}\n"
            pending.append((m, pos, pos + len(text) - 1, topic, depts, target, clause, text))
            parts.append(text)
            pos += len(text)
        full = "".join(parts)
        sha = hashlib.sha256(full.encode()).hexdigest()
        chapter_start = full.index("一、重点任务")
        chapter = Section("一", ("一",), SectionStyle.CHAPTER, 1, 1, "重点任务", Span.of(full, chapter_start + 2, chapter_start + 6),
                          Span.of(full, chapter_start, len(full)), Span.of(full, chapter_start, chapter_start + 2))
        sections, measures = [chapter], []
        for m, start, end, topic, depts, target, clause, text in pending:
            span = Span.of(full, start, end)
            sec = Section(str(m), ("一", str(m)), SectionStyle.ITEM, 2, m, topic, Span.of(full, start + len(str(m)) + 1,
                          start + len(str(m)) + 1 + len(topic)), span, Span.of(full, start, start + len(str(m)) + 1))
            cstart = start + text.index(clause)
            cl = Span.of(full, cstart, cstart + len(clause))
            mentions, at = [], cstart + 6
            for rank, (code, alias, name) in enumerate(depts, 1):
                surface = "市" + alias
                mentions.append(DepartmentMention(Span.of(full, at, at + len(surface)), surface, county + name,
                                                  Role.LEAD if rank == 1 else Role.SUPPORT, RoleRule.FIRST_LISTED, rank,
                                                  False, True, f"{adcode}/{code}", cl, span))
                at += len(surface) + 1
            inds = ()
            if m % 2:
                tstart = start + text.index(target) + 6  # after 到2025年
                tspan = Span.of(full, tstart, start + text.index(target) + len(target))
                printed = target[12:-1]
                inds = (Indicator(tspan, "示范项目", float(printed), printed, "个", "个", Comparator.EQ, 2025 + m % 3,
                                  "到2025年", None, "newly-added", f"一.{m}"),)
            sections.append(sec)
            measures.append(Measure(f"一.{m}", ("一", str(m)), topic, span, sec, tuple(mentions), inds))
        refs = (PolicyReference(Span.of(full, ref_start, ref_start + len(ref_text)), ref_text[1:-1], None, "implements"),)
        docs.append(ExtractedDocument(f"gen/{d}.txt", full, sha, title, Span.of(full, 0, len(title)), f"{county}人民政府",
                                      None, "2024-09-13", None, None, None, Jurisdiction(county, adcode, "county"), (),
                                      tuple(sections), tuple(measures), (), refs, (), (), ()))
    return docs


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _timed_queries(run, reps: int) -> dict[str, list[float]]:
    out = {}
    for name, params in QUERIES.items():
        run(name, params)  # warm-up (and the row count)
        times = []
        for _ in range(reps):
            t = time.perf_counter()
            run(name, params)
            times.append(time.perf_counter() - t)
        out[name] = times
    return out


def job(kind: str, trig: str, triples: int, reps: int) -> dict:
    """One measurement, in this (fresh) process."""
    from graph import rdf, sparql, store

    res: dict = {"kind": kind}
    if kind in ("build-memory", "build-oxigraph"):
        docs = make_corpus(triples)
        t = time.perf_counter()
        ds = rdf.to_dataset(docs, store="default" if kind == "build-memory" else "Oxigraph")
        res["build_s"] = time.perf_counter() - t
        res["triples"] = len(ds)
        if kind == "build-memory":
            t = time.perf_counter()
            Path(trig).write_bytes(ds.serialize(format="trig", encoding="utf-8"))
            res["save_s"] = time.perf_counter() - t
        else:
            t = time.perf_counter()
            Path(trig + ".ox").write_bytes(ds.serialize(format="ox-trig", encoding="utf-8"))
            res["save_s"] = time.perf_counter() - t
    elif kind == "rdflib-memory":
        t = time.perf_counter()
        ds = store.load(Path(trig))
        res["load_s"] = time.perf_counter() - t
        res["queries"] = _timed_queries(lambda n, p: sparql.run_named(ds, n, p), reps)
    elif kind == "oxigraph-memory":
        t = time.perf_counter()
        st = store.open_store(Path(trig))
        res["load_s"] = time.perf_counter() - t
        res["queries"] = _timed_queries(lambda n, p: sparql.run_named(st, n, p), reps)
    elif kind == "oxigraph-disk":
        out = Path(trig).parent
        t = time.perf_counter()
        store.write_oxigraph(Path(trig).read_bytes(), out)
        res["bulk_load_s"] = time.perf_counter() - t
        (out / "graph.trig").write_bytes(Path(trig).read_bytes())
        t = time.perf_counter()
        st = store.open_store(out)
        res["load_s"] = time.perf_counter() - t
        res["queries"] = _timed_queries(lambda n, p: sparql.run_named(st, n, p), reps)
    res["peak_mib"] = _peak_mib()
    return res


def _sub(kind: str, trig: str, triples: int, reps: int) -> dict:
    cmd = [sys.executable, __file__, "--job", kind, "--trig", trig, "--triples", str(triples), "--reps", str(reps)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def _pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--reps", type=int, default=20, help="timed runs per query on Oxigraph")
    ap.add_argument("--rdflib-reps", type=int, default=3, help="timed runs per query on rdflib (slow)")
    ap.add_argument("--job")
    ap.add_argument("--trig")
    a = ap.parse_args()
    if a.job:
        print(json.dumps(job(a.job, a.trig, a.triples, a.reps)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        trig = os.path.join(tmp, "graph.trig")
        build_mem = _sub("build-memory", trig, a.triples, a.reps)
        build_ox = _sub("build-oxigraph", trig, a.triples, a.reps)
        rd = _sub("rdflib-memory", trig, a.triples, a.rdflib_reps)
        oxm = _sub("oxigraph-memory", trig, a.triples, a.reps)
        oxd = _sub("oxigraph-disk", os.path.join(tmp, "disk", "graph.trig") if os.makedirs(os.path.join(tmp, "disk"))
                   or __import__("shutil").copy(trig, os.path.join(tmp, "disk", "graph.trig")) else trig,
                   a.triples, a.reps)
    print(f"corpus: {build_mem['triples']:,} triples (generated), {os.cpu_count()} cores, "
          f"rdflib {__import__('rdflib').__version__}, pyoxigraph {__import__('pyoxigraph').__version__}\n")
    print(f"{'step':<34}{'rdflib memory':>16}{'oxigraph':>14}{'ratio':>9}")
    rows = [
        ("build to_dataset (s)", build_mem["build_s"], build_ox["build_s"]),
        ("build peak memory (MiB)", build_mem["peak_mib"], build_ox["peak_mib"]),
        ("serialize TriG (s)", build_mem["save_s"], build_ox["save_s"]),
        ("load graph.trig (s) [ox: in-memory]", rd["load_s"], oxm["load_s"]),
        ("load peak memory (MiB) [in-memory]", rd["peak_mib"], oxm["peak_mib"]),
        ("on-disk: bulk load (s)", float("nan"), oxd["bulk_load_s"]),
        ("on-disk: open (s)", float("nan"), oxd["load_s"]),
        ("on-disk: peak memory (MiB)", float("nan"), oxd["peak_mib"]),
    ]
    for name, x, y in rows:
        print(f"{name:<34}{x:>16.2f}{y:>14.3f}{(y / x if x == x and x else float('nan')):>9.3f}")
    print(f"\n{'query (p50 / p95, ms)':<26}{'rdflib memory':>20}{'oxigraph memory':>20}{'oxigraph disk':>18}{'ratio p50':>11}")
    for name in QUERIES:
        r, m, d = rd["queries"][name], oxm["queries"][name], oxd["queries"][name]
        print(f"{name:<26}{_pct(r, .5) * 1e3:>10.0f} /{_pct(r, .95) * 1e3:>7.0f}"
              f"{_pct(m, .5) * 1e3:>11.1f} /{_pct(m, .95) * 1e3:>7.1f}"
              f"{_pct(d, .5) * 1e3:>9.1f} /{_pct(d, .95) * 1e3:>7.1f}{_pct(m, .5) / _pct(r, .5):>11.4f}")
    print(f"\n(rdflib: {a.rdflib_reps} timed runs per query, Oxigraph: {a.reps}; after one warm-up run each)")


if __name__ == "__main__":
    main()
