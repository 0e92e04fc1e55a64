"""Binding: turn the lines of a table section into Table 2/3/4 cells.

Every layout is first flattened into one stream of tokens (label text, values
and explicitly empty cells), then the stream is matched against the template:
label text selects a template row, the values that follow fill its columns in
order.  This one mechanism reads all the text layouts (pipe rows, one cell per
line, tab cells with continuation lines, one cell per paragraph, PDF text with
space-separated cells, wrapped labels and page markers) as well as HTML/DOCX
grids when grid binding (:mod:`.gridbind`) found nothing.  Where row
boundaries are known (pipe rows, grids, blank lines between tab cells) an
empty cell is a blank cell in place; where they are lost, a row with fewer
values than columns gets blank cells at its end.

Text scraped from a web page with its tags stripped runs a row's cells
together (``一、本年新收政府信息公开申请数量750000075``).  Such a digit run is
split only where the row's own arithmetic (a 总计 column is the sum of the
columns before it) leaves exactly one way; otherwise the row is present but
unreadable, never blank.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Collection, FrozenSet, List, Optional, Sequence, Set, Tuple

from .model import BoundRow, BoundTable, Cell, CellKind, Line, Location, span_in
from .normalize import classify_cell, is_page_marker, looks_numeric, normalize_label
from .templates import ColumnSpec, RowSpec, TableSpec

TEXT, VALUE, EMPTY = "text", "value", "empty"
#: Digits run into the label before them: one cell, or a row's cells without separators.
RUN = "run"

_PIPES = re.compile(r"[|｜]")
_ONLY_PIPES = re.compile(r"^[\s|｜:\-–—]*$")
_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_SPLIT = re.compile(r"\S+")
_WHOLE = re.compile(r"\S.*\S|\S")
#: The header cell just before Table 4's numbers ends in one of these.
_TABLE4_HEADER_END = ("总计", "审结", "起诉", "纠正", "维持", "结果")
#: Longest text taken as a mistyped number when it follows a row label in a grid row.
_MAX_BAD_VALUE = 8
_DIGITS = re.compile(r"\d+(?:\.\d+)?")
#: Characters of a numbered label that tell it after a digit run (``00000003.危及…``), OCR damage beyond them.
_NUMBERED_START = 6
#: What may follow a digit run that holds cells: the next row's numbering (``2.``, ``四、``, ``（二）``)
#: or block (``第二十条``).  Anything else (``行政处罚12起``) makes the digits a figure in prose.
_TABLE_TEXT_AFTER = re.compile(r"\d[.、．](?!\d)|[一二三四五六七八九十]{1,2}、|[（(][一二三四五六七八九十]{1,2}[)）]|第二十条")
#: Longest digit run tried (longer runs are never split: not a table row).
_MAX_RUN = 60
#: Characters before a digit run looked at for the label it follows.
_LONGEST_LABEL = 60


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
    return Token(stripped, kind_of(stripped, placeholders), location, row)


@functools.lru_cache(maxsize=16384)
def kind_of(stripped: str, placeholders: FrozenSet[str]) -> str:
    """TEXT, VALUE (a number or a placeholder) or EMPTY: what a stripped cell or word holds."""
    if not stripped:
        return EMPTY
    if looks_numeric(stripped) or normalize_label(stripped) in placeholders:
        return VALUE
    return TEXT


def _span(text: str, line: Location, start: int, end: int) -> Location:
    """The location of ``text[start:end]``, ``text`` being the source text at ``line`` (a line, or part of one)."""
    if line.span is None:
        return line
    found = span_in(line.span.line, text, start, end, line.page)
    base = (line.span.column or 1) - 1
    if not base:
        return found
    return found._replace(span=found.span._replace(column=found.span.column + base, end_column=found.span.end_column + base))


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


def match_row(text: str, spec: TableSpec, taken: set, strict: bool) -> Optional[RowSpec]:
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


def fuzzy_row(text: str, spec: TableSpec, taken: set) -> Optional[RowSpec]:
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


class TableBuilder:
    """A BoundTable filled row by row: what the token-stream and the grid binders share."""

    def __init__(self, spec: TableSpec, placeholders: FrozenSet[str]) -> None:
        self.spec = spec
        self.placeholders = placeholders
        self.table = BoundTable(id=spec.id, title=spec.title, present=False, short_title=spec.short_title)
        self.taken: Set[str] = set()

    def bind_row(
        self,
        row: RowSpec,
        label_text: str,
        anchor: Location,
        values: Sequence[Optional[Tuple[str, Location]]],
        blank_at: Location,
        missing: Collection[str] = (),
    ) -> None:
        """Bind template row ``row``; ``values[i]`` is the raw text and location of its i-th column.

        A column beyond ``values`` or given as None was not written: an
        inferred blank at ``blank_at``.  Columns in ``missing`` (absent from
        the source table) get no cell.
        """
        self.taken.add(row.id)
        self.table.present = True
        bound = BoundRow(id=row.id, label=row.label, present=True, label_text="" if row.headless else label_text, location=anchor)
        table, short, label = self.spec.id, self.spec.short_title, "" if row.headless else row.label
        for position, column in enumerate(row.columns):
            if column.id in missing:
                continue
            value = values[position] if position < len(values) else None
            if value is not None:
                raw, where = value
                kind, number = classify_cell(raw, self.placeholders, column.decimal, column.signed)
            else:
                raw, where, (kind, number) = "", blank_at, (CellKind.BLANK, None)
            bound.cells[column.id] = Cell(table, row.id, column.id, raw, kind, number, where, value is None, short, label, column.label)
        self.table.rows[row.id] = bound
        if self.table.location is None:
            self.table.location = anchor

    def unreadable(self, row: RowSpec, label_text: str, anchor: Location) -> None:
        """Row ``row`` is there, but its numbers cannot be read (run together): present, without cells."""
        self.taken.add(row.id)
        self.table.present = True
        self.table.rows[row.id] = BoundRow(id=row.id, label=row.label, present=True, label_text=label_text, location=anchor)
        self.table.unreadable_rows.append(row.id)
        if self.table.location is None:
            self.table.location = anchor

    def finish(self) -> BoundTable:
        """The table with every template row, those not bound marked absent."""
        self.table.rows = {
            r.id: self.table.rows.get(r.id) or BoundRow(id=r.id, label=r.label, present=False) for r in self.spec.rows
        }
        self.table.missing_columns = [c.id for c in self.spec.columns() if c.id in set(self.table.missing_columns)]
        return self.table


class _Binder:
    """The token-stream binder: labels select rows, the values after them fill the columns in order."""

    def __init__(self, spec: TableSpec, placeholders: FrozenSet[str]) -> None:
        self.spec = spec
        self.placeholders = placeholders
        self.builder = TableBuilder(spec, placeholders)
        self.taken = self.builder.taken
        #: Each row with the normalised texts its label can end in (Table 4's row: its header's last words).
        self.endings = [
            (_TABLE4_HEADER_END if row.headless else (row.norm_label, *(key for key, _ in row.matchers)), row) for row in spec.rows
        ]
        self.any_ending = tuple(end for ends, _ in self.endings for end in ends)
        #: The start of each numbered row label (``2.其他法律``).
        self.numbered = tuple(row.norm_label[:_NUMBERED_START] for row in spec.rows if row.norm_label[:1].isdigit())

    def bind(self, tokens: Sequence[Token]) -> BoundTable:
        tokens = [piece for token in tokens for piece in self._unglue(token)]
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
        return self.builder.finish()

    def _bad_value(self, pending: List[Token], token: Token) -> bool:
        """A short non-numeric cell right after a row label in the same grid row (``行政许可 | 三``)."""
        if token.row is None or not pending or pending[-1].row != token.row:
            return False
        return is_bad_value(token.text, normalize_label(pending[-1].text), self.spec)

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
                if not in_row or match_row(normalize_label(token.text), self.spec, set(), strict=False):
                    break
            seen_value = seen_value or token.kind in (VALUE, RUN)
            index += 1
            if token.row_end:
                break
        return index

    def _take(self, pending: List[Token], run: List[Token]) -> bool:
        """Bind ``run`` to the row ``pending`` names; False when only blanks followed unknown text."""
        label = normalize_label("".join(t.text for t in pending))
        has_value = any(t.kind != EMPTY for t in run)
        row = match_row(label, self.spec, self.taken, strict=not has_value) if label else None
        if row is None and has_value and label:
            row = self._headless(pending) or fuzzy_row(label, self.spec, self.taken)
        if row is None:
            if has_value and 2 <= len(label) <= 60:
                self.builder.table.unknown_rows.append(("".join(t.text for t in pending), pending[0].location))
            return has_value
        if row.id in self.taken:
            return True
        anchor = pending[-1] if pending else run[0]
        label_text = "".join(t.text for t in pending)
        values = [(t.text, t.location) for t in run[: len(row.columns)]]
        if len(run) == 1 and run[0].kind == RUN and len(row.columns) > 1:
            parts = split_digits(run[0].text, row.columns)
            if parts is None:
                self.builder.unreadable(row, label_text, anchor.location)
                return True
            values, offset = [], 0
            for part in parts:
                values.append((part, _within(run[0].location, offset, offset + len(part))))
                offset += len(part)
        self.builder.bind_row(row, label_text, anchor.location, values, run[-1].location if run else anchor.location)
        return True

    def _unglue(self, token: Token) -> List[Token]:
        """``token`` cut where a digit run follows a row label (or Table 4's header) with nothing between."""
        if token.kind != TEXT or not _DIGITS.search(token.text):
            return [token]
        text, pieces, last = token.text, [], 0
        for m in _DIGITS.finditer(text):
            start, end = m.span()
            prefix = normalize_label(text[max(last, start - _LONGEST_LABEL) : start])
            if not prefix.endswith(self.any_ending):
                continue
            if end - start > 1 and normalize_label(text[end - 1 : end - 1 + _LONGEST_LABEL]).startswith(self.numbered):
                end -= 1  # the last digit numbers the next row (``00000002.其他法律…``)
            row = next(row for ends, row in self.endings if prefix.endswith(ends))
            if (len(row.columns) > 1 and end - start < len(row.columns)) or not self._table_text_after(text, end):
                continue
            pieces += [(last, start, TEXT), (start, end, RUN)]
            last = end
        if not pieces:
            return [token]
        pieces.append((last, len(text), TEXT))
        return [Token(text[a:b], kind, _within(token.location, a, b), token.row) for a, b, kind in pieces if text[a:b].strip()]

    def _table_text_after(self, text: str, end: int) -> bool:
        """The text after a digit run at ``end`` is nothing, or starts a table row or block."""
        if end == len(text) or _TABLE_TEXT_AFTER.match(text, end):
            return True
        return normalize_label(text[end : end + _LONGEST_LABEL]).startswith(self.any_ending)

    def _headless(self, pending: List[Token]) -> Optional[RowSpec]:
        """Table 4's single unlabelled row: the numbers right after its header."""
        for row in self.spec.rows:
            if row.headless and row.id not in self.taken:
                last = normalize_label(pending[-1].text)
                if last.endswith(_TABLE4_HEADER_END) or last in self.spec.header:
                    return row
        return None


def _within(location: Location, start: int, end: int) -> Location:
    """``location`` narrowed to characters ``start:end`` of its text (ASCII digits and labels on one line)."""
    span = location.span
    if span is None or span.column is None or span.end_line != span.line:
        return location
    return location._replace(span=span._replace(column=span.column + start, end_column=span.column + end))


def split_digits(digits: str, columns: Sequence[ColumnSpec]) -> Optional[List[str]]:
    """``digits`` cut into one number per column, if the row's arithmetic allows exactly one way.

    Numbers have no leading zeros; a ``total`` column is the sum of the
    columns since the previous total.  None when no way or several ways fit.
    """
    if len(digits) > _MAX_RUN or not digits.isdigit():
        return None
    found: List[List[str]] = []

    def walk(position: int, column: int, subtotal: int, parts: List[str]) -> None:
        if len(found) > 1:
            return
        if column == len(columns):
            if position == len(digits):
                found.append(parts)
            return
        if columns[column].total:
            total = str(subtotal)
            if digits.startswith(total, position):
                walk(position + len(total), column + 1, 0, parts + [total])
            return
        longest = len(digits) - position - (len(columns) - column - 1)
        for size in range(1, longest + 1):
            part = digits[position : position + size]
            if size > 1 and part[0] == "0":
                break
            walk(position + size, column + 1, subtotal + int(part), parts + [part])

    walk(0, 0, 0, [])
    return found[0] if len(found) == 1 else None


def is_bad_value(text: str, label: str, spec: TableSpec) -> bool:
    """``text``, in a data cell after row label ``label`` (normalised), is a mistyped number, not a label."""
    if len(text) > _MAX_BAD_VALUE or any(c in text for c in "()（）"):
        return False
    return match_row(label, spec, set(), strict=False) is not None and match_row(normalize_label(text), spec, set(), strict=False) is None


def bind_table(spec: TableSpec, lines: Sequence[Line], placeholders: FrozenSet[str]) -> BoundTable:
    """Bind one template table from the lines of its section: by the grid where the source has one.

    Rows the grids lack are taken from the section's text lines only when
    written there in full (part of a table that lost its ruling on a PDF
    page), never from a figure in prose (``行政规范性文件 13 件``).
    """
    if not any(line.cells is not None for line in lines):
        return _Binder(spec, placeholders).bind(tokenize(lines, placeholders))
    from .gridbind import bind_grids

    table = bind_grids(spec, lines, placeholders)
    text = [line for line in lines if line.cells is None]
    if not table.present:
        return _Binder(spec, placeholders).bind(tokenize(lines, placeholders))
    if any(not row.present for row in table.rows.values()) and text:
        rest = _Binder(spec, placeholders).bind(tokenize(text, placeholders))
        for row_id, row in table.rows.items():
            found = rest.rows[row_id]
            if not row.present and found.present and found.cells and not any(c.inferred for c in found.cells.values()):
                table.rows[row_id] = found
    return table
