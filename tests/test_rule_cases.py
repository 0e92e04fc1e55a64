"""Every rule case, run: the doc cases shipped with the rules and the regression cases of tests/rule_cases.

The format is documented in ``src/disclosurelint/testing.py``.  One test per
case; then the catalog checks: every registered rule (the example plugin's
included) has failing and passing cases, doc ones among them, and its docs
show them under ``## Fails``/``## Passes`` below a ``## Why``.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import List

import pytest

from disclosurelint.api import Linter
from disclosurelint.testing import (
    BASES,
    CaseError,
    RuleCase,
    build_report,
    case_tests,
    excerpt,
    load_cases,
    missing_cases,
    registered_rules,
    rule_cases,
)

from conftest import builtin_config, imported_after

CASES = Path(__file__).parent / "rule_cases"
PLUGIN_SRC = Path(__file__).resolve().parents[1] / "plugins" / "disclosurelint-example-province" / "src"

test_rule_case, test_every_rule_has_cases = case_tests(CASES)


def builtin_rules() -> List[type]:
    return [type(r) for r in Linter(builtin_config()).catalog.rules]


def test_case_files_are_named_after_their_rule():
    codes = {r.code for r in builtin_rules()}
    for folder in (CASES, Path(__file__).resolve().parents[1] / "rules" / "cases"):
        for path in sorted(folder.glob("*.yaml")):
            (rule,) = {c.rule for c in load_cases(path)}
            assert path.stem == rule and rule in codes, path


@pytest.mark.parametrize("rule", builtin_rules(), ids=lambda r: r.code)
def test_docs_explain_why_and_show_the_doc_cases(rule):
    docs = rule.docs()
    assert rule.summary and "## Why" in docs
    fails, passes = docs.split("## Fails", 1)[1].split("## Passes", 1)
    assert docs.index("## Why") < docs.index("## Fails")
    for case in rule_cases(rule):
        shown = excerpt(case).splitlines()[0].strip()
        assert shown in (fails if case.expect_fail else passes), (case.id, shown)
        if case.description:
            assert case.description in (fails if case.expect_fail else passes)


@pytest.mark.parametrize("base", sorted(BASES))
def test_clean_bases_give_no_finding(base):
    case = RuleCase("DL201", f"clean {base}", "test", {"base": base, "pass": True})
    assert case.run().findings == []


def test_base_rows_come_from_the_template():
    from disclosurelint.templates import builtin_templates

    text = build_report()
    for row in builtin_templates()["2021"].table("table3").rows:
        assert f" {row.label} |" in text
    with pytest.raises(CaseError, match="no row refused_9"):
        build_report(table3={"refused_9": [0] * 7})


def test_example_plugin_rules_have_cases_and_pass_them(monkeypatch):
    """Plugin rules are held to the same standard: ZJ101 ships a case file, ZJ301 its pack's cases."""
    monkeypatch.syspath_prepend(str(PLUGIN_SRC))
    plugin = importlib.import_module("disclosurelint_zhejiang.plugin")

    def make_linter(config):
        return Linter(config, plugins=[("zhejiang", plugin)])

    settings = {"select": ["ZJ", "DL"], "autoload-plugins": False}
    rules = [r for r in registered_rules(settings, make_linter) if r.plugin == "zhejiang"]
    assert sorted(r.code for r in rules) == ["ZJ101", "ZJ301"]
    cases = [c for r in rules for c in rule_cases(r, doc_only=False)]
    assert missing_cases(rules, cases) == []
    for case in cases:
        case.check(settings, make_linter)
    for rule in rules:
        assert "## Why" in rule.docs() and "## Fails" in rule.docs() and "## Passes" in rule.docs()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"tabel2": {}, "pass": True}, "did you mean 'table2'"),
        ({"pass": True, "fail": True}, "exactly one of fail: or pass:"),
        ({"table2": {"normative_documents": [1, 2, 3]}}, "exactly one of fail: or pass:"),
        ({"table3": {"new_applications": [1]}, "pass": True}, "no row new_applications"),
        ({"replace": {"不在报告里": "x"}, "pass": True}, "is not in the text"),
        ({"text": "x", "title": "y", "pass": True}, "give one input"),
        ({"base": "clean-2030", "pass": True}, "unknown base"),
        ({"fail": [{"message": "x"}], "also": "some"}, "also: takes"),
        ({"files": {"a.md": {}}, "title": "x", "pass": True}, "belongs to each entry of files"),
        ({"binary": "not base64!", "pass": True}, "not base64"),
    ],
)
def test_malformed_cases_are_refused_when_loaded(data, message):
    with pytest.raises(CaseError, match=message):
        RuleCase("DL201", "bad", "test", data)


def test_a_wrong_expectation_fails_with_the_findings():
    case = RuleCase("DL201", "wrong", "test", {"table2": {"normative_documents": [3, None, 20]}, "fail": [{"column": "in_force"}]})
    with pytest.raises(AssertionError, match="本年废止件数"):
        case.check()
    quiet = RuleCase("DL201", "other rule", "test", {"table2": {"regulations": ["/", 0, 0]}, "pass": True})
    with pytest.raises(AssertionError, match=r"other rules: expected \[\], got \['DL202'\]"):
        quiet.check()


def test_testing_imports_neither_pytest_nor_the_engine():
    loaded = imported_after("import disclosurelint.testing", ["pytest", "disclosurelint.api", "disclosurelint.readers.pdf"])
    assert loaded == []


def test_doc_cases_are_package_data():
    """Built-in doc cases ship next to the rule packs, so a wheel's ``disclosurelint rule`` shows them."""
    import re

    pyproject = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'"disclosurelint.rules" = \[[^\]]*"cases/\*\.yaml"', pyproject)
    from disclosurelint.testing import builtin_cases_folder

    shipped = {p.name for p in builtin_cases_folder().iterdir()}
    for rule in builtin_rules():
        assert f"{rule.code}.yaml" in shipped or isinstance(rule.cases, dict), rule.code
