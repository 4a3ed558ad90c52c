"""Extraction speed as a ratio to jieba.lcut over the same text, in the same process.

    python bench/bench_extract.py [--mb 10]

Prints MB/s for policykg's extractor (the sample repeated as separate documents, and as one
long document) and for jieba.lcut and rjieba over the same text, and the ratios. Machines are
shared and noisy, so only the ratios in one run mean anything. Also times ``policykg --help``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
import tracemalloc

from extract import SAMPLE, extract_text


def _time(fn, *args) -> float:  # noqa: ANN001
    t = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", type=float, default=10.0)
    args = ap.parse_args()
    sample = SAMPLE.read_text(encoding="utf-8")
    copies = max(1, int(args.mb * 1e6 / len(sample.encode("utf-8"))))
    total = sample * copies
    mb = len(total.encode("utf-8")) / 1e6
    extract_text(sample)  # warm: gazetteer, regex compilation

    import jieba
    import rjieba

    jieba.setLogLevel(60)
    jieba.lcut("预热")
    t_jieba = _time(jieba.lcut, total)
    t_rjieba = _time(rjieba.cut, total)
    t_docs = _time(lambda: [extract_text(sample, source=f"copy{i}") for i in range(copies)])
    tracemalloc.start()
    t_one = _time(extract_text, total)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "graph", "--help"], capture_output=True, check=True)
    t_help = time.perf_counter() - start

    print(f"text: {mb:.1f} MB ({copies} copies of the sample, {len(sample)} characters each)")
    print(f"{'what':<44}{'seconds':>9}{'MB/s':>9}{'× jieba.lcut':>14}")
    for name, t in (("jieba.lcut", t_jieba), ("rjieba.cut", t_rjieba),
                    (f"policykg extract, {copies} documents", t_docs), ("policykg extract, one long document", t_one)):
        print(f"{name:<44}{t:>9.2f}{mb / t:>9.2f}{t_jieba / t:>14.2f}")
    print(f"peak Python memory extracting the long document: {peak / 2**20:.0f} MiB")
    print(f"policykg --help: {t_help:.2f} s (goal < 0.5 s)")


if __name__ == "__main__":
    main()
