"""Corpus build speed and memory: python bench/bench_build.py [--n 10000] [--sample 500] [--repeats 5] [--skip-build] [--work DIR] [--no-oxigraph] [--rebuilds 3]

1. Throughput, on the first ``--sample`` documents of a generated corpus (bench/corpus.py),
   against ``jieba.lcut`` over the same decoded text in the same run: ``extract_bytes`` alone,
   and the whole per-document work of a build (extraction + JSON + named graph,
   ``graph.build.document_parts``), each with 1 and 2 worker processes. Prints MB/s,
   documents/s and the ratio to jieba (per core for 2 jobs): the medians of ``--repeats`` runs,
   each in a fresh process, and the range of the ratio.
2. ``policykg build`` of ``--n`` documents (a subprocess, ``--jobs 2``): wall time and the peak
   resident memory of the build's process tree (parent + workers, sampled from /proc).
3. The rebuild with nothing changed, and ``--rebuilds`` times after ``mutate`` of another 10
   documents: time, its ratio to the full build, and the median of the rebuilds.

``--no-oxigraph`` passes that to every build: what the build costs without the on-disk store.

Goals (issue 6): extraction ≥ 5× jieba.lcut per core; incremental rebuild after 10 changes
< 5% of the full build; peak memory of the 10,000-document build < 2 GiB. Machines are shared
and noisy; only ratios within one run mean much.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import corpus as gen  # noqa: E402

GOAL_RATIO_PER_CORE = 5.0
GOAL_INCREMENTAL = 0.05
GOAL_PEAK_GIB = 2.0


def _extract_only(item: tuple[bytes, str, str]) -> int:
    from extract.pipeline import extract_bytes

    data, source, suffix = item
    return len(extract_bytes(data, source=source, suffix=suffix).measures)


def _document_parts(item: tuple[bytes, str, str]) -> int:
    from graph.build import document_parts

    data, source, suffix = item
    return document_parts(data, source=source, suffix=suffix)[2].triples


def _timed(fn, items, jobs: int) -> float:  # noqa: ANN001
    t = time.perf_counter()
    if jobs == 1:
        for it in items:
            fn(it)
    else:
        with ProcessPoolExecutor(jobs) as pool:
            list(pool.map(fn, items, chunksize=8))
    return time.perf_counter() - t


def _measure_throughput(paths: list[Path]) -> dict[str, float]:
    """Seconds of each throughput row for ``paths``, in this process: jieba.lcut first, then each
    extractor row. Meant to run in a fresh interpreter (see ``throughput``), so that the extractor's
    first pass is cold, as a build's first documents are."""
    import jieba

    from extract.reader import read_bytes
    from ontology.gazetteer import load_gazetteer

    items = [(p.read_bytes(), str(p), p.suffix.lower()) for p in paths]
    text = "\n".join(read_bytes(d, source=s, suffix=x).text for d, s, x in items)
    load_gazetteer()
    _extract_only(items[0])
    _document_parts(items[0])
    jieba.setLogLevel(60)
    jieba.lcut("预热")
    times = {"mb": len(text.encode("utf-8")) / 1e6, "docs": len(items), "jieba.lcut/1": _timed(jieba.lcut, [text], 1)}
    for name, fn in ROWS:
        for jobs in (1, 2):
            times[f"{name}/{jobs}"] = _timed(fn, items, jobs)
    return times


ROWS = (("extract_bytes", _extract_only), ("document_parts (extract+JSON+RDF)", _document_parts))


def throughput(paths: list[Path], repeats: int) -> None:
    """The throughput table: each of ``repeats`` runs in a fresh interpreter (a second pass in one
    process would find the gazetteer's per-jurisdiction memos filled, and be faster than a build's
    first pass). A run on a shared machine varies by a fifth, in either direction, for jieba and the
    extractor alike; the table gives the medians of the runs, and the range of the ratio."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("\n".join(map(str, paths)))
    runs = []
    try:
        for _ in range(repeats):
            done = subprocess.run([sys.executable, __file__, "--throughput-worker", f.name],
                                  check=True, capture_output=True, text=True)
            runs.append(json.loads(done.stdout.splitlines()[-1]))
    finally:
        os.unlink(f.name)
    mb, docs = runs[0]["mb"], runs[0]["docs"]
    print(f"throughput: {docs} documents, {mb:.1f} MB of text (UTF-8); median of {repeats} runs, each in a fresh process")
    print(f"{'what':<40}{'jobs':>5}{'seconds':>9}{'MB/s':>8}{'docs/s':>8}{'× jieba':>9}{'× jieba/core':>14}{'range/core':>13}")
    t_jieba = statistics.median(r["jieba.lcut/1"] for r in runs)
    print(f"{'jieba.lcut':<40}{1:>5}{t_jieba:>9.2f}{mb / t_jieba:>8.2f}{docs / t_jieba:>8.1f}{1:>9.2f}{1:>14.2f}")
    for name, _ in ROWS:
        for jobs in (1, 2):
            t = statistics.median(r[f"{name}/{jobs}"] for r in runs)
            ratios = [r["jieba.lcut/1"] / r[f"{name}/{jobs}"] / jobs for r in runs]  # within each run
            ratio = statistics.median(ratios)
            print(f"{name:<40}{jobs:>5}{t:>9.2f}{mb / t:>8.2f}{docs / t:>8.1f}{ratio * jobs:>9.2f}{ratio:>14.2f}"
                  f"{f'{min(ratios):.2f}–{max(ratios):.2f}':>13}")
    print(f"goal: extraction ≥ {GOAL_RATIO_PER_CORE:.0f}× jieba.lcut per core (the median's × jieba/core, 1 job)")


def _tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants (Linux /proc)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue
    return total


def run_build(corpus: Path, out: Path, jobs: int, extra: list[str] = ()) -> tuple[float, int, str]:  # noqa: B006
    """Wall seconds, peak tree RSS and the counts line of one ``policykg build``."""
    cmd = [sys.executable, "-m", "graph", "build", str(corpus), "--out", str(out), "--jobs", str(jobs), *extra]
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            env={**os.environ, "POLICYKG_PLAIN": "1"})
    peak = [0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss(proc.pid))
            time.sleep(0.1)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    stdout, _ = proc.communicate()
    seconds = time.perf_counter() - t
    th.join()
    counts = next((line for line in stdout.splitlines() if line.startswith("documents:")), stdout[-300:])
    return seconds, peak[0], counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10_000, help="documents in the build benchmark")
    ap.add_argument("--sample", type=int, default=500, help="documents in the throughput benchmark")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", type=Path, default=None, help="folder for the corpus and the outputs (kept)")
    ap.add_argument("--skip-throughput", action="store_true")
    ap.add_argument("--repeats", type=int, default=5, help="throughput runs, each in a fresh process (default 5)")
    ap.add_argument("--skip-build", action="store_true", help="the throughput table only")
    ap.add_argument("--throughput-worker", type=Path, help=argparse.SUPPRESS)  # one run, for throughput()
    ap.add_argument("--no-oxigraph", action="store_true", help="build without the on-disk Oxigraph store")
    ap.add_argument("--rebuilds", type=int, default=3, help="rebuilds after changing 10 documents (default 3)")
    args = ap.parse_args()
    if args.throughput_worker:
        print(json.dumps(_measure_throughput([Path(p) for p in args.throughput_worker.read_text().splitlines()])))
        return
    work = args.work or Path(tempfile.mkdtemp(prefix="policykg-bench-"))
    corpus, out = work / "corpus", work / "out"
    t = time.perf_counter()
    if corpus.exists():
        shutil.rmtree(corpus)
    paths = gen.write_corpus(corpus, args.n, seed=args.seed)
    size = sum(p.stat().st_size for p in paths)
    print(f"corpus: {len(paths)} documents, {size / 1e6:.1f} MB in {corpus} (generated in {time.perf_counter() - t:.1f} s)")
    if not args.skip_throughput:
        throughput(paths[: args.sample], args.repeats)
    if args.skip_build:
        return
    shutil.rmtree(out, ignore_errors=True)

    extra = ["--no-oxigraph"] if args.no_oxigraph else []
    full, peak, counts = run_build(corpus, out, args.jobs, extra)
    print(f"\nfull build, {len(paths)} documents, --jobs {args.jobs}{' --no-oxigraph' if extra else ''}: "
          f"{full:.1f} s, peak RSS {peak / 2**30:.2f} GiB")
    print(f"  {counts}")
    same, peak2, counts = run_build(corpus, out, args.jobs, extra)
    print(f"rebuild, nothing changed: {same:.1f} s ({same / full:.1%} of the full build), peak RSS {peak2 / 2**30:.2f} GiB")
    step = max(1, len(paths) // 10)
    times = []
    for r in range(args.rebuilds):  # another 10 documents each time; the median is the number to quote
        for k, p in enumerate(paths[r % step:: step][:10]):
            gen.mutate(p, 100 * r + k)
        inc, peak3, counts = run_build(corpus, out, args.jobs, extra)
        times.append(inc)
        print(f"rebuild after changing 10 documents: {inc:.1f} s ({inc / full:.1%} of the full build), "
              f"peak RSS {peak3 / 2**30:.2f} GiB")
        print(f"  {counts}")
    median = statistics.median(times)
    print(f"rebuild after changing 10 documents, median of {len(times)}: {median:.1f} s ({median / full:.1%})")
    sizes = {p.name: p.stat().st_size for p in out.iterdir() if p.is_file()}
    print("outputs: " + ", ".join(f"{k} {v / 1e6:.0f} MB" for k, v in sorted(sizes.items()) if v > 1e5))
    print(f"goals: incremental < {GOAL_INCREMENTAL:.0%} of full; peak < {GOAL_PEAK_GIB:.0f} GiB")


if __name__ == "__main__":
    main()
