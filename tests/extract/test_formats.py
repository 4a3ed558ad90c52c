"""One fixture per responsibility format, comparator and trap, written from the formats real plans use.

Each text starts with an issuer line so that the jurisdiction (and the full names) resolve.
"""

from __future__ import annotations

import pytest

from extract import extract_text


def _doc(body: str, issuer: str = "寿光市人民政府"):
    return extract_text(f"{issuer}\n{body}")


def _roles(body: str, issuer: str = "寿光市人民政府") -> list[list[tuple[str, str, str]]]:
    doc = _doc(body, issuer)
    return [[(d.name, d.canonical, d.role.value) for d in m.departments] for m in doc.measures]


FORMATS = [
    pytest.param(
        "寿光市人民政府", "一、重点任务\n1.加快项目建设。完成年度投资任务。(责任单位:发改局、工信局)",
        [[("发改局", "寿光市发展和改革局", "responsible"), ("工信局", "寿光市工业和信息化局", "responsible")]],
        id="ascii-brackets-end",
    ),
    pytest.param(
        "寿光市人民政府", "一、重点任务\n1.加快项目建设。完成年度投资任务。（责任单位：市发改局、市工信局）",
        [[("市发改局", "寿光市发展和改革局", "responsible"), ("市工信局", "寿光市工业和信息化局", "responsible")]],
        id="fullwidth-brackets",
    ),
    pytest.param(
        "寿光市人民政府", "一、重点任务\n1.加快项目建设。完成年度投资任务。〔责任单位：市财政局〕",
        [[("市财政局", "寿光市财政局", "responsible")]],
        id="tortoise-shell-brackets",
    ),
    pytest.param(
        "寿光市人民政府", "一、重点任务\n1.加快项目建设。完成年度投资任务。[责任单位：市财政局]",
        [[("市财政局", "寿光市财政局", "responsible")]],
        id="square-brackets",
    ),
    pytest.param(
        "寿光市人民政府", "一、重点任务\n1.加快项目建设。（牵头单位：市发改委；配合单位：市财政局、市自然资源局）",
        [[("市发改委", "寿光市发展和改革委员会", "lead"), ("市财政局", "寿光市财政局", "support"),
          ("市自然资源局", "寿光市自然资源局", "support")]],
        id="lead-and-support-labels",
    ),
    pytest.param(
        "寿光市人民政府", "一、重点任务\n1.推进科技创新。（市科技局牵头，市财政局配合）",
        [[("市科技局", "寿光市科学技术局", "lead"), ("市财政局", "寿光市财政局", "support")]],
        id="cue-lead-support",
    ),
    pytest.param(
        "寿光市人民政府", "一、重点任务\n1.推进科技创新。（市科技局牵头负责，市财政局、市人社局配合）",
        [[("市科技局", "寿光市科学技术局", "lead"), ("市财政局", "寿光市财政局", "support"),
          ("市人社局", "寿光市人力资源和社会保障局", "support")]],
        id="cue-lead-responsible-support",
    ),
    pytest.param(
        "寿光市人民政府", "一、重点任务\n1.优化营商环境。（市发改局、市市场监管局按职责分工负责）",
        [[("市发改局", "寿光市发展和改革局", "responsible"), ("市市场监管局", "寿光市市场监督管理局", "responsible")]],
        id="each-per-remit",
    ),
    pytest.param(
        "寿光市人民政府", "一、重点任务\n1.加快项目建设。完成年度投资任务。\n牵头单位：市发改局\n配合单位：市财政局、各镇街",
        [[("市发改局", "寿光市发展和改革局", "lead"), ("市财政局", "寿光市财政局", "support"),
          ("各镇街", "寿光市各镇（街道）", "support")]],
        id="separate-lines",
    ),
    pytest.param(
        "寿光市人民政府", "一、重点任务\n1.加快项目建设。\n责任单位：市住建局、市城投集团",
        [[("市住建局", "寿光市住房和城乡建设局", "responsible"), ("市城投集团", "寿光市城投集团", "responsible")]],
        id="separate-line-responsible-with-unknown-body",
    ),
    pytest.param(
        "寿光市人民政府", "一、重点任务\n1.强化人才支撑。（责任单位：市委组织部（人才办）、市人社局）",
        [[("市委组织部（人才办）", "中共寿光市委组织部", "responsible"), ("市人社局", "寿光市人力资源和社会保障局", "responsible")]],
        id="name-with-brackets",
    ),
    pytest.param(
        "寿光市人民政府", "一、重点任务\n1.优化营商环境。（责任单位：市委改革办〔市营商环境建设局〕、市发改局）",
        [[("市委改革办〔市营商环境建设局〕", "中共寿光市委全面深化改革委员会办公室", "responsible"),
          ("市发改局", "寿光市发展和改革局", "responsible")]],
        id="name-with-tortoise-brackets",
    ),
    pytest.param(
        "寿光市人民政府", "一、重点任务\n1.推进数字乡村。建设益农信息社。(责任单位:农业农村局)推进电商进村。(责任单位:商务局,供销社)",
        [[("农业农村局", "寿光市农业农村局", "responsible"), ("商务局", "寿光市商务局", "responsible"),
          ("供销社", "寿光市供销合作社联合社", "responsible")]],
        id="two-clauses-in-one-paragraph",
    ),
    pytest.param(
        "宁波市人民政府", "一、重点任务\n1.推进改革。（牵头单位：市发改委，责任单位：各县（市、区）人民政府）",
        [[("市发改委", "宁波市发展和改革委员会", "lead"),
          ("各县（市、区）人民政府", "宁波市各县（市、区）人民政府", "responsible")]],
        id="collective-counties",
    ),
    pytest.param(
        "寿光市人民政府", "一、重点任务\n1.强化要素保障。每年安排工业用地5000亩。市自然资源局牵头，市工信局、市发改委配合。",
        [[("市自然资源局", "寿光市自然资源局", "lead"), ("市工信局", "寿光市工业和信息化局", "support"),
          ("市发改委", "寿光市发展和改革委员会", "support")]],
        id="sentence-cue-after-the-measure",
    ),
    pytest.param(
        "寿光市人民政府", "一、重点任务\n1.优化报装服务。小微企业用电报装实现“零投资”，由市发展改革委牵头，市城管局、国网寿光供电公司配合。",
        [[("市发展改革委", "寿光市发展和改革委员会", "lead"), ("市城管局", "寿光市城市管理局", "support"),
          ("国网寿光供电公司", "国网寿光市供电公司", "support")]],
        id="sentence-cue-with-you-and-a-company",
    ),
    pytest.param(
        "宁波市人民政府", "一、重点任务\n1.保护知识产权。（市市场监管局、市司法局，各区县（市）人民政府按职责分工负责）",
        [[("市市场监管局", "宁波市市场监督管理局", "responsible"), ("市司法局", "宁波市司法局", "responsible"),
          ("各区县（市）人民政府", "宁波市各县（市、区）人民政府", "responsible")]],
        id="shared-cue-covers-earlier-groups",
    ),
    pytest.param(
        "浙江省人民政府", "一、重点任务\n1.推进设备更新。（省经信厅牵头，省发展改革委等按职责分工负责，各市、县（市、区）政府负责落实。"
        "以下均需各市、县（市、区）政府落实，不再列出）",
        [[("省经信厅", "浙江省经济和信息化厅", "lead"), ("省发展改革委", "浙江省发展和改革委员会", "responsible"),
          ("各市、县（市、区）政府", "浙江省各县（市、区）人民政府", "responsible")]],
        id="levels-listed-and-a-standing-rule-after-the-sentence",
    ),
    pytest.param(
        "浙江省人民政府", "一、重点任务\n1.开展汽车以旧换新。（省商务厅牵头，省财政厅、省公安厅等按职责分工负责，2025年底前完成）",
        [[("省商务厅", "浙江省商务厅", "lead"), ("省财政厅", "浙江省财政厅", "responsible"),
          ("省公安厅", "浙江省公安厅", "responsible")]],
        id="a-time-after-the-cue-groups",
    ),
    pytest.param(
        "浙江省人民政府", "一、重点任务\n1.加强财政支持。（责任单位：省财政厅，各县、市、区人民政府）",
        [[("省财政厅", "浙江省财政厅", "responsible"), ("各县、市、区人民政府", "浙江省各县（市、区）人民政府", "responsible")]],
        id="levels-listed-in-a-label-list",
    ),
    pytest.param(
        "青岛市人民政府", "一、重点任务\n1.推进建设。（责任单位：各区、市政府各部门）",
        [[("各区", "青岛市各县（市、区）人民政府", "responsible"), ("市政府各部门", "青岛市有关部门", "responsible")]],
        id="levels-that-end-inside-an-item-are-no-collective",
    ),
    pytest.param(
        "浙江省人民政府", "一、重点任务\n1.推进建设。（省建设厅牵头，各乡、镇人民政府配合）",
        [[("省建设厅", "浙江省住房和城乡建设厅", "lead"), ("各乡、镇人民政府", "浙江省各镇（街道）", "support")]],
        id="towns-listed",
    ),
    pytest.param(
        "寿光市人民政府", "一、重点任务\n1.推进城市更新。（市发改委统筹，各镇街负责，市住建局指导）",
        [[("市发改委", "寿光市发展和改革委员会", "lead"), ("各镇街", "寿光市各镇（街道）", "responsible"),
          ("市住建局", "寿光市住房和城乡建设局", "support")]],
        id="cues-coordinate-responsible-guide",
    ),
]


@pytest.mark.parametrize(
    "body",
    [
        "一、总体要求\n加强与市发改局配合。",
        "一、总体要求\n各部门要积极配合。",
        "一、总体要求\n各镇街要抓好落实。",
        "一、总体要求\n形成工作合力，共同推进落实。",
    ],
    ids=["phrase-with-yu", "collective-with-verb", "towns-with-verb", "no-body"],
)
def test_departments_sentence_cues_that_are_not_clauses(body: str) -> None:
    assert _doc(body).measures == ()


@pytest.mark.parametrize("issuer, body, expected", FORMATS)
def test_departments_formats(issuer: str, body: str, expected: list) -> None:
    assert _roles(body, issuer) == expected


def test_departments_collective_and_unresolved_flags() -> None:
    doc = _doc("一、重点任务\n1.加快项目建设。\n责任单位：市住建局、市城投集团、市直有关部门")
    flags = [(d.name, d.resolved, d.collective) for d in doc.measures[0].departments]
    assert flags == [("市住建局", True, False), ("市城投集团", False, False), ("市直有关部门", True, True)]


def test_departments_scope_covers_sentences_before_each_clause() -> None:
    doc = _doc("一、重点任务\n1.推进数字乡村。建设益农信息社。(责任单位:农业农村局)推进电商进村。(责任单位:商务局)")
    scopes = [d.scope.text for d in doc.measures[0].departments]
    assert scopes == ["推进数字乡村。建设益农信息社。", "推进电商进村。"]


@pytest.mark.parametrize(
    "convention, clause, expected",
    [
        ("各项任务中列第一位的责任单位为牵头单位，其他为配合单位。", "(责任单位:市工信局、市发改局)",
         [("市工信局", "lead", "first-listed-is-lead"), ("市发改局", "support", "first-listed-is-lead")]),
        ("责任单位中第一个逗号前为牵头单位。", "(责任单位:市工信局，市发改局、市财政局)",
         [("市工信局", "lead", "first-comma-is-lead"), ("市发改局", "support", "first-comma-is-lead"),
          ("市财政局", "support", "first-comma-is-lead")]),
        ("标*的为牵头单位。", "(责任单位:市工信局、*市发改局)",
         [("市工信局", "support", "star-is-lead"), ("市发改局", "lead", "star-is-lead")]),
        # ★ marks a lead as * does, before the name or after it; the mark is no part of the name
        ("标★的为牵头单位。", "（责任单位：市工信局★、市发改局）",
         [("市工信局", "lead", "star-is-lead"), ("市发改局", "support", "star-is-lead")]),
        ("标☆的单位为牵头单位。", "（责任单位：市工信局、☆市发改局）",
         [("市工信局", "support", "star-is-lead"), ("市发改局", "lead", "star-is-lead")]),
        ("", "(责任单位:市工信局、市发改局)",
         [("市工信局", "responsible", "unspecified"), ("市发改局", "responsible", "unspecified")]),
        # with no convention stated, a mark gives no role, and still is no part of the name
        ("", "（责任单位：市工信局★、市发改局）",
         [("市工信局", "responsible", "unspecified"), ("市发改局", "responsible", "unspecified")]),
    ],
    ids=["first-listed", "first-comma", "star", "black-star-after", "white-star-before", "no-convention",
         "star-without-convention"],
)
def test_departments_stated_conventions(convention: str, clause: str, expected: list) -> None:
    doc = _doc(f"{convention}\n一、重点任务\n1.加快工业技改。{clause}")
    got = [(d.name, d.role.value, d.rule.value) for d in doc.measures[0].departments]
    assert got == expected
    assert all(doc.text[d.span.start:d.span.end] == d.name for d in doc.measures[0].departments)
    if convention:
        assert [c.span.text for c in doc.conventions] == [convention.rstrip("。")]


def test_departments_standing_rule_recorded_once() -> None:
    body = ("以下各项任务均需各镇街、市直有关部门结合实际抓好落实，不再一一列出。\n一、重点任务\n"
            "1.加快工业技改。(责任单位:市工信局)\n2.推进农业升级。(责任单位:市农业农村局)")
    doc = _doc(body)
    rules = [c for c in doc.conventions if c.kind == "standing-rule"]
    assert len(rules) == 1
    assert rules[0].span.text == "以下各项任务均需各镇街、市直有关部门结合实际抓好落实，不再一一列出"
    assert [d.name for d in rules[0].departments] == ["各镇街", "市直有关部门"]
    assert [[d.name for d in m.departments] for m in doc.measures] == [["市工信局"], ["市农业农村局"]]


def test_departments_standing_rule_inside_a_clause_ends_its_list() -> None:
    body = ("一、重点任务\n1.推进设备更新。实施技术改造项目1000个以上。（责任单位：经济和信息化厅、省发展改革委，"
            "各市〔州〕人民政府。以下均需各市〔州〕人民政府落实，不再列出）")
    doc = _doc(body, "四川省人民政府")
    assert [(d.name, d.canonical, d.collective) for d in doc.measures[0].departments] == [
        ("经济和信息化厅", "四川省经济和信息化厅", False), ("省发展改革委", "四川省发展和改革委员会", False),
        ("各市〔州〕人民政府", "四川省各市人民政府", True)]
    rules = [c for c in doc.conventions if c.kind == "standing-rule"]
    assert [r.span.text for r in rules] == ["以下均需各市〔州〕人民政府落实，不再列出"]
    assert [(d.name, d.department_id) for d in rules[0].departments] == [("各市〔州〕人民政府", "510000/group-cities")]


@pytest.mark.parametrize(
    "issuer, mention, canonical",
    [
        ("合肥市人民政府", "市数据资源局", "合肥市数据资源局"),
        ("安徽省人民政府", "省数据资源管理局", "安徽省数据资源管理局"),
        ("宁波市人民政府", "市经信局", "宁波市经济和信息化局"),
        ("广东省人民政府", "省发展改革委", "广东省发展和改革委员会"),
        ("寿光市人民政府", "省发改委", "山东省发展和改革委员会"),
        ("宁波市海曙区人民政府", "区发改局", "海曙区发展和改革局"),
        ("宁波市海曙区人民政府", "市发改委", "宁波市发展和改革委员会"),
        ("寿光市人民政府", "潍坊市生态环境局", "潍坊市生态环境局"),
        ("寿光市人民政府", "寿光市发改局", "寿光市发展和改革局"),
    ],
)
def test_departments_canonical_name_in_jurisdiction(issuer: str, mention: str, canonical: str) -> None:
    doc = _doc(f"一、重点任务\n1.推进改革。(责任单位:{mention})", issuer)
    assert doc.measures[0].departments[0].canonical == canonical


def test_departments_task_table() -> None:
    body = ("一、任务分工\n序号\t重点任务\t牵头单位\t配合单位\t完成时限\n"
            "1\t建成5G基站500个以上。\t市工信局\t市发改局、市住建局\t2025年底前\n"
            "2\t新增规上工业企业20家。\t市工信局\t市统计局\t2024年12月")
    doc = _doc(body)
    rows = [(m.number, m.title, [(d.name, d.role.value) for d in m.departments], m.deadline, m.deadline_year,
             [(i.value, i.unit, i.comparator.value) for i in m.indicators]) for m in doc.measures]
    assert rows == [
        ("一.1", "建成5G基站500个以上", [("市工信局", "lead"), ("市发改局", "support"), ("市住建局", "support")],
         "2025年底前", 2025, [(500, "个", ">=")]),
        ("一.2", "新增规上工业企业20家", [("市工信局", "lead"), ("市统计局", "support")], "2024年12月", 2024,
         [(20, "家", "=")]),
    ]


def test_structure_paths_and_leaf_measures_at_every_level() -> None:
    body = ("一、总体要求\n到2025年，全面完成目标。\n二、重点任务\n（一）产业升级\n1.技改提升\n（1）实施技改。(责任单位:市工信局)\n"
            "（2）推进数字化。(责任单位:市工信局)\n2.园区建设\n①建设园区。(责任单位:市发改局)\n②完善配套。(责任单位:市住建局)\n"
            "三、保障措施\n一是加强领导。二是强化督导。")
    doc = _doc(body)
    assert [m.number for m in doc.measures] == ["二.一.1.1", "二.一.1.2", "二.一.2.①", "二.一.2.②"]
    assert [s.path_str for s in doc.sections][-2:] == ["三.一", "三.二"]


def test_departments_task_table_ranks_run_across_its_columns() -> None:
    doc = _doc("一、重点任务\n序号\t重点任务\t牵头单位\t配合单位\t完成时限\n"
               "1\t推进技改\t市工信局、市发改局\t市财政局、市科技局、市商务局\t2024年底前")
    assert [(d.name, d.role.value, d.rank) for d in doc.measures[0].departments] == [
        ("市工信局", "lead", 1), ("市发改局", "lead", 2), ("市财政局", "support", 3), ("市科技局", "support", 4),
        ("市商务局", "support", 5)]


@pytest.mark.parametrize("clause", ["（责任单位：**、市发改局）", "（责任单位：(牵头)、市发改局）", "（市发改局牵头，＊ 配合）"])
def test_departments_items_that_are_only_marks_name_nothing(clause: str) -> None:
    doc = _doc(f"一、重点任务\n1.加快项目建设。{clause}")
    assert [(d.name, d.rank) for d in doc.measures[0].departments] == [("市发改局", 1)]


def test_structure_items_numbered_through_the_document() -> None:
    body = ("一、重点任务\n（一）实施设备更新行动。\n1.推进设备更新。(责任单位:市工信局)\n2.更新老旧电梯。(责任单位:市住建局)\n"
            "（二）实施以旧换新行动。\n3.开展汽车以旧换新。(责任单位:市商务局)\n4.推动家装消费。(责任单位:市商务局)\n"
            "二、保障措施\n5.加强组织领导。(责任单位:市发改局)\n其中7.5亿元用于设备更新。")
    doc = _doc(body)
    assert [(m.number, m.section.order) for m in doc.measures] == [
        ("一.一.1", 1), ("一.一.2", 2), ("一.二.3", 1), ("一.二.4", 2), ("二.5", 1)]
    assert [m.departments[0].name for m in doc.measures] == ["市工信局", "市住建局", "市商务局", "市商务局", "市发改局"]


def test_structure_goal_paragraph_with_departments_is_a_measure() -> None:
    doc = _doc("一、主要目标\n到2025年，规上工业企业达到300家。(责任单位:市工信局)\n二、重点任务\n1.推进技改。(责任单位:市工信局)")
    assert [(m.number, m.title) for m in doc.measures] == [("一", "主要目标"), ("二.1", "推进技改")]
    assert [(i.value, i.year) for i in doc.measures[0].indicators] == [(300, 2025)]


def test_structure_unnumbered_paragraphs_with_departments() -> None:
    doc = _doc("推进项目建设，年内开工10个。（责任单位：市发改局）\n优化营商环境。（责任单位：市行政审批局）")
    assert [(m.number, [d.name for d in m.departments]) for m in doc.measures] == [("p1", ["市发改局"]), ("p2", ["市行政审批局"])]


def test_structure_no_measures_warns() -> None:
    doc = _doc("这是一段没有任何编号和责任单位的文字。")
    assert doc.measures == ()
    assert [d.level for d in doc.diagnostics] == ["warning"]


def test_departments_bracketed_labels_and_articles() -> None:
    doc = _doc("第一条 加快项目建设。到2025年建成示范园区5个。\n【牵头单位】市发改委【配合单位】市财政局、各县（市、区）党委和政府\n"
               "第二条 优化营商环境。\n牵头单位：市行政审批局 配合单位：市市场监管局\n第三条 其他。", issuer="宁波市人民政府")
    got = [(m.number, m.title, [(d.name, d.canonical, d.role.value, d.collective) for d in m.departments]) for m in doc.measures]
    assert got == [
        ("一", "加快项目建设", [("市发改委", "宁波市发展和改革委员会", "lead", False), ("市财政局", "宁波市财政局", "support", False),
                               ("各县（市、区）党委和政府", "宁波市各县（市、区）人民政府", "support", True)]),
        ("二", "优化营商环境", [("市行政审批局", "宁波市行政审批服务局", "lead", False),
                               ("市市场监管局", "宁波市市场监督管理局", "support", False)]),
    ]
    assert [s.style.value for s in doc.sections] == ["article", "article", "article"]


def test_departments_inline_role_markers() -> None:
    got = _roles("一、重点任务\n1.推进改革。（责任单位：市发改局（牵头）、市财政局）")
    assert got == [[("市发改局", "寿光市发展和改革局", "lead"), ("市财政局", "寿光市财政局", "support")]]


def test_departments_clause_with_other_fields_and_deadline() -> None:
    doc = _doc("一、重点任务\n1.推进改革。（牵头领导：张三；牵头单位：市发改局；配合单位：市财政局；完成时限：2024年底前）")
    [m] = doc.measures
    assert [(d.name, d.role.value) for d in m.departments] == [("市发改局", "lead"), ("市财政局", "support")]
    assert (m.deadline, m.deadline_year) == ("2024年底前", 2024)


@pytest.mark.parametrize(
    "head, title",
    [
        ("中共青岛市委办公厅 青岛市人民政府办公厅\n印发《关于加快推进数字青岛建设的实施意见》的通知\n", "关于加快推进数字青岛建设的实施意见"),
        ("各区、市人民政府：\n现将《青岛市数字经济发展行动计划》印发给你们，请认真贯彻落实。\n", "青岛市数字经济发展行动计划"),
        ("青岛市人民政府\n2024年3月1日\n青岛市数字经济发展行动计划\n", "青岛市数字经济发展行动计划"),
        ("聊城市高唐县2024年重点任务分工方案\n", "聊城市高唐县2024年重点任务分工方案"),  # not cut at 任务分工
        ("青岛市2024年政府工作报告重点任务分工\n", "青岛市2024年政府工作报告重点任务分工"),
    ],
    ids=["transmitted-under-the-issuer-line", "xianjiang-yinfa", "plan-title-on-a-later-line", "task-breakdown-plan",
         "task-breakdown"],
)
def test_metadata_title_forms(head: str, title: str) -> None:
    doc = extract_text(head + "一、重点任务\n1.推进建设。(责任单位:市大数据局)")
    assert doc.title == title
    assert doc.text[doc.title_span.start:doc.title_span.end] == title


def test_departments_qingdao_districts_and_cities_collective() -> None:
    doc = _doc("一、重点任务\n1.加快5G网络建设。（责任单位：市工业和信息化局，各区市政府）", "青岛市人民政府")
    assert [(d.name, d.canonical, d.collective, d.department_id) for d in doc.measures[0].departments][-1] == (
        "各区市政府", "青岛市各县（市、区）人民政府", True, "370200/group-counties")


def test_indicators_a_target_without_subject_counts_the_one_before_it() -> None:
    doc = _doc("一、重点任务\n1.培育企业。新增数字经济规上企业200家，到2025年累计达到1500家。(责任单位:市工信局)")
    assert [(i.subject, i.value, i.comparator.value, i.year, i.frequency and i.frequency.value)
            for i in doc.measures[0].indicators] == [("数字经济规上企业", 200, "=", None, None),
                                                    ("数字经济规上企业", 1500, ">=", 2025, "cumulative")]


@pytest.mark.parametrize(
    "addressees, expected",
    [
        ("各县、市、区人民政府，省政府各部门：", ["各县、市、区人民政府", "省政府各部门"]),
        ("各区、县（市）人民政府，市政府各部门、各直属机构：", ["各区、县（市）人民政府", "市政府各部门", "各直属机构"]),
        ("各市、县、自治县人民政府，省政府直属各单位：", ["各市、县、自治县人民政府", "省政府直属各单位"]),
        ("各乡、镇人民政府，街道办事处，县直各部门：", ["各乡、镇人民政府", "街道办事处", "县直各部门"]),
        ("各镇人民政府、街道办事处，市直有关部门、单位：", ["各镇人民政府、街道办事处", "市直有关部门、单位"]),
        ("各区、市政府各部门：", ["各区", "市政府各部门"]),
    ],
    ids=["levels-listed", "levels-and-bracket", "autonomous-counties", "towns-then-subdistricts", "towns-and-subdistricts",
         "departments-are-not-a-level"],
)
def test_metadata_addressees_that_list_the_levels_of_one_collective(addressees: str, expected: list[str]) -> None:
    doc = extract_text(f"关于印发《某某市数字经济发展行动方案》的通知\n{addressees}\n现将《某某市数字经济发展行动方案》印发给你们。\n")
    assert [a.text for a in doc.addressees] == expected
    assert all(doc.text[a.start:a.end] == a.text for a in doc.addressees)


@pytest.mark.parametrize(
    "signature, issuer",
    [
        ("中共寿光市委办公室　寿光市人民政府办公室\n2024年3月1日\n", "中共寿光市委办公室"),
        ("中共寿光市委办公室\n寿光市人民政府办公室\n2024年3月1日\n", "中共寿光市委办公室"),
        ("中共寿光市委\n寿光市人民政府\n2024年3月1日\n", "中共寿光市委"),
        ("请认真贯彻落实。\n寿光市人民政府办公室\n2024年3月1日\n", "寿光市人民政府办公室"),
    ],
    ids=["one-line", "stacked", "stacked-without-office", "single"],
)
def test_metadata_joint_issuers_the_first_is_the_lead(signature: str, issuer: str) -> None:
    doc = extract_text("关于印发《寿光市数字经济发展行动方案》的通知\n各镇人民政府：\n现将《寿光市数字经济发展行动方案》印发给你们。\n"
                       f"\n{signature}\n寿光市数字经济发展行动方案\n一、重点任务\n（一）推进。（责任单位：市发改局）\n")
    assert (doc.issuer, doc.date, doc.jurisdiction.adcode) == (issuer, "2024-03-01", "370783")
    assert doc.text[doc.issuer_span.start:doc.issuer_span.end] == issuer


def test_departments_convention_stated_inside_a_clause() -> None:
    doc = _doc("一、重点任务\n1.推动家电以旧换新。（责任单位：省商务厅、省发展改革委、省财政厅，排在第一位的为牵头单位）\n"
               "2.加强财政支持。（责任单位：省财政厅、省发展改革委）", "浙江省人民政府")
    assert [(c.kind, c.span.text) for c in doc.conventions] == [("first-listed-is-lead", "排在第一位的为牵头单位")]
    assert [[(d.name, d.role.value, d.rule.value) for d in m.departments] for m in doc.measures] == [
        [("省商务厅", "lead", "first-listed-is-lead"), ("省发展改革委", "support", "first-listed-is-lead"),
         ("省财政厅", "support", "first-listed-is-lead")],
        [("省财政厅", "lead", "first-listed-is-lead"), ("省发展改革委", "support", "first-listed-is-lead")]]
    assert doc.measures[0].departments[0].clause.text == "（责任单位：省商务厅、省发展改革委、省财政厅，排在第一位的为牵头单位）"


@pytest.mark.parametrize(
    "clause, expected",
    [
        # a bare bracketed list: one known body at least, the others shaped like bodies
        ("（市发改局、市城投集团）", [("市发改局", True), ("市城投集团", False)]),
        ("（市发改局、潍坊银行寿光支行）", [("市发改局", True), ("潍坊银行寿光支行", False)]),
        # no known body, a gloss, a quote: no clause
        ("（市城投集团）", []),
        ("（含市发改局）", []),
        ("（以下简称“市发改局”）", []),
        ("（如市发改局、市城投集团）", []),
    ],
    ids=["known-and-company", "known-and-bank", "company-alone", "han", "yixia-jiancheng", "ru"],
)
def test_departments_bare_bracketed_list(clause: str, expected: list) -> None:
    doc = _doc(f"一、重点任务\n1.加快标准厂房建设{clause}。")
    assert [(d.name, d.resolved) for m in doc.measures for d in m.departments] == expected
