"""The engine: :class:`Linter` lints with one config, :class:`Session` gives each file the linter of its config.

    read → segment → bind tables → identity → rules → findings → filter → suppressions → baseline → format

The CLI, the pre-commit hook and programs share one driver,
:func:`disclosurelint.runner.run_files`: it lints the files of a run (from the
cache, in this process or in worker processes, each within its time limit),
reads the history folders for the cross-report rules, and assembles the
:class:`~disclosurelint.results.RunResult`.  :func:`lint_paths` and
:func:`lint_file` go through it; :func:`lint_text` lints a string with the
same :class:`Linter`.
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Set, Tuple, Union

from .baseline import Baseline, load_baseline
from .codes import RESERVED_PREFIX
from .config import Config, ConfigError, ConfigResolver
from .discovery import iter_report_files, repository_root
from .filter import UNREADABLE, DecisionEngine, unknown_selector_message
from .findings import INTERNAL_ERROR, Finding, Severity
from .globs import display_relative
from .model import Directive, ReadError, Report
from .parse import parse_document, parse_path
from .plugins import Catalog, load_catalog
from .results import FileResult, RunResult
from .rule import Rule, RuleContext
from .settings import Source, convert_settings, join
from .suppressions import Suppressor

PathLike = Union[str, Path]


@dataclass
class FileOutcome:
    """One file linted: its findings, the summaries run-scope rules keep of it and its suppression comments."""

    result: FileResult
    summaries: Dict[str, Any] = field(default_factory=dict)
    directives: List[Directive] = field(default_factory=list)


class Linter:
    """A linter for one config: plugins loaded (or a shared ``catalog``), settings checked, then any number of files.

    ``plugins`` are registered besides the built-in and installed ones: plugin
    modules or objects, or ``(name, plugin)`` pairs (the name is the one
    ``[tool.disclosurelint.plugins.NAME]`` and SARIF use).  Raises
    :class:`ConfigError` for plugin settings that do not match what the
    plugin declares, selectors that name no rule, a missing or failed
    ``require-plugins`` entry, and (``strict``) any plugin problem.
    """

    def __init__(self, config: Optional[Config] = None, plugins: Sequence[Any] = (), catalog: Optional[Catalog] = None) -> None:
        config = config or Config()
        #: The config as given (plugin tables unchecked): what worker processes build their linter from.
        self.given_config = config
        self.plugins = list(plugins)
        self.catalog = catalog or load_catalog(config, self.plugins)
        #: Problems of this config that are not errors (shown with the plugin load warnings).
        self.warnings: List[str] = []
        self.config = self._with_plugin_settings(config)
        self.catalog.configure(self.config)
        self.decisions = DecisionEngine(self.config)
        self._check_selectors()
        self._check_plugins()
        self.rules: List[Rule] = [
            r for r in self.catalog.rules if r.code == UNREADABLE or self.decisions.is_selected(r.code)
        ]
        self.parse_context = replace(self.catalog.parse, limits=self.config.limits)
        self.context = RuleContext(self.config, self.parse_context.templates, self.catalog.packs)
        self._unreadable = next(r for r in self.catalog.rules if r.code == UNREADABLE)
        self.suppressor = Suppressor(self)

    # -- checking the config against the plugins ---------------------------

    def _with_plugin_settings(self, config: Config) -> Config:
        """``config`` with each plugin's table checked and converted against the settings it declares
        (declared defaults filled in); tables of plugins that declare none are kept as they are."""
        declared, loaded = self.catalog.settings, self.catalog.plugins
        source, key = Source(config.where, config.root), config.key("plugins")
        checked: Dict[str, Dict[str, Any]] = {}
        for name, values in config.plugins.items():
            if name in declared:
                defaults = Source(f"plugin {name!r} defaults", config.root)
                checked[name] = convert_settings(source, join(key, name), values, declared[name], defaults)
                continue
            checked[name] = values
            if name in loaded or name in config.disable_plugins:
                continue
            close = difflib.get_close_matches(name, list(loaded), n=1)
            if close:
                raise source.error(join(key, name), f"unknown plugin (did you mean `{close[0]}`?)")
            if self.catalog.complete:
                self.warnings.append(f"{config.where}: `{join(key, name)}`: settings for plugin {name!r}, which is not installed")
        for name, specs in declared.items():
            if name not in checked and specs:
                checked[name] = convert_settings(source, join(key, name), {}, specs, Source(f"plugin {name!r} defaults", config.root))
        return replace(config, plugins=checked)

    def _check_selectors(self) -> None:
        """Every selector must name a rule: an error, or a warning when a plugin that might provide it is not loaded."""
        known = [r.code for r in self.catalog.rules]
        for where, key, selector in self.decisions.unknown_selectors(known):
            message = unknown_selector_message(where, key, selector, known)
            if self.catalog.complete or selector.startswith(RESERVED_PREFIX):
                raise ConfigError(message)
            self.warnings.append(f"{message}; a plugin that is not loaded may provide it")

    def _check_plugins(self) -> None:
        config, catalog = self.config, self.catalog
        for name in config.require_plugins:
            if name in catalog.failed:
                problem = f"did not load cleanly: {catalog.failed[name]}"
            elif name in catalog.plugins:
                continue
            elif name in config.disable_plugins or not config.autoload_plugins:
                problem = "is disabled (disable-plugins, --disable-plugin, --no-plugins or autoload-plugins = false)"
            else:
                problem = "is not installed"
            where, key = config.origin("require_plugins", name)
            raise ConfigError(f"{where}: `{key}`: required plugin {name!r} {problem}")
        problems = self.catalog.errors + self.warnings
        if config.strict and problems:
            where, key = config.origin("strict")
            raise ConfigError(f"{where}: `{key}`: plugins or rule packs did not load cleanly:\n  " + "\n  ".join(problems))

    # -- one file ------------------------------------------------------------

    def parse(self, path: PathLike) -> Union[Report, ReadError]:
        """Read and parse one file; never raises for a bad file."""
        return parse_path(path, self.parse_context, self.config.identity_override(path))

    def check(self, subject: Union[Report, ReadError], history: bool = False, model: bool = False) -> FileOutcome:
        """Run the per-report rules (and collect run-scope summaries) on a parsed file.

        ``history``: a previous years' report, only summarised for the rules that want history.
        ``model``: also keep the report's review model (:attr:`FileResult.model`).
        """
        if isinstance(subject, ReadError):
            if history:
                return FileOutcome(FileResult(subject.path))
            finding = self._unreadable.finding(subject.path, subject.message, None, kind=subject.kind)
            return FileOutcome(FileResult(subject.path, self.decisions.apply([finding])))
        findings: List[Finding] = []
        summaries: Dict[str, Any] = {}
        recognised = bool(subject.sections) or any(t.present for t in subject.tables.values())
        for rule in self.rules:
            if (history and not rule.wants_history) or (rule.needs_structure and not recognised):
                continue
            ctx = self.context.for_plugin(rule.plugin)
            try:
                if rule.scope == "run":
                    summary = rule.summarize(subject, ctx)
                    if summary is not None:
                        summaries[rule.code] = summary
                else:
                    findings.extend(rule.check(subject, ctx))
            except Exception as exc:  # a rule bug is reported under the rule's code, the run goes on
                findings.append(self._internal_error(subject.path, rule, exc))
        if history:
            return FileOutcome(FileResult(subject.path), summaries)
        result = FileResult(subject.path, self.decisions.apply(findings))
        if model:
            from .review import review_model

            result.model = review_model(subject, self.context.template(subject), result.findings)
        return FileOutcome(result, summaries, subject.document.directives)

    def lint_path(self, path: PathLike, history: bool = False, model: bool = False) -> FileOutcome:
        return self.check(self.parse(path), history, model)

    # -- the whole run -------------------------------------------------------

    def finish(
        self, outcomes: Sequence[FileOutcome], history: Sequence[FileOutcome] = (), own: Optional[Set[str]] = None
    ) -> Tuple[List[Finding], List[str]]:
        """Run-scope rules over the summaries of every file of the run (and of ``history``): the
        findings on the files in ``own`` (all when None), and one message per rule that raised."""
        findings: List[Finding] = []
        errors: List[str] = []
        for rule in self.rules:
            if rule.scope != "run":
                continue
            summaries = [o.summaries[rule.code] for o in outcomes if rule.code in o.summaries]
            past = [o.summaries[rule.code] for o in history if rule.code in o.summaries] if rule.wants_history else []
            try:
                found = list(rule.check_run(summaries, past, self.context.for_plugin(rule.plugin)))
            except Exception as exc:  # reported once for the run, the other rules go on
                errors.append(f"rule {rule.code} (plugin {rule.plugin!r}) failed across reports: {type(exc).__name__}: {exc}")
                continue
            findings.extend(f for f in found if own is None or f.path in own)
        return self.decisions.apply(findings), errors

    def run(self, paths: Iterable[PathLike]) -> RunResult:
        """Lint exactly these files, one after the other, without the cache."""
        from .runner import run_files

        return run_files(self, paths, jobs=1, use_cache=False)

    def _internal_error(self, path: str, rule: Rule, exc: Exception) -> Finding:
        message = f"规则 {rule.code}（插件 {rule.plugin}）检查时出错：{type(exc).__name__}: {exc}"
        return replace(rule.finding(path, message, None, kind=INTERNAL_ERROR), severity=Severity.ERROR)


class Session:
    """The linters of one run: each file's config (see :class:`~disclosurelint.config.ConfigResolver`),
    one :class:`Linter` per config, the plugins loaded once per plugin choice and shared; and the
    run config's baseline (read now, :class:`ConfigError` when it is not one) unless ``use_baseline``
    is false (``--write-baseline``)."""

    def __init__(self, resolver: Optional[ConfigResolver] = None, plugins: Sequence[Any] = (), use_baseline: bool = True) -> None:
        self.resolver = resolver or ConfigResolver(Config())
        self.plugins = list(plugins)
        path = self.resolver.run_config.baseline
        self.baseline: Optional[Baseline] = load_baseline(path) if path is not None and use_baseline else None
        self.linters: List[Linter] = []
        self._by_config: Dict[int, int] = {}
        self._catalogs: Dict[Tuple[Tuple[str, ...], bool], Catalog] = {}

    @classmethod
    def of(cls, linter: Linter) -> "Session":
        """A session whose every file uses ``linter``."""
        session = cls(ConfigResolver(linter.config), linter.plugins)
        session._by_config[id(linter.config)] = 0
        session.linters.append(linter)
        return session

    @property
    def run_linter(self) -> Linter:
        """The linter of the run's own config (which also holds the settings of the run as a whole)."""
        return self.linters[self.index(self.resolver.run_config)]

    def index(self, config: Config) -> int:
        """The position in :attr:`linters` of the linter of ``config``, created (and checked) on first use."""
        found = self._by_config.get(id(config))
        if found is None:
            key = (tuple(sorted(config.disable_plugins)), config.autoload_plugins)
            linter = Linter(config, self.plugins, self._catalogs.get(key))
            self._catalogs.setdefault(key, linter.catalog)
            found = self._by_config[id(config)] = len(self.linters)
            self.linters.append(linter)
        return found

    def index_for(self, path: str) -> int:
        """The position of the linter of the file at ``path``."""
        return self.index(self.resolver.config_for(path))

    def files(self, paths: Sequence[PathLike]) -> List[str]:
        """The report files under ``paths`` (directories walked with each folder's own config)."""
        return list(iter_report_files(paths, self.resolver.config_for))

    def root(self, names: Sequence[str]) -> Path:
        """The folder output paths are relative to (see :func:`disclosurelint.discovery.repository_root`)."""
        return repository_root(names, self.resolver.config_for)

    def result(
        self, names: Sequence[str], linters: Sequence[int], outcomes: Sequence[FileOutcome],
        history: Sequence[Tuple[int, FileOutcome]] = (), root: Optional[Path] = None,
    ) -> RunResult:
        """Run the cross-report rules per config, apply each file's suppressions and the baseline,
        and assemble the RunResult, files in input order.

        ``linters[i]`` is the linter of ``names[i]``; each linter's run-scope
        rules see the summaries of every file of the run and of its own
        history files, and report on its own files.
        """
        cross: List[Finding] = []
        run_errors: List[str] = []
        for index, linter in enumerate(self.linters):
            own = {name for name, i in zip(names, linters) if i == index}
            if own:
                found, failed = linter.finish(outcomes, [o for i, o in history if i == index], own)
                cross += found
                run_errors += failed
        files = [o.result for o in outcomes]
        by_path = {f.path: f for f in files}
        for finding in cross:
            by_path[finding.path].findings.append(finding)
        root = root if root is not None else self.root(names)
        shown = functools.partial(display_relative, root=str(root))
        for index, outcome in zip(linters, outcomes):
            self.linters[index].suppressor.apply(outcome.result, outcome.directives, shown)
        stale = []
        if self.baseline is not None:
            suppressor = {id(o.result): self.linters[i].suppressor for i, o in zip(linters, outcomes)}
            stale = self.baseline.apply(files, shown, root, lambda file, code: suppressor[id(file)].ran(file, code))
        problems: List[str] = []
        for linter in self.linters:
            problems += linter.catalog.errors + linter.warnings
        return RunResult(
            files=files,
            rules=sorted({type(r) for linter in self.linters for r in linter.rules}, key=lambda cls: cls.code),
            plugin_errors=list(dict.fromkeys(problems + run_errors)),
            root=root,
            plugins={name: v for linter in self.linters for name, v in linter.catalog.plugins.items()},
            internal_errors=_internal_errors(files) + run_errors,
            stale_baseline=stale,
        )


def _internal_errors(files: Sequence[FileResult]) -> List[str]:
    """One line per rule that raised on some files (its findings not ignored)."""
    failures: Dict[Tuple[str, str], List[Finding]] = {}
    for file in files:
        for f in file.findings:
            if f.context.get("kind") == INTERNAL_ERROR:
                failures.setdefault((f.code, f.plugin), []).append(f)
    return [
        f"rule {code} (plugin {plugin!r}) failed on {len(found)} file(s), first {found[0].path}: {found[0].message}"
        for (code, plugin), found in failures.items()
    ]


def lint_paths(paths: Sequence[PathLike], config: Optional[Config] = None) -> RunResult:
    """Lint files and directories with ``config`` (the defaults when None; no config file is read),
    through the CLI's driver, one file after the other, without the cache."""
    from .runner import run_files

    linter = Linter(config)
    return run_files(linter, Session.of(linter).files(paths), jobs=1, use_cache=False)


def lint_file(path: PathLike, config: Optional[Config] = None) -> FileResult:
    """Lint one file (cross-report rules see only this file and the history folders)."""
    return lint_paths([path], config).files[0]


def lint_text(text: str, path: str = "<string>", config: Optional[Config] = None) -> FileResult:
    """Lint report text given as a string (cross-report rules see only it and the history folders)."""
    from .readers.text import text_document
    from .runner import lint_history

    linter = Linter(config)
    outcome = linter.check(parse_document(text_document(text, path), linter.parse_context, linter.config.identity_override(path)))
    session = Session.of(linter)
    return session.result([path], [0], [outcome], lint_history(session, [path])).files[0]
