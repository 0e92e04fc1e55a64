"""The national rules (built-in plugin ``disclosurelint.builtin``)."""

from __future__ import annotations

from typing import Dict, Optional

from ..model import BoundTable, Cell
from ..templates import TableSpec


def cell_context(table: TableSpec, row_id: Optional[str] = None, column_id: Optional[str] = None) -> Dict[str, str]:
    """Logical location of a table, row or cell: ids and their template labels."""
    context = {"table": table.id, "table_label": table.title}
    if row_id is not None:
        row = table.row(row_id)
        context.update(row=row_id, row_label=row.label if not row.headless else "")
        if column_id is not None:
            column = next(c for c in row.columns if c.id == column_id)
            context.update(column=column_id, column_label=column.label)
    return context


def cell_name(table: TableSpec, cell: Cell) -> str:
    """``（七）总计 / 自然人`` for messages."""
    row = table.row(cell.row)
    column = next(c for c in row.columns if c.id == cell.column)
    return f"{row.label} / {column.label}" if not row.headless else column.label


def present_tables(tables: Dict[str, BoundTable]) -> Dict[str, BoundTable]:
    return {k: t for k, t in tables.items() if t.present}
