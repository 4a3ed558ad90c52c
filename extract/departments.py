"""Responsibility clauses: who must carry out a measure, and in what role.

Formats recognised (full-width and ASCII punctuation alike, matched on the normalised copy):

* ``(责任单位:发改局、工信局)`` / ``〔责任单位：…〕`` / ``【责任单位：…】``, at the end or in the middle
  of a paragraph, several per paragraph (each covers the sentences before it);
* ``（牵头单位：A；配合单位：B、C）``, and the same labels on lines of their own;
* ``（A牵头，B、C配合）``, ``（A牵头负责，B配合）``, ``（A、B按职责分工负责）``, ``（A统筹，B负责，C指导）``;
* the same cue groups as a sentence of their own, without brackets: ``由A牵头，B、C配合。``
  (stricter: each name must be a known body, or body-shaped with no function word in it);
* a bracketed bare list ``（市发改委、市财政局）`` when one name at least is a known body and the
  others are shaped like bodies;
* task-table cells (see ``extract.tables``).

A time that ends a bracketed or labelled clause (``…，2025年底前完成``, ``…，长期坚持``) names no body:
it is the clause's ``deadline``, which the pipeline gives the measure that has no 完成时限 field.

Roles are ``lead`` and ``support`` only where the document says so: by label, by cue word, or by
a convention it states once (列第一位的为牵头单位, 第一个逗号前为牵头单位, 标*的为牵头单位);
otherwise every department is ``responsible``.
"""

from __future__ import annotations

import bisect
import functools
import operator
import re
import weakref
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from extract.records import Convention, DepartmentMention, Role, RoleRule, Span, new_mention, slot_constructor
from ontology.gazetteer import LEVEL_LIST, Gazetteer, Place

LEAD_LABELS = ("牵头责任单位", "主要责任单位", "责任牵头单位", "牵头单位", "牵头部门", "主责单位", "主办单位", "牵头处室")
SUPPORT_LABELS = ("协同责任单位", "配合责任单位", "配合单位", "配合部门", "协办单位", "参与单位", "协同单位", "协助单位", "参加单位", "配合处室")
RESPONSIBLE_LABELS = ("责任单位", "责任部门", "负责单位", "实施单位", "落实单位", "承办单位", "责任主体", "责任处室")
_ROLE_OF_LABEL = {**{k: Role.LEAD for k in LEAD_LABELS}, **{k: Role.SUPPORT for k in SUPPORT_LABELS},
                  **{k: Role.RESPONSIBLE for k in RESPONSIBLE_LABELS}}
_LABEL = re.compile("(?P<label>" + "|".join(sorted(_ROLE_OF_LABEL, key=len, reverse=True)) + r")\s*[:]\s*")
# A labelled line without brackets: "牵头单位：市发改委" on its own line or after a sentence.
# The label itself is matched; that it starts a line or follows a space, 。 or ; is checked on each
# hit (_starts_line_label). _line_labels finds the matches reading backwards (_LINE_LABEL_BACKWARDS).
_LINE_LABEL = re.compile(r"(?:" + "|".join(sorted(_ROLE_OF_LABEL, key=len, reverse=True)) + r")(?=\s*:)")
# Another field inside a clause: 完成时限:2024年底, 牵头领导:张三, 时间:…
_OTHER_FIELD = re.compile(r"[;,]?\s*[\u4e00-\u9fff]{2,6}\s*:")
_FIELD_OR_STOP = re.compile("[:。]")
DEADLINE_FIELD = re.compile(r"(?:完成时限|完成时间|完成期限|时间节点|时限要求|时限)\s*:\s*(?P<d>[^;,)\]\n。]{2,30})")
# 【牵头单位】市发改委【配合单位】市财政局: the label in brackets, the names after it.
_BRACKET_LABEL = re.compile(r"\[\s*(?P<label>" + "|".join(sorted(_ROLE_OF_LABEL, key=len, reverse=True)) + r")\s*\]\s*:?\s*")
_CUES = (
    "共同牵头负责", "共同牵头", "牵头负责", "牵头落实", "牵头实施", "牵头推进", "牵头抓总", "牵头", "按职责分工负责", "按职责分工落实",
    "按职能分工负责", "按职责负责", "分工负责", "各负其责", "配合落实", "配合推进", "配合实施", "协同配合", "积极配合", "配合", "参与",
    "协同", "协助", "协办", "负责落实", "负责", "具体落实", "抓好落实", "组织实施", "落实", "统筹", "指导", "督导",
)
_LEAD_CUES = {"共同牵头负责", "共同牵头", "牵头负责", "牵头落实", "牵头实施", "牵头推进", "牵头抓总", "牵头", "统筹"}
_SHARED_CUES = {"按职责分工负责", "按职责分工落实", "按职能分工负责", "按职责负责", "分工负责", "各负其责"}
_RESPONSIBLE_CUES = {"负责落实", "负责", "具体落实", "抓好落实", "组织实施", "落实"}
# The role and rule each cue gives the group it ends; the other cues (配合, 参与, 协同, 指导 …) give support.
_CUE_ROLE = {c: (Role.LEAD, RoleRule.CUE) if c in _LEAD_CUES else (Role.RESPONSIBLE, RoleRule.SHARED) if c in _SHARED_CUES
             else (Role.RESPONSIBLE, RoleRule.CUE) if c in _RESPONSIBLE_CUES else (Role.SUPPORT, RoleRule.CUE) for c in _CUES}
# The cues by their last two characters (every cue has two at least): the longer ones, longest
# first, and the two-character cue or None. The cue a group ends with is read whole (牵头负责, not
# 负责). See _cue_at_end.
_CUES_BY_ENDING = {
    ending: (tuple(sorted((c for c in _CUES if c.endswith(ending) and c != ending), key=len, reverse=True)),
             ending if ending in _CUES else None)
    for ending in {c[-2:] for c in _CUES}
}
_INLINE_ROLE = re.compile(r"\((?P<cue>牵头|配合|牵头单位|配合单位|参与)\)$")
_SEPARATORS = "、,;，；"
_ITEM_SEPARATORS = _SEPARATORS + " \t\n"
_ITEM_SEPARATOR = re.compile("[" + re.escape(_ITEM_SEPARATORS) + "]")  # each one character
# What makes _items do more than split at separators: a bracket, 街道, or a mark it strips.
_ITEM_MARKS = re.compile(r"[()\[\]:等。.]|街道")
# A list with none of these, nor any separator but 、 (街 is left out whole: 街道 may follow it).
_NOT_PLAIN = r"()\[\]:等。.,;，； \t\n街"
_PLAIN_LIST = re.compile(f"[^{_NOT_PLAIN}]*")
# A labelled list that is names and 、 only, with none of the characters that _names_end,
# _CONVENTION_ANCHOR (为 / 是), _without_time (, ;), a mark in brackets or _items (_PLAIN_LIST, 各) look for.
_PLAIN_NAMES = re.compile(f"[^{_NOT_PLAIN}各为是]*")
_ROLE_WORD = re.compile(r"牵头|配合|负责|参与|协同|协助|协办|统筹|指导|督导")
_CUE_WORD = re.compile(_ROLE_WORD.pattern + r"|落实|组织实施|各负其责")  # every root of _CUES
_GROUP_SEPARATOR = re.compile(r"[,;，；]")
_BRACKET = re.compile(r"[()\[\]]")
# A pair of brackets with no bracket inside: (一), (责任单位:A、B). Documents hardly ever nest them.
_SIMPLE_ROUND = re.compile(r"\([^()\[\]]*\)")
_SIMPLE_SQUARE = re.compile(r"\[[^()\[\]]*\]")
_LINE_STOP = re.compile("[\n。]")
# What a time is, said once for the two patterns below: one that opens with a date word and runs
# on (2025年底前完成), or one that is its words (长期坚持).
_TIME_OPENING = r"(?:20\d{2}年|\d{1,2}月|年底|年内|月底)"
_TIME_WORDS = r"长期坚持|持续推进|长期推进|持续实施"
# A group of a cue clause that gives a time, not names: 2025年底前完成, 长期坚持, 持续推进.
_TIME_GROUP = re.compile(r"\s*(?:" + _TIME_OPENING + r"[^,;]{0,12}|" + _TIME_WORDS + r")\s*")
# The characters a _TIME_GROUP opens with after its spaces: a group that opens otherwise (a name,
# nearly always) is no time, and needs no match.
_TIME_OPENERS = frozenset("0123456789年月长持")
# A time after a comma that ends its sentence (…配合，2025年底前完成。): what may follow a sentence-final
# cue. It opens with the comma, a literal the engine skips ahead to.
_TIMED_END = re.compile(r",[ \t]*(?P<t>" + _TIME_OPENING + r"[^,;。\n]{0,12}?|" + _TIME_WORDS + r")[ \t]*(?=[。;\n]|$)")
_NEXT_ITEM = re.compile(r"\s+(?:\d{1,3}[.、]|[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十\d]{1,3}\))")
_NOT_NAMES = re.compile(r"[\s\d.%\-—~年月日第一二三四五六七八九十]*")
_TRAILING_GLOSS = re.compile(r"[(\[][^)\]]*[)\]]$")
_CONJ = re.compile(r"(?<=[\u4e00-\u9fff)）])(?:及|和|与)(?=[\u4e00-\u9fff])")
# Conventions a document states once.
_FIRST_LISTED = re.compile(
    r"[^。\n]{0,40}?(?:(?:列|排|位)(?:在|于)?(?:第一|首)(?:位|个)?|(?:第一|首)个|排名第一)的?"
    r"(?:责任)?(?:单位|部门)?(?:为|是)(?:牵头|主责)[^。\n]{0,40}"
)
_FIRST_COMMA = re.compile(r"[^。\n]{0,40}?第一个(?:逗号|,|“,”|\",\")(?:之)?前的?(?:单位|部门)?(?:为|是)牵头[^。\n]{0,40}")
_STAR = re.compile(r"[^。\n]{0,40}?(?:标|带|注|加|有)(?:有)?[“\"]?\*[”\"]?号?的?(?:责任)?(?:单位|部门)?(?:为|是)牵头[^。\n]{0,40}")
# Every convention says "为牵头" / "是主责": searching only around those words skips the many
# "A牵头，B配合" clauses of a document that states no convention (_convention_anchors finds them).
_CONVENTION_ANCHOR = re.compile(r"[为是](?:牵头|主责)")
# A cue that ends a sentence outside brackets: 由市发展改革委牵头，市财政局配合。 (see _sentence_cued)
_SENTENCE_CUE = re.compile("(?:" + "|".join(sorted(_CUES, key=len, reverse=True)) + r")(?=[ \t]*(?:[。;\n]|$))")
# _LINE_LABEL and _SENTENCE_CUE read from the end of the text back (words reversed): each match
# then opens with one literal character, the colon after a label or a sentence end after a cue,
# which the regex engine skips to in a tight loop. Read forwards, a match opens with any of the
# characters that open a label or a cue, and the engine tests each character of the text against
# that set, and tries the words wherever one is common (各, 分, 落 …), at several times the cost.
# A label read backwards is followed by what _starts_line_label asks for before it (\s is the
# same test as str.isspace), or by the start of the text read, where the character before it decides.
_LINE_LABEL_BACKWARDS = re.compile(r":\s*(?:" + "|".join(k[::-1] for k in sorted(_ROLE_OF_LABEL, key=len, reverse=True))
                                   + r")(?=[。;]|\s|\Z)")
# Most sentence ends follow no cue: one class of the characters that cues end with turns them down,
# where each of the cues would be tried in turn.
_SENTENCE_CUE_BACKWARDS = tuple(
    re.compile(re.escape(stop) + r"[ \t]*(?=[" + "".join(sorted({c[-1] for c in _CUES})) + "])(?P<cue>"
               + "|".join(c[::-1] for c in sorted(_CUES, key=len, reverse=True)) + ")")
    for stop in "。;\n")
# Characters that make an unknown name in running text a phrase: 与/和/及 join, 要/将/对 are verbs'
# and prepositions' company. Known names with them (市发展和改革局) resolve before this is asked.
_FUNCTION_CHARS = frozenset("与和及同向对把将在为要由使让请并共等")
# The conventions that give roles (find_conventions); a standing rule gives none.
_ROLE_CONVENTIONS = frozenset({"first-listed-is-lead", "first-comma-is-lead", "star-is-lead"})
_STANDING = re.compile(r"[^。\n]{0,120}?不再(?:一一|单独|重复|逐项)?列出[^。\n]{0,20}")


@dataclass(frozen=True, slots=True)
class Context:
    """What resolving a name needs: the gazetteer, the jurisdiction and the stated conventions.

    ``names`` memoises what each list item names (see _item_names). That depends on the gazetteer
    and the jurisdiction only, so ``Context.of`` gives every document of a jurisdiction the same memo.
    ``shapes`` memoises what does not depend on the jurisdiction either (see _item_shape): every
    document of the gazetteer shares it.
    """

    gazetteer: Gazetteer
    jurisdiction: Place | None
    conventions: frozenset[str] = frozenset()
    names: dict[str, tuple] = field(default_factory=dict, compare=False, repr=False)
    shapes: dict[str, tuple | None] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, gazetteer: Gazetteer, jurisdiction: Place | None, conventions: frozenset[str] = frozenset()) -> "Context":
        # Each document asks twice (before and after finding its conventions), and the documents of
        # a jurisdiction ask again: the Context made for a jurisdiction and conventions is kept and
        # given again, since making one sets each of its fields through object.__setattr__.
        memos = _MEMOS.get(gazetteer)
        if memos is None:
            memos = _MEMOS[gazetteer] = _Memos({}, {}, {})
        key = jurisdiction.adcode if jurisdiction is not None else None
        ctx = memos.contexts.get((key, conventions))
        if ctx is None:
            if len(memos.contexts) >= 1024:  # bounded (two a jurisdiction, with and without conventions):
                memos.contexts.clear()  # a worker's memory stays flat
                memos.names.clear()
            names = memos.names.get(key)
            if names is None:
                names = memos.names[key] = {}
            ctx = memos.contexts[(key, conventions)] = cls(gazetteer, jurisdiction, conventions, names, memos.shapes)
        if len(ctx.names) > 50_000:  # bounded, like the gazetteer's own memos
            ctx.names.clear()
        if len(ctx.shapes) > 50_000:
            ctx.shapes.clear()
        return ctx


@dataclass(frozen=True, slots=True)
class _Memos:
    """A gazetteer's memos of item names, by jurisdiction, and of item shapes, and the Contexts that
    hold them, by jurisdiction and conventions."""

    names: dict[str | None, dict[str, tuple]]
    shapes: dict[str, tuple | None]
    contexts: dict[tuple[str | None, frozenset[str]], Context]


# A gazetteer that is dropped takes its memos along.
_MEMOS: "weakref.WeakKeyDictionary[Gazetteer, _Memos]" = weakref.WeakKeyDictionary()


@dataclass(frozen=True, slots=True)
class Clause:
    """One responsibility annotation and the departments it names.

    Each name is a ``Named`` tuple; ``mentions(scope)`` makes the records once the caller knows
    the text the clause covers, so that no mention is built twice (once here, once with its scope).
    """

    span: Span
    named: tuple[tuple, ...]  # Named: the DepartmentMention fields but the last, scope
    # The time the clause ends with, (A牵头，B配合，2025年底前完成) → 2025年底前完成: the measure's
    # deadline where it has no 完成时限 field of its own. None where the clause gives no time.
    deadline: Span | None

    def mentions(self, scope: Span) -> list[DepartmentMention]:
        return [new_mention(*n, scope) for n in self.named]


# Positional, every field given: a few thousand clauses a corpus, built on the hot path (see slot_constructor).
_new_clause = slot_constructor(Clause)


# A Named tuple: (span, name, canonical, role, rule, rank, collective, resolved, department_id, clause),
# the fields of DepartmentMention in order, without its scope. Tuples, not records: most clauses
# are read once and their names turned into mentions straight away.
# A Name tuple: what a name as listed says, whatever its role and wherever it stands (see _name_of):
# (skip, end, cue, canonical, collective, resolved, department_id), where raw[skip:end] is the name
# without a leading * and an inline (牵头), and cue is that inline role word or None.
_CUE, _NAME_RESOLVED = 2, 5


# ---------------------------------------------------------------- conventions


def find_conventions(text: str, norm: str, ctx: Context) -> Iterator[Convention]:
    """Role conventions and standing rules, each recorded once for the document."""
    # The patterns open with a lazy run of any characters, which is slow to try at every offset:
    # find the anchor word first and search only the window around it.
    anchors = _convention_anchors(norm)
    for kind, pattern in (("first-listed-is-lead", _FIRST_LISTED), ("first-comma-is-lead", _FIRST_COMMA),
                          ("star-is-lead", _STAR)):
        m = _near(norm, anchors, pattern)
        if m:
            s, e = _strip(norm, *m)
            anchor = _CONVENTION_ANCHOR.search(norm, s, e)
            said_at = anchor.start() if anchor else e
            opened = max(norm.rfind("(", s, said_at), norm.rfind("[", s, said_at))
            if opened != -1 and norm.find(")" if norm[opened] == "(" else "]", opened, e) in (-1, e - 1):
                # Said inside a clause, (责任单位:A、B，排在第一位的为牵头单位): the rule is the part after
                # the names, and the clause stays a clause of its own.
                s = max(opened + 1, norm.rfind(",", opened, said_at) + 1, norm.rfind(";", opened, said_at) + 1)
                s, e = _strip(norm, s, _without_closing(norm, s, e))
            yield Convention(kind, Span.of(text, s, e))
    seen: set[int] = set()
    for pos in _anchors(norm, "列出"):
        m = _STANDING.search(norm, max(0, pos - 130), min(len(norm), pos + 30))
        if m is None or m.start() in seen:
            continue
        seen.add(m.start())
        s, e = _strip(norm, m.start(), m.end())
        e = _without_closing(norm, s, e)  # (…不再列出)
        span = Span.of(text, s, e)
        names = tuple(_names_in_sentence(text, norm, s, e, ctx, span))
        yield Convention("standing-rule", span, names)


def _without_closing(norm: str, s: int, e: int) -> int:
    """The end of ``norm[s:e]`` without the closing brackets it has no opener for: a rule written in
    the brackets of a clause, (…不再列出) or (责任单位:A、B，排在第一位的为牵头单位), ends before them."""
    while e > s and norm[e - 1] in ")]" and norm.count(norm[e - 1], s, e) > norm.count("(" if norm[e - 1] == ")" else "[", s, e):
        e -= 1
    return e


def _convention_anchors(norm: str) -> list[int]:
    """Where _CONVENTION_ANCHOR matches in ``norm``, in order: each 牵头 / 主责 after a 为 or 是.

    str.find skips through the text far faster than a regex tries each character against [为是];
    the matches cannot overlap (neither word holds 为 or 是), so these are all of them.
    """
    anchors = []
    for word in ("牵头", "主责"):
        pos = norm.find(word, 1)
        while pos != -1:
            if norm[pos - 1] in "为是":
                anchors.append(pos - 1)
            pos = norm.find(word, pos + 1)
    anchors.sort()
    return anchors


def _anchors(norm: str, word: str) -> Iterator[int]:
    pos = norm.find(word)
    while pos != -1:
        yield pos
        pos = norm.find(word, pos + 1)


def _near(norm: str, anchors: list[int], pattern: re.Pattern[str]) -> tuple[int, int] | None:
    for pos in anchors:
        lo = max(0, pos - 60)
        lo = max(lo, norm.rfind("\n", lo, pos) + 1, norm.rfind("。", lo, pos) + 1)
        m = pattern.search(norm, lo, min(len(norm), pos + 52))
        if m:
            return m.start(), m.end()
    return None


def _names_in_sentence(text: str, norm: str, start: int, end: int, ctx: Context, clause: Span) -> Iterator[DepartmentMention]:
    """Body names inside a free sentence (a standing rule): items between separators that look like bodies."""
    for rank, (s, e) in enumerate(ctx.gazetteer.find_names(norm[start:end]), 1):
        name = _name_of(norm[start + s:start + e], ctx)
        yield new_mention(*_named(text, start + s, name, Role.RESPONSIBLE, RoleRule.UNSPECIFIED, rank, clause), clause)


# ---------------------------------------------------------------- clauses


def bracket_pairs(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """Matching ( ) and [ ] pairs in ``norm[start:end]``, as (open, close) offsets; unbalanced ones are dropped."""
    # One pattern per kind: each opens with a literal, which the engine skips to in a tight loop,
    # where one pattern for both would test every character against a set.
    simple = sorted([(m.start(), m.end() - 1) for m in _SIMPLE_ROUND.finditer(norm, start, end)]
                    + [(m.start(), m.end() - 1) for m in _SIMPLE_SQUARE.finditer(norm, start, end)])
    if 2 * len(simple) == norm.count("(", start, end) + norm.count(")", start, end) + norm.count("[", start, end) \
            + norm.count("]", start, end):
        # Every bracket is in a pair with none inside: the stack below would pair each opener with
        # the bracket that follows it, and find exactly these.
        return simple
    return _nested_bracket_pairs(norm, start, end)


def _nested_bracket_pairs(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """``bracket_pairs`` for any text: nested pairs, and openers closed by the other kind."""
    pairs: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for m in _BRACKET.finditer(norm[start:end]):
        ch, pos = m.group(), start + m.start()
        if ch in "([":
            stack.append((ch, pos))
            if len(stack) > 64:  # pathological nesting: give up on the outermost
                stack.pop(0)
        elif stack:
            want = "(" if ch == ")" else "["
            # Drop unmatched openers of the other kind ("(" closed by "]" is a typo, not a pair).
            while stack and stack[-1][0] != want:
                stack.pop()
            if stack:
                pairs.append((stack.pop()[1], pos))
    pairs.sort()
    return pairs


def find_clauses(text: str, norm: str, start: int, end: int, ctx: Context) -> Iterator[Clause]:
    """Responsibility annotations in ``text[start:end]``, in document order (scope left as the clause)."""
    found: list[Clause] = []
    taken: list[tuple[int, int]] = []  # in increasing order, not overlapping
    # (start, end) of each clause read after the bracketed ones, which are ``taken``'s: what the
    # sentence cues are tested against is made of both, not of a pass over the clauses.
    read: list[tuple[int, int]] = []
    reach = -1
    for open_, close in bracket_pairs(norm, start, end):
        if open_ < reach:
            continue  # inside an annotation already read: 市委组织部(人才办)
        clause = _bracketed(text, norm, open_, close, ctx)
        if clause is not None:
            found.append(clause)
            taken.append((open_, close + 1))
            reach = close + 1
    line_reach = -1
    backwards = norm[start:end][::-1]  # for _line_labels and _sentence_cues
    for label in _line_labels(norm, start, end, backwards):
        i = bisect.bisect_right(taken, label, key=_START) - 1
        if (i >= 0 and taken[i][1] > label) or label < line_reach:
            continue  # inside a bracketed clause, or a later label of the same line ("牵头单位:A 配合单位:B")
        stop = _line_end(norm, label, end)
        clause = _labelled(text, norm, list(_LABEL.finditer(norm, label, stop)), stop, label, stop, ctx)
        if clause is not None:
            found.append(clause)
            read.append((label, stop))
            line_reach = stop
    for m in _BRACKET_LABEL.finditer(norm, start, end):
        i = bisect.bisect_right(taken, m.start(), key=_START) - 1
        if (i >= 0 and taken[i][1] > m.start()) or any(c.span.start <= m.start() < c.span.end for c in found[-3:]):
            continue
        # The clause runs over the following bracketed labels on the same line.
        stop = _line_end(norm, m.end(), end)
        clause = _bracket_labelled(text, norm, m.start(), stop, ctx)
        if clause is not None:
            found.append(clause)
            read.append((m.start(), stop))
    read += taken
    read.sort()
    sentence_reach = -1
    cues = [(a, b, None) for a, b in _sentence_cues(norm, start, end, backwards)]
    if norm.find(",", start, end) != -1:  # 由A牵头，B配合，2025年底前完成。: a time after the cue
        timed = _timed_cues(norm, start, end)
        if timed:
            cues = sorted(cues + timed)
    for cue_start, cue_end, time in cues:
        i = bisect.bisect_right(read, cue_start, key=_START) - 1
        if (i >= 0 and read[i][1] > cue_start) or cue_start < sentence_reach:
            continue  # the cue of a clause already read
        clause = _sentence_cued(text, norm, start, cue_end, ctx, time)
        if clause is not None:
            found.append(clause)
            sentence_reach = cue_end
    found.sort(key=_CLAUSE_START)
    yield from found


# Sort and search keys, called in C: a clause's start, and that of a (start, end) pair.
_CLAUSE_START = operator.attrgetter("span.start")
_START = operator.itemgetter(0)


def _line_labels(norm: str, start: int, end: int, backwards: str) -> list[int]:
    """Where _LINE_LABEL matches in ``norm[start:end]`` at a label of its own (_starts_line_label),
    in order, given ``backwards``, that text reversed.

    A match is a label followed by white space and a colon, and no label holds either: read
    backwards, it is a colon, white space, and the longest label that ends there (which is where
    the forward scan meets its start first, and the first alternative tried). Matches of
    different colons cannot overlap. The pattern tests what stands before the label, so that the
    labels inside brackets, (牵头单位:A), are never made offsets; a shorter label that ends at the
    same colon starts inside the longer one, and fails that test as well.
    """
    labels = [end - m.end() for m in _LINE_LABEL_BACKWARDS.finditer(backwards)]
    labels.reverse()
    if labels and labels[0] == start and not _starts_line_label(norm, start):
        del labels[0]  # the pattern could not see the character before the text it read
    return labels


def _sentence_cues(norm: str, start: int, end: int, backwards: str) -> list[tuple[int, int]]:
    """The (start, end) of each match of _SENTENCE_CUE in ``norm[start:end]``, in order, given
    ``backwards``, that text reversed.

    A match is a cue, spaces or tabs, and a sentence end (。 ; a line break, or the end for $),
    and no cue holds any of these: read backwards, it is a sentence end, spaces or tabs, and the
    longest cue that ends there (where the forward scan meets its start first, and the first
    alternative tried). Matches of different sentence ends cannot overlap, so sorted by start the
    matches of the three ends are the forward scan's.
    """
    cues = []
    for pattern in _SENTENCE_CUE_BACKWARDS:
        for m in pattern.finditer(backwards):
            a, b = m.span("cue")
            cues.append((end - b, end - a))
    q = end  # $: the end, after spaces or tabs (before a final line break is a sentence end already)
    while q > start and norm[q - 1] in " \t":
        q -= 1
    cue = _cue_at_end(norm, start, q)
    if cue is not None:
        cues.append((q - len(cue), q))
    cues.sort()
    return cues


def _timed_cues(norm: str, start: int, end: int) -> list[tuple[int, int, tuple[int, int]]]:
    """Cues that end a sentence but for a time after them, 由A牵头，B配合，2025年底前完成。: the
    (start, end) of each cue and the (start, end) of its time, in order."""
    found = []
    for m in _TIMED_END.finditer(norm, start, end):
        cue = _cue_at_end(norm, start, m.start())
        if cue is not None:
            found.append((m.start() - len(cue), m.start(), m.span("t")))
    return found


def _sentence_cued(text: str, norm: str, lo: int, cue_end: int, ctx: Context,
                   time: tuple[int, int] | None = None) -> Clause | None:
    """``…实现“零投资”，由市发展改革委牵头，市城管局、供电公司配合。``: cue groups that end a sentence.

    The groups are read back from the cue while each is names followed by a cue word; what comes
    before them is the measure's own text, and a group that opens with 由 is the first. With no
    brackets to set the clause apart, each name must be a known body, or shaped like one with no
    function word in it (加强与市发改局配合 and 各部门要积极配合 are sentences, not clauses).
    """
    ss = max(lo, norm.rfind("。", lo, cue_end) + 1, norm.rfind("\n", lo, cue_end) + 1, norm.rfind(":", lo, cue_end) + 1)
    g, jurisdiction, memo = ctx.gazetteer, ctx.jurisdiction, ctx.names
    groups = []  # (start of the group as split, cue, its items and their pieces) of each group read, last first
    first = None
    known = False
    for rs, ge in reversed(_top_level_split(norm, ss, cue_end, ",;")):
        gs, ge = _strip(norm, rs, ge)
        opens = norm.startswith("由", gs)
        gs += opens
        cue = _cue_at_end(norm, gs, ge) if gs < ge else None
        if cue is None:
            break
        items = []
        resolved = []
        for ns, raw in _items(norm, gs, ge - len(cue)):
            pieces = memo.get(raw)
            if pieces is None:
                pieces = _item_names(raw, ctx)
            items.append((ns, raw, pieces))
            for a, b, name in pieces:
                piece = raw[a:b]
                # A piece without marks (*, an inline role) and with no bracket at its end is its
                # own head (_name_parts), and its Name says whether that resolves here.
                if name[0] == 0 and name[1] == b - a and ")" not in piece[-2:] and "]" not in piece[-2:]:
                    resolved.append((name[_NAME_RESOLVED], piece))
                else:
                    resolved.append((g.resolve(piece, jurisdiction).resolved, piece))
        if not resolved or not all(r or _body_in_sentence(piece, ctx) for r, piece in resolved):
            break
        groups.append((rs, cue, items))
        first, known = gs, known or any(r for r, _ in resolved)
        if opens:
            break
    if first is None or not known:
        return None
    clause = Span.of(text, first, cue_end)
    # The groups read are what _cued reads from ``first`` on: it splits there at depth 0 (``first`` opens
    # a group split at depth 0, after what _strip removes, which holds no bracket), and finds no
    # field or 。 (``ss`` is after both). Its names are made here from the groups already read, unless
    # it would read them otherwise: where it also splits at ，/ ； (not in a normalised copy), where
    # the first group, read from ``first``, has more to strip or another 由, or where it would take
    # the last group for a time. Every group has a cue, so no shared cue covers another group.
    gs = first
    if (norm.find("，", first, cue_end) != -1 or norm.find("；", first, cue_end) != -1
            or _strip(norm, gs, cue_end)[0] != gs or norm.startswith("由", gs)
            or (len(groups) > 1 and _TIME_GROUP.fullmatch(norm, groups[0][0], cue_end))):
        named = tuple(_cued(text, norm, first, cue_end, clause, ctx)[0])
        return _new_clause(clause, named, _time_span(text, time)) if named else None
    looks_like_body = g.looks_like_body
    named = []
    rank = 0
    for _, cue, items in reversed(groups):
        role, rule = _CUE_ROLE[cue]
        for ns, raw, pieces in items:
            for a, b, name in pieces:
                if not looks_like_body(raw[a:b]):
                    return None  # as _cued: a clause that fails names nothing
                rank += 1
                named.append(_named(text, ns + a, name, role, rule, rank, clause))
    return _new_clause(clause, tuple(named), _time_span(text, time))


def _names_bodies(norm: str, items: list[tuple[int, int, tuple]], ctx: Context) -> bool:
    """Whether a bare bracketed list (市发改局、市城投集团) names bodies: one at least is a known body,
    and each other is shaped like one as a sentence-final clause's names are, with no quote or
    opening word that makes the bracket a gloss ((以下简称“市发改局”), (含市发改局))."""
    known = False
    for a, _, name in items:
        if name[_NAME_RESOLVED]:
            known = True
            continue
        text = norm[a + name[0]:a + name[1]]
        if (not _body_in_sentence(text, ctx) or any(ch in text for ch in _GLOSS_CHARS)
                or text.startswith(_GLOSS_OPENINGS)):
            return False
    return known


# What tells a bracket's gloss from its list of bodies: a quote or title, or an opening word.
_GLOSS_CHARS = frozenset("“”\"《》‘’'")
_GLOSS_OPENINGS = ("含", "包括", "包含", "不含", "如", "即", "以下", "简称", "其中", "下同", "详见", "见")


def _body_in_sentence(name: str, ctx: Context) -> bool:
    """An unknown name in a sentence-final clause: body-shaped (国网郑州供电公司), short, and with no
    function word that would make it a phrase."""
    return len(name) <= 16 and ctx.gazetteer.looks_like_body(name) and not any(ch in name for ch in _FUNCTION_CHARS)


def _starts_line_label(norm: str, pos: int) -> bool:
    """Whether a label at ``pos`` starts a line or follows white space, 。 or ; (a label of its own).

    A label never starts inside another (its characters are none of these), so a match of
    _LINE_LABEL that fails this test hides no other label that would pass it."""
    if pos == 0:
        return True
    ch = norm[pos - 1]
    return ch in "\n。;" or ch.isspace()


def _bracket_labelled(text: str, norm: str, s: int, e: int, ctx: Context) -> Clause | None:
    clause = Span.of(text, s, e)
    labels = list(_BRACKET_LABEL.finditer(norm, s, e))
    mentions: list[tuple] = []
    time = None
    for i, m in enumerate(labels):
        seg_e = labels[i + 1].start() if i + 1 < len(labels) else e
        if seg_e == e:  # 【责任单位】A、B，2024年底前: the time ends the clause, and names no body
            seg_e, time = _without_time(norm, m.end(), seg_e)
        role = _ROLE_OF_LABEL[m.group("label")]
        mentions.extend(_listed(text, norm, m.end(), seg_e, role, clause, ctx, labelled=role is not Role.RESPONSIBLE,
                                start_rank=len(mentions)))
    return _new_clause(clause, tuple(mentions), _time_span(text, time)) if mentions else None


def _line_end(norm: str, start: int, limit: int) -> int:
    m = _LINE_STOP.search(norm, start, limit)
    stop = m.start() if m else limit
    # In one-line documents the next numbered item follows after a space.
    m = _NEXT_ITEM.search(norm, start, stop)
    if m:
        stop = m.start()
    while stop > start and norm[stop - 1] in " \t;,、":
        stop -= 1
    return stop


def _bracketed(text: str, norm: str, open_: int, close: int, ctx: Context) -> Clause | None:
    inner_s, inner_e = open_ + 1, close
    if inner_e - inner_s > 20000:
        return None
    if _NOT_NAMES.fullmatch(norm, inner_s, inner_e):
        return None  # (一), (1), (2024年), ( ): numbers, dates and blanks, the most common brackets, and no label
    # Every label is followed by a colon: most brackets have none, and no label to look for.
    labels = list(_LABEL.finditer(norm, inner_s, inner_e)) if norm.find(":", inner_s, inner_e) != -1 else None
    if labels:  # (牵头领导:张三;责任单位:A) too: fields before the first label are not names
        return _labelled(text, norm, labels, inner_e, open_, close + 1, ctx)
    if norm[inner_s:inner_e].strip() in _ROLE_OF_LABEL:
        return None  # 【牵头单位】: a label in brackets; the names follow it (see _BRACKET_LABEL)
    clause = Span.of(text, open_, close + 1)
    if _ROLE_WORD.search(norm, inner_s, inner_e):
        named, time = _cued(text, norm, inner_s, inner_e, clause, ctx)
        return _new_clause(clause, tuple(named), _time_span(text, time)) if named else None
    # A bare list of bodies: accepted only as _names_bodies says (not "(以下简称“市发改委”)").
    # A time may end it, (市发改局、市财政局，2024年底前), and then is the clause's, not a name.
    names_e, time = _without_time(norm, inner_s, inner_e)
    mentions = _listed(text, norm, inner_s, names_e, Role.RESPONSIBLE, clause, ctx, labelled=False, bodies_only=True)
    return _new_clause(clause, tuple(mentions), _time_span(text, time)) if mentions else None


def _labelled(text: str, norm: str, labels: list[re.Match[str]], inner_e: int, clause_s: int, clause_e: int,
              ctx: Context) -> Clause | None:
    """``牵头单位:A;配合单位:B、C`` or ``责任单位:A、B`` (also ``责任单位:A牵头,B配合``): the _LABEL
    matches of the clause's text, which ends at ``inner_e``."""
    if not labels:
        return None
    clause = Span.of(text, clause_s, clause_e)
    mentions: list[tuple] = []
    time = None
    for i, m in enumerate(labels):
        seg_s = m.end()
        last = i + 1 == len(labels)
        seg_e = inner_e if last else labels[i + 1].start()
        role = _ROLE_OF_LABEL[m.group("label")]
        if _PLAIN_NAMES.fullmatch(norm, seg_s, seg_e) and (role is not Role.RESPONSIBLE or not _CUE_WORD.search(norm, seg_s, seg_e)):
            # The usual list, names and 、 only: no field or 。 ends it early (_names_end), no rule is
            # said in it (_CONVENTION_ANCHOR needs 为 or 是), no cue word, no time after a , or ;
            # (_without_time), no mark in brackets, and _items reads it as a plain list (no 各, nothing
            # _PLAIN_LIST rules out): what the branches below find, read off directly.
            if last:
                time = None
            labelled = role is not Role.RESPONSIBLE
            if labelled or ctx.conventions.isdisjoint(_ROLE_CONVENTIONS):
                mentions.extend(_by_label(text, _plain_items(norm, seg_s, seg_e), role, clause, ctx, labelled, len(mentions)))
            else:
                mentions.extend(_listed_general(text, norm, seg_s, seg_e, role, clause, ctx, labelled, len(mentions), False))
            continue
        seg_e = _names_end(norm, seg_s, seg_e)
        rule = _CONVENTION_ANCHOR.search(norm, seg_s, seg_e)  # and the document's rule said in it:
        if rule is not None:  # (责任单位:A、B、C，排在第一位的为牵头单位)
            seg_e = max(seg_s, norm.rfind(",", seg_s, rule.start()), norm.rfind(";", seg_s, rule.start()))
        if role is Role.RESPONSIBLE and _has_cue(norm, seg_s, seg_e):
            named, cued_time = _cued(text, norm, seg_s, seg_e, clause, ctx, start_rank=len(mentions))
            mentions.extend(named)
            if last:  # a time the names of an earlier label end with does not end the clause
                time = cued_time
        else:
            if last:  # (责任单位:A、B，2024年底前): the time ends the clause, and names no body
                seg_e, time = _without_time(norm, seg_s, seg_e)
            mentions.extend(_listed(text, norm, seg_s, seg_e, role, clause, ctx, labelled=role is not Role.RESPONSIBLE,
                                    start_rank=len(mentions)))
    return _new_clause(clause, tuple(mentions), _time_span(text, time)) if mentions else None


def _names_end(norm: str, s: int, e: int) -> int:
    """Where a list of names ``norm[s:e]`` ends: before another field (完成时限:2024年底) or at the end
    of a sentence (责任单位:A、B。以下均需各市[州]落实…), else at ``e``."""
    # A field ends in a colon, a sentence in 。: most lists have neither, and need neither search.
    if _FIELD_OR_STOP.search(norm, s, e) is None:
        return e
    other = _OTHER_FIELD.search(norm, s, e)
    if other:
        e = other.start()
    stop = norm.find("。", s, e)
    return e if stop == -1 else stop


def _has_cue(norm: str, s: int, e: int) -> bool:
    """Whether a group of the list ``norm[s:e]`` ends in a cue word (A牵头,B配合)."""
    if not _CUE_WORD.search(norm, s, e):
        return False  # most lists name bodies only
    return any(piece.strip().endswith(_CUES) for piece in _GROUP_SEPARATOR.split(norm[s:e]))


def _cue_at_end(norm: str, s: int, e: int) -> str | None:
    """The cue word ``norm[s:e]`` ends with (the longest one), if any."""
    # The last two characters rule out most groups (市财政局) with one look-up, and one endswith
    # with a tuple tells whether a longer cue than them is met (most often not: 市财政局配合); only
    # then are those tried one by one, longest first. Reading back a character at a time, as this
    # did, took a slice and a look-up per character, seven for 按职责分工负责.
    if e - s < 2:
        return None
    longer, short = _CUES_BY_ENDING.get(norm[e - 2:e], ((), None))
    if longer and norm.endswith(longer, s, e):
        for cue in longer:
            if norm.endswith(cue, s, e):
                return cue
    return short


def _cued(text: str, norm: str, s: int, e: int, clause: Span, ctx: Context,
          start_rank: int = 0) -> tuple[list[tuple], tuple[int, int] | None]:
    """``A牵头,B、C配合`` / ``A、B按职责分工负责``: the cue after each group gives its role.

    Returns the Named tuples, none if some name is not body-shaped, and the (start, end) of the
    time the list ends with (``…，2025年底前完成``), or None.
    """
    # (A牵头，B配合；完成时限:2025年底), (…政府负责落实。以下均需…落实，不再列出): the names end before both
    e = time_end = _names_end(norm, s, e)
    groups = _top_level_split(norm, s, e, ",;，；")
    # (A牵头，B按职责分工负责，2025年底前完成): a time at the end is the clause's deadline, not a name.
    time_start = None
    while len(groups) > 1 and _TIME_GROUP.fullmatch(norm, *groups[-1]):
        time_start = groups.pop()[0]
    time = _strip(norm, time_start, time_end) if time_start is not None else None
    parsed: list[tuple[int, int, Role, RoleRule]] = []
    for gs, ge in groups:
        gs, ge = _strip(norm, gs, ge)
        if norm.startswith("由", gs):  # (由市工信局负责): the preposition is no part of the name
            gs += 1
        if gs >= ge:
            continue
        cue = _cue_at_end(norm, gs, ge)
        if cue is not None:
            names_e = ge - len(cue)
            role, rule = _CUE_ROLE[cue]
        else:
            names_e, role, rule = ge, Role.RESPONSIBLE, RoleRule.UNSPECIFIED
        parsed.append((gs, names_e, role, rule))
    # (A、B，C按职责分工负责): the shared cue covers the groups before it that have none of their own.
    for k in range(len(parsed) - 2, -1, -1):
        if parsed[k][3] is RoleRule.UNSPECIFIED and parsed[k + 1][3] is RoleRule.SHARED:
            parsed[k] = (*parsed[k][:2], Role.RESPONSIBLE, RoleRule.SHARED)
    # A cue-form clause must name bodies; "(试点牵头)" is text. A clause that fails makes no mention:
    # the names made before the failing one are dropped with the list (each is made once checked, in
    # one pass, where a list of the names to make took a second).
    looks_like_body = ctx.gazetteer.looks_like_body
    memo = ctx.names  # _item_names' own memo, asked here first: most items are in it
    out = []
    rank = start_rank
    for gs, ge, role, rule in parsed:
        for ns, raw in _items(norm, gs, ge):
            pieces = memo.get(raw)
            if pieces is None:
                pieces = _item_names(raw, ctx)
            for a, b, (skip, end, _, canonical, collective, resolved, department_id) in pieces:
                if not looks_like_body(raw[a:b]):
                    return [], None
                rank += 1
                span = Span.of(text, ns + a + skip, ns + a + end)  # as _named makes it
                out.append((span, span.text, canonical, role, rule, rank, collective, resolved, department_id, clause))
    return out, time


def _without_time(norm: str, s: int, e: int) -> tuple[int, tuple[int, int] | None]:
    """A labelled list ``norm[s:e]`` without the time groups it ends with, as _cued drops them:
    (end of the names, (start, end) of the time or None). 责任单位:A、B，2024年12月底前 → the end of B
    and 2024年12月底前, which would otherwise be read as a name."""
    time_start = None
    cut = e
    while True:
        sep = max(norm.rfind(",", s, cut), norm.rfind(";", s, cut))
        if sep == -1:
            break
        a = sep + 1
        while a < cut and norm[a] in " \t":
            a += 1
        # Most lists end in a name: one character rules the match out. A time holds no bracket,
        # and the separator before it stands outside brackets (a list item's gloss is no time).
        if (a == cut or norm[a] not in _TIME_OPENERS or _BRACKET.search(norm, sep, cut) is not None
                or not _TIME_GROUP.fullmatch(norm, sep + 1, cut) or not _outside_brackets(norm, s, sep)):
            break
        time_start = cut = sep
    if time_start is None:
        return e, None
    return cut, _strip(norm, time_start + 1, e)


def _outside_brackets(norm: str, s: int, pos: int) -> bool:
    """Whether every bracket opened in ``norm[s:pos]`` is closed there."""
    return norm.count("(", s, pos) == norm.count(")", s, pos) and norm.count("[", s, pos) == norm.count("]", s, pos)


def _time_span(text: str, time: tuple[int, int] | None) -> Span | None:
    return Span.of(text, *time) if time is not None and time[1] > time[0] else None


def _listed(text: str, norm: str, s: int, e: int, role: Role, clause: Span, ctx: Context, *, labelled: bool,
            start_rank: int = 0, bodies_only: bool = False) -> list[tuple]:
    """A plain list of names, with the document's conventions applied where no label gives the role;
    none at all if ``bodies_only`` and the list does not name bodies (_names_bodies)."""
    if not bodies_only and (labelled or (norm.find(")", s, e) == -1 and ctx.conventions.isdisjoint(_ROLE_CONVENTIONS))):
        return _listed_by_label(text, norm, s, e, role, clause, ctx, labelled, start_rank)
    return _listed_general(text, norm, s, e, role, clause, ctx, labelled, start_rank, bodies_only)


def _listed_by_label(text: str, norm: str, s: int, e: int, role: Role, clause: Span, ctx: Context, labelled: bool,
                     start_rank: int) -> list[tuple]:
    """_listed where only the label gives a role (or, unlabelled, none is given), and a name's inline
    (牵头) / (配合) its own: no convention applies, nor a mark (the marks end in ")", and the list has
    none). Each name is made as it is read, as _listed_general makes it in its last loop."""
    return _by_label(text, _items(norm, s, e), role, clause, ctx, labelled, start_rank)


def _by_label(text: str, items: list[tuple[int, str]], role: Role, clause: Span, ctx: Context, labelled: bool,
              start_rank: int) -> list[tuple]:
    """_listed_by_label of the list whose _items are ``items``."""
    memo = ctx.names  # _item_names' own memo, asked here first: most items are in it
    rule = RoleRule.EXPLICIT_LABEL if labelled else RoleRule.UNSPECIFIED
    out = []
    rank = start_rank
    for ns, raw in items:
        pieces = memo.get(raw)
        if pieces is None:
            pieces = _item_names(raw, ctx)
        for a, _, (skip, end, cue, canonical, collective, resolved, department_id) in pieces:
            if cue is None:
                item_role, item_rule = role, rule
            else:
                item_role, item_rule = (Role.LEAD if cue.startswith("牵头") else Role.SUPPORT), RoleRule.EXPLICIT_LABEL
            rank += 1
            span = Span.of(text, ns + a + skip, ns + a + end)  # as _named makes it
            out.append((span, span.text, canonical, item_role, item_rule, rank, collective, resolved, department_id, clause))
    return out


def _listed_general(text: str, norm: str, s: int, e: int, role: Role, clause: Span, ctx: Context, labelled: bool,
                    start_rank: int, bodies_only: bool) -> list[tuple]:
    """_listed for any list."""
    memo = ctx.names
    conventions = ctx.conventions
    items: list[tuple[int, int, tuple]] = []  # (start, end, Name) of each name
    first_comma = None
    comma = norm.find(",", s, e)  # one search, not a slice of the list so far for every item
    for ns, raw in _items(norm, s, e):
        if first_comma is None and comma != -1 and comma < ns:
            first_comma = len(items)  # items before it are the leads under 第一个逗号前为牵头单位
        pieces = memo.get(raw)
        if pieces is None:
            pieces = _item_names(raw, ctx)
        for a, b, name in pieces:
            items.append((ns + a, ns + b, name))
    if bodies_only and not _names_bodies(norm, items, ctx):
        return []
    # 市发改局(牵头)、市财政局: one item marked 牵头 makes the unmarked others its supporters. The
    # marks end in ")" (_INLINE_ROLE): a list without one has none.
    marked_lead = (not labelled and norm.find(")", s, e) != -1
                   and any(n[_CUE] is not None and n[_CUE].startswith("牵头") for _, _, n in items))
    # Whether any item carries a star: asked once for the list, not once per item.
    stars = (not labelled and "star-is-lead" in conventions
             and any(_starred(norm, a, b) for a, b, _ in items))
    out = []
    for i, (ns, ne, name) in enumerate(items):
        cue = name[_CUE]
        if cue is not None:
            item_role, rule = (Role.LEAD if cue.startswith("牵头") else Role.SUPPORT), RoleRule.EXPLICIT_LABEL
        elif labelled:
            item_role, rule = role, RoleRule.EXPLICIT_LABEL
        elif marked_lead:
            item_role, rule = Role.SUPPORT, RoleRule.EXPLICIT_LABEL
        elif stars:
            starred = _starred(norm, ns, ne)
            item_role, rule = (Role.LEAD if starred else Role.SUPPORT), RoleRule.STAR
        elif "first-comma-is-lead" in conventions and first_comma is not None:
            item_role, rule = (Role.LEAD if i < first_comma else Role.SUPPORT), RoleRule.FIRST_COMMA
        elif "first-listed-is-lead" in conventions:
            item_role, rule = (Role.LEAD if i == 0 else Role.SUPPORT), RoleRule.FIRST_LISTED
        else:
            item_role, rule = role, RoleRule.UNSPECIFIED
        out.append(_named(text, ns, name, item_role, rule, start_rank + i + 1, clause))
    return out


def _starred(norm: str, s: int, e: int) -> bool:
    """Whether the listed name ``norm[s:e]`` carries the lead mark, before it or after (*市发改局, 市发改局★)."""
    item = norm[s:e].strip(" ")
    return item.startswith("*") or item.endswith("*")


def _items(norm: str, s: int, e: int) -> list[tuple[int, str]]:
    """Names of a list separated by 、 , ， ； ; at bracket depth 0, stripped of spaces, 等 and list
    noise: (start, text) of each, the text being ``norm[start:start + len(text)]``."""
    if norm.find("各", s, e) != -1 and (runs := [m.span() for m in LEVEL_LIST.finditer(norm, s, e)]):
        # 各县、市、区人民政府 is one collective, not 各县, 市 and 区人民政府: a run of levels that starts
        # and ends where items do is one item. One that ends inside an item (各区、市政府各部门) is not:
        # that list splits as any other.
        items = list(_items_general(norm, s, e))
        starts, ends = {a for a, _ in items}, {b for _, b in items}
        levels = [(ls, le) for ls, le in runs if ls in starts and le in ends]
        kept = [(a, b) for a, b in items if not any(ls <= a < le for ls, le in levels)]
        return [(a, norm[a:b]) for a, b in sorted(kept + levels)]
    if _PLAIN_LIST.fullmatch(norm, s, e):
        return _plain_items(norm, s, e)
    if _ITEM_MARKS.search(norm, s, e) is None:
        # Every separator splits (no bracket), no 街道 merges, and nothing is left to strip from a
        # run between separators (what _strip removes besides ":" is a separator): the names are
        # the runs.
        return _runs_items(_ITEM_SEPARATOR.split(norm[s:e]), s)
    if _BRACKET.search(norm, s, e) is None and norm.find("街道", s, e) == -1:
        # Every separator splits still, but a run may start with ":" and end with ":" and, before
        # those, 等 / 。 / .: stripped as _items_general strips them.
        items = []
        a = s
        for run in _ITEM_SEPARATOR.split(norm[s:e]):
            name = run.lstrip(":")
            start = a + len(run) - len(name)
            name = name.rstrip(":").rstrip("等。.")
            if len(name) >= 2:
                items.append((start, name))
            a += len(run) + 1
        return items
    return [(a, norm[a:b]) for a, b in _items_general(norm, s, e)]


def _plain_items(norm: str, s: int, e: int) -> list[tuple[int, str]]:
    """_items of a list that _PLAIN_LIST matches whole and that is no run of levels (各县、市、区):
    、 is its only separator, and str.split finds it faster than any regex."""
    return _runs_items(norm[s:e].split("、"), s)


def _runs_items(runs: list[str], s: int) -> list[tuple[int, str]]:
    """The items of a list that opens at ``s`` and splits into ``runs`` at one-character separators."""
    items = []
    a = s
    for run in runs:
        n = len(run)
        if n >= 2:
            items.append((a, run))
        a += n + 1  # past the run and the one-character separator after it
    return items


def _items_general(norm: str, s: int, e: int) -> Iterator[tuple[int, int]]:
    """``_items`` for any list: separators inside brackets do not split, 各镇、街道 is one name."""
    for a, b in _top_level_split(norm, s, e, _ITEM_SEPARATORS):
        a, b = _strip(norm, a, b)
        while b > a and norm[b - 1] in "等。.":
            b -= 1
        if b - a >= 2:
            yield a, b
    return


def _merge_towns(items: Sequence[tuple[int, int]], norm: str) -> list[tuple[int, int]]:
    # Every merge needs an item 街道…: callers skip this where the list does not contain 街道.
    out: list[tuple[int, int]] = []
    for a, b in items:
        if out and norm[a:b] in ("街道办事处", "街道", "街道办") and norm[out[-1][0]:out[-1][1]].startswith("各"):
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _top_level_split(norm: str, s: int, e: int, separators: str) -> list[tuple[int, int]]:
    """``norm[s:e]`` split at the separators outside brackets."""
    parts, depth, start = [], 0, s
    for m in _split_pattern(separators).finditer(norm, s, e):  # the brackets and separators only
        ch = m.group()
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif depth == 0:
            parts.append((start, m.start()))
            start = m.end()
    parts.append((start, e))
    return _merge_towns(parts, norm) if "、" in separators and norm.find("街道", s, e) != -1 else parts


@functools.lru_cache(maxsize=8)
def _split_pattern(separators: str) -> re.Pattern[str]:
    return re.compile("[()\\[\\]" + re.escape(separators) + "]")


def _split_conjunction(norm: str, s: int, e: int, g: Gazetteer, resolves: Callable[[str], bool]) -> list[tuple[int, int]]:
    """市发改委及各县市区 → two names; 发展和改革局 stays one (it resolves whole); 市发改局市工信局
    (no separator) → two names, found by segmenting with the gazetteer's words. ``resolves`` says
    whether a name resolves in the document's jurisdiction."""
    name = norm[s:e]
    if resolves(name):
        return [(s, e)]
    m = _CONJ.search(name)
    if m is None:
        return _split_run(norm, s, e, resolves)
    left, right = (s, s + m.start()), (s + m.end(), e)
    if all(g.looks_like_body(norm[a:b]) for a, b in (left, right)):
        return [left, *_split_conjunction(norm, right[0], right[1], g, resolves)]
    return [(s, e)]


def _split_run(norm: str, s: int, e: int, resolves: Callable[[str], bool]) -> list[tuple[int, int]]:
    """Known names written back to back without a separator; anything else stays one name."""
    if e - s < 6:
        return [(s, e)]
    from extract.segment import gazetteer_segmenter

    tokens = list(gazetteer_segmenter().tokens(norm[s:e]))
    names = [(s + t.start, s + t.end) for t in tokens]
    if len(names) >= 2 and all(resolves(norm[a:b]) for a, b in names):
        return names
    return [(s, e)]


def _strip(norm: str, s: int, e: int) -> tuple[int, int]:
    while s < e and norm[s] in " \t\n、,;:":
        s += 1
    while e > s and norm[e - 1] in " \t\n、,;:":
        e -= 1
    return s, e


def _item_names(raw: str, ctx: Context) -> tuple[tuple[int, int, tuple], ...]:
    """The names of the list item ``raw``: (start, end, Name) for each piece it splits into
    (_split_conjunction), offsets into ``raw``.

    A pure function of the item's text in the context's jurisdiction, and documents list the same
    bodies over and over: memoised, so that each item is split and resolved once. In a new
    jurisdiction most items are still ones seen before: their split and the shape of each name
    come from ``ctx.shapes`` (_item_shape), and only what the names are called there is new.
    """
    hit = ctx.names.get(raw)
    if hit is None:
        shape = ctx.shapes.get(raw, _UNSEEN)
        if shape is _UNSEEN:
            shape = ctx.shapes[raw] = _item_shape(raw, ctx.gazetteer)
        if shape is None:
            hit = _item_names_in(raw, ctx)
        else:
            # resolve_shape is what Gazetteer.resolve gives for a name of that shape (its _resolve
            # is made of it), so each Name is the one _name_of makes of the piece.
            in_place, jurisdiction = ctx.gazetteer.resolve_shape, ctx.jurisdiction
            names = []
            for a, b, skip, end, cue, name_shape in shape:
                canonical, department_id, resolved, collective, _ = in_place(name_shape, jurisdiction)
                names.append((a, b, (skip, end, cue, canonical, collective, resolved, department_id)))
            hit = tuple(names)
        ctx.names[raw] = hit
    return hit


_UNSEEN = object()  # ctx.shapes.get's default: None there means "depends on the jurisdiction"


class _DependsOnJurisdiction(Exception):
    """Raised where _item_shape would need to know whether a name resolves in the jurisdiction."""


def _item_shape(raw: str, g: Gazetteer) -> tuple | None:
    """What _item_names finds in ``raw`` in any jurisdiction: (start, end, skip, end of name, cue,
    shape) of each piece, with ``shape`` the gazetteer's shape of the text the piece's name resolves
    by; None where that depends on the jurisdiction.

    The split and the name's text depend on the jurisdiction only through whether names resolve
    (``resolves`` of _split_conjunction and _name_parts), and that is the same everywhere except for
    names that open with a place name (Gazetteer.resolves_everywhere): asking about one of those
    makes the item's shape None. A question left unasked (``all`` and ``and`` stop early) is one
    whose answer changes nothing, in any jurisdiction. A piece's own name may still open like a
    place where nothing needed to know whether it resolves: resolve_shape splits it in each.
    """
    if g.resolves_everywhere(raw) is None:
        return None  # what _split_conjunction asks first: most such items fail here, without raising

    def resolves(name: str) -> bool:
        found = g.resolves_everywhere(name)
        if found is None:
            raise _DependsOnJurisdiction
        return found

    try:
        pieces = []
        for a, b in _split_conjunction(raw, 0, len(raw), g, resolves):
            skip, end, cue, head = _name_parts(raw[a:b], resolves)
            if skip < end:  # as in _item_names_in
                pieces.append((a, b, skip, end, cue, g.shape(head)))
        return tuple(pieces)
    except _DependsOnJurisdiction:
        return None


def _item_names_in(raw: str, ctx: Context) -> tuple[tuple[int, int, tuple], ...]:
    """_item_names of ``raw`` in the context's jurisdiction, worked out there."""
    g, jurisdiction = ctx.gazetteer, ctx.jurisdiction
    # Most items that get here name a body of the jurisdiction by its place name (通州区融媒体中心),
    # new in each jurisdiction. One that resolves whole is one piece (_split_conjunction asks that
    # first), and one that neither opens nor ends with a mark _name_parts strips, nor ends in a
    # bracket, is its own name and head: made here from the one resolution, as the loop below would.
    # That resolution is new too (the item is, here): its fields come from resolve_shape, as resolve
    # would make them, without a Resolution made and memoised for the one use.
    canonical, department_id, resolved, collective, _ = g.resolve_shape(g.shape(raw), jurisdiction)
    if resolved and raw[0] not in "*＊ " and raw[-1] not in "*＊ " and ")" not in raw[-2:] and "]" not in raw[-2:]:
        return ((0, len(raw), (0, len(raw), None, canonical, collective, True, department_id)),)
    resolves = functools.partial(_resolves_in, g, jurisdiction)
    pieces = []
    for a, b in _split_conjunction(raw, 0, len(raw), g, resolves):
        skip, end, cue, head = _name_parts(raw[a:b], resolves)
        # A piece that is all marks (**, ＊ , (牵头)) names nothing: it is dropped, not made an empty name.
        if skip < end:
            res = g.resolve(head, jurisdiction)  # as _name_of resolves it
            pieces.append((a, b, (skip, end, cue, res.canonical, res.collective, res.resolved, res.department_id)))
    return tuple(pieces)


def _resolves_in(g: Gazetteer, jurisdiction: Place | None, name: str) -> bool:
    return g.resolve(name, jurisdiction).resolved


def _name_parts(raw: str, resolves: Callable[[str], bool]) -> tuple[int, int, str | None, str]:
    """What the listed name ``raw`` is, wherever it is listed: (skip, end, cue, head), where
    raw[skip:end] is the name without a leading * and an inline (牵头), cue that inline role word
    or None, and head the text the name resolves by. ``resolves`` says whether a text resolves."""
    # Both patterns end in a bracket at the end ($ also allows one trailing \n): most names end
    # otherwise, and a look at the last two characters is cheaper than a regex search.
    inline = _INLINE_ROLE.search(raw) if ")" in raw[-2:] else None
    end = inline.start() if inline else len(raw)
    skip = 0
    while skip < end and raw[skip] in "*＊ ":
        skip += 1
    while end > skip and raw[end - 1] in "*＊ ":  # 市经信局★: the mark may follow the name too
        end -= 1
    matched = raw[skip:end]  # names resolve in the matching copy: 發改局 is 发改局
    tail = matched[-2:]
    # 市委组织部（人才办）resolves as 市委组织部, unless only the whole name does
    head = (_TRAILING_GLOSS.sub("", matched) or matched) if ")" in tail or "]" in tail else matched
    if head != matched and not resolves(head) and resolves(matched):
        head = matched
    return skip, end, inline.group("cue") if inline else None, head


def _name_of(raw: str, ctx: Context) -> tuple:
    """The Name tuple of one listed name ``raw``: resolved in the document's jurisdiction."""
    g, jurisdiction = ctx.gazetteer, ctx.jurisdiction
    skip, end, cue, head = _name_parts(raw, functools.partial(_resolves_in, g, jurisdiction))
    res = g.resolve(head, jurisdiction)
    return skip, end, cue, res.canonical, res.collective, res.resolved, res.department_id


def _named(text: str, start: int, name: tuple, role: Role, rule: RoleRule, rank: int, clause: Span) -> tuple:
    """The Named tuple of the Name ``name`` listed at ``start``, with the role the list gives it."""
    skip, end, _, canonical, collective, resolved, department_id = name
    span = Span.of(text, start + skip, start + end)  # its text is the name as written
    return span, span.text, canonical, role, rule, rank, collective, resolved, department_id, clause


def mentions_in_cell(text: str, norm: str, s: int, e: int, role: Role, ctx: Context, scope: Span) -> list[DepartmentMention]:
    """The departments of a task-table cell (牵头单位 / 配合单位 / 责任单位 column)."""
    s, e = _strip(norm, s, e)
    if s >= e:
        return []
    clause = Span.of(text, s, e)
    if role is Role.RESPONSIBLE and _has_cue(norm, s, e):
        found = _cued(text, norm, s, e, clause, ctx)[0]  # a row's time is its 完成时限 column's
    else:
        found = _listed(text, norm, s, e, role, clause, ctx, labelled=role is not Role.RESPONSIBLE)
    return [new_mention(*n, scope) for n in found]
