"""The private segmenter keeps every gazetteer name whole."""

from __future__ import annotations

from extract import extract_text
from extract.segment import Segmenter, gazetteer_segmenter
from ontology.gazetteer import Gazetteer


def test_segment_every_alias_is_one_token(gazetteer: Gazetteer) -> None:
    seg = gazetteer_segmenter()
    # Forms with punctuation (各镇人民政府、街道办事处) are matched by pattern, not by segmentation.
    words = [w for w in gazetteer.surface_forms() if all("\u4e00" <= ch <= "\u9fff" for ch in w)]
    assert len(words) > 2000
    broken = [w for w in words if seg.words(w) != [w]]
    assert broken == []


def test_segment_tokens_rebuild_the_text() -> None:
    text = "（市科技局牵头，市财政局配合）到2025年，5G基站建设突破2000个。"
    assert "".join(t.text for t in gazetteer_segmenter().tokens(text)) == text


def test_segment_private_instance_does_not_change_others() -> None:
    assert Segmenter(["市发改局"]).words("市发改局") == ["市发改局"]
    assert Segmenter().words("市发改局") == ["市发", "改局"]  # jieba's own dictionary splits it


def test_departments_names_without_separator_are_split() -> None:
    doc = extract_text("寿光市人民政府\n一、重点任务\n1.推进技改。(责任单位:市发改局市工信局)")
    assert [d.canonical for d in doc.measures[0].departments] == ["寿光市发展和改革局", "寿光市工业和信息化局"]
