"""Read a document's bytes into text: plain text (UTF-8 or GB18030), a saved HTML page, or .docx.

``Document.text`` is the decoded text the extractor works on, and every offset points into it.
For plain text it is exactly the decoded file (a leading BOM is not text and is dropped); for
HTML and .docx it is the text of the page body or the document, with block elements on their
own lines and table cells separated by tabs, so task tables survive as rows.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from extract.errors import InputError
from extract.normalize import normalize

SUPPORTED_SUFFIXES = (".txt", ".text", ".html", ".htm", ".shtml", ".docx")


@dataclass(frozen=True)
class Document:
    """A decoded document: the text every offset points into, and its matching copy."""

    text: str
    source: str = "<text>"
    format: str = "txt"
    encoding: str = "utf-8"
    # Metadata a page states outright (发文机关 / 发文字号 / 成文日期 / 标题 tables of government sites).
    hints: dict[str, str] = field(default_factory=dict)
    norm: str = ""
    # The UTF-8 encoding of ``text`` where the reader has it already (a UTF-8 file's bytes, without a
    # BOM): sha256 hashes it instead of encoding the text again. Not part of the value.
    utf8: bytes | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.norm:
            object.__setattr__(self, "norm", normalize(self.text))

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8") if self.utf8 is None else self.utf8).hexdigest()


def read_document(path: str | Path, *, encoding: str | None = None) -> Document:
    """Read a .txt, .html or .docx file into a Document; raise InputError with a fix for bad input."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"No such file: '{path}'. Check the path; with no FILE argument the bundled sample is used.")
    if p.is_dir():
        raise InputError(f"'{path}' is a directory; give a document file (.txt, .html, .docx), or use 'policykg build {path}' for a folder.")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"Cannot read '{path}': {exc.strerror}. Check its permissions.") from exc
    return read_bytes(data, source=str(path), encoding=encoding, suffix=p.suffix.lower())


def read_bytes(data: bytes, *, source: str = "<bytes>", encoding: str | None = None, suffix: str = "") -> Document:
    """Decode bytes by their format (from ``suffix``, else sniffed) into a Document."""
    if not data or data.isspace():  # not data.strip(), which copies the whole file
        raise InputError(f"'{source}' is empty ({len(data)} bytes); give a document with text.")
    if suffix == ".docx" or (data[:2] == b"PK" and suffix not in (".txt", ".html", ".htm")):
        return _read_docx(data, source)
    head = data[:2048].lstrip()[:16].lower()  # only the start is compared: lower() 16 bytes, not 2048
    if suffix in (".html", ".htm", ".shtml") or head.startswith((b"<!doctype html", b"<html", b"\xef\xbb\xbf<!doctype", b"\xef\xbb\xbf<html")):
        return _read_html(data, source, encoding)
    text, used = decode_text(data, source, encoding)
    # Strict UTF-8 decoding round-trips: text.encode("utf-8") is the bytes decoded, those after a BOM.
    utf8 = (data[3:] if data.startswith(b"\xef\xbb\xbf") else data) if used == "utf-8" and encoding is None else None
    return Document(text=text, source=source, format="txt", encoding=used, utf8=utf8)


_CJK_OR_ASCII = re.compile(r"[\u4e00-\u9fff\x00-\x7f]+")


def _cjk_or_ascii_count(text: str) -> int:
    """How many characters of ``text`` are CJK ideographs (U+4E00–U+9FFF) or ASCII.

    The regex counts runs, which Chinese punctuation breaks every few characters; on the code points
    as an array the same test is a few vector operations, three times cheaper on a page (numpy is
    loaded for normalize anyway; short texts, which normalize leaves to str.translate, use the regex).
    """
    if len(text) >= 256:
        import numpy as np

        try:
            codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        except UnicodeEncodeError:  # lone surrogates: count with the regex
            codes = None
        if codes is not None:
            return int(np.count_nonzero((codes < 0x80) | ((codes >= 0x4E00) & (codes <= 0x9FFF))))
    return sum(map(len, _CJK_OR_ASCII.findall(text)))  # runs, not a Python test per character


def decode_text(data: bytes, source: str, encoding: str | None = None) -> tuple[str, str]:
    """UTF-8 (with or without BOM), else GB18030; refuse binary data with the reason."""
    nul = data.find(b"\x00")
    if nul != -1 and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(
            f"'{source}' looks binary (NUL byte at position {nul}), not a text document. "
            "Give a .txt, .html or .docx file; convert PDFs to text first."
        )
    if encoding:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as exc:
            raise InputError(f"Could not decode '{source}' as {encoding}: {exc}. Try another --encoding, or omit it to detect UTF-8/GB18030.") from exc
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError as gb_error:
            raise InputError(
                f"Could not decode '{source}' as UTF-8 (byte 0x{data[utf8_error.start]:02x} at position {utf8_error.start}) "
                f"or GB18030 (byte 0x{data[gb_error.start]:02x} at position {gb_error.start}). "
                f"Re-save it as UTF-8, or pass --encoding (e.g. --encoding big5)."
            ) from gb_error
        # GB18030 maps most byte sequences to something; text that is mostly outside CJK and ASCII is not Chinese text.
        cjk = _cjk_or_ascii_count(text)
        if cjk < 0.6 * len(text):
            raise InputError(
                f"Could not decode '{source}': not valid UTF-8 (byte 0x{data[utf8_error.start]:02x} at position {utf8_error.start}), "
                "and as GB18030 it is not Chinese text. Re-save it as UTF-8, or pass --encoding."
            )
        return text, "gb18030"


# ---------------------------------------------------------------- HTML

_BLOCK = {
    "p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "section",
    "article", "header", "footer", "blockquote", "pre", "dd", "dt", "dl", "center", "form", "hr", "tbody", "thead",
}
_SKIP = {"script", "style", "noscript", "template", "head", "iframe", "object", "svg", "button", "select", "option", "textarea"}
_META_LABELS = {
    "发文机关": "issuer", "发布机构": "issuer", "发文单位": "issuer", "制发机关": "issuer",
    "发文字号": "doc_number", "文号": "doc_number", "发文号": "doc_number",
    "成文日期": "date", "发文日期": "date", "印发日期": "date",
    "标题": "title", "名称": "title", "文件名称": "title",
    "索引号": "index_number", "发布日期": "publication_date", "主题分类": "topic",
}


def _charset_of(data: bytes) -> str | None:
    m = re.search(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", data[:4096], re.I)
    return m.group(1).decode("ascii").lower() if m else None


def _read_html(data: bytes, source: str, encoding: str | None) -> Document:
    import lxml.html

    declared = encoding or _charset_of(data)
    if declared in ("gb2312", "gbk", "gb18030", "x-gbk"):
        declared = "gb18030"  # a superset: pages that say gb2312 often hold GBK characters
    html_text, used = decode_text(data, source, declared)
    try:
        root = lxml.html.document_fromstring(html_text)
    except Exception as exc:  # lxml raises several kinds for broken markup
        raise InputError(f"'{source}' is not a readable HTML page ({exc}). Save the page again, or give its text as .txt.") from exc
    hints: dict[str, str] = {}
    title = root.findtext(".//title")
    for meta in root.iter("meta"):
        name = (meta.get("name") or "").lower()
        if name in ("articletitle", "dc.title") and meta.get("content"):
            hints["title"] = meta.get("content").strip()
    if title and "title" not in hints:
        hints["page_title"] = title.strip()
    body = root.find("body")
    parts: list[str] = []
    _walk(body if body is not None else root, parts)
    text = _tidy("".join(parts))
    hints.update(_meta_table(text))
    return Document(text=text, source=source, format="html", encoding=used, hints=hints)


def _walk(el, parts: list[str]) -> None:  # noqa: ANN001 - lxml element
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in _SKIP:
        if el.tail:
            parts.append(el.tail)
        return
    if tag == "table":
        parts.append("\n")
        _table(el, parts)
    else:
        if tag in _BLOCK:
            parts.append("\n")
        _contents(el, parts)
        if tag in _BLOCK:
            parts.append("\n")
    if el.tail:
        parts.append(el.tail)


def _contents(el, parts: list[str]) -> None:  # noqa: ANN001 - lxml element
    """The text inside ``el``: its own, then its children's (each with the text after it)."""
    if el.text:
        parts.append(el.text)
    for child in el:
        _walk(child, parts)


_MAX_SPAN = 1000  # a rowspan or colspan past this is broken markup, not a table's shape


def _table(table, parts: list[str]) -> None:  # noqa: ANN001 - lxml element
    """A table as lines of tab-separated cells, one line a row, each cell's text on one line.

    Cells are laid out on the table's grid, as a .docx table's are: a cell merged down over rows
    (rowspan) gives its text to each of them, and one merged across columns (colspan) is followed by
    an empty cell for each further column, so that every row's cells line up with the header's. A
    牵头单位 cell shared by two tasks is each task's lead; without the grid the second row's cells
    would shift left under the wrong headings. A cell's own paragraphs (Word and most sites wrap
    cell text in <p>) are joined with spaces: a line break would end the row.
    """
    spanning: dict[int, list] = {}  # column → [rows still to fill, text, columns it spans]
    for tr in _rows(table):
        cells: list[str] = []
        for td in tr:
            if not isinstance(td.tag, str) or td.tag not in ("td", "th"):
                continue
            _merged_down(cells, spanning)
            inner: list[str] = []
            _contents(td, inner)
            text = " ".join("".join(inner).split())  # white space, tabs and line breaks as one space
            rows, columns = _span(td.get("rowspan")), _span(td.get("colspan"))
            if rows > 1:
                spanning[len(cells)] = [rows - 1, text, columns]
            cells.append(text)
            cells.extend("" for _ in range(columns - 1))
        _merged_down(cells, spanning)
        parts.append("\t".join(cells) + "\n")


def _merged_down(cells: list[str], spanning: dict[int, list]) -> None:
    """The cells merged down from rows above that stand at the row's next column, added to ``cells``."""
    while len(cells) in spanning:
        entry = spanning[len(cells)]
        cells.append(entry[1])
        cells.extend("" for _ in range(entry[2] - 1))
        entry[0] -= 1
        if entry[0] == 0:
            del spanning[len(cells) - entry[2]]


def _rows(table):  # noqa: ANN001, ANN202 - lxml elements
    """The table's own rows, in order: directly inside it or in its thead / tbody / tfoot (not a nested table's)."""
    for child in table:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "tr":
            yield child
        elif child.tag in ("thead", "tbody", "tfoot"):
            yield from (tr for tr in child if isinstance(tr.tag, str) and tr.tag == "tr")


def _span(value: str | None) -> int:
    """A rowspan / colspan attribute as a count of at least 1 (browsers read "2;" or " 3 " too)."""
    m = re.match(r"\s*(\d+)", value or "")
    return min(max(int(m.group(1)), 1), _MAX_SPAN) if m else 1


_SPACES = re.compile(r"[ \u00a0\u3000\r]+")
_LABEL_NOISE = re.compile(r"[\s:：]")
_LABELLED_CELL = re.compile(r"^\s*([\u4e00-\u9fff]{2,4})\s*[:：]\s*(\S.*)$")


def _tidy(text: str) -> str:
    """Runs of spaces as one, each line's cells stripped, no blank lines (nor rows of empty cells)."""
    lines = []
    # One substitution over the page, not one a cell: a run of spaces never spans a line end or a tab.
    # It changes the text only where a run is longer than one " " or holds another of its characters;
    # where there is neither (most pages), four str searches say so for a sixth of the regex's cost
    # (the engine tests every character against the set; str searches skip through the text).
    if "  " in text or "\xa0" in text or "\u3000" in text or "\r" in text:
        text = _SPACES.sub(" ", text)
    for line in text.split("\n"):
        if "\t" not in line:  # most lines are one cell
            line = line.strip()
            if line:
                lines.append(line)
            continue
        cells = [c.strip() for c in line.split("\t")]
        # Empty cells stay, the last ones too: a row's cells line up with its header's by position
        # (a task without a 完成时限 still has the cell). A row of nothing but empty cells goes.
        if any(cells):
            lines.append("\t".join(cells))
    return "\n".join(lines)


def _meta_table(text: str) -> dict[str, str]:
    """The 发文机关 / 发文字号 / 成文日期 cells of a page's metadata table, as label → value."""
    found: dict[str, str] = {}
    for line in text.split("\n", 80)[:80]:  # the first 80 lines, without splitting the rest
        cells = [c.strip() for c in line.split("\t")]
        for i, cell in enumerate(cells):
            key = _META_LABELS.get(_LABEL_NOISE.sub("", cell))
            if key and i + 1 < len(cells) and cells[i + 1] and key not in found:
                found[key] = cells[i + 1].strip()
            elif ":" in cell or "：" in cell:  # "发文字号：鲁政字〔2023〕209号" in one cell
                m = _LABELLED_CELL.match(cell)
                if m and m.group(1) in _META_LABELS and _META_LABELS[m.group(1)] not in found:
                    found[_META_LABELS[m.group(1)]] = m.group(2).strip()
    return found


# ---------------------------------------------------------------- docx


def _read_docx(data: bytes, source: str) -> Document:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if "word/document.xml" not in z.namelist():
                raise InputError(f"'{source}' is a zip archive but not a Word document (no word/document.xml). Give a .docx saved by Word or WPS.")
    except zipfile.BadZipFile as exc:
        raise InputError(f"'{source}' is not a valid .docx (not a zip archive: {exc}). Open and re-save it in Word or WPS, or export it as .txt.") from exc
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        d = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError/ValueError on damaged parts
        raise InputError(f"'{source}' is a damaged .docx ({type(exc).__name__}: {exc}). Re-save it in Word or WPS.") from exc
    lines: list[str] = []
    for child in d.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, d).text)
        elif tag == "tbl":
            for row in Table(child, d).rows:
                cells, seen = [], set()
                for cell in row.cells:
                    # A cell merged across columns repeats in each: its text once, then an empty cell
                    # a column, as an HTML colspan (see _table). One merged down repeats in each row.
                    if id(cell._tc) in seen:
                        cells.append("")
                        continue
                    seen.add(id(cell._tc))
                    cells.append(" ".join(cell.text.split()))
                lines.append("\t".join(cells))
    text = _tidy("\n".join(lines))
    if not text.strip():
        raise InputError(f"'{source}' has no text (an empty or image-only Word document).")
    return Document(text=text, source=source, format="docx", encoding="utf-8", hints=_meta_table(text))
