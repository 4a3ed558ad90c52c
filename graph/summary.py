"""A short human account of what was extracted: what a user reads after ``policykg build``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from extract.records import ExtractedDocument


def summary_text(docs: Sequence[ExtractedDocument]) -> str:
    lines = []
    for d in docs:
        targets = d.all_indicators()
        departments = Counter(m.canonical for x in d.measures for m in x.departments)
        unresolved = sorted({m.name for x in d.measures for m in x.departments if not m.resolved})
        lines.append(f"{d.source}")
        lines.append(f"  title        {d.title or '(not found)'}")
        lines.append(f"  issuer       {d.issuer or '(not found)'}    date {d.date or '(not found)'}    文号 {d.doc_number or '(none)'}")
        lines.append(f"  jurisdiction {d.jurisdiction.name if d.jurisdiction else '(not found)'}")
        lines.append(
            f"  {len(d.measures)} measures, {len(departments)} departments, {len(targets)} targets, "
            f"{len(d.references)} references, {len(d.programmes)} programmes"
        )
        if departments:
            top = "、".join(f"{name}({n})" for name, n in departments.most_common(5))
            lines.append(f"  most named   {top}")
        if unresolved:
            lines.append(f"  unresolved   {'、'.join(unresolved)} (not in ontology/departments.yaml)")
        for diag in d.diagnostics:
            if diag.level == "warning":
                lines.append(f"  warning      {diag.message}")
    return "\n".join(lines)
