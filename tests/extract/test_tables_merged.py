"""Task tables of HTML pages and .docx files: cell paragraphs, merged cells and empty cells keep each
row's cells under their headings."""

from __future__ import annotations

import io

import pytest

from extract.pipeline import extract_bytes

TITLE = "<p>郑州市2024年数字经济发展重点任务分工方案</p><p>一、重点任务</p>"


def _html(rows: str) -> list[tuple]:
    page = f"<html><body>{TITLE}<table>{rows}</table><p>二、保障措施</p></body></html>"
    doc = extract_bytes(page.encode(), source="t.html", suffix=".html")
    return _rows(doc)


def _rows(doc) -> list[tuple]:  # noqa: ANN001
    for m in doc.measures:
        for d in m.departments:
            assert doc.text[d.span.start:d.span.end] == d.span.text
    return [(m.number, m.title, [(d.name, d.role.value) for d in m.departments], m.deadline) for m in doc.measures]


HEADER = "<tr><td><p>序号</p></td><td><p>重点任务</p></td><td><p>牵头单位</p></td><td><p>配合单位</p></td><td><p>完成时限</p></td></tr>"


def test_paragraphs_inside_cells_stay_in_their_row() -> None:
    rows = HEADER + ("<tr><td><p>1</p></td><td><p>新建5G基站3000个。</p><p>推进千兆光网。</p></td>"
                     "<td><p><span>市工信局</span></p></td><td><p>市发改委</p><p>市通信管理局</p></td><td><p>2024年12月</p></td></tr>")
    assert _html(rows) == [("一.1", "新建5G基站3000个", [("市工信局", "lead"), ("市发改委", "support"), ("市通信管理局", "support")],
                            "2024年12月")]


def test_a_cell_merged_down_is_each_rows() -> None:
    rows = HEADER + ('<tbody><tr><td>1</td><td>新建5G基站3000个</td><td rowspan="2">市工信局</td><td>市发改委</td><td>2024年12月</td></tr>'
                     "<tr><td>2</td><td>数据中心机架达到2万架</td><td>市大数据局</td><td>2024年底</td></tr>"
                     "<tr><td>3</td><td>培育数字企业</td><td>市科技局</td><td>市财政局</td><td>长期坚持</td></tr></tbody>")
    assert _html(rows) == [
        ("一.1", "新建5G基站3000个", [("市工信局", "lead"), ("市发改委", "support")], "2024年12月"),
        ("一.2", "数据中心机架达到2万架", [("市工信局", "lead"), ("市大数据局", "support")], "2024年底"),
        ("一.3", "培育数字企业", [("市科技局", "lead"), ("市财政局", "support")], "长期坚持"),
    ]


def test_a_cell_merged_across_columns_and_an_empty_last_cell_keep_the_columns() -> None:
    rows = ("<thead><tr><th>序号</th><th>类别</th><th>重点任务</th><th>牵头单位</th><th>配合单位</th><th>完成时限</th></tr></thead>"
            "<tr><td>1</td><td>数字基础设施</td><td>新建5G基站3000个</td><td>市工信局</td><td>市发改委</td><td></td></tr>"
            '<tr><td>2</td><td colspan="2">培育数字企业</td><td>市科技局</td><td>市财政局</td><td>2025年底</td></tr>')
    # without the empty cells, row 1 would lose its last and row 2 a middle one, and both would
    # line up with the header from the right: 市发改委 as the lead, 市工信局 in the task column
    assert _html(rows) == [
        ("一.1", "新建5G基站3000个", [("市工信局", "lead"), ("市发改委", "support")], None),
        ("一.2", "培育数字企业", [("市科技局", "lead"), ("市财政局", "support")], "2025年底"),
    ]


@pytest.mark.parametrize("span", ["0", "abc", "", "2;", " 99999 "])
def test_span_attributes_of_any_value_read(span: str) -> None:
    rows = HEADER + f'<tr><td>1</td><td rowspan="{span}">新建5G基站3000个</td><td>市工信局</td><td>市发改委</td><td>2024年12月</td></tr>'
    assert _html(rows)[0][2] == [("市工信局", "lead"), ("市发改委", "support")]


def test_a_docx_tables_merged_cells_line_up_as_the_htmls() -> None:
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph("郑州市2024年数字经济发展重点任务分工方案")
    d.add_paragraph("一、重点任务")
    t = d.add_table(rows=4, cols=5)
    cells = [["序号", "重点任务", "牵头单位", "配合单位", "完成时限"],
             ["1", "新建5G基站3000个", "市工信局", "市发改委", "2024年12月"],
             ["2", "数据中心机架达到2万架", "", "市大数据局", "2024年底"],
             ["3", "培育数字企业", "市科技局", "", ""]]
    for i, row in enumerate(cells):
        for j, value in enumerate(row):
            if value:
                t.cell(i, j).text = value
    t.cell(1, 2).merge(t.cell(2, 2))  # 市工信局 leads tasks 1 and 2
    t.cell(3, 3).merge(t.cell(3, 4)).text = "市财政局"  # 配合单位 over the 完成时限 column
    d.add_paragraph("二、保障措施")
    buf = io.BytesIO()
    d.save(buf)
    doc = extract_bytes(buf.getvalue(), source="t.docx", suffix=".docx")
    assert _rows(doc) == [
        ("一.1", "新建5G基站3000个", [("市工信局", "lead"), ("市发改委", "support")], "2024年12月"),
        ("一.2", "数据中心机架达到2万架", [("市工信局", "lead"), ("市大数据局", "support")], "2024年底"),
        ("一.3", "培育数字企业", [("市科技局", "lead"), ("市财政局", "support")], None),
    ]
