"""Task tables: rows of 序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限, one measure per row.

HTML and .docx tables reach the text as tab-separated rows (see ``extract.reader``); plain-text
files exported from spreadsheets use tabs too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_COLUMNS = (
    ("number", re.compile(r"^(?:序号|编号|序|号)$")),
    ("lead", re.compile(r"牵头(?:责任)?单位|牵头部门|主责单位|牵头处室")),
    ("support", re.compile(r"配合单位|配合部门|协同(?:责任)?单位|协办单位|参与单位|配合处室")),
    ("responsible", re.compile(r"责任单位|责任部门|负责单位|落实单位|责任主体")),
    ("deadline", re.compile(r"完成时限|完成时间|时间节点|时限|进度安排|时间安排|完成期限")),
    ("task", re.compile(r"任务|举措|措施|内容|事项|目标")),
    ("category", re.compile(r"类别|领域|分类|板块|方面")),
)
_LABEL_MAX = 12  # a header cell is a short label
_WHITE_SPACE = re.compile(r"\s")
_LINE = re.compile(r"[^\n]+")


@dataclass(frozen=True, slots=True)
class Row:
    span: tuple[int, int]  # the whole row (one line)
    cells: dict[str, tuple[int, int]]  # column kind → cell offsets


def _cells(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """The tab-separated cells of the line ``norm[start:end]``, each without its outer spaces."""
    out, s = [], start
    while True:
        i = norm.find("\t", s, end)  # the next separator: a jump, not a test per character
        if i == -1:
            i = end  # the last cell runs to the line end
        a, b = s, i
        while a < b and norm[a] == " ":
            a += 1
        while b > a and norm[b - 1] == " ":
            b -= 1
        out.append((a, b))
        if i == end:
            return out
        s = i + 1


def _header(norm: str, cells: list[tuple[int, int]]) -> list[str | None] | None:
    kinds: list[str | None] = []
    for a, b in cells:
        label = _WHITE_SPACE.sub("", norm[a:b])
        kind = None
        if label and len(label) <= _LABEL_MAX:  # a data cell is mostly longer: no pattern to try
            kind = next((k for k, rx in _COLUMNS if rx.search(label)), None)
        kinds.append(kind)
    if ("lead" in kinds or "responsible" in kinds) and ("task" in kinds or kinds.count(None) >= 1):
        return kinds
    return None


def find_rows(norm: str, start: int = 0, end: int | None = None) -> Iterator[Row]:
    """Data rows of every task table in ``norm[start:end]``."""
    stop = len(norm) if end is None else end
    if norm.find("\t", start, stop) == -1:
        return  # no cell separators, no table (most documents)
    kinds: list[str | None] | None = None
    # The lines of norm[start:stop], found in place (the pattern looks at nothing outside its match,
    # so bounding the search is the same as searching the slice).
    for m in _LINE.finditer(norm, start, stop):
        ls, le = m.span()
        if norm.find("\t", ls, le) == -1:
            kinds = None
            continue
        cells = _cells(norm, ls, le)
        header = _header(norm, cells)
        if header is not None:
            kinds = header
            continue
        if kinds is None:
            continue
        # A row missing leading cells (a merged 类别 cell) lines up with the header from the right.
        offset = len(kinds) - len(cells)
        if offset < 0:
            continue
        row = {}
        for i, cell in enumerate(cells):
            kind = kinds[i + offset]
            if kind and cell[1] > cell[0]:
                row[kind] = cell
        if "task" not in row:
            # The widest unlabelled cell holds the task text.
            free = [c for i, c in enumerate(cells) if kinds[i + offset] in (None, "category")]
            if free:
                row["task"] = max(free, key=lambda c: c[1] - c[0])
        if "task" in row:
            yield Row((ls, le), row)
