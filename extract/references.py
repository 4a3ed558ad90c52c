"""Cited policies (《…》 and the 文号 after them) and named programmes in quotes (“链长制”)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from extract.records import PolicyReference, Programme, Span, new_programme, new_reference

_TITLE = re.compile(r"《(?P<title>[^《》\n]{1,120})》")
# 〔2023〕209号 / [2023]209号 / (2023)209号 after an issuer code, in brackets or not.
DOC_NUMBER = re.compile(r"(?P<code>[\u4e00-\u9fff]{1,12}?)\s*[\[(](?P<year>(?:19|20)\d{2})[\])]\s*(?P<serial>[1-9]\d{0,4})\s*号")
_AFTER_TITLE = re.compile(r"\s*\(\s*(?P<num>[\u4e00-\u9fff]{1,12}?\s*[\[(](?:19|20)\d{2}[\])]\s*[1-9]\d{0,4}\s*号)[^)]{0,20}\)|\s*(?P<bare>[\u4e00-\u9fff]{1,12}?[\[(](?:19|20)\d{2}[\])][1-9]\d{0,4}号)")
_IMPLEMENTS = re.compile(r"(?:贯彻落实|认真贯彻|深入贯彻|贯彻|根据|按照|依据|依照|为落实|为贯彻)[^。;《]{0,20}$")
_SELF = re.compile(r"^(?:本)?(?:方案|实施方案|工作方案|行动方案|行动计划|计划|意见|实施意见|措施|若干措施|办法|细则|规划|要点|通知|清单|任务分工)$")

_PROGRAMME_SUFFIX = re.compile(r"(?:制|工程|行动|计划|活动|贷|专项|工作法)$")
_PROGRAMME_FOLLOW = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:行动|工程|计划|活动|制度|专项|品牌|举措|改革|机制)|工作(?=[。,;、\s]|$)")
_QUOTE = re.compile(r"“(?P<name>[^“”\n]{2,20})”")
# Compiled once here rather than looked up in re's cache at every call.
_SPIRIT_AFTER = re.compile(r"[^。]{0,6}精神")
_SPIRIT_CUE = re.compile(r"按照|根据|贯彻")
_CONJUNCTION = re.compile(r"\s*(?:和|及|以及|与|、|,)\s*")
_KEY_NOISE = re.compile(r"[\s()（）\[\]〔〕—\-–~～]")
_SLOGAN_LIST = re.compile(r"[、,，;；。]")


def find_references(text: str, norm: str, own_title: str | None) -> Iterator[PolicyReference]:
    """Every 《…》 title, with the 文号 that follows it and how the document relates to it.

    ``implements`` where 贯彻落实 / 根据 / 按照…精神 introduces it; ``self`` for 《方案》-style
    references (and the document's own title); ``cites`` otherwise.
    """
    own = _key(own_title) if own_title else None
    previous: tuple[int, str] | None = None  # (end, relation) of the last reference
    for m in _TITLE.finditer(norm):
        start, end = m.span()
        title_start, title_end = m.span("title")
        title = text[title_start:title_end]
        doc_number = None
        after = _AFTER_TITLE.match(norm, end)
        if after:
            g = "num" if after.group("num") else "bare"
            doc_number = text[after.start(g):after.end(g)]
            end = after.end()
        before = norm[max(0, start - 24):start]
        if _SELF.match(norm[title_start:title_end]) or (own and _key(title) == own):
            relation = "self"
        elif _IMPLEMENTS.search(before) or _SPIRIT_AFTER.match(norm[end:end + 8]) and _SPIRIT_CUE.search(before):
            relation = "implements"
        elif previous and previous[1] == "implements" and _CONJUNCTION.fullmatch(norm[previous[0]:start]):
            relation = "implements"  # 贯彻落实《A》和《B》: the cue governs both
        else:
            relation = "cites"
        previous = (end, relation)
        yield new_reference(Span.of(text, start, end), title, doc_number, relation)  # span, title, doc_number, relation


def _key(title: str) -> str:
    """Titles compare without bracket or dash differences: (2023—2025年) == （2023-2025年）."""
    return _KEY_NOISE.sub("", title)


def find_programmes(text: str, norm: str, start: int = 0, end: int | None = None) -> Iterator[Programme]:
    """Named initiatives in quotes that a cue marks as programmes: “链长制”, “工赋山东”行动, “信易贷”.

    Quotes also mark slogans (“数字智慧、绿色低碳”) and titles (“十强”产业): a name qualifies when it
    ends in a programme word (制 / 工程 / 行动 / 计划 / 活动 / 贷) or is followed by one.
    """
    stop = len(norm) if end is None else end
    for m in _QUOTE.finditer(norm, start, stop):
        name_start, name_end = m.span("name")
        name = norm[name_start:name_end]
        if _SLOGAN_LIST.search(name):
            continue  # a list of slogans
        quote_start, quote_end = m.span()
        if _PROGRAMME_SUFFIX.search(name) or _PROGRAMME_FOLLOW.match(norm, quote_end, min(stop, quote_end + 8)):
            # span, name, measure
            yield new_programme(Span.of(text, quote_start, quote_end), text[name_start:name_end], None)
