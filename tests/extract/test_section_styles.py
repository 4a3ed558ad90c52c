"""Numbering styles beside GB/T 9704's: 1） items and 第一， enumerations."""

from __future__ import annotations

from extract.normalize import normalize
from extract.pipeline import extract_text
from extract.structure import find_sections

PLAN = """贵阳市2024年数字经济发展工作要点
一、加快数字基础设施建设
1）新建5G基站2000个。（市工信局、市通信管理办牵头）
2）推进千兆光网建设，千兆用户达到50万户。（市通信管理办负责）
二、强化保障
第一，加强组织领导。各区（市、县）要建立工作专班。（责任单位：各区〔市、县〕政府）
第二，加大资金支持。（市财政局负责）
"""


def test_half_bracketed_items_and_ordinal_enumerations_are_sections() -> None:
    doc = extract_text(PLAN, source="t")
    assert [(s.path_str, s.style.value, s.title, s.marker_span.text) for s in doc.sections] == [
        ("一", "chapter", "加快数字基础设施建设", "一、"),
        ("一.1", "half-bracketed", "新建5G基站2000个", "1）"),
        ("一.2", "half-bracketed", "推进千兆光网建设，千兆用户达到50万户", "2）"),
        ("二", "chapter", "强化保障", "二、"),
        ("二.一", "enumeration", "加强组织领导", "第一，"),
        ("二.二", "enumeration", "加大资金支持", "第二，"),
    ]
    assert [(m.number, [d.name for d in m.departments], [(i.subject, i.value) for i in m.indicators]) for m in doc.measures] == [
        ("一.1", ["市工信局", "市通信管理办"], [("5G基站", 2000.0)]),
        ("一.2", ["市通信管理办"], [("千兆用户", 500000.0)]),
        ("二.一", ["各区〔市、县〕政府"], []),
        ("二.二", ["市财政局"], []),
    ]


def test_what_only_looks_like_them_opens_no_section() -> None:
    text = "一、总体要求\n详见附件1)。投资增长2)个百分点。第一批试点，第一，不在句首时不算。比上年增长12)\n"
    assert [s.path_str for s in find_sections(text, normalize(text))] == ["一"]
