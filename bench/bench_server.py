"""Benchmark: a bounded load test of ``policykg serve`` on loopback (issue 7).

Not a test. Run ``python bench/bench_server.py [--clients 4] [--requests 250] [--workers 2]``. It
builds the graph of the bundled sample into a temporary folder, starts ``policykg serve --port 0``
on it as a subprocess (so the clients do not share the server's interpreter lock), and has
``--clients`` threads send ``--requests`` requests each, cycling through the named queries of
graph/queries with parameters that have answers in the sample, over one keep-alive-less HTTP/1.0
connection per request. It stops by itself and prints p50/p99 latency per query and overall,
requests per second and the error count (any status other than 200, or a failed connection);
it exits 1 if there was an error.
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

QUERIES = {  # name → params with answers in the sample (寿光市 2024)
    "shared-responsibility": {"keyword": "人才"},
    "partners": {"department": "寿光市工业和信息化局"},
    "obligations": {"department": "寿光市发展和改革局"},
    "targets-due": {"year": "2025"},
    "lead-counts": {},
    "measures-without-lead": {},
    "implements": {"policy": "三年行动方案"},
}


def build_sample(out: Path) -> int:
    """The sample's graph in ``out`` (extract → RDF → graph.trig); its triple count."""
    from extract import SAMPLE
    from extract.pipeline import extract_file
    from graph import rdf, store

    dataset = rdf.to_dataset([extract_file(SAMPLE)])
    store.save(dataset, out)
    return len(dataset)


def start_server(graph: Path, workers: int, max_connections: int) -> tuple[subprocess.Popen, str, int]:
    proc = subprocess.Popen([sys.executable, "-m", "graph", "serve", "--port", "0", "--graph", str(graph),
                             "--workers", str(workers), "--max-connections", str(max_connections)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    line = proc.stdout.readline()
    if not line.startswith("SPARQL endpoint: "):
        proc.kill()
        raise SystemExit(f"policykg serve did not start: {line}{proc.stderr.read()}")
    url = urllib.parse.urlsplit(line.split()[2])
    return proc, url.hostname or "127.0.0.1", url.port or 0


def client(host: str, port: int, n: int, offset: int, out: list[tuple[str, float, int]]) -> None:
    names = list(QUERIES)
    for i in range(n):
        name = names[(offset + i) % len(names)]
        qs = urllib.parse.urlencode({"name": name, **{f"param.{k}": v for k, v in QUERIES[name].items()}})
        started = time.perf_counter()
        try:
            conn = http.client.HTTPConnection(host, port, timeout=30)
            conn.request("GET", f"/sparql?{qs}", headers={"Accept": "application/sparql-results+json"})
            resp = conn.getresponse()
            body = resp.read()
            conn.close()
            status = resp.status if body else -1
        except OSError:
            status = -2
        out.append((name, time.perf_counter() - started, status))


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(p / 100 * len(s)) - 1))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", type=int, default=4, help="concurrent client threads (default 4)")
    ap.add_argument("--requests", type=int, default=250, help="requests per client (default 250)")
    ap.add_argument("--workers", type=int, default=2, help="policykg serve --workers (default 2)")
    ap.add_argument("--max-connections", type=int, default=32, help="policykg serve --max-connections")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-server-") as tmp:
        triples = build_sample(Path(tmp))
        proc, host, port = start_server(Path(tmp), args.workers, args.max_connections)
        try:
            warm: list[tuple[str, float, int]] = []
            client(host, port, len(QUERIES), 0, warm)  # first run of each query (parsing, caches)
            results: list[tuple[str, float, int]] = []
            per_client: list[list[tuple[str, float, int]]] = [[] for _ in range(args.clients)]
            threads = [threading.Thread(target=client, args=(host, port, args.requests, c, per_client[c]))
                       for c in range(args.clients)]
            started = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            wall = time.perf_counter() - started
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    for r in per_client:
        results.extend(r)
    errors = [r for r in results if r[2] != 200]
    ms = [r[1] * 1000 for r in results]
    print(f"policykg serve on {host}, sample graph {triples} triples, --workers {args.workers}; "
          f"{args.clients} clients x {args.requests} requests, one connection per request")
    print(f"{'query':<24}{'n':>6}{'p50 ms':>10}{'p99 ms':>10}")
    for name in QUERIES:
        q = [r[1] * 1000 for r in results if r[0] == name]
        print(f"{name:<24}{len(q):>6}{statistics.median(q):>10.1f}{pct(q, 99):>10.1f}")
    print(f"{'all':<24}{len(ms):>6}{statistics.median(ms):>10.1f}{pct(ms, 99):>10.1f}")
    print(f"throughput {len(results) / wall:.0f} requests/s over {wall:.2f} s; errors {len(errors)}"
          + (f" (statuses {sorted({e[2] for e in errors})})" if errors else ""))
    if errors:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
