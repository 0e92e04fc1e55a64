"""Text normalisation shared by every stage that compares labels or numbers."""

from __future__ import annotations

import functools
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import FrozenSet, Optional, Tuple

from .model import CellKind, Number

#: White space, and the zero-width characters Word and web editors leave in cells.
_WHITESPACE = re.compile(r"[\s\u200b-\u200d\u2060\ufeff]+")
_QUOTES = str.maketrans("", "", "\"'“”‘’「」『』〝〞″")
# `1、` / `1,` after NFKC -> `1.`; a Chinese enumerator comma is the usual variant.
_ENUMERATOR = re.compile(r"(?<![0-9])([0-9]{1,2})[、,](?=\D)")
_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_UNIT = re.compile(r"(?:件|个|条|项|次|万元|元|宗|份)$")
_DASHES = "-‐―–—－"  # hyphen-minus, U+2010 hyphen, horizontal bar, en and em dash, full-width hyphen-minus
#: A line that is only a page number: ``- 5 -``, ``‐5‐``, ``第5页``, ``第5页 共6页``, ``共6页 第5页``, ``3/12``.
#: The one definition: the readers drop such lines, binding and prose skip them, and DL801 reports them
#: (``builtin: page-marker`` in ``rules/national.yaml``).
PAGE_MARKER = re.compile(
    rf"^\s*(?:[{_DASHES}]+\s*\d{{1,4}}\s*[{_DASHES}]+"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/、]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[,，/、]?\s*第\s*\d{1,4}\s*页"
    r"|\d{1,4}\s*/\s*\d{1,4})\s*$"
)


def fold(text: str) -> str:
    """NFKC (full-width to half-width) without touching spaces."""
    return unicodedata.normalize("NFKC", text)


def squeeze(text: str) -> str:
    """NFKC with all whitespace removed (how claims and prose are compared)."""
    return _WHITESPACE.sub("", fold(text))


def normalize_label(text: str) -> str:
    """Canonical form of a label: half-width, no spaces or quotes, `1、` as `1.`."""
    return _normalize_short(text) if len(text) <= _MEMO_CHARS else _normalize(text)


def _normalize(text: str) -> str:
    folded = squeeze(text).translate(_QUOTES)
    return _ENUMERATOR.sub(r"\1.", folded)


#: Labels and cells are short and repeat across reports: those are memoised (long prose is not).
_MEMO_CHARS = 80
_normalize_short = functools.lru_cache(maxsize=16384)(_normalize)


def is_page_marker(text: str) -> bool:
    return bool(PAGE_MARKER.match(text))


@functools.lru_cache(maxsize=8192)
def parse_number(raw: str) -> Optional[Number]:
    """An int or Decimal written in a cell (thousands separators and a unit allowed), else None."""
    text = _UNIT.sub("", _WHITESPACE.sub("", fold(raw)))
    if not _NUMBER.fullmatch(text):
        return None
    text = text.replace(",", "")
    if "." in text:
        try:
            return Decimal(text)
        except InvalidOperation:  # pragma: no cover - the regex admits only valid decimals
            return None
    return int(text)


def looks_numeric(raw: str) -> bool:
    """True when a free-standing token reads as a number (used to split label text from values)."""
    return parse_number(raw) is not None


@functools.lru_cache(maxsize=8192)
def classify_cell(
    raw: str, placeholders: FrozenSet[str], decimal: bool = False, signed: bool = False
) -> Tuple[CellKind, Optional[Number]]:
    """Kind and value of one numeric cell.

    Counts are non-negative integers; a decimal column (the fee amount) takes
    Decimals; ``signed`` columns (2019 本年增/减) may be negative.  Memoised:
    cells repeat (``0`` above all).
    """
    text = _WHITESPACE.sub("", fold(raw))
    if not text:
        return CellKind.BLANK, None
    if text in placeholders:
        return CellKind.PLACEHOLDER, None
    value = parse_number(text)
    if value is None:
        return CellKind.INVALID, None
    if value < 0 and not signed:
        return CellKind.INVALID, None
    if isinstance(value, Decimal) and not decimal:
        if value != value.to_integral_value():
            return CellKind.INVALID, None
        value = int(value)
    if decimal and isinstance(value, int):
        value = Decimal(value)
    return CellKind.NUMBER, value
