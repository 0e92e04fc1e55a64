"""From a file to the neutral model: read → segment → bind tables → identity = Report.

:func:`parse_document` is the one parse sequence: everything that turns a
read :class:`Document` into a :class:`Report` happens here, in this order.
"""

from __future__ import annotations

import dataclasses
import errno
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, FrozenSet, List, Mapping, Optional, Sequence, Union

from .bind import bind_table
from .identity import extract_identity
from .model import BoundTable, Document, Line, ReadError, Report, Section
from .normalize import normalize_label
from .packs import RulePacks, builtin_sources, load_packs
from .readers import EMPTY_MESSAGE, Limits, Reader, choose_reader
from .segment import prose_ranges, segment, unfold
from .templates import Template, builtin_templates, newest

ReportOrError = Union[Report, ReadError]
_IO_REASONS = {
    errno.ENOENT: "文件不存在（或是指向不存在文件的链接）",
    errno.EACCES: "没有读取权限",
    errno.EISDIR: "这是一个目录",
    errno.ELOOP: "符号链接循环",
}


@dataclass
class ParseContext:
    """What parsing needs besides the file: templates, cell vocabulary, readers, limits."""

    templates: Dict[str, Template]
    placeholders: FrozenSet[str]
    readers: List[Reader] = field(default_factory=list)
    limits: Limits = field(default_factory=Limits)

    @property
    def default_template(self) -> Template:
        return newest(self.templates)


def placeholders_of(packs: RulePacks) -> FrozenSet[str]:
    """The placeholder vocabulary declared by loaded rule packs, normalised."""
    words = {normalize_label(w) for w in packs.placeholders}
    return frozenset(w for w in words if w)


def builtin_readers() -> List[Reader]:
    from .readers.docx import DocxReader
    from .readers.html import HtmlReader
    from .readers.pdf import PdfReader
    from .readers.text import TextReader

    return [TextReader(), HtmlReader(), DocxReader(), PdfReader()]


@functools.lru_cache(maxsize=1)
def default_context() -> ParseContext:
    """Built-in templates, packs and readers (no plugins): for tests and simple callers."""
    templates = builtin_templates()
    return ParseContext(
        templates=templates,
        placeholders=placeholders_of(load_packs(builtin_sources("national"), templates)),
        readers=builtin_readers(),
    )


def detect_template(lines: Sequence[Line], sections: Sequence[Section], templates: Dict[str, Template]) -> Optional[Template]:
    """The template whose table headers the report uses, or None when no table header is found."""
    table_lines = [l for s in sections if s.number in (2, 3) for l in lines[s.start : s.end]] or lines
    text = normalize_label("".join(l.text for l in table_lines))
    scores = {t.id: sum(1 for sig in t.signature if sig in text) for t in templates.values()}
    best = max(scores.values(), default=0)
    if best == 0:
        return None
    return max((t for t in templates.values() if scores[t.id] == best), key=lambda t: t.from_year)


def bind_tables(lines: Sequence[Line], sections: Sequence[Section], template: Template, placeholders: FrozenSet[str]) -> Dict[str, BoundTable]:
    """Tables 2/3/4 bound from the sections that hold them (first occurrence of each section)."""
    tables: Dict[str, BoundTable] = {}
    for spec in template.tables:
        number = next(s.number for s in template.sections if s.table == spec.id)
        section = next((s for s in sections if s.number == number), None)
        region = lines[section.start + 1 : section.end] if section else []
        tables[spec.id] = bind_table(spec, region, placeholders)
    return tables


def parse_document(
    document: Document, context: Optional[ParseContext] = None, overrides: Optional[Mapping[str, Any]] = None
) -> Report:
    """Segment a read document, bind its tables to the template and read its identity.

    ``overrides`` (agency/year/kind, from the config's ``[[overrides]]`` for this path) win
    over what the report states.
    """
    ctx = context or default_context()
    lines = unfold(document.lines, ctx.default_template.sections)
    if lines is not document.lines:
        document = dataclasses.replace(document, lines=list(lines))
    sections = segment(lines, ctx.default_template.sections)
    detected = detect_template(lines, sections, ctx.templates)
    template = detected or ctx.default_template
    tables = bind_tables(lines, sections, template, ctx.placeholders)
    present = any(t.present for t in tables.values())
    return Report(
        path=document.path,
        document=document,
        template=template.id if (detected or present) else None,
        sections=sections,
        tables=tables,
        identity=extract_identity(lines, sections, overrides),
        prose=prose_ranges(lines, sections, template),
    )


def read_document(path: Union[str, Path], context: Optional[ParseContext] = None) -> Union[Document, ReadError]:
    """Read one file with the reader its content (or suffix) calls for."""
    ctx = context or default_context()
    name = str(path)
    try:
        size = Path(path).stat().st_size
        if size > ctx.limits.max_file_size:
            return ReadError(name, "too-large", f"文件大小 {size} 字节，超过上限 {ctx.limits.max_file_size} 字节；如确属报告，请在配置 limits.max-file-size 中调高上限")
        data = Path(path).read_bytes()
    except OSError as exc:
        reason = _IO_REASONS.get(exc.errno or 0, exc.strerror or str(exc))
        return ReadError(name, "io", f"无法读取文件：{reason}；请检查路径和权限")
    if not data.strip():
        return ReadError(name, "empty", EMPTY_MESSAGE)
    reader = choose_reader(ctx.readers, data[:4096], name)
    if reader is None:
        reader = next((r for r in ctx.readers if r.format == "text"), None)
        if reader is None:
            return ReadError(name, "unsupported", "无法识别的文件格式；支持 .txt .md .html .htm .docx .pdf")
    try:
        return reader.read(data, name, ctx.limits)
    except Exception as exc:  # a reader bug must not stop the run
        return ReadError(name, "corrupt", f"读取 {reader.format} 文件时出错（{type(exc).__name__}: {exc}），文件可能已损坏")


def parse_path(
    path: Union[str, Path], context: Optional[ParseContext] = None, overrides: Optional[Mapping[str, Any]] = None
) -> ReportOrError:
    """Read and parse one file: a Report, or a ReadError (never an exception)."""
    document = read_document(path, context)
    if isinstance(document, ReadError):
        return document
    try:
        return parse_document(document, context, overrides)
    except Exception as exc:  # a parser bug must not stop the run
        return ReadError(str(path), "corrupt", f"解析报告结构时出错（{type(exc).__name__}: {exc}）")


def parse_text(
    text: str, path: str = "<string>", context: Optional[ParseContext] = None, overrides: Optional[Mapping[str, Any]] = None
) -> Report:
    """Parse report text given as a string (tests, API callers)."""
    from .readers.text import text_document

    return parse_document(text_document(text, path), context, overrides)
