"""The one grammar of rule codes and selectors, shared by config, plugin registration, CLI and docs.

A rule code is 1–5 upper-case letters (the plugin's prefix) and 1–4 digits:
``DL301``, ``ZJ101``, ``SH1001``.  A selector (``select``, ``ignore``,
``per-file-ignores``, ``severity``) is a code, a prefix of one (``DL``, ``DL3``)
or ``ALL``.  ``DL`` is reserved for the national rules.
"""

from __future__ import annotations

import re

CODE = re.compile(r"[A-Z]{1,5}[0-9]{1,4}")
SELECTOR = re.compile(r"[A-Z]{1,5}[0-9]{0,4}")
ALL = "ALL"
RESERVED_PREFIX = "DL"
#: The grammar in words, for error messages and docs.
CODE_GRAMMAR = "1-5 upper-case letters and 1-4 digits"
SELECTOR_GRAMMAR = "1-5 upper-case letters and 0-4 digits (DL, DL3, DL301, SH) or ALL"


def is_code(text: str) -> bool:
    return CODE.fullmatch(text) is not None


def is_selector(text: str) -> bool:
    return text == ALL or SELECTOR.fullmatch(text) is not None
