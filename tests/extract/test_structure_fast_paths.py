"""The fast paths of structure, metadata and reader give exactly what the plain patterns they replace give.

Each reference below is the straightforward form the module used before it was made faster; the
fast form must agree with it value for value on text built to make the patterns collide.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from extract import metadata, reader, structure
from extract.normalize import normalize
from extract.records import SectionStyle
from extract.references import DOC_NUMBER

HEADINGS = ["一、", "二、", "十一、", "（一）", "(二)", "（1）", "(2)", "1.", "2、", "1.5", "①", "②", "一是", "二是", "十二是",
            "第一条", "第二条 ", "第一百条", "，一是", "；二是", ",三是", "（一）（1）", "(1)(2)",
            "1）", "2)", "12)", "第一，", "第二,", "第三、"]
TEXT = ["我", "的", "。", "；", ";", "，", ",", ":", "!", "?", ")", "]", "“", " ", "\t", "\n", "\u3000", "\u2003", "\xa0",
        "(责任单位:", "牵头", "、", "是", "条", "百", "十", "1", "0"]
fragments = st.lists(st.sampled_from(HEADINGS + TEXT), max_size=40).map("".join)

_CN = "[一二三四五六七八九十]{1,3}"
_REFERENCE_MARKERS = re.compile(
    r"(?<![^\s。;!?:)\]])"
    rf"(?:(?P<chapter>{_CN})、|\((?P<section>{_CN})\)|(?P<item>\d{{1,5}})(?:\.(?!\d)|、)|(?P<half>\d{{1,3}})\)(?!\d)|\((?P<subitem>\d{{1,4}})\)"
    rf"|(?P<circled>[{structure._CIRCLED}])|(?P<enum>{_CN})是(?=[\u4e00-\u9fff])"
    r"|第(?P<article>[一二三四五六七八九十百]{1,4})条(?=[\s\u4e00-\u9fff“])"
    rf"|第(?P<ordinal>{_CN}),(?=[\u4e00-\u9fff]))"
)
_REFERENCE_INLINE = re.compile(rf"[,;,，；](?P<enum>{_CN})是(?=[\u4e00-\u9fff])")
_STYLES = {"chapter": SectionStyle.CHAPTER, "section": SectionStyle.SECTION, "item": SectionStyle.ITEM,
           "subitem": SectionStyle.SUBITEM, "circled": SectionStyle.CIRCLED, "enum": SectionStyle.ENUMERATION,
           "article": SectionStyle.ARTICLE, "half": SectionStyle.HALF_BRACKETED, "ordinal": SectionStyle.ENUMERATION}


def _reference_markers(norm: str, limit: int) -> list[tuple[int, int, SectionStyle, str]]:
    """A lookbehind tried at every character, then the inline 一是 merged in by position."""
    found: dict[int, tuple[int, int, SectionStyle, str]] = {}
    for pattern in (_REFERENCE_MARKERS, _REFERENCE_INLINE):
        for m in pattern.finditer(norm, 0, limit):
            start = m.start() if pattern is _REFERENCE_MARKERS else m.start("enum")
            group = m.lastgroup
            assert group is not None
            found.setdefault(start, (start, m.end(), _STYLES[group], m.group(group)))
    return [found[k] for k in sorted(found)]


def test_space_class_is_exactly_backslash_s() -> None:
    everything = "".join(map(chr, range(0x110000)))
    spelled = set(re.findall(f"[{structure._SPACE_CHARS}]", everything))
    assert spelled == {c for c in everything if c.isspace()} == set(re.findall(r"\s", everything))


@settings(max_examples=400, deadline=None)
@given(fragments, st.integers(0, 200))
def test_markers_match_the_lookbehind_pattern(text: str, cut: int) -> None:
    norm = normalize(text)
    for limit in (len(norm), min(cut, len(norm))):
        assert structure._markers(norm, limit) == _reference_markers(norm, limit)


def test_markers_examples() -> None:
    norm = normalize("（一）（1）任务；一是抓落实,二是强保障。1.5万个 十二是好")
    assert [(s, e, st.value, n) for s, e, st, n in structure._markers(norm, len(norm))] == [
        (0, 3, "section", "一"), (3, 6, "subitem", "1"), (9, 11, "enumeration", "一"), (15, 17, "enumeration", "二"),
        (27, 30, "enumeration", "十二"),
    ]  # not 1.5万


@settings(max_examples=300, deadline=None)
@given(fragments)
def test_section_order_is_its_place_among_siblings(text: str) -> None:
    """find_sections takes a section's order from its number's value: siblings only come in sequence from 1."""
    sections = structure.find_sections(text, normalize(text))
    seen: dict[tuple[str, ...], int] = {}
    for s in sections:
        seen[s.path[:-1]] = seen.get(s.path[:-1], 0) + 1
        assert s.order == seen[s.path[:-1]]
    assert len({s.path for s in sections}) == len(sections)


DOC_PARTS = ["鲁政字", "国办发", "府办", "文", "号", "〔2023〕", "[2024]", "(2019)", "（2020）", "12号", "1 号", " ", "\u3000",
             "\n", "》", "(", ")", "2023", "一二三四五六七八九十一二三", "〔2024〕12号"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(DOC_PARTS), max_size=30).map("".join), st.integers(0, 200))
def test_doc_numbers_match_doc_number_finditer(text: str, cut: int) -> None:
    norm = normalize(text)
    for end in (len(norm), min(cut, len(norm))):
        expected = [(m.span(), m.groupdict()) for m in DOC_NUMBER.finditer(norm[:end])]
        assert [(m.span(), m.groupdict()) for m in metadata._doc_numbers(norm, end)] == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["各区", "(县、市)", "人民政府", ",", "、", ";", "(", ")", "单位", " "]), max_size=20).map("".join))
def test_split_outside_brackets_matches_a_character_scan(text: str) -> None:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += ch == "("
        depth -= ch == ")" and depth > 0
        if depth == 0 and ch in ",、;":
            parts.append((start, i))
            start = i + 1
    parts.append((start, len(text)))
    assert metadata._split_outside_brackets(text, 0, len(text)) == parts


def _reference_tidy(text: str) -> str:
    lines = []
    for line in text.split("\n"):
        cells = [re.sub(r"[ \u00a0\u3000\r]+", " ", c).strip() for c in line.split("\t")]
        if any(cells):  # empty cells stay where a row has text: they keep its cells under their headings
            lines.append("\t".join(cells))
    return "\n".join(lines)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([" ", "\t", "\n", "\r", "\xa0", "\u3000", "\u2003", "\x0b", "发文机关", "发文字号：",
                                 "鲁政字〔2023〕209号", "标题", "x"]), max_size=30).map("".join))
def test_tidy_matches_a_substitution_per_cell(text: str) -> None:
    assert reader._tidy(text) == _reference_tidy(text)


# Pieces of the footer words and their keys on their own, so that a key often stands without its word;
# the padding makes texts longer than the few characters below which str.find skips memchr.
FOOTER_PIECES = ["责任编辑", "责任", "编", "编辑", "任编", "打印", "打", "印", "印发", "关闭", "关", "闭", "扫一扫", "扫一", "扫",
                 "一扫", "附件", "附", "件", "抄送", "抄", "送", "我", "\n", "点", "里", "比", "ﾍ", "\u6270"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(FOOTER_PIECES), max_size=30).map("".join), st.integers(0, 40))
def test_find_word_is_str_find(text: str, pad: int) -> None:
    for padded in (text, "的" * pad + text, text + "的" * pad):
        for word, key in structure._FOOTER_KEYS:
            assert structure._find_word(padded, word, key) == padded.find(word)


def test_find_word_examples() -> None:
    text = "编制规划，责任编辑:张三" + "的" * 30 + "[打印本页]"
    assert [structure._find_word(text, w, k) for w, k in structure._FOOTER_KEYS] == [5, 43, -1, -1, -1, -1]
    assert structure._FOOTER_KEYS == (("责任编辑", 2), ("打印", 1), ("关闭", 1), ("扫一扫", 0), ("附件", 0), ("抄送", 0))
    assert structure._find_word("编辑", "责任编辑", 2) == -1  # a key too near the start has no word before it


TRANSMIT_PIECES = ["关于", "印发", "转发", "《", "》", "寿光市行动方案", "的", "通知", "的通知", "\n", "办公厅", "我"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(TRANSMIT_PIECES), max_size=20).map("".join))
def test_every_transmit_match_ends_with_its_literal(text: str) -> None:
    # find_metadata searches for _TRANSMIT only where the literal its matches end with stands.
    m = metadata._TRANSMIT.search(text)
    assert m is None or m.group().endswith(metadata._TRANSMIT_END)


def test_transmit_examples() -> None:
    for text in ("关于印发《寿光市行动方案》的通知", "关于转发寿光市行动方案的通知", "办公厅\n印发《寿光市行动方案》的通知"):
        assert metadata._TRANSMIT.search(text).group().endswith("的通知")
    assert metadata._TRANSMIT.search("关于印发《寿光市行动方案》的") is None
