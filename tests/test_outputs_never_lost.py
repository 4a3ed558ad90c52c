"""Outputs that are never lost (issue 7): a build killed at any moment leaves, for every output,
either the old or the new version, and the next build converges; a corrupt or foreign file
where an output should be is reported, and replaced only with ``--force``.

The kill loop runs ``python -m graph build`` as a subprocess and SIGKILLs its process group at
seeded random moments: after a random number of its progress lines on stderr (so that kills
land in the write phases, which take milliseconds) or after a random delay. The corpus
alternates between two versions (A: three documents; B: one removed, one changed), so that
"old" and "new" differ.
"""

from __future__ import annotations

import json
import os
import queue
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from rdflib.compare import to_isomorphic

from graph import store
from graph.cli import cli

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
DOCS = ("gaotang_task_breakdown_2024.txt", "guangdong_manufacturing_measures_2024.txt",
        "ningbo_digital_economy_2023.txt")
CHANGED = "\n　　（三）强化数据安全保障。建立数据安全监测平台，到2025年数据安全事件处置率达到100%。（责任单位：市公安局、市大数据局）\n"
OUTPUTS = ("extraction.json", "graph.trig", "graph.html", "ledger.xlsx")
KILLS = 8
LOOP_SECONDS = 60  # the loop stops starting builds after this, whatever KILLS says


@pytest.fixture(scope="module")
def corpora(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("corpora")
    a, b = base / "A", base / "B"
    a.mkdir()
    b.mkdir()
    for name in DOCS:
        shutil.copy(DATA / name, a / name)
    shutil.copy(DATA / DOCS[1], b / DOCS[1])
    (b / DOCS[2]).write_text((DATA / DOCS[2]).read_text(encoding="utf-8") + CHANGED, encoding="utf-8")
    return {"A": a, "B": b}


def build_command(corpus: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "graph", "build", str(corpus), "--out", str(out), "--jobs", "1", *extra]


def run_build(corpus: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "POLICYKG_PLAIN": "1"}
    return subprocess.run(build_command(corpus, out, *extra), capture_output=True, text=True, cwd=ROOT, env=env,
                          timeout=120)


@pytest.fixture(scope="module")
def clean(corpora, tmp_path_factory) -> dict[str, dict]:
    """Uninterrupted builds of A and B in fresh folders: their output bytes, stderr lines and time."""
    refs = {}
    for name, corpus in corpora.items():
        out = tmp_path_factory.mktemp(f"clean{name}")
        started = time.monotonic()
        done = run_build(corpus, out)
        assert done.returncode == 0, done.stderr
        refs[name] = {"out": out, "seconds": time.monotonic() - started, "lines": len(done.stderr.splitlines()),
                      "bytes": {f: canonical(f, (out / f).read_bytes()) for f in OUTPUTS}}
    return refs


def canonical(name: str, data: bytes) -> object:
    """What must not change between two builds of one corpus: the bytes, or for the workbook its cells
    (its docProps hold the time of writing)."""
    if name != "ledger.xlsx":
        return data
    import io

    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return [(ws.title, [tuple(row) for row in ws.iter_rows(values_only=True)]) for ws in wb.worksheets]


def output(out: Path, name: str) -> object:
    return canonical(name, (out / name).read_bytes())


def copy_of_clean_a(clean: dict, out: Path) -> None:
    """out/ as a build of A left it (a copy: the manifest names the same corpus paths)."""
    shutil.copytree(clean["A"]["out"], out)


def datasets_isomorphic(a: Path, b: Path) -> bool:
    def graphs(d: Path) -> dict[str, object]:
        ds = store.load(d)
        return {str(g.identifier): to_isomorphic(g) for g in ds.graphs() if len(g)}

    return graphs(a) == graphs(b)


def check_outputs(out: Path, versions: list[dict[str, bytes]]) -> None:
    """Each output is absent or loads, and is byte for byte one of the versions a whole build writes."""
    for name in OUTPUTS:
        path = out / name
        if not path.exists():
            continue
        data = path.read_bytes()
        assert any(canonical(name, data) == v[name] for v in versions), \
            f"{name} is neither the old nor the new version"
        if name == "extraction.json":
            assert json.loads(data)["documents"]
        elif name == "graph.trig":
            assert len(store.load(out)) > 0 and len(store.open_store(out)) > 0
        elif name == "ledger.xlsx":
            assert openpyxl.load_workbook(path, read_only=True).sheetnames
        else:
            page = data.decode("utf-8")
            m = re.search(r'<script type="application/json" id="policykg-data">(.*?)</script>', page, re.S)
            assert m and json.loads(m.group(1)) and page.rstrip().endswith("</html>")
    manifest = out / "manifest.json"
    if manifest.exists():  # what it names is there, or the next build would trip over it
        documents = json.loads(manifest.read_text(encoding="utf-8"))["documents"]
        for e in documents.values():
            for f in (f"{e['record']}.record.pkl", f"{e['record']}.frag", f"{e['record']}.{e['graph_version']}.ttl",
                      f"{e['record']}.{e['graph_version']}.pkl"):
                assert (out / "cache" / f).exists(), f"manifest.json names cache/{f}, which is missing"


def leftovers(out: Path) -> list[str]:
    return sorted(str(p.relative_to(out)) for p in out.rglob("*")
                  if p.name.startswith((".staging-", ".oxigraph.")) or p.name.endswith(".tmp"))


def kill_build(corpus: Path, out: Path, rng: random.Random, clean_run: dict, how: str) -> str:
    """Start a build and SIGKILL its process group at a random moment; what happened, for messages."""
    env = {**os.environ, "POLICYKG_PLAIN": "1"}
    proc = subprocess.Popen(build_command(corpus, out), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, cwd=ROOT, env=env, start_new_session=True)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stderr] and None, daemon=True).start()
    try:
        if how == "line":
            k = rng.randrange(1, clean_run["lines"] + 1)
            pause = rng.uniform(0, 0.03)
            seen = 0
            deadline = time.monotonic() + 60
            while seen < k and proc.poll() is None and time.monotonic() < deadline:
                try:
                    lines.get(timeout=0.05)
                    seen += 1
                except queue.Empty:
                    pass
            time.sleep(pause)
            when = f"after stderr line {k} + {pause * 1000:.0f} ms"
        else:
            delay = rng.uniform(0.05, clean_run["seconds"])
            time.sleep(delay)
            when = f"after {delay:.2f} s"
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            when += " (it had finished)"
    finally:
        proc.wait(timeout=30)
    return when


def test_build_killed_at_random_points_leaves_outputs_that_load_and_converges(corpora, clean, tmp_path):
    rng = random.Random(int(os.environ.get("POLICYKG_KILL_SEED", "7")))  # another seed: other moments
    out = tmp_path / "out"
    versions = [clean["A"]["bytes"], clean["B"]["bytes"]]
    history = []
    started = time.monotonic()
    for i in range(KILLS):
        if time.monotonic() - started > LOOP_SECONDS:
            break
        name = rng.choice("AB")
        when = kill_build(corpora[name], out, rng, clean[name], "delay" if i % 3 == 2 else "line")
        history.append(f"build {name} killed {when}")
        try:
            check_outputs(out, versions)
        except AssertionError as exc:
            raise AssertionError(f"{exc} ({'; '.join(history)})") from None
    done = run_build(corpora["A"], out)
    assert done.returncode == 0, done.stderr
    assert leftovers(out) == []
    assert output(out, "extraction.json") == clean["A"]["bytes"]["extraction.json"], "; ".join(history)
    assert datasets_isomorphic(out, clean["A"]["out"]), "; ".join(history)
    for name in ("graph.html", "ledger.xlsx"):
        assert output(out, name) == clean["A"]["bytes"][name], f"{name}: {'; '.join(history)}"


def test_build_incremental_gives_the_bytes_of_a_clean_build(corpora, clean, tmp_path):
    """The premise of the loop's check: B built over A writes what a clean build of B writes."""
    out = tmp_path / "out"
    copy_of_clean_a(clean, out)
    assert run_build(corpora["B"], out).returncode == 0
    for f in OUTPUTS:
        assert output(out, f) == clean["B"]["bytes"][f], f


@pytest.mark.parametrize("where", ["after the first move", "before the manifest"])
def test_build_interrupted_between_moves_converges(corpora, clean, tmp_path, monkeypatch, where):
    """A kill in the few milliseconds of the swap, made deterministic: interrupt the build of B there."""
    from graph import build as build_module

    out = tmp_path / "out"
    build_module.build([corpora["A"]], out, jobs=1)
    real_replace = os.replace
    moves = []

    def replace(src, dst):
        if ".staging-" in str(src) and ".staging-" not in str(dst):
            moves.append(dst)
            if where == "after the first move" and len(moves) == 2:
                raise KeyboardInterrupt
        return real_replace(src, dst)

    def no_manifest(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(build_module.os, "replace", replace)
    if where == "before the manifest":
        monkeypatch.setattr(build_module, "write_manifest", no_manifest)
    with pytest.raises(KeyboardInterrupt):
        build_module.build([corpora["B"]], out, jobs=1)
    monkeypatch.undo()
    check_outputs(out, [clean["A"]["bytes"], clean["B"]["bytes"]])
    build_module.build([corpora["A"]], out, jobs=1)
    for f in OUTPUTS:
        assert output(out, f) == clean["A"]["bytes"][f], f"{f} is still the interrupted build's"


def test_build_after_a_corrupt_manifest_rebuilds_and_converges(corpora, clean, tmp_path):
    out = tmp_path / "out"
    copy_of_clean_a(clean, out)
    (out / "manifest.json").write_text('{"format": 1, "documents": {', encoding="utf-8")
    done = run_build(corpora["A"], out)
    assert done.returncode == 0, done.stderr
    for f in OUTPUTS:
        assert output(out, f) == clean["A"]["bytes"][f], f
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["documents"]


def test_build_after_a_damaged_cache_file_rederives_it(corpora, clean, tmp_path):
    out = tmp_path / "out"
    copy_of_clean_a(clean, out)
    for p in (out / "cache").glob("*.pkl"):
        p.write_bytes(p.read_bytes()[:40])  # a disk that lost the tail of the cache
    done = run_build(corpora["A"], out)
    assert done.returncode == 0, done.stderr
    for f in OUTPUTS:
        assert output(out, f) == clean["A"]["bytes"][f], f


# ------------------------------------------------------------------ corrupt or foreign files: --force


def _invoke(*args: str):
    return CliRunner().invoke(cli, ["build", *args, "--jobs", "1"], env={"POLICYKG_PLAIN": "1"},
                              catch_exceptions=False)


def _user_workbook(path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "预算"
    wb.active["A1"] = "a spreadsheet of the user's, not a ledger"
    wb.save(path)


FOREIGN = {  # case → (what to put in out/ after a good build or into a fresh out/, the file named)
    "graph.trig that is not TriG": ("after", "graph.trig", lambda p: p.write_bytes(b"<not> <TriG {{{ at all\n")),
    "graph.trig truncated": ("after", "graph.trig", lambda p: p.write_bytes(p.read_bytes()[:-200])),
    "extraction.json that is not JSON": ("after", "extraction.json",
                                         lambda p: p.write_text('{"documents": [', "utf-8")),
    "ledger.xlsx that is not a workbook": ("after", "ledger.xlsx", lambda p: p.write_bytes(b"PK\x03\x04 broken")),
    "ledger.xlsx the user wrote": ("fresh", "ledger.xlsx", _user_workbook),
    "graph.html the user wrote": ("fresh", "graph.html", lambda p: p.write_text("<html>mine</html>", "utf-8")),
    "a folder of someone else's files": ("fresh", "notes.txt", lambda p: p.write_text("my notes", "utf-8")),
}


@pytest.mark.parametrize("case", list(FOREIGN))
def test_build_reports_a_corrupt_or_foreign_output_without_force(corpora, clean, tmp_path, case):
    """Exit 1 and one line: the file, that it is corrupt or not ours, and to pass --force; nothing written."""
    when, name, spoil = FOREIGN[case]
    out = tmp_path / "out"
    if when == "after":
        copy_of_clean_a(clean, out)
    else:
        out.mkdir()
    spoil(out / name)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    res = _invoke(str(corpora["B"]), "--out", str(out))  # a changed corpus: the build would rewrite name
    lines = res.output.strip().splitlines()
    assert res.exit_code == 1 and len(lines) == 1, res.output
    assert lines[0].startswith("Error: ") and str(out / name) in lines[0] and "--force" in lines[0]
    assert {name: (out / name).read_bytes() for name in before} == before
    assert [f for f in OUTPUTS if f not in before and (out / f).exists()] == []  # nothing new written either


def test_build_reports_a_corrupt_graph_even_when_nothing_changed(corpora, clean, tmp_path):
    out = tmp_path / "out"
    copy_of_clean_a(clean, out)
    (out / "graph.trig").write_bytes(b"<not> <TriG {{{ at all\n")
    res = _invoke(str(corpora["A"]), "--out", str(out))
    assert res.exit_code == 1 and str(out / "graph.trig") in res.output and "--force" in res.output


@pytest.mark.parametrize("case", list(FOREIGN))
def test_build_force_replaces_a_corrupt_or_foreign_output(corpora, clean, tmp_path, case):
    when, name, spoil = FOREIGN[case]
    out = tmp_path / "out"
    if when == "after":
        copy_of_clean_a(clean, out)
    else:
        out.mkdir()
    spoil(out / name)
    res = _invoke(str(corpora["B"]), "--out", str(out), "--force")
    assert res.exit_code == 0, res.output
    for f in OUTPUTS:
        assert output(out, f) == clean["B"]["bytes"][f], f
    if name not in OUTPUTS:  # someone else's file is left alone, even with --force
        assert (out / name).read_text(encoding="utf-8") == "my notes"


def test_build_into_its_own_previous_outputs_needs_no_force(corpora, clean, tmp_path):
    out = tmp_path / "out"
    copy_of_clean_a(clean, out)
    for name in ("B", "B"):
        res = _invoke(str(corpora[name]), "--out", str(out))
        assert res.exit_code == 0, res.output
    for f in OUTPUTS:
        assert output(out, f) == clean["B"]["bytes"][f], f
