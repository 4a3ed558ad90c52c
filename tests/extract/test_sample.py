"""The bundled 寿光市 plan, read by hand: every measure, department assignment and target.

Expected values come from reading extract/data/shouguang_county_economy_plan_2024.txt, not from
the extractor's output.
"""

from __future__ import annotations

import pytest

from extract.records import ExtractedDocument

MEASURES = [
    ("一", "主要目标", "发改局、工信局、农业农村局、科技局、商务局、生态环境局、文旅局、财政局"),
    ("二.一.1", "培育优势产业集群", "发改局、工信局"),
    ("二.一.2", "推动传统产业技改升级", "工信局"),
    ("二.一.3", "培育发展新质生产力", "发改局、工信局"),
    ("二.一.4", "推进产业链融链固链", "工信局"),
    ("二.一.5", "提升园区发展能级", "发改局、科技局、高新区管委会"),
    ("二.一.6", "推动服务业转型升级", "发改局、商务局、财政局、人社局"),
    ("二.一.7", "建设新型基础设施", "工信局、发改局"),
    ("二.二.1", "促进区域协同科技创新", "科技局"),
    ("二.二.2", "充分发挥企业主体作用", "科技局"),
    ("二.二.3", "加快培育高水平科创平台", "科技局、发改局、工信局"),
    ("二.二.4", "加速推进科技成果转化", "科技局、教体局"),
    ("二.三.1", "推进绿色低碳转型发展", "发改局、生态环境局"),
    ("二.三.2", "促进生态产品价值实现", "生态环境局、财政局"),
    ("二.四.1", "稳定提升农业综合产能", "农业农村局"),
    ("二.四.2", "培育新型农业经营主体", "农业农村局"),
    ("二.四.3", "培育农业全产业链", "农业农村局、商务局"),
    ("二.四.4", "稳慎推进农村宅基地改革", "农业农村局"),
    ("二.五.1", "持续优化营商环境", "发改局、市场监管局"),
    ("二.五.2", "培育壮大市场主体", "工信局"),
    ("二.五.3", "聚焦产业精准招引", "投促中心、商务局"),
    ("二.六.1", "深化扩权强县改革", "发改局、编办"),
    ("二.六.2", "优化外向型发展模式", "商务局、农业农村局"),
    ("二.六.3", "融入重大区域战略", "发改局"),
    ("二.六.4", "强化城镇化载体功能", "发改局、交通局、大数据中心"),
    ("二.六.5", "持续增进民生福祉", "人社局、教体局、卫健局、民政局"),
    ("二.七.1", "完善用地管理制度", "自然资源和规划局、税务局"),
    ("二.七.2", "强化人才发展支撑", "组织部、人社局、教体局"),
    ("二.七.3", "提升财政政策效能", "财政局"),
    ("二.七.4", "深化金融政策支持", "财政局、发改局"),
    ("二.七.5", "优化环境容量配置", "发改局、生态环境局"),
]

CANONICAL = {
    "交通局": "寿光市交通运输局",
    "人社局": "寿光市人力资源和社会保障局",
    "农业农村局": "寿光市农业农村局",
    "卫健局": "寿光市卫生健康局",
    "发改局": "寿光市发展和改革局",
    "商务局": "寿光市商务局",
    "大数据中心": "寿光市大数据中心",
    "工信局": "寿光市工业和信息化局",
    "市场监管局": "寿光市市场监督管理局",
    "投促中心": "寿光市投资促进中心",
    "教体局": "寿光市教育和体育局",
    "文旅局": "寿光市文化和旅游局",
    "民政局": "寿光市民政局",
    "生态环境局": "潍坊市生态环境局寿光分局",  # a branch of the prefecture bureau since the vertical reform
    "科技局": "寿光市科学技术局",
    "税务局": "国家税务总局寿光市税务局",
    "组织部": "中共寿光市委组织部",
    "编办": "中共寿光市委机构编制委员会办公室",
    "自然资源和规划局": "寿光市自然资源和规划局",
    "财政局": "寿光市财政局",
    "高新区管委会": "寿光高新技术产业开发区管理委员会",
}

# (measure, evidence, subject, value, unit, comparator, year, frequency)
TARGETS = [
    ("二.一.1", "市级以上中小企业特色产业集群达到5个", "市级以上中小企业特色产业集群", 5, "个", ">=", 2025, None),
    ("二.一.2", "投资500万元以上技改项目100个左右", "投资500万元以上技改项目", 100, "个", "~", None, "annual"),
    ("二.一.2", "技改投资年均增长8%以上", "技改投资", 8, "%", ">=", None, "annual"),
    ("二.一.2", "规模以上工业企业关键业务环节全面数字化率超过70%", "规模以上工业企业关键业务环节全面数字化率", 70, "%", ">", None, None),
    ("二.一.7", "3个以上省级工业互联网平台", "省级工业互联网平台", 3, "个", ">=", None, "cumulative"),
    ("二.一.7", "5G基站建设突破2000个", "5G基站建设", 2000, "个", ">", 2025, None),
    ("二.一.7", "整县分布式光伏规模化开发容量达到30万千瓦以上", "整县分布式光伏规模化开发容量", 300000, "千瓦", ">=", 2025, None),
    ("二.二.3", "市级及以上创新平台12家以上", "市级及以上创新平台", 12, "家", ">=", None, "annual"),
    ("二.三.1", "生态工业园区比例达到50%以上", "生态工业园区比例", 50, "%", ">=", 2025, None),
    ("二.四.1", "粮食播种面积稳定在125.2万亩以上", "粮食播种面积", 1252000, "亩", ">=", None, None),
    ("二.四.1", "产量11.7亿斤以上", "产量", 1170000000, "斤", ">=", None, None),
    ("二.四.1", "自主研发蔬菜品种达到300个以上", "自主研发蔬菜品种", 300, "个", ">=", 2025, None),
    ("二.四.1", "蔬菜生产能力稳定在450万吨左右", "蔬菜生产能力", 4500000, "吨", "~", 2025, None),
    ("二.四.2", "国家级示范社1家", "国家级示范社", 1, "家", "=", 2025, None),
    ("二.四.2", "省级示范社5家", "省级示范社", 5, "家", "=", 2025, None),
    ("二.四.2", "在省内有较强影响力的家庭农场10家左右", "在省内有较强影响力的家庭农场", 10, "家", "~", 2025, None),
    ("二.四.3", "14个典型应用场景", "典型应用场景", 14, "个", "=", None, None),
    ("二.四.3", "冷藏保鲜设施5处以上", "冷藏保鲜设施", 5, "处", ">=", 2025, None),
    ("二.五.2", "“专精特新”企业110家", "“专精特新”企业", 110, "家", "=", 2025, None),
    ("二.六.5", "城镇新增就业1万人", "城镇新增就业", 10000, "人", "=", None, "annual"),
    ("二.六.5", "扩面1万人以上", "扩面", 10000, "人", ">=", None, "annual"),
    ("二.七.2", "省级以上重点人才10人左右", "省级以上重点人才", 10, "人", "~", 2025, None),
    ("二.七.2", "博士20人以上", "博士", 20, "人", ">=", None, "annual"),
    ("二.七.2", "大学生5000人以上", "大学生", 5000, "人", ">=", None, "annual"),
    ("二.七.4", "1家企业上市", "企业上市", 1, "家", "=", 2025, None),
    ("二.七.4", "1家企业新三板挂牌", "企业新三板挂牌", 1, "家", "=", 2025, None),
]


def test_sample_metadata(sample: ExtractedDocument) -> None:
    assert sample.title == "寿光市县域经济高质量发展工作方案(2024—2025年)"
    assert sample.issuer == "寿光市人民政府"
    assert sample.date == "2024-09-13"
    assert sample.doc_number is None  # the saved page does not carry the notice's 文号
    assert sample.jurisdiction is not None and (sample.jurisdiction.name, sample.jurisdiction.adcode) == ("寿光市", "370783")
    assert [a.text for a in sample.addressees] == ["各镇人民政府、街道办事处", "高新区管委会", "双王城生态经济发展中心", "有关部门、单位"]
    assert sample.text[sample.title_span.start:sample.title_span.end] == sample.title
    assert sample.text[sample.date_span.start:sample.date_span.end] == "2024年9月13日"


def test_sample_has_all_31_measures_with_titles_and_departments(sample: ExtractedDocument) -> None:
    got = [(m.number, m.title, "、".join(d.name for d in m.departments)) for m in sample.measures]
    assert got == MEASURES


def test_sample_departments_resolve_to_full_names_and_are_responsible(sample: ExtractedDocument) -> None:
    mentions = [d for m in sample.measures for d in m.departments]
    assert len(mentions) == 66
    assert {d.name: d.canonical for d in mentions} == CANONICAL
    # The plan states no lead convention and uses only 责任单位: nobody is lead or support.
    assert {d.role.value for d in mentions} == {"responsible"}
    assert all(d.resolved and not d.collective for d in mentions)
    assert {d.department_id for d in mentions if d.name == "工信局"} == {"370783/gxj"}


def test_sample_targets_exact(sample: ExtractedDocument) -> None:
    got = [
        (m.number, i.span.text, i.subject, i.value, i.unit, i.comparator.value, i.year, i.frequency and i.frequency.value)
        for m in sample.measures
        for i in m.indicators
    ]
    assert got == TARGETS


def test_sample_has_no_targets_outside_measures(sample: ExtractedDocument) -> None:
    """“十强”, 5G, 四级, 2024年9月13日, 三年行动计划 and 三、组织保障's "5项重大任务、30条具体措施" are not targets."""
    assert sample.indicators == ()
    assert len(sample.all_indicators()) == 26


def test_sample_references(sample: ExtractedDocument) -> None:
    got = [(r.title, r.doc_number, r.relation) for r in sample.references]
    assert got == [
        ("寿光市县域经济高质量发展工作方案(2024—2025年)", None, "self"),
        ("山东省县域经济高质量发展三年行动方案(2023—2025年)", None, "implements"),
        ("山东省政府部门权责清单管理办法", None, "cites"),
        ("方案", None, "self"),
        ("方案", None, "self"),
    ]


def test_sample_programmes(sample: ExtractedDocument) -> None:
    got = [(p.name, p.measure) for p in sample.programmes]
    assert got == [
        ("链长制", "二.一.1"), ("工赋山东", "二.一.7"), ("电子商务+产业带", "二.四.3"), ("好品山东", "二.五.1"),
        ("百展计划", "二.六.2"), ("零见面", "二.七.1"), ("贾思勰·新农人", "二.七.2"), ("技能兴寿", "二.七.2"),
        ("双优计划", "二.七.2"), ("银行行长镇街行", "二.七.4"), ("普惠金融全覆盖工程", "二.七.4"), ("信易贷", "二.七.4"),
    ]


def test_sample_every_span_is_its_evidence(sample: ExtractedDocument) -> None:
    text = sample.text
    spans = [m.span for m in sample.measures] + [d.span for m in sample.measures for d in m.departments]
    spans += [d.clause for m in sample.measures for d in m.departments] + [d.scope for m in sample.measures for d in m.departments]
    spans += [i.span for i in sample.all_indicators()] + [r.span for r in sample.references] + [p.span for p in sample.programmes]
    spans += [s.span for s in sample.sections]
    assert spans and all(text[s.start:s.end] == s.text for s in spans)
    first = sample.measures[1]
    assert first.span.text.startswith("1.培育优势产业集群。") and first.span.text.endswith("(责任单位:发改局、工信局)")
    assert first.departments[0].clause.text == "(责任单位:发改局、工信局)"


def test_sample_section_tree(sample: ExtractedDocument) -> None:
    tops = [(s.path_str, s.title) for s in sample.sections if s.depth == 1]
    assert tops == [("一", "主要目标"), ("二", "重要举措"), ("三", "组织保障")]
    assert [s.title for s in sample.sections if s.depth == 2 and s.path[0] == "三"] == ["强化组织实施", "强化对上衔接", "强化调度推进"]
    assert sum(1 for s in sample.sections if s.path[0] == "二" and s.depth == 2) == 7


@pytest.mark.parametrize("number", ["三.一", "三.二", "三.三"])
def test_sample_safeguard_paragraphs_are_not_measures(sample: ExtractedDocument, number: str) -> None:
    assert number not in {m.number for m in sample.measures}
