"""The issuer of a notice that signs nowhere: named before its title, or on the line above it."""

from __future__ import annotations

import pytest

from extract.pipeline import extract_text

BODY = "各县（市、区）人民政府：\n现将方案印发给你们。\n一、重点任务\n（一）深化改革。（市发改委牵头）\n"


@pytest.mark.parametrize("head, issuer, jurisdiction", [
    ("中共南宁市委办公厅　南宁市人民政府办公室\n关于印发《南宁市优化营商环境行动方案》的通知\n（2024年6月10日）\n",
     "中共南宁市委办公厅", "南宁市"),
    ("洛阳市人民政府关于印发洛阳市制造业高质量发展若干措施的通知\n", "洛阳市人民政府", "洛阳市"),
    ("郑州市人民政府办公厅\n印发《郑州市数字经济发展行动计划》的通知\n", "郑州市人民政府办公厅", "郑州市"),
])
def test_the_name_before_the_title_is_the_issuer(head: str, issuer: str, jurisdiction: str) -> None:
    text = head + BODY
    doc = extract_text(text, source="t")
    assert (doc.issuer, doc.issuer_span.text, text[doc.issuer_span.start:doc.issuer_span.end]) == (issuer, issuer, issuer)
    assert doc.jurisdiction.name == jurisdiction
    assert [d.canonical for m in doc.measures for d in m.departments] == [f"{jurisdiction}发展和改革委员会"]


@pytest.mark.parametrize("head", [
    "关于印发洛阳市制造业高质量发展若干措施的通知\n",  # no name before it
    "为加快发展，现将有关事项通知如下\n关于印发工作方案的通知\n",  # a sentence above, not a name
    "工作方案编制组关于印发工作方案的通知\n",  # a name of no place
])
def test_no_issuer_where_no_body_of_a_place_stands_before_the_title(head: str) -> None:
    assert extract_text(head + BODY, source="t").issuer is None


def test_a_signature_still_wins() -> None:
    text = ("洛阳市发展和改革委员会关于印发工作方案的通知\n" + BODY + "洛阳市人民政府办公室\n2024年3月1日\n")
    assert extract_text(text, source="t").issuer == "洛阳市人民政府办公室"
