"""Running rule cases: for disclosurelint's own tests and plugins' (the case format is :mod:`disclosurelint.cases`).

:func:`run_case` lints a case's files in one run in a temporary folder and
:func:`check_case` asserts that it gives exactly what it expects;
:func:`case_tests` turns a plugin's cases into two pytest tests in one line.
The format's loaders are re-exported here, so a plugin's tests import one
module.  pytest is imported only when :func:`case_tests` is called.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from .cases import (
    BASES,
    DEFAULT_BASE,
    FAILS_HEADING,
    HISTORY_FOLDER,
    PASSES_HEADING,
    Base,
    CaseError,
    Matcher,
    RuleCase,
    Source,
    build_report,
    builtin_cases_folder,
    cases_from_document,
    examples_markdown,
    excerpt,
    load_cases,
    rule_cases,
    rule_docs,
    source_text,
)

if TYPE_CHECKING:  # pragma: no cover
    from .api import Linter
    from .config import Config
    from .findings import Finding

__all__ = [
    "BASES",
    "BUILTIN_SETTINGS",
    "Base",
    "CaseError",
    "CaseResult",
    "DEFAULT_BASE",
    "FAILS_HEADING",
    "HISTORY_FOLDER",
    "LinterFactory",
    "Matcher",
    "PASSES_HEADING",
    "RuleCase",
    "Source",
    "build_report",
    "builtin_cases_folder",
    "case_tests",
    "cases_from_document",
    "check_case",
    "collect_cases",
    "examples_markdown",
    "excerpt",
    "load_cases",
    "missing_cases",
    "missing_docs",
    "registered_rules",
    "rule_cases",
    "rule_docs",
    "run_case",
    "source_text",
    "to_toml",
]

LinterFactory = Callable[["Config"], "Linter"]

#: Settings every case of the built-in rules runs with: installed plugins are not loaded.
BUILTIN_SETTINGS: Dict[str, Any] = {"autoload-plugins": False}


def run_case(
    case: RuleCase, settings: Optional[Mapping[str, Any]] = None, make_linter: Optional[LinterFactory] = None
) -> "CaseResult":
    """Lint the case's files in one run in a temporary folder (its config file written there)."""
    from .api import Linter
    from .config import load_config

    factory = make_linter or Linter
    with tempfile.TemporaryDirectory(prefix="disclosurelint-case-") as tmp:
        folder = Path(tmp)
        values: Dict[str, Any] = dict(BUILTIN_SETTINGS if settings is None else settings)
        values.update(case.settings)
        if case.data.get("history"):
            values["history"] = [HISTORY_FOLDER]
        config_file = folder / "disclosurelint.toml"
        config_file.write_text(to_toml(values), encoding="utf-8")
        for name, content in case.inputs().items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        config = load_config(config_file)
        linter = factory(config)
        result = linter.run([str(folder / name) for name in case.linted()])
        root = str(folder)
        findings = [f for file in result.files for f in file.findings]

        def relative(path: str) -> str:
            return os.path.relpath(path, root).replace(os.sep, "/") if os.path.isabs(path) else path

        return CaseResult(case, findings, relative, [type(r).code for r in linter.rules], list(linter.catalog.errors))

def check_case(
    case: RuleCase, settings: Optional[Mapping[str, Any]] = None, make_linter: Optional[LinterFactory] = None
) -> None:
    """Run the case; AssertionError (with the findings) unless it gives exactly what it expects."""
    result = run_case(case, settings, make_linter)
    problems = result.problems()
    if problems:
        raise AssertionError(result.report(problems))


@dataclass
class CaseResult:
    """The findings of one case's run, checked against what it expects."""

    case: RuleCase
    findings: List["Finding"]
    relative: Callable[[str], str]
    rules: List[str]
    plugin_errors: List[str]

    def problems(self) -> List[str]:
        case = self.case
        out: List[str] = []
        if case.rule not in self.rules:
            out.append(f"rule {case.rule} is not registered (plugin errors: {self.plugin_errors or 'none'})")
            return out
        own = [f for f in self.findings if f.code == case.rule]
        others = sorted(f.code for f in self.findings if f.code != case.rule)
        if not case.expect_fail and own:
            out.append(f"expected no {case.rule} finding, got {len(own)}")
        elif case.expect_fail and len(own) != case.count:
            out.append(f"expected {case.count} {case.rule} finding(s), got {len(own)}")
        elif case.expect_fail and case.matchers is not None and not _assign(case.matchers, own, self.relative):
            out.append(f"the {case.rule} findings do not match the expected ones: {case.data['fail']!r}")
        if case.also is not None and others != case.also:
            out.append(f"other rules: expected {case.also}, got {others}")
        return out

    def report(self, problems: Sequence[str]) -> str:
        lines = [f"case {self.case.where}:"] + [f"  {p}" for p in problems] + ["  findings:"]
        for f in self.findings:
            span = f.location.span if f.location is not None else None
            where = f"{self.relative(f.path)}:{span.line}:{span.column}" if span else self.relative(f.path)
            context = json.dumps(f.context, ensure_ascii=False, sort_keys=True)
            lines.append(f"    {f.code} {where} {context} {f.message}")
        if not self.findings:
            lines.append("    (none)")
        return "\n".join(lines)


def _assign(matchers: Sequence[Matcher], findings: Sequence["Finding"], relative: Callable[[str], str]) -> bool:
    """Whether each matcher can be given its own finding (order does not matter)."""
    fits = [[j for j, f in enumerate(findings) if m.matches(f, relative)] for m in matchers]
    taken: Dict[int, int] = {}

    def place(i: int, seen: set) -> bool:
        for j in fits[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in taken or place(taken[j], seen):
                taken[j] = i
                return True
        return False

    return all(place(i, set()) for i in range(len(matchers)))


_BARE = re.compile(r"^[A-Za-z0-9_-]+$")


def _toml_key(key: str) -> str:
    return key if _BARE.match(key) else json.dumps(key, ensure_ascii=False)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (str, Path)):
        return json.dumps(str(value), ensure_ascii=False)
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_toml_key(str(k))} = {_toml_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise CaseError(f"config: cannot write {value!r} as TOML")


def to_toml(settings: Mapping[str, Any]) -> str:
    """Settings (the keys of ``disclosurelint.toml``) as a TOML document of inline values."""
    return "".join(f"{_toml_key(str(k))} = {_toml_value(v)}\n" for k, v in settings.items())


# -- suites -------------------------------------------------------------------------


def registered_rules(settings: Optional[Mapping[str, Any]] = None, make_linter: Optional[LinterFactory] = None) -> List[type]:
    """The rule classes a linter with these settings registers (plugins included)."""
    from .api import Linter
    from .config import load_config

    with tempfile.TemporaryDirectory(prefix="disclosurelint-case-") as tmp:
        path = Path(tmp) / "disclosurelint.toml"
        path.write_text(to_toml(BUILTIN_SETTINGS if settings is None else settings), encoding="utf-8")
        linter = (make_linter or Linter)(load_config(path))
        return [type(r) for r in linter.catalog.rules]


def missing_cases(rules: Iterable[type], cases: Sequence[RuleCase]) -> List[str]:
    """What the rules lack: a failing and a passing case, and a failing and a passing doc case each."""
    problems = []
    for rule in rules:
        own = [c for c in cases if c.rule == rule.code]
        for fail, word in ((True, "failing"), (False, "passing")):
            if not any(c.expect_fail == fail for c in own):
                problems.append(f"{rule.code}: no {word} case")
            if not any(c.expect_fail == fail and c.doc for c in own):
                problems.append(f"{rule.code}: no {word} doc case (doc: true)")
    return problems


_HAN = re.compile(r"[\u3400-\u9fff]")
_WHY_ZH = re.compile(r"^## 为什么[^\n]*\n(.*?)(?=^## |\Z)", re.MULTILINE | re.DOTALL)


def missing_docs(rules: Iterable[type]) -> List[str]:
    """What the rules lack for their Chinese readers: a ``title`` in Chinese, and docs with a
    ``## 为什么`` in Chinese and the examples of their doc cases (:data:`FAILS_HEADING`,
    :data:`PASSES_HEADING`)."""
    problems = []
    for rule in rules:
        if not _HAN.search(getattr(rule, "title", "")):
            problems.append(f"{rule.code}: no Chinese title (class attribute title, or title: in a rule pack)")
        docs = rule.docs()
        why = _WHY_ZH.search(docs)
        if why is None or not _HAN.search(why.group(1)):
            problems.append(f"{rule.code}: no ## 为什么 in Chinese in its docs (docstring, or why_zh: in a rule pack)")
        for heading in (FAILS_HEADING, PASSES_HEADING):
            if heading not in docs:
                problems.append(f"{rule.code}: no {heading} in its docs (doc cases)")
    return problems


def collect_cases(rules: Iterable[type], *sources: Source) -> List[RuleCase]:
    """The cases ``rules`` ship (doc cases and the others of their files) and those of ``sources``."""
    out: List[RuleCase] = []
    for rule in rules:
        out += rule_cases(rule, doc_only=False)
    return out + load_cases(*sources)


def case_tests(
    *sources: Source,
    plugin: Optional[str] = None,
    settings: Optional[Mapping[str, Any]] = None,
    make_linter: Optional[LinterFactory] = None,
) -> Tuple[Callable[..., None], Callable[[], None]]:
    """Two pytest tests for a plugin's (or disclosurelint's) rules, to assign in a test module::

        from disclosurelint.testing import case_tests
        test_rule_case, test_rules_have_cases = case_tests("tests/rule_cases", plugin="zhejiang", settings={})

    The first runs every case (the doc cases of the plugin's rules and the
    cases in ``sources``), one test per case; the second checks that each rule
    of the plugin has failing and passing cases (doc ones included) and its
    Chinese docs (:func:`missing_docs`: a title, ``## 为什么``), and that the
    clean base reports give no finding at all.  ``settings`` default to
    :data:`BUILTIN_SETTINGS` (installed plugins not loaded): a plugin's tests
    pass ``{}`` (or other settings) so that the installed plugin is loaded.
    """
    import pytest

    owner = plugin or "disclosurelint"
    rules = [r for r in registered_rules(settings, make_linter) if getattr(r, "plugin", None) == owner]
    cases = collect_cases(rules, *(Path(s) if isinstance(s, str) else s for s in sources))

    @pytest.mark.parametrize("case", cases, ids=[c.id for c in cases])
    def test_rule_case(case: RuleCase) -> None:
        check_case(case, settings, make_linter)

    def test_rules_have_cases() -> None:
        assert rules, f"no rule registered by plugin {owner!r}"
        assert missing_cases(rules, cases) == []
        assert missing_docs(rules) == []
        for base in sorted({str(c.data.get("base", DEFAULT_BASE)) for c in cases if "files" not in c.data} | {DEFAULT_BASE}):
            clean = RuleCase(rules[0].code, f"clean base {base}", "case_tests", {"base": base, "pass": True})
            result = run_case(clean, settings, make_linter)
            assert result.findings == [], result.report(["the clean base report has findings"])

    return test_rule_case, test_rules_have_cases
