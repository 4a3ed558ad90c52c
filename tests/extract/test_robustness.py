"""Hostile and messy input: never an exception, offsets always evidence, output deterministic, time bounded."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract import extract_text
from extract.records import ExtractedDocument

# A small alphabet forces collisions between the patterns (spaCy's alphabet="ab" trick).
ALPHABET = "部委局厅省市县，。、（）()〔〕[]【】:：;；一二三1２%％万亿个家以上左右达到突破牵头配合责任单位到2025年“”《》*\n \t\u200b"
FRAGMENTS = [
    "一、", "（一）", "1.", "（1）", "①", "一是", "(责任单位:", "（牵头单位：", "；配合单位：", "）", ")", "市发改局", "工信局",
    "各镇街", "牵头，", "配合", "到2025年，", "达到", "5G基站", "2000个", "8%以上", "1.5万人", "两千", "《方案》", "“链长制”",
    "〔2024〕12号", "。", "\n", "以上", "左右", "不超过", "最高", "200万元", "列第一位的为牵头单位", "不再一一列出",
    "序号\t重点任务\t牵头单位\t配合单位\n", "1\t", "\t", "**", "＊", "(牵头)", "由", "按职责分工负责", "统筹", "分别超过",
    "、75%", "较2023年增长",
]


def _check(doc: ExtractedDocument) -> None:
    text = doc.text
    spans = [m.span for m in doc.measures] + [s.span for s in doc.sections]
    spans += [x for m in doc.measures for d in m.departments for x in (d.span, d.clause, d.scope)]
    spans += [i.span for i in doc.all_indicators()] + [r.span for r in doc.references] + [p.span for p in doc.programmes]
    spans += [c.span for c in doc.conventions] + list(doc.addressees)
    spans += [s for s in (doc.title_span, doc.issuer_span, doc.date_span, doc.doc_number_span) if s is not None]
    for s in spans:
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start:s.end] == s.text


policy_like = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet=ALPHABET, max_size=8)), max_size=60).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policy_like)
def test_robustness_never_raises_and_offsets_are_evidence(text: str) -> None:
    doc = extract_text(text)
    _check(doc)


@pytest.mark.parametrize("text", [
    "寿光市人民政府\n一、重点任务\n1.加快项目建设。（责任单位：**、市发改局）",
    "各镇街\t牵头和不再列出责任单位〔\n\t\n]增长)、75%（3、1\t由;和100个5%2024年底前到2025年 ",  # an empty task cell
    "一、重点任务\n序号\t重点任务\t牵头单位\n1\t\t市工信局\n",
], ids=["marks-only-name", "empty-task-cell-found-by-fuzzing", "empty-task-cell"])
def test_robustness_inputs_that_once_raised(text: str) -> None:
    _check(extract_text(text))


@settings(max_examples=80, deadline=None)
@given(policy_like)
def test_robustness_deterministic(text: str) -> None:
    a, b = extract_text(text), extract_text(text)
    assert (a.measures, a.indicators, a.references, a.conventions) == (b.measures, b.indicators, b.references, b.conventions)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_robustness_any_unicode(text: str) -> None:
    _check(extract_text(text))


def _timed(text: str) -> tuple[ExtractedDocument, float]:
    t = time.perf_counter()
    doc = extract_text(text)
    return doc, time.perf_counter() - t


MEASURE = "{n}.推进第{n}项工作。到2025年，建成示范点{n}个以上。（牵头单位：市发改局；配合单位：市财政局、各镇街）\n"


@pytest.mark.parametrize(
    "name, make, bound",
    [
        ("10000 measures", lambda: "寿光市人民政府\n一、重点任务\n" + "".join(MEASURE.format(n=i) for i in range(1, 10001)), 60),
        ("20 MB single line", lambda: ("推进产业升级，到2025年达到5个以上，" * 700_000)[:6_000_000], 60),
        ("nested brackets", lambda: "1.推进改革。" + "（" * 5000 + "责任单位：市发改局" + "）" * 3000 + "(" * 4000, 20),
        ("500 names", lambda: "一、重点任务\n1.推进改革。（责任单位：" + "、".join(f"市第{i}局" for i in range(500)) + "）", 20),
        ("all numbers", lambda: "1234567890.12345 " * 100_000, 30),
        ("control chars", lambda: "一、重点任务\x00\x01\x1f\u200b\u2028\n1.推进\u200d改革。(责任单位:市发改局)\x7f" * 2000, 20),
    ],
)
def test_robustness_pathological_inputs_bounded(name: str, make, bound: float) -> None:  # noqa: ANN001
    text = make()
    doc, seconds = _timed(text)
    _check(doc) if len(text) < 2_000_000 else None
    assert seconds < bound, f"{name}: {seconds:.1f} s"
    if name == "10000 measures":
        assert len(doc.measures) == 10000
        assert all(len(m.departments) == 3 and len(m.indicators) == 1 for m in doc.measures)
    if name == "500 names":
        assert len(doc.measures[0].departments) == 500


def test_robustness_traditional_characters() -> None:
    doc = extract_text("壽光市人民政府\n一、重點任務\n1.推進產業升級。到2025年，產業集群達到5個。（責任單位：發改局、工信局）")
    assert [m.number for m in doc.measures] == ["一.1"]
    assert [(d.name, d.canonical) for d in doc.measures[0].departments] == [("發改局", "寿光市发展和改革局"), ("工信局", "寿光市工业和信息化局")]
    assert [(i.span.text, i.value, i.unit) for i in doc.all_indicators()] == [("產業集群達到5個", 5, "个")]
    _check(doc)


def test_robustness_html_with_scripts_is_text_only(tmp_path) -> None:  # noqa: ANN001
    from extract import extract_file

    p = tmp_path / "x.html"
    p.write_text("<html><body><script>alert('（责任单位：市发改局）')</script><style>p{}</style>"
                 "<p>一、重点任务</p><p>1.推进&lt;script&gt;改革。（责任单位：市工信局）</p></body></html>", encoding="utf-8")
    doc = extract_file(p)
    assert "alert" not in doc.text
    assert [[d.name for d in m.departments] for m in doc.measures] == [["市工信局"]]
    assert "<script>" in doc.measures[0].span.text


def test_robustness_truncated_gb18030(tmp_path) -> None:  # noqa: ANN001
    from extract import extract_file
    from extract.errors import InputError

    data = "寿光市人民政府\n一、重点任务\n1.推进改革。（责任单位：市工信局）".encode("gb18030")
    p = tmp_path / "cut.txt"
    p.write_bytes(data[:-1])  # the last character cut in half
    with pytest.raises(InputError, match="Could not decode"):
        extract_file(p)
