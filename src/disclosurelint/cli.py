"""Command line: ``disclosurelint [check] PATHS``, ``rules``, ``rule CODE|--all``, ``extract PATHS``.

Exit codes: 0 clean (also when the reader of the output goes away, as in
``disclosurelint … | head``), 1 findings at or above ``--fail-on`` (``extract``:
a file that could not be read), 2 usage, configuration or internal error, 130
interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, FrozenSet, List, Optional, Sequence

from ._version import __version__
from .config import Config, ConfigError, ConfigResolver
from .extract import FORMATS as EXTRACT_FORMATS
from .filter import UNREADABLE
from .globs import display_relative

if TYPE_CHECKING:  # pragma: no cover
    from .api import Session
    from .results import RunResult

COMMANDS = ("check", "rules", "rule", "extract")
EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130
#: Flags of ``check`` and ``extract`` that are config settings of the same name: which files, how many jobs.
_RUN_SETTINGS = ("include", "exclude", "extend_exclude", "force_exclude", "jobs", "repository_root")
#: ``check`` flags that are config settings of the same name.
_CHECK_SETTINGS = _RUN_SETTINGS + ("select", "extend_select", "ignore", "severity", "fail_on", "format", "cache_dir", "baseline")


def _comma_list(text: str) -> List[str]:
    return text.split(",")


def _common(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("configuration")
    group.add_argument("--config", type=Path, metavar="FILE", help="use this config file for every file instead of each file's nearest one")
    group.add_argument("--isolated", action="store_true", help="ignore all configuration files")
    group.add_argument("--disable-plugin", action="append", metavar="NAME", help="do not load this plugin (repeatable)")
    group.add_argument("--no-plugins", action="store_true", help="do not autoload installed plugins (entry points)")
    group.add_argument("--require-plugins", type=_comma_list, metavar="NAME,…", help="exit 2 unless these plugins load without problems")
    group.add_argument("--strict", action="store_true", default=None, help="problems loading plugins and rule packs are errors (exit 2)")


def _run_options(parser: argparse.ArgumentParser, verb: str) -> None:
    """Paths, file selection, jobs and ``--show-files``: shared by ``check`` and ``extract``."""
    parser.add_argument("paths", nargs="*", default=["."], help="files or directories (default: .)")
    group = parser.add_argument_group("file selection")
    group.add_argument("--include", action="append", metavar="GLOB", help="report files to read when walking directories (replaces the config's; repeatable)")
    group.add_argument("--exclude", action="append", metavar="GLOB", help="paths to skip when walking directories (replaces the config's; repeatable)")
    group.add_argument("--extend-exclude", action="append", metavar="GLOB", help="exclude more paths when walking directories")
    group.add_argument("--force-exclude", action="store_true", default=None, help="apply the excludes to files named on the command line too (pre-commit)")
    group.add_argument("--repository-root", metavar="DIR", help="the folder output paths are relative to (default: the git top-level of the files)")
    group.add_argument("--show-files", action="store_true", help=f"list the files that would be {verb}ed, each with its config file, and exit")
    parser.add_argument("-j", "--jobs", type=int, metavar="N", help=f"{verb} in N worker processes (default: config `jobs`, else one per CPU)")
    parser.add_argument("--progress", action=argparse.BooleanOptionalAction, help="progress bar on stderr (default: on a terminal, for more than 50 files)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="disclosurelint",
        description="Lint Chinese government annual reports on information disclosure (政府信息公开工作年度报告).",
    )
    parser.add_argument("--version", action="version", version=f"disclosurelint {__version__}")
    sub = parser.add_subparsers(dest="command")

    check = sub.add_parser("check", help="lint report files and directories (the default command)")
    _run_options(check, "lint")
    check.add_argument("--format", help="output format: text, json, sarif, github, html or one from a plugin")
    check.add_argument("-o", "--output", type=Path, metavar="FILE", help="write the output to FILE")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    check.add_argument("--statistics", action="store_true", help="show counts per rule instead of each finding (text or json)")
    check.add_argument("--show-settings", action="store_true", help="print the settings that apply to the first file (its config, rules, per-file ignores) and exit")
    check.add_argument("--baseline", metavar="FILE", help="report only findings not recorded in this baseline (config `baseline`)")
    check.add_argument("--write-baseline", type=Path, metavar="FILE", help="record the current findings in FILE instead of reporting them; exit 0")
    talk = check.add_mutually_exclusive_group()
    talk.add_argument("-q", "--quiet", action="count", default=0, help="print findings only, no summary or warnings; -qq: print nothing (the exit code says it)")
    talk.add_argument("-s", "--silent", dest="quiet", action="store_const", const=2, help="print nothing (as -qq)")
    talk.add_argument("-v", "--verbose", action="store_true", help="also print on stderr each file's config, the files linted and cached, and timings")
    check.add_argument("--fail-on", choices=["error", "warning", "note"], help="lowest severity that fails the run (default: warning)")
    check.add_argument("--select", type=_comma_list, help="comma-separated codes or prefixes to enable")
    check.add_argument("--extend-select", type=_comma_list, help="codes or prefixes to enable in addition")
    check.add_argument("--ignore", type=_comma_list, help="comma-separated codes or prefixes to disable")
    check.add_argument("--severity", action="append", metavar="CODE=LEVEL", help="override a rule's severity (repeatable)")
    check.add_argument("--color", choices=["auto", "always", "never"], default="auto")
    check.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    check.add_argument("--cache-dir", metavar="DIR", help="cache folder (default: .disclosurelint_cache under the config root)")
    _common(check)

    rules = sub.add_parser("rules", help="list every rule, built-in and from plugins")
    rules.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    _common(rules)

    rule = sub.add_parser("rule", help="explain one rule (为什么 and why, with failing and passing examples)")
    rule.add_argument("code", nargs="?", help="a rule code or name")
    rule.add_argument("--all", action="store_true", help="explain every rule, built-in and from plugins")
    _common(rule)

    extract = sub.add_parser("extract", help="the figures of reports: sections, tables and cells (JSON, CSV, JSON Lines)")
    _run_options(extract, "extract")
    extract.add_argument("--format", choices=list(EXTRACT_FORMATS), default="json", help="json: the model; csv, jsonl: one row per cell; text: a short view (default: json)")
    extract.add_argument("-o", "--output", type=Path, metavar="FILE", help="write the output to FILE")
    extract.add_argument("--tables", type=_comma_list, metavar="TABLE,…", help="only these tables: table2, table3, table4 (or 2, 表3 …)")
    extract.add_argument("--compact", action="store_true", help="json: no section texts, one report per line")
    extract.add_argument("--bom", action=argparse.BooleanOptionalAction, default=True, help="csv: start with a UTF-8 byte-order mark, so that Excel reads UTF-8 (default: on)")
    _common(extract)
    return parser


def _session(args: argparse.Namespace) -> "Session":
    """The configs of the run: each file's nearest config file (or ``--config``/``--isolated``), flags on
    top; the plugins given to :func:`main` besides the installed ones."""
    from .api import Session

    names = {"check": _CHECK_SETTINGS, "extract": _RUN_SETTINGS}.get(args.command, ())
    cli: Dict[str, Any] = {name: getattr(args, name) for name in names}
    cli.update(
        disable_plugins=args.disable_plugin,
        autoload_plugins=False if args.no_plugins else None,
        require_plugins=args.require_plugins,
        strict=args.strict,
        cache=False if getattr(args, "no_cache", False) else None,
    )
    resolver = ConfigResolver.from_command_line(args.config, args.isolated, cli)
    return Session(resolver, args.plugins, use_baseline=args.command == "check" and args.write_baseline is None)


def _write(text: str, output: Optional[Path]) -> None:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")
    else:
        output.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")


def _check(args: argparse.Namespace) -> int:
    from .formats import FormatOptions, load_format, write_output
    from .runner import default_jobs, run_files

    session = _session(args)
    config = session.resolver.run_config
    format_name = args.format or config.format or "text"
    if not (args.show_files or args.show_settings):
        try:
            render = load_format(format_name, session.run_linter.catalog.formats)
        except ValueError as exc:
            raise ConfigError(str(exc)) from None
    started = time.perf_counter()
    files = session.files(args.paths)
    if args.show_files:
        return _show_files(session, files)
    if args.show_settings:
        return _show_settings(session, files)
    if not files and not args.quiet:
        _warn("no report files found under the given paths")
    if args.verbose:
        _verbose_files(session, files, time.perf_counter() - started)
    started = time.perf_counter()
    run = run_files(session, files, progress=args.progress, models=getattr(render, "needs_model", False))
    if args.verbose:
        for file in run.files:
            _info(f"{file.path}: {'from the cache' if file.cached else 'linted'}")
        cached = sum(f.cached for f in run.files)
        seconds = time.perf_counter() - started
        _info(f"{len(run.files)} files done in {seconds:.2f} s ({cached} from the cache; up to {config.jobs or default_jobs()} jobs)")
    if args.write_baseline is not None:
        return _write_baseline(run, args.write_baseline, args.quiet)
    color = args.color == "always" or (args.color == "auto" and args.output is None and sys.stdout.isatty())
    options = FormatOptions(tool_version=__version__, show_statistics=args.statistics, color=color, quiet=args.quiet > 0, warn=(lambda message: None) if args.quiet else _warn)
    if args.output is not None:
        with args.output.open("w", encoding="utf-8") as stream:
            write_output(render, run, options, stream)
    elif args.quiet < 2:
        write_output(render, run, options, sys.stdout)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if format_name == "github" and summary_file:
        from .formats.github import step_summary

        with open(summary_file, "a", encoding="utf-8") as stream:
            stream.write(step_summary(run))
    if run.stale_baseline and not args.quiet:
        stale = len(run.stale_baseline)
        _info(
            f"{stale} baseline {'entry no longer occurs' if stale == 1 else 'entries no longer occur'} "
            "(fixed, or its report was renamed or deleted); refresh the baseline with --write-baseline:"
            + "".join(f"\n  {e.path}: {e.code} {e.fingerprint} {e.message}" for e in run.stale_baseline)
        )
    if _internal_errors(run):
        return EXIT_ERROR
    if args.exit_zero:
        return EXIT_CLEAN
    return EXIT_FINDINGS if run.count(config.fail_on) else EXIT_CLEAN


def _internal_errors(run: "RunResult") -> bool:
    """Whether rules raised (said on stderr): exit 2."""
    for error in run.internal_errors:
        print(f"disclosurelint: internal error: {error}", file=sys.stderr)
    return bool(run.internal_errors)


def _write_baseline(run: "RunResult", path: Path, quiet: int) -> int:
    """``--write-baseline``: record the findings of the run (not when rules raised: exit 2)."""
    from .baseline import baseline_entries, write_baseline

    if _internal_errors(run):
        return EXIT_ERROR
    entries = baseline_entries(run)
    write_baseline(entries, path)
    files = len({e.path for e in entries})
    if not quiet:
        _info(f"recorded {len(entries)} finding{'s' if len(entries) != 1 else ''} of {files} file{'s' if files != 1 else ''} in {path}")
    return EXIT_CLEAN


def _info(message: str) -> None:
    print(f"disclosurelint: {message}", file=sys.stderr)


def _warn(message: str) -> None:
    _info(f"warning: {message}")


def _config_name(config: Config) -> str:
    """A config file relative to the working directory (absolute outside it), or ``defaults``."""
    if config.source is None:
        return "defaults"
    return display_relative(str(config.source), os.getcwd())


def _verbose_files(session: "Session", files: Sequence[str], seconds: float) -> None:
    """``-v``: how many files were found, and which configs they use."""
    _info(f"{len(files)} report files found in {seconds:.2f} s")
    for name, count in Counter(_config_name(session.resolver.config_for(f)) for f in files).items():
        _info(f"config {name}: {count} files")


def _show_files(session: "Session", files: Sequence[str]) -> int:
    """``--show-files``: each file a run would read, with the config it uses."""
    _write("".join(f"{f}  ({_config_name(session.resolver.config_for(f))})\n" for f in files), None)
    return EXIT_CLEAN


def _show_settings(session: "Session", files: Sequence[str]) -> int:
    """``--show-settings``: the settings of the first file (the run's config when there is none), as ruff does."""
    target = files[0] if files else None
    config = session.resolver.config_for(target) if target else session.resolver.run_config
    linter = session.linters[session.index(config)]
    ignored = [r.code for r in linter.rules if target and r.code != UNREADABLE and linter.decisions.is_ignored_for(r.code, target)]
    lines = [
        f"Resolved settings for: {target if target else '(no report file found: the run config)'}",
        f"Settings path: {config.source if config.source else '(none: the defaults)'}",
        "",
    ]
    for field in dataclasses.fields(config):
        if field.name not in ("source", "cli"):
            lines.append(f"{field.name.replace('_', '-')} = {_setting(getattr(config, field.name))}")
    lines += [
        "",
        f"rules = {_setting([r.code for r in linter.rules if r.code not in ignored])}",
        f"per-file-ignored = {_setting(ignored)}",
        f"plugins-loaded = {_setting(linter.catalog.plugins)}",
    ]
    _write("\n".join(lines), None)
    return EXIT_CLEAN


def _setting(value: Any) -> str:
    """A setting's value as TOML-like JSON (paths and regular expressions as text)."""

    def plain(item: Any) -> Any:
        if dataclasses.is_dataclass(item) and not isinstance(item, type):
            return dataclasses.asdict(item)
        return getattr(item, "pattern", None) or str(item)

    return json.dumps(value, ensure_ascii=False, default=plain)


def _rules(args: argparse.Namespace) -> int:
    linter = _session(args).run_linter
    catalog = [type(r).describe() for r in linter.catalog.rules]
    if args.format == "json":
        _write(json.dumps(catalog, ensure_ascii=False, indent=2), None)
    elif args.format == "markdown":
        _write(rules_markdown(catalog), None)
    else:
        width = max(len(r["name"]) for r in catalog)
        lines = [
            f"{r['code']:<7} {r['name']:<{width}}  {r['severity']:<7}  {r['title'] or r['summary']}"
            + (f"  [{r['plugin']}]" if r["plugin"] != "disclosurelint" else "")
            for r in catalog
        ]
        _write("\n".join(lines), None)
    for problem in linter.catalog.errors + linter.warnings:
        print(f"warning: {problem}", file=sys.stderr)
    return EXIT_CLEAN


def rules_markdown(catalog: Sequence[dict]) -> str:
    """The catalog as the Markdown table of the README (``code | name | severity | checks | 说明``:
    the English summary, then the Chinese title; columns are only ever added at the end)."""
    lines = ["| code | name | severity | checks | 说明 |", "|---|---|---|---|---|"]
    for r in catalog:
        plugin = f" ({r['plugin']})" if r["plugin"] != "disclosurelint" else ""
        summary, title = (r[key].replace("|", "\\|") for key in ("summary", "title"))
        lines.append(f"| {r['code']} | {r['name']} | {r['severity']} | {summary}{plugin} | {title} |")
    return "\n".join(lines)


def _rule(args: argparse.Namespace) -> int:
    if bool(args.code) == args.all:
        print("disclosurelint: give one rule code or name, or --all", file=sys.stderr)
        return EXIT_ERROR
    rules = [type(r) for r in _session(args).run_linter.catalog.rules]
    if args.all:
        _write("\n\n".join(_rule_docs(rule) for rule in rules), None)
        return EXIT_CLEAN
    for rule in rules:
        if rule.code == args.code.upper() or rule.name == args.code:
            _write(_rule_docs(rule), None)
            return EXIT_CLEAN
    print(f"disclosurelint: no rule {args.code!r} (see `disclosurelint rules`)", file=sys.stderr)
    return EXIT_ERROR


def _rule_docs(rule: Any) -> str:
    """``# name (CODE)``, the severity (and plugin), then the docs: title, lead, 为什么, examples, Why."""
    info = rule.describe()
    plugin = f"\n插件：{info['plugin']}" if info["plugin"] != "disclosurelint" else ""
    return f"# {info['name']} ({info['code']})\n\n严重程度：{info['severity']}{plugin}\n\n{info['docs']}"


def _extract(args: argparse.Namespace) -> int:
    from .extract import ExtractOptions, model, write_extract
    from .runner import process_files

    if args.compact and args.format != "json":
        raise ConfigError("command line: `--compact` applies to `--format json` only")
    session = _session(args)
    tables = _tables(session, args.tables)
    files = session.files(args.paths)
    if args.show_files:
        return _show_files(session, files)
    if not files:
        _warn("no report files found under the given paths")
    models = process_files(session, files, model, progress=args.progress)
    for linter in session.linters:
        for problem in linter.catalog.errors + linter.warnings:
            _warn(problem)
    options = ExtractOptions(format=args.format, tables=tables, compact=args.compact, bom=args.bom)
    root = session.root(files)
    with contextlib.closing(models):  # stops the workers when the output fails
        if args.output is None:
            unreadable = write_extract(models, sys.stdout, options, root)
        else:
            with args.output.open("w", encoding="utf-8") as stream:
                unreadable = write_extract(models, stream, options, root)
    if unreadable:
        _info(f"{unreadable} of {len(files)} files could not be read (their error says why)")
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _tables(session: "Session", chosen: Optional[List[str]]) -> Optional[FrozenSet[str]]:
    """``--tables``: template table ids (``3`` and ``表3`` stand for ``table3``), each checked against the templates."""
    if chosen is None:
        return None
    known = sorted({t.id for template in session.run_linter.parse_context.templates.values() for t in template.tables})
    ids = set()
    for given in chosen:
        short = re.fullmatch(r"(?:table|表)?\s*(\d+)", given.strip(), re.IGNORECASE)
        table = f"table{short.group(1)}" if short else given.strip()
        if table not in known:
            raise ConfigError(f"command line: `--tables`: unknown table {given!r} (tables: {', '.join(known)})")
        ids.add(table)
    return frozenset(ids)


def main(argv: Optional[Sequence[str]] = None, plugins: Sequence[Any] = ()) -> int:
    """Run the command line; ``plugins`` are registered besides the installed ones, as in
    ``Linter(plugins=...)`` (for tests and programs embedding the command line)."""
    arguments: List[str] = list(sys.argv[1:] if argv is None else argv)
    if not arguments or (arguments[0] not in COMMANDS and arguments[0] not in ("-h", "--help", "--version")):
        arguments.insert(0, "check")
    parser = build_parser()
    args = parser.parse_args(arguments)
    args.plugins = list(plugins)
    if args.command is None:
        parser.print_help()
        return EXIT_CLEAN
    handler = {"check": _check, "rules": _rules, "rule": _rule, "extract": _extract}[args.command]
    try:
        return handler(args)
    except ConfigError as exc:
        print(f"disclosurelint: configuration error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except FileNotFoundError as exc:  # a path named on the command line
        print(f"disclosurelint: error: {exc.strerror}: {exc.filename}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("disclosurelint: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader went away (`disclosurelint … | head`): stop quietly, as ruff does
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error when stdout is flushed at exit
        return EXIT_CLEAN
    except OSError as exc:
        print(f"disclosurelint: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:  # an internal error: short message, exit 2
        print(f"disclosurelint: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
