"""Lookups on the built graph: ``shared``, ``bureau``, ``partners``, ``targets``, ``network``, ``ledger``.

Each command reads what ``policykg build`` wrote (``--graph DIR``, default ``out/``) through
``graph.lookup.load_network`` (which caches the network next to the graph), calls one library
function and hands the rows to ``graph.output``. networkx, rdflib and jieba are imported inside
the commands so that ``policykg --help`` stays fast.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import click

from graph.output import emit, output_options, resolve_format

if TYPE_CHECKING:
    from graph.lookup import Loaded


def graph_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--graph", "graph_dir", default="out", show_default=True,
                        type=click.Path(file_okay=False, path_type=Path),
                        help="The directory `policykg build` wrote the graph to.")(func)


def _load(graph_dir: Path) -> "Loaded":
    from extract.errors import PolicyKGError
    from graph.lookup import load_network

    try:
        return load_network(graph_dir)
    except PolicyKGError as exc:
        raise click.ClickException(str(exc)) from None


def _resolve(loaded: "Loaded", name: str) -> str:
    from graph.lookup import NoMatch

    try:
        return loaded.departments.resolve(loaded.network, name)
    except NoMatch as exc:
        raise click.ClickException(str(exc)) from None


def _report(sections: list[dict[str, Any]], fmt: str | None, part: str | None) -> None:
    """Several tables on a terminal; one JSON object of them; CSV of one part (the first by default)."""
    fmt = resolve_format(fmt)
    chosen = [s for s in sections if part is None or s["name"] == part]
    if fmt == "json" and part is None:
        click.echo(json.dumps({s["name"]: s.get("json_rows", [{c: r.get(c) for c in s["json"]} for r in s["rows"]])
                               for s in sections}, ensure_ascii=False, indent=2))
        return
    if fmt != "table":
        chosen = chosen[:1]
    for i, s in enumerate(chosen):
        if fmt == "table" and i:
            click.echo()
        if fmt == "json":
            emit(s["rows"], s["json"], fmt)
        else:
            emit(s["rows"], s["columns"], fmt, title=s.get("title"), headers=s.get("headers"))


def _part_option(choices: tuple[str, ...]) -> Callable[..., Any]:
    return click.option("--part", type=click.Choice(choices), default=None,
                        help="Only one part of the report (CSV holds one part: the first unless chosen).")


def _many_documents(loaded: "Loaded") -> bool:
    return sum(1 for _, k in loaded.network.nodes(data="kind") if k == "document") > 1


@click.command("shared")
@click.argument("query")
@graph_option
@_part_option(("measures", "departments", "pairs"))
@output_options
def shared_cmd(query: str, graph_dir: Path, part: str | None, fmt: str | None) -> None:
    """Which departments share responsibility for QUERY.

    QUERY is a keyword or phrase (人才, 5G基站), a measure or section number (二.一.7, 二.一)
    or a programme name (链长制). Shows the matching measures with their departments and roles,
    the departments ranked by how many of them they share, and the pairs that co-own most.
    """
    from graph import network as net

    loaded = _load(graph_dir)
    G = loaded.network
    match = loaded.measures.find(G, query)
    if not match.measures:
        raise click.ClickException(
            f"no measure matches {query!r} (searched titles, texts and targets of {len(loaded.measures.order)} "
            f"measures in {str(graph_dir)!r}); try a shorter keyword, a measure number such as 二.一.7, or a programme name.")
    r = net.shared_responsibility(G, match.measures)
    doc_cols = ["document"] if _many_documents(loaded) else []
    doc_heads = ["文件"] if doc_cols else []
    how = {"number": "measure number", "programme": "programme", "keyword": "keyword " + "+".join(match.tokens)}[match.kind]
    sections = [
        {"name": "measures", "rows": r.measures, "title": f"{len(r.measures)} measures match {query!r} ({how})",
         "columns": doc_cols + ["number", "title", "departments"], "headers": doc_heads + ["编号", "任务", "责任单位(角色)"],
         "json": ["measure", "document", "number", "title", "text", "roles"]},
        {"name": "departments", "rows": r.departments, "title": "Departments by number of these measures",
         "columns": ["department", "name", "measures", "lead", "support", "responsible"],
         "headers": ["部门", "全称", "任务数", "牵头", "配合", "责任"],
         "json": ["department", "name", "id", "measures", "lead", "support", "responsible"]},
        {"name": "pairs", "rows": r.pairs, "title": "Pairs that co-own most of these measures",
         "columns": ["a", "b", "shared"], "headers": ["部门", "部门", "共担任务数"],
         "json": ["a_name", "b_name", "shared"]},
    ]
    _report(sections, fmt, part)


@click.command("bureau")
@click.argument("name")
@graph_option
@output_options
def bureau_cmd(name: str, graph_dir: Path, fmt: str | None) -> None:
    """Every obligation of a department, grouped by role, with targets and partners.

    NAME may be the full name or any alias: 工信局, 市工信局, 寿光市工业和信息化局.
    """
    from graph import network as net

    loaded = _load(graph_dir)
    G = loaded.network
    dept = _resolve(loaded, name)
    rows = net.obligations(G, dept)
    node = G.nodes[dept]
    doc_cols = ["document"] if _many_documents(loaded) else []
    doc_heads = ["文件"] if doc_cols else []
    fmt = resolve_format(fmt)
    if fmt == "json":
        out = [{"department": node["name"], "role": r["role"], "rank": r["rank"], "document": r["document"],
                "number": r["number"], "title": r["title"], "text": r["text"], "targets": r["target_list"],
                "partners": r["partner_list"]} for r in rows]
        emit(out, ["department", "role", "rank", "document", "number", "title", "text", "targets", "partners"], fmt)
        return
    columns = doc_cols + ["number", "title", "text", "targets", "partners"]
    headers = doc_heads + ["编号", "任务", "任务内容", "量化目标", "协同单位(角色)"]
    if fmt == "csv":
        emit(rows, ["role_label"] + columns, fmt, headers=["角色"] + headers)
        return
    if not rows:
        emit([], columns, fmt, title=f"{node['name']}: no measures in {str(graph_dir)!r}", headers=headers)
        return
    first = True
    for role in net.ROLES:
        part = [r for r in rows if r["role"] == role]
        if not part:
            continue
        if not first:
            click.echo()
        first = False
        emit(part, columns, fmt, headers=headers,
             title=f"{node['label']} ({node['name']}) · {net.ROLE_LABELS[role]} {role}: {len(part)} measures")


@click.command("partners")
@click.argument("name")
@graph_option
@output_options
def partners_cmd(name: str, graph_dir: Path, fmt: str | None) -> None:
    """The departments NAME shares measures with, most shared first.

    as lead: shared measures NAME leads and the partner supports; as support: the reverse.
    """
    from graph import network as net

    loaded = _load(graph_dir)
    G = loaded.network
    dept = _resolve(loaded, name)
    rows = net.partners(G, dept)
    node = G.nodes[dept]
    emit(rows, ["partner", "name", "shared", "as_lead", "as_support", "measures"], fmt,
         title=f"Partners of {node['label']} ({node['name']}): {len(rows)}",
         headers=["部门", "全称", "共担任务数", "本单位牵头", "本单位配合", "任务编号"])


@click.command("targets")
@click.option("--due", type=int, default=None, metavar="YEAR", help="Only targets due by the end of YEAR.")
@click.option("--bureau", "bureau", default=None, metavar="NAME", help="Only targets of measures NAME is named for.")
@graph_option
@output_options
def targets_cmd(due: int | None, bureau: str | None, graph_dir: Path, fmt: str | None) -> None:
    """Quantified targets by deadline: value, unit, comparator, year and the departments on them."""
    from graph.lookup import target_rows

    loaded = _load(graph_dir)
    G = loaded.network
    dept = _resolve(loaded, bureau) if bureau else None
    rows = target_rows(G, due=due, department=dept)
    doc_cols = ["document"] if _many_documents(loaded) else []
    doc_heads = ["文件"] if doc_cols else []
    scope = []
    if due is not None:
        scope.append(f"due by {due}")
    if dept:
        scope.append(f"for {G.nodes[dept]['label']}")
    columns = ["year"] + doc_cols + ["number", "subject", "comparator", "value", "unit", "frequency", "departments", "text"]
    headers = ["年份"] + doc_heads + ["编号", "指标", "比较", "目标值", "单位", "频度", "责任单位(角色)", "原文"]
    if resolve_format(fmt) == "json":
        columns = ["year", "document", "number", "measure_title", "subject", "comparator", "value", "unit",
                   "frequency", "departments", "text"]
        headers = None
    emit(rows, columns, fmt, headers=headers,
         title=f"{len(rows)} targets" + (f" ({', '.join(scope)})" if scope else ""))


@click.command("network")
@click.option("--export", "export", type=click.Choice(("gexf", "graphml", "csv")), default=None,
              help="Write the network for Gephi (gexf, graphml) or UCINET / Excel (csv matrix) instead.")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where --export writes (default: DIR/network.<format>).")
@click.option("--layer", type=click.Choice(("co", "lead", "bipartite", "full")), default="co", show_default=True,
              help="co: departments by shared measures; lead: lead→support arcs; bipartite: departments × "
                   "measures; full: every node of the graph.")
@graph_option
@_part_option(("departments", "summary", "no-lead"))
@output_options
def network_cmd(export: str | None, out: Path | None, layer: str, graph_dir: Path, part: str | None,
                fmt: str | None) -> None:
    """Who works with whom: centrality, 牵头度/配合度, communities, isolates, measures with no lead.

    One row per department: measures, lead / support / role-not-stated counts, partners,
    strength (shared measures summed), degree centrality, betweenness and Louvain community;
    then the network's summary and the measures no department leads.
    """
    from graph import network as net

    loaded = _load(graph_dir)
    G = loaded.network
    if export:
        path = out or graph_dir / f"network.{export}"
        try:
            net.export_network(G, path, export, layer)
        except OSError as exc:
            raise click.ClickException(f"could not write {str(path)!r}: {exc.strerror}; pick another --out.") from None
        H = {"co": net.co_responsibility, "lead": net.lead_support_network, "bipartite": net.bipartite_view}.get(layer)
        H = H(G) if H else G
        emit([{"path": str(path), "format": export, "layer": layer, "nodes": H.number_of_nodes(),
               "edges": H.number_of_edges()}], ["path", "format", "layer", "nodes", "edges"], fmt)
        return
    rows = net.department_table(G)
    summary = net.network_summary(G)
    no_lead = [G.nodes[m] for m in net.measures_without_lead(G)]
    no_lead_rows = [{"measure": m, "document": a.get("doc_title"), "number": a.get("number"), "title": a.get("title"),
                     "departments": "、".join(G.nodes[x]["label"] for x, _, _ in net.departments_of(G, m))}
                    for m, a in zip(net.measures_without_lead(G), no_lead)]
    labels = {"documents": "documents", "departments": "departments", "measures": "measures", "targets": "targets",
              "edges": "co-responsibility edges", "density": "density", "components": "connected components",
              "communities": "communities (Louvain, seed 42)",
              "departments_without_partners": "departments with no partners",
              "measures_without_lead": "measures with no lead", "lead_support_arcs": "lead→support arcs"}
    summary_rows = [{"measure": labels[k], "key": k, "value": v} for k, v in summary.items()]
    sections = [
        {"name": "departments", "rows": rows, "title": f"Co-responsibility network of {len(rows)} departments",
         "columns": ["department", "measures", "lead", "support", "responsible", "partners", "strength",
                     "degree_centrality", "betweenness", "community"],
         "headers": ["部门", "任务数", "牵头度", "配合度", "责任(未分)", "合作单位数", "共担强度", "度中心性",
                     "中介中心性", "社群"],
         "json": ["department", "name", "id", "measures", "lead", "support", "responsible", "partners", "strength",
                  "degree_centrality", "betweenness", "community"]},
        {"name": "summary", "rows": summary_rows, "title": "Summary", "columns": ["measure", "value"],
         "headers": ["指标", "值"], "json": ["key", "value"],
         "json_rows": summary},
        {"name": "no-lead", "rows": no_lead_rows, "title": f"{len(no_lead_rows)} measures with no lead",
         "columns": (["document"] if _many_documents(loaded) else []) + ["number", "title", "departments"],
         "headers": (["文件"] if _many_documents(loaded) else []) + ["编号", "任务", "责任单位"],
         "json": ["measure", "document", "number", "title", "departments"]},
    ]
    if resolve_format(fmt) == "json" and part == "summary":
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    _report(sections, fmt, part)


@click.command("ledger")
@click.option("--xlsx", "xlsx", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The workbook to write (default: DIR/ledger.xlsx).")
@graph_option
@output_options
def ledger_cmd(xlsx: Path | None, graph_dir: Path, fmt: str | None) -> None:
    """Write the 督查 ledger: one row per measure, a sheet per document and per department.

    Columns 序号, 文件, 章节编号, 任务内容, 量化目标, 完成时限, 牵头单位, 配合单位, 责任单位(原文),
    and empty 进展情况 / 完成状态 (a drop-down: 未启动 / 推进中 / 已完成 / 滞后) for the office to fill.
    """
    from graph import network as net
    from graph.ledger import write_ledger

    loaded = _load(graph_dir)
    G = loaded.network
    path = xlsx or graph_dir / "ledger.xlsx"
    try:
        write_ledger(G, path)
    except OSError as exc:
        raise click.ClickException(f"could not write {str(path)!r}: {exc.strerror}; close it in Excel or pick "
                                   f"another --xlsx.") from None
    counts = net.role_counts(G)
    emit([{"path": str(path), "measures": len(net.nodes_of_kind(G, "measure")),
           "document_sheets": len(net.nodes_of_kind(G, "document")),
           "department_sheets": sum(1 for c in counts.values() if c["total"])}],
         ["path", "measures", "document_sheets", "department_sheets"], fmt)
