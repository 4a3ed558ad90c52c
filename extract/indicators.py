"""Quantified targets: "到2025年,5G基站建设突破2000个", "技改投资年均增长8%以上".

A number with a unit is a target when the text commits to it: a comparator cue before it
(达到 / 突破 / 不低于 / 控制在 …) or after it (以上 / 左右 / 以内 …), a growth verb with a rate,
or a bare count after a target verb (打造14个典型应用场景) or at the end of a clause under a
deadline or a frequency. A multiple in words that ends its clause is one too (数字经济规模翻一番: 2倍;
翻两番: 4倍). Numbers inside quotes and book titles (“十强”, “1+15+N”, 《…》),
document numbers, section numbers, years and periods, ordinals (第三代) and codes (5G) are not
targets; nor are subsidies and caps (最高200万元, 给予…补助) or qualifiers of another count
(投资500万元以上技改项目100个左右: only the 100 is a target).

jieba cuts full-width digits one by one, so indicators are matched with regexes on the
normalised text, not on tokens.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re
import sys
from collections.abc import Sequence

from extract.records import Comparator, Frequency, Indicator, Span, new_indicator
from extract.structure import HEADING_AT, HEADING_FIRST, heading_end

_CN_NUM = "零〇一二两三四五六七八九十百千万亿"
_BASE_UNITS = (
    "个百分点", "百分点", "%", "‰", "倍", "千瓦时", "兆瓦", "千瓦", "千伏安", "吨标准煤", "标准煤", "吨", "千克", "公斤",
    "斤", "亩", "公顷", "平方公里", "平方米", "立方米", "千米", "公里", "米", "美元", "元", "人次", "人", "户", "家",
    "个工作日", "工作日", "个月", "场次", "个", "项", "处", "座", "所", "台", "套", "辆", "件", "条", "次", "名", "位", "场",
    "批", "栋", "幢", "间", "张", "床", "只", "头", "株", "棵", "部", "种", "份", "篇", "本", "册", "箱", "小时",
    "分钟", "天", "支", "艘", "架", "列", "口", "眼", "块", "片", "宗", "单", "笔", "亿", "万",
)
# Every decimal digit (what \d matches) is an ASCII digit or lies outside U+0080–U+065F and
# U+2000–U+A61F, the Latin letters, punctuation, symbols and CJK ideographs that make most of a
# document (tests/extract/test_indicators.py checks it against the running Python's Unicode tables).
# A set holding \d checks the Unicode category of every character a search skips; this superset is
# one bitmap lookup, and the pattern checks \d where the search stops.
_MAYBE_DIGIT = "0-9\u0660-\u1fff\ua620-\U0010ffff"


def _alternation(words: "Sequence[str]") -> str:
    """A pattern that matches what ``"|".join(map(re.escape, words))`` matches, trying the same words in
    the same order, with one branch per first character instead of one per word.

    The engine tries an alternation's branches one after the other, each at a cost of a few steps even
    where its first character rules it out: with a branch per unit, looking for the unit after a number
    costs a step per unit, and most candidates for a number have none. Words with different first
    characters never match at one position, so grouped by first character (in their order within each
    group) the words tried wherever one matches are the same and in the same order, backtracking
    included. Words of one character that start no longer word make one set.
    """
    groups: dict[str, list[str]] = {}
    for w in words:
        groups.setdefault(w[0], []).append(w[1:])
    branches, singles = [], []
    for first, rests in groups.items():
        if rests == [""]:
            singles.append(re.escape(first))
        else:
            branches.append(re.escape(first) + "(?:" + "|".join(map(re.escape, rests)) + ")")
    if singles:
        branches.append("[" + "".join(singles) + "]")
    return "|".join(branches)


# The longest unit at a position: the alternation tries them longest first.
_UNITS_LONGEST_FIRST = sorted(_BASE_UNITS, key=len, reverse=True)
_MULT_UNIT = r"(?P<mult>万亿|千万|百万|万|亿)?(?P<unit>" + _alternation(_UNITS_LONGEST_FIRST) + ")"
# The patterns open with a set holding every character a match starts with, so the engine skips to
# them in one tight loop (a lookahead in front is tried at every character). Each branch then checks
# with a lookbehind which character it started on; a failing candidate (every digit of 2025年, the 一
# of 进一步, every bracket) tries every branch, so the branches are few and the common ones first.
# What a multiplier or a unit starts with: one must follow the run at once, so a run that no such
# character follows fails there, without the two alternations being tried (most runs have no unit).
_UNIT_AHEAD = "(?=[" + "".join(sorted({re.escape(w[0]) for w in (*_BASE_UNITS, "万亿", "千万", "百万")})) + "])"
_NUMBER_RUN = (  # after its first character: a number starts a run of digits or of numerals
    # Possessive runs: a long run of digits without a unit fails in one step.
    r"(?:(?<=\d)(?<![0-9.]\d)\d*+(?:\.\d++)?+|"
    r"(?<=[" + _CN_NUM + r"])(?<![" + _CN_NUM + r"].)[" + _CN_NUM + r"]*+(?:点[零〇一二三四五六七八九]++)?+)" + _UNIT_AHEAD
)
_NUMBER = re.compile(r"(?P<num>[" + _MAYBE_DIGIT + _CN_NUM + r"](?:" + _NUMBER_RUN + "))" + _MULT_UNIT)
# Quotes, titles, document numbers, periods and dates: numbers inside them are not targets.
# A period in brackets, (2021—2025年), starts at its first digit, not at the bracket: a bracket opens
# thousands of section numbers and glosses, and each would start a failing match of the pattern. (Every
# position a mask is looked up at holds a number's, a year's or a cue's first character, never "(".)
_QUOTED_REST = (  # after the opening character, which the lookbehinds tell apart: their order is free
    r"(?<=\d)(?:(?<=\(\d)\d{3}\s*[—\-~至]\s*\d{4}年?\)|"  # (2021—2025年), before the period inside it
    r"\d{3}(?:\s*[—\-~至]\s*\d{4}年|年\d{1,2}月\d{1,2}日))|"  # 2021—2025年, 2024年3月1日
    r"(?<=[“\"《\[])(?:(?<=“)[^”“\n]{0,60}”|(?<=\")[^\"\n]{0,60}\"|(?<=《)[^》\n]{0,120}》|(?<=\[)\d{4}\]\s*\d+\s*号)"
)
_QUOTED = re.compile(r"[“\"《\[" + _MAYBE_DIGIT + r"](?:" + _QUOTED_REST + ")")
# Both in one pass over the document (what Scan runs): a number where _NUMBER matches, else a quote
# where _QUOTED does. The quotes are those _QUOTED finds; the numbers those _NUMBER finds but the
# ones inside quotes, which are masked anyway. (Neither can start inside the other's match but a
# number inside a quote: no number holds an opening quote, and a period or a date holds no unit.)
_NUMBER_OR_QUOTED = re.compile(
    r"(?P<num>[" + _MAYBE_DIGIT + _CN_NUM + r"“\"《\[](?:" + _NUMBER_RUN + r"|(?P<quoted>" + _QUOTED_REST + r")))"
    r"(?(quoted)|" + _MULT_UNIT + ")"
)
# A multiple in words, which holds no digit and no unit: 翻一番 / 翻番 / 翻倍 doubles, 翻两番 quadruples (each
# 番 doubles). Its value is the level it reaches as a multiple of where it starts, as 是2020年的2倍 reads
# (value 2, 倍, no change), not the change (增长1倍, which is the same doubling read as an increase). Its
# groups end as the number patterns' do, with an empty ``mult`` and ``unit``: an empty unit tells a
# multiple from a number (whose unit group is not optional) in _sentence.
_MULTIPLES = {"翻番": 2.0, "翻倍": 2.0, "翻一番": 2.0, "翻一倍": 2.0, "翻两番": 4.0, "翻二番": 4.0, "翻三番": 8.0, "翻四番": 16.0,
              "倍增": 2.0}  # 数量实现倍增 (倍增计划 and 成倍增长 do not end their clause: not targets)
_MULTIPLE = re.compile("(?P<num>" + _alternation(sorted(_MULTIPLES, key=len, reverse=True)) + ")(?P<mult>)(?P<unit>)")
# What may stand between a multiple's subject and the multiple: 高新技术企业数量实现翻番, 总产值力争翻两番.
# A growth word (产值增长翻番) is no cue there: the multiple is the level, not a change by it.
_MULTIPLE_LEAD = re.compile("(?:力争|争取|确保|努力|基本|实现|再|将|增长|增加|提高|提升)+$")
_MULTIPLE_FIRSTS = ("翻", "倍增")  # what every multiple starts with: a region without them is not searched for them


def _with_multiples(numbers: "list[re.Match[str]]", norm: str, lo: int, hi: int) -> "list[re.Match[str]]":
    """``numbers`` (in document order) and the multiples in words in ``norm[lo:hi]``, in document order.

    Most documents hold no 翻 and no 倍增 at all: two str.find rule the pattern out for them.
    """
    if all(norm.find(first, lo, hi) == -1 for first in _MULTIPLE_FIRSTS):
        return numbers
    multiples = list(_MULTIPLE.finditer(norm, lo, hi))
    # Neither overlaps the other (番 is no unit, and a multiple holds no digit): two sorted runs, one merge.
    return sorted(numbers + multiples, key=_MATCH_START) if multiples else numbers


_CUES = (  # in the order they are tried: 达到 before 达, 增长到 before 增长
    "不少于", "不低于", "不超过", "不高于", "不大于", "不小于", "低于", "少于", "高于", "大于", "多于", "小于", "超过", "突破",
    "达到", "达", "超", "约为", "大约", "约", "至少",
    "控制在", "稳定在", "保持在", "维持在", "提高到", "提高至", "提升到", "提升至", "增加到", "增加至", "增长到", "增长至",
    "降低到", "降低至", "降到", "降至", "下降到", "下降至",
    "缩短到", "缩短至", "压缩到", "压缩至", "增长", "提高", "提升", "下降", "降低", "减少", "增加", "压减", "缩减", "增幅",
)
_PREFIX = re.compile("(?P<cue>" + _alternation(_CUES) + r")(?:了|为|到|至)?\s*$")
# What the character before a number is when a cue ends there (a space is checked apart).
_PREFIX_LAST = frozenset([c[-1] for c in _CUES] + list("了为到至"))
_CMP_PREFIX = {
    "不少于": Comparator.GE, "不低于": Comparator.GE, "不小于": Comparator.GE, "达到": Comparator.GE, "达": Comparator.GE,
    "至少": Comparator.GE,
    "超过": Comparator.GT, "突破": Comparator.GT, "超": Comparator.GT, "高于": Comparator.GT, "大于": Comparator.GT,
    "多于": Comparator.GT,
    "不超过": Comparator.LE, "不高于": Comparator.LE, "不大于": Comparator.LE,
    "低于": Comparator.LT, "少于": Comparator.LT, "小于": Comparator.LT,
    "约": Comparator.APPROX, "约为": Comparator.APPROX, "大约": Comparator.APPROX,
    "稳定在": Comparator.APPROX, "保持在": Comparator.APPROX, "维持在": Comparator.APPROX,
    # A level to reach: rising to it is at least it, falling or being held to it at most it.
    **dict.fromkeys(("提高到", "提高至", "提升到", "提升至", "增加到", "增加至", "增长到", "增长至"), Comparator.GE),
    **dict.fromkeys(("控制在", "降低到", "降低至", "降到", "降至", "下降到", "下降至", "缩短到", "缩短至", "压缩到", "压缩至"),
                    Comparator.LE),
}
_CMP_POSTFIX = {
    "以上": Comparator.GE, "及以上": Comparator.GE, "以下": Comparator.LE, "以内": Comparator.LE, "之内": Comparator.LE,
    "左右": Comparator.APPROX, "上下": Comparator.APPROX, "多": Comparator.GT, "余": Comparator.GT,
}
_POSTFIX = re.compile("(?P<post>" + "|".join(sorted(_CMP_POSTFIX, key=len, reverse=True)) + ")")
# The first characters of the words a pattern matches: a character outside them rules the pattern
# out without running it (most numbers have no postfix, no cap after them, no filler in front).
_POSTFIX_FIRST = frozenset(w[0] for w in _CMP_POSTFIX)
# 力争到2025年, 截至2024年底, 2025年12月前: a lead word (力争到 … 在) or none, then the year; or the end of a
# plan period, 到“十四五”时期末. The pattern opens with the set of every match's first character, which it
# consumes, so that the engine skips to those in one tight loop (a lookahead in front, or an optional
# lead word, is tried at every character); each branch then checks with a lookbehind which character
# it started on (as _NUMBER does), trying the lead words in the order the plain pattern
# (?P<pre>力争到|力争在|争取到|争取在|确保到|确保在|计划到|预计到|截止到|截至|截止|力争|争取|确保|到|至|在)?(?P<year>20\d{2})年…
# |(?P<pre2>到|至)?[“"]?(?P<plan>十三五|十四五|十五五)[”"]?… tries them. A group cannot open before the
# character consumed first, which may be the year's 2 or the plan's 十: ``year`` holds the year's digits
# after its 2, ``plan`` the numeral between 十 and 五 (tests/extract/test_indicators.py checks the
# matches against the plain pattern's).
_DEADLINE = re.compile(
    r"[力争确计预截到至在2“\"十](?:"
    r"(?:(?<=[到至在])2|(?<=2)|(?<=[力争确计预截])"  # the common starts first, each lookbehind is a step
    r"(?:(?:(?<=力)争|(?<=争)取|(?<=确)保)[到在]?2|(?<=计)划到2|(?<=预)计到2|(?<=截)(?:止到|至|止)2))"
    r"(?P<year>0\d{2})年(?:\d{1,2}月)?(?:底|末)?(?:前|以前|之前)?"
    r"|(?:(?<=[到至])[“\"]?十|(?<=[“\"])十|(?<=十))(?P<plan>[三四五])五[”\"]?(?:期末|时期末|末|期间|时期))"
)
_PLAN_END = {"三": 2020, "四": 2025, "五": 2030}  # 十三五, 十四五, 十五五 by their middle numeral
_FREQUENCY = re.compile(r"年均|年平均|平均每年|每年|年增长|年新增|逐年|累计")
# The rates among them, which qualify the growth of their own clause only.
_RATE_FREQUENCIES = frozenset({"年均", "年平均", "年增长"})
_CAPS = ("最高", "最多", "给予", "奖励", "补助", "补贴", "资助", "奖补", "贴息", "一次性", "封顶", "扶持资金", "支持资金",
         "分别奖", "按照每", "按每")
_CAP = re.compile("|".join(_CAPS))
_CAP_FIRST = frozenset(w[0] for w in _CAPS)
_VERBS = (
    "新创建|新认定|新培育|新引进|新开工|新改建|实现|完成|建成|建设|新建|打造|培育|引进|引育|新增|创建|认定|推动|吸引|组建|培训|"
    "举办|招引|开工|竣工|改造|改建|提供|安排|发放|解决|带动|落地|签约|申报|入选|争创|认证|储备|转化|孵化|开展|招聘|吸纳|"
    "扶持|扩面|发展|覆盖|建立|设立|成立|评选|选树|培养|组织|创成|获批|攻克|制定|修订|出台|推广|招商|引导|种植|"
    "完成投资|投资|实施"
)
_VERB_BEFORE = re.compile(r"(?:" + _VERBS + r")(?:累计|共|总计|合计)?$")
_VERB_ANY = re.compile(_VERBS)
_FILLER_WORDS = (  # in the order they are tried: the pattern takes the first that matches, again and again
    "力争", "争取", "确保", "努力", "全年", "年内", "今年", "当年", "全面", "持续", "进一步", "再", "累计", "年均", "年平均", "平均每年", "每年", "实现", "完成",
    "新增", "新建", "新创建", "新认定", "新培育", "新引进", "打造", "培育", "引进", "建成", "建设", "推动", "吸引", "认定", "创建",
    "滚动实施", "滚动", "实施", "开展", "组织", "着力", "加快", "推进", "积极", "大力", "共", "合计", "总计", "使", "让", "将", "把",
    "其中", "同比", "比上年", "较上年", "左右", "力求", "基本",
    # who is helped to do it is no part of what is counted: 支持企业建设省级以上创新平台20个
    "支持企业", "鼓励企业", "引导企业", "推动企业", "帮助企业", "指导企业", "支持", "鼓励", "引导", "帮助", "指导",
)
_FILLERS = re.compile("^(?:" + "|".join(_FILLER_WORDS) + ")+")
_FILLER_FIRST = frozenset(w[0] for w in _FILLER_WORDS)
_NEWLY = re.compile(r"^(?:新增|新建|新创建|新认定|新培育|新引进|新开工|新改建)")
_TRAILING = re.compile(r"(?:年均|年平均|平均每年|每年|年|的)+$")
_TRAILING_LAST = frozenset("均年的\n")  # what a match ends with ($ also matches before a final \n)
_CLAUSE_BREAK = ",;:、()"
_SENTENCE_END = "。!?\n"


@functools.lru_cache(maxsize=4096)
def chinese_to_number(s: str) -> float | None:
    """两千 → 2000, 百 → 100, 一万五千 → 15000, 三点五 → 3.5 (cn2an, with the bare 百/千 it rejects)."""
    import cn2an

    if s in ("百", "千", "万", "亿", "十"):
        s = "一" + s
    s = s.replace("两", "二").replace("〇", "零")
    try:
        return float(cn2an.cn2an(s, "smart"))
    except (ValueError, KeyError, IndexError):
        return None


def find_indicators(text: str, norm: str, start: int, end: int, *,
                    masked: "Sequence[tuple[int, int]] | Masks | Scan" = (),
                    measure: str | None = None) -> list[Indicator]:
    """The quantified targets in ``text[start:end]``, in document order.

    Args:
        text: The document text (spans index into it).
        norm: Its length-preserving normalised copy (matching runs on it).
        start, end: The region to search (a measure, or text outside measures).
        masked: Ranges whose numbers are not targets (responsibility clauses, section numbers), or
            the document's :class:`Scan` holding them (what the pipeline passes for every region).
        measure: Number path recorded on each indicator.

    >>> from extract.normalize import normalize
    >>> t = "到2025年,5G基站建设突破2000个。技改投资年均增长8%以上。"
    >>> [(i.subject, i.value, i.unit, i.comparator.value, i.year, i.frequency) for i in find_indicators(t, normalize(t), 0, len(t))]
    [('5G基站建设', 2000.0, '个', '>', 2025, None), ('技改投资', 8.0, '%', '>=', None, <Frequency.ANNUAL: 'annual'>)]
    """
    # A document scans once (Scan); plain mask sequences (tests, other callers) are scanned here.
    scan = masked if isinstance(masked, Scan) else Scan(norm, masked, start, end)
    starts, ends = scan.number_starts, scan.number_ends
    i = bisect.bisect_left(starts, start)
    if (i == len(starts) or starts[i] >= end) and not (i and ends[i - 1] > start):
        return []  # most regions have no number with a unit at all (Scan.has_number, with i kept)
    j = bisect.bisect_left(starts, end, i)
    if (i < j and ends[j - 1] > end) or (i and ends[i - 1] > start):
        # A match across the region's edge (never seen in documents: regions end at sentence or heading
        # boundaries) would be cut short by a scan of the region alone: scan it alone then.
        numbers = _with_multiples(list(_NUMBER.finditer(norm, start, end)), norm, start, end)
        before, after = scan.breaks_around(numbers)
        i, j = 0, len(numbers)
        masked_numbers: set[int] | Masks = scan.masks
    else:
        numbers, before, after = scan.numbers, scan.break_before, scan.break_after
        masked_numbers = scan.masked_numbers
    found: list[Indicator] = []
    # Numbers with the same break after them share a sentence: from the last 。!?\n before them to
    # the next one, within the region.
    while i < j:
        following = after[i]
        k = i + 1
        while k < j and after[k] == following:
            k += 1
        lo = before[i] + 1  # bounded by the region inline: a call of min or max costs as much as a short search
        _sentence(text, norm, lo if lo > start else start, following if following < end else end, scan, measure,
                  numbers[i:k], masked_numbers, found)
        i = k
    return found


_SENTENCE_SPLIT = re.compile(r"[。!?\n]")
_MATCH_START, _MATCH_END = re.Match.start, re.Match.end
_FIRST, _SECOND = operator.itemgetter(0), operator.itemgetter(1)
_NO_BREAK = sys.maxsize  # the break after a number that none follows: the region's end bounds its sentence


class Scan:
    """One pass over a document for what every region's targets consult: the numbers with a unit
    (but those inside quotes and titles, which are never targets), the sentence breaks around each,
    and the masks (responsibility clauses, section numbers, quotes and titles).

    A document has tens of regions (measures, the gaps between them) and the number pattern is the
    costliest one the extractor runs, so it runs once over the text, not once per region.
    """

    def __init__(self, norm: str, masked: "Sequence[tuple[int, int]] | Masks" = (), start: int = 0,
                 end: int | None = None) -> None:
        end = len(norm) if end is None else end
        self.norm, self.start, self.end = norm, start, end
        # The text backwards, for the last break before a position: a pattern searches one way only,
        # and a call of rfind (one per break character) costs as much as a search.
        self.reversed = norm[::-1]
        numbers: list[re.Match[str]] = []
        quoted: list[tuple[int, int]] = []
        for m in _NUMBER_OR_QUOTED.finditer(norm, start, end):
            if m.start(2) == -1:  # group 2 is ``quoted`` (by position: a lookup by name costs as much again)
                numbers.append(m)
            else:
                quoted.append(m.span())
        # The multiples in words (翻一番) are candidates like the numbers: the masks, sentence breaks and
        # regions treat them alike. (Those inside quotes and titles are masked like the numbers there.)
        self.numbers = numbers = _with_multiples(numbers, norm, start, end)
        # (map calls the methods from C: a comprehension runs the interpreter loop for each number)
        self.number_starts = list(map(_MATCH_START, numbers))
        self.number_ends = list(map(_MATCH_END, numbers))
        self.break_before, self.break_after = self.breaks_around(numbers)
        base = masked if isinstance(masked, Masks) else Masks(sorted(masked))
        self.masks = Masks.union(base, quoted)
        self.masked_numbers = self.masks.among(self.number_starts)

    def has_number(self, start: int, end: int) -> bool:
        """Whether a number of the scan starts in [start, end) or runs into it from before: the
        regions without one (a third of measures, most gaps between them) have no targets."""
        starts = self.number_starts
        i = bisect.bisect_left(starts, start)
        return (i < len(starts) and starts[i] < end) or (i > 0 and self.number_ends[i - 1] > start)

    def breaks_around(self, numbers: "Sequence[re.Match[str]]") -> tuple[list[int], list[int]]:
        """For each of ``numbers`` (in document order), the last 。!?\\n in [start, end) before it
        (-1 if none) and the first after it (_NO_BREAK if none).

        A document holds some hundred breaks for each sentence with a number: they are looked for
        around the numbers only, and only once for numbers in one sentence.
        """
        norm, lo, hi = self.norm, self.start, self.end
        backwards, top = self.reversed, len(norm) - 1  # norm[i] is backwards[top - i]
        search = _SENTENCE_SPLIT.search
        before: list[int] = []
        after: list[int] = []
        last = following = -1  # the breaks around the previous number
        for m in numbers:
            ns = m.start()
            if following <= ns:  # a new sentence (following is a break, or -1 before the first number)
                # Back to the previous sentence at most (following), forward to the next break. (The
                # bounds are compared inline: a call of min or max costs as much as a short search.)
                brk = search(backwards, top + 1 - (ns if ns < hi else hi), top + 1 - (following if following > lo else lo))
                last = top - brk.start() if brk else -1
                ne = m.end()
                brk = search(norm, ne if ne > lo else lo, hi)
                following = brk.start() if brk else _NO_BREAK
            before.append(last)
            after.append(following)
        return before, after


class Masks:
    """Sorted, possibly overlapping ranges; membership by bisection."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        self.ranges = ranges
        # Each column in one pass in C, not a comprehension's interpreter loop (a document has thousands).
        self.starts = list(map(_FIRST, ranges))
        # The furthest end among ranges starting at or before index i (ranges may nest). Where none
        # nests in an earlier one, ends never decrease and are their own running maximum: one pass of
        # comparisons in C tells, instead of a call of max per range (a document has thousands).
        ends = list(map(_SECOND, ranges))
        self.reach = ends if all(map(operator.le, ends, itertools.islice(ends, 1, None))) else list(
            itertools.accumulate(ends, max))

    def __contains__(self, pos: int) -> bool:
        masks: Masks | None = self
        while masks is not None:  # this and the ranges under it: a loop, not a call of ``in`` for each
            i = bisect.bisect_right(masks.starts, pos)
            if i and masks.reach[i - 1] > pos:
                return True
            masks = masks.extra
        return False

    extra: "Masks | None" = None

    def among(self, positions: list[int]) -> set[int]:
        """Those of the sorted ``positions`` that the masks hold (``{p for p in positions if p in self}``).

        One walk along the ranges of each layer and the positions together, not a bisection for each
        position: a document has some tens of numbers, and few are masked.
        """
        found = set()
        masks: Masks | None = self
        while masks is not None:
            starts, reach = masks.starts, masks.reach
            i, n = 0, len(starts)
            for pos in positions:
                while i < n and starts[i] <= pos:
                    i += 1
                if i and reach[i - 1] > pos:  # i is bisect_right(starts, pos)
                    found.add(pos)
            masks = masks.extra
        return found

    @classmethod
    def union(cls, base: "Masks", ranges: list[tuple[int, int]]) -> "Masks":
        """``base`` plus a few more ranges, without copying ``base``."""
        if not ranges:
            return base
        m = cls(ranges)
        m.extra = base
        return m


# A year that is not a deadline: 较2020年 (a base year: the character before it in the sentence is one
# of these, as 同比 and 相比 end in 比), 2021—2025年 (a period), 2024年起 / 以来, 2024年3月1日 (a day).
_BASE_YEAR_BEFORE = frozenset("较比与从由自于")
_NOT_DEADLINE_AFTER = re.compile(r"\s*[—\-~至到]\s*\d|\d{0,2}日?(?:起|以来|开始)|起|\d{1,2}日(?!前)")
_NOT_DEADLINE_FIRST = frozenset("—-~至到日起以开")  # what its matches start with, but spaces and digits


def _deadlines(norm: str, s: int, e: int, masks: Masks, first_year: int, last_year: int, first_plan: int,
               last_plan: int) -> tuple[list[int], list[int], list[int]]:
    """The deadlines in the sentence ``norm[s:e]``, in document order: their starts, their ends and
    their years (three lists, what the targets look them up by: no object per deadline).

    ``first_year`` and ``last_year`` are the sentence's first and last 年, ``first_plan`` and
    ``last_plan`` its first and last 五 (-1 where it has none; the caller finds them).
    """
    # Every deadline holds 年 (力争到2025年12月底以前: it starts at most 7 characters before the 年
    # and ends at most 7 after its position) or 五 (到“十四五”时期末: at most 4 before the last 五,
    # 5 after). The pattern, slow on common characters like 在 and 到, need not try the text before
    # the first of those nor after the last, nor a sentence that has neither (the caller's check).
    # The bounds are compared inline: a call of min or max costs as much as a short search.
    lo = first_year - 7 if first_year != -1 else e
    if first_plan != -1 and first_plan - 4 < lo:
        lo = first_plan - 4
    if lo < s:
        lo = s
    hi = last_year + 7 if last_year != -1 else s
    if last_plan != -1 and last_plan + 5 > hi:
        hi = last_plan + 5
    if hi > e:
        hi = e
    starts: list[int] = []
    ends: list[int] = []
    found: list[int] = []
    for m in _DEADLINE.finditer(norm, lo, hi):
        ms, me = m.span()
        digits = m.group("year")  # after the year's 2
        if digits:
            if m.start("year") - 1 in masks:
                # The second year of a period, masked as one (2024—2027年，每年…): the period's end is
                # the deadline, unless the period is in brackets (a title's (2023—2025年)).
                head = _PERIOD_HEAD.search(norm, max(s, ms - 8), ms)
                if head is None or (head.start() > s and norm[head.start() - 1] in "([“\""):
                    continue
                ms = head.start()
            if ms > s and norm[ms - 1] in _BASE_YEAR_BEFORE:
                continue
            # What follows must start a match for the pattern to be tried (most deadlines end a clause);
            # the end bounds it as the slice norm[me:me + 3] did (it has no lookbehind).
            after = norm[me] if me < len(norm) else ""
            if ((after in _NOT_DEADLINE_FIRST or after.isspace() or after.isdigit())
                    and _NOT_DEADLINE_AFTER.match(norm, me, me + 3)):
                continue
            found.append(2000 + int(digits))
        else:
            found.append(_PLAN_END[m.group("plan")])
        starts.append(ms)
        ends.append(me)
    return starts, ends, found


_APPROX_CUES = frozenset(("约", "约为", "大约"))
_PERIOD_HEAD = re.compile(r"20\d{2}年?\s*[—\-~至]\s*$")  # the first year of 2024—2027年, before the second
_NO_DEADLINES: tuple[Sequence[int], Sequence[int], Sequence[int]] = ((), (), ())  # a sentence without 年 or 五


_CLAUSE_SPLIT = re.compile("[" + re.escape(_CLAUSE_BREAK) + "]")


def _clause_start(norm: str, lo: int, i: int) -> int:
    """The start of a clause that follows a closing bracket at ``i - 1``, not before ``lo``."""
    # 智能工厂(数字化车间)300个: a bracketed gloss is part of the subject, not a clause break.
    while i > lo and norm[i - 1] == ")":
        opening = norm.rfind("(", lo, i - 1)
        if opening == -1 or i - opening > 20:
            break
        i = opening
        while i > lo and norm[i - 1] not in _CLAUSE_BREAK:
            i -= 1
    return i


def _clause_end(norm: str, pos: int, hi: int) -> int:
    i = pos
    while i < hi and norm[i] not in _CLAUSE_BREAK:
        i += 1
    return i


_GROWTH = frozenset(("增长", "提高", "提升", "下降", "降低", "减少", "增加", "压减", "缩减", "增幅"))
_RATE_UNITS = frozenset(("%", "个百分点", "百分点", "倍", "‰"))
_IDIOM_UNITS = frozenset(("批", "些", "系列", "个", "项", "张", "种", "条", "部", "次", "件", "位", "名"))
_BOUNDING_POSTFIX = frozenset(("以上", "及以上", "以下", "以内", "之内", "左右", "上下"))


def _leaves_clause(norm: str, a: int, b: int) -> bool:
    """Whether ``norm[a:b]`` holds a clause break (, or ;) that no 其中 follows."""
    for sep in (",", ";"):
        i = norm.find(sep, a, b)
        while i != -1:
            if not norm.startswith("其中", i + 1):
                return True
            i = norm.find(sep, i + 1, b)
    return False


def _sentence(text: str, norm: str, s: int, e: int, scan: Scan, measure: str | None,
              numbers: list[re.Match[str]], masked_numbers: "set[int] | Masks", found: list[Indicator]) -> None:
    """The targets among ``numbers`` (those of one sentence, ``norm[s:e]``), appended to ``found``;
    ``masked_numbers`` holds the starts of those in masks (or is the masks)."""
    masks = scan.masks
    # Where deadlines and frequencies can be: every deadline holds 年 or 五, every frequency cue 年 or 累
    # (累计). A slice of the sentence and a test of it for each costs less than one str.find with bounds,
    # and most sentences hold none of them; a bisection of a list of every 年 and 五 in the document
    # would cost more, with the cost of making it.
    sentence = norm[s:e]
    has_year = "年" in sentence
    if has_year or "五" in sentence:
        first_year = norm.find("年", s, e) if has_year else -1
        first_plan = norm.find("五", s, e)
        deadline_starts, deadline_ends, deadline_years = _deadlines(
            norm, s, e, masks, first_year, norm.rfind("年", s, e) if has_year else -1,
            first_plan, norm.rfind("五", s, e) if first_plan != -1 else -1)
    else:
        deadline_starts, deadline_ends, deadline_years = _NO_DEADLINES
    # The frequency cues (年均, 每年, 累计 …): where each ends, and what it makes a target.
    freq_ends: list[int] = []
    freq_kinds: list[Frequency] = []
    freq_rates: list[bool] = []  # whether each is a rate (年均 …), whose reach ends with its clause
    if has_year or "累" in sentence:
        for m in _FREQUENCY.finditer(norm, s, e):
            fs = m.start()
            # 较2023年增长25%, 比上年增长6%: a 年 right after a number (or 上 / 去) is a year's, and 年增长
            # there is growth since it, not a rate a year.
            # 全年新增50家, 今年增长8%: the year's total, once, not a rate or an amount every year.
            if fs in masks or (norm[fs] == "年" and fs > s and (norm[fs - 1].isdigit() or norm[fs - 1] in "上去全今当")):
                continue
            freq_ends.append(m.end())
            freq_kinds.append(Frequency.CUMULATIVE if norm[fs] == "累" else Frequency.ANNUAL)  # 累计 alone starts with 累
            freq_rates.append(m.group() in _RATE_FREQUENCIES)
    # The cue in force at a number is the last one that ends before it (a long sentence may hold
    # thousands): the numbers come in document order, so the count of those ending before it (what
    # bisect_right of the ends gives) only grows, and is counted on from the previous number's.
    in_force_deadlines = in_force_freqs = 0
    n_deadlines, n_freqs = len(deadline_ends), len(freq_ends)
    previous_end: int | None = None  # end of the last target in this sentence, for 1家…、5家 enumerations
    previous_subject = ""  # and what it counts: 增加值突破6000亿元，年均增长7% counts 增加值 twice
    # A·B分别超过90%、75%: the subjects still to give, in order, to the numbers that follow, and the comparator.
    shares: list[tuple[int, int]] = []
    shared_comparator: Comparator | None = None
    # The last clause break before the number, found from the previous number on (clause_from).
    clause_break, clause_from = s - 1, s
    backwards, top = scan.reversed, len(norm) - 1  # norm[i] is backwards[top - i]
    # (Bounds below are compared inline: a call of min or max costs as much as a short search.)
    for m in numbers:
        ns, ne = m.span()
        if ns in masked_numbers:
            continue
        # All groups at once, by position (a lookup by name costs as much again): num opens both number
        # patterns' groups (_NUMBER_OR_QUOTED's, _NUMBER's), mult and unit close them.
        groups = m.groups()
        num, mult, unit = groups[0], groups[-2] or "", groups[-1]
        prev = norm[ns - 1] if ns > s else ""
        multiple = not unit  # 翻一番 (_MULTIPLE); its unit stays "" (none printed) until the record is made
        if multiple:
            # None of a number's traps apply (人均GDP翻一番 is a target), but one that opens its sentence
            # has nothing to multiply.
            if not prev:
                continue
            value = _MULTIPLES[num]
        else:
            # (A number that opens its sentence has "" for prev, which is in every string: it is skipped too.)
            if prev.isascii() and (prev.isalnum() or prev in ".+-/#") or prev == "第":
                continue  # 5G, V2.0, 第三代, 1+15+N
            if num[0] in _CN_NUM and (prev in _CN_NUM or num == "一" and unit in _IDIOM_UNITS):
                if not _PREFIX.search(norm, ns - 8 if ns - 8 > s else s, ns):
                    continue  # 一批, 一张清单, 一个: idiom, not a count
            if unit in ("亿", "万") and not mult:
                unit, mult = "", unit  # 5000万 / 1.5亿: the multiplier stands for the unit
                if num[0] in _CN_NUM:
                    continue
            number_value = _value(num, mult)
            if number_value is None:
                continue
            value = number_value
        if ne < e and norm[ne] in _POSTFIX_FIRST and (post_m := _POSTFIX.match(norm, ne, ne + 3 if ne + 3 < e else e)):
            post, tail = post_m.group(), post_m.end()  # the whole match is the post group
        else:
            post, tail = None, ne
        # One search back through the reversed text, not a loop over the characters; from the
        # previous number on only, so that a one-line text with many numbers stays linear.
        found_break = _CLAUSE_SPLIT.search(backwards, top + 1 - ns, top + 1 - clause_from)
        if found_break:
            clause_break = top - found_break.start()
        clause_from = ns
        cs = clause_break + 1
        if cs > s and norm[cs - 1] == ")":
            cs = _clause_start(norm, s, cs)
        # prev is norm[ns - 1] when ns > cs: a cue must end there, or spaces after it.
        pre_m = (_PREFIX.search(norm, ns - 8 if ns - 8 > cs else cs, ns)
                 if ns > cs and (prev in _PREFIX_LAST or prev.isspace()) else None)
        cue, cue_start = (pre_m.group("cue"), pre_m.start()) if pre_m else (None, ns)
        after_tail = norm[tail] if tail < e else ""
        if _CAP.search(norm, cs, ns) or (after_tail in _CAP_FIRST and _CAP.match(norm, tail, tail + 3 if tail + 3 < e else e)):
            continue  # 最高200万元, 给予…补助: an incentive, not a target
        if after_tail == "的" or (tail >= e and norm.startswith("的", tail)):
            continue  # 投资1000万元以上的项目: a qualifier (even right after the region's end)
        followed_by_noun = tail < e and not (after_tail in _CLAUSE_BREAK or after_tail.isspace())
        if followed_by_noun:
            ce = _clause_end(norm, tail, e)
            later = _NUMBER.search(norm, tail, ce)
            if later and later.start() not in masks:
                continue  # 投资500万元以上技改项目100个左右: the first number qualifies the second
        while in_force_deadlines < n_deadlines and deadline_ends[in_force_deadlines] <= ns:
            in_force_deadlines += 1
        while in_force_freqs < n_freqs and freq_ends[in_force_freqs] <= ns:
            in_force_freqs += 1
        freq = in_force_freqs
        # 研发投入年均增长10%，企业数量翻一番: a rate (年均, 年平均, 年增长) is the growth of its own
        # clause and of the 其中 clauses that part it; past another comma, the cue in force is the
        # one before it (每年 and 累计 reach on).
        while freq and freq_rates[freq - 1] and _leaves_clause(norm, freq_ends[freq - 1], ns):
            freq -= 1
        if multiple:
            if cue in _GROWTH:
                cue, cue_start = None, ns  # 增长翻番 is the doubling, which the multiple states (as a level)
            lead_m = _MULTIPLE_LEAD.search(norm, cs, cue_start)
            if lead_m:
                cue_start = lead_m.start()  # 实现翻番, 力争翻两番: no part of the subject
        growth = cue in _GROWTH
        change_cue = cue
        if cue in _APPROX_CUES and not multiple and cue_start - 2 >= cs and norm[cue_start - 2:cue_start] in _GROWTH:
            # 增加约一倍 / 下降约10%: the change is the word before 约, which is no part of the subject.
            growth, change_cue, cue_start = True, norm[cue_start - 2:cue_start], cue_start - 2
        # 再推动1家企业上市、1家企业新三板挂牌: a count right after a target, in the same enumeration.
        continuation = previous_end is not None and previous_end == cs - 1 and norm[cs - 1:cs] in ("、", ",")
        if multiple:
            # 翻一番 commits as a cue does, where it ends its clause (翻番计划, 翻番式增长 name or qualify).
            accepted = not followed_by_noun
        elif cue and not growth and cue not in ("增长到", "增长至"):
            accepted = True
        elif post in _BOUNDING_POSTFIX and not followed_by_noun:
            accepted = True
        elif growth and unit:  # 增长8%, 提高5个百分点, 减少1000吨, 增加2万户: a change commits to its amount
            accepted = True
        elif cue in ("增长到", "增长至"):
            accepted = True
        elif followed_by_noun:
            accepted = continuation or _VERB_BEFORE.search(norm, ns - 8 if ns - 8 > cs else cs, ns) is not None
        else:
            accepted = bool(in_force_deadlines or freq
                            or _VERB_BEFORE.search(norm, ns - 8 if ns - 8 > cs else cs, ns) or continuation
                            or _VERB_ANY.search(norm, cs, ns) or post)
        if not accepted:
            continue
        comparator = _COMPARATORS[cue, post]
        basis = base = None
        if continuation and shares and cue is None and not norm[cs:ns].strip():
            # The next number of A、B分别超过90%、75%: the next subject, with the first number's comparator.
            (subj_s, subj_e), shares = shares[0], shares[1:]
            comparator = comparator if post else shared_comparator or comparator
        else:
            shares, shared_comparator = [], None
            subj_s, subj_e, basis, base = _subject(norm, cs, cue_start, deadline_starts, deadline_ends)
            if subj_e - 2 > subj_s and norm[subj_e - 1] == "别" and norm[subj_e - 2] == "分":
                # 普及率、数控化率分别超过90%、75%: the names run back over 、 to the clause's start.
                names = _names_before(norm, s, subj_s, subj_e - 2)
                if len(names) > 1:
                    (subj_s, subj_e), shares = names[0], names[1:]
                    shared_comparator = comparator
                else:
                    subj_e -= 2
        span_s, span_e = (subj_s if subj_s < subj_e else cue_start), tail
        if subj_s >= subj_e and followed_by_noun:
            subj_s, subj_e = tail, ce
            while subj_s < subj_e and norm[subj_s] == "的":
                subj_s += 1
            span_e = subj_e
        subject = text[subj_s:subj_e].strip() if subj_s < subj_e else ""
        if not subject and previous_subject:  # the target before it in this sentence
            # 全市规上工业增加值突破6000亿元，年均增长7%左右 / 新增企业200家，到2025年累计达到1500家
            subject = previous_subject
        last = in_force_deadlines - 1  # the deadline in force, if any (-1: none)
        # span, subject, value, printed_value, unit, unit_text, comparator, year, deadline, frequency, basis, measure
        found.append(new_indicator(
            Span.of(text, span_s, span_e),
            subject,
            value,
            text[ns:ne - len(unit)] if unit else text[ns:ne],  # the unit group ends the match
            "倍" if multiple else unit,
            (mult + unit) if unit else mult,
            comparator,
            deadline_years[last] if last >= 0 else None,
            text[deadline_starts[last]:deadline_ends[last]] if last >= 0 else None,
            freq_kinds[freq - 1] if freq else None,
            basis,
            measure,
            (_DECREASES.get(change_cue, "increase") if growth else None),
            # A multiple's base is what it multiplies (比2020年翻一番): it keeps it, as a change does.
            base if growth or multiple else None,
            (int(base[:4]) if base and (growth or multiple) and base[:2] == "20" else None),
        ))
        previous_end, previous_subject = span_e, subject


def _subject(norm: str, cs: int, cue_start: int, deadline_starts: Sequence[int],
             deadline_ends: Sequence[int]) -> tuple[int, int, str | None, str | None]:
    """What a number in the clause from ``cs`` counts: the text before its cue (which starts at
    ``cue_start``, the number's start if it has none), without the deadline at the clause's head,
    fillers (力争, 累计 …), a trailing 年均 and the base of a comparison (较2023年); its basis,
    "newly-added" for 新增 / 新建 …; and that base as printed (2023年, 上年, 同比).
    An empty range when nothing is left."""
    subj_s, subj_e = cs, cue_start
    if deadline_ends:
        # 到2025年 at the head of the clause is not part of the subject: the last deadline in the clause
        # before the cue (deadlines do not overlap, so the last to end there starts last too).
        k = bisect.bisect_right(deadline_ends, subj_e) - 1
        if k >= 0 and deadline_starts[k] >= cs and deadline_ends[k] > subj_s:
            subj_s = deadline_ends[k]
    while subj_s < subj_e and norm[subj_s] in _SUBJECT_OPENING_MARKS:  # ——培育…: a list's dash, before the fillers
        subj_s += 1
    while subj_s < subj_e and norm[subj_s] in HEADING_FIRST:
        # The section numbers that open the sentence, ②研发投入 / （一）①新建省级平台: not what is counted.
        heading = HEADING_AT.match(norm, subj_s, subj_e)
        if heading is None:
            break
        subj_s = min(subj_e, heading_end(heading))
        while subj_s < subj_e and norm[subj_s] in _SUBJECT_OPENING_MARKS:
            subj_s += 1
    raw = norm[subj_s:subj_e]
    lead_m = _FILLERS.match(raw) if raw and raw[0] in _FILLER_FIRST else None
    basis = None
    if "新" in raw and (_NEWLY.search(raw[lead_m.end() - 4 if lead_m else 0:]) or (lead_m and "新" in lead_m.group())):
        basis = "newly-added"
    base = None
    if lead_m:
        subj_s += lead_m.end()
        if "比" in lead_m.group():  # 同比 / 比上年 / 较上年 among the fillers: 同比增长8%
            lead_base = _LEAD_BASE.search(lead_m.group())
            base = lead_base and (lead_base.group("base") or lead_base.group("base2"))
    # The base before a trailing 年 is stripped: that 年 may be the base's own (比上年, 较2023年).
    if subj_s < subj_e and norm[subj_e - 1] in _BASE_LAST:
        base_m = _BASE_AFTER_SUBJECT.search(norm, subj_s, subj_e)
        if base_m:
            # 设备投资规模较2023年 (增长25%): the base it grows from is not what grows; 与2020年相比 alone
            # (…下降13.5%) leaves no subject of its own.
            subj_e = base_m.start()
            base = base_m.group("base") or base_m.group("base2")
    if subj_s < subj_e and norm[subj_e - 1] in _TRAILING_LAST:
        trail_m = _TRAILING.search(norm, subj_s, subj_e)
        if trail_m and trail_m.start() > subj_s:
            subj_e = trail_m.start()
    while subj_s < subj_e and norm[subj_s] in " ,":
        subj_s += 1
    return subj_s, subj_e, basis, base


# The base of a comparison at the end of a subject: 较2023年, 比上年, 与2020年相比, 同比.
_BASE_AFTER_SUBJECT = re.compile(r"(?:较|比|与)(?P<base>20\d{2}年?(?:末|底)?|上年同期|上年|去年|同期)(?:相比)?$|(?P<base2>同比)$")
_SUBJECT_OPENING_MARKS = " ,—-·•●○■□◆◇▪>"  # what may open a clause before its subject
_LEAD_BASE = re.compile(r"(?P<base>同比)|(?:比|较)(?P<base2>上年)")
# The cues of a change that are decreases; the other cues of _GROWTH are increases.
_DECREASES = {c: "decrease" for c in ("下降", "降低", "减少", "压减", "缩减")}
_BASE_LAST = frozenset("年末底期比")  # what such a match ends with


def _names_before(norm: str, s: int, first: int, end: int) -> list[tuple[int, int]]:
    """The 、-separated names that end at ``end`` (A、B、C分别…), back to the start of the clause they
    open (a break other than 、, or the sentence's start ``s``); more than one, or none."""
    lo = first
    while lo > s and norm[lo - 1] == "、":
        k = lo - 1
        while k > s and norm[k - 1] not in _CLAUSE_BREAK:
            k -= 1
        lo = k
    names = []
    pos = lo
    for part in norm[lo:end].split("、"):
        if part.strip():
            names.append((pos + len(part) - len(part.lstrip()), pos + len(part.rstrip())))
        pos += len(part) + 1
    return names if len(names) > 1 else []


_FACTOR = {"": 1, "万": 1e4, "亿": 1e8, "万亿": 1e12, "千万": 1e7, "百万": 1e6}


@functools.lru_cache(maxsize=4096)  # the same few hundred numbers recur across a corpus
def _value(num: str, mult: str) -> float | None:
    if num[0].isdigit():
        value: float | None = float(num)
    else:
        value = chinese_to_number(num)
    if value is None:
        return None
    result = value * _FACTOR[mult]
    return float(round(result, 6))


def _comparator(cue: str | None, post: str | None) -> Comparator:
    from_cue = _CMP_PREFIX.get(cue or "")
    from_post = _CMP_POSTFIX.get(post or "")
    if from_cue is Comparator.GT and from_post is Comparator.GE:
        return Comparator.GT  # 突破…以上: exceeding is the stronger reading
    return from_post or from_cue or Comparator.EQ


# Every pair a target can have (the cue _PREFIX matched, or none; the postfix _POSTFIX matched, or
# none), built once: a table lookup, not a call (even a cached one) per target.
_COMPARATORS = {(cue, post): _comparator(cue, post) for cue in (None, *_CUES) for post in (None, *_CMP_POSTFIX)}
