"""The section tree: 一、 / （一） / 1. / （1） / ① / 一是, and where the body of the plan ends.

A numbered heading is accepted only where its number continues the sequence it belongs to
(（二） after （一）, or 1. as the first child of a new parent), so that "1.5万", "（2023—2025年）"
or an inline "一是" inside a sentence do not open sections. Styles nest in the order they first
appear, which is GB/T 9704's order in most documents but need not be.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from extract.records import Section, SectionStyle, Span, new_section, slot_constructor

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_CN = "[一二三四五六七八九十]{1,3}"
# A heading starts a line, follows white space, or follows the end of a sentence or an annotation.
_BOUNDARY = r"(?<![^\s。;!?:)\]])"
# The lookahead on the first character lets the regex engine skip to candidate positions instead of
# trying the boundary lookbehind and seven alternatives at every character (twice as fast).
_MARKERS = re.compile(
    rf"(?=[一二三四五六七八九十(\d{_CIRCLED}第])"
    + _BOUNDARY
    + rf"(?:(?P<chapter>{_CN})、"
    + rf"|\((?P<section>{_CN})\)"
    + r"|(?P<item>\d{1,5})(?:\.(?!\d)|、)"
    + r"|\((?P<subitem>\d{1,4})\)"
    + rf"|(?P<circled>[{_CIRCLED}])"
    + rf"|(?P<enum>{_CN})是(?=[\u4e00-\u9fff])"
    + r"|第(?P<article>[一二三四五六七八九十百]{1,4})条(?=[\s\u4e00-\u9fff“])"
    + r")"
)
# "一是…；二是…" runs on inside a paragraph, after a comma too.
# The separator is matched, not looked behind at: a pattern that starts with a character set lets the
# engine scan for it in one tight loop (twice as fast); the marker starts at the group.
_ENUM_INLINE = re.compile(rf"[,;,，；](?P<enum>{_CN})是(?=[\u4e00-\u9fff])")
_STYLE_OF_GROUP = {
    "chapter": SectionStyle.CHAPTER,
    "section": SectionStyle.SECTION,
    "item": SectionStyle.ITEM,
    "subitem": SectionStyle.SUBITEM,
    "circled": SectionStyle.CIRCLED,
    "enum": SectionStyle.ENUMERATION,
    "article": SectionStyle.ARTICLE,
}
# Web pages end with footers; they are not part of the last section.
_FOOTER = re.compile(
    r"(?=[(\[扫【\s附抄])"  # the first characters of every branch: lets the engine skip ahead
    r"(?:\(责任编辑[:][^)]*\)|\[(?:打印本页|关闭窗口|打印|关闭)\]|扫一扫在手机打开当前页|【(?:打印|关闭)|"
    r"(?m:^\s*(?:附件[:]?\s*$|抄送[:])))"
)
_TITLE_MAX = 40


def chinese_number(s: str) -> int:
    """一 → 1, 十二 → 12, 二十三 → 23 (section numbers only go that far)."""
    if s in _CIRCLED:  # before isdigit(): "①".isdigit() is True
        return _CIRCLED.index(s) + 1
    if s.isascii() and s.isdigit():
        return int(s)
    if "百" in s:
        hundreds, _, rest = s.partition("百")
        return (_CN_DIGITS.get(hundreds, 1) if hundreds else 1) * 100 + (chinese_number(rest.lstrip("零")) if rest.strip("零") else 0)
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    value = 0
    for ch in s:
        value = value * 10 + _CN_DIGITS.get(ch, 0)
    return value


@dataclass(frozen=True, slots=True)
class _Marker:
    start: int
    end: int
    style: SectionStyle
    number: str
    value: int


_new_marker = slot_constructor(_Marker)  # a document has hundreds of candidate markers


def _markers(norm: str, limit: int) -> list[_Marker]:
    found: dict[int, _Marker] = {}
    inline = False
    for pattern in (_MARKERS, _ENUM_INLINE):
        for m in pattern.finditer(norm, 0, limit):
            start = m.start() if pattern is _MARKERS else m.start("enum")
            if start in found:
                continue
            group = m.lastgroup
            assert group is not None
            number = m.group(group)
            found[start] = _new_marker(start, m.end(), _STYLE_OF_GROUP[group], number, _number_value(number))
            inline = inline or pattern is _ENUM_INLINE
    # Heading markers come in order; only inline 一是 markers need merging in.
    return [found[k] for k in sorted(found)] if inline else list(found.values())


@functools.lru_cache(maxsize=1024)
def _number_value(number: str) -> int:
    return chinese_number(number)


# Every footer holds one of these words: where the text has none (most plain-text documents) the
# pattern, which tries every bracket and white space, need not run at all.
_FOOTER_WORDS = ("责任编辑", "打印", "关闭", "扫一扫", "附件", "抄送")


def body_end(norm: str) -> int:
    """Where the document's text ends before web-page footers (责任编辑, 打印本页 …)."""
    first = min((i for i in (norm.find(w) for w in _FOOTER_WORDS) if i != -1), default=-1)
    m = None
    if first != -1:
        # A footer starts at most one bracket before its word, or at the start of the run of white
        # space before it (^\s*附件): nothing earlier can match.
        lo = first
        while lo > 0 and norm[lo - 1].isspace():
            lo -= 1
        m = _FOOTER.search(norm, max(0, min(lo, first - 1)))
    end = m.start() if m else len(norm)
    while end > 0 and norm[end - 1].isspace():
        end -= 1
    return end


def find_sections(text: str, norm: str, *, start: int = 0, end: int | None = None) -> tuple[Section, ...]:
    """The numbered sections of ``text[start:end]`` in document order (a flat list; ``path`` gives the tree).

    >>> from extract.normalize import normalize
    >>> t = "一、重要举措 （一）实施工程。 1.培育集群。到2025年达到5个。 2.推动技改。"
    >>> [(s.path_str, s.title) for s in find_sections(t, normalize(t))]
    [('一', '重要举措'), ('一.一', '实施工程'), ('一.一.1', '培育集群'), ('一.一.2', '推动技改')]
    """
    limit = body_end(norm) if end is None else end
    stack: list[tuple[_Marker, tuple[str, ...]]] = []  # (marker, path) of open sections, outermost first
    styles: list[SectionStyle] = []  # their styles, kept alongside
    opened: list[tuple[_Marker, tuple[str, ...], int, int]] = []  # accepted markers: path, depth, order
    orders: dict[tuple[str, ...], int] = {}
    for mk in _markers(norm, limit):
        if mk.start < start:
            continue
        if mk.style in styles:
            k = styles.index(mk.style)
            if mk.value != stack[k][0].value + 1:
                continue  # not the next sibling: text, not a heading
            del stack[k:]
            del styles[k:]
        elif mk.value != 1:
            continue  # a new level must start at 1 (一、 / （一） / 1.)
        parent_path = stack[-1][1] if stack else ()
        path = parent_path + (mk.number,)
        stack.append((mk, path))
        styles.append(mk.style)
        orders[parent_path] = orders.get(parent_path, 0) + 1
        opened.append((mk, path, len(stack), orders[parent_path]))
    # A section runs to the next accepted heading at its depth or above: one pass with a stack of the
    # sections still open (depths increasing), not a scan of the rest of the list for each section.
    stops = [limit] * len(opened)
    pending: list[int] = []
    for i, (mk, _, depth, _) in enumerate(opened):
        while pending and opened[pending[-1]][2] >= depth:
            stops[pending.pop()] = mk.start
        pending.append(i)
    sections: list[Section] = []
    for i, (mk, path, depth, order) in enumerate(opened):
        stop = stops[i]
        while stop > mk.end and norm[stop - 1].isspace():
            stop -= 1
        if stop <= mk.start:
            continue
        title_start = mk.end
        while title_start < stop and norm[title_start] in " \t":  # 第一条 加快…: a gap after the number
            title_start += 1
        title, title_span = _title(text, norm, title_start, stop)
        # number, path, style, depth, order, title, title_span, span, marker_span
        sections.append(new_section(mk.number, path, mk.style, depth, order, title, title_span,
                                    Span.of(text, mk.start, stop), Span.of(text, mk.start, mk.end)))
    return tuple(sections)


_TITLE_STOP = re.compile(r"[。!?\n]|\s|\((?=[^)]{0,6}(?:单位|部门|牵头|负责))")


def _title(text: str, norm: str, start: int, stop: int) -> tuple[str | None, Span | None]:
    """The heading after the number: up to the first 。, line end or gap, when it is short enough."""
    m = _TITLE_STOP.search(norm, start, stop)
    end = m.start() if m else stop
    while end > start and norm[end - 1] in " ,;:、":
        end -= 1
    if end <= start or end - start > _TITLE_MAX:
        return None, None
    span = Span.of(text, start, end)
    return span.text, span


def leaves(sections: tuple[Section, ...]) -> list[Section]:
    """Sections without children, in document order."""
    parents = {s.path[:-1] for s in sections}
    return [s for s in sections if s.path not in parents]
