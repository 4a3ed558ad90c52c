"""The section tree: 一、 / （一） / 1. / 1） / （1） / ① / 一是 / 第一， / 第一条, and where the body of the plan ends.

A numbered heading is accepted only where its number continues the sequence it belongs to
(（二） after （一）, or 1. as the first child of a new parent), so that "1.5万", "（2023—2025年）"
or an inline "一是" inside a sentence do not open sections. Styles nest in the order they first
appear, which is GB/T 9704's order in most documents but need not be.
"""

from __future__ import annotations

import functools
import re

from extract.records import Section, SectionStyle, section_at

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_CN = "[一二三四五六七八九十]{1,3}"
# \s spelled out, for use inside [...]: the characters str.isspace() accepts (checked by
# tests/extract/test_fast_paths.py). The engine tests such a class against a bitmap, but a category
# such as \s with a call per character: a third of the cost of scanning for heading boundaries.
_SPACE_CHARS = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# A heading starts a line, follows white space, or follows the end of a sentence or an annotation.
_BOUNDARY_CHARS = _SPACE_CHARS + r"。;!?:)\]"
_HEADING = (
    rf"(?:(?P<chapter>{_CN})、"
    + rf"|\((?P<section>{_CN})(?=\))"  # the ")" is looked at, not matched (see below)
    + r"|(?P<item>\d{1,5})(?:\.(?!\d)|、)"
    + r"|(?P<half>\d{1,3})(?=\)(?!\d))"  # 1）: the ")" is looked at, as （1）'s
    + r"|\((?P<subitem>\d{1,4})(?=\))"
    + rf"|(?P<circled>[{_CIRCLED}])"
    + rf"|(?P<enum>{_CN})是(?=[\u4e00-\u9fff])"
    + r"|第(?P<article>[一二三四五六七八九十百]{1,4})条(?=[\s\u4e00-\u9fff“])"
    + rf"|第(?P<ordinal>{_CN}),(?=[\u4e00-\u9fff])"  # 第一，加强组织领导: an enumeration, as 一是
    + r")"
)
# The boundary character before a heading is matched, not looked behind at: a pattern that starts
# with a character set lets the engine scan for it in one tight loop, and the lookahead on the
# heading's first character rejects most boundaries (a line end, a 。) before the seven alternatives
# are tried. Together this is 45% cheaper than a lookbehind tried at every candidate first character.
# The heading starts one character after the match; one at the very start of the text has no
# boundary character before it and is matched by HEADING_AT. The ")" that closes （一） and （1） is
# left unmatched, because it is itself the boundary before a heading right after it (（一）（1）).
_HEADING_OPENERS = "一二三四五六七八九十(第" + _CIRCLED  # what a heading's number opens with, but digits
_MARKERS = re.compile(rf"[{_BOUNDARY_CHARS}](?=[{_HEADING_OPENERS}\d])" + _HEADING)
HEADING_AT = re.compile(_HEADING)  # also for callers that strip a heading's number from what follows it
HEADING_FIRST = frozenset(_HEADING_OPENERS + "0123456789")
# "一是…；二是…" runs on inside a paragraph, after a comma too: [,;](一二三…){1,3}是 before a
# Chinese character. Every such marker ends in 是, so the pattern starts with that literal, which the
# engine finds with a plain character search, and checks what precedes it by lookbehind (one branch
# for each length of the number: a lookbehind has a fixed width). Most 是 are not enumerations, and
# the separator-first pattern tried at every comma cost more than the rest of the marker search.
_ENUM_INLINE = re.compile(
    "是(?:"
    + "|".join(rf"(?<=[,;,，；](?P<enum{n}>[一二三四五六七八九十]{{{n}}})是)" for n in (1, 2, 3))
    + r")(?=[\u4e00-\u9fff])"
)
# The style of each group, and how many characters of the marker follow the match (the closing ")").
_STYLE_OF_GROUP = {
    "chapter": (SectionStyle.CHAPTER, 0),
    "section": (SectionStyle.SECTION, 1),
    "item": (SectionStyle.ITEM, 0),
    "subitem": (SectionStyle.SUBITEM, 1),
    "half": (SectionStyle.HALF_BRACKETED, 1),
    "circled": (SectionStyle.CIRCLED, 0),
    "enum": (SectionStyle.ENUMERATION, 0),
    "ordinal": (SectionStyle.ENUMERATION, 0),
    "article": (SectionStyle.ARTICLE, 0),
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


def _markers(norm: str, limit: int) -> list[tuple[int, int, SectionStyle, str]]:
    """Candidate headings in ``norm[:limit]`` in text order: (start, end, style, number as printed).

    Plain tuples, not records: a document has hundreds of candidates and each is read once.
    """
    found = []
    pos = 0
    m = HEADING_AT.match(norm, 0, limit)
    if m:  # no boundary character before it
        style, closing = _STYLE_OF_GROUP[m.lastgroup]  # type: ignore[index]
        found.append((0, m.end() + closing, style, m.group(m.lastgroup)))  # type: ignore[arg-type]
        pos = m.end()
    for m in _MARKERS.finditer(norm, pos, limit):
        group = m.lastgroup
        style, closing = _STYLE_OF_GROUP[group]  # type: ignore[index]
        found.append((m.start() + 1, m.end() + closing, style, m.group(group)))  # type: ignore[arg-type]
    # "一是" after a comma: rare, and merged in by position (a 一是 after ";" is already a heading).
    inline = []
    for m in _ENUM_INLINE.finditer(norm, 0, limit):
        group = m.lastgroup
        inline.append((m.start(group), m.end(), SectionStyle.ENUMERATION, m.group(group)))  # type: ignore[arg-type]
    if inline:
        starts = {mk[0] for mk in found}
        found += [mk for mk in inline if mk[0] not in starts]
        found.sort()
    return found


def heading_end(m: re.Match[str]) -> int:
    """Where the heading number that ``HEADING_AT`` matched ends (with the ")" of （一） and （1））."""
    return m.end() + _STYLE_OF_GROUP[m.lastgroup][1]  # type: ignore[index]


@functools.lru_cache(maxsize=1024)
def _number_value(number: str) -> int:
    return chinese_number(number)


# Every footer holds one of these words: where the text has none (most plain-text documents) the
# pattern, which tries every bracket and white space, need not run at all. Six str.find, one a word,
# cost less than half of one regex search for all of them (the engine tests every character against
# the set of their six first characters; str.find skips through the text for one), and the first of
# the words in the text is at the least of the positions they find.
_FOOTER_WORDS = ("责任编辑", "打印", "关闭", "扫一扫", "附件", "抄送")
# Each word with the index of its key, the character of it that Chinese text holds least often
# (编, not 责; 闭, not 关). str.find of one character runs memchr over the text, many times cheaper
# than its search for a word of two to four characters; every occurrence of the key is then checked
# for the whole word. Six word searches over every text were 17 M instructions a pass over 200
# documents (tests/extract/test_structure_fast_paths.py checks _find_word against str.find).
_FOOTER_KEYS = tuple((word, word.index(key)) for word, key in zip(_FOOTER_WORDS, "编印闭扫附抄"))


def _find_word(norm: str, word: str, key: int) -> int:
    """``norm.find(word)``, found through the occurrences of ``word[key]``."""
    ch = word[key]
    i = norm.find(ch, key)  # the key of an occurrence stands at least ``key`` characters in
    while i != -1:
        if norm.startswith(word, i - key):
            return i - key
        i = norm.find(ch, i + 1)
    return -1


def body_end(norm: str) -> int:
    """Where the document's text ends before web-page footers (责任编辑, 打印本页 …)."""
    found = [i for i in (_find_word(norm, word, key) for word, key in _FOOTER_KEYS) if i != -1]
    m = None
    if found:
        first = min(found)
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
    # Accepted headings in order, as (start, end, style, number, path, depth, order), and where each
    # section stops: at the next accepted heading at its depth or above, else at ``limit``.
    opened: list[tuple[int, int, SectionStyle, str, tuple[str, ...], int, int]] = []
    stops: list[int] = []
    # The sections still open, outermost first (depths 1, 2, …): their styles, number values, paths
    # and indices into ``opened``, in parallel lists (``styles.index`` finds a style's level).
    styles: list[SectionStyle] = []
    values: list[int] = []
    paths: list[tuple[str, ...]] = []
    indices: list[int] = []
    last: dict[SectionStyle, int] = {}  # the value of the last accepted heading of each style
    orders: dict[tuple[str, ...], int] = {}  # children accepted so far under each parent path
    for mstart, mend, style, number in _markers(norm, limit):
        if mstart < start:
            continue
        value = _number_value(number)
        if style in styles:
            k = styles.index(style)
            if value != values[k] + 1:
                continue  # not the next sibling: text, not a heading
            for i in indices[k:]:  # the sibling and everything inside it end here
                stops[i] = mstart
            del styles[k:], values[k:], paths[k:], indices[k:]
        elif value != 1 and value != last.get(style, -1) + 1:
            # A new level starts at 1 (一、 / （一） / 1.), or goes on from the same style's last
            # number: plans that number their items through the document (（一）1. 2. （二）3. 4.).
            continue
        parent = paths[-1] if paths else ()
        path = parent + (number,)
        last[style] = value
        orders[parent] = order = orders.get(parent, 0) + 1
        styles.append(style)
        values.append(value)
        paths.append(path)
        indices.append(len(opened))
        opened.append((mstart, mend, style, number, path, len(styles), order))
        stops.append(limit)
    sections: list[Section] = []
    title_stop = _TITLE_STOP.search
    for (mstart, mend, style, number, path, depth, order), stop in zip(opened, stops):
        while stop > mend and norm[stop - 1].isspace():
            stop -= 1
        if stop <= mstart:
            continue
        # The title: the heading after the number, up to the first 。, line end or gap, when it is short enough.
        title_start = mend
        while title_start < stop and norm[title_start] in " \t":  # 第一条 加快…: a gap after the number
            title_start += 1
        m = title_stop(norm, title_start, stop)
        title_end = m.start() if m else stop
        while title_end > title_start and norm[title_end - 1] in " ,;:、":
            title_end -= 1
        if title_end <= title_start or title_end - title_start > _TITLE_MAX:
            title_start = None  # no title
        sections.append(section_at(text, number, path, style, depth, order, title_start, title_end, mstart, stop, mend))
    return tuple(sections)


_TITLE_STOP = re.compile(rf"[。!?{_SPACE_CHARS}]|\((?=[^)]{{0,6}}(?:单位|部门|牵头|负责))")  # \s includes \n


def leaves(sections: tuple[Section, ...]) -> list[Section]:
    """Sections without children, in document order."""
    parents = {s.path[:-1] for s in sections}
    return [s for s in sections if s.path not in parents]
