"""The identity expression language of rule packs: ``a + b - sum(group) == c``.

Deliberately tiny and parsed by hand (never ``eval``): a check is two sides
joined by ``==``; a side is terms joined by ``+``/``-``; a term is a name
(a row or column id), ``sum(name)`` (a row group of the template) or an
integer literal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, List, Optional, Tuple

from .model import Number

_TOKEN = re.compile(r"\s*(?:(==)|([+-])|(sum)\s*\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)|([A-Za-z_][A-Za-z0-9_]*)|(\d+))")


class ExpressionError(ValueError):
    """A malformed identity expression in a rule pack."""


@dataclass(frozen=True)
class Term:
    sign: int  # +1 or -1
    name: str  # row/column id, group name, or "" for a literal
    group: bool = False
    literal: int = 0


@dataclass(frozen=True)
class Identity:
    left: Tuple[Term, ...]
    right: Tuple[Term, ...]
    source: str

    def names(self) -> List[str]:
        return [t.name for t in self.left + self.right if t.name]


def parse_identity(source: str) -> Identity:
    """Parse ``LEFT == RIGHT``; raises :class:`ExpressionError` with the position of the problem."""
    sides: List[List[Term]] = [[]]
    sign, expect_term, pos = 1, True, 0
    text = source.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise ExpressionError(f"{source!r}: unexpected text at {pos}: {text[pos:pos + 10]!r}")
        eq, op, _sum, group, name, number = m.groups()
        if eq:
            if expect_term or len(sides) == 2:
                raise ExpressionError(f"{source!r}: misplaced '=='")
            sides.append([])
            sign, expect_term = 1, True
        elif op:
            if not expect_term:
                sign, expect_term = (1 if op == "+" else -1), True
            elif op == "-":
                sign = -sign
            else:
                raise ExpressionError(f"{source!r}: misplaced '+'")
        else:
            if not expect_term:
                raise ExpressionError(f"{source!r}: missing operator before {m.group(0).strip()!r}")
            if group:
                sides[-1].append(Term(sign, group, group=True))
            elif name:
                sides[-1].append(Term(sign, name))
            else:
                sides[-1].append(Term(sign, "", literal=int(number)))
            sign, expect_term = 1, False
        pos = m.end()
    if len(sides) != 2 or expect_term or not sides[0] or not sides[1]:
        raise ExpressionError(f"{source!r}: expected 'LEFT == RIGHT'")
    return Identity(tuple(sides[0]), tuple(sides[1]), source)


def evaluate_side(
    terms: Tuple[Term, ...],
    value: Callable[[str], Optional[Number]],
    group: Callable[[str], List[str]],
) -> Optional[Number]:
    """Sum of one side; None as soon as any operand is not a number."""
    total: Number = 0
    for term in terms:
        if not term.name:
            total += term.sign * term.literal
            continue
        for name in group(term.name) if term.group else [term.name]:
            v = value(name)
            if v is None:
                return None
            total += term.sign * v
    return total
