"""The values the extractor produces: frozen records that carry character offsets.

Every record points back into ``Document.text`` (the decoded original text) with a
:class:`Span`; ``document.text[span.start:span.end] == span.text`` always holds.
Records are free of rdflib and networkx: ``graph/rdf.py`` turns them into triples.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


@dataclass(frozen=True, slots=True)
class Span:
    """A ``[start, end)`` range of code points in ``Document.text`` and the text there."""

    start: int  # index into Document.text; end is exclusive, like str slicing
    end: int
    text: str

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"Span needs 0 <= start < end (got start={self.start}, end={self.end}).")
        if len(self.text) != self.end - self.start:
            raise ValueError(
                f"Span text has {len(self.text)} characters but [start, end) covers {self.end - self.start}."
            )

    @staticmethod
    def of(text: str, start: int, end: int) -> "Span":
        """The span ``text[start:end]``."""
        if not 0 <= start < end <= len(text):  # what __post_init__ checks, for a slice of text
            raise ValueError(f"Span needs 0 <= start < end <= {len(text)} (got start={start}, end={end}).")
        # Built as a _MutableSpan and then made a Span: see _mutable_twin for why this is equivalent.
        # (A static method, not a class method: the result is always a Span, and a static method
        # skips binding a method object at every call.)
        span = _MutableSpan()
        span.start = start
        span.end = end
        span.text = text[start:end]
        span.__class__ = Span
        return span

    def as_list(self) -> list[int]:
        return [self.start, self.end]


def _mutable_twin(cls: type) -> type:
    """A plain class with exactly the slots of the slotted frozen dataclass ``cls``, for building its records.

    The extractor makes some 250 spans and 130 other records a document. A frozen dataclass's
    __init__ sets each field through object.__setattr__ to get past the frozen guard, and calling a
    slot's ``__set__`` directly still costs a C call with an argument tuple per field. An instance of
    the twin takes plain attribute stores instead (the interpreter writes a slot in place), and then
    ``obj.__class__ = cls`` turns it into a ``cls``: Python allows that only between classes with the
    same memory layout (same base, same slots in the same order), which the twin has by construction,
    so the object is then exactly what ``cls.__init__`` would have made, with every slot set (the
    frozen guard is on ``cls``, so it applies from then on). Only Span.of, section_at and the
    functions of slot_constructor and slot_replacer use a twin, with every slot set before the swap.
    """
    assert cls.__bases__ == (object,) and "__slots__" in cls.__dict__, f"{cls.__name__} is not a plain slotted record"
    twin = type(f"_Mutable{cls.__name__}", (), {"__slots__": cls.__slots__, "__module__": cls.__module__})
    probe = twin()
    probe.__class__ = cls  # raises TypeError here, at import, if the layouts ever differ
    return twin


_MutableSpan = _mutable_twin(Span)


class Role(str, Enum):
    """What a department is asked to do for a measure."""

    LEAD = "lead"  # 牵头单位
    SUPPORT = "support"  # 配合单位 / 参与单位 / 协同单位
    RESPONSIBLE = "responsible"  # 责任单位, role not stated


class RoleRule(str, Enum):
    """Why a department got its role; kept so that every role can be audited."""

    EXPLICIT_LABEL = "explicit-label"  # (牵头单位：A；配合单位：B)
    CUE = "cue"  # (A牵头，B配合)
    FIRST_LISTED = "first-listed-is-lead"  # the document says 列第一位的为牵头单位
    FIRST_COMMA = "first-comma-is-lead"  # the document says 第一个逗号前为牵头单位
    STAR = "star-is-lead"  # the document says a leading * marks the lead
    SHARED = "shared"  # (A、B按职责分工负责)
    UNSPECIFIED = "unspecified"  # (责任单位：A、B): never guess a lead


class SectionStyle(str, Enum):
    """The printed numbering styles of GB/T 9704 §7.3.3, plus the two common extras."""

    CHAPTER = "chapter"  # 一、
    SECTION = "section"  # （一）
    ITEM = "item"  # 1.  1、  1．
    SUBITEM = "subitem"  # （1）
    HALF_BRACKETED = "half-bracketed"  # 1） / 1): a level of its own, beside 1. and （1）
    CIRCLED = "circled"  # ①
    ENUMERATION = "enumeration"  # 一是 / 二是, 第一， / 第二，
    ARTICLE = "article"  # 第一条 (若干措施 and 办法 written as articles)
    TABLE_ROW = "table-row"  # a row of a task table (序号 column)
    PARAGRAPH = "paragraph"  # an unnumbered paragraph that carries its own departments


class Comparator(str, Enum):
    GE = ">="  # 达到 / 以上 / 不少于 / 不低于
    GT = ">"  # 超过 / 突破 / 超
    APPROX = "~"  # 左右 / 约
    LE = "<="  # 以内 / 以下 / 不超过
    LT = "<"  # 低于 / 少于
    EQ = "="  # a bare number


class Frequency(str, Enum):
    ANNUAL = "annual"  # 每年 / 年均 / 年增长
    CUMULATIVE = "cumulative"  # 累计


@dataclass(frozen=True, slots=True)
class Section:
    """A numbered block of the document: 一、 / （一） / 1. / （1） / ① / 一是."""

    number: str  # as printed without decoration: "二", "一", "1", "①"
    path: tuple[str, ...]  # numbers from the top: ("二", "一", "1")
    style: SectionStyle
    depth: int  # 1 for top-level sections
    order: int  # 1-based position among its siblings
    title: str | None  # the heading before the first 。, where the block has one
    title_span: Span | None
    span: Span  # the whole block, marker included, up to the next block of the same or a higher level
    marker_span: Span  # the printed number with its decoration: "（一）"

    @property
    def path_str(self) -> str:
        """The number path joined with dots: ``二.一.1``."""
        return ".".join(self.path)


@dataclass(frozen=True, slots=True)
class DepartmentMention:
    """One department named as responsible for a measure, with the role the text gives it."""

    span: Span  # the name as written: "市发改局"
    name: str  # the surface form without list punctuation or a leading *
    canonical: str  # the full name in its jurisdiction: "寿光市发展和改革局"
    role: Role
    rule: RoleRule
    rank: int  # 1-based position in the printed list
    collective: bool  # 各镇街, 各县（市、区）人民政府, 市直有关部门
    resolved: bool  # False when the name looks like a body but is not in the gazetteer
    department_id: str | None  # "370783/fgj": jurisdiction adcode / department type; None when unresolved
    clause: Span  # the whole annotation: "（责任单位：发改局、工信局）"
    scope: Span  # the text the annotation covers (the sentences before it, back to the previous one)


def slot_constructor(cls: type) -> Any:
    """A positional constructor for the slotted frozen dataclass ``cls`` that sets each slot directly.

    The frozen ``__init__`` sets every field through ``object.__setattr__`` (and keyword calls add
    their own cost); the extractor makes tens of thousands of mentions and sections per corpus, so
    its hot paths build them with this instead, at less than half the cost (see _mutable_twin). It
    skips nothing but the frozen guard: ``cls`` must have no ``__post_init__`` (Span, which
    validates, has ``Span.of``).
    """
    assert not hasattr(cls, "__post_init__"), f"{cls.__name__} validates its fields; construct it normally"
    names = cls.__slots__  # the fields, in declaration order (dataclass(slots=True))
    scope: dict[str, Any] = {"_twin": _mutable_twin(cls), "_cls": cls}
    source = (f"def new_{cls.__name__}({', '.join(names)}):\n    obj = _twin()\n"
              + "".join(f"    obj.{n} = {n}\n" for n in names) + "    obj.__class__ = _cls\n    return obj\n")
    exec(source, scope)  # unrolled, like the __init__ that dataclasses itself generates with exec
    return scope[f"new_{cls.__name__}"]


def slot_replacer(cls: type) -> Any:
    """``dataclasses.replace`` for the slotted frozen dataclass ``cls``: ``replace_x(obj, rank=2)``.

    dataclasses.replace looks up the fields and calls the frozen ``__init__`` with keywords, some
    ten times the cost of copying the slots. This copies every slot onto a twin (see _mutable_twin),
    taking the keyword's value for the fields given, so the copy is the one dataclasses.replace
    makes; an unknown field is a TypeError, as there. ``cls`` must have no ``__post_init__``.
    """
    assert not hasattr(cls, "__post_init__"), f"{cls.__name__} validates its fields; use dataclasses.replace"
    names = cls.__slots__
    scope: dict[str, Any] = {"_twin": _mutable_twin(cls), "_cls": cls, "_keep": _KEEP}
    source = (f"def replace_{cls.__name__}(obj, *, {', '.join(f'{n}=_keep' for n in names)}):\n    new = _twin()\n"
              + "".join(f"    new.{n} = obj.{n} if {n} is _keep else {n}\n" for n in names)
              + "    new.__class__ = _cls\n    return new\n")
    exec(source, scope)
    return scope[f"replace_{cls.__name__}"]


_KEEP = object()  # a field not given to a slot_replacer: keep the record's value


@dataclass(frozen=True, slots=True)
class Indicator:
    """A quantified target: "到2025年,5G基站建设突破2000个"."""

    span: Span  # subject through value, unit and comparator: "5G基站建设突破2000个"
    subject: str  # what is counted: "5G基站建设"
    value: float  # the number with its 万/亿 multiplier applied: 1.5万人 -> 15000; 翻一番 -> 2, 翻两番 -> 4
    printed_value: str  # the number as printed: "1.5万", "两千"; a multiple in words whole: "翻一番"
    unit: str  # the base unit: "个", "%", "吨", "千瓦"; "倍" for 翻一番
    unit_text: str  # the unit as printed, multiplier included: "万吨"; "" where none is (翻一番)
    comparator: Comparator
    year: int | None  # the deadline year that governs the sentence: 到2025年 / 2025年底前
    deadline: str | None  # the deadline as printed: "到2025年"
    frequency: Frequency | None
    basis: str | None  # "newly-added" for 新增 / 新建 / 新认定; None otherwise
    measure: str | None  # number path of the measure it belongs to, None outside measures
    # A value that is a change, not a level to reach: "increase" for 增长8% / 提高5个百分点 / 增加1000户,
    # "decrease" for 下降3.2% / 减少500吨; None for 达到 / 提高到 / 控制在 and bare numbers.
    change: str | None = None
    # What the change is measured from, as printed: "2023年" (较2023年), "上年", "同期"; or what a multiple
    # in words multiplies (比2020年翻一番: a level of 2倍, no change).
    base: str | None = None
    base_year: int | None = None  # the year of ``base``, where it names one

    @property
    def is_integer(self) -> bool:
        return float(self.value).is_integer()


@dataclass(frozen=True, slots=True)
class PolicyReference:
    """A cited policy: 《山东省县域经济高质量发展三年行动方案(2023—2025年)》 and its 文号."""

    span: Span  # the 《…》 title, and the 文号 after it when there is one
    title: str  # inside the book-title marks
    doc_number: str | None  # "鲁政字〔2023〕209号", brackets as printed
    relation: str  # "implements" | "cites" | "self" (《方案》 meaning this document)


@dataclass(frozen=True, slots=True)
class Programme:
    """A named initiative in quotes, with a cue that it is one: “链长制”, “工赋山东”行动."""

    span: Span  # the quoted name, quotes included
    name: str  # without quotes: "链长制"
    measure: str | None


@dataclass(frozen=True, slots=True)
class Convention:
    """A rule the document states once: 列第一位的为牵头单位, or 以下各项任务均需…落实，不再列出."""

    kind: str  # "first-listed-is-lead" | "first-comma-is-lead" | "star-is-lead" | "standing-rule"
    span: Span
    departments: tuple[DepartmentMention, ...] = ()


@dataclass(frozen=True, slots=True)
class Measure:
    """A leaf 举措 / 重点任务 with its departments and targets."""

    number: str  # the number path: "二.一.1"
    path: tuple[str, ...]
    title: str | None
    span: Span  # the whole measure, numbering included
    section: Section
    departments: tuple[DepartmentMention, ...]
    indicators: tuple[Indicator, ...]
    programmes: tuple[Programme, ...] = ()
    deadline: str | None = None  # a 完成时限 field, cell or column, else the time its clauses end with; as printed
    deadline_year: int | None = None


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """Something the extractor noticed in messy text; recorded, never raised."""

    level: str  # "warning" | "info"
    message: str
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    """The administrative division a document belongs to: 寿光市 (370783)."""

    name: str
    adcode: str | None
    level: str | None  # "province" | "prefecture" | "county"


@dataclass(frozen=True)
class ExtractedDocument:
    """Everything extracted from one document, in document order."""

    source: str  # the path as given, or "<text>"
    text: str  # the decoded original text; every span indexes into it
    sha256: str  # of the UTF-8 encoding of ``text``
    title: str | None
    title_span: Span | None
    issuer: str | None
    issuer_span: Span | None
    date: str | None  # YYYY-MM-DD
    date_span: Span | None
    doc_number: str | None
    doc_number_span: Span | None
    jurisdiction: Jurisdiction | None
    addressees: tuple[Span, ...]
    sections: tuple[Section, ...]
    measures: tuple[Measure, ...]
    indicators: tuple[Indicator, ...]  # targets that stand outside any measure
    references: tuple[PolicyReference, ...]
    programmes: tuple[Programme, ...]
    conventions: tuple[Convention, ...]
    diagnostics: tuple[Diagnostic, ...]
    format: str = "txt"  # "txt" | "html" | "docx"
    encoding: str = "utf-8"
    extra: dict[str, Any] = field(default_factory=dict)

    def all_indicators(self) -> tuple[Indicator, ...]:
        """Targets inside measures and outside them, in document order."""
        inside = tuple(i for m in self.measures for i in m.indicators)
        return tuple(sorted(inside + self.indicators, key=lambda i: i.span.start))


# Positional, every field given: new_mention(span, name, canonical, role, rule, rank, ...).
new_mention = slot_constructor(DepartmentMention)
new_section = slot_constructor(Section)
new_indicator = slot_constructor(Indicator)
new_measure = slot_constructor(Measure)
new_reference = slot_constructor(PolicyReference)
new_programme = slot_constructor(Programme)
_MutableSection = _mutable_twin(Section)


def section_at(text: str, number: str, path: tuple[str, ...], style: SectionStyle, depth: int, order: int,
               title_start: int | None, title_end: int, start: int, end: int, marker_end: int) -> Section:
    """The Section with spans ``text[start:end]`` and ``text[start:marker_end]``, and with the title
    ``text[title_start:title_end]`` unless ``title_start`` is None.

    What new_section(…, Span.of(…) three times) makes, with the same checks, built in one call: a
    document has dozens of sections, and the calls cost more than building the records (find_sections
    spends a tenth of its time on them).
    """
    n = len(text)
    if not (0 <= start < end <= n and start < marker_end <= n
            and (title_start is None or 0 <= title_start < title_end <= n)):  # what Span.of checks
        raise ValueError(f"Section spans need 0 <= start < end <= {n} (got start={start}, end={end}, "
                         f"marker_end={marker_end}, title={title_start}..{title_end}).")
    title = title_span = None
    if title_start is not None:
        title_span = _MutableSpan()
        title_span.start = title_start
        title_span.end = title_end
        title_span.text = title = text[title_start:title_end]
        title_span.__class__ = Span
    span = _MutableSpan()
    span.start = start
    span.end = end
    span.text = text[start:end]
    span.__class__ = Span
    marker = _MutableSpan()
    marker.start = start
    marker.end = marker_end
    marker.text = text[start:marker_end]
    marker.__class__ = Span
    section = _MutableSection()
    section.number = number
    section.path = path
    section.style = style
    section.depth = depth
    section.order = order
    section.title = title
    section.title_span = title_span
    section.span = span
    section.marker_span = marker
    section.__class__ = Section
    return section


# Keyword-only, the fields to change: replace_mention(mention, rank=2).
replace_mention = slot_replacer(DepartmentMention)
replace_indicator = slot_replacer(Indicator)
replace_measure = slot_replacer(Measure)
replace_programme = slot_replacer(Programme)
