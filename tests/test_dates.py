"""DL701 year-mismatch, DL702 late-publication, DL003 template-mismatch on the real reports.

The rule cases (hand-made inputs) are YAML: rules/cases/DL003.yaml, DL701.yaml, DL702.yaml
and tests/rule_cases/ (run by test_rule_cases.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from disclosurelint.api import Linter
from disclosurelint.checks.dates import RULES

from conftest import EXCERPTS, HUAIAN_PDF, HUAIAN_TEXT, SEEDS, builtin_config


@pytest.fixture(scope="module")
def linter() -> Linter:
    linter = Linter(builtin_config())
    linter.rules = [cls() for cls in RULES]
    return linter


@pytest.mark.parametrize("path", [*SEEDS.values(), HUAIAN_TEXT, HUAIAN_PDF, *EXCERPTS], ids=lambda p: Path(p).name)
def test_real_reports_are_clean(linter, path):
    assert linter.run([path]).files[0].findings == []


def test_dl702_seeds_on_time(linter):
    for seed in ("001", "004"):
        assert not [f for f in linter.run([SEEDS[seed]]).files[0].findings if f.code == "DL702"]
