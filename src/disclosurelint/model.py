"""The neutral report model: what every reader produces and every rule reads.

The flow is one way::

    bytes --reader----> Document (lines and table rows with locations)
          --segment---> sections and prose regions
          --bind------> Tables 2/3/4 bound to the template
          --identity--> agency, year, period, publication date
          = Report

A ``Document`` is format-neutral: plain text, Markdown, HTML, DOCX and PDF all
become a list of :class:`Line` objects.  A line is either running text or a
table row whose cells are already separated (pipe rows, HTML/DOCX grids).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable, Dict, List, NamedTuple, Optional, Tuple, Union

Number = Union[int, Decimal]


class TextSpan(NamedTuple):
    """A real position in the source file: 1-based line and columns, the end column exclusive.

    Columns count UTF-16 code units (what GitHub, SARIF consumers and editors
    count; the same as characters outside the rare astral planes).  ``column``
    is None when only the line is known (an HTML element's source line).
    """

    line: int
    column: Optional[int] = None
    end_line: Optional[int] = None
    end_column: Optional[int] = None


class GridPos(NamedTuple):
    """A place in a table of the source: 1-based table number (document order), grid row and column."""

    table: int
    row: Optional[int] = None
    col: Optional[int] = None


class Location(NamedTuple):
    """Where something is in the source file, in the coordinate systems the input has.

    ``span`` is a position in the file itself (text, Markdown, HTML); ``grid``
    a cell of a source table (HTML, DOCX, PDF tables, Markdown tables);
    ``page`` the PDF page; ``paragraph`` the paragraph number of a document
    without lines (DOCX).  A PDF has no file lines: its locations are pages
    and grid cells, never a span.
    """

    span: Optional[TextSpan] = None
    grid: Optional[GridPos] = None
    page: Optional[int] = None
    paragraph: Optional[int] = None

    @classmethod
    def at(cls, line: int, column: int, end_column: int, page: Optional[int] = None) -> "Location":
        """A span within one text line (the fast constructor for readers and the tokenizer)."""
        return tuple.__new__(cls, (tuple.__new__(TextSpan, (line, column, line, end_column)), None, page, None))

    def to_dict(self) -> Dict[str, int]:
        """Flat JSON form: ``line``, ``column``, ``end_line``, ``end_column``, ``page``, ``table``,
        ``row``, ``col`` (grid column) and ``paragraph``, those that are set."""
        out: Dict[str, int] = {}
        for part in (self.span, self.grid):
            if part is not None:
                out.update((k, v) for k, v in part._asdict().items() if v is not None)
        if self.page is not None:
            out["page"] = self.page
        if self.paragraph is not None:
            out["paragraph"] = self.paragraph
        return out


def span_in(line: int, text: str, start: int, end: int, page: Optional[int] = None) -> Location:
    """The location of ``text[start:end]`` on source line ``line`` (columns in UTF-16 code units)."""
    if not text.isascii() and max(text[:end], default="\0") > "\uffff":
        start, end = (len(text[:i].encode("utf-16-le")) // 2 for i in (start, end))
    return Location.at(line, start + 1, end + 1, page)


class CellText(NamedTuple):
    """One cell of a table row as it appears in the source."""

    text: str
    location: Location
    #: True for the grid positions covered by a rowspan/colspan origin cell.
    merged: bool = False


class Line(NamedTuple):
    """A unit of the source: a line of text or a table row.

    ``cells`` is ``None`` for running text.  For a table row it holds the cells
    in order; ``text`` is then the cells joined with `` | `` (for prose rules).
    """

    text: str
    location: Location
    cells: Optional[Tuple[CellText, ...]] = None

    @property
    def is_row(self) -> bool:
        return self.cells is not None


class Directive(NamedTuple):
    """A ``<!-- disclosurelint: … -->`` comment of an HTML or Markdown report, as the reader found it
    (:mod:`disclosurelint.suppressions` reads what it says).

    ``text`` follows ``disclosurelint:``; ``location`` is the comment's; ``lines`` are the first and
    last source line of what it is on: its table row or its paragraph.  ``row`` is that row's number
    in its table (``GridPos.row``) when the reader knows it.
    """

    text: str
    location: Location
    lines: Tuple[int, int]
    row: Optional[int] = None


@dataclass
class Document:
    """What a reader returns: the file as lines, before any interpretation."""

    path: str
    format: str  # text | markdown | html | docx | pdf
    lines: List[Line]
    encoding: Optional[str] = None
    pages: Optional[int] = None
    #: Source artefacts the reader removed (page markers and the like), kept
    #: so that rules can report them for text inputs.
    metadata: Dict[str, Any] = field(default_factory=dict)
    #: Inline suppression comments (HTML and Markdown reports).
    directives: List[Directive] = field(default_factory=list)


@dataclass(frozen=True)
class ReadError:
    """A file that could not be read.  The rule stage turns it into DL001."""

    path: str
    kind: str  # empty | binary | decode | corrupt | encrypted | no-text | too-large | timeout | unsupported | io
    message: str  # Chinese, actionable

    def __bool__(self) -> bool:  # a ReadError is never a usable document
        return False


class CellKind(str, enum.Enum):
    NUMBER = "number"
    BLANK = "blank"
    PLACEHOLDER = "placeholder"
    INVALID = "invalid"


@dataclass
class Cell:
    """One numeric cell of a bound table, with the template's names for its place."""

    table: str  # template table id
    row: str  # template row id
    column: str  # template column id
    raw: str
    kind: CellKind
    value: Optional[Number]
    location: Location
    #: True when the cell was not written at all (row shorter than the template).
    inferred: bool = False
    table_label: str = ""  # the table's short name (表3)
    row_label: str = ""  # template label ("" for Table 4's unlabelled row)
    column_label: str = ""

    @property
    def name(self) -> str:
        """``（七）总计 / 自然人`` for messages (the column alone in an unlabelled row)."""
        return f"{self.row_label} / {self.column_label}" if self.row_label else self.column_label

    def context(self) -> Dict[str, str]:
        """The logical place of the cell: template ids and labels (a finding's ``context``)."""
        return {
            "table": self.table,
            "table_label": self.table_label,
            "row": self.row,
            "row_label": self.row_label,
            "column": self.column,
            "column_label": self.column_label,
        }

    def to_dict(self) -> Dict[str, Any]:
        value: Any = self.value
        if isinstance(value, Decimal):
            value = str(value)
        return {
            "row": self.row,
            "column": self.column,
            "raw": self.raw,
            "kind": self.kind.value,
            "value": value,
            "inferred": self.inferred,
            "location": self.location.to_dict(),
        }


@dataclass
class BoundRow:
    """A template row and what the report wrote for it."""

    id: str
    label: str  # template label
    present: bool
    label_text: str = ""  # label as written
    location: Optional[Location] = None
    cells: Dict[str, Cell] = field(default_factory=dict)

    def value(self, column: str) -> Optional[Number]:
        cell = self.cells.get(column)
        return cell.value if cell is not None and cell.kind is CellKind.NUMBER else None


@dataclass
class BoundTable:
    """Table 2, 3 or 4 bound to the template's rows and columns."""

    id: str  # table2 | table3 | table4
    title: str
    present: bool
    #: The short name used in messages (表3).
    short_title: str = ""
    rows: Dict[str, BoundRow] = field(default_factory=dict)
    location: Optional[Location] = None
    #: Rows the report has that the template does not know: (text, location).
    unknown_rows: List[Tuple[str, Location]] = field(default_factory=list)
    #: Template columns the source table does not have (a grid cut short): ids, template order.
    missing_columns: List[str] = field(default_factory=list)
    #: Rows whose numbers ran together without separators (``120000012``) and cannot be
    #: split one way only: present, without cells (scraped text).
    unreadable_rows: List[str] = field(default_factory=list)

    def cell(self, row: str, column: str) -> Optional[Cell]:
        bound = self.rows.get(row)
        return bound.cells.get(column) if bound else None

    def cells(self) -> List[Cell]:
        return [c for r in self.rows.values() for c in r.cells.values()]

    def context(self, row: Optional[str] = None) -> Dict[str, str]:
        """The logical place of the table (or of one of its rows): ids and labels."""
        context = {"table": self.id, "table_label": self.short_title or self.title}
        bound = self.rows.get(row) if row is not None else None
        if bound is not None:
            context.update(row=bound.id, row_label=bound.label)
        return context


@dataclass
class Section:
    """One of the six numbered sections as it appears in the report."""

    number: int  # 1..6, the standard section this heading was recognised as
    numeral: str  # the numeral as written (一, 二 …), may disagree with number
    heading: str  # as written
    standard_heading: str
    standard_wording: bool  # the heading is worded exactly as the template
    location: Location
    start: int  # index of the heading in Document.lines
    end: int  # index one past the section's last line
    text: str = ""  # body text (without the heading)
    kind: str = "prose"  # prose | table, from the template
    #: The numeral as written is the standard section's (三 for section 3).
    numbered_correctly: bool = True


@dataclass(frozen=True)
class Claim:
    """One statement the report makes about itself (title, period, signature …)."""

    field: str  # agency | year | period | published
    source: str  # title | intro | period | body | header | signature
    value: Any
    location: Optional[Location]
    text: str = ""


@dataclass
class ReportIdentity:
    """Who published the report, for which year, and when; and every claim it was read from."""

    agency: Optional[str] = None
    year: Optional[int] = None
    title: Optional[str] = None
    period: Optional[Tuple[str, str]] = None  # ISO dates as stated
    period_year: Optional[int] = None
    published: Optional[str] = None  # ISO date
    kind: Optional[str] = None  # government | department
    sources: Dict[str, str] = field(default_factory=dict)
    claims: Tuple[Claim, ...] = field(default=(), repr=False)

    def to_dict(self) -> Dict[str, Any]:
        """The identity as JSON data (claims left out)."""
        return {
            "agency": self.agency,
            "year": self.year,
            "title": self.title,
            "period": list(self.period) if self.period else None,
            "period_year": self.period_year,
            "published": self.published,
            "published_source": self.sources.get("published"),
            "kind": self.kind,
            "sources": dict(self.sources),
        }


@dataclass
class Report:
    """A report read, segmented and bound: the input of every rule."""

    path: str
    document: Document
    template: Optional[str]  # "2021" | "2019" | None when no table was found
    sections: List[Section]
    tables: Dict[str, BoundTable]
    identity: ReportIdentity
    #: Index ranges ``[start, end)`` of ``document.lines`` holding running prose: the intro and
    #: the prose sections, table text and rows left out (decided by the segment stage).
    prose: List[Tuple[int, int]] = field(default_factory=list)
    #: Values several rules derive from the report, computed once (see :meth:`derive`).
    _derived: Dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def derive(self, key: str, compute: Callable[["Report"], Any]) -> Any:
        """``compute(self)``, memoised under ``key`` for the other rules that need it."""
        if key not in self._derived:
            self._derived[key] = compute(self)
        return self._derived[key]

    @property
    def format(self) -> str:
        return self.document.format

    @property
    def lines(self) -> List[Line]:
        return self.document.lines

    def prose_regions(self) -> List[List[Line]]:
        """The prose as lists of text lines, one per region."""
        lines = self.document.lines
        return [[l for l in lines[a:b] if l.cells is None] for a, b in self.prose]

    def section(self, number: int) -> Optional[Section]:
        for s in self.sections:
            if s.number == number:
                return s
        return None

    def table(self, table_id: str) -> Optional[BoundTable]:
        t = self.tables.get(table_id)
        return t if t is not None and t.present else None
