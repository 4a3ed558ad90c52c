"""Comparators, numerals, deadlines, frequencies and the numbers that are not targets."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

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
    "text, expected",
    [
        ("企业开办时间压缩至0.5个工作日。", [("企业开办时间", 0.5, "个工作日", "<=", None, None)]),
        ("城镇调查失业率控制在5.5%。", [("城镇调查失业率", 5.5, "%", "<=", None, None)]),
        ("农村自来水普及率提高到98%。", [("农村自来水普及率", 98, "%", ">=", None, None)]),
        ("到2027年，设备投资规模较2023年增长25%以上。", [("设备投资规模", 25, "%", ">=", 2027, None)]),
        ("全省汽车报废更新量比2023年增长50%。", [("全省汽车报废更新量", 50, "%", "=", None, None)]),
        ("到2026年，规上工业增加值突破6000亿元，年均增长7%左右。",
         [("规上工业增加值", 600000000000, "元", ">", 2026, None), ("规上工业增加值", 7, "%", "~", 2026, "annual")]),
        ("到2027年，数字化研发设计工具普及率、关键工序数控化率分别超过90%、75%。",
         [("数字化研发设计工具普及率", 90, "%", ">", 2027, None), ("关键工序数控化率", 75, "%", ">", 2027, None)]),
        ("研发投入、专利授权量、技术合同成交额分别达到10亿元、500件、20亿元以上。",
         [("研发投入", 1000000000, "元", ">=", None, None), ("专利授权量", 500, "件", ">=", None, None),
          ("技术合同成交额", 2000000000, "元", ">=", None, None)]),
    ],
    ids=["compress-to", "held-to", "raise-to", "base-year-is-not-subject-or-annual", "base-year-bi",
         "growth-inherits-subject", "respectively-two", "respectively-three"],
)
def test_indicators_levels_bases_and_respectively(text: str, expected: list) -> None:
    assert _targets(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("到2027年，设备投资规模较2023年增长25%以上。", [("设备投资规模", 25, "%", ">=", "increase", "2023年", 2023)]),
        ("单位地区生产总值能耗比2020年下降14%。", [("单位地区生产总值能耗", 14, "%", "=", "decrease", "2020年", 2020)]),
        ("到2025年，单位地区生产总值能耗与2020年相比下降13.5%。",
         [("单位地区生产总值能耗", 13.5, "%", "=", "decrease", "2020年", 2020)]),
        ("全市一般公共预算收入比上年增长6%。", [("全市一般公共预算收入", 6, "%", "=", "increase", "上年", None)]),
        ("规上工业增加值同比增长8%。", [("规上工业增加值", 8, "%", "=", "increase", "同比", None)]),
        ("规上工业增加值比上年同期增长10%。", [("规上工业增加值", 10, "%", "=", "increase", "上年同期", None)]),
        ("技改投资年均增长8%以上。", [("技改投资", 8, "%", ">=", "increase", None, None)]),
        ("数字经济核心产业增加值占比提高5个百分点。", [("数字经济核心产业增加值占比", 5, "个百分点", "=", "increase", None, None)]),
        ("化学需氧量排放总量减少1000吨。", [("化学需氧量排放总量", 1000, "吨", "=", "decrease", None, None)]),
        ("农民人均可支配收入增加2000元。", [("农民人均可支配收入", 2000, "元", "=", "increase", None, None)]),
        ("农村自来水普及率提高到98%。", [("农村自来水普及率", 98, "%", ">=", None, None, None)]),
        ("城镇登记失业率控制在4.5%以内。", [("城镇登记失业率", 4.5, "%", "<=", None, None, None)]),
        ("报废汽车回收量较2023年增加约一倍。", [("报废汽车回收量", 1, "倍", "~", "increase", "2023年", 2023)]),
        ("碳排放强度下降约10%。", [("碳排放强度", 10, "%", "~", "decrease", None, None)]),
    ],
    ids=["base-year", "base-year-decrease", "base-year-xiangbi", "last-year-is-not-annual", "year-on-year",
         "same-period-last-year", "annual-growth", "percentage-points", "amount-decrease", "amount-increase",
         "raise-to-is-a-level", "held-to-is-a-level", "increase-about", "decrease-about"],
)
def test_indicators_changes_and_their_bases(text: str, expected: list) -> None:
    """A value is a change (增长8%, 减少1000吨) or a level to reach (提高到98%); a change may say what it is
    measured from (较2023年, 比上年, 同比), and 比上年增长 is growth since last year, not a rate a year."""
    found = find_indicators(text, normalize(text), 0, len(text))
    assert [(i.subject, i.value, i.unit, i.comparator.value, i.change, i.base, i.base_year) for i in found] == expected
    assert all(i.frequency is None for i in found if i.base is not None)


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


def _multiples(text: str) -> list[tuple]:
    return [
        (i.subject, i.value, i.unit, i.comparator.value, i.year, i.change, i.base, i.base_year, i.span.text,
         i.printed_value, i.unit_text)
        for i in find_indicators(text, normalize(text), 0, len(text))
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("到2025年，数字经济规模翻一番。",
         [("数字经济规模", 2, "倍", "=", 2025, None, None, None, "数字经济规模翻一番", "翻一番", "")]),
        ("高新技术企业数量实现翻番。",
         [("高新技术企业数量", 2, "倍", "=", None, None, None, None, "高新技术企业数量实现翻番", "翻番", "")]),
        ("力争总产值翻两番。", [("总产值", 4, "倍", "=", None, None, None, None, "总产值翻两番", "翻两番", "")]),
        ("规上工业营业收入实现翻倍。",
         [("规上工业营业收入", 2, "倍", "=", None, None, None, None, "规上工业营业收入实现翻倍", "翻倍", "")]),
        ("到2025年，数字经济规模翻一番以上。",
         [("数字经济规模", 2, "倍", ">=", 2025, None, None, None, "数字经济规模翻一番以上", "翻一番", "")]),
        ("全市人均GDP比2020年翻一番左右。",
         [("全市人均GDP", 2, "倍", "~", None, None, "2020年", 2020, "全市人均GDP比2020年翻一番左右", "翻一番", "")]),
        ("力争到2027年，工业总产值翻一番多。",
         [("工业总产值", 2, "倍", ">", 2027, None, None, None, "工业总产值翻一番多", "翻一番", "")]),
        ("产值增长约翻一番。", [("产值", 2, "倍", "~", None, None, None, None, "产值增长约翻一番", "翻一番", "")]),
        ("数字经济规模、软件收入分别翻一番、翻两番。",
         [("数字经济规模", 2, "倍", "=", None, None, None, None, "数字经济规模、软件收入分别翻一番", "翻一番", ""),
          ("软件收入", 4, "倍", "=", None, None, None, None, "软件收入分别翻一番、翻两番", "翻两番", "")]),
        # 增长一倍 was a target before multiples in words were: the change by 1倍, as 增长1倍 is.
        ("研发投入增长一倍以上。",
         [("研发投入", 1, "倍", ">=", None, "increase", None, None, "研发投入增长一倍以上", "一", "倍")]),
        ("研发投入增长1倍。", [("研发投入", 1, "倍", "=", None, "increase", None, None, "研发投入增长1倍", "1", "倍")]),
    ],
    ids=["double-by-deadline", "double-achieve", "quadruple-strive", "double-fanbei", "double-at-least",
         "double-about-with-base", "double-more", "grow-about-double", "respectively-double-quadruple",
         "grow-one-times-in-words", "grow-one-times-in-digits"],
)
def test_indicators_multiples_in_words(text: str, expected: list) -> None:
    """翻一番 / 翻番 / 翻倍 is a level of 2倍 (翻两番 4倍) with no change, as 是2020年的2倍 reads; 增长一倍 stays the
    change by 1倍 that it says."""
    assert _multiples(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "落实《关于推动数字经济规模翻一番的实施意见》要求。",  # in a title
        "深入实施“翻一番”行动。",  # in quotes
        "实施规上企业翻番计划。",  # a name: the multiple does not end its clause
        "对营业收入翻番的企业给予奖励。",  # a qualifier of the firms rewarded
        "“十三五”期间，全市经济总量翻了一番。",  # a change done, not one committed to
        "翻一番。",  # nothing before it to multiply
        "做好文件翻译和老旧设施翻新。",  # 翻 without a multiple
    ],
)
def test_indicators_multiples_in_words_traps_are_not_targets(text: str) -> None:
    assert _targets(text) == []


def test_indicators_multiple_span_is_evidence_in_original_text() -> None:
    text = "（三）数字经济。到２０２５年，全市数字经济规模翻一番以上，“翻一番”行动全面铺开。"
    [ind] = find_indicators(text, normalize(text), 0, len(text))
    assert text[ind.span.start:ind.span.end] == ind.span.text == "全市数字经济规模翻一番以上"
    assert (ind.value, ind.unit, ind.comparator.value, ind.year, ind.deadline) == (2, "倍", ">=", 2025, "到２０２５年")


def test_indicators_multiples_in_words_through_the_pipeline() -> None:
    """A document whose only targets are multiples in words: the document's one scan finds them in
    measures and outside them, and masks the one in a title."""
    from extract.pipeline import extract_text

    text = ("关于印发某县数字经济发展行动方案的通知\n"
            "为贯彻落实《数字经济规模翻一番三年行动》，制定本方案。到2025年，全县数字经济规模翻一番。\n"
            "一、重点任务\n"
            "（一）培育企业。高新技术企业数量实现翻番。（责任单位：县科技局）\n")
    doc = extract_text(text)
    found = [(i.subject, i.value, i.unit, i.year, i.measure, text[i.span.start:i.span.end]) for i in doc.all_indicators()]
    assert found == [("全县数字经济规模", 2, "倍", 2025, None, "全县数字经济规模翻一番"),
                     ("高新技术企业数量", 2, "倍", None, "一.一", "高新技术企业数量实现翻番")]


def test_fast_path_multiples_searched_only_where_there_is_a_fan(monkeypatch: pytest.MonkeyPatch) -> None:
    """A text without 翻 costs one str.find, never the multiples' pattern."""
    from extract import indicators

    class Refuse:
        def finditer(self, *args: object) -> None:
            raise AssertionError("the multiples' pattern ran on a text without 翻")

    monkeypatch.setattr(indicators, "_MULTIPLE", Refuse())
    text = "到2025年，规上工业企业达到300家，研发投入增长一倍以上。"
    assert _targets(text) == [("规上工业企业", 300, "家", ">=", 2025, None), ("研发投入", 1, "倍", ">=", 2025, None)]


_MULTIPLE_PIECES = ["翻", "番", "一", "两", "三", "倍", "增", "翻一番", "翻番", "翻两番", "翻倍", "翻一倍", "倍增", "了", "产值", "以上", "左右", "的",
                    "计划", "实现", "增长", "约", "比2020年", "到2025年", "300个", "“", "”", "《", "》", ",", "、", "。", "G"]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_MULTIPLE_PIECES), max_size=14).map("".join))
def test_fast_path_multiples_merge_with_the_numbers(text: str) -> None:
    """Scan's candidates are the numbers and the multiples outside quotes, in order; every target's span
    is its evidence, and a multiple's value is 2 to the power of its 番."""
    from extract.indicators import _MULTIPLE, _NUMBER, Masks, Scan

    scan = Scan(text)
    quoted = Masks(scan.masks.ranges)
    expected = sorted([m.span() for m in _NUMBER.finditer(text) if m.start() not in quoted]
                      + [m.span() for m in _MULTIPLE.finditer(text)])
    assert [m.span() for m in scan.numbers] == expected
    assert scan.number_starts == [a for a, _ in expected]
    for ind in find_indicators(text, normalize(text), 0, len(text)):
        assert text[ind.span.start:ind.span.end] == ind.span.text
        if ind.unit_text == "":  # a multiple in words
            assert ind.value == {"翻番": 2, "翻倍": 2, "翻一番": 2, "翻一倍": 2, "倍增": 2, "翻两番": 4, "翻三番": 8}[ind.printed_value]


@pytest.mark.parametrize("cn, value", [("两千", 2000), ("百", 100), ("三十", 30), ("一万五千", 15000), ("十二", 12)])
def test_indicators_chinese_numerals(cn: str, value: float) -> None:
    assert chinese_to_number(cn) == value


# The fast paths of extract/indicators.py against the plain formulations they replaced, on random
# texts made of the pieces the rules look at (exact matches asserted, not only the targets).

_PIECES = [
    "1", "2", "0", "5", "2025", "2024", "12", "3.5", ".", "一", "两", "三", "十", "百", "千", "万", "亿", "五", "十四五", "十三五",
    "个", "家", "%", "个百分点", "万元", "吨", "个月", "项", "批", "年", "月", "日", "底", "前", "以前", "末", "期末", "时期末",
    "到", "至", "在", "力争", "确保", "达到", "突破", "增长", "左右", "以上", "的", "新增", "年均", "每年", "累计", "较", "起",
    ",", "、", ";", ":", "(", ")", "。", "!", "?", "\n", " ", "“", "”", '"', "《", "》", "[", "]", "号", "—", "-", "~",
    "企业", "基站", "G", "第", "+",
    "٣", "๕", "𝟘", "é", "한", "\u2460",  # digits of other scripts, and characters around the digit superset
]


def _random_texts(n: int, seed: int = 7) -> list[str]:
    import random

    rng = random.Random(seed)
    return ["".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 80))) for _ in range(n)]


def test_fast_path_digit_superset_holds_every_decimal_digit() -> None:
    import re

    from extract.indicators import _MAYBE_DIGIT

    every = "".join(map(chr, range(0x110000)))
    superset = re.compile("[" + _MAYBE_DIGIT + "]")
    assert [c for c in re.findall(r"\d", every) if not superset.fullmatch(c)] == []


def _plain_number_and_quoted() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The number and quote patterns as they read plainly: a lookahead in front, one branch per unit."""
    from extract.indicators import _BASE_UNITS, _CN_NUM

    cn = _CN_NUM
    plain_units = "|".join(re.escape(u) for u in sorted(_BASE_UNITS, key=len, reverse=True))
    plain_number = re.compile(
        r"(?=[\d" + cn + r"])(?P<num>(?<![0-9.])\d++(?:\.\d++)?+|(?<![" + cn + r"])[" + cn + r"]++(?:点[零〇一二三四五六七八九]++)?+)"
        r"(?P<mult>万亿|千万|百万|万|亿)?(?P<unit>" + plain_units + ")"
    )
    plain_quoted = re.compile(
        r"[“\"《\[(\d]"
        r"(?:(?<=“)[^”“\n]{0,60}”|(?<=\")[^\"\n]{0,60}\"|(?<=《)[^》\n]{0,120}》|(?<=\[)\d{4}\]\s*\d+\s*号|"
        r"(?<=\()\d{4}\s*[—\-~至]\s*\d{4}年?\)|(?<=\d)\d{3}\s*[—\-~至]\s*\d{4}年|(?<=\d)\d{3}年\d{1,2}月\d{1,2}日)"
    )
    return plain_number, plain_quoted


def _assert_patterns_match_as_the_plain_ones(text: str, start: int) -> None:
    from extract.indicators import _NUMBER, _QUOTED, Masks, Scan

    plain_number, plain_quoted = _plain_number_and_quoted()
    numbers = [(m.span(), m.groups()) for m in plain_number.finditer(text, start)]
    quoted = [m.span() for m in plain_quoted.finditer(text, start)]
    assert [(m.span(), m.groups()) for m in _NUMBER.finditer(text, start)] == numbers

    def masked(ranges: list[tuple[int, int]]) -> set[int]:
        # A period in brackets is masked from its first digit on, and where the search starts right
        # after its bracket, up to its closing one: masks are looked up at numbers, years and cues only,
        # never at a bracket, and hold the same of those.
        return {p for a, b in ranges for p in range(a, b) if text[p] not in "()"}

    fast_quoted = [m.span() for m in _QUOTED.finditer(text, start)]
    if start and text[start - 1] == "(":
        # A search that starts right after a bracket sees it (lookbehinds look before the start) and may
        # mask a period the plain search misses, (2021至2025): digits and separators, which hold no
        # number (checked below) and no deadline (no 年). The pipeline scans from the text's start.
        assert masked(fast_quoted) >= masked(quoted)
    else:
        assert masked(fast_quoted) == masked(quoted)
        assert fast_quoted == [(a + 1 if text[a] == "(" else a, b) for a, b in quoted]
    # Scan's one pass: the same quotes, the same numbers but those inside quotes.
    scan = Scan(text, (), start)
    inside = Masks(quoted)
    assert scan.masks.ranges == fast_quoted
    assert [(m.span(), m.group("num", "mult", "unit")) for m in scan.numbers] == [
        (span, groups[:3]) for span, groups in numbers if span[0] not in inside]


def test_fast_path_patterns_match_as_the_plain_ones() -> None:
    for text in _random_texts(3000):
        for start in (0, len(text) // 3):
            _assert_patterns_match_as_the_plain_ones(text, start)


# Numbers with and without units, periods, dates, document numbers and quotes, whole and in parts.
_NUMBER_PIECES = ["2025", "2021", "12", "3", "0", "1.5", ".", "٣", "一", "两", "十二", "五千", "三点五", "点", "万", "亿",
                  "千", "百", "个", "个百分点", "百分点", "千瓦时", "千米", "吨标准煤", "吨", "人次", "场", "家", "%", "年",
                  "月", "日", "—", "-", "至", " ", "(", ")", "[", "]", "号", "“", "”", '"', "《", "》", "第", "G", "x", "\n",
                  "2024年3月1日", "2024年12月31日", "2024年3月", "2021—2025年", "2021至2025年", "2021 - 2025年", "2021~2025",
                  "(2021—2025年)", "(2021至2025)", "(2021-2025年", "[2024]12号", "[2024] 3 号", "“十强”", "“1+15+N”",
                  "《规划(2021—2025年)》", "300个", "1.5万吨", "两千家", "20%", "5个百分点", "1000万元", "2亿"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_NUMBER_PIECES), max_size=16).map("".join), st.integers(0, 5))
def test_fast_path_number_patterns_match_as_the_plain_ones(text: str, start: int) -> None:
    _assert_patterns_match_as_the_plain_ones(text, min(start, len(text)))


def test_fast_path_sentence_breaks_around_numbers() -> None:
    import bisect
    import re

    from extract.indicators import _NO_BREAK, Scan

    for text in _random_texts(2000, seed=8):
        for start, end in ((0, len(text)), (len(text) // 4, len(text) * 3 // 4)):
            scan = Scan(text, (), start, end)
            breaks = [m.start() for m in re.finditer(r"[。!?\n]", text[:end])]
            breaks = [b for b in breaks if b >= start]
            for m, before, after in zip(scan.numbers, scan.break_before, scan.break_after):
                k = bisect.bisect_right(breaks, m.start())
                assert before == (breaks[k - 1] if k else -1)
                assert after == (breaks[k] if k < len(breaks) else _NO_BREAK)


# The deadline pattern as it reads plainly: a lookahead in front, an optional lead word, the year.
_PLAIN_DEADLINE = re.compile(
    r"(?=[力争确计预截到至在2“\"十])"
    r"(?P<pre>力争到|力争在|争取到|争取在|确保到|确保在|计划到|预计到|截止到|截至|截止|力争|争取|确保|到|至|在)?"
    r"(?P<year>20\d{2})年(?P<tail>(?:\d{1,2}月)?(?:底|末)?(?:前|以前|之前)?)"
    r"|(?P<pre2>到|至)?[“\"]?(?P<plan>十三五|十四五|十五五)[”\"]?(?:期末|时期末|末|期间|时期)"
)
_PLAIN_PLAN_END = {"十三五": 2020, "十四五": 2025, "十五五": 2030}


_BASE_YEAR = re.compile(r"(?:较|比|与|同比|相比|从|由|自|于)$")
_YEAR_RANGE, _SINCE, _DAY = re.compile(r"\s*[—\-~至到]\s*\d"), re.compile(r"\d{0,2}日?(?:起|以来|开始)|起"), re.compile(r"\d{1,2}日(?!前)")


_PLAIN_PERIOD_HEAD = re.compile(r"20\d{2}年?\s*[—\-~至]\s*$")


def _plain_deadlines(norm: str, s: int, e: int, masks) -> list[tuple]:  # the whole sentence searched
    found = []
    for m in _PLAIN_DEADLINE.finditer(norm, s, e):
        start = m.start()
        if m.group("year") and m.start("year") in masks:
            # A masked year is a deadline only as the end of a period (2024—2027年) not in brackets,
            # and the deadline is the whole period.
            head = _PLAIN_PERIOD_HEAD.search(norm[max(s, start - 8):start])
            if head is None:
                continue
            start = max(s, start - 8) + head.start()
            if norm[max(s, start - 1):start] in ("(", "[", "“", '"'):
                continue
        before, after = norm[max(s, start - 2):start], norm[m.end():m.end() + 3]
        if m.group("year"):
            if _BASE_YEAR.search(before) or _YEAR_RANGE.match(after) or _SINCE.match(after) or _DAY.match(after):
                continue
            found.append((start, m.end(), int(m.group("year")), norm[start:m.end()]))
        else:
            found.append((m.start(), m.end(), _PLAIN_PLAN_END[m.group("plan")], m.group()))
    return found


def _assert_deadlines_as_the_plain_ones(text: str, masks: list[tuple[int, int]]) -> None:
    from extract.indicators import Scan, _deadlines

    scan = Scan(text, masks)
    # What _sentence passes: a sentence (no 。!?\n inside), or the part of one in a region.
    cuts = [-1] + [m.start() for m in re.finditer(r"[。!?\n]", text)] + [len(text)]
    for s, e in [(a + 1, b) for a, b in itertools.pairwise(cuts)] + [(cuts[1] // 2 + 1, cuts[1])]:
        years = [i for i in range(s, e) if text[i] == "年"]
        plans = [i for i in range(s, e) if text[i] == "五"]
        got = _deadlines(text, s, e, scan.masks, years[0] if years else -1, years[-1] if years else -1,
                         plans[0] if plans else -1, plans[-1] if plans else -1) if years or plans else ([], [], [])
        assert [(x, y, year, text[x:y]) for x, y, year in zip(*got)] == _plain_deadlines(text, s, e, scan.masks)


def test_fast_path_deadlines_searched_near_their_year_only() -> None:
    for text in _random_texts(3000, seed=9):
        _assert_deadlines_as_the_plain_ones(text, [(3, 6)])


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.text(alphabet="abc", min_size=1, max_size=3), min_size=1, max_size=8, unique=True),
       st.text(alphabet="abcd", max_size=12), st.sampled_from(["", "c", "(?:b|)c", "d?$", "(?=a)"]))
def test_fast_path_alternation_tries_the_words_in_their_order(words: list[str], text: str, after: str) -> None:
    # What follows the words makes the engine backtrack into them: the words must be tried in the same
    # order there too, not only give the same first match.
    from extract.indicators import _alternation

    plain = re.compile("(?P<w>" + "|".join(map(re.escape, words)) + ")" + after)
    grouped = re.compile("(?P<w>" + _alternation(words) + ")" + after)
    assert [(m.span(), m.group("w")) for m in grouped.finditer(text)] == [
        (m.span(), m.group("w")) for m in plain.finditer(text)]
    for pos in range(len(text) + 1):
        p, g = plain.match(text, pos), grouped.match(text, pos)
        assert (g.span(), g.group("w")) == (p.span(), p.group("w")) if p else g is None


_CUE_PIECES = ["不", "少于", "低于", "超过", "达", "到", "达到", "超", "过", "约", "为", "约为", "增长", "增长到", "提高",
               "至", "了", "下降", "降至", "控制在", "突破", " ", "\n", "年", "5"]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_CUE_PIECES), max_size=8).map("".join), st.integers(0, 8))
def test_fast_path_cue_pattern_matches_as_the_plain_one(text: str, cut: int) -> None:
    from extract.indicators import _CUES, _PREFIX

    plain = re.compile("(?P<cue>" + "|".join(_CUES) + r")(?:了|为|到|至)?\s*$")
    for lo in range(min(cut, len(text)) + 1):
        p, g = plain.search(text, lo), _PREFIX.search(text, lo)
        assert (g.span(), g.group("cue")) == (p.span(), p.group("cue")) if p else g is None


# A deadline's parts, each with near misses: a lead word (or none), a year or a plan period, what follows.
_LEADS = ["", "力争到", "力争在", "争取到", "争取在", "确保到", "确保在", "计划到", "预计到", "截止到", "截至", "截止", "力争",
          "争取", "确保", "到", "至", "在", "力", "争", "截", "计划", "预计", "截止在", "确保于", "到到", "x", "("]
_CORES = ["2025年", "2030年", "20٢٥年", "2025", "202年", "1025年", "2", "年", "十四五", "十三五", "十五五", "十六五",
          "“十四五”", '"十三五"', "“十四五", "十四", "十", "五"]
_TAILS = ["", "12月", "3月", "底", "末", "前", "以前", "之前", "12月底前", "期末", "时期末", "时", "”期末", "期间", "时期", "”期间", "x", ","]
# What may follow a year and make it no deadline (a period, a start, a day), or the end of a period
# its deadline (2025—2030年), and near misses.
_AFTERS = ["", "起", "以来", "开始", "5日起", "10日", "3日前", "12日前", "—2030年", " 至 2030", "~2030", "到2030年",
           "-", "至", "年", "12", "。", "较", "同比", "—2030年)", "-2027年"]
_DEADLINE_TEXTS = st.lists(st.tuples(st.sampled_from(_LEADS), st.sampled_from(_CORES), st.sampled_from(_TAILS)).map("".join),
                           min_size=1, max_size=4).map("".join)


@settings(max_examples=3000, deadline=None)
@given(_DEADLINE_TEXTS, st.integers(0, 6), st.integers(0, 6))
def test_fast_path_deadline_pattern_matches_as_the_plain_one(text: str, cut_start: int, cut_end: int) -> None:
    from extract.indicators import _DEADLINE, _PLAN_END

    def plain(lo: int, hi: int) -> list[tuple]:
        return [(m.span(), m.start("year"), int(m.group("year"))) if m.group("year")
                else (m.span(), None, _PLAIN_PLAN_END[m.group("plan")]) for m in _PLAIN_DEADLINE.finditer(text, lo, hi)]

    def fast(lo: int, hi: int) -> list[tuple]:  # ``year`` holds the digits after the year's 2
        return [(m.span(), m.start("year") - 1, 2000 + int(m.group("year"))) if m.group("year")
                else (m.span(), None, _PLAN_END[m.group("plan")]) for m in _DEADLINE.finditer(text, lo, hi)]

    lo = min(cut_start, len(text))
    hi = max(lo, len(text) - cut_end)
    assert fast(0, len(text)) == plain(0, len(text))
    assert fast(lo, hi) == plain(lo, hi)


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(1, 8)), max_size=12), st.booleans(), st.integers(-1, 40))
def test_fast_path_masks_reach_without_max_where_none_nests(raw: list[tuple[int, int]], nest: bool, pos: int) -> None:
    from extract.indicators import Masks

    if nest:  # any ranges, nesting ones included
        ranges = sorted((a, a + n) for a, n in raw)
    else:  # ranges one after the other (what clauses and section numbers are): the ends never decrease
        ranges, end = [], 0
        for gap, n in raw:
            ranges.append((end + gap % 3, end + gap % 3 + n))
            end = ranges[-1][1]
    masks = Masks(ranges)
    assert masks.reach == list(itertools.accumulate([b for _, b in ranges], max))
    assert (pos in masks) == any(a <= pos < b for a, b in ranges)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2024—2027年，每年淘汰老旧营运车辆2000辆以上。", [("淘汰老旧营运车辆", 2000, 2027, "2024—2027年", "annual")]),
        ("2024-2026年，累计建成基站500个。", [("基站", 500, 2026, "2024-2026年", "cumulative")]),
        ("“十四五”期间，全省新能源汽车累计推广100万辆。", [("全省新能源汽车累计推广", 1000000, 2025, "“十四五”期间", "cumulative")]),
        ("十四五时期，新增企业100家。", [("企业", 100, 2025, "十四五时期", None)]),
        ("落实《规划（2021—2025年）》，新建基站200个。", [("基站", 200, None, None, None)]),  # a title's period
    ],
    ids=["period-end", "period-end-hyphen", "plan-period", "plan-time", "period-in-a-title"],
)
def test_indicators_periods_give_their_end_as_the_deadline(text: str, expected: list) -> None:
    found = find_indicators(text, normalize(text), 0, len(text))
    assert [(i.subject, i.value, i.year, i.deadline, i.frequency and i.frequency.value) for i in found] == expected


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(1, 8)), max_size=10),
       st.lists(st.tuples(st.integers(0, 30), st.integers(1, 8)), max_size=4),
       st.lists(st.integers(-1, 45), max_size=12))
def test_fast_path_masks_among_positions(base: list[tuple[int, int]], extra: list[tuple[int, int]],
                                         positions: list[int]) -> None:
    from extract.indicators import Masks

    masks = Masks.union(Masks(sorted((a, a + n) for a, n in base)), sorted((a, a + n) for a, n in extra))
    positions = sorted(positions)
    assert masks.among(positions) == {p for p in positions if p in masks}
    assert {p for p in positions if p in masks} == {
        p for p in positions if any(a <= p < a + n for a, n in base + extra)}


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_LEADS), st.sampled_from(_CORES), st.sampled_from(_TAILS),
                          st.sampled_from(_AFTERS)).map("".join), min_size=1, max_size=4).map("".join),
       st.integers(0, 20), st.integers(0, 4))
@example("到2024—2027年", 0, 0)  # a period's end, with the head's lead word
@example("落实(2025—2030年)", 0, 0)  # a period in brackets: no deadline
def test_fast_path_deadlines_as_the_plain_ones(text: str, mask_start: int, mask_length: int) -> None:
    _assert_deadlines_as_the_plain_ones(text, [(mask_start, mask_start + mask_length)] if mask_length else [])


@pytest.mark.parametrize(
    "text, expected",
    [
        # a rate is the growth of its own clause: the next clause's target is no annual one
        ("技能人才年均增长10%以上，力争新增城镇就业突破8000人。",
         [("技能人才", 10, "%", ">=", None, "annual"), ("城镇就业", 8000, "人", ">", None, None)]),
        ("规上工业企业研发投入年均增长10%以上，高新技术企业数量翻一番。",
         [("规上工业企业研发投入", 10, "%", ">=", None, "annual"), ("高新技术企业数量", 2, "倍", "=", None, None)]),
        # … and of a 其中 clause that parts it
        ("工业投资年均增长8%左右，其中技术改造投资增速不低于10%。",
         [("工业投资", 8, "%", "~", None, "annual"), ("技术改造投资增速", 10, "%", ">=", None, "annual")]),
        # 每年 and 累计 reach on past a comma
        ("每年新增规上企业50家，高新技术企业20家。",
         [("规上企业", 50, "家", "=", None, "annual"), ("高新技术企业", 20, "家", "=", None, "annual")]),
        ("累计建成5G基站3000个，千兆光网覆盖率达到90%。",
         [("5G基站", 3000, "个", "=", None, "cumulative"), ("千兆光网覆盖率", 90, "%", ">=", None, "cumulative")]),
    ],
    ids=["rate-ends-with-clause", "rate-then-multiple", "rate-reaches-qizhong", "every-year-reaches-on",
         "cumulative-reaches-on"],
)
def test_indicators_rate_frequency_reach(text: str, expected: list) -> None:
    assert _targets(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("支持企业建设省级以上创新平台20个以上。", [("省级以上创新平台", 20, "个", ">=", None, None)]),
        ("鼓励企业建设智能工厂10家。", [("智能工厂", 10, "家", "=", None, None)]),
        ("引导金融机构新增贷款100亿元。", [("金融机构新增贷款", 10_000_000_000, "元", "=", None, None)]),
    ],
    ids=["support-firms-to-build", "encourage-firms-to-build", "guide-keeps-its-object"],
)
def test_indicators_subject_without_who_is_helped(text: str, expected: list) -> None:
    # who is supported to do it (支持企业, 鼓励企业) is no part of what is counted
    assert _targets(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("——培育人工智能领军企业10家。", [("人工智能领军企业", 10, "家", "=", None, None)]),
        ("●新增高新技术企业50家。", [("高新技术企业", 50, "家", "=", None, None)]),
        ("——到2025年，人工智能核心产业规模突破1000亿元。", [("人工智能核心产业规模", 100_000_000_000, "元", ">", 2025, None)]),
    ],
    ids=["dash", "bullet", "dash-then-deadline"],
)
def test_indicators_subject_without_the_list_mark(text: str, expected: list) -> None:
    # a bulleted target list (—— / ● …): the mark opens the clause, and the fillers after it go too
    assert _targets(text) == expected
