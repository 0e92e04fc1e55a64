"""Every rule case, run: the doc cases shipped with the rules and the regression cases of tests/rule_cases.

The format is documented in ``src/disclosurelint/testing.py``.  One test per
case; then the catalog checks: every registered rule (the example plugin's
included) has failing and passing cases, doc ones among them, a Chinese title,
and docs in Chinese first (``## 为什么``, the doc cases under ``## 错误示例`` and
``## 正确示例``), the built-in rules' English ``## Why`` after them.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import List

import pytest

from disclosurelint.api import Linter
from disclosurelint.findings import Severity
from disclosurelint.rule import Rule
from disclosurelint.testing import (
    BASES,
    FAILS_HEADING,
    PASSES_HEADING,
    CaseError,
    RuleCase,
    build_report,
    case_tests,
    check_case,
    excerpt,
    load_cases,
    missing_cases,
    missing_docs,
    registered_rules,
    rule_cases,
    run_case,
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


def example_plugin_linter(monkeypatch):
    """A linter factory with the example plugin (imported from its source) under its entry-point name."""
    monkeypatch.syspath_prepend(str(PLUGIN_SRC))
    plugin = importlib.import_module("disclosurelint_zhejiang.plugin")

    def make_linter(config):
        return Linter(config, plugins=[("zhejiang", plugin)])

    return make_linter


@pytest.mark.parametrize("rule", builtin_rules(), ids=lambda r: r.code)
def test_docs_explain_why_and_show_the_doc_cases(rule):
    """Chinese first for reviewers (title, 为什么, examples), English kept for developers (lead, Why)."""
    docs = rule.docs()
    assert rule.summary and docs.startswith(f"{rule.title}\n") and docs.split("\n\n")[0].count("\n") == 1
    headings = [docs.index(h) for h in ("## 为什么", FAILS_HEADING, PASSES_HEADING, "## Why")]
    assert headings == sorted(headings)
    fails, passes = docs.split(FAILS_HEADING, 1)[1].split("## Why", 1)[0].split(PASSES_HEADING, 1)
    for case in rule_cases(rule):
        shown = excerpt(case).splitlines()[0].strip()
        assert shown in (fails if case.expect_fail else passes), (case.id, shown)
        if case.description:
            assert case.description in (fails if case.expect_fail else passes)


@pytest.mark.parametrize("base", sorted(BASES))
def test_clean_bases_give_no_finding(base):
    case = RuleCase("DL201", f"clean {base}", "test", {"base": base, "pass": True})
    assert run_case(case).findings == []


def test_base_rows_come_from_the_template():
    from disclosurelint.templates import builtin_templates

    text = build_report()
    for row in builtin_templates()["2021"].table("table3").rows:
        assert f" {row.label} |" in text
    with pytest.raises(CaseError, match="no row refused_9"):
        build_report(table3={"refused_9": [0] * 7})


def test_example_plugin_rules_have_cases_and_pass_them(monkeypatch):
    """Plugin rules are held to the same standard: ZJ101 ships a case file, ZJ301 its pack's cases."""
    make_linter = example_plugin_linter(monkeypatch)
    settings = {"select": ["ZJ", "DL"], "autoload-plugins": False}
    rules = [r for r in registered_rules(settings, make_linter) if r.plugin == "zhejiang"]
    assert sorted(r.code for r in rules) == ["ZJ101", "ZJ301"]
    cases = [c for r in rules for c in rule_cases(r, doc_only=False)]
    assert missing_cases(rules, cases) == []
    for case in cases:
        check_case(case, settings, make_linter)
    for rule in rules:
        assert "## 为什么" in rule.docs() and FAILS_HEADING in rule.docs() and PASSES_HEADING in rule.docs()


def test_every_registered_rule_is_documented_in_chinese(monkeypatch):
    """Reviewers read the catalog in Chinese: every rule a run registers, built-in or from a plugin
    (a YAML identity too), has a Chinese title and docs with 为什么 and its doc cases' examples."""
    rules = registered_rules({"autoload-plugins": False}, example_plugin_linter(monkeypatch))
    assert {"DL001", "DL301", "DL801", "ZJ101", "ZJ301"} <= {r.code for r in rules}
    assert missing_docs(rules) == []


class EnglishOnly(Rule):
    """A rule documented the old way.

    ## Why
    Developers read it; reviewers cannot.
    """

    code = "XX101"
    name = "english-only"
    severity = Severity.NOTE
    summary = "A rule documented the old way"


class TitleOnly(EnglishOnly):
    """A rule with a Chinese title and nothing else in Chinese.

    ## 为什么

    ## Why
    The 为什么 section is empty.
    """

    code = "XX102"
    title = "只有中文标题"


def test_a_rule_without_chinese_docs_fails_the_catalog_check():
    assert missing_docs([EnglishOnly, TitleOnly]) == [
        "XX101: no Chinese title (class attribute title, or title: in a rule pack)",
        "XX101: no ## 为什么 in Chinese in its docs (docstring, or why_zh: in a rule pack)",
        f"XX101: no {FAILS_HEADING} in its docs (doc cases)",
        f"XX101: no {PASSES_HEADING} in its docs (doc cases)",
        "XX102: no ## 为什么 in Chinese in its docs (docstring, or why_zh: in a rule pack)",
        f"XX102: no {FAILS_HEADING} in its docs (doc cases)",
        f"XX102: no {PASSES_HEADING} in its docs (doc cases)",
    ]
    assert EnglishOnly.docs().startswith("A rule documented the old way.\n\n## Why")  # no title: the lead first


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
        check_case(case)
    quiet = RuleCase("DL201", "other rule", "test", {"table2": {"regulations": ["/", 0, 0]}, "pass": True})
    with pytest.raises(AssertionError, match=r"other rules: expected \[\], got \['DL202'\]"):
        check_case(quiet)


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
