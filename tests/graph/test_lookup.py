"""graph.lookup and the lookup commands: query matching, department names, targets, the cache, the CLI."""

from __future__ import annotations

import json
import time
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from graph import lookup, network as net, rdf, store
from graph.cli import cli

SAMPLE = Path(__file__).resolve().parents[2] / "extract" / "data" / "shouguang_county_economy_plan_2024.txt"


@pytest.fixture(scope="module")
def sample_ds():
    from extract.pipeline import extract_file

    return rdf.to_dataset([extract_file(SAMPLE)])


@pytest.fixture(scope="module")
def G(sample_ds) -> nx.Graph:
    return net.to_network(sample_ds)


@pytest.fixture(scope="module")
def built(tmp_path_factory, sample_ds) -> Path:
    out = tmp_path_factory.mktemp("out")
    store.save(sample_ds, out)
    return out


def numbers(G: nx.Graph, query: str) -> tuple[str, list[str]]:
    m = lookup.find_measures(G, query)
    return m.kind, [G.nodes[x]["number"] for x in m.measures]


@pytest.mark.parametrize("query, kind, expected", [
    ("人才", "keyword", ["二.二.1", "二.二.4", "二.七.2"]),  # 企业人才引进, 技术技能人才, 强化人才发展支撑
    ("5G基站", "keyword", ["二.一.7"]),
    ("技改投资", "keyword", ["二.一.2"]),
    ("蔬菜生产能力", "keyword", ["二.四.1"]),  # a target subject
    ("绿色低碳", "keyword", ["二.一.1", "二.三.1"]),
    ("才", "keyword", []),  # segmentation: 人才 is one word, 才 alone matches nothing
    ("二.一.7", "number", ["二.一.7"]),
    ("二．一．7", "number", ["二.一.7"]),  # full-width dots
    ("二.三", "number", ["二.三.1", "二.三.2"]),  # a section: every measure under it
    ("链长制", "programme", ["二.一.1"]),
    ("“信易贷”", "programme", ["二.七.4"]),
])
def test_lookup_find_measures_on_the_sample(G, query, kind, expected):
    assert numbers(G, query) == (kind, expected)


def test_lookup_empty_query_is_an_error(G):
    with pytest.raises(lookup.NoMatch, match="the query is empty; give a keyword"):
        lookup.find_measures(G, "  ")


@pytest.mark.parametrize("name", ["工信局", "市工信局", "寿光市工信局", "寿光市工业和信息化局", "工业和信息化局", " 工信局 "])
def test_lookup_department_by_any_alias(G, name):
    assert G.nodes[lookup.resolve_department(G, name)]["name"] == "寿光市工业和信息化局"


@pytest.mark.parametrize("name, full", [
    ("市场监管局", "寿光市市场监督管理局"),  # 市 is part of the word here, not a level word
    ("市市场监管局", "寿光市市场监督管理局"),
    ("市委组织部", "中共寿光市委组织部"),
    ("中共寿光市委组织部", "中共寿光市委组织部"),
    ("生态环境局", "潍坊市生态环境局寿光分局"),
])
def test_lookup_department_names_with_prefixes(G, name, full):
    assert G.nodes[lookup.resolve_department(G, name)]["name"] == full


def test_lookup_unknown_department_suggests_the_closest_names(G):
    with pytest.raises(lookup.NoMatch) as e:
        lookup.resolve_department(G, "工兴局")
    assert str(e.value) == "no department matches '工兴局'; did you mean: 工信局?"
    with pytest.raises(lookup.NoMatch) as e:
        lookup.resolve_department(G, "外交部")
    assert str(e.value) == "no department matches '外交部'; `policykg network` lists the 21 departments in the graph."


def test_lookup_ambiguous_department_names_the_candidates():
    G = nx.Graph()
    for key, name, alias, place in [("a", "寿光市发展和改革局", "发改局", "寿光市"), ("b", "潍坊市发展和改革局", "发改局", "潍坊市")]:
        G.add_node(key, kind="department", label=alias, name=name, aliases=[alias], jurisdiction=place)
    with pytest.raises(lookup.NoMatch) as e:
        lookup.resolve_department(G, "发改局")
    assert str(e.value) == ("'发改局' matches 2 departments (寿光市发展和改革局、潍坊市发展和改革局); "
                            "give the full name, e.g. '寿光市发展和改革局'.")
    assert lookup.resolve_department(G, "潍坊发改局") == "b"  # the short place name is stripped too


def test_lookup_targets_by_deadline_and_bureau(G):
    rows = lookup.target_rows(G, due=2025, department="农业农村局")
    assert [(r["number"], r["summary"]) for r in rows] == [
        ("二.四.1", "自主研发蔬菜品种 ≥300个（2025年）"), ("二.四.1", "蔬菜生产能力 约450万吨（2025年）"),
        ("二.四.2", "国家级示范社 1家（2025年）"), ("二.四.2", "省级示范社 5家（2025年）"),
        ("二.四.2", "在省内有较强影响力的家庭农场 约10家（2025年）"), ("二.四.3", "冷藏保鲜设施 ≥5处（2025年）")]
    assert lookup.target_rows(G, due=2024) == []
    every = lookup.target_rows(G)
    assert len(every) == 26 and [r["year"] for r in every][:14] == [2025] * 14 and every[-1]["year"] is None


def test_lookup_load_network_caches_next_to_the_graph(built):
    first = lookup.load_network(built)
    assert not first.from_cache and (built / lookup.CACHE_NAME).is_file()
    second = lookup.load_network(built)
    assert second.from_cache
    assert nx.utils.nodes_equal(first.network.nodes(data=True), second.network.nodes(data=True))
    assert nx.utils.edges_equal(first.network.edges(data=True), second.network.edges(data=True))
    assert numbers(second.network, "人才") == ("keyword", ["二.二.1", "二.二.4", "二.七.2"])
    # a changed graph file invalidates the cache
    trig = built / "graph.trig"
    original = trig.read_bytes()
    try:
        trig.write_bytes(original + b"\n")
        assert not lookup.load_network(built).from_cache
    finally:
        trig.write_bytes(original)


def test_lookup_a_corrupt_cache_is_rebuilt(built):
    (built / lookup.CACHE_NAME).write_bytes(b"not a pickle")
    assert not lookup.load_network(built).from_cache
    assert lookup.load_network(built).from_cache


def test_lookup_answers_fast_after_load(built):
    loaded = lookup.load_network(built)
    t = time.perf_counter()
    for _ in range(20):
        loaded.measures.find(loaded.network, "人才")
        net.obligations(loaded.network, loaded.departments.resolve(loaded.network, "工信局"))
    assert (time.perf_counter() - t) / 20 < 0.05


# ---------------------------------------------------------------------------------------- the commands


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_cli_shared_json(built):
    code, out = run("shared", "人才", "--graph", str(built), "--json")
    assert code == 0
    data = json.loads(out)
    assert [m["number"] for m in data["measures"]] == ["二.二.1", "二.二.4", "二.七.2"]
    assert data["measures"][2]["roles"] == [
        {"department": "中共寿光市委组织部", "label": "组织部", "role": "responsible", "rank": 1},
        {"department": "寿光市人力资源和社会保障局", "label": "人社局", "role": "responsible", "rank": 2},
        {"department": "寿光市教育和体育局", "label": "教体局", "role": "responsible", "rank": 3}]
    assert [(d["department"], d["measures"]) for d in data["departments"]] == [
        ("教体局", 2), ("科技局", 2), ("组织部", 1), ("人社局", 1)]
    assert data["pairs"][0] == {"a_name": "中共寿光市委组织部", "b_name": "寿光市人力资源和社会保障局", "shared": 1}


def test_cli_shared_csv_part(built):
    code, out = run("shared", "二.一.7", "--graph", str(built), "--csv", "--part", "departments")
    assert code == 0
    assert out.splitlines() == ["部门,全称,任务数,牵头,配合,责任", "发改局,寿光市发展和改革局,1,0,0,1",
                                "工信局,寿光市工业和信息化局,1,0,0,1"]


def test_cli_shared_no_match_is_one_line(built):
    result = CliRunner().invoke(cli, ["shared", "量子计算机", "--graph", str(built)])
    assert result.exit_code == 1
    assert result.output == (f"Error: no measure matches '量子计算机' (searched titles, texts and targets of 31 measures "
                             f"in {str(built)!r}); try a shorter keyword, a measure number such as 二.一.7, or a "
                             f"programme name.\n")


def test_cli_bureau(built):
    code, out = run("bureau", "市工信局", "--graph", str(built), "--json")
    assert code == 0
    rows = json.loads(out)
    assert [r["number"] for r in rows] == ["一", "二.一.1", "二.一.2", "二.一.3", "二.一.4", "二.一.7", "二.二.3", "二.五.2"]
    assert {r["role"] for r in rows} == {"responsible"}
    seven = rows[5]
    assert [t["subject"] for t in seven["targets"]] == ["省级工业互联网平台", "5G基站建设", "整县分布式光伏规模化开发容量"]
    assert seven["targets"][1] == {"subject": "5G基站建设", "value": 2000.0, "unit": "个", "comparator": ">", "year": 2025,
                                   "frequency": None, "text": "5G基站建设突破2000个"}
    assert seven["partners"] == [{"department": "寿光市发展和改革局", "label": "发改局", "role": "responsible"}]
    code, out = run("bureau", "工信局", "--graph", str(built), "--table")
    assert out.splitlines()[0].rstrip() == "工信局 (寿光市工业和信息化局) · 责任 responsible: 8 measures"


def test_cli_bureau_unknown_name(built):
    result = CliRunner().invoke(cli, ["bureau", "工兴局", "--graph", str(built)])
    assert (result.exit_code, result.output) == (1, "Error: no department matches '工兴局'; did you mean: 工信局?\n")


def test_cli_missing_graph_is_one_line(tmp_path):
    result = CliRunner().invoke(cli, ["bureau", "工信局", "--graph", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and result.output.startswith(f"Error: No graph at {tmp_path}/graph.trig")


def test_cli_partners_and_targets(built):
    code, out = run("partners", "工信局", "--graph", str(built), "--csv")
    assert out.splitlines()[:3] == ["部门,全称,共担任务数,本单位牵头,本单位配合,任务编号",
                                    "发改局,寿光市发展和改革局,5,0,0,一、二.一.1、二.一.3、二.一.7、二.二.3",
                                    "科技局,寿光市科学技术局,2,0,0,一、二.二.3"]
    code, out = run("targets", "--due", "2025", "--bureau", "组织部", "--graph", str(built), "--json")
    assert json.loads(out) == [{"year": 2025, "document": "寿光市县域经济高质量发展工作方案(2024—2025年)", "number": "二.七.2",
                                "measure_title": "强化人才发展支撑", "subject": "省级以上重点人才", "comparator": "~",
                                "value": 10.0, "unit": "人", "frequency": None,
                                "departments": "组织部(责任)、人社局(责任)、教体局(责任)", "text": "省级以上重点人才10人左右"}]


def test_cli_network_summary_and_export(built, tmp_path):
    code, out = run("network", "--graph", str(built), "--json")
    data = json.loads(out)
    assert data["summary"]["departments"] == 21 and data["summary"]["measures"] == 31
    assert data["summary"]["measures_without_lead"] == 31  # the sample states no lead anywhere
    assert data["departments"][0]["department"] == "发改局" and data["departments"][0]["measures"] == 14
    assert len(data["no-lead"]) == 31
    target = tmp_path / "co.graphml"
    code, out = run("network", "--graph", str(built), "--export", "graphml", "--out", str(target), "--json")
    assert json.loads(out) == [{"path": str(target), "format": "graphml", "layer": "co", "nodes": 21,
                                "edges": data["summary"]["edges"]}]
    assert nx.read_graphml(target).number_of_edges() == data["summary"]["edges"]


def test_cli_ledger(built, tmp_path):
    import openpyxl

    target = tmp_path / "l.xlsx"
    code, out = run("ledger", "--xlsx", str(target), "--graph", str(built), "--json")
    assert json.loads(out) == [{"path": str(target), "measures": 31, "document_sheets": 1, "department_sheets": 21}]
    assert openpyxl.load_workbook(target).worksheets[0].max_row == 32


def test_cli_help_lists_the_lookups():
    code, out = run("--help")
    for name in ("shared", "bureau", "partners", "targets", "network", "ledger"):
        assert f"  {name} " in out


def test_lookup_of_a_build_folder_needs_no_rdf_parse(tmp_path):
    """`policykg build` leaves the lookups' cache; without it the network comes from the build's own cache."""
    from graph import build as B

    out = tmp_path / "out"
    B.build([SAMPLE], out, jobs=1)
    assert lookup.load_network(out).from_cache  # written by the build
    (out / lookup.CACHE_NAME).unlink()
    sha = store.trig_sha256(out / "graph.trig")
    G = B.network_of_build(out, sha)
    reference = net.to_network(store.load(out))
    assert nx.utils.nodes_equal(G.nodes(data=True), reference.nodes(data=True))
    assert nx.utils.edges_equal(G.edges(data=True), reference.edges(data=True))
    assert B.network_of_build(out, "0" * 64) is None  # the manifest describes another graph.trig
    loaded = lookup.load_network(out)
    assert not loaded.from_cache and numbers(loaded.network, "人才") == ("keyword", ["二.二.1", "二.二.4", "二.七.2"])
    assert lookup.load_network(out).from_cache
