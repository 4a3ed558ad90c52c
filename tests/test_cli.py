"""The CLI's face: exact outputs and error texts, and help for every command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import cli


def _run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_cli_extract_default_is_the_sample_json() -> None:
    result = _run("extract")
    assert result.exit_code == 0
    data = json.loads(result.output)
    [doc] = data["documents"]
    assert (doc["source"], doc["title"], len(doc["measures"])) == (
        "shouguang_county_economy_plan_2024.txt", "寿光市县域经济高质量发展工作方案(2024—2025年)", 31)
    first = doc["measures"][1]
    assert (first["number"], first["title"], first["path"]) == ("二.一.1", "培育优势产业集群", ["二", "一", "1"])
    assert first["departments"][0] == {
        "name": "发改局", "canonical": "寿光市发展和改革局", "role": "responsible", "collective": False,
        "span": [721, 724], "resolved": True, "department_id": "370783/fgj", "rule": "unspecified", "rank": 1,
        "clause": [715, 729], "scope": [530, 715],
    }
    assert first["indicators"][0]["text"] == "市级以上中小企业特色产业集群达到5个"


def test_cli_extract_summary() -> None:
    result = _run("extract", "--format", "summary")
    assert result.exit_code == 0
    assert "31 measures, 21 departments, 26 targets, 5 references, 12 programmes" in result.output


def test_cli_extract_writes_file(tmp_path: Path) -> None:
    out = tmp_path / "x.json"
    result = _run("extract", "-o", str(out))
    assert result.exit_code == 0 and json.loads(out.read_text(encoding="utf-8"))["schema_version"] == 1


@pytest.mark.parametrize(
    "setup, message",
    [
        ("missing", "Error: No such file: '{p}'. Check the path; with no FILE argument the bundled sample is used.\n"),
        ("dir", "Error: '{p}' is a directory; give a document file (.txt, .html, .docx), or use 'policykg build {p}' for a folder.\n"),
        ("empty", "Error: '{p}' is empty (0 bytes); give a document with text.\n"),
    ],
)
def test_cli_extract_bad_input_one_line(tmp_path: Path, setup: str, message: str) -> None:
    p = tmp_path / "in.txt"
    if setup == "dir":
        p = tmp_path
    elif setup == "empty":
        p.write_bytes(b"")
    result = CliRunner().invoke(cli, ["extract", str(p)])
    assert result.exit_code == 1
    assert result.output == message.format(p=p)


def test_cli_extract_no_measures_warns(tmp_path: Path) -> None:
    p = tmp_path / "note.txt"
    p.write_text("这是一段没有任何编号和责任单位的文字。", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(p)])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["documents"][0]["measures"] == []
    assert "warning: no measures found in" in result.stderr


def test_cli_every_command_has_help() -> None:
    for name, command in cli.commands.items():
        assert command.help, f"policykg {name} has no help text"
        result = _run(name, "--help")
        assert result.exit_code == 0 and "Usage:" in result.output


def test_cli_help_starts_fast_without_heavy_imports() -> None:
    import subprocess
    import sys

    code = "import sys; import graph.cli; print(sorted(m for m in ('jieba', 'rjieba', 'rdflib', 'networkx', 'pyshacl', 'xlsxwriter', 'openpyxl') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"
