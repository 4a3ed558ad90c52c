"""Whole documents of other provinces and levels (tests/data/README.md), with values read by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract import ExtractedDocument, extract_file

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def ningbo() -> ExtractedDocument:
    return extract_file(DATA / "ningbo_digital_economy_2023.txt")


@pytest.fixture(scope="module")
def guangdong() -> ExtractedDocument:
    return extract_file(DATA / "guangdong_manufacturing_measures_2024.txt")


@pytest.fixture(scope="module")
def gaotang() -> ExtractedDocument:
    return extract_file(DATA / "gaotang_task_breakdown_2024.txt")


def _departments(doc: ExtractedDocument) -> list:
    return [(m.number, [(d.name, d.canonical, d.role.value) for d in m.departments]) for m in doc.measures]


def _targets(doc: ExtractedDocument) -> list:
    return [(i.measure, i.subject, i.value, i.unit, i.comparator.value, i.year, i.frequency and i.frequency.value)
            for i in doc.all_indicators()]


def test_documents_ningbo_metadata(ningbo: ExtractedDocument) -> None:
    assert (ningbo.title, ningbo.issuer, ningbo.date, ningbo.doc_number) == (
        "宁波市数字经济高质量发展实施方案（2023—2025年）", "宁波市人民政府办公厅", "2023-06-08", "甬政办发〔2023〕45号")
    assert ningbo.jurisdiction is not None and ningbo.jurisdiction.adcode == "330200"
    assert [a.text for a in ningbo.addressees] == ["各区（县、市）人民政府", "市直及部省属驻甬各单位"]


def test_documents_ningbo_departments(ningbo: ExtractedDocument) -> None:
    assert _departments(ningbo) == [
        ("二.一.1", [("市经信局", "宁波市经济和信息化局", "lead"), ("市发改委", "宁波市发展和改革委员会", "support"),
                     ("市科技局", "宁波市科学技术局", "support"), ("各区（县、市）政府", "宁波市各县（市、区）人民政府", "support")]),
        ("二.一.2", [("市经信局", "宁波市经济和信息化局", "lead"), ("市商务局", "宁波市商务局", "support")]),
        ("二.二.1", [("市经信局", "宁波市经济和信息化局", "lead"), ("市财政局", "宁波市财政局", "support")]),
        # 责任单位 lists follow the stated convention 列第一位的为牵头单位，其他为配合单位
        ("二.二.2", [("市农业农村局", "宁波市农业农村局", "lead"), ("市供销社", "宁波市供销合作社联合社", "support")]),
        ("二.三.1", [("市经信局", "宁波市经济和信息化局", "lead"), ("市通信管理局", "宁波市通信管理局", "lead"),
                     ("各区（县、市）政府", "宁波市各县（市、区）人民政府", "support")]),
        ("二.三.2", [("市发改委", "宁波市发展和改革委员会", "lead"), ("市大数据局", "宁波市大数据局", "support")]),
    ]
    assert [c.kind for c in ningbo.conventions] == ["first-listed-is-lead"]


def test_documents_ningbo_targets(ningbo: ExtractedDocument) -> None:
    assert _targets(ningbo) == [
        (None, "全市数字经济核心产业增加值", 2e11, "元", ">", 2025, None),
        (None, "占地区生产总值比重", 12, "%", ">=", 2025, None),
        (None, "规上数字经济核心产业企业", 1800, "家", ">", 2025, None),
        ("二.一.1", "集成电路产业规模", 5e10, "元", ">=", 2025, None),
        ("二.一.2", "规上软件企业", 30, "家", ">=", None, "annual"),
        ("二.一.2", "软件业务收入", 15, "%", "~", None, "annual"),
        ("二.二.1", "智能工厂（数字化车间）", 300, "个", "=", None, "cumulative"),
        ("二.二.2", "数字农业工厂", 50, "家", "=", None, None),
        ("二.三.1", "5G基站", 35000, "个", "=", 2024, "cumulative"),
        # 对新建数据中心给予最高500万元补助 is a subsidy cap, not a target
    ]


def test_documents_ningbo_references_and_programmes(ningbo: ExtractedDocument) -> None:
    assert [(r.title, r.doc_number, r.relation) for r in ningbo.references] == [
        ("宁波市数字经济高质量发展实施方案（2023—2025年）", None, "self"),
        ("浙江省数字经济促进条例", None, "implements"),
        ("国务院关于加强数字政府建设的指导意见", "国发〔2022〕14号", "implements"),
    ]
    assert [p.name for p in ningbo.programmes] == ["芯火"]


def test_documents_guangdong(guangdong: ExtractedDocument) -> None:
    assert (guangdong.title, guangdong.issuer, guangdong.date, guangdong.doc_number) == (
        "广东省推动制造业高质量发展若干措施", "广东省人民政府", "2024-03-20", "粤府〔2024〕18号")
    assert _departments(guangdong) == [
        ("一.一", [("省工业和信息化厅", "广东省工业和信息化厅", "lead"), ("省发展改革委", "广东省发展和改革委员会", "support"),
                   ("省科技厅", "广东省科学技术厅", "support")]),
        ("一.二", [("省工业和信息化厅", "广东省工业和信息化厅", "responsible"), ("省财政厅", "广东省财政厅", "responsible")]),
        ("二.一", [("省工业和信息化厅", "广东省工业和信息化厅", "lead")]),
        ("二.二", [("省工业和信息化厅", "广东省工业和信息化厅", "responsible"), ("省通信管理局", "广东省通信管理局", "responsible"),
                   ("各地级以上市人民政府", "广东省各市人民政府", "responsible")]),
        ("三.一", [("省自然资源厅", "广东省自然资源厅", "lead"), ("各地级以上市人民政府", "广东省各市人民政府", "responsible")]),
        ("三.二", [("人民银行广州分行", "广东省人民银行广州分行", "responsible"),
                   ("省地方金融监管局", "广东省地方金融监督管理局", "responsible")]),
    ]
    assert _targets(guangdong) == [
        ("一.一", "产业集群营业收入", 2.5e13, "元", ">", 2025, None),
        ("一.二", "国家级专精特新“小巨人”企业", 100, "家", ">=", None, "annual"),  # 一百家以上; 最高100万元奖励 is not a target
        ("二.一", "工业投资", 8, "%", "~", None, "annual"),
        ("二.一", "技术改造投资增速", 10, "%", ">=", None, "annual"),
        ("二.二", "规模以上工业企业数字化转型比例", 80, "%", ">", 2025, None),
        ("二.二", "“5G+工业互联网”应用示范项目", 2000, "个", "=", 2025, None),
        ("三.一", "各地级以上市每年新增工业用地", 10000, "亩", ">=", None, "annual"),
    ]
    assert [(r.title, r.doc_number, r.relation) for r in guangdong.references] == [
        ("广东省推动制造业高质量发展若干措施", None, "self"),
        ("广东省推动制造业高质量发展若干措施", None, "self"),
        ("中共中央 国务院关于推动高质量发展的意见", None, "implements"),
        ("广东省制造业高质量发展“十四五”规划", "粤府〔2021〕53号", "implements"),
    ]
    [rule] = guangdong.conventions
    assert (rule.kind, rule.span.text) == ("standing-rule", "各地、各部门要按照本措施要求，结合实际抓好落实，不再一一列出")


def test_documents_gaotang_gb18030_table(gaotang: ExtractedDocument) -> None:
    assert gaotang.encoding == "gb18030"
    assert (gaotang.title, gaotang.issuer, gaotang.date, gaotang.doc_number) == (
        "高唐县2024年重点工作任务分解方案", "中共高唐县委办公室", "2024-02-26", "高办字〔2024〕3号")
    assert [(m.number, m.deadline, m.deadline_year) for m in gaotang.measures] == [
        ("一.1", "2024年12月底", 2024), ("一.2", "2024年12月底", 2024), ("一.3", "2024年10月底", 2024), ("一.4", "2024年12月底", 2024)]
    assert _departments(gaotang) == [
        ("一.1", [("县发改局", "高唐县发展和改革局", "lead"), ("县财政局", "高唐县财政局", "support"), ("县统计局", "高唐县统计局", "support")]),
        ("一.2", [("县工信局", "高唐县工业和信息化局", "lead"), ("各乡镇（街道）", "高唐县各镇（街道）", "support")]),
        ("一.3", [("县农业农村局", "高唐县农业农村局", "lead"), ("县水利局", "高唐县水利局", "support"),
                  ("县自然资源局", "高唐县自然资源局", "support")]),
        ("一.4", [("县人社局", "高唐县人力资源和社会保障局", "lead"), ("县住建局", "高唐县住房和城乡建设局", "support")]),
    ]
    assert _targets(gaotang) == [
        ("一.1", "全县地区生产总值", 6, "%", "~", 2024, None),
        ("一.1", "一般公共预算收入", 5, "%", "=", 2024, None),
        ("一.2", "规上工业企业", 30, "家", ">=", 2024, None),
        ("一.2", "工业技改投资", 10, "%", ">=", 2024, None),
        ("一.3", "高标准农田", 50000, "亩", "=", 2024, None),
        ("一.3", "粮食总产", 2e9, "斤", "~", 2024, None),
        ("一.4", "城镇新增就业", 3000, "人", ">=", 2024, None),
        ("一.4", "改造城镇老旧小区", 12, "个", "=", 2024, None),
    ]


@pytest.mark.parametrize("name", ["ningbo_digital_economy_2023.txt", "guangdong_manufacturing_measures_2024.txt",
                                  "gaotang_task_breakdown_2024.txt"])
def test_documents_offsets_are_evidence(name: str) -> None:
    doc = extract_file(DATA / name)
    spans = [m.span for m in doc.measures] + [d.span for m in doc.measures for d in m.departments]
    spans += [i.span for i in doc.all_indicators()] + [r.span for r in doc.references] + [c.span for c in doc.conventions]
    assert all(doc.text[s.start:s.end] == s.text for s in spans)


@pytest.mark.parametrize("name", ["ningbo_digital_economy_2023.txt", "guangdong_manufacturing_measures_2024.txt",
                                  "gaotang_task_breakdown_2024.txt"])
def test_documents_json_round_trip(name: str) -> None:
    """from_dict(to_dict(doc)) gives back the same measures, sections of table rows included."""
    from extract.jsonface import from_dict, to_dict

    doc = extract_file(DATA / name)
    back = from_dict(to_dict(doc), doc.text)
    assert back.measures == doc.measures
    assert (back.indicators, back.references, back.conventions) == (doc.indicators, doc.references, doc.conventions)
