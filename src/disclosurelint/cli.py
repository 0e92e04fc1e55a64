"""Command line: ``disclosurelint [check] PATHS``, ``rules``, ``rule CODE``, ``extract FILE``.

Exit codes: 0 clean (also when the reader of the output goes away, as in
``disclosurelint … | head``), 1 findings at or above ``--fail-on``, 2 usage,
configuration or internal error, 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Sequence

from ._version import __version__
from .config import ConfigError, ConfigResolver

if TYPE_CHECKING:  # pragma: no cover
    from .api import Session
    from .results import RunResult

COMMANDS = ("check", "rules", "rule", "extract")
EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130
#: ``check`` flags that are config settings of the same name.
_CHECK_SETTINGS = (
    "select", "extend_select", "ignore", "severity", "fail_on", "include", "exclude", "extend_exclude",
    "force_exclude", "format", "jobs", "cache_dir", "repository_root", "baseline",
)


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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="disclosurelint",
        description="Lint Chinese government annual reports on information disclosure (政府信息公开工作年度报告).",
    )
    parser.add_argument("--version", action="version", version=f"disclosurelint {__version__}")
    sub = parser.add_subparsers(dest="command")

    check = sub.add_parser("check", help="lint report files and directories (the default command)")
    check.add_argument("paths", nargs="*", default=["."], help="files or directories (default: .)")
    check.add_argument("--format", help="output format: text, json, sarif, github or one from a plugin")
    check.add_argument("-o", "--output", type=Path, metavar="FILE", help="write the output to FILE")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    check.add_argument("--statistics", action="store_true", help="show counts per rule instead of each finding")
    check.add_argument("--baseline", metavar="FILE", help="report only findings not recorded in this baseline (config `baseline`)")
    check.add_argument("--write-baseline", type=Path, metavar="FILE", help="record the current findings in FILE instead of reporting them; exit 0")
    check.add_argument("--fail-on", choices=["error", "warning", "note"], help="lowest severity that fails the run (default: warning)")
    check.add_argument("--select", type=_comma_list, help="comma-separated codes or prefixes to enable")
    check.add_argument("--extend-select", type=_comma_list, help="codes or prefixes to enable in addition")
    check.add_argument("--ignore", type=_comma_list, help="comma-separated codes or prefixes to disable")
    check.add_argument("--severity", action="append", metavar="CODE=LEVEL", help="override a rule's severity (repeatable)")
    check.add_argument("--include", action="append", metavar="GLOB", help="report files to lint when walking directories (replaces the config's; repeatable)")
    check.add_argument("--exclude", action="append", metavar="GLOB", help="paths to skip when walking directories (replaces the config's; repeatable)")
    check.add_argument("--extend-exclude", action="append", metavar="GLOB", help="exclude more paths when walking directories")
    check.add_argument("--force-exclude", action="store_true", default=None, help="apply the excludes to files named on the command line too (pre-commit)")
    check.add_argument("--repository-root", metavar="DIR", help="the folder output paths are relative to (default: the git top-level of the files)")
    check.add_argument("--color", choices=["auto", "always", "never"], default="auto")
    check.add_argument("-j", "--jobs", type=int, metavar="N", help="lint in N worker processes (default: config `jobs`, else one per CPU)")
    check.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    check.add_argument("--cache-dir", metavar="DIR", help="cache folder (default: .disclosurelint_cache under the config root)")
    check.add_argument("--progress", action=argparse.BooleanOptionalAction, help="progress bar on stderr (default: on a terminal, for more than 50 files)")
    _common(check)

    rules = sub.add_parser("rules", help="list every rule, built-in and from plugins")
    rules.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    _common(rules)

    rule = sub.add_parser("rule", help="explain one rule (why, with a failing and a passing example)")
    rule.add_argument("code")
    _common(rule)

    extract = sub.add_parser("extract", help="print the neutral model of reports (sections, tables, cells)")
    extract.add_argument("paths", nargs="+")
    extract.add_argument("--format", choices=["json", "text"], default="json")
    extract.add_argument("-o", "--output", type=Path, metavar="FILE")
    _common(extract)
    return parser


def _session(args: argparse.Namespace) -> "Session":
    """The configs of the run: each file's nearest config file (or ``--config``/``--isolated``), flags on
    top; the plugins given to :func:`main` besides the installed ones."""
    from .api import Session

    cli: Dict[str, Any] = {name: getattr(args, name) for name in _CHECK_SETTINGS} if args.command == "check" else {}
    cli.update(
        disable_plugins=args.disable_plugin,
        autoload_plugins=False if args.no_plugins else None,
        require_plugins=args.require_plugins,
        strict=args.strict,
        cache=False if getattr(args, "no_cache", False) else None,
    )
    resolver = ConfigResolver.from_command_line(args.config, args.isolated, cli)
    return Session(resolver, args.plugins, use_baseline=getattr(args, "write_baseline", None) is None)


def _write(text: str, output: Optional[Path]) -> None:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")
    else:
        output.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")


def _check(args: argparse.Namespace) -> int:
    from .formats import FormatOptions, load_format, write_output
    from .runner import run_files

    session = _session(args)
    config = session.resolver.run_config
    format_name = args.format or config.format or "text"
    try:
        render = load_format(format_name, session.run_linter.catalog.formats)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    files = session.files(args.paths)
    if not files:
        print("disclosurelint: warning: no report files found under the given paths", file=sys.stderr)
    run = run_files(session, files, progress=args.progress)
    if args.write_baseline is not None:
        return _write_baseline(run, args.write_baseline)
    color = args.color == "always" or (args.color == "auto" and args.output is None and sys.stdout.isatty())
    options = FormatOptions(tool_version=__version__, show_statistics=args.statistics, color=color, warn=_warn)
    if args.output is None:
        write_output(render, run, options, sys.stdout)
    else:
        with args.output.open("w", encoding="utf-8") as stream:
            write_output(render, run, options, stream)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if format_name == "github" and summary_file:
        from .formats.github import step_summary

        with open(summary_file, "a", encoding="utf-8") as stream:
            stream.write(step_summary(run))
    if run.stale_baseline:
        stale = len(run.stale_baseline)
        print(
            f"disclosurelint: {stale} baseline {'entry no longer occurs' if stale == 1 else 'entries no longer occur'} "
            "(fixed, or its report was renamed or deleted); refresh the baseline with --write-baseline:",
            *(f"  {e.path}: {e.code} {e.fingerprint} {e.message}" for e in run.stale_baseline),
            sep="\n",
            file=sys.stderr,
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


def _write_baseline(run: "RunResult", path: Path) -> int:
    """``--write-baseline``: record the findings of the run (not when rules raised: exit 2)."""
    from .baseline import baseline_entries, write_baseline

    if _internal_errors(run):
        return EXIT_ERROR
    entries = baseline_entries(run)
    write_baseline(entries, path)
    files = len({e.path for e in entries})
    print(
        f"disclosurelint: recorded {len(entries)} finding{'s' if len(entries) != 1 else ''} "
        f"of {files} file{'s' if files != 1 else ''} in {path}",
        file=sys.stderr,
    )
    return EXIT_CLEAN


def _warn(message: str) -> None:
    print(f"disclosurelint: warning: {message}", file=sys.stderr)


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
            f"{r['code']:<7} {r['name']:<{width}}  {r['severity']:<7}  {r['summary']}"
            + (f"  [{r['plugin']}]" if r["plugin"] != "disclosurelint" else "")
            for r in catalog
        ]
        _write("\n".join(lines), None)
    for problem in linter.catalog.errors + linter.warnings:
        print(f"warning: {problem}", file=sys.stderr)
    return EXIT_CLEAN


def rules_markdown(catalog: Sequence[dict]) -> str:
    """The catalog as the Markdown table of the README (``code | name | severity | checks``)."""
    lines = ["| code | name | severity | checks |", "|---|---|---|---|"]
    for r in catalog:
        plugin = f" ({r['plugin']})" if r["plugin"] != "disclosurelint" else ""
        summary = r["summary"].replace("|", "\\|")
        lines.append(f"| {r['code']} | {r['name']} | {r['severity']} | {summary}{plugin} |")
    return "\n".join(lines)


def _rule(args: argparse.Namespace) -> int:
    linter = _session(args).run_linter
    code = args.code.upper()
    for rule in linter.catalog.rules:
        if rule.code == code or rule.name == args.code:
            info = type(rule).describe()
            header = f"# {info['name']} ({info['code']})\n\nSeverity: {info['severity']}" + (
                f"\nPlugin: {info['plugin']}" if info["plugin"] != "disclosurelint" else ""
            )
            _write(f"{header}\n\n{info['summary']}\n\n{info['docs']}", None)
            return EXIT_CLEAN
    print(f"disclosurelint: no rule {args.code!r} (see `disclosurelint rules`)", file=sys.stderr)
    return EXIT_ERROR


def _extract(args: argparse.Namespace) -> int:
    from .extract import render_extract

    session = _session(args)
    subjects = [session.linters[session.index_for(p)].parse(p) for p in args.paths]
    _write(render_extract(subjects, args.format), args.output)
    return EXIT_CLEAN


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
