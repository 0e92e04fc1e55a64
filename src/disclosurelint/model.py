"""The neutral report model: what every reader produces and every rule reads.

The flow is one way::

    bytes --reader--> Document (lines and table rows with locations)
          --segment--> sections
          --bind-----> Tables 2/3/4 bound to the template
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


class Location(NamedTuple):
    """Where something is in the source file.

    Text inputs give ``line``/``column`` (1-based, columns counted in
    characters).  Structured inputs (DOCX, HTML, PDF) give the source table,
    row and column (1-based) and, for PDF, the page.  Both may be present.
    A named tuple: readers create one per line and cell, so it must be cheap.
    """

    line: Optional[int] = None
    column: Optional[int] = None
    end_line: Optional[int] = None
    end_column: Optional[int] = None
    page: Optional[int] = None
    table: Optional[int] = None
    row: Optional[int] = None
    col: Optional[int] = None
    paragraph: Optional[int] = None

    @classmethod
    def span(cls, line: int, column: int, end_column: int, page: Optional[int] = None) -> "Location":
        """A span within one text line (the fast constructor for readers and the tokenizer)."""
        return tuple.__new__(cls, (line, column, line, end_column, page, None, None, None, None))

    def to_dict(self) -> Dict[str, int]:
        return {k: v for k, v in self._asdict().items() if v is not None}

    def describe(self) -> str:
        """A short human form such as ``12:5`` or ``page 3, table 1 row 4 col 2``."""
        parts: List[str] = []
        if self.line is not None:
            parts.append(f"{self.line}:{self.column or 1}")
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.table is not None:
            grid = f"table {self.table}"
            if self.row is not None:
                grid += f" row {self.row}"
            if self.col is not None:
                grid += f" col {self.col}"
            parts.append(grid)
        elif self.paragraph is not None:
            parts.append(f"paragraph {self.paragraph}")
        return ", ".join(parts)


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
    """One numeric cell of a bound table."""

    row: str  # template row id
    column: str  # template column id
    raw: str
    kind: CellKind
    value: Optional[Number]
    location: Location
    #: True when the cell was not written at all (row shorter than the template).
    inferred: bool = False

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
    rows: Dict[str, BoundRow] = field(default_factory=dict)
    location: Optional[Location] = None
    #: Rows the report has that the template does not know: (text, location).
    unknown_rows: List[Tuple[str, Location]] = field(default_factory=list)

    def cell(self, row: str, column: str) -> Optional[Cell]:
        bound = self.rows.get(row)
        return bound.cells.get(column) if bound else None

    def cells(self) -> List[Cell]:
        return [c for r in self.rows.values() for c in r.cells.values()]

    @property
    def missing_rows(self) -> List[str]:
        return [r.id for r in self.rows.values() if not r.present]


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


@dataclass
class ReportIdentity:
    """Who published the report, for which year, and when."""

    agency: Optional[str] = None
    year: Optional[int] = None
    title: Optional[str] = None
    period: Optional[Tuple[str, str]] = None  # ISO dates as stated
    period_year: Optional[int] = None
    published: Optional[str] = None  # ISO date
    published_source: Optional[str] = None
    kind: Optional[str] = None  # government | department
    sources: Dict[str, str] = field(default_factory=dict)


@dataclass
class Report:
    """A report read, segmented and bound: the input of every rule."""

    path: str
    document: Document
    template: Optional[str]  # "2021" | "2019" | None when no table was found
    sections: List[Section]
    tables: Dict[str, BoundTable]
    identity: ReportIdentity = field(default_factory=ReportIdentity)
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

    def section(self, number: int) -> Optional[Section]:
        for s in self.sections:
            if s.number == number:
                return s
        return None

    def table(self, table_id: str) -> Optional[BoundTable]:
        t = self.tables.get(table_id)
        return t if t is not None and t.present else None
