"""The 督查 ledger: one Excel row per measure, the table supervision offices keep by hand.

Columns (field-notes §4): 序号, 文件, 章节编号, 任务内容, 量化目标, 完成时限, 牵头单位, 配合单位,
责任单位(原文), then 进展情况 and 完成状态 left empty for the office, 完成状态 with a drop-down of
未启动 / 推进中 / 已完成 / 滞后. One sheet per document, then one per department (its obligations,
with a 本单位角色 column). Frozen header, wrapped text, widths sized for A4 landscape reading.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from graph.atomic import write_atomic
from graph import network as net

COLUMNS: tuple[str, ...] = ("序号", "文件", "章节编号", "任务内容", "量化目标", "完成时限", "牵头单位", "配合单位",
                            "责任单位(原文)", "进展情况", "完成状态")
DEPARTMENT_COLUMNS: tuple[str, ...] = COLUMNS[:6] + ("本单位角色",) + COLUMNS[6:]
STATUSES: tuple[str, ...] = ("未启动", "推进中", "已完成", "滞后")
WIDTHS = {"责任部门": 24, "序号": 6, "文件": 22, "章节编号": 10, "任务内容": 60, "量化目标": 30, "完成时限": 11, "本单位角色": 10,
          "牵头单位": 18, "配合单位": 24, "责任单位(原文)": 28, "进展情况": 30, "完成状态": 10}
ROLE_NAMES = {"lead": "牵头", "support": "配合", "responsible": "责任单位"}
# Past this many departments (a corpus of many jurisdictions) one sheet per department is a workbook
# no one can page through: their obligations go into one 按部门 sheet with a 责任部门 column, to filter instead.
DEPARTMENT_SHEETS_MAX = 200
BY_DEPARTMENT_COLUMNS: tuple[str, ...] = ("责任部门",) + DEPARTMENT_COLUMNS

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def ledger_rows(G: nx.Graph, measures: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """One dict per measure with the ledger's columns (序号 numbered from 1), in document order.

    >>> G = net.example_network()
    >>> r = ledger_rows(G)[0]
    >>> r["章节编号"], r["量化目标"], r["完成时限"], r["牵头单位"], r["配合单位"]
    ('一.1', '技改投资 每年≥8%（2025年）', '2025年', '寿光市发展和改革局', '寿光市工业和信息化局')
    """
    rows = []
    for i, m in enumerate(measures if measures is not None else net.measures(G), start=1):
        a = G.nodes[m]
        ds = net.departments_of(G, m)
        targets = [G.nodes[t] for t in net.targets_of(G, m)]
        year = a.get("deadline_year") or max((t["year"] for t in targets if t.get("year")), default=None)
        doc = G.nodes[a["document"]] if a.get("document") in G else {}
        doc_label = doc.get("title") or a.get("doc_title") or ""
        if doc.get("doc_number"):
            doc_label = f"{doc_label}（{doc['doc_number']}）"
        rows.append({
            "序号": i, "文件": doc_label, "章节编号": a.get("number") or "", "任务内容": a.get("text") or a.get("title") or "",
            "量化目标": "\n".join(_target_line(t) for t in targets),
            "完成时限": f"{year}年" if year else "",
            "牵头单位": "、".join(G.nodes[x]["name"] for x, r, _ in ds if r == "lead"),
            "配合单位": "、".join(G.nodes[x]["name"] for x, r, _ in ds if r == "support"),
            "责任单位(原文)": a.get("responsibility_text") or "",
            "进展情况": None, "完成状态": None, "_measure": m,
        })
    return rows


def _target_line(t: dict[str, Any]) -> str:
    """The target as printed, with its deadline: 5G基站建设突破2000个（到2025年）."""
    if not t.get("text"):
        return net.format_target(t)
    when = t.get("deadline") or (f"{t['year']}年" if t.get("year") else None)
    return f"{t['text']}（{when}）" if when and when not in t["text"] else t["text"]


def _sheet_title(name: str, used: set[str]) -> str:
    """An Excel sheet name: no []:*?/\\, at most 31 characters, unique (case-insensitive)."""
    base = _SHEET_FORBIDDEN.sub("_", name).strip("'") or "Sheet"
    base = base[:31]
    title, k = base, 2
    while title.lower() in used:
        suffix = f"({k})"
        title = base[: 31 - len(suffix)] + suffix
        k += 1
    used.add(title.lower())
    return title


def _short_title(title: str) -> str:
    # 寿光市县域经济高质量发展工作方案(2024—2025年) is too long for a tab: drop the period in brackets
    short = re.sub(r"[（(][^（()）]*[)）]$", "", title).strip()
    return short or title


def write_ledger(dataset_or_network: Any, path: str | os.PathLike[str]) -> Path:
    """Write the 督查 ledger workbook to ``path`` (atomically: a temp file, then ``os.replace``).

    Args:
        dataset_or_network: the network of :func:`graph.network.to_network`, or an RDF
            ``rdflib.Dataset`` / ``Graph`` (converted with ``to_network``).
        path: the ``.xlsx`` file to write; parent directories are created.

    Returns:
        ``path`` as a Path.

    >>> import tempfile, pathlib, openpyxl
    >>> out = write_ledger(net.example_network(), pathlib.Path(tempfile.mkdtemp()) / "ledger.xlsx")
    >>> wb = openpyxl.load_workbook(out)
    >>> wb.sheetnames
    ['示例工作方案', '工信局', '发改局', '科技局', '财政局']
    >>> [c.value for c in wb["工信局"][3]][:7]
    [2, '示例工作方案', '一.3', '3.强化人才支撑。', None, None, '配合']
    """
    import xlsxwriter

    G = dataset_or_network if isinstance(dataset_or_network, nx.Graph) else net.to_network(dataset_or_network)
    out = Path(path)
    all_rows = ledger_rows(G)
    by_measure = {r["_measure"]: r for r in all_rows}
    # The sheets to write, (title, columns, rows), in order; the workbook is made from them in one go
    # inside write_atomic, so a failed write leaves no half-made file.
    sheets: list[tuple[str, Sequence[str], list[dict[str, Any]]]] = []
    used: set[str] = set()

    def sheet(title: str, columns: Sequence[str], rows: list[dict[str, Any]]) -> None:
        sheets.append((_sheet_title(title, used), columns, rows))

    docs = sorted(net.nodes_of_kind(G, "document"), key=lambda d: (G.nodes[d].get("title") or "", d))
    by_document: dict[Any, list[dict[str, Any]]] = {}
    for r in all_rows:
        by_document.setdefault(G.nodes[r["_measure"]].get("document"), []).append(r)
    for d in docs:
        sheet(_short_title(G.nodes[d].get("title") or G.nodes[d]["label"]), COLUMNS, by_document.get(d, []))
    orphans = [r for d, rows in by_document.items() if d not in G for r in rows]
    if orphans or not docs:
        sheet("任务", COLUMNS, orphans)

    counts = net.role_counts(G)
    depts = [d for d in net.departments(G) if counts[d]["total"]]
    depts.sort(key=lambda d: (-counts[d]["total"], G.nodes[d]["name"]))

    def obligations(d: Any) -> list[dict[str, Any]]:
        return [dict(by_measure[o["measure"]], 本单位角色=ROLE_NAMES[o["role"]]) for o in net.obligations(G, d)]

    if len(depts) <= DEPARTMENT_SHEETS_MAX:
        for d in depts:
            sheet(G.nodes[d]["label"], DEPARTMENT_COLUMNS, obligations(d))
    else:
        sheet("按部门", BY_DEPARTMENT_COLUMNS,
              [dict(r, 责任部门=G.nodes[d]["name"]) for d in depts for r in obligations(d)])

    def save(tmp: Path) -> None:
        # in_memory: the sheets' XML is assembled in memory, not in temporary files of its own that
        # a failed write would leave behind. No string is read as a formula, a URL or a number:
        # a task that opens with "=" is text.
        wb = xlsxwriter.Workbook(str(tmp), {"in_memory": True, "strings_to_formulas": False,
                                            "strings_to_urls": False, "strings_to_numbers": False})
        cell = {"valign": "top", "text_wrap": True, "border": 1, "border_color": _BORDER}
        header = wb.add_format(dict(cell, bold=True, bg_color=_HEADER_FILL, align="center"))
        wrap = wb.add_format(cell)
        center = wb.add_format(dict(cell, align="center"))
        for title, columns, rows in sheets:
            _write_sheet(wb.add_worksheet(title), columns, rows, header, [center if c in _CENTRED else wrap for c in columns])
        wb.close()

    return write_atomic(out, save)


_BORDER, _HEADER_FILL = "#BFBFBF", "#DDEBF7"
_CENTRED = frozenset(("序号", "完成时限", "完成状态", "本单位角色"))


def _write_sheet(ws: Any, columns: Sequence[str], rows: list[dict[str, Any]], header: Any, styles: list[Any]) -> None:
    """One ledger sheet: the header, a row per measure, frozen header, filter, status drop-down, A4 landscape."""
    for j, c in enumerate(columns):
        ws.set_column(j, j, WIDTHS[c])
        ws.write_string(0, j, c, header)
    for i, r in enumerate(rows, start=1):
        for j, (c, style) in enumerate(zip(columns, styles)):
            value = i if c == "序号" else r.get(c)
            if value is None or value == "":
                ws.write_blank(i, j, None, style)  # blank, but bordered: the office fills 进展情况 in
            elif isinstance(value, str):
                ws.write_string(i, j, value, style)
            else:
                ws.write_number(i, j, value, style)
    last = len(rows)  # the last row's index (the header is row 0)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, last, len(columns) - 1)
    status = columns.index("完成状态")
    ws.data_validation(1, status, max(last, 1), status, {
        "validate": "list", "source": list(STATUSES), "ignore_blank": True,
        "error_title": "完成状态", "error_message": "请选择：" + "、".join(STATUSES),
        "input_title": "完成状态", "input_message": "、".join(STATUSES),
    })
    ws.repeat_rows(0)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
