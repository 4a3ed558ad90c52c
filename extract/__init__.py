r"""policykg's extractor: Chinese policy text → records with character offsets.

>>> from extract import extract_text
>>> doc = extract_text("寿光市人民政府\n一、重点任务\n1.培育产业集群。到2025年达到5个。(责任单位:发改局、工信局)")
>>> [(d.name, d.canonical, d.role.value) for d in doc.measures[0].departments]
[('发改局', '寿光市发展和改革局', 'responsible'), ('工信局', '寿光市工业和信息化局', 'responsible')]
"""

from extract.pipeline import EXTRACTOR_VERSION, SAMPLE, extract, extract_bytes, extract_file, extract_text
from extract.reader import Document, read_bytes, read_document
from extract.records import (
    Comparator,
    Convention,
    DepartmentMention,
    Diagnostic,
    ExtractedDocument,
    Frequency,
    Indicator,
    Jurisdiction,
    Measure,
    PolicyReference,
    Programme,
    Role,
    RoleRule,
    Section,
    SectionStyle,
    Span,
)

__all__ = [
    "EXTRACTOR_VERSION", "SAMPLE", "extract", "extract_bytes", "extract_file", "extract_text", "Document",
    "read_bytes", "read_document", "Comparator", "Convention", "DepartmentMention", "Diagnostic", "ExtractedDocument",
    "Frequency", "Indicator", "Jurisdiction", "Measure", "PolicyReference", "Programme", "Role", "RoleRule", "Section",
    "SectionStyle", "Span",
]
