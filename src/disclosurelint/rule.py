"""The rule interface shared by built-in and third-party rules.

A rule is a small class: a ``code`` (``DL301``; plugins use their own prefix),
a kebab-case ``name``, a default ``severity``, a Chinese ``title`` for the
reviewers who read the catalog (政务公开办, report editors), a one-line English
``summary`` for developers, a docstring that explains why, Chinese first
(``## 为什么``, then ``## Why``), and cases (``cases``, see
:mod:`disclosurelint.testing`) that the docs show as failing and passing
examples (``## 错误示例``, ``## 正确示例``) and the tests run
(``disclosurelint rule CODE`` prints both).  ``check`` crawls one report and
yields findings through :meth:`Rule.finding`.

Rules that compare reports with each other set ``scope = "run"``: the engine
calls :meth:`summarize` on every report (in worker processes; the summary must
be small and picklable) and :meth:`check_run` once with all summaries.  Rules
that also compare with previous years' reports set ``wants_history = True``:
the engine then finds, reads and summarises the files of the config's
``history`` folders (never a rule) and hands those summaries to
:meth:`check_run` as ``history``.
"""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING, Any, ClassVar, Dict, Iterable, List, Mapping, Optional

from .findings import Finding, Severity
from .model import Cell, Location, Report
from .packs import RulePacks
from .templates import Template, newest

if TYPE_CHECKING:  # pragma: no cover
    from .config import Config


class RuleContext:
    """What a rule may know besides the report: config, templates and rule-pack data.

    ``packs`` is the merged, compiled data of the loaded rule packs
    (:class:`~disclosurelint.packs.RulePacks`): ``ctx.packs.fee_statements``,
    ``ctx.packs.artifacts``, ``ctx.packs.narrative`` …, one attribute per pack key.
    """

    def __init__(
        self,
        config: "Config",
        templates: Optional[Mapping[str, Template]] = None,
        packs: Optional[RulePacks] = None,
        plugin: str = "disclosurelint",
    ) -> None:
        self.config = config
        self.templates: Mapping[str, Template] = templates or {}
        self.packs = packs if packs is not None else RulePacks()
        self.plugin = plugin

    def for_plugin(self, plugin: str) -> "RuleContext":
        return RuleContext(self.config, self.templates, self.packs, plugin)

    @property
    def settings(self) -> Dict[str, Any]:
        """This rule's plugin settings (``[tool.disclosurelint.plugins.NAME]``, checked against its declared settings)."""
        return self.config.plugin_settings(self.plugin)

    @property
    def default_template(self) -> Template:
        """The newest template: the one a report without tables is read against."""
        return newest(self.templates)

    def template(self, report: Report) -> Template:
        """The template the report was bound with."""
        return self.templates.get(report.template or "") or self.default_template


class Rule:
    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    severity: ClassVar[Severity] = Severity.WARNING
    #: What a finding of the rule means, in a few Chinese words and the terms of the format
    #: (``办理结果总计不等于各项之和``): the catalog, the README, SARIF, the HTML report.
    title: ClassVar[str] = ""
    #: The same in one English line, for developers and plugin authors.
    summary: ClassVar[str] = ""
    #: "report": checked per report.  "run": compares reports (see module doc).
    scope: ClassVar[str] = "report"
    tags: ClassVar[List[str]] = []
    #: False for rules that also apply to files with no recognisable report structure.
    needs_structure: ClassVar[bool] = True
    #: Run-scope rules: also summarise the reports of the config's ``history`` folders.
    wants_history: ClassVar[bool] = False
    #: Set by the plugin manager: the distribution/plugin that registered the rule.
    plugin: str = "disclosurelint"
    #: Where the rule's documented cases are (``disclosurelint.testing``): a YAML case file,
    #: or a folder holding ``CODE.yaml``.  None: the built-in folder ``disclosurelint/rules/cases``.
    #: ``docs()`` shows the cases marked ``doc: true`` as the rule's 错误示例/正确示例 (Fails/Passes).
    cases: ClassVar[Any] = None

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        return ()

    def summarize(self, report: Report, ctx: RuleContext) -> Any:
        """Run-scope rules: a small picklable summary of one report (or None)."""
        return None

    def check_run(self, summaries: List[Any], history: List[Any], ctx: RuleContext) -> Iterable[Finding]:
        """Run-scope rules: findings across the summaries of the run's reports, and (with
        ``wants_history``) the summaries of the history reports (never files of the run)."""
        return ()

    # -- helpers -----------------------------------------------------------

    def finding(
        self,
        report_or_path: Any,
        message: str,
        location: Optional[Location] = None,
        *,
        key: str = "",
        **context: str,
    ) -> Finding:
        """A finding of this rule.  ``context`` names the logical place; ``key`` says what the
        finding is about when the context does not (it keeps a code-scanning alert the same
        alert when lines move, see :meth:`Finding.identity`)."""
        path = report_or_path if isinstance(report_or_path, str) else report_or_path.path
        return Finding(
            code=self.code,
            name=self.name,
            severity=self.severity,
            message=message,
            path=path,
            location=location,
            context={k: v for k, v in context.items() if v},
            plugin=self.plugin,
            key=key,
        )

    def finding_at(self, report: Report, cell: Cell, message: str) -> Finding:
        """A finding about one table cell: its location and its template ids and labels."""
        return self.finding(report, message, cell.location, **cell.context())

    @classmethod
    def docs(cls) -> str:
        """The rule's documentation (Markdown), Chinese first: the :attr:`title` over the
        docstring's lead, the docstring's Chinese sections (``## 为什么``, settings), the
        ``## 错误示例``/``## 正确示例`` generated from its doc cases (:attr:`cases`), so that
        the examples shown are run by tests, then its English sections (``## Why`` on)."""
        from .cases import rule_docs

        return rule_docs(cls, inspect.cleandoc(cls.__doc__ or ""))

    @classmethod
    def describe(cls) -> Dict[str, Any]:
        """Catalog entry used by ``disclosurelint rules`` and SARIF ``tool.driver.rules``."""
        return {
            "code": cls.code,
            "name": cls.name,
            "severity": cls.severity.value,
            "title": cls.title,
            "summary": cls.summary,
            "docs": cls.docs(),
            "tags": list(cls.tags),
            "plugin": cls.plugin,
        }
