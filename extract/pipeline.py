"""``extract(document) -> ExtractedDocument``: the whole extractor as one pure function of the text.

Same text, same records, in any process: nothing here depends on run order, the clock or the
machine, which is what lets a corpus be extracted in worker processes or on a cluster.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import replace
from pathlib import Path

from extract.departments import DEADLINE_FIELD, Context, find_clauses, find_conventions, mentions_in_cell
from extract.indicators import Masks, Scan, find_indicators
from extract.metadata import find_metadata
from extract.reader import Document, read_bytes, read_document
from extract.records import (
    DepartmentMention,
    Diagnostic,
    ExtractedDocument,
    Jurisdiction,
    Measure,
    Programme,
    Role,
    Section,
    SectionStyle,
    Span,
    new_measure,
    new_section,
    replace_indicator,
    replace_measure,
    replace_mention,
    replace_programme,
)
from extract.references import find_programmes, find_references
from extract.runtime import paused_gc
from extract.structure import body_end, find_sections
from extract.tables import find_rows
from ontology.gazetteer import Gazetteer, load_gazetteer

def _extractor_version() -> str:
    """The release plus a digest of the extractor's code and data, so a cache can never serve records
    that an edited extractor would not produce."""
    import hashlib
    from importlib import resources

    digest = hashlib.sha256()
    for package, suffixes in (("extract", (".py",)), ("ontology", (".yaml", ".tsv", ".py"))):
        for entry in sorted(resources.files(package).iterdir(), key=lambda e: e.name):
            if entry.name.endswith(suffixes) and entry.is_file():
                digest.update(entry.name.encode() + b"\0" + entry.read_bytes())
    return f"0.1.0+{digest.hexdigest()[:12]}"


EXTRACTOR_VERSION = _extractor_version()
SAMPLE = Path(__file__).parent / "data" / "shouguang_county_economy_plan_2024.txt"
# Headings under which every leaf is a measure, with or without departments.
_MEASURE_HEADINGS = re.compile(
    r"重点任务|主要任务|重要举措|工作任务|主要措施|工作措施|重点工作|具体措施|任务分工|推进措施|重点举措|主要举措|工作重点|"
    r"行动内容|实施路径|政策措施|支持政策|重点行动|主要内容|任务举措|工作举措|重点领域"
)
# Every label DEADLINE_FIELD accepts (完成时限, 完成时间, 完成期限, 时间节点, 时限要求, 时限) holds one of
# these: a measure without either has no deadline field, and two str.find are much cheaper than the
# search, which tests every character of the measure (tests/extract/test_pipeline_fast_paths.py checks
# this against the pattern).
_DEADLINE_LABEL_CHARS = ("限", "间")
_YEAR = re.compile(r"20\d{2}")
_ROW_NUMBER = re.compile(r"\d{1,4}")
_ROW_TITLE = re.compile(r"[^。;\n]{2,40}?(?=[。;]|$)")


def extract_file(path: str | Path, *, encoding: str | None = None, source: str | None = None) -> ExtractedDocument:
    """Read and extract one file (.txt in UTF-8 or GB18030, .html, .docx); ``source`` names it in the output."""
    document = read_document(path, encoding=encoding)
    if source is not None:
        document = replace(document, source=source)
    return extract(document)


def extract_bytes(data: bytes, *, source: str = "<bytes>", suffix: str = "") -> ExtractedDocument:
    """Extract a document from its bytes: the pure function a cluster job maps over a corpus."""
    return extract(read_bytes(data, source=source, suffix=suffix))


def extract_text(text: str, *, source: str = "<text>") -> ExtractedDocument:
    return extract(Document(text=text, source=source))


@paused_gc()  # its records hold no cycles: a collection during it walks them for nothing
def extract(document: Document, *, gazetteer: Gazetteer | None = None) -> ExtractedDocument:
    """Every record of one document, each with offsets into ``document.text``."""
    g = gazetteer or load_gazetteer()
    text, norm = document.text, document.norm
    end = body_end(norm)
    sections = find_sections(text, norm, end=end)
    first = sections[0].span.start if sections else min(end, 3000)
    meta = find_metadata(text, norm, document.hints, g, first)
    ctx = Context.of(g, meta.jurisdiction)
    conventions = tuple(find_conventions(text, norm, ctx))
    ctx = Context.of(g, meta.jurisdiction, frozenset(c.kind for c in conventions))
    convention_ranges = [(c.span.start, c.span.end) for c in conventions]
    diagnostics: list[Diagnostic] = []

    clauses = list(find_clauses(text, norm, 0, end, ctx))
    if convention_ranges:  # most documents state no convention: nothing to drop, no test per clause
        clauses = [c for c in clauses if not any(a <= c.span.start < b for a, b in convention_ranges)]
    masks = [(c.span.start, c.span.end) for c in clauses] + [(s.marker_span.start, s.marker_span.end) for s in sections]
    masks += convention_ranges
    scan = Scan(norm, Masks(sorted(masks)), 0, end)  # built once: every region's indicators consult it

    measures: list[Measure] = []
    used: set[int] = set()
    clause_starts = [c.span.start for c in clauses]
    # The sections under each parent path, in order: built once, for the leaves, where each parent's
    # own text ends and _covered_by_last_clause. (A path is never (), the parent of the top level.)
    children: dict[tuple[str, ...], list[Section]] = {}
    for s in sections:
        if len(s.path) > 1:
            children.setdefault(s.path[:-1], []).append(s)
    leaf_paths = {s.path for s in sections if s.path not in children}  # the paths of leaves(sections)
    # Whether each parent is a measure heading. Only parents are asked (every proper prefix of a
    # section's path is its ancestor's path, and an ancestor has a child), so leaves are not searched.
    heading = {s.path: s.title is not None and _MEASURE_HEADINGS.search(s.title) is not None
               for s in sections if s.path in children}
    children_start = {path: items[0].span.start for path, items in children.items()}
    under_heading: dict[tuple[str, ...], bool] = {}  # whether some section above it is a measure heading
    for s in sections:  # parents come before their children
        if len(s.path) > 1:
            parent = s.path[:-1]
            under_heading[s.path] = ((under_heading[parent] or heading[parent]) if parent in under_heading
                                     else any(heading.get(s.path[:k], False) for k in range(1, len(s.path))))
        else:
            under_heading[s.path] = False
    whole = _covered_by_last_clause(norm, sections, children, leaf_paths, clauses, clause_starts)
    for s in sections:
        if s.path[:-1] in whole:
            continue  # an item of a parent that one clause covers whole: part of the parent's measure
        leaf = s.path in leaf_paths or s.path in whole
        if leaf:
            region = (s.span.start, s.span.end)
        else:
            region = (s.span.start, children_start[s.path])  # a parent's own text, before its first child
        lo, hi = bisect.bisect_left(clause_starts, region[0]), bisect.bisect_left(clause_starts, region[1])
        inside = [i for i in range(lo, hi) if i not in used]
        if not inside and not (leaf and under_heading[s.path] and s.style is not SectionStyle.ENUMERATION):
            continue
        used.update(inside)
        tab = norm.find("\t", *region)
        if tab != -1:  # a task table inside the section: its rows are measures of their own
            region = (region[0], max(region[0] + 1, norm.rfind("\n", region[0], tab)))
        if leaf and tab == -1:
            # The region is the section's span, which find_sections trims (it starts at a marker and
            # ends before white space; tests/extract/test_pipeline_fast_paths.py checks): trimming it
            # again would give the same [start, end), so the section's Span is the measure's.
            span = s.span
        else:
            span = Span.of(text, *_trim(norm, *region))
        measures.append(_measure(text, norm, s, span, [clauses[i] for i in inside], scan))

    # Clauses outside every numbered section: each paragraph that carries one is a measure.
    loose = [i for i in range(len(clauses)) if i not in used and not _in_table_row(norm, clauses[i].span.start)]
    paragraphs: dict[tuple[int, int], list[int]] = {}
    for i in loose:
        paragraphs.setdefault(_paragraph(norm, clauses[i].span.start, 0, end), []).append(i)
    for k, ((ps, pe), idx) in enumerate(sorted(paragraphs.items()), 1):
        parent = _enclosing(sections, ps)
        path = (parent.path if parent else ()) + (f"p{k}",)
        span = Span.of(text, ps, pe)  # the paragraph is both the section and the measure
        # number, path, style, depth, order, title, title_span, span, marker_span
        sec = new_section(f"p{k}", path, SectionStyle.PARAGRAPH, len(path), k, None, None, span, Span.of(text, ps, ps + 1))
        measures.append(_measure(text, norm, sec, span, [clauses[i] for i in idx], scan))

    measures.extend(_table_measures(text, norm, end, sections, ctx, scan))
    measures.sort(key=lambda m: m.span.start)

    covered = [(m.span.start, m.span.end) for m in measures]
    outside = []
    pos = 0
    # Most gaps between measures are a line end: find_indicators' own first test is made here, without
    # the call, as in _measure.
    has_number = scan.has_number
    for a, b in covered + [(end, end)]:
        if a > pos and has_number(pos, a):
            outside.extend(find_indicators(text, norm, pos, a, masked=scan))
        pos = max(pos, b)

    references = tuple(find_references(text, norm, meta.title))
    found = list(find_programmes(text, norm, 0, end))
    # A programme belongs to the first measure whose span holds it.
    owners = _first_holders([(m.span.start, m.span.end) for m in measures], [p.span.start for p in found])
    programmes = [replace_programme(p, measure=None if k is None else measures[k].number) for p, k in zip(found, owners)]
    owned: dict[str, list[Programme]] = {}
    for p in programmes:
        if p.measure is not None:
            owned.setdefault(p.measure, []).append(p)
    measures = [replace_measure(m, programmes=tuple(owned[m.number])) if m.number in owned else m for m in measures]

    if not measures:
        diagnostics.append(Diagnostic("warning", f"no measures found in {document.source}: no numbered items or responsibility annotations"))
    if meta.jurisdiction is None:
        diagnostics.append(Diagnostic("warning", "jurisdiction not found (no issuer or title naming a place); department names are not qualified"))
    unresolved = sorted({d.name for m in measures for d in m.departments if not d.resolved})
    for name in unresolved:
        first_span = next(d.span for m in measures for d in m.departments if d.name == name)
        diagnostics.append(Diagnostic("info", f"department {name!r} is not in the gazetteer; kept as an unresolved name", first_span))
    j = meta.jurisdiction
    return ExtractedDocument(
        source=document.source,
        text=text,
        sha256=document.sha256,
        title=meta.title,
        title_span=meta.title_span,
        issuer=meta.issuer,
        issuer_span=meta.issuer_span,
        date=meta.date,
        date_span=meta.date_span,
        doc_number=meta.doc_number,
        doc_number_span=meta.doc_number_span,
        jurisdiction=None if j is None else Jurisdiction(j.name, j.adcode, j.level),
        addressees=meta.addressees,
        sections=sections,
        measures=tuple(measures),
        indicators=tuple(outside),
        references=references,
        programmes=tuple(programmes),
        conventions=conventions,
        diagnostics=tuple(diagnostics),
        format=document.format,
        encoding=document.encoding,
    )


def _measure(text: str, norm: str, section: Section, span: Span, clauses: list, scan: Scan) -> Measure:
    mentions: list[DepartmentMention] = []
    scope_start = section.marker_span.end if section.style is not SectionStyle.PARAGRAPH else span.start
    for c in clauses:
        if len(clauses) == 1:
            # One clause covers the whole measure, wherever it stands (after the title, or at the end).
            before = _trim(norm, scope_start, c.span.start)
            after = _trim(norm, c.span.end, span.end)
            a, b = before[0] if before[1] > before[0] else after[0], after[1] if after[1] > after[0] else before[1]
        else:
            a, b = _trim(norm, scope_start, c.span.start)
        scope = Span.of(text, a, b) if b > a else c.span
        mentions.extend(c.mentions(scope))
        scope_start = c.span.end
    number = section.path_str
    deadline = _deadline_field(norm, span.start, span.end)  # (…;完成时限:2024年底前)
    if deadline is not None:
        year = _YEAR.search(deadline.group("d"))
        due, due_year = text[deadline.start("d"):deadline.end("d")].strip(), int(year.group()) if year else None
    else:
        due, due_year = _clause_deadline(norm, clauses)
    # find_indicators' own first test, without the call: a third of measures hold no number.
    if scan.has_number(span.start, span.end):
        indicators = tuple(find_indicators(text, norm, span.start, span.end, masked=scan, measure=number))
    else:
        indicators = ()
    # number, path, title, span, section, departments, indicators, programmes, deadline, deadline_year
    return new_measure(number, section.path, section.title, span, section, tuple(mentions), indicators, (), due, due_year)


def _covered_by_last_clause(norm: str, sections: tuple[Section, ...], children: dict[tuple[str, ...], list[Section]],
                            leaf_paths: set[tuple[str, ...]], clauses: list, clause_starts: list[int]) -> set[tuple[str, ...]]:
    """The paths of parent sections that one clause covers whole: their measure is the parent.

    A clause that ends a parent's last item, where neither the parent's own text nor any other item
    has one, is the parent's when it is set apart from the item or the items share its line:

        （三）培育专精特新企业。            （一）①实施…倍增计划，到2025年…500家；②研发投入年均增长15%。
        1.建立梯度培育库，每年…50家以上。         【牵头单位】市科技局【配合单位】市财政局
        2.落实奖补政策。
        责任单位：市工信局、市财政局

    Read as the last item's, the clause would leave the other items, and their targets, without
    departments. A clause that ends its item's own line, with other items before it on lines of
    their own (1.…\n2.…（责任单位：A）), stays that item's. The items must have no items of their own.
    """
    by_path = {s.path: s for s in sections}
    whole = set()
    for path, items in children.items():
        parent = by_path.get(path)
        if parent is None or len(items) < 2 or any(i.path not in leaf_paths for i in items):
            continue
        last = items[-1]
        lo = bisect.bisect_left(clause_starts, parent.span.start)
        hi = bisect.bisect_left(clause_starts, last.span.end)
        # one clause between the parent's start and its last item's end, inside the last item, ending it
        if hi - lo != 1 or clause_starts[lo] < last.span.start or clauses[lo].span.end != last.span.end:
            continue
        start = clauses[lo].span.start
        line_break = norm.rfind("\n", last.span.start, start)
        own_line = line_break != -1 and not norm[line_break + 1:start].strip()
        if own_line or norm.find("\n", items[0].span.start, start) == -1:
            whole.add(path)
    return whole


def _clause_deadline(norm: str, clauses: list) -> tuple[str | None, int | None]:
    """The time the measure's clauses end with, (A牵头，B配合，2025年底前完成), and its year: the
    deadline of a measure with no 完成时限 field. Clauses that end with different times leave it
    unset: each covers its own sentences, and which of them is the measure's is not said."""
    time = None
    for c in clauses:
        if c.deadline is not None:
            if time is not None and c.deadline.text != time.text:
                return None, None
            time = c.deadline
    if time is None:
        return None, None
    # The year is read in the matching copy, as a 完成时限 field's is (２０２５ is 2025 there); of
    # 2024年6月底前启动，2025年底前完成 it is the last, the year the measure is done by.
    years = _YEAR.findall(norm, time.start, time.end)
    return time.text, int(years[-1]) if years else None


def _table_measures(text: str, norm: str, end: int, sections: tuple[Section, ...], ctx: Context, scan: Scan) -> list[Measure]:
    out = []
    counters: dict[tuple[str, ...], int] = {}
    headings: tuple[Section, ...] | None = None
    # The body's end is trimmed of white space, and with it the empty last cells of a last row: its
    # rows are read to their line's end, so that every cell lines up with its heading.
    line_end = end
    while line_end < len(norm) and norm[line_end] in " \t":
        line_end += 1
    for row in find_rows(norm, 0, line_end):
        if row.cells["task"][0] >= row.cells["task"][1]:
            continue  # a row with an empty task cell (a merged or blank line of the table) sets no task
        if headings is None:  # at the first row: most documents have no table
            headings = tuple(s for s in sections if s.style in (SectionStyle.CHAPTER, SectionStyle.SECTION))
        parent = _enclosing(headings, row.span[0])  # tables sit under headings, not inside numbered items
        base = parent.path if parent else ()
        counters[base] = counters.get(base, 0) + 1
        number = norm[slice(*row.cells["number"])].strip() if "number" in row.cells else ""
        number = number if _ROW_NUMBER.fullmatch(number) else str(counters[base])
        ts, te = row.cells["task"]
        task = Span.of(text, ts, te)
        title_m = _ROW_TITLE.match(norm[ts:te])
        title = text[ts:ts + title_m.end()] if title_m else None
        mentions: list[DepartmentMention] = []
        for kind, role in (("lead", Role.LEAD), ("support", Role.SUPPORT), ("responsible", Role.RESPONSIBLE)):
            if kind in row.cells:
                found = mentions_in_cell(text, norm, *row.cells[kind], role, ctx, task)
                ranked = len(mentions)  # read before extend: the list grows while the generator runs
                mentions.extend(replace_mention(m, rank=ranked + i + 1) for i, m in enumerate(found))
        deadline = text[slice(*row.cells["deadline"])].strip() if "deadline" in row.cells else None
        year_m = _YEAR.search(deadline or "")
        path = base + (number,)
        span = Span.of(text, *row.span)
        # number, path, style, depth, order, title, title_span, span, marker_span
        sec = new_section(number, path, SectionStyle.TABLE_ROW, len(path), counters[base], title,
                          Span.of(text, ts, ts + len(title)) if title else None, span, Span.of(text, row.span[0], row.span[0] + 1))
        indicators = tuple(find_indicators(text, norm, ts, te, masked=scan, measure=".".join(path)))
        if year_m:  # the row's 完成时限 governs its targets unless the text names a year
            indicators = tuple(i if i.year else replace_indicator(i, year=int(year_m.group()), deadline=deadline) for i in indicators)
        # number, path, title, span, section, departments, indicators, programmes, deadline, deadline_year
        out.append(new_measure(".".join(path), path, title, span, sec, tuple(mentions), indicators, (),
                               deadline or None, int(year_m.group()) if year_m else None))
    return out


def _deadline_field(norm: str, start: int, end: int) -> re.Match[str] | None:
    """``DEADLINE_FIELD.search(norm, start, end)``, without the search where no label can be."""
    limit_char, period_char = _DEADLINE_LABEL_CHARS
    if norm.find(limit_char, start, end) == -1 and norm.find(period_char, start, end) == -1:
        return None  # every label holds one of the two
    return DEADLINE_FIELD.search(norm, start, end)


def _first_holders(spans: list[tuple[int, int]], positions: list[int]) -> list[int | None]:
    """For each position, the index of the first ``[start, end)`` in ``spans`` that holds it, or None.

    ``spans`` must be sorted by start (measures are). The spans that could hold a position are
    those that start at or before it, a prefix of the list; the first of them to end after it is
    the first whose running maximum of ends passes it, since that maximum only grows where a span
    ends later than every one before it. Two bisections a position instead of a scan of the spans.
    """
    starts = [s for s, _ in spans]
    reach = list(itertools.accumulate((e for _, e in spans), max))
    holders: list[int | None] = []
    for pos in positions:
        first = bisect.bisect_right(reach, pos)
        holders.append(first if first < bisect.bisect_right(starts, pos) else None)
    return holders


def _in_table_row(norm: str, pos: int) -> bool:
    ls = norm.rfind("\n", 0, pos) + 1
    le = norm.find("\n", pos)
    return "\t" in norm[ls:le if le != -1 else len(norm)]


def _enclosing(sections: tuple[Section, ...], pos: int) -> Section | None:
    best = None
    for s in sections:
        if s.span.start <= pos < s.span.end and (best is None or s.depth > best.depth):
            best = s
    return best


def _paragraph(norm: str, pos: int, lo: int, hi: int) -> tuple[int, int]:
    s = norm.rfind("\n", lo, pos) + 1 if norm.rfind("\n", lo, pos) != -1 else lo
    e = norm.find("\n", pos, hi)
    e = hi if e == -1 else e
    return _trim(norm, s, e)


def _trim(norm: str, s: int, e: int) -> tuple[int, int]:
    while s < e and norm[s].isspace():
        s += 1
    while e > s and norm[e - 1].isspace():
        e -= 1
    return s, e
