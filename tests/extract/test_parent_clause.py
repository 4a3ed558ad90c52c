"""A clause that ends a parent's last item, where no other item has one, covers the parent whole."""

from __future__ import annotations

import pytest

from extract.pipeline import extract_text


def _measures(text: str) -> list[tuple]:
    doc = extract_text(text, source="t")
    for m in doc.measures:
        assert text[m.span.start:m.span.end] == m.span.text
    return [(m.number, m.title, [(d.name, d.role.value) for d in m.departments],
             [(i.subject, i.value, i.unit) for i in m.indicators]) for m in doc.measures] + \
        [("outside", [(i.subject, i.value) for i in doc.indicators])]


OWN_LINE = ("一、重点任务\n（一）培育专精特新企业。\n1.建立梯度培育库，每年新培育省级专精特新企业50家以上。\n2.落实奖补政策。\n"
            "责任单位：市工信局、市财政局\n（二）建设基站。（责任单位：市工信局）\n")
CIRCLED = ("一、强化创新驱动\n（一）①实施高新技术企业倍增计划，到2025年高新技术企业达到500家；②研发投入年均增长15%。"
           "【牵头单位】市科技局【配合单位】市财政局\n（二）推进数字化转型。（责任单位：市工信局）\n")
ENUMERATION = ("一、重点任务\n（一）推进技改。一是实施技改工程，技改投资年均增长8%以上；二是推进智能化改造，建成智能工厂20个。"
               "（责任单位：市工信局、市发改局）\n（二）建设基站。（责任单位：市工信局）\n")


def test_a_clause_on_its_own_line_after_the_items_is_the_parents() -> None:
    assert _measures(OWN_LINE) == [
        ("一.一", "培育专精特新企业", [("市工信局", "responsible"), ("市财政局", "responsible")],
         [("省级专精特新企业", 50.0, "家")]),
        ("一.二", "建设基站", [("市工信局", "responsible")], []),
        ("outside", []),
    ]


def test_a_clause_ending_a_line_of_items_is_the_parents() -> None:
    assert _measures(CIRCLED) == [
        ("一.一", None, [("市科技局", "lead"), ("市财政局", "support")],
         [("高新技术企业", 500.0, "家"), ("研发投入", 15.0, "%")]),
        ("一.二", "推进数字化转型", [("市工信局", "responsible")], []),
        ("outside", []),
    ]
    assert _measures(ENUMERATION)[0] == (
        "一.一", "推进技改", [("市工信局", "responsible"), ("市发改局", "responsible")],
        [("技改投资", 8.0, "%"), ("智能工厂", 20.0, "个")])


@pytest.mark.parametrize("text, numbers", [
    # the clause ends item 2's own line, and item 1 stands on a line of its own: item 2's
    ("一、重点任务\n（一）建设平台。\n1.建设创新平台，新建省级平台5个。\n2.建设服务平台。（责任单位：市工信局）\n",
     ["一.一.1", "一.一.2"]),
    # every item has its clause
    ("一、重点任务\n（一）建设平台。\n1.建设创新平台。（责任单位：市科技局）\n2.建设服务平台。\n责任单位：市工信局\n",
     ["一.一.1", "一.一.2"]),
    # the parent's own text has one
    ("一、重点任务\n（一）建设平台（市科技局牵头）。\n1.建设创新平台，新建省级平台5个。\n2.建设服务平台。\n责任单位：市工信局\n",
     ["一.一", "一.一.1", "一.一.2"]),
    # an item has items of its own
    ("一、重点任务\n（一）建设平台。\n1.建设创新平台。\n（1）新建省级平台5个。\n2.建设服务平台。\n责任单位：市工信局\n",
     ["一.一.1.1", "一.一.2"]),
])
def test_the_clause_stays_the_items_otherwise(text: str, numbers: list[str]) -> None:
    doc = extract_text(text, source="t")
    assert [m.number for m in doc.measures] == numbers
    assert [d.name for d in doc.measures[-1].departments] == ["市工信局"]
