"""Input formats and encodings: UTF-8 with and without BOM, GB18030, CRLF, HTML pages, .docx, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract import extract_file, read_document
from extract.errors import InputError

PLAN = "寿光市人民政府\r\n一、重点任务\r\n1.培育产业集群。到2025年，特色产业集群达到5个。（责任单位：发改局、工信局）\r\n"


@pytest.mark.parametrize("encoding, prefix", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gb18030", b"")],
                         ids=["utf8", "utf8-bom", "gb18030"])
def test_reader_encodings_give_the_same_records(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(prefix + PLAN.encode(encoding))
    doc = extract_file(path)
    assert doc.text == PLAN  # the decoded text, CRLF kept; the BOM is not text
    assert doc.encoding == encoding
    m = doc.measures[0]
    assert (m.number, m.title, [d.canonical for d in m.departments]) == ("一.1", "培育产业集群", ["寿光市发展和改革局", "寿光市工业和信息化局"])
    assert [(i.value, i.year) for i in m.indicators] == [(5, 2025)]
    assert doc.text[m.departments[0].span.start:m.departments[0].span.end] == "发改局"


HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>关于印发宁波市数字经济行动计划的通知_宁波市人民政府</title>
<style>.x{color:red}</style><script>var a = "（责任单位：市发改委）";</script></head>
<body><div class="nav">首页 &gt; 政务公开</div>
<table class="meta"><tr><td>发文机关：</td><td>宁波市人民政府办公厅</td><td>发文字号：</td><td>甬政办发〔2024〕12号</td></tr>
<tr><td>成文日期：</td><td>2024年03月05日</td><td>标题：</td><td>宁波市数字经济行动计划</td></tr></table>
<h1>宁波市人民政府办公厅关于印发宁波市数字经济行动计划的通知</h1>
<div id="zoom"><p>各区（县、市）人民政府，市直及部省属驻甬各单位：</p>
<p>一、重点任务</p>
<p>1.建设新型基础设施。到2025年，累计建成5G基站3万个以上。（牵头单位：市经信局；配合单位：市发改委、市通信管理局）</p>
<table><tr><th>序号</th><th>重点任务</th><th>牵头单位</th><th>完成时限</th></tr>
<tr><td>1</td><td>新增规上数字经济企业100家。</td><td>市经信局</td><td>2025年</td></tr></table>
</div></body></html>"""


def test_reader_html_page_body_and_metadata_table(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    doc = extract_file(path)
    assert doc.format == "html"
    assert "var a" not in doc.text and ".x{" not in doc.text  # scripts and styles are not text
    assert (doc.issuer, doc.doc_number, doc.date, doc.title) == ("宁波市人民政府办公厅", "甬政办发〔2024〕12号", "2024-03-05", "宁波市数字经济行动计划")
    assert doc.jurisdiction is not None and doc.jurisdiction.name == "宁波市"
    [m1, m2] = doc.measures
    assert [(d.name, d.canonical, d.role.value) for d in m1.departments] == [
        ("市经信局", "宁波市经济和信息化局", "lead"), ("市发改委", "宁波市发展和改革委员会", "support"),
        ("市通信管理局", "宁波市通信管理局", "support"),
    ]
    assert [(i.value, i.comparator.value, i.year, i.frequency.value) for i in m1.indicators] == [(30000, ">=", 2025, "cumulative")]
    assert (m2.number, [d.name for d in m2.departments], m2.deadline_year) == ("一.1", ["市经信局"], 2025)


def test_reader_html_in_gb2312(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_bytes(HTML.replace('charset="utf-8"', 'charset="gb2312"').encode("gb18030"))
    assert extract_file(path).doc_number == "甬政办发〔2024〕12号"


def test_reader_docx_paragraphs_and_tables(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph("广东省人民政府")
    d.add_paragraph("一、重点任务")
    d.add_paragraph("1.推动制造业升级。到2025年，制造业增加值占比达到35%。（责任单位：省工业和信息化厅、省发展改革委）")
    table = d.add_table(rows=2, cols=3)
    for cell, value in zip(table.rows[0].cells, ["序号", "重点任务", "牵头单位"]):
        cell.text = value
    for cell, value in zip(table.rows[1].cells, ["1", "培育专精特新企业500家。", "省工业和信息化厅"]):
        cell.text = value
    path = tmp_path / "plan.docx"
    d.save(path)
    doc = extract_file(path)
    assert doc.format == "docx"
    assert [[x.canonical for x in m.departments] for m in doc.measures] == [
        ["广东省工业和信息化厅", "广东省发展和改革委员会"], ["广东省工业和信息化厅"],
    ]
    assert [i.value for m in doc.measures for i in m.indicators] == [35, 500]


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "No such file: '{p}'. Check the path; with no FILE argument the bundled sample is used."),
        (b"", "'{p}' is empty (0 bytes); give a document with text."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "'{p}' looks binary (NUL byte at position 8), not a text document. Give a .txt, .html or .docx file; convert PDFs to text first."),
        (b"\xb9\xa4\xd0\xc5\xbe\xd6\xff\xfe\x81",
         "Could not decode '{p}' as UTF-8 (byte 0xb9 at position 0) or GB18030 (byte 0xff at position 6). Re-save it as UTF-8, or pass --encoding (e.g. --encoding big5)."),
    ],
    ids=["missing", "empty", "binary", "undecodable"],
)
def test_reader_bad_input_messages(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / "bad.txt"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError) as info:
        read_document(path)
    assert str(info.value) == message.format(p=path)


def test_reader_fake_docx(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "fake.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "not word")
    with pytest.raises(InputError, match="is a zip archive but not a Word document"):
        read_document(path)


def test_reader_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        read_document(tmp_path)
