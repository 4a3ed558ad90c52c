"""One formatter for every command: an aligned table on a terminal, JSON or CSV for pipelines.

Chinese characters are double width on a terminal; rich measures cell widths with
``wcwidth`` rules, so columns of 寿光市工业和信息化局 line up.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

import click

FORMATS = ("table", "json", "csv")


def output_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--json`` / ``--csv`` / ``--table`` to a command (the table is the default on a terminal)."""
    func = click.option("--csv", "fmt", flag_value="csv", help="Write CSV (UTF-8) for spreadsheets and pipelines.")(func)
    func = click.option("--json", "fmt", flag_value="json", help="Write JSON (Chinese unescaped).")(func)
    func = click.option("--table", "fmt", flag_value="table", help="Write an aligned table (the default on a terminal).")(func)
    return func


def resolve_format(fmt: str | None) -> str:
    if fmt:
        return fmt
    return "table" if sys.stdout.isatty() else "json"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "、".join(_cell(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def render(rows: Sequence[dict[str, Any]], columns: Sequence[str], fmt: str, *, title: str | None = None,
           headers: Sequence[str] | None = None) -> str:
    """Rows as text in one of FORMATS; ``headers`` are display names for ``columns`` in tables and CSV."""
    heads = list(headers or columns)
    if fmt == "json":
        return json.dumps([{c: r.get(c) for c in columns} for r in rows], ensure_ascii=False, indent=2)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(heads)
        for r in rows:
            writer.writerow([_cell(r.get(c)) for c in columns])
        return buf.getvalue().rstrip("\n")
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False, title_justify="left", expand=False)
    for h in heads:
        table.add_column(h, overflow="fold")
    for r in rows:
        table.add_row(*(_cell(r.get(c)) for c in columns))
    width = None if sys.stdout.isatty() else 160
    console = Console(file=io.StringIO(), width=width, force_terminal=False, color_system=None)
    console.print(table)
    return console.file.getvalue().rstrip("\n")  # type: ignore[attr-defined]


def emit(rows: Sequence[dict[str, Any]], columns: Sequence[str], fmt: str | None, *, title: str | None = None,
         headers: Sequence[str] | None = None) -> None:
    click.echo(render(rows, columns, resolve_format(fmt), title=title, headers=headers))
