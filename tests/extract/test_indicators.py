"""Comparators, numerals, deadlines, frequencies and the numbers that are not targets."""

from __future__ import annotations

import pytest

from extract.indicators import chinese_to_number, find_indicators
from extract.normalize import normalize


def _targets(text: str) -> list[tuple]:
    return [
        (i.subject, i.value, i.unit, i.comparator.value, i.year, i.frequency and i.frequency.value)
        for i in find_indicators(text, normalize(text), 0, len(text))
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("到2025年，规上工业企业达到300家。", [("规上工业企业", 300, "家", ">=", 2025, None)]),
        ("高新技术企业不少于50家。", [("高新技术企业", 50, "家", ">=", None, None)]),
        ("森林覆盖率不低于20%。", [("森林覆盖率", 20, "%", ">=", None, None)]),
        ("研发投入占比30%以上。", [("研发投入占比", 30, "%", ">=", None, None)]),
        ("5G基站建设突破2000个。", [("5G基站建设", 2000, "个", ">", None, None)]),
        ("快递业务量超过1亿件。", [("快递业务量", 100000000, "件", ">", None, None)]),
        ("粮食产量超100万吨。", [("粮食产量", 1000000, "吨", ">", None, None)]),
        ("蔬菜产量稳定在450万吨左右。", [("蔬菜产量", 4500000, "吨", "~", None, None)]),
        ("新建冷库约20座。", [("冷库", 20, "座", "~", None, None)]),
        ("审批时限压缩至3个工作日以内。", [("审批时限", 3, "个工作日", "<=", None, None)]),
        ("城镇调查失业率控制在5.5%以下。", [("城镇调查失业率", 5.5, "%", "<=", None, None)]),
        ("单位GDP能耗不超过0.5吨标准煤。", [("单位GDP能耗", 0.5, "吨标准煤", "<=", None, None)]),
        ("PM2.5平均浓度低于35微克。", []),  # 微克 is not a unit we count; PM2.5 is a name
        ("空气优良天数比例低于10%。", [("空气优良天数比例", 10, "%", "<", None, None)]),
        ("2024年底前建成示范村15个。", [("示范村", 15, "个", "=", 2024, None)]),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_indicators_comparators(text: str, expected: list) -> None:
    assert _targets(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("新增就业岗位两千个。", [("就业岗位", 2000, "个", "=", None, None)]),
        ("打造百个示范点。", [("示范点", 100, "个", "=", None, None)]),
        ("培育新型农业经营主体三十家以上。", [("新型农业经营主体", 30, "家", ">=", None, None)]),
        ("年均新增城镇就业1.5万人。", [("城镇就业", 15000, "人", "=", None, "annual")]),
        ("累计建成充电桩3000个以上。", [("充电桩", 3000, "个", ">=", None, "cumulative")]),
        ("每年开展培训20场次以上。", [("培训", 20, "场次", ">=", None, "annual")]),
        ("地区生产总值年均增长6.5%左右。", [("地区生产总值", 6.5, "%", "~", None, "annual")]),
        ("“十四五”末，农村自来水普及率达到98%。", [("农村自来水普及率", 98, "%", ">=", 2025, None)]),
    ],
)
def test_indicators_numerals_and_frequencies(text: str, expected: list) -> None:
    assert _targets(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "加快5G、千兆光网建设。",  # 5G and 千兆 are names
        "实施“1+15+N”快递物流配送网络建设。",  # numbers in quotes
        "加强省“十强”产业集群培育。",
        "落实《山东省“十四五”规划（2021—2025年）》要求。",  # book titles and periods
        "根据鲁政字〔2023〕209号文件精神。",  # a document number
        "寿光市人民政府 2024年9月13日",  # a date
        "制定实施中小学校建设三年计划。",  # a duration
        "省里出台的5项重大任务、30条具体措施支持力度大。",  # descriptive counts
        "对投资1000万元以上的项目给予支持。",  # a qualifier
        "对新认定的企业给予最高200万元奖励。",  # a subsidy cap
        "培育一批新兴产业增长点。",  # 一批 is an idiom
        "严格落实全国一张清单。",
        "抢占第三代半导体新赛道。",  # an ordinal
        "开展国家省市县四级对接活动。",  # 级 is a rank
        "比2023年增长的部分。",  # a baseline year is not a deadline, and no number
    ],
)
def test_indicators_traps_are_not_targets(text: str) -> None:
    assert _targets(text) == []


def test_indicators_deadline_governs_rest_of_sentence_only() -> None:
    got = _targets("到2025年，蔬菜品种达到300个以上，产能稳定在450万吨左右。粮食面积稳定在125万亩以上。")
    assert [(s, y) for s, _, _, _, y, _ in got] == [("蔬菜品种", 2025), ("产能", 2025), ("粮食面积", None)]


def test_indicators_qualifier_number_is_skipped_but_target_kept() -> None:
    got = _targets("年均滚动实施投资500万元以上技改项目100个左右。")
    assert got == [("投资500万元以上技改项目", 100, "个", "~", None, "annual")]


def test_indicators_enumerated_counts_after_a_target_verb() -> None:
    got = _targets("到2025年，再推动1家企业上市、1家企业新三板挂牌。")
    assert got == [("企业上市", 1, "家", "=", 2025, None), ("企业新三板挂牌", 1, "家", "=", 2025, None)]


def test_indicators_span_is_evidence_in_original_text() -> None:
    text = "到２０２５年，５Ｇ基站建设突破２０００个。"  # full-width digits and letters
    [ind] = find_indicators(text, normalize(text), 0, len(text))
    assert (ind.span.text, ind.value, ind.year, ind.printed_value) == ("５Ｇ基站建设突破２０００个", 2000, 2025, "２０００")


@pytest.mark.parametrize("cn, value", [("两千", 2000), ("百", 100), ("三十", 30), ("一万五千", 15000), ("十二", 12)])
def test_indicators_chinese_numerals(cn: str, value: float) -> None:
    assert chinese_to_number(cn) == value
