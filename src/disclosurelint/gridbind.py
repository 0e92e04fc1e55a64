"""Binding grid sources by their grid: label area, data columns, header cells.

A grid is a source table with real cell boundaries (HTML, DOCX, Markdown,
ruled PDF tables; several consecutive grids when a table is broken into
fragments).  Its data columns start where the labelled rows' numbers start
(the most common first number), never so far right that the template's
columns no longer fit (position from the right); the columns left of them are
the label area, where an empty cell is a merged label cell, never a data
cell.  A row that is wider or narrower than its grid, or whose label runs
into the data columns (merged cells dropped by a conversion), is aligned on
its own label.  A grid narrower than the template is mapped by its header
cells (自然人 … 总计): the columns it lacks are missing, not blank.  Rows are
matched by their label; rows without one take the template rows between
their bound neighbours when the counts agree.  Table 4's unlabelled row comes
from one grid of 15 numbers or from fragments of 5 (行政复议 /
未经复议直接起诉 / 复议后起诉, told by a caption or header, else by order).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Dict, FrozenSet, List, Optional, Sequence, Tuple

from .bind import EMPTY, TEXT, VALUE, TableBuilder, kind_of, fuzzy_row, is_bad_value, match_row
from .model import BoundTable, CellText, Line, Location
from .normalize import is_page_marker, normalize_label
from .templates import ColumnSpec, RowSpec, TableSpec

#: Table 4's groups of five columns: first column and the words that name the group, most specific first.
_GROUP_SIZE = 5
_GROUP_WORDS = ((10, ("复议后起诉",)), (5, ("未经复议", "直接起诉")), (0, ("行政复议",)))
#: Longest label text recorded as an unknown row.
_MAX_UNKNOWN = 60


@dataclass
class _Row:
    cells: Tuple[CellText, ...]
    kinds: Tuple[str, ...]
    location: Location


@dataclass
class _Grid:
    rows: List[_Row]
    caption: str  # normalised text between the previous grid and this one
    start: int = 0  # first data column
    width: int = 0  # the usual row length
    labelled: bool = False  # some rows with numbers have a label
    headers: List[Tuple[int, str]] = field(default_factory=list)  # (column, normalised text) of rows without values


#: A row of the grids in document order: its template position once bound, or (None, an unlabelled row with numbers).
_Event = Tuple[Optional[int], Optional[Tuple[_Grid, _Row, int]]]


def bind_grids(spec: TableSpec, lines: Sequence[Line], placeholders: FrozenSet[str]) -> BoundTable:
    """Bind one template table from the grids among ``lines`` (text lines serve as captions only)."""
    builder = TableBuilder(spec, placeholders)
    grids = _grids(lines, placeholders)
    if spec.rows and all(r.headless for r in spec.rows):
        _bind_headless(builder, spec.rows[0], grids)
    else:
        _Labelled(builder, grids).bind()
    return builder.finish()


def _grids(lines: Sequence[Line], placeholders: FrozenSet[str]) -> List[_Grid]:
    grids: List[_Grid] = []
    caption: List[str] = []
    current: Optional[int] = None
    for line in lines:
        if line.cells is None:
            if line.text.strip():
                caption.append(line.text)
                current = None
            continue
        table = line.location.grid.table if line.location.grid is not None else None
        row = _Row(line.cells, tuple(kind_of(c.text.strip(), placeholders) for c in line.cells), line.location)
        if all(k == EMPTY or is_page_marker(c.text) for c, k in zip(row.cells, row.kinds)):
            continue  # an empty row, or a page footer caught inside the table
        if current is None or table != current:
            grids.append(_Grid([], normalize_label(caption[-1]) if caption else ""))
            caption, current = [], table
        grids[-1].rows.append(row)
    for grid in grids:
        _measure(grid)
    return grids


def _measure(grid: _Grid) -> None:
    """The grid's usual row length, first data column and header cells."""
    firsts: Counter = Counter()
    labelled: Counter = Counter()
    widths: Counter = Counter()
    for row in grid.rows:
        first = next((i for i, (c, k) in enumerate(zip(row.cells, row.kinds)) if k == VALUE and not c.merged), None)
        if first is None:
            grid.headers += [(i, normalize_label(c.text)) for i, c in enumerate(row.cells) if c.text.strip() and not c.merged]
            continue
        widths[len(row.cells)] += 1
        firsts[first] += 1
        if TEXT in row.kinds[:first]:
            labelled[first] += 1
    counts = labelled or firsts
    grid.labelled = bool(labelled)
    if counts:
        grid.width = max(widths.items(), key=lambda kv: (kv[1], kv[0]))[0]
        grid.start = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]


class _Labelled:
    """Tables 2 and 3: rows by label, unlabelled rows by position."""

    def __init__(self, builder: TableBuilder, grids: List[_Grid]) -> None:
        self.builder = builder
        self.spec = builder.spec
        self.grids = grids
        self.widest = max(len(r.columns) for r in self.spec.rows)
        self.order = {r.id: i for i, r in enumerate(self.spec.rows)}
        self.carried = ""  # the label of a row above without numbers
        #: Header mappings of grids narrower than the template (columns, data width) -> column -> offset.
        self.headers: Dict[Tuple[Tuple[ColumnSpec, ...], int], Dict[int, int]] = {}

    def bind(self) -> None:
        events: List[_Event] = []
        for grid in self.grids:
            if grid.width - self.widest >= grid.labelled:  # a labelled grid keeps a label column
                grid.start = min(grid.start, grid.width - self.widest)
            for row in grid.rows:
                event = self._row(grid, row)
                if event is not None:
                    events.append(event)
        self._by_position(events)

    def _row(self, grid: _Grid, row: _Row) -> Optional[_Event]:
        start, label_cells = self._split(grid, row)
        label_text = _join(c.text for c in label_cells)
        label = normalize_label(label_text)
        window = row.kinds[start : start + self.widest]
        has_value = VALUE in window
        if not label:
            return (None, (grid, row, start)) if has_value else None
        spec = match_row(label, self.spec, self.builder.taken, strict=not has_value)
        if spec is None and has_value and self.carried:  # a label wrapped onto the row above it (a page break)
            spec = match_row(normalize_label(self.carried + label_text), self.spec, self.builder.taken, strict=False)
            label_text = self.carried + label_text if spec is not None else label_text
        if spec is None and has_value:
            spec = fuzzy_row(label, self.spec, self.builder.taken)
        self.carried = "" if has_value else label_text
        if spec is None:
            if has_value and 2 <= len(label) <= _MAX_UNKNOWN:
                self.builder.table.unknown_rows.append((label_text, label_cells[0].location))
            return None
        if spec.id in self.builder.taken:
            return None
        self._bind(spec, grid, row, start, label_text, label_cells[-1].location)
        return (self.order[spec.id], None)

    def _split(self, grid: _Grid, row: _Row) -> Tuple[int, List[CellText]]:
        """The row's first data column and its label cells (merged copies and repeats left out)."""
        start = grid.start + len(row.cells) - grid.width if grid.width else len(row.cells)
        last = -1
        for i, (cell, kind) in enumerate(zip(row.cells, row.kinds)):
            if kind != TEXT:
                continue
            if i >= max(start, grid.start) and last >= 0 and not cell.merged:
                if is_bad_value(cell.text.strip(), normalize_label(row.cells[last].text), self.spec):
                    continue
            last = i
        if start <= last or not grid.width:
            start = last + 1
        else:
            start = next((i for i in range(last + 1, start) if row.kinds[i] == VALUE), start)
        labels: List[CellText] = []
        for cell, kind in zip(row.cells[: max(start, 0)], row.kinds):
            if kind != EMPTY and not cell.merged and not (labels and labels[-1].text == cell.text):
                labels.append(cell)
        return max(start, 0), labels

    def _bind(self, spec: RowSpec, grid: _Grid, row: _Row, start: int, label_text: str, anchor: Location) -> None:
        positions, missing = self._columns(grid, spec.columns, start)
        values: List[Optional[Tuple[str, Location]]] = []
        for position in positions:
            cell = row.cells[position] if position is not None and position < len(row.cells) else None
            values.append(None if cell is None else (cell.text.strip(), cell.location))
        self.builder.bind_row(spec, label_text, anchor, values, row.location, missing)
        self.builder.table.missing_columns += [c for c in missing if c not in self.builder.table.missing_columns]

    def _columns(self, grid: _Grid, columns: Tuple[ColumnSpec, ...], start: int) -> Tuple[List[Optional[int]], List[str]]:
        """The grid column of each template column (None: not written) and the template columns the grid lacks."""
        room = grid.width - grid.start
        if room >= len(columns) or len(columns) == 1:
            return [start + i for i in range(len(columns))], []
        found = {i: col - grid.start for i, col in _header_columns(grid, columns).items()}
        if found:
            self.headers[columns, room] = found
        else:  # a fragment without its header takes the previous fragment's, else its columns in order
            found = self.headers.get((columns, room)) or {i: i for i in range(room)}
        positions = [found[i] + start if i in found else None for i in range(len(columns))]
        return positions, [c.id for i, c in enumerate(columns) if i not in found]

    def _by_position(self, events: List[_Event]) -> None:
        """Unlabelled rows take the template rows between their bound neighbours when the counts agree."""
        rows = self.spec.rows
        previous, run = -1, []
        for position, item in events + [(len(rows), None)]:
            if position is None:
                run.append(item)
                continue
            gap = [r for r in rows[previous + 1 : position] if r.id not in self.builder.taken]
            if run and len(gap) == len(run):
                for spec, (grid, row, start) in zip(gap, run):
                    self._bind(spec, grid, row, start, "", row.location)
            previous, run = position, []


def _header_columns(grid: _Grid, columns: Sequence[ColumnSpec]) -> Dict[int, int]:
    """Template column index -> grid column, from header cells in the data area (in template order, else {})."""
    found: Dict[int, int] = {}
    for i, column in enumerate(columns):
        label = normalize_label(column.label)
        match = next((col for col, text in grid.headers if col >= grid.start and _names(text, label)), None)
        if match is not None:
            found[i] = match
    placed = [found[i] for i in sorted(found)]
    return found if placed == sorted(set(placed)) else {}


def _names(header: str, label: str) -> bool:
    """A header cell names a template column: equal, or one holds the other (three characters or more)."""
    return header == label or (min(len(header), len(label)) >= 3 and (header in label or label in header))


def _join(texts: Sequence[str]) -> str:
    return "".join(t.strip() for t in texts)


def _bind_headless(builder: TableBuilder, spec: RowSpec, grids: List[_Grid]) -> None:
    """Table 4's one row of 15 numbers, from one grid or from fragments of five."""
    size = len(spec.columns)
    values: Dict[int, Tuple[str, Location]] = {}
    filled: List[int] = []
    anchor: Optional[Location] = None
    for grid in grids:
        width = size if grid.width >= size else _GROUP_SIZE * max(1, grid.width // _GROUP_SIZE)
        start = min(grid.start, max(grid.width - width, 0))
        row = next((r for r in grid.rows if VALUE in r.kinds[start:]), None)
        if row is None:
            continue
        cells = row.cells[start : start + width]
        first = 0 if width >= size else _group(grid, filled)
        if first is None:
            continue
        for i, cell in enumerate(cells):
            values.setdefault(first + i, (cell.text.strip(), cell.location))
        filled += range(first, first + width, _GROUP_SIZE)
        anchor = anchor or row.location
        if len(set(filled)) * _GROUP_SIZE >= size:
            break
    if anchor is None:
        return
    written = {i for i in range(size) if any(first <= i < first + _GROUP_SIZE for first in filled)}
    missing = [c.id for i, c in enumerate(spec.columns) if i not in written]
    builder.bind_row(spec, "", anchor, [values.get(i) for i in range(size)], anchor, missing)
    builder.table.missing_columns += missing


def _group(grid: _Grid, filled: List[int]) -> Optional[int]:
    """The first column of the group a fragment of Table 4 holds: named by its caption or header, else the next."""
    for text in (grid.caption, "".join(text for _, text in grid.headers)):
        for first, words in _GROUP_WORDS:
            if first not in filled and any(w in text for w in words):
                return first
    return next((g for g in range(0, 3 * _GROUP_SIZE, _GROUP_SIZE) if g not in filled), None)
