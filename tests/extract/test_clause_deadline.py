"""A time that a responsibility clause ends with is the measure's deadline (when no 完成时限 field gives one)."""

from __future__ import annotations

import pytest

from extract.pipeline import extract_text

HEAD = "寿光市推进县域经济发展工作方案\n\n一、重点任务\n（一）推进园区建设。"


def _measure(body: str):
    doc = extract_text(HEAD + body)
    assert len(doc.measures) == 1, [m.number for m in doc.measures]
    return doc, doc.measures[0]


@pytest.mark.parametrize(("body", "deadline", "year", "departments"), [
    # bracketed cue form
    ("加快标准厂房建设（市发改局牵头，市财政局配合，2025年底前完成）。", "2025年底前完成", 2025,
     [("市发改局", "lead"), ("市财政局", "support")]),
    # labelled list: the time was read as a third department before
    ("加快标准厂房建设。(责任单位:市工信局、市财政局，2024年12月底前)", "2024年12月底前", 2024,
     [("市工信局", "responsible"), ("市财政局", "responsible")]),
    ("加快标准厂房建设。（责任单位：市工信局、市财政局；2024年底前）", "2024年底前", 2024,
     [("市工信局", "responsible"), ("市财政局", "responsible")]),
    # a time with no year: the text, and no year
    ("加快标准厂房建设。（责任单位：市工信局牵头，市财政局配合，长期坚持）", "长期坚持", None,
     [("市工信局", "lead"), ("市财政局", "support")]),
    ("加快标准厂房建设（市发改局牵头，市财政局配合，持续推进）。", "持续推进", None,
     [("市发改局", "lead"), ("市财政局", "support")]),
    ("加快标准厂房建设。（责任单位：市发改局、市财政局，年内完成）", "年内完成", None,
     [("市发改局", "responsible"), ("市财政局", "responsible")]),
    # the last of several labels, on a line of its own, and in 【】
    ("加快标准厂房建设。（牵头单位：市发改局；配合单位：市财政局，2025年6月底前）", "2025年6月底前", 2025,
     [("市发改局", "lead"), ("市财政局", "support")]),
    ("加快标准厂房建设。\n责任单位：市工信局、市财政局，2024年底前\n", "2024年底前", 2024,
     [("市工信局", "responsible"), ("市财政局", "responsible")]),
    ("加快标准厂房建设。【责任单位】市工信局、市财政局，2024年底前\n", "2024年底前", 2024,
     [("市工信局", "responsible"), ("市财政局", "responsible")]),
    # printed as in the text (full-width digits), the year read from them
    ("加快标准厂房建设（市发改局牵头，市财政局配合，２０２５年底前完成）。", "２０２５年底前完成", 2025,
     [("市发改局", "lead"), ("市财政局", "support")]),
    # several time groups: all of them as printed, the year the last one's
    ("加快标准厂房建设（市发改局牵头，2024年6月底前启动，2025年底前完成）。", "2024年6月底前启动，2025年底前完成", 2025,
     [("市发改局", "lead")]),
    # a labelled 完成时限 wins over the clause's time
    ("建设标准厂房，完成时限：2024年12月。（市发改局牵头，市财政局配合，2025年底前完成）", "2024年12月", 2024,
     [("市发改局", "lead"), ("市财政局", "support")]),
    ("加快标准厂房建设。（责任单位：市发改局、市财政局；完成时限：2024年底前）", "2024年底前", 2024,
     [("市发改局", "responsible"), ("市财政局", "responsible")]),
    # no time in the clause: no deadline
    ("加快标准厂房建设（市发改局牵头，市财政局配合）。", None, None, [("市发改局", "lead"), ("市财政局", "support")]),
    ("加快标准厂房建设。(责任单位:市工信局、市财政局)", None, None,
     [("市工信局", "responsible"), ("市财政局", "responsible")]),
    # two clauses that end with different times: which is the measure's is not said
    ("建厂房（市发改局牵头，2024年底前完成），建园区（市工信局牵头，2025年底前完成）。", None, None,
     [("市发改局", "lead"), ("市工信局", "lead")]),
    ("建厂房（市发改局牵头，2024年底前完成），建园区（市工信局牵头，2024年底前完成）。", "2024年底前完成", 2024,
     [("市发改局", "lead"), ("市工信局", "lead")]),
])
def test_clause_deadline_is_the_measures(body: str, deadline: str | None, year: int | None, departments: list) -> None:
    doc, m = _measure(body)
    assert (m.deadline, m.deadline_year) == (deadline, year)
    assert [(d.name, d.role.value) for d in m.departments] == departments
    if deadline is not None:
        assert deadline in doc.text  # as printed


def test_clause_deadline_leaves_indicators_alone() -> None:
    """Only the measure is dated: a target with no year of its own keeps none, one with a year keeps it."""
    _, m = _measure("新建标准厂房10万平方米，到2027年，园区达到20个（市发改局牵头，市财政局配合，2025年底前完成）。")
    assert m.deadline_year == 2025
    assert [(i.value, i.year, i.deadline) for i in m.indicators] == [(100000, None, None), (20, 2027, "到2027年")]


def test_clause_deadline_sentence_cue_names_no_time() -> None:
    """The sentence form ends in its cue (由市发改局牵头，市财政局配合。), so it carries no time."""
    _, m = _measure("加快标准厂房建设，由市发改局牵头，市财政局配合。")
    assert (m.deadline, m.deadline_year) == (None, None)
    assert [(d.name, d.role.value) for d in m.departments] == [("市发改局", "lead"), ("市财政局", "support")]


def test_clause_deadline_time_inside_a_name_gloss_stays_with_the_name() -> None:
    """A separator inside a bracket is no list's: 市委组织部（人才办，2024年底前） is one item, and no deadline."""
    _, m = _measure("建厂房。（责任单位：市委组织部（人才办，2024年底前）、市财政局）")
    assert m.deadline is None
    assert [d.name for d in m.departments] == ["市委组织部（人才办，2024年底前）", "市财政局"]


@pytest.mark.parametrize(("body", "deadline", "year", "departments"), [
    # the sentence form, with a time after its last cue
    ("加快标准厂房建设，由市发改局牵头，市财政局配合，2025年底前完成。", "2025年底前完成", 2025,
     [("市发改局", "lead"), ("市财政局", "support")]),
    ("加快标准厂房建设，市发改局牵头，长期坚持。", "长期坚持", None, [("市发改局", "lead")]),
    ("加快标准厂房建设，由市发改局牵头，市财政局配合，2024年6月底前；完善配套设施。", "2024年6月底前", 2024,
     [("市发改局", "lead"), ("市财政局", "support")]),
    # a bare bracketed list of known bodies, with a time after it
    ("加快标准厂房建设（市发改局、市财政局，2024年底前）。", "2024年底前", 2024,
     [("市发改局", "responsible"), ("市财政局", "responsible")]),
    # a time after no cue, or alone in brackets, names nobody and dates nothing
    ("加快标准厂房建设，2025年底前完成。", None, None, []),
    ("加快标准厂房建设（2024年底前）。", None, None, []),
    # a bracket with a known body and a body-shaped other, and a time
    ("加快标准厂房建设（有关企业、市财政局，2024年底前）。", "2024年底前", 2024,
     [("有关企业", "responsible"), ("市财政局", "responsible")]),
    # a bracket with no known body and a time is no clause
    ("加快标准厂房建设（市城投集团，2024年底前）。", None, None, []),
])
def test_clause_deadline_after_a_sentence_cue_or_a_bare_list(body: str, deadline: str | None, year: int | None,
                                                             departments: list) -> None:
    doc = extract_text(HEAD + body)
    measures = [m for m in doc.measures if m.departments]
    if not departments:
        assert measures == []
        return
    [m] = measures
    assert (m.deadline, m.deadline_year) == (deadline, year)
    assert [(d.name, d.role.value) for d in m.departments] == departments
    assert doc.text[m.departments[0].span.start:m.departments[0].span.end] == m.departments[0].name


@pytest.mark.parametrize(("body", "deadline", "year", "departments"), [
    # cue groups, then a 完成时限 field: the field ends the names and dates the measure
    ("加快标准厂房建设（市发改局牵头，市财政局配合；完成时限：2025年底）。", "2025年底", 2025,
     [("市发改局", "lead"), ("市财政局", "support")]),
    ("加快标准厂房建设（由市工信局负责，完成时限：2025年6月）。", "2025年6月", 2025, [("市工信局", "responsible")]),
    # 由 before the first group is no part of its name, in brackets as in a sentence
    ("加快标准厂房建设（由市工信局牵头，市财政局配合）。", None, None, [("市工信局", "lead"), ("市财政局", "support")]),
])
def test_cue_groups_with_a_field_after_them_and_an_opening_you(body: str, deadline: str | None, year: int | None,
                                                               departments: list) -> None:
    doc = extract_text(HEAD + body)
    [m] = [m for m in doc.measures if m.departments]
    assert (m.deadline, m.deadline_year) == (deadline, year)
    assert [(d.name, d.role.value, d.span.text) for d in m.departments] == [(n, r, n) for n, r in departments]
