"""Binding: turn the lines of a table section into Table 2/3/4 cells.

Every layout is first flattened into one stream of tokens (label text, values
and explicitly empty cells), then the stream is matched against the template:
label text selects a template row, the values that follow fill its columns in
order.  This one mechanism reads all the text layouts (pipe rows, one cell per
line, tab cells with continuation lines, one cell per paragraph, PDF text with
space-separated cells, wrapped labels and page markers) as well as HTML/DOCX
grids.  Where row boundaries are known (pipe rows, grids, blank lines between
tab cells) an empty cell is a blank cell in place; where they are lost, a row
with fewer values than columns gets blank cells at its end.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import FrozenSet, List, Optional, Sequence, Tuple

from .model import BoundRow, BoundTable, Cell, CellKind, Line, Location, span_in
from .normalize import classify_cell, is_page_marker, looks_numeric, normalize_label
from .templates import RowSpec, TableSpec

TEXT, VALUE, EMPTY = "text", "value", "empty"

_PIPES = re.compile(r"[|｜]")
_ONLY_PIPES = re.compile(r"^[\s|｜:\-–—]*$")
_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_SPLIT = re.compile(r"\S+")
_WHOLE = re.compile(r"\S.*\S|\S")
#: The header cell just before Table 4's numbers ends in one of these.
_TABLE4_HEADER_END = ("总计", "审结", "起诉", "纠正", "维持", "结果")
#: Longest text taken as a mistyped number when it follows a row label in a grid row.
_MAX_BAD_VALUE = 8


@dataclass
class Token:
    text: str
    kind: str
    location: Location
    #: Id of the explicit row (pipe row, grid row, tab-cell group) or None in flowing text.
    row: Optional[int] = None
    row_end: bool = False


def _token(text: str, location: Location, placeholders: FrozenSet[str], row: Optional[int]) -> Token:
    stripped = text.strip()
    return Token(stripped, _kind(stripped, placeholders), location, row)


@functools.lru_cache(maxsize=16384)
def _kind(stripped: str, placeholders: FrozenSet[str]) -> str:
    if not stripped:
        return EMPTY
    if looks_numeric(stripped) or normalize_label(stripped) in placeholders:
        return VALUE
    return TEXT


def _span(text: str, line: Location, start: int, end: int) -> Location:
    """The location of ``text[start:end]``, ``text`` being the source line at ``line``."""
    if line.span is None:
        return line
    return span_in(line.span.line, text, start, end, line.page)


def _extend(first: Location, last: Location) -> Location:
    """``first`` stretched to the end of ``last`` (a cell written over several lines)."""
    if first.span is None or last.span is None:
        return first
    return first._replace(span=first.span._replace(end_line=last.span.end_line, end_column=last.span.end_column))


class _Tokenizer:
    """Flattens the lines of one section into tokens."""

    def __init__(self, placeholders: FrozenSet[str]) -> None:
        self.placeholders = placeholders
        self.tokens: List[Token] = []
        self.row_id = 0

    def _end_row(self) -> None:
        if self.tokens and self.tokens[-1].row is not None:
            self.tokens[-1].row_end = True

    def _new_row(self) -> int:
        self.row_id += 1
        return self.row_id

    def add_grid_row(self, line: Line) -> None:
        row = self._new_row()
        for cell in line.cells or ():
            if not cell.merged:
                self.tokens.append(_token(cell.text, cell.location, self.placeholders, row))
        self._end_row()

    def add_pipe_line(self, text: str, location: Location) -> None:
        cuts = [m.start() for m in _PIPES.finditer(text)]
        bounds = list(zip([-1] + cuts, cuts + [len(text)]))
        if not text[: cuts[0]].strip():
            bounds = bounds[1:]
        if not text[cuts[-1] + 1 :].strip():
            bounds = bounds[:-1]
        if len(bounds) == 1:  # one cell per line, ending in `|`
            start, end = bounds[0]
            self.add_words(text, location, start + 1, end, split=False)
            return
        row = self._new_row()
        for start, end in bounds:
            cell = text[start + 1 : end]
            begin = start + 1 + len(cell) - len(cell.lstrip())
            self.tokens.append(
                _token(cell, _span(text, location, begin, max(begin, start + 1 + len(cell.rstrip()))), self.placeholders, row)
            )
        self._end_row()

    def add_words(self, text: str, location: Location, start: int = 0, end: Optional[int] = None, split: bool = True) -> None:
        """Flowing text ``text[start:end]``: one token per whitespace-separated word (PDF) or one for the whole."""
        end = len(text) if end is None else end
        matches = _SPLIT.finditer(text, start, end) if split else [_WHOLE.search(text, start, end)]
        for m in matches:
            if m is not None:
                self.tokens.append(_token(m.group(0), _span(text, location, m.start(), m.end()), self.placeholders, None))

    def add_lines(self, lines: Sequence[Line]) -> List[Token]:
        tab_layout = sum(1 for l in lines if l.text.startswith("\t")) >= 3
        in_tab_row: Optional[int] = None
        previous_tab_cell = False
        for line in lines:
            if line.is_row:
                self.add_grid_row(line)
                continue
            raw = line.text
            if not raw.strip() and not (tab_layout and raw.startswith("\t")):
                if tab_layout and in_tab_row is not None:
                    self._end_row()
                    in_tab_row = None
                previous_tab_cell = False
                continue
            if is_page_marker(raw) or _MD_SEPARATOR.match(raw):
                continue
            if tab_layout and raw.startswith("\t"):
                if in_tab_row is None:
                    in_tab_row = self._new_row()
                body = raw.lstrip("\t")
                lead = len(raw) - len(body)
                stripped = body.strip()
                start = lead + len(body) - len(body.lstrip())
                self.tokens.append(
                    _token(stripped, _span(raw, line.location, start, start + len(stripped)), self.placeholders, in_tab_row)
                )
                previous_tab_cell = True
                continue
            if tab_layout and previous_tab_cell and self.tokens and self.tokens[-1].kind != VALUE:
                last = self.tokens[-1]  # a cell continued on the next line (`\t商业\n企业`)
                last.text += raw.strip()
                last.kind = TEXT
                last.location = _extend(last.location, _span(raw, line.location, 0, len(raw.rstrip())))
                continue
            previous_tab_cell = False
            if _PIPES.search(raw):
                if not _ONLY_PIPES.match(raw):
                    self.add_pipe_line(raw, line.location)
                continue
            self.add_words(raw, line.location)
        self._end_row()
        return self.tokens


def tokenize(lines: Sequence[Line], placeholders: FrozenSet[str]) -> List[Token]:
    return _Tokenizer(placeholders).add_lines(lines)


def _match_row(text: str, spec: TableSpec, taken: set, strict: bool) -> Optional[RowSpec]:
    """The template row whose label ends closest to the end of ``text``.

    ``strict`` (used when only empty cells follow) requires the text to end
    with the row's full label, so that header text never binds a row.
    """
    best: Optional[Tuple[Tuple[int, int, int], RowSpec]] = None
    for row in spec.rows:
        if row.headless:
            continue
        if strict:
            if text.endswith(row.norm_label):
                return row
            continue
        for key, anchored in row.matchers:
            if anchored:
                end = len(text) if text.endswith(key) else -1
            else:
                pos = text.rfind(key)
                end = pos + len(key) if pos >= 0 else -1
            if end < 0:
                continue
            score = (row.id not in taken, end, len(key))
            if best is None or score > best[0]:
                best = (score, row)
    return best[1] if best else None


def _fuzzy_row(text: str, spec: TableSpec, taken: set) -> Optional[RowSpec]:
    """A row whose label is close to the end of ``text`` (OCR damage), only among unbound rows."""
    from difflib import SequenceMatcher

    best: Tuple[float, Optional[RowSpec]] = (0.0, None)
    for row in spec.rows:
        if row.headless or row.id in taken:
            continue
        label = re.sub(r"^\(?[一二三四五六七八九十0-9]{1,2}[).、]", "", row.norm_label)
        tail = text[-len(label) - 2 :]
        ratio = SequenceMatcher(None, tail, label).ratio()
        if ratio > best[0]:
            best = (ratio, row)
    return best[1] if best[0] >= 0.8 else None


class _Binder:
    def __init__(self, spec: TableSpec, placeholders: FrozenSet[str]) -> None:
        self.spec = spec
        self.placeholders = placeholders
        self.table = BoundTable(id=spec.id, title=spec.title, present=False, short_title=spec.short_title)
        self.taken: set = set()

    def bind(self, tokens: Sequence[Token]) -> BoundTable:
        pending: List[Token] = []
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if token.kind == TEXT and not self._bad_value(pending, token):
                pending.append(token)
                index += 1
                continue
            run_end = self._run_end(tokens, index)
            run = list(tokens[index:run_end])
            if self._take(pending, run):
                pending = []
            index = run_end
        self.table.rows = {
            r.id: self.table.rows.get(r.id) or BoundRow(id=r.id, label=r.label, present=False)
            for r in self.spec.rows
        }
        return self.table

    def _bad_value(self, pending: List[Token], token: Token) -> bool:
        """A short non-numeric cell right after a row label in the same grid row (``行政许可 | 三``)."""
        if token.row is None or not pending or pending[-1].row != token.row:
            return False
        if len(token.text) > _MAX_BAD_VALUE or any(c in token.text for c in "()（）"):
            return False
        previous = normalize_label(pending[-1].text)
        return (
            _match_row(previous, self.spec, set(), strict=False) is not None
            and _match_row(normalize_label(token.text), self.spec, set(), strict=False) is None
        )

    def _run_end(self, tokens: Sequence[Token], start: int) -> int:
        """End of the run of cells after a label: values, blanks and, inside an explicit row, bad cells."""
        row = tokens[start].row
        if tokens[start].row_end:
            return start + 1
        index, seen_value = start + 1, tokens[start].kind != EMPTY
        while index < len(tokens):
            token = tokens[index]
            if token.kind == TEXT:
                in_row = seen_value and row is not None and token.row == row
                if not in_row or _match_row(normalize_label(token.text), self.spec, set(), strict=False):
                    break
            seen_value = seen_value or token.kind == VALUE
            index += 1
            if token.row_end:
                break
        return index

    def _take(self, pending: List[Token], run: List[Token]) -> bool:
        """Bind ``run`` to the row ``pending`` names; False when only blanks followed unknown text."""
        label = normalize_label("".join(t.text for t in pending))
        has_value = any(t.kind != EMPTY for t in run)
        row = _match_row(label, self.spec, self.taken, strict=not has_value) if label else None
        if row is None and has_value and label:
            row = self._headless(pending) or _fuzzy_row(label, self.spec, self.taken)
        if row is None:
            if has_value and 2 <= len(label) <= 60:
                self.table.unknown_rows.append(("".join(t.text for t in pending), pending[0].location))
            return has_value
        if row.id in self.taken:
            return True
        self.taken.add(row.id)
        self.table.present = True
        anchor = pending[-1] if pending else run[0]
        bound = BoundRow(
            id=row.id,
            label=row.label,
            present=True,
            label_text="".join(t.text for t in pending) if not row.headless else "",
            location=anchor.location,
        )
        table, short, label = self.spec.id, self.spec.short_title, "" if row.headless else row.label
        for position, column in enumerate(row.columns):
            if position < len(run):
                token = run[position]
                kind, value = classify_cell(token.text, self.placeholders, column.decimal, column.signed)
                raw, where, inferred = token.text, token.location, False
            else:
                kind, value = CellKind.BLANK, None
                raw, where, inferred = "", run[-1].location if run else anchor.location, True
            bound.cells[column.id] = Cell(table, row.id, column.id, raw, kind, value, where, inferred, short, label, column.label)
        self.table.rows[row.id] = bound
        if self.table.location is None:
            self.table.location = anchor.location
        return True

    def _headless(self, pending: List[Token]) -> Optional[RowSpec]:
        """Table 4's single unlabelled row: the numbers right after its header."""
        for row in self.spec.rows:
            if row.headless and row.id not in self.taken:
                last = normalize_label(pending[-1].text)
                if last.endswith(_TABLE4_HEADER_END) or last in self.spec.header:
                    return row
        return None


def bind_table(spec: TableSpec, lines: Sequence[Line], placeholders: FrozenSet[str]) -> BoundTable:
    """Bind one template table from the lines of its section."""
    return _Binder(spec, placeholders).bind(tokenize(lines, placeholders))
