"""Report templates (2021 and 2019 formats) loaded from YAML into typed specs."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from .normalize import normalize_label
from .packs import PackError, Source, builtin_sources, load_yaml


@dataclass(frozen=True)
class ColumnSpec:
    id: str
    label: str
    decimal: bool = False
    signed: bool = False
    #: The sum of the columns since the previous total (总计): what splits run-together digits.
    total: bool = False


@dataclass(frozen=True)
class RowSpec:
    id: str
    label: str
    columns: Tuple[ColumnSpec, ...]
    #: (normalised fragment, must end the label text)
    matchers: Tuple[Tuple[str, bool], ...]
    group: Optional[str] = None
    block: str = ""
    headless: bool = False

    @property
    def norm_label(self) -> str:
        return normalize_label(self.label)


@dataclass(frozen=True)
class TableSpec:
    id: str
    title: str
    rows: Tuple[RowSpec, ...]
    #: The short name used in messages (表3).
    short_title: str = ""
    header: Tuple[str, ...] = ()
    #: Row group id -> its label (（三）不予公开 …); groups have no subtotal row.
    group_labels: Tuple[Tuple[str, str], ...] = ()
    #: Text that starts this table in a report: (normalised fragment, whole line only).
    markers: Tuple[Tuple[str, bool], ...] = ()

    def row(self, row_id: str) -> RowSpec:
        for r in self.rows:
            if r.id == row_id:
                return r
        raise KeyError(row_id)

    def group_label(self, group: str) -> str:
        return dict(self.group_labels).get(group, group)

    def groups(self) -> Dict[str, List[str]]:
        """Row group id -> the ids of its rows, in order."""
        out: Dict[str, List[str]] = {}
        for r in self.rows:
            if r.group:
                out.setdefault(r.group, []).append(r.id)
        return out

    @functools.cached_property
    def _columns(self) -> Tuple[ColumnSpec, ...]:
        seen: Dict[str, ColumnSpec] = {}
        for r in self.rows:
            for c in r.columns:
                seen.setdefault(c.id, c)
        return tuple(seen.values())

    def columns(self) -> List[ColumnSpec]:
        """Distinct columns in template order (the union over blocks)."""
        return list(self._columns)


@dataclass(frozen=True)
class SectionSpec:
    number: int
    heading: str
    variants: Tuple[str, ...]
    keywords: Tuple[str, ...]
    kind: str  # prose | table
    table: Optional[str] = None
    #: Headings of the pre-2019 outline (国务院办公厅 2008 outline) for this section, numerals included.
    legacy: Tuple[str, ...] = ()


@dataclass(frozen=True)
class Template:
    id: str
    title: str
    from_year: int
    until_year: Optional[int]
    sections: Tuple[SectionSpec, ...]
    tables: Tuple[TableSpec, ...]
    signature: Tuple[str, ...]

    def table(self, table_id: str) -> TableSpec:
        for t in self.tables:
            if t.id == table_id:
                return t
        raise KeyError(table_id)

    def section(self, number: int) -> SectionSpec:
        for s in self.sections:
            if s.number == number:
                return s
        raise KeyError(number)

    def covers_year(self, year: int) -> bool:
        return year >= self.from_year and (self.until_year is None or year <= self.until_year)

    @functools.cached_property
    def table_markers(self) -> Tuple[Tuple[str, bool], ...]:
        """The markers of all its tables: a line holding one is table text, not prose."""
        return tuple(m for t in self.tables for m in t.markers)


def _req(data: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in data:
        raise PackError(f"{where}: missing key {key!r}")
    return data[key]


def _columns(items: Iterable[Mapping[str, Any]], where: str) -> Tuple[ColumnSpec, ...]:
    return tuple(
        ColumnSpec(
            id=str(_req(c, "id", where)),
            label=str(_req(c, "label", where)),
            decimal=c.get("type") == "decimal",
            signed=bool(c.get("signed", False)),
            total=bool(c.get("total", False)),
        )
        for c in items
    )


def _matcher(fragment: str) -> Tuple[str, bool]:
    anchored = fragment.endswith("$")
    return normalize_label(fragment[:-1] if anchored else fragment), anchored


def _table(data: Mapping[str, Any], where: str) -> TableSpec:
    table_id = str(_req(data, "id", where))
    where = f"{where} table {table_id}"
    shared = _columns(data.get("columns") or (), where)
    rows: List[RowSpec] = []
    for block in _req(data, "blocks", where):
        columns = _columns(block["columns"], where) if "columns" in block else shared
        if not columns:
            raise PackError(f"{where}: block {block.get('label')!r} has no columns")
        for r in _req(block, "rows", where):
            label = str(_req(r, "label", where))
            fragments = r.get("match") or [label]
            rows.append(
                RowSpec(
                    id=str(_req(r, "id", where)),
                    label=label,
                    columns=columns,
                    matchers=tuple(_matcher(str(f)) for f in fragments),
                    group=r.get("group"),
                    block=str(block.get("label") or ""),
                    headless=bool(r.get("headless", False)),
                )
            )
    return TableSpec(
        id=table_id,
        title=str(data.get("title", table_id)),
        rows=tuple(rows),
        short_title=str(data.get("short_title", table_id)),
        header=tuple(normalize_label(h) for h in data.get("header") or ()),
        group_labels=tuple((str(k), str(v)) for k, v in (data.get("groups") or {}).items()),
        markers=tuple(_matcher(str(m)) for m in data.get("markers") or ()),
    )


def _section(data: Mapping[str, Any], where: str) -> SectionSpec:
    return SectionSpec(
        number=int(_req(data, "number", where)),
        heading=str(_req(data, "heading", where)),
        variants=tuple(str(v) for v in data.get("variants") or ()),
        keywords=tuple(normalize_label(k) for k in data.get("keywords") or ()),
        kind=str(data.get("kind", "prose")),
        table=data.get("table"),
        legacy=tuple(str(v) for v in data.get("legacy") or ()),
    )


def build_templates(documents: Sequence[Tuple[str, Mapping[str, Any]]]) -> Dict[str, Template]:
    """Templates from parsed YAML documents, resolving ``inherit``."""
    raw = {str(_req(d, "id", name)): (name, d) for name, d in documents}
    built: Dict[str, Template] = {}

    def build(template_id: str, chain: Tuple[str, ...] = ()) -> Template:
        if template_id in built:
            return built[template_id]
        if template_id in chain:
            raise PackError(f"template inheritance cycle: {' -> '.join(chain + (template_id,))}")
        if template_id not in raw:
            raise PackError(f"unknown template {template_id!r}")
        name, data = raw[template_id]
        parent = build(str(data["inherit"]), chain + (template_id,)) if "inherit" in data else None
        tables = {t.id: t for t in (parent.tables if parent else ())}
        tables.update((t.id, t) for t in (_table(t, name) for t in data.get("tables") or ()))
        sections = tuple(_section(s, name) for s in data["sections"]) if "sections" in data else None
        if sections is None and parent is None:
            raise PackError(f"{name}: template has no sections")
        built[template_id] = Template(
            id=template_id,
            title=str(data.get("title", template_id)),
            from_year=int(data.get("from_year", 0)),
            until_year=data.get("until_year"),
            sections=sections if sections is not None else parent.sections,  # type: ignore[union-attr]
            tables=tuple(tables.values()),
            signature=tuple(normalize_label(s) for s in data.get("signature") or ()),
        )
        return built[template_id]

    for template_id in raw:
        build(template_id)
    return built


def newest(templates: Mapping[str, Template]) -> Template:
    """The template of the latest format: the one a report is read against before its own is known."""
    return max(templates.values(), key=lambda t: t.from_year)


def load_templates(sources: Iterable[Source]) -> Dict[str, Template]:
    return build_templates([(str(s), load_yaml(s)) for s in sources])


def builtin_templates() -> Dict[str, Template]:
    return load_templates(builtin_sources("template-"))
