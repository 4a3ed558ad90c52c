"""What a target counts: not the section number that opens its sentence, nor the year's words."""

from __future__ import annotations

import pytest

from extract.indicators import find_indicators
from extract.normalize import normalize
from extract.pipeline import extract_text


def _targets(text: str) -> list[tuple]:
    return [(i.subject, i.value, i.unit, i.frequency and i.frequency.value)
            for i in find_indicators(text, normalize(text), 0, len(text))]


@pytest.mark.parametrize("text, expected", [
    ("力争全年完成工业技改投资增长15%以上。", [("工业技改投资", 15.0, "%", None)]),
    ("确保全年新增规上工业企业50家。", [("规上工业企业", 50.0, "家", None)]),
    ("今年新增产值超亿元企业10家。", [("产值超亿元企业", 10.0, "家", None)]),
    ("年内建成5G基站100个。", [("5G基站", 100.0, "个", None)]),
    # every year is still a frequency
    ("每年新增高新技术企业20家。", [("高新技术企业", 20.0, "家", "annual")]),
    ("规上工业增加值年增长8%。", [("规上工业增加值", 8.0, "%", "annual")]),
])
def test_the_years_own_words_are_neither_subject_nor_frequency(text: str, expected: list[tuple]) -> None:
    assert _targets(text) == expected


def test_a_section_number_opening_the_sentence_is_no_part_of_the_subject() -> None:
    text = "一、重点任务\n（一）①新建省级平台5个；②研发投入年均增长15%。（责任单位：市科技局）\n（二）（1）培育企业10家。\n（2）建成基站20个。\n"
    doc = extract_text(text, source="t")
    subjects = [(i.subject, i.span.text) for m in doc.measures for i in m.indicators] + \
        [(i.subject, i.span.text) for i in doc.indicators]
    assert subjects == [("省级平台", "省级平台5个"), ("研发投入", "研发投入年均增长15%"), ("企业", "企业10家"), ("基站", "基站20个")]


@pytest.mark.parametrize("text, expected", [
    ("到2025年，高新技术企业数量实现倍增。", [("高新技术企业数量", 2.0, "倍", None)]),
    ("力争营业收入翻一倍。", [("营业收入", 2.0, "倍", None)]),
    # a name and a manner of growing, not targets
    ("实施高新技术企业倍增计划。", []),
    ("数字经济规模成倍增长。", []),
])
def test_doubling_in_words(text: str, expected: list[tuple]) -> None:
    assert _targets(text) == expected
