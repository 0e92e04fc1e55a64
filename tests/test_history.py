"""DL601 carryover-mismatch and DL602 stock-roll-forward: the year summary they keep of a report.

The rule cases (runs over consecutive reports, history folders) are YAML:
rules/cases/DL601.yaml, DL602.yaml and tests/rule_cases/ (run by test_rule_cases.py).
"""

from __future__ import annotations

import pickle

import pytest

from disclosurelint.checks.history import CarryoverMismatch, StockRollForward, YearSummary, summarize_year

from conftest import SEEDS, builtin_config


def test_summary_is_small_and_picklable():
    from disclosurelint.api import Linter

    linter = Linter(builtin_config())
    summary = summarize_year(linter.parse(SEEDS["000"]), linter.context)
    assert isinstance(summary, YearSummary)
    assert (summary.agency, summary.year, summary.in_force, summary.issued) == ("永州市政府办", 2024, 120, 14)
    assert dict((c, v) for c, v, _ in summary.carried_over)["total"] == 0
    assert len(pickle.dumps(summary)) < 2000


def test_report_without_identity_is_not_summarised():
    from disclosurelint.api import Linter

    linter = Linter(builtin_config())
    parsed = linter.parse(SEEDS["000"])
    parsed.identity.agency = None
    assert summarize_year(parsed, linter.context) is None


@pytest.mark.parametrize("cls", [CarryoverMismatch, StockRollForward])
def test_rule_metadata(cls):
    assert cls.scope == "run" and cls.summary and "## Fails" in cls.docs()
    assert "heuristic" in StockRollForward.docs()
