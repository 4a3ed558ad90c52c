"""Document metadata: title, issuer, date, 文号, jurisdiction and addressees.

A 通知 that transmits a plan (关于印发《X》的通知, or "《X》已经…同意，现印发给你们") is titled by the
plan it carries: X. Dates are normalised to YYYY-MM-DD from 2024年9月13日 and 二〇二四年九月十三日.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from extract.records import Span
from extract.references import DOC_NUMBER
from extract.structure import chinese_number
from ontology.gazetteer import Gazetteer, Place

_GENRE = r"(?:工作方案|实施方案|行动方案|方案|行动计划|工作计划|计划|实施意见|指导意见|意见|若干措施|措施|实施细则|细则|办法|规划|工作要点|要点|任务分工方案|任务分工|清单|通知|决定|规定|纲要|政策)"
# Matched at a line's start (match(norm, pos): no ^, which would hold at the text's start only).
_PLAN_TITLE = re.compile(r"[^\n。,;:!?\s]{4,80}?" + _GENRE + r"(?:\s*\([^)\n]{1,20}\))?")
# 关于印发《X》的通知, 关于印发X的通知, and 印发《X》的通知 under the issuer's line (中共…办公厅 …办公厅\n印发《X》的通知).
_TRANSMIT = re.compile(r"关于(?:印发|转发)(?:《(?P<a>[^》\n]+)》|(?P<b>[^《》\n]{4,80}?))的通知|(?:印发|转发)《(?P<c>[^》\n]+)》的通知")
_TRANSMIT_END = "的通知"  # the literal every _TRANSMIT match ends with
_TRANSMIT_REACH = 3000  # without a match in the head, _TRANSMIT is looked for in this many characters
_TRANSMIT_BODY = re.compile(r"《(?P<t>[^》\n]{4,120})》(?:已经|经)[^。\n]{0,40}?(?:同意|研究|审议)[^。\n]{0,20}?(?:印发|转发)给你们"
                            r"|现将《(?P<u>[^》\n]{4,120})》(?:印发|转发)给你们")
_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
_CN_DATE = re.compile(r"(?P<y>[二〇零一三四五六七八九]{4})年(?P<m>[一二三四五六七八九十]{1,2})月(?P<d>[一二三四五六七八九十]{1,3})日")
_ISSUER_TAIL = r"(?:人民政府办公室|人民政府办公厅|人民政府|委员会办公室|委员会|办公室|办公厅|管理委员会|管委会|局|委|厅|办)"
_SIGNATURE_DATES = r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[二〇零一三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日"
_ISSUER_NAME = r"[\u4e00-\u9fff()（）]{2,40}?" + _ISSUER_TAIL  # an issuer as signed: 寿光市人民政府办公室
_SIGNATURE = re.compile(r"(?P<issuer>" + _ISSUER_NAME + r")[ \t\u3000\n]{0,8}(?P<date>" + _SIGNATURE_DATES + ")")
_SIGNATURE_DATE = re.compile(_SIGNATURE_DATES)
_SIGNATURE_REACH = 40 + 7 + 8  # the longest issuer, tail and gap a signature allows before its date
_ADDRESSEES = re.compile(r"(?m)^[ \t]*(?P<list>(?:各|[\u4e00-\u9fff]{2,10}(?:人民政府|管委会|委员会|部门))[^\n:。]{0,200}?)[ \t]*:[ \t]*(?:\n|$|(?=[\u4e00-\u9fff《]))")
# DOC_NUMBER begins with a lazy run of up to 12 Chinese characters (the issuer code, 鲁政字), which
# the engine tries at every Chinese character of the head: a third of this module's time, and most
# heads hold no 文号 at all. Its bracketed year, which the code must directly precede (but for white
# space), is rare; _doc_numbers finds that first and matches DOC_NUMBER only where the code can start.
_CODE, _, _TAIL = DOC_NUMBER.pattern.partition(r"\s*[\[(]")
assert _CODE == r"(?P<code>[\u4e00-\u9fff]{1,12}?)", "_doc_numbers assumes DOC_NUMBER's code part"
_DOC_NUMBER_TAIL = re.compile(r"[\[(]" + _TAIL)
_CODE_MAX = 12
_LINE = re.compile(r"[^\n]+")
_NOT_PLAN_TITLE = re.compile(r"^\s*(?:各|为|根据|按照|现将|印发|转发)")
_LEAD_ISSUER = re.compile(r"[ \t]*(?P<i>" + _ISSUER_NAME + r")[ \t]+$")  # the first of two on one line
_ISSUER_LINE = re.compile(r"[ \t\u3000]*(?P<i>" + _ISSUER_NAME + r")[ \t\u3000]*")  # a line of its own
_LIST_PUNCTUATION = re.compile(r"[(),、;]")  # all that _split_outside_brackets looks at
_CN_YEAR = {"〇": "0", "零": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str | None
    title_span: Span | None
    issuer: str | None
    issuer_span: Span | None
    date: str | None
    date_span: Span | None
    doc_number: str | None
    doc_number_span: Span | None
    jurisdiction: Place | None
    addressees: tuple[Span, ...]


def _split_outside_brackets(norm: str, s: int, e: int) -> list[tuple[int, int]]:
    """各区(县、市)人民政府,市直各单位 → two parts: separators inside brackets do not split."""
    parts, depth, start = [], 0, s
    for m in _LIST_PUNCTUATION.finditer(norm, s, e):  # the brackets and separators, not every character
        ch = m.group()
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= depth > 0
        elif depth == 0:
            i = m.start()
            parts.append((start, i))
            start = i + 1
    parts.append((start, e))
    return parts


def _doc_numbers(norm: str, end: int) -> Iterator[re.Match[str]]:
    """The matches of ``DOC_NUMBER.finditer(norm, 0, end)``, found from their bracketed years.

    A match ends with the tail that a bracket starts, and its code is the run of Chinese characters
    before that bracket and its white space (the lazy code can only stop where the run does), at
    most 12 long: so DOC_NUMBER need only be tried from there to the tail's end. A bracket whose tail
    yields no match leaves every later match starting after it.
    """
    pos = scan = 0  # where finditer would look next, and where the next bracket is looked for
    while tail := _DOC_NUMBER_TAIL.search(norm, scan, end):
        lo = tail.start()
        while lo > pos and norm[lo - 1].isspace():
            lo -= 1
        m = DOC_NUMBER.search(norm, max(pos, lo - _CODE_MAX), tail.end())
        if m is None:
            scan = tail.start() + 1
            continue
        yield m
        pos = scan = m.end()


def iso_date(s: str) -> str | None:
    """2024年9月13日 / 二〇二四年九月十三日 → 2024-09-13."""
    m = _DATE.search(s)
    if m:
        y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
    else:
        m = _CN_DATE.search(s)
        if not m:
            return None
        y = int("".join(_CN_YEAR[c] for c in m.group("y")))
        mo, d = chinese_number(m.group("m")), chinese_number(m.group("d"))
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _heading_issuer(text: str, norm: str, title_start: int, gazetteer: Gazetteer) -> Span | None:
    """The issuer a notice names before its title, where it signs nowhere (党委 documents printed with
    the date under the title, web pages): 洛阳市人民政府关于印发…, or the line above the title,
    中共南宁市委办公厅　南宁市人民政府办公室 (joint issuers: the first is the lead)."""
    line_start = norm.rfind("\n", 0, title_start) + 1
    start, end = line_start, title_start
    if not norm[start:end].strip() and line_start > 0:  # the title opens its line: the line above
        end = line_start - 1
        start = norm.rfind("\n", 0, end) + 1
    while start < end and norm[start] in " \t\u3000":
        start += 1
    first = start
    while first < end and norm[first] not in " \t\u3000":
        first += 1  # the first name of the line (joint issuers are set apart by spaces)
    name = _ISSUER_NAME_WHOLE.fullmatch(norm, start, first)
    if name is None or gazetteer.place_prefix(name.group().removeprefix("中共")) is None:
        return None
    return Span.of(text, start, first)


_ISSUER_NAME_WHOLE = re.compile(_ISSUER_NAME)


def _find_in(text: str, value: str, start: int = 0) -> Span | None:
    i = text.find(value, start)
    return Span.of(text, i, i + len(value)) if i >= 0 and value else None


def find_metadata(text: str, norm: str, hints: dict[str, str], gazetteer: Gazetteer, body_start: int) -> Metadata:
    """Title, issuer, date, 文号, jurisdiction and addressees; ``body_start`` is where the first section begins."""
    head = norm[:body_start] if body_start > 0 else norm[:2000]
    # --- title
    title = title_span = None
    # Every match ends in 的通知: where the searched text has none (every plan that is not a 通知),
    # one str.find says so. The pattern opens with an alternation the engine cannot skip ahead for,
    # so each search tries it at every character: half of this function's time.
    m = None
    if norm.find(_TRANSMIT_END, 0, max(len(head), _TRANSMIT_REACH)) != -1:
        m = _TRANSMIT.search(head) or _TRANSMIT.search(norm[:_TRANSMIT_REACH])
    if m:
        g = next(g for g in ("a", "b", "c") if m.group(g))
        title_span = Span.of(text, m.start(g), m.end(g))
    if title_span is None:
        m2 = _TRANSMIT_BODY.search(head)
        if m2:
            g = "t" if m2.group("t") else "u"
            title_span = Span.of(text, m2.start(g), m2.end(g))
    if title_span is None and hints.get("title"):
        title_span = _find_in(text, hints["title"])
        if title_span is None:
            title = hints["title"]
    if title_span is None:
        for line_m in _LINE.finditer(head):
            line = line_m.group().strip()
            pm = _PLAN_TITLE.match(norm, line_m.start() + (len(line_m.group()) - len(line_m.group().lstrip())))
            if pm and not _NOT_PLAN_TITLE.match(line):
                title_span = Span.of(text, pm.start(), pm.end())
                break
    if title_span is not None:
        title = title_span.text
    # --- signature: issuer and date
    issuer = issuer_span = date = date_span = None
    # Every signature ends in a date: start looking just before the first one (the signature
    # pattern tries a lazy run of up to 40 characters at every position, slow over a whole text).
    first_date = _SIGNATURE_DATE.search(norm)
    lo = max(0, first_date.start() - _SIGNATURE_REACH) if first_date else len(norm)
    for sm in _SIGNATURE.finditer(norm, lo):
        candidate = sm.group("issuer")
        if gazetteer.place_prefix(candidate) is None and not hints.get("issuer"):
            continue
        issuer_span = Span.of(text, sm.start("issuer"), sm.end("issuer"))
        date_span = Span.of(text, sm.start("date"), sm.end("date"))
        # Joint documents sign 中共X委办公室　X人民政府办公室 on one line; the first is the lead issuer.
        line_start = norm.rfind("\n", 0, sm.start("issuer")) + 1
        lead = _LEAD_ISSUER.match(norm[line_start:sm.start("issuer")])
        if lead:
            issuer_span = Span.of(text, line_start + lead.start("i"), line_start + lead.end("i"))
        else:  # or on lines of their own, one above the other: the topmost is the lead issuer
            while line_start > 0:
                above = norm.rfind("\n", 0, line_start - 1) + 1
                im = _ISSUER_LINE.fullmatch(norm, above, line_start - 1)
                if im is None or gazetteer.place_prefix(im.group("i").removeprefix("中共")) is None:
                    break
                issuer_span, line_start = Span.of(text, im.start("i"), im.end("i")), above
        break
    if issuer_span is None and m is not None and not hints.get("issuer"):
        issuer_span = _heading_issuer(text, norm, m.start(), gazetteer)
    if hints.get("issuer"):
        issuer = hints["issuer"]
        issuer_span = _find_in(text, issuer) or issuer_span
    elif issuer_span is not None:
        issuer = issuer_span.text
    if hints.get("date") and iso_date(hints["date"]):
        date = iso_date(hints["date"])
        date_span = _find_in(text, hints["date"]) or date_span
    elif date_span is not None:
        date = iso_date(date_span.text)
    if date is None:
        dm = _DATE.search(head) or _CN_DATE.search(head)
        if dm:
            date_span = Span.of(text, dm.start(), dm.end())
            date = iso_date(dm.group())
    # --- 文号
    doc_number = doc_number_span = None
    if hints.get("doc_number"):
        doc_number = hints["doc_number"]
        doc_number_span = _find_in(text, doc_number)
    else:
        for nm in _doc_numbers(norm, len(head)):
            before = norm[max(0, nm.start() - 1):nm.start()]
            if before == "》" or norm[nm.end():nm.end() + 1] == ")" and "(" in norm[max(0, nm.start() - 2):nm.start()]:
                continue  # the 文号 of a cited policy
            doc_number_span = Span.of(text, nm.start(), nm.end())
            doc_number = doc_number_span.text
            break
    # --- jurisdiction: from the issuer, else the title, else the first place the text names
    jurisdiction = None
    for candidate in (issuer, title):
        if candidate:
            name = candidate.removeprefix("中共")
            jurisdiction = gazetteer.place_prefix(name, context=norm[:5000])
            if jurisdiction:
                break
    if jurisdiction is None:
        for line_m in _LINE.finditer(head):
            jurisdiction = gazetteer.place_prefix(line_m.group().strip(), context=norm[:5000])
            if jurisdiction:
                break
    # --- addressees: "各镇人民政府、街道办事处,高新区管委会,…:" at the top of a notice
    addressees: list[Span] = []
    am = _ADDRESSEES.search(head)
    if am:
        parts = []
        for a, b in _split_outside_brackets(norm, am.start("list"), am.end("list")):
            while a < b and norm[a] == " ":
                a += 1
            while b > a and norm[b - 1] == " ":
                b -= 1
            if b > a:
                parts.append((a, b))
        merged: list[tuple[int, int]] = []
        for a, b in parts:
            part = norm[a:b]
            # Single addressees written with 、: 各镇人民政府、街道办事处, 有关部门、单位, and the levels
            # of one collective, 各县、市、区人民政府 (a lone 市 is no addressee of its own).
            if merged and ((part in ("街道办事处", "街道") and norm.startswith("各", merged[-1][0])
                            and "、" in norm[merged[-1][1]:a]) or b - a <= 2
                           or gazetteer.extends_collective(norm[merged[-1][0]:b], part)):
                merged[-1] = (merged[-1][0], b)
            else:
                merged.append((a, b))
        addressees = [Span.of(text, a, b) for a, b in merged if b - a >= 2]
    return Metadata(title, title_span, issuer, issuer_span, date, date_span, doc_number, doc_number_span,
                    jurisdiction, tuple(addressees))
