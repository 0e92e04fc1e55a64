"""Small hand-written reports for the tests that stay in Python (rule cases are YAML: tests/rule_cases).

A thin layer over :func:`disclosurelint.testing.build_report`: the clean base
report ``clean-2021`` (its rows and labels read from the template), edited
one thing at a time.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Sequence

from disclosurelint.testing import BASES, build_report

DEFAULT_T4 = list(BASES["clean-2021"].table4)


def person_only(n: int) -> List[object]:
    return [n, 0, 0, 0, 0, 0, n]


def default_table3() -> Dict[str, List[object]]:
    """Table 3 of the clean base by row id (rows not listed are all 0)."""
    return {row: list(values) for row, values in BASES["clean-2021"].table3.items()}


def report(
    t2: Optional[Dict[str, List[object]]] = None,
    t3: Optional[Dict[str, Optional[List[object]]]] = None,
    t4: Optional[List[object]] = None,
    prose: Optional[Dict[int, str]] = None,
    headings: Optional[Dict[int, Optional[str]]] = None,
    tables: Sequence[int] = (2, 3, 4),
    title: Optional[str] = None,
) -> str:
    """The clean base report with edits; pass ``None`` as a heading to leave a section out."""
    return build_report(
        "clean-2021", table2=t2, table3=t3, table4=t4, prose=prose, headings=headings, tables=tables, title=title
    )
