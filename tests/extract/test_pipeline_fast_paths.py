"""The fast paths of records, the pipeline, structure, tables and reader give exactly what the plain
code they replace gives.

Each reference below is the straightforward form the module used before it was made faster (a
frozen dataclass's own ``__init__``, ``dataclasses.replace``, a regex search, a scan of every item);
the fast form must agree with it value for value, on random input built to hit the edge cases.
"""

from __future__ import annotations

import dataclasses
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract import pipeline, reader, structure, tables
from extract.departments import DEADLINE_FIELD
from extract.normalize import _TABLE, normalize
from extract.records import (
    Comparator,
    DepartmentMention,
    Frequency,
    Indicator,
    Measure,
    Programme,
    Role,
    RoleRule,
    Section,
    SectionStyle,
    Span,
    new_indicator,
    new_measure,
    new_mention,
    new_section,
    replace_indicator,
    replace_measure,
    replace_mention,
    replace_programme,
    section_at,
)

# ---------------------------------------------------------------- records


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab一二 \n", max_size=12), st.integers(-2, 14), st.integers(-2, 14))
def test_span_of_is_the_validated_span(text: str, start: int, end: int) -> None:
    if 0 <= start < end <= len(text):
        span = Span.of(text, start, end)
        expected = Span(start, end, text[start:end])
        assert type(span) is Span and span == expected and hash(span) == hash(expected)
        assert (span.start, span.end, span.text) == (start, end, text[start:end])
        with pytest.raises(dataclasses.FrozenInstanceError):
            span.start = 0  # type: ignore[misc]
    else:
        with pytest.raises(ValueError):
            Span.of(text, start, end)


def _span(i: int) -> Span:
    return Span(i, i + 1, "x")


_MENTION = st.builds(lambda i, r, rr, rank, c, res, d: (_span(i), f"名{i}", f"全名{i}", r, rr, rank, c, res, d, _span(i + 1), _span(i + 2)),
                     st.integers(0, 50), st.sampled_from(Role), st.sampled_from(RoleRule), st.integers(1, 9),
                     st.booleans(), st.booleans(), st.none() | st.just("370783/fgj"))
_SECTION = st.builds(lambda n, d, o, t: (str(n), (str(n),) * d, SectionStyle.ITEM, d, o, t, _span(n) if t else None, _span(n + 1), _span(n + 2)),
                     st.integers(0, 50), st.integers(1, 4), st.integers(1, 9), st.none() | st.just("标题"))
_INDICATOR = st.builds(lambda i, v, y, f, c, b: (_span(i), "主体", v, str(v), "个", "万个", Comparator.GE, y, None if y is None else f"到{y}年",
                                                  f, None, "1.2", c, None if b is None else f"{b}年", b),
                       st.integers(0, 50), st.floats(0, 1e6), st.none() | st.integers(2020, 2030), st.none() | st.sampled_from(Frequency),
                       st.sampled_from([None, "increase", "decrease"]), st.none() | st.integers(2019, 2024))


@settings(max_examples=200, deadline=None)
@given(_MENTION, _SECTION, _INDICATOR)
def test_slot_constructors_build_what_the_dataclass_builds(mention: tuple, section: tuple, indicator: tuple) -> None:
    sec = Section(*section)
    measure = (sec.path_str, sec.path, sec.title, sec.span, sec, (DepartmentMention(*mention),), (Indicator(*indicator),), (), None, None)
    for new, cls, values in ((new_mention, DepartmentMention, mention), (new_section, Section, section),
                             (new_indicator, Indicator, indicator), (new_measure, Measure, measure)):
        built = new(*values)
        assert type(built) is cls and built == cls(*values)
        assert [getattr(built, f.name) for f in dataclasses.fields(cls)] == list(values)
        with pytest.raises(dataclasses.FrozenInstanceError):
            built.__setattr__(dataclasses.fields(cls)[0].name, None)


@settings(max_examples=200, deadline=None)
@given(_MENTION, _INDICATOR, st.integers(1, 9), st.none() | st.integers(2020, 2030), st.none() | st.text(max_size=3))
def test_slot_replacers_copy_what_dataclasses_replace_copies(mention: tuple, indicator: tuple, rank: int, year: int | None,
                                                            measure: str | None) -> None:
    m, i = DepartmentMention(*mention), Indicator(*indicator)
    p = Programme(_span(3), "链长制", None)
    sec = Section("1", ("1",), SectionStyle.ITEM, 1, 1, None, None, _span(0), _span(1))
    me = Measure("1", ("1",), None, _span(0), sec, (m,), (i,))
    cases = [(replace_mention, m, {"rank": rank}), (replace_mention, m, {}), (replace_indicator, i, {"year": year, "deadline": "x"}),
             (replace_programme, p, {"measure": measure}), (replace_measure, me, {"programmes": (p,)})]
    for replacer, obj, changes in cases:
        copied = replacer(obj, **changes)
        expected = dataclasses.replace(obj, **changes)
        assert type(copied) is type(obj) and copied == expected
        assert [getattr(copied, f.name) for f in dataclasses.fields(obj)] == [getattr(expected, f.name) for f in dataclasses.fields(obj)]
    with pytest.raises(TypeError):
        replace_mention(m, no_such_field=1)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="一、二（）标题。 ", min_size=0, max_size=10), st.integers(-1, 11), st.integers(-1, 11), st.integers(-1, 11),
       st.booleans(), st.integers(-1, 11), st.integers(-1, 11))
def test_section_at_is_new_section_of_three_spans(text: str, start: int, end: int, marker_end: int, titled: bool,
                                                  title_start: int, title_end: int) -> None:
    args = ("二", ("一", "二"), SectionStyle.CHAPTER, 2, 2)
    try:
        title_span = Span.of(text, title_start, title_end) if titled else None
        expected = new_section(*args, title_span.text if title_span else None, title_span,
                               Span.of(text, start, end), Span.of(text, start, marker_end))
    except ValueError:
        with pytest.raises(ValueError):
            section_at(text, *args, title_start if titled else None, title_end, start, end, marker_end)
        return
    built = section_at(text, *args, title_start if titled else None, title_end, start, end, marker_end)
    assert type(built) is Section and built == expected
    assert all(type(s) is Span for s in (built.span, built.marker_span)) and (built.title_span is None or type(built.title_span) is Span)


# ---------------------------------------------------------------- structure

_FOOTER_TEXT = ["责任编辑", "打印", "关闭", "扫一扫", "附件", "抄送", "(", ")", "[", "]", "【", "本页", "窗口", ":", " ", "\n",
                "\u3000", "在手机打开当前页", "文", "。"]
_FOOTER_WORDS_PATTERN = re.compile("责任编辑|打印|关闭|扫一扫|附件|抄送")


def _reference_body_end(norm: str) -> int:
    """body_end as it was: the first footer word found by one regex search."""
    word = _FOOTER_WORDS_PATTERN.search(norm)
    m = None
    if word is not None:
        first = word.start()
        lo = first
        while lo > 0 and norm[lo - 1].isspace():
            lo -= 1
        m = structure._FOOTER.search(norm, max(0, min(lo, first - 1)))
    end = m.start() if m else len(norm)
    while end > 0 and norm[end - 1].isspace():
        end -= 1
    return end


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_FOOTER_TEXT), max_size=25).map("".join))
def test_body_end_matches_one_search_for_the_footer_words(text: str) -> None:
    norm = normalize(text)
    assert structure.body_end(norm) == _reference_body_end(norm)


HEADINGS = ["一、", "二、", "（一）", "(二)", "（1）", "1.", "2、", "①", "一是", "二是", "第一条", "，一是"]
TEXT = ["我", "的", "。", "；", " ", "\t", "\n", "\u3000", "\xa0", "(责任单位:", "牵头", "、", "1", ")"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(HEADINGS + TEXT), max_size=40).map("".join))
def test_section_spans_are_trimmed(text: str) -> None:
    """extract() uses a leaf section's span as its measure's span without trimming it again."""
    norm = normalize(text)
    for s in structure.find_sections(text, norm):
        assert pipeline._trim(norm, s.span.start, s.span.end) == (s.span.start, s.span.end)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(HEADINGS + TEXT), max_size=40).map("".join))
def test_every_ancestor_path_is_a_parent(text: str) -> None:
    """extract() asks whether a section is a measure heading only of parents: every proper prefix of a
    section's path, which it looks up, must be the path of a section that has a child."""
    sections = structure.find_sections(text, normalize(text))
    parents = {s.path[:-1] for s in sections}
    assert {s.path[:k] for s in sections for k in range(1, len(s.path))} <= parents & {s.path for s in sections}
    assert {s.path for s in sections} - parents == {s.path for s in structure.leaves(sections)}


# ---------------------------------------------------------------- pipeline


def test_deadline_labels_hold_a_label_char() -> None:
    labels = re.match(r"\(\?:([^)]*)\)", DEADLINE_FIELD.pattern).group(1).split("|")
    assert labels and all(any(c in label for c in pipeline._DEADLINE_LABEL_CHARS) for label in labels)


_DEADLINE_TEXT = ["完成时限", "完成时间", "完成期限", "时间节点", "时限要求", "时限", "时", "限", "间", ":", "：", " ", "2024年底前",
                  "年", ";", ")", "\n", "任务"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_DEADLINE_TEXT), max_size=20).map("".join), st.integers(0, 40), st.integers(0, 40))
def test_deadline_field_is_the_search(text: str, start: int, end: int) -> None:
    norm = normalize(text)
    found, expected = pipeline._deadline_field(norm, start, end), DEADLINE_FIELD.search(norm, start, end)
    assert (found and (found.span(), found.group("d"))) == (expected and (expected.span(), expected.group("d")))


_DEADLINE_LABELS = ["完成时限", "完成时间", "完成期限", "时间节点", "时限要求", "时限", "时", "限", "间"]
_DEADLINE_FILLER = [":", "：", " ", "2024年底前", "年", ";", ")", "\n", "任务", "推进"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_DEADLINE_FILLER), max_size=8).map("".join), st.sampled_from(_DEADLINE_LABELS),
       st.lists(st.sampled_from(_DEADLINE_FILLER + _DEADLINE_LABELS), max_size=8).map("".join), st.integers(0, 40), st.integers(0, 40))
def test_deadline_field_around_one_label_is_the_search(before: str, label: str, after: str, start: int, end: int) -> None:
    norm = normalize(before + label + after)  # one label, so that each label is the only one often enough
    found, expected = pipeline._deadline_field(norm, start, end), DEADLINE_FIELD.search(norm, start, end)
    assert (found and (found.span(), found.group("d"))) == (expected and (expected.span(), expected.group("d")))


@pytest.mark.parametrize("text", ["任务。(完成时间:2024年底前)", "时间节点:2025年6月", "完成期限:年内", "完成时限:长期坚持"])
def test_deadline_field_examples(text: str) -> None:
    norm = normalize(text)
    assert pipeline._deadline_field(norm, 0, len(norm)).group("d") == DEADLINE_FIELD.search(norm).group("d")


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(1, 10)), max_size=12), st.lists(st.integers(-1, 45), max_size=12))
def test_first_holders_is_the_first_span_holding_each_position(raw: list[tuple[int, int]], positions: list[int]) -> None:
    spans = sorted(((s, s + n) for s, n in raw), key=lambda se: se[0])  # overlapping and nested spans too
    expected = [next((k for k, (s, e) in enumerate(spans) if s <= pos < e), None) for pos in positions]
    assert pipeline._first_holders(spans, positions) == expected


# ---------------------------------------------------------------- tables


def _reference_cells(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    out, s = [], start
    for i in range(start, end + 1):
        if i == end or norm[i] == "\t":
            a, b = s, i
            while a < b and norm[a] == " ":
                a += 1
            while b > a and norm[b - 1] == " ":
                b -= 1
            out.append((a, b))
            s = i + 1
    return out


def _reference_rows(norm: str, start: int = 0, end: int | None = None) -> list[tables.Row]:
    """find_rows as it was: lines from a slice, every cell label tried against every column."""
    stop = len(norm) if end is None else end
    if norm.find("\t", start, stop) == -1:
        return []
    out = []
    kinds = None
    for m in re.finditer(r"[^\n]+", norm[start:stop]):
        ls, le = m.start() + start, m.end() + start
        if "\t" not in norm[ls:le]:
            kinds = None
            continue
        cells = _reference_cells(norm, ls, le)
        header: list[str | None] = []
        for a, b in cells:
            label = re.sub(r"\s", "", norm[a:b])
            header.append(next((k for k, rx in tables._COLUMNS if label and len(label) <= 12 and rx.search(label)), None))
        if ("lead" in header or "responsible" in header) and ("task" in header or header.count(None) >= 1):
            kinds = header
            continue
        if kinds is None:
            continue
        offset = len(kinds) - len(cells)
        if offset < 0:
            continue
        row = {}
        for i, cell in enumerate(cells):
            kind = kinds[i + offset]
            if kind and cell[1] > cell[0]:
                row[kind] = cell
        if "task" not in row:
            free = [c for i, c in enumerate(cells) if kinds[i + offset] in (None, "category")]
            if free:
                row["task"] = max(free, key=lambda c: c[1] - c[0])
        if "task" in row:
            out.append(tables.Row((ls, le), row))
    return out


_TABLE_TEXT = ["\t", "\n", " ", "序号", "重点任务", "牵头单位", "配合单位", "责任单位", "完成时限", "类别", "1", "推进数字经济发展",
               "市发改局", "2024年底前", "x" * 13, "内容"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_TABLE_TEXT), max_size=40).map("".join), st.integers(0, 10), st.integers(0, 10))
def test_find_rows_matches_the_character_scan(text: str, cut_start: int, cut_end: int) -> None:
    start, end = min(cut_start, len(text)), max(0, len(text) - cut_end)
    assert list(tables.find_rows(text, start, end)) == _reference_rows(text, start, end)
    assert list(tables.find_rows(text)) == _reference_rows(text)
    for m in re.finditer(r"[^\n]+", text):
        assert tables._cells(text, *m.span()) == _reference_cells(text, *m.span())


# Header labels, labels of exactly and just over the 12 characters a label may have, and cell text.
_CELL_TEXT = ["序号", "重点任务", "牵头单位", "配合单位", "责任单位", "完成时限", "类别", "1", "2", "推进数字经济发展", "市发改局",
              "2024年底前", "牵头单位配合单位责任单位", "重点任务 重点任务 重点任务", "牵头单位配合单位责任单位x", "内容", " ", ""]
_LINE_TEXT = st.lists(st.lists(st.sampled_from(_CELL_TEXT), max_size=3).map("".join), max_size=6).map("\t".join)


@settings(max_examples=1000, deadline=None)
@given(st.lists(_LINE_TEXT, max_size=8).map("\n".join), st.integers(0, 200), st.integers(0, 200))
def test_find_rows_of_table_lines_matches_the_character_scan(text: str, cut_start: int, cut_length: int) -> None:
    start, end = min(cut_start, len(text)), min(cut_start + cut_length, len(text))
    assert list(tables.find_rows(text, start, end)) == _reference_rows(text, start, end)
    assert list(tables.find_rows(text)) == _reference_rows(text)
    for m in re.finditer(r"[^\n]+", text):
        assert tables._cells(text, *m.span()) == _reference_cells(text, *m.span())


def test_find_rows_examples() -> None:
    header = "序号\t类别\t重点任务重点任务重点任务\t牵头单位"  # a label of exactly 12 characters is still a label
    text = header + "\n1\t现代化产业体系建设领域\t推进\t市发改局\n2\t产业\t推进数字经济发展\t市财政局"
    rows = list(tables.find_rows(text))
    assert [text[slice(*r.cells["task"])] for r in rows] == ["推进", "推进数字经济发展"]
    assert rows == _reference_rows(text)
    cut = list(tables.find_rows(text, 0, len(text) - 2))  # the last row stops where the region does
    assert cut[-1].span[1] == len(text) - 2 and cut == _reference_rows(text, 0, len(text) - 2)


# ---------------------------------------------------------------- reader and normalize


def test_cjk_or_ascii_count_examples() -> None:
    for text, count in (("\x7f\x80" * 200, 200), ("一鿿\u4dff\ua000" * 100, 200), ("一，" * 99 + "\ud800", 99)):
        assert reader._cjk_or_ascii_count(text) == count == sum(map(len, reader._CJK_OR_ASCII.findall(text)))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab一鿿\u4dff\ua000，。\x7f\x80\ud800\U00020000", max_size=400), st.integers(0, 300))
def test_cjk_or_ascii_count_matches_the_runs(text: str, pad: int) -> None:
    for t in (text, "一" * pad + text):  # short ones count with the regex, long ones (256 and over) on the array
        assert reader._cjk_or_ascii_count(t) == sum(map(len, reader._CJK_OR_ASCII.findall(t)))


_NORMALIZED = "".join(sorted({chr(cp) for cp in list(_TABLE)[:400]} | set("责任单位：（）〔〕")))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=_NORMALIZED + "发改局 \t\n", min_size=256, max_size=600), st.sampled_from(["", "\U0010ffff", "\U000e0100", "\ud800"]))
def test_normalize_array_path_is_translate(text: str, odd: str) -> None:
    for t in (text, text + odd):  # past the table's code points, or not encodable: str.translate
        assert normalize(t) == t.translate(_TABLE)


@pytest.mark.parametrize("head", [b"<!DOCTYPE html>", b"  \n<html>", b"\xef\xbb\xbf<!DOCTYPE HTML>", b"\xef\xbb\xbf<HTML lang=zh>"])
def test_read_bytes_sniffs_html_by_its_start(head: bytes) -> None:
    page = head + "<body><p>一、总体要求</p><p>推进工作。</p></body></html>".encode()
    assert reader.read_bytes(page, source="page").format == "html"
    assert reader.read_bytes(b" " * 3000 + "<html>一、总体要求".encode(), source="t").format == "txt"  # past the first 2048 bytes
