"""graph.ledger: the 督查 workbook, read back with openpyxl cell by cell."""

from __future__ import annotations

import os
from pathlib import Path

import openpyxl
import pytest

from graph import ledger, network as net, rdf

SAMPLE = Path(__file__).resolve().parents[2] / "extract" / "data" / "shouguang_county_economy_plan_2024.txt"
TITLE_A = "寿光市县域经济高质量发展工作方案(2024—2025年)"
TITLE_B = "寿光市数字经济发展实施方案（2024年）"
HEADER = ["序号", "文件", "章节编号", "任务内容", "量化目标", "完成时限", "牵头单位", "配合单位", "责任单位(原文)",
          "进展情况", "完成状态"]


def _between(text: str, start: str, end: str | None) -> str:
    i = text.index(start)
    return text[i:text.index(end, i + 1)] if end else text[i:]


@pytest.fixture(scope="module")
def measure_texts(text_a, text_b) -> tuple[str, str, str, str]:
    """The texts of the corpus's measures: 二.一.1, 二.一.2 and 二.一.3 of document a, 一.1 of document b."""
    return (_between(text_a, "1.培育", "\n2.加快"), _between(text_a, "2.加快", "\n3.推动"),
            _between(text_a, "3.推动", "\n注："), _between(text_b, "1.建设", "\n寿光市人民政府办公室"))


@pytest.fixture(scope="module")
def workbook(tmp_path_factory, make_corpus):
    path = tmp_path_factory.mktemp("ledger") / "out" / "ledger.xlsx"
    # the call `policykg build` makes: the RDF dataset and a path
    assert ledger.write_ledger(rdf.to_dataset(make_corpus()), path) == path
    return openpyxl.load_workbook(path)


def rows(ws) -> list[list]:
    return [[c.value for c in r] for r in ws.iter_rows()]


def test_ledger_sheets_one_per_document_then_per_department(workbook):
    assert workbook.sheetnames == ["寿光市县域经济高质量发展工作方案", "寿光市数字经济发展实施方案",
                                   "市工信局", "市发改局", "市科技局", "各镇街", "市财政局"]


def test_ledger_document_sheet_cells(workbook, measure_texts):
    M1, M2, M3, MB = measure_texts
    assert rows(workbook["寿光市县域经济高质量发展工作方案"]) == [
        HEADER,
        [1, TITLE_A, "二.一.1", M1, "技改投资年均增长8%以上（2025年）", "2025年", "寿光市发展和改革局", "寿光市工业和信息化局",
         "(责任单位：市发改局、市工信局)", None, None],
        [2, TITLE_A, "二.一.2", M2, None, None, "寿光市工业和信息化局", "寿光市发展和改革局、寿光市财政局",
         "(牵头单位：市工信局；配合单位：市发改局、市财政局)", None, None],
        [3, TITLE_A, "二.一.3", M3, None, None, None, None, "(责任单位：各镇街、市科技局)", None, None],
    ]
    assert rows(workbook["寿光市数字经济发展实施方案"]) == [
        HEADER,
        [1, TITLE_B, "一.1", MB, "新增5G应用场景50个（到2026年）", "2026年", "寿光市工业和信息化局", "寿光市科学技术局",
         "(牵头单位：市工信局；配合单位：市科技局)", None, None],
    ]


def test_ledger_department_sheet_groups_by_role(workbook, measure_texts):
    M1, M2, _, MB = measure_texts
    assert rows(workbook["市工信局"]) == [
        HEADER[:6] + ["本单位角色"] + HEADER[6:],
        [1, TITLE_A, "二.一.2", M2, None, None, "牵头", "寿光市工业和信息化局", "寿光市发展和改革局、寿光市财政局",
         "(牵头单位：市工信局；配合单位：市发改局、市财政局)", None, None],
        [2, TITLE_B, "一.1", MB, "新增5G应用场景50个（到2026年）", "2026年", "牵头", "寿光市工业和信息化局", "寿光市科学技术局",
         "(牵头单位：市工信局；配合单位：市科技局)", None, None],
        [3, TITLE_A, "二.一.1", M1, "技改投资年均增长8%以上（2025年）", "2025年", "配合", "寿光市发展和改革局",
         "寿光市工业和信息化局", "(责任单位：市发改局、市工信局)", None, None],
    ]
    assert [r[6] for r in rows(workbook["各镇街"])[1:]] == ["责任单位"]


def test_ledger_many_departments_share_one_sheet(tmp_path, monkeypatch, make_corpus, measure_texts):
    """Past DEPARTMENT_SHEETS_MAX departments, obligations go into one filterable 按部门 sheet."""
    M1, M2, M3, MB = measure_texts
    monkeypatch.setattr(ledger, "DEPARTMENT_SHEETS_MAX", 4)  # the corpus names 5
    wb = openpyxl.load_workbook(ledger.write_ledger(rdf.to_dataset(make_corpus()), tmp_path / "ledger.xlsx"))
    assert wb.sheetnames == ["寿光市县域经济高质量发展工作方案", "寿光市数字经济发展实施方案", "按部门"]
    table = rows(wb["按部门"])
    assert table[0] == ["责任部门"] + HEADER[:6] + ["本单位角色"] + HEADER[6:]
    # departments in the order of the per-department sheets (most obligations first), each with its rows
    assert [(r[0], r[3], r[7]) for r in table[1:]] == [
        ("寿光市工业和信息化局", "二.一.2", "牵头"), ("寿光市工业和信息化局", "一.1", "牵头"),
        ("寿光市工业和信息化局", "二.一.1", "配合"),
        ("寿光市发展和改革局", "二.一.1", "牵头"), ("寿光市发展和改革局", "二.一.2", "配合"),
        ("寿光市科学技术局", "一.1", "配合"), ("寿光市科学技术局", "二.一.3", "责任单位"),
        ("寿光市各镇街", "二.一.3", "责任单位"),
        ("寿光市财政局", "二.一.2", "配合"),
    ]
    assert table[1][1:6] == [1, TITLE_A, "二.一.2", M2, None]
    assert [r[1] for r in table[1:]] == list(range(1, 10))  # 序号 runs over the whole sheet


def test_ledger_format_frozen_header_widths_wrap_and_status_dropdown(workbook):
    for ws in workbook.worksheets:
        assert ws.freeze_panes == "A2"
        header = [c.value for c in ws[1]]
        assert all(c.font.bold for c in ws[1])
        # Excel shows the width in characters; the file holds it with the cell padding added
        assert int(ws.column_dimensions["D"].width) == 60  # 任务内容
        assert int(ws.column_dimensions["A"].width) == 6
        status = openpyxl.utils.get_column_letter(header.index("完成状态") + 1)
        dvs = ws.data_validations.dataValidation
        assert len(dvs) == 1
        last = max(ws.max_row, 2)
        assert (dvs[0].type, dvs[0].formula1, str(dvs[0].sqref)) == (
            "list", '"未启动,推进中,已完成,滞后"', f"{status}2:{status}{last}" if last > 2 else f"{status}2")
        assert ws.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(header))}{ws.max_row}"
        for row in ws.iter_rows(min_row=2):
            assert all(c.alignment.wrap_text for c in row)


def test_ledger_accepts_the_network_and_writes_atomically(tmp_path, make_corpus):
    G = net.to_network(rdf.to_dataset(make_corpus()))
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(b"old")
    ledger.write_ledger(G, path)
    assert openpyxl.load_workbook(path).sheetnames[0] == "寿光市县域经济高质量发展工作方案"
    assert sorted(os.listdir(tmp_path)) == ["ledger.xlsx"]  # no temp file left behind


def test_ledger_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(b"old")

    import xlsxwriter

    def broken_close(self):
        Path(self.filename).write_bytes(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(xlsxwriter.Workbook, "close", broken_close)
    with pytest.raises(OSError):
        ledger.write_ledger(net.example_network(), path)
    assert path.read_bytes() == b"old" and sorted(os.listdir(tmp_path)) == ["ledger.xlsx"]


def test_ledger_sheet_titles_are_valid_and_unique():
    used: set[str] = set()
    assert ledger._sheet_title("a/b:c*d?e[f]g\\h", used) == "a_b_c_d_e_f_g_h"
    long = "很" * 40
    assert ledger._sheet_title(long, used) == "很" * 31
    assert ledger._sheet_title(long, used) == "很" * 28 + "(2)"


def test_ledger_of_the_sample(tmp_path):
    from extract.pipeline import extract_file

    doc = extract_file(SAMPLE)
    path = ledger.write_ledger(rdf.to_dataset([doc]), tmp_path / "ledger.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    assert ws.title == "寿光市县域经济高质量发展工作方案"
    assert ws.max_row == 1 + len(doc.measures) and len(wb.sheetnames) == 1 + 21
    seven = next(r for r in rows(ws) if r[2] == "二.一.7")
    assert seven[4] == ("3个以上省级工业互联网平台\n5G基站建设突破2000个（到2025年）\n"
                        "整县分布式光伏规模化开发容量达到30万千瓦以上（到2025年）")
    assert (seven[5], seven[6], seven[7], seven[8]) == ("2025年", None, None, "(责任单位:工信局、发改局)")


def test_ledger_text_that_looks_like_a_formula_or_a_link_stays_text(tmp_path):
    G = net.example_network()
    first = net.measures(G)[0]
    G.nodes[first]["text"] = "=SUM(A1:A9) 见 https://example.gov.cn/a"
    wb = openpyxl.load_workbook(ledger.write_ledger(G, tmp_path / "ledger.xlsx"))
    cell = wb.worksheets[0]["D2"]
    assert (cell.value, cell.data_type, cell.hyperlink) == ("=SUM(A1:A9) 见 https://example.gov.cn/a", "s", None)
