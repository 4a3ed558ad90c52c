"""Shared fixtures of tests/graph: a hand-built two-document corpus.

The corpus is built by hand (the extractor is not needed): the ontology-notes §2.10 excerpt of
the 寿光 plan, and a second 寿光 plan that implements it. Test modules ask for the fixtures
instead of importing each other (pytest runs with ``--import-mode=importlib``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pytest

from extract.records import (
    Comparator,
    Convention,
    DepartmentMention,
    ExtractedDocument,
    Frequency,
    Indicator,
    Jurisdiction,
    Measure,
    PolicyReference,
    Programme,
    Role,
    RoleRule,
    Section,
    SectionStyle,
    Span,
)

TEXT_A = (
    "寿光市县域经济高质量发展工作方案(2024—2025年)\n"
    "为贯彻落实《山东省县域经济高质量发展三年行动方案(2023—2025年)》，结合我市实际，制定本方案。\n"
    "一、主要目标\n"
    "到2025年，5G基站建设突破2000个，蔬菜生产能力稳定在450万吨左右。\n"
    "二、重要举措\n"
    "(一)实施产业升级优势再造工程\n"
    "1.培育优势产业集群。全面落实“链长制”，支持寿光高新区、羊口化工产业园提升产业链供应链韧性，技改投资年均增长8%以上。(责任单位：市发改局、市工信局)\n"
    "2.加快5G网络建设。推进5G基站共建共享。(牵头单位：市工信局；配合单位：市发改局、市财政局)\n"
    "3.推动镇街特色产业。培育一批特色产业镇。(责任单位：各镇街、市科技局)\n"
    "注：各项任务中列第一位的责任单位为牵头单位，其他为配合单位。\n"
    "寿光市人民政府\n"
    "2024年9月13日"
)

TEXT_B = (
    "寿光市数字经济发展实施方案（2024年）\n"
    "为贯彻落实《寿光市县域经济高质量发展工作方案（2024-2025年）》，参照《山东省县域经济高质量发展三年行动方案（2023-2025年）》（鲁政字〔2023〕209号），制定本方案。\n"
    "一、重点任务\n"
    "1.建设5G应用场景。到2026年，新增5G应用场景50个。(牵头单位：市工信局；配合单位：市科技局)\n"
    "寿光市人民政府办公室\n"
    "2024年10月8日"
)

SHOUGUANG = Jurisdiction("寿光市", "370783", "county")

DEPT = {  # surface form → (canonical, department_id)
    "市发改局": ("寿光市发展和改革局", "370783/fgj"),
    "市工信局": ("寿光市工业和信息化局", "370783/gxj"),
    "市财政局": ("寿光市财政局", "370783/czj"),
    "市科技局": ("寿光市科学技术局", "370783/kjj"),
    "各镇街": ("寿光市各镇街", "370783/towns"),
}


def _span(text: str, sub: str, after: int = 0) -> Span:
    i = text.index(sub, after)
    return Span.of(text, i, i + len(sub))


def _dept(text: str, name: str, clause: Span, role: Role, rule: RoleRule, rank: int) -> DepartmentMention:
    canonical, dept_id = DEPT[name]
    return DepartmentMention(
        span=_span(text, name, clause.start), name=name, canonical=canonical, role=role, rule=rule, rank=rank,
        collective=name.startswith("各"), resolved=True, department_id=dept_id, clause=clause,
        scope=Span.of(text, max(0, clause.start - 10), clause.start))


def _section(text: str, path: tuple[str, ...], style: SectionStyle, order: int, marker: str, title: str | None,
             start_sub: str, end_sub: str | None) -> Section:
    start = text.index(start_sub)
    end = text.index(end_sub, start + 1) if end_sub else len(text)
    span = Span.of(text, start, end)
    return Section(number=path[-1], path=path, style=style, depth=len(path), order=order, title=title,
                   title_span=_span(text, title, start) if title else None, span=span,
                   marker_span=Span.of(text, start, start + len(marker)))


def _target(text: str, sub: str, subject: str, value: float, printed: str, unit: str, unit_text: str,
            comparator: Comparator, year: int | None, measure: str | None, *, frequency: Frequency | None = None,
            basis: str | None = None, deadline: str | None = None, change: str | None = None) -> Indicator:
    return Indicator(span=_span(text, sub), subject=subject, value=value, printed_value=printed, unit=unit,
                     unit_text=unit_text, comparator=comparator, year=year, deadline=deadline, frequency=frequency,
                     basis=basis, measure=measure, change=change)


def _document(text: str, **kw) -> ExtractedDocument:
    base = dict(source="<text>", text=text, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                title=None, title_span=None, issuer=None, issuer_span=None, date=None, date_span=None,
                doc_number=None, doc_number_span=None, jurisdiction=SHOUGUANG, addressees=(), sections=(),
                measures=(), indicators=(), references=(), programmes=(), conventions=(), diagnostics=())
    base.update(kw)
    return ExtractedDocument(**base)


def make_doc_a() -> ExtractedDocument:
    t = TEXT_A
    s1 = _section(t, ("一",), SectionStyle.CHAPTER, 1, "一、", "主要目标", "一、主要目标", "二、重要举措")
    s2 = _section(t, ("二",), SectionStyle.CHAPTER, 2, "二、", "重要举措", "二、重要举措", "注：")
    s21 = _section(t, ("二", "一"), SectionStyle.SECTION, 1, "(一)", "实施产业升级优势再造工程", "(一)实施", "注：")
    items = [
        _section(t, ("二", "一", "1"), SectionStyle.ITEM, 1, "1.", "培育优势产业集群", "1.培育", "\n2.加快"),
        _section(t, ("二", "一", "2"), SectionStyle.ITEM, 2, "2.", "加快5G网络建设", "2.加快", "\n3.推动"),
        _section(t, ("二", "一", "3"), SectionStyle.ITEM, 3, "3.", "推动镇街特色产业", "3.推动", "\n注："),
    ]
    c1 = _span(t, "(责任单位：市发改局、市工信局)")
    c2 = _span(t, "(牵头单位：市工信局；配合单位：市发改局、市财政局)")
    c3 = _span(t, "(责任单位：各镇街、市科技局)")
    note = _span(t, "注：各项任务中列第一位的责任单位为牵头单位，其他为配合单位。")
    fl = RoleRule.FIRST_LISTED
    chain = Programme(_span(t, "“链长制”"), "链长制", "二.一.1")
    techno = _target(t, "技改投资年均增长8%以上", "技改投资", 8.0, "8", "%", "%", Comparator.GE, 2025, "二.一.1",
                     frequency=Frequency.ANNUAL, change="increase")
    m1 = Measure("二.一.1", ("二", "一", "1"), "培育优势产业集群", items[0].span, items[0],
                 (_dept(t, "市发改局", c1, Role.LEAD, fl, 1), _dept(t, "市工信局", c1, Role.SUPPORT, fl, 2)),
                 (techno,), (chain,))
    ex = RoleRule.EXPLICIT_LABEL
    m2 = Measure("二.一.2", ("二", "一", "2"), "加快5G网络建设", items[1].span, items[1],
                 (_dept(t, "市工信局", c2, Role.LEAD, ex, 1), _dept(t, "市发改局", c2, Role.SUPPORT, ex, 2),
                  _dept(t, "市财政局", c2, Role.SUPPORT, ex, 3)), ())
    un = RoleRule.UNSPECIFIED
    m3 = Measure("二.一.3", ("二", "一", "3"), "推动镇街特色产业", items[2].span, items[2],
                 (_dept(t, "各镇街", c3, Role.RESPONSIBLE, un, 1), _dept(t, "市科技局", c3, Role.RESPONSIBLE, un, 2)),
                 ())
    goals = (
        _target(t, "5G基站建设突破2000个", "5G基站建设", 2000.0, "2000", "个", "个", Comparator.GT, 2025, None,
                deadline="到2025年"),
        _target(t, "蔬菜生产能力稳定在450万吨左右", "蔬菜生产能力", 4500000.0, "450万", "吨", "万吨",
                Comparator.APPROX, 2025, None, deadline="到2025年"),
    )
    title = "寿光市县域经济高质量发展工作方案(2024—2025年)"
    return _document(
        t, source="samples/shouguang_a.txt", title=title, title_span=_span(t, title), issuer="寿光市人民政府",
        issuer_span=_span(t, "寿光市人民政府\n2024"),
        date="2024-09-13", date_span=_span(t, "2024年9月13日"),
        sections=(s1, s2, s21, *items), measures=(m1, m2, m3), indicators=goals,
        references=(PolicyReference(_span(t, "《山东省县域经济高质量发展三年行动方案(2023—2025年)》"),
                                    "山东省县域经济高质量发展三年行动方案(2023—2025年)", None, "implements"),),
        programmes=(chain,), conventions=(Convention("first-listed-is-lead", note),))


def make_doc_b() -> ExtractedDocument:
    t = TEXT_B
    s1 = _section(t, ("一",), SectionStyle.CHAPTER, 1, "一、", "重点任务", "一、重点任务", "寿光市人民政府办公室")
    item = _section(t, ("一", "1"), SectionStyle.ITEM, 1, "1.", "建设5G应用场景", "1.建设", "\n寿光市人民政府办公室")
    c = _span(t, "(牵头单位：市工信局；配合单位：市科技局)")
    ex = RoleRule.EXPLICIT_LABEL
    target = _target(t, "新增5G应用场景50个", "5G应用场景", 50.0, "50", "个", "个", Comparator.EQ, 2026, "一.1",
                     basis="newly-added", deadline="到2026年")
    m = Measure("一.1", ("一", "1"), "建设5G应用场景", item.span, item,
                (_dept(t, "市工信局", c, Role.LEAD, ex, 1), _dept(t, "市科技局", c, Role.SUPPORT, ex, 2)), (target,))
    title = "寿光市数字经济发展实施方案（2024年）"
    provincial = "《山东省县域经济高质量发展三年行动方案（2023-2025年）》（鲁政字〔2023〕209号）"
    return _document(
        t, source="samples/shouguang_b.txt", title=title, title_span=_span(t, title), issuer="寿光市人民政府办公室",
        issuer_span=_span(t, "寿光市人民政府办公室"), date="2024-10-08", date_span=_span(t, "2024年10月8日"),
        sections=(s1, item), measures=(m,),
        references=(
            PolicyReference(_span(t, "《寿光市县域经济高质量发展工作方案（2024-2025年）》"),
                            "寿光市县域经济高质量发展工作方案（2024-2025年）", None, "implements"),
            PolicyReference(_span(t, provincial), "山东省县域经济高质量发展三年行动方案（2023-2025年）",
                            "鲁政字〔2023〕209号", "cites"),
        ))


def _build_corpus() -> list[ExtractedDocument]:
    return [make_doc_a(), make_doc_b()]


@pytest.fixture(scope="session")
def make_corpus() -> Callable[[], list[ExtractedDocument]]:
    """Build the corpus: each call returns a fresh list ``[document a, document b]``."""
    return _build_corpus


@pytest.fixture(scope="session")
def text_a() -> str:
    """The full text of document a, the corpus's first document."""
    return TEXT_A


@pytest.fixture(scope="session")
def text_b() -> str:
    """The full text of document b, the corpus's second document."""
    return TEXT_B
