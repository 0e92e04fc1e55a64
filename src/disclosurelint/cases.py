"""Rule cases as data: the format, loading, the clean base reports and the examples a rule's docs show.

A *case file* holds the cases of one rule (after sqlfluff's YAML rule cases)::

    rule: DL201
    cases:
      one_blank_cell:
        doc: true                       # shown under "## 错误示例" by `disclosurelint rule DL201`
        description: 行政规范性文件的“现行有效件数”未填
        table2: {normative_documents: [3, 1, null]}      # an edit of the clean base report
        fail:
          - {column: in_force, message: 现行有效件数}
      zero_written:
        doc: true
        table2: {normative_documents: [3, 0, 20]}
        pass: true

**Input** — one of:

- an edit of a clean base report built from the template (``base: clean-2021``,
  the default; ``clean-2019``): ``title``, ``year``, ``headings: {5: null}``,
  ``prose: {6: "…"}``, ``table2``/``table3: {ROW_ID: [cells] | null}`` (null
  leaves the row out, a short list writes a short row, a null cell is blank),
  ``table4: [15 cells]``, ``tables: [2, 4]`` (the tables written);
- ``text:`` a whole small report, ``file:`` a file next to the case file, or
  ``binary:`` the file's bytes in base64; ``name:`` the file name (default
  ``report.md``; the suffix chooses the reader);
- ``files: {2023.txt: INPUT, 2024.txt: INPUT}``: several files linted in one
  run (run-scope rules), each INPUT a text or a mapping of the keys above;
  ``history: {…}`` files in a history folder (``history = ["history"]``), and
  ``lint: [names]`` when only some of ``files`` are linted.

Any text input also takes ``replace`` (``{old: new}`` or ``[[old, new]]``,
in order), ``header`` (lines put before it) and ``append`` (text put after
it).  ``config:`` holds settings as in ``disclosurelint.toml``
(``duplicate-threshold = 0.7``, ``plugins = {zhejiang = {…}}``).

**Expectation** — ``pass: true``, or ``fail:`` with the findings of the case's
rule: ``true`` (one finding), a count, or a list with one matcher per finding
(a message substring, or a mapping of ``message`` (substring or list),
``message_is``, ``line`` (a number, or true: has a line), ``at: [line,
column]``, ``severity``, ``path``, ``related`` and any key of the finding's
context: ``table``, ``row``, ``column``, ``section``, ``kind`` …).  A case
asserts exactly these findings of its rule and, unless ``also`` lists them
(codes, repeated as often as they occur) or says ``any``, no finding of any
other rule.

Doc cases (``doc: true``, at least one failing and one passing per rule)
ship with the rule: built-in rules in ``disclosurelint/rules/cases/CODE.yaml``
(package data), plugin rules where their class attribute ``Rule.cases``
points, YAML identity rules under ``cases:`` in their rule-pack entry.  The
docs show them under ``## 错误示例（Fails）`` and ``## 正确示例（Passes）``, each
after its ``description`` (in Chinese, short: what the input is).  Further
regression cases live in a project's tests in the same format.

This module is what ``Rule.docs()`` needs: it imports neither the engine nor
pytest.  Running cases is :mod:`disclosurelint.testing`'s business.
"""

from __future__ import annotations

import base64
import binascii
import difflib
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple

from .packs import PackError, load_yaml

if TYPE_CHECKING:  # pragma: no cover
    from .findings import Finding
    from .templates import Template

Source = Any  # a path (str or Path) or an importlib.resources Traversable

#: The headings of a rule's generated examples (:meth:`Rule.docs`): Chinese for reviewers,
#: the English word for developers.
FAILS_HEADING = "## 错误示例（Fails）"
PASSES_HEADING = "## 正确示例（Passes）"
DEFAULT_BASE = "clean-2021"
DEFAULT_NAME = "report.md"
HISTORY_FOLDER = "history"

_EDIT_KEYS = ("title", "year", "headings", "prose", "table2", "table3", "table4", "tables")
_TEXT_KEYS = ("replace", "header", "append")
_INPUT_KEYS = ("base", "text", "file", "binary", "name") + _EDIT_KEYS + _TEXT_KEYS
_CASE_KEYS = ("doc", "description", "fail", "pass", "also", "config", "files", "history", "lint") + _INPUT_KEYS
_MATCH_KEYS = ("message", "message_is", "line", "at", "severity", "path", "related")


class CaseError(ValueError):
    """A malformed case file or case."""


# -- the clean base reports --------------------------------------------------------

#: Values of the clean 2021 base, by template row id (columns in template order).
_T3_2021: Dict[str, List[Any]] = {
    "new": [8, 2, 0, 0, 0, 0, 10],
    "carried_over": [1, 0, 0, 0, 0, 0, 1],
    "disclosed": [4, 1, 0, 0, 0, 0, 5],
    "partially_disclosed": [2, 0, 0, 0, 0, 0, 2],
    "unavailable_1": [1, 1, 0, 0, 0, 0, 2],
    "total": [7, 2, 0, 0, 0, 0, 9],
    "carried_forward": [2, 0, 0, 0, 0, 0, 2],
}
_T2_2021: Dict[str, List[Any]] = {
    "normative_documents": [3, 1, 20],
    "licensing": [12],
    "penalties": [5],
    "fees": ["1.5"],
}
_T4: List[Any] = [1, 0, 0, 1, 2, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0]


@dataclass(frozen=True)
class Base:
    """A clean report to edit: its template, reporting year and figures (by template id)."""

    name: str
    template: str
    year: int
    title: str  # with {year}
    table2: Mapping[str, Sequence[Any]]
    table3: Mapping[str, Sequence[Any]]
    table4: Sequence[Any]
    prose: Mapping[int, str]  # with {year}


BASES: Dict[str, Base] = {
    "clean-2021": Base(
        name="clean-2021",
        template="2021",
        year=2024,
        title="某某县人民政府办公室{year}年政府信息公开工作年度报告",
        table2=_T2_2021,
        table3=_T3_2021,
        table4=_T4,
        prose={
            1: "{year}年，本机关认真贯彻《中华人民共和国政府信息公开条例》，政务公开工作有序推进。",
            5: "存在的问题是政策解读形式较为单一。下一步将丰富解读形式。",
            6: "本年度本机关未收取信息处理费。",
        },
    ),
    "clean-2019": Base(
        name="clean-2019",
        template="2019",
        year=2020,
        title="某某县人民政府办公室{year}年政府信息公开工作年度报告",
        table2={"normative_documents": [3, 1, 20], "licensing": [4, 0, 12], "penalties": [2, 0, 5]},
        table3=_T3_2021,
        table4=_T4,
        prose={
            1: "{year}年，本机关认真贯彻《中华人民共和国政府信息公开条例》，政务公开工作有序推进。",
            5: "存在的问题是政策解读形式较为单一。下一步将丰富解读形式。",
            6: "本年度本机关未收取信息处理费。",
        },
    ),
}

#: Header rows of Tables 3 and 4 as the official form prints them (layout, not ids).
_T3_HEAD = (
    "| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 | | | | | | |",
    "| 自然人 | 法人或其他组织 | | | | | 总计 |",
    "| 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |",
)
_T4_HEAD = (
    "| 行政复议 | | | | | 行政诉讼 | | | | | | | | | |",
    "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | | | | | 复议后起诉 | | | | |",
    "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |",
)
#: The form's row heading over the outcome rows of Table 3 (written before its first row).
_T3_OUTCOMES = "三、本年度办理结果"


@functools.lru_cache(maxsize=None)
def _templates() -> Dict[str, "Template"]:
    from .templates import builtin_templates

    return builtin_templates()


def _cells(values: Sequence[Any]) -> str:
    return " | ".join("" if v is None else str(v) for v in values)


def _table_rows(template: "Template", table_id: str, values: Mapping[str, Any], where: str) -> List[str]:
    spec = template.table(table_id)
    known = {r.id for r in spec.rows}
    unknown = sorted(set(values) - known)
    if unknown:
        raise CaseError(f"{where}: {table_id} of template {template.id} has no row {', '.join(map(str, unknown))} "
                        f"(rows: {', '.join(r.id for r in spec.rows)})")
    out: List[str] = []
    if table_id == "table3":
        out += _T3_HEAD
    block = None
    seen_groups = set()
    outcomes_written = False
    for row in spec.rows:
        if table_id != "table3" and row.block != block:
            block = row.block
            out.append(f"| {row.block} |")
            out.append("| 信息内容 | " + " | ".join(c.label for c in row.columns) + " |")
        cells = values.get(row.id, [0] * len(row.columns))
        if cells is None:
            continue  # row left out
        label = row.label
        if row.group and row.group not in seen_groups:
            seen_groups.add(row.group)
            if spec.group_label(row.group) != label:
                label = f"{spec.group_label(row.group)} | {label}"
        if table_id == "table3" and label.startswith("（一）") and not outcomes_written:
            label = f"{_T3_OUTCOMES} | {label}"
        if label.startswith(_T3_OUTCOMES) or row.group:
            outcomes_written = True
        out.append(f"| {label} | {_cells(cells)} |")
    return out


def build_report(base: str = DEFAULT_BASE, *, where: str = "build_report", **edits: Any) -> str:
    """The text of a clean base report (``clean-2021``, ``clean-2019``) with ``edits`` applied.

    Edits: ``title``, ``year``, ``headings`` ({number: heading or None}),
    ``prose`` ({number: text}), ``table2``/``table3`` ({row id: cells or
    None}), ``table4`` (cells), ``tables`` (numbers of the tables written).
    Tables are Markdown pipe rows; row labels come from the template.
    """
    spec = BASES.get(base)
    if spec is None:
        raise CaseError(f"{where}: unknown base {base!r} (known: {', '.join(BASES)})")
    unknown = sorted(set(edits) - set(_EDIT_KEYS))
    if unknown:
        raise CaseError(f"{where}: unknown edit {', '.join(unknown)}")
    template = _templates()[spec.template]
    year = int(edits.get("year") or spec.year)
    heads = {s.number: s.heading for s in template.sections}
    for number, heading in (edits.get("headings") or {}).items():
        heads[int(number)] = heading
    texts = {n: t.format(year=year) for n, t in spec.prose.items()}
    texts.update({int(n): "" if t is None else str(t) for n, t in (edits.get("prose") or {}).items()})
    tables = [int(t) for t in edits.get("tables", (2, 3, 4))]
    t2 = {**spec.table2, **(edits.get("table2") or {})}
    t3 = {**spec.table3, **(edits.get("table3") or {})}
    t4 = edits.get("table4") or spec.table4
    bodies: Dict[int, List[str]] = {
        2: _table_rows(template, "table2", t2, where) if 2 in tables else [],
        3: _table_rows(template, "table3", t3, where) if 3 in tables else [],
        4: list(_T4_HEAD) + [f"| {_cells(t4)} |"] if 4 in tables else [],
    }
    title = edits.get("title") or spec.title.format(year=year)
    out = [title, f"本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"]
    for number in sorted(heads):
        if heads[number] is None:
            continue
        out.append(heads[number])
        body = bodies.get(number) or ([texts[number]] if texts.get(number) else [])
        out.extend(body)
    return "\n".join(out) + "\n"


# -- cases --------------------------------------------------------------------------


@dataclass(frozen=True)
class Matcher:
    """What one expected finding must look like."""

    message: Tuple[str, ...] = ()
    message_is: Optional[str] = None
    line: Any = None  # int, or True: has a text line
    at: Optional[Tuple[int, int]] = None
    severity: Optional[str] = None
    path: Optional[str] = None
    related: Optional[Tuple[str, ...]] = None
    context: Tuple[Tuple[str, str], ...] = ()

    @classmethod
    def parse(cls, raw: Any, where: str) -> "Matcher":
        if isinstance(raw, str):
            return cls(message=(raw,))
        if not isinstance(raw, Mapping):
            raise CaseError(f"{where}: a finding is a message substring or a mapping, not {raw!r}")
        message = raw.get("message", ())
        at = raw.get("at")
        related = raw.get("related")
        return cls(
            message=tuple(str(m) for m in message) if isinstance(message, (list, tuple)) else (str(message),),
            message_is=raw.get("message_is"),
            line=raw.get("line"),
            at=tuple(int(v) for v in at) if at is not None else None,  # type: ignore[arg-type]
            severity=raw.get("severity"),
            path=raw.get("path"),
            related=((related,) if isinstance(related, str) else tuple(related)) if related is not None else None,
            context=tuple((str(k), str(v)) for k, v in raw.items() if k not in _MATCH_KEYS),
        )

    def matches(self, finding: "Finding", relative: Callable[[str], str]) -> bool:
        if any(m not in finding.message for m in self.message):
            return False
        if self.message_is is not None and finding.message != self.message_is:
            return False
        span = finding.location.span if finding.location is not None else None
        if self.line is True and span is None:
            return False
        if isinstance(self.line, int) and not isinstance(self.line, bool) and (span is None or span.line != self.line):
            return False
        if self.at is not None and (span is None or (span.line, span.column) != self.at):
            return False
        if self.severity is not None and finding.severity.value != self.severity:
            return False
        if self.path is not None and relative(finding.path) != self.path:
            return False
        if self.related is not None and tuple(relative(p) for p, _ in finding.related) != self.related:
            return False
        return all(str(finding.context.get(k)) == v for k, v in self.context)


@dataclass
class RuleCase:
    """One named case of one rule: input files, settings and the findings expected."""

    rule: str
    name: str
    origin: str  # the file (or pack entry) it was read from
    data: Mapping[str, Any]
    folder: Optional[Source] = None  # for ``file:`` inputs

    expect_fail: bool = field(init=False)
    matchers: Optional[List[Matcher]] = field(init=False)  # None: any findings, count checked
    count: int = field(init=False)
    also: Optional[List[str]] = field(init=False)
    doc: bool = field(init=False)

    def __post_init__(self) -> None:
        where = self.where
        if not isinstance(self.data, Mapping):
            raise CaseError(f"{where}: a case is a mapping")
        unknown = sorted(set(self.data) - set(_CASE_KEYS))
        if unknown:
            hints = [difflib.get_close_matches(k, _CASE_KEYS, n=1) for k in unknown]
            hint = "; ".join(f"{k}: did you mean {h[0]!r}?" for k, h in zip(unknown, hints) if h)
            raise CaseError(f"{where}: unknown key(s) {', '.join(unknown)}" + (f" ({hint})" if hint else ""))
        has_fail, has_pass = "fail" in self.data, "pass" in self.data
        if has_fail == has_pass:
            raise CaseError(f"{where}: give exactly one of fail: or pass:")
        if has_pass and self.data["pass"] is not True:
            raise CaseError(f"{where}: pass: takes true")
        self.expect_fail = has_fail
        fail = self.data.get("fail")
        self.matchers, self.count = [], 0
        if fail is True:
            self.matchers, self.count = None, 1
        elif isinstance(fail, int) and not isinstance(fail, bool) and fail > 0:
            self.matchers, self.count = None, fail
        elif isinstance(fail, list) and fail:
            self.matchers = [Matcher.parse(m, f"{where}: fail[{i}]") for i, m in enumerate(fail)]
            self.count = len(self.matchers)
        elif has_fail:
            raise CaseError(f"{where}: fail: takes true, a count or a list of findings")
        also = self.data.get("also", [])
        if also == "any":
            self.also = None
        elif isinstance(also, list) and all(isinstance(c, str) for c in also):
            self.also = sorted(also)
        else:
            raise CaseError(f"{where}: also: takes a list of codes or 'any'")
        self.doc = bool(self.data.get("doc", False))
        if "files" in self.data:
            if not isinstance(self.data["files"], Mapping) or not self.data["files"]:
                raise CaseError(f"{where}: files: takes a mapping of file name to input")
            clash = sorted(set(self.data) & set(_INPUT_KEYS))
            if clash:
                raise CaseError(f"{where}: {', '.join(clash)}: belongs to each entry of files:")
        self.inputs()  # validate now: a bad case fails when loaded, not when run

    @property
    def where(self) -> str:
        return f"{self.origin}: {self.name}"

    @property
    def id(self) -> str:
        return f"{self.rule}:{self.name}"

    @property
    def description(self) -> str:
        return str(self.data.get("description") or "")

    @property
    def settings(self) -> Dict[str, Any]:
        return dict(self.data.get("config") or {})

    # -- input ---------------------------------------------------------------

    def inputs(self) -> Dict[str, bytes]:
        """File name (relative to the case folder) -> content, history files under ``history/``."""
        files: Dict[str, bytes] = {}
        if "files" in self.data:
            for name, spec in self.data["files"].items():
                files[str(name)] = self._content(spec, f"{self.where}: files.{name}")
        else:
            files[str(self.data.get("name", DEFAULT_NAME))] = self._content(self.data, self.where)
        for name, spec in (self.data.get("history") or {}).items():
            files[f"{HISTORY_FOLDER}/{name}"] = self._content(spec, f"{self.where}: history.{name}")
        return files

    def linted(self) -> List[str]:
        """The files of the run (not the history files)."""
        names = [n for n in self.inputs() if not n.startswith(HISTORY_FOLDER + "/")]
        lint = self.data.get("lint")
        if lint is None:
            return names
        missing = sorted(set(lint) - set(names))
        if missing:
            raise CaseError(f"{self.where}: lint: names files that are not in files: {', '.join(missing)}")
        return [str(n) for n in lint]

    def _content(self, spec: Any, where: str) -> bytes:
        if isinstance(spec, str):
            return spec.encode("utf-8")
        if not isinstance(spec, Mapping):
            raise CaseError(f"{where}: an input is a text or a mapping")
        if "binary" in spec:
            try:
                return base64.b64decode("".join(str(spec["binary"]).split()), validate=True)
            except (binascii.Error, ValueError) as exc:
                raise CaseError(f"{where}: binary: not base64: {exc}") from None
        return source_text(spec, self.folder, where).encode("utf-8")


def source_text(spec: Mapping[str, Any], folder: Optional[Source] = None, where: str = "input") -> str:
    """The text of one (non-binary) input: a base edit, ``text`` or ``file``, with ``replace``/``header``/``append``."""
    unknown = sorted(set(spec) - set(_CASE_KEYS))
    if unknown:
        raise CaseError(f"{where}: unknown key(s) {', '.join(map(str, unknown))}")
    sources = [k for k in ("text", "file") if k in spec]
    edits = {k: spec[k] for k in _EDIT_KEYS if k in spec}
    if len(sources) > 1 or (sources and (edits or "base" in spec)):
        raise CaseError(f"{where}: give one input: text:, file:, binary: or a base report and its edits")
    if "text" in spec:
        text = str(spec["text"])
    elif "file" in spec:
        if folder is None:
            raise CaseError(f"{where}: file: needs a case file's folder")
        try:
            text = (folder / str(spec["file"])).read_text(encoding="utf-8")
        except OSError as exc:
            raise CaseError(f"{where}: file: cannot read {spec['file']}: {exc}") from None
    else:
        text = build_report(str(spec.get("base", DEFAULT_BASE)), where=where, **edits)
    replace = spec.get("replace") or []
    pairs = list(replace.items()) if isinstance(replace, Mapping) else [tuple(p) for p in replace]
    for pair in pairs:
        if len(pair) != 2:
            raise CaseError(f"{where}: replace: takes {{old: new}} or [[old, new], …]")
        old, new = str(pair[0]), str(pair[1])
        if old not in text:
            raise CaseError(f"{where}: replace: {old!r} is not in the text")
        text = text.replace(old, new)
    if spec.get("header"):
        text = str(spec["header"]).rstrip("\n") + "\n" + text
    if spec.get("append"):
        text = text + str(spec["append"])
    return text


# -- loading ------------------------------------------------------------------------


def _is_dir(source: Source) -> bool:
    return bool(getattr(source, "is_dir", lambda: False)())


def _children(folder: Source) -> List[Source]:
    return sorted((p for p in folder.iterdir() if p.name.endswith((".yaml", ".yml"))), key=lambda p: p.name)


def _parent(source: Source) -> Optional[Source]:
    return getattr(source, "parent", None)


def cases_from_document(document: Any, origin: str, folder: Optional[Source] = None, rule: Optional[str] = None) -> List[RuleCase]:
    """The cases of one loaded case document (``{rule:, cases: {name: case}}``)."""
    if not isinstance(document, Mapping):
        raise CaseError(f"{origin}: a case file is a mapping with rule: and cases:")
    unknown = sorted(set(document) - {"rule", "cases", "base"})
    if unknown:
        raise CaseError(f"{origin}: unknown key(s) {', '.join(map(str, unknown))} (expected rule:, cases:)")
    code = str(document.get("rule") or rule or "")
    if not code:
        raise CaseError(f"{origin}: no rule:")
    if rule is not None and code != rule:
        raise CaseError(f"{origin}: holds the cases of {code}, not {rule}")
    cases = document.get("cases")
    if not isinstance(cases, Mapping) or not cases:
        raise CaseError(f"{origin}: cases: takes a mapping of case name to case")
    out = []
    for name, data in cases.items():
        if isinstance(data, Mapping) and "base" not in data and document.get("base") and "files" not in data:
            if not {"text", "file", "binary"} & set(data):
                data = {"base": document["base"], **data}
        out.append(RuleCase(code, str(name), origin, data, folder))
    return out


def load_cases(*sources: Source) -> List[RuleCase]:
    """The cases of case files and of folders of them (``*.yaml``), in name order."""
    out: List[RuleCase] = []
    for source in sources:
        source = Path(source) if isinstance(source, str) else source
        if _is_dir(source):
            out += load_cases(*_children(source))
            continue
        try:
            document = load_yaml(source)
        except PackError as exc:
            raise CaseError(str(exc)) from None
        out += cases_from_document(document, str(source), _parent(source))
    return out


def builtin_cases_folder() -> Source:
    """``disclosurelint/rules/cases``: the doc cases of the built-in rules (package data)."""
    from importlib import resources

    return resources.files("disclosurelint.rules") / "cases"


def rule_cases(rule: type, doc_only: bool = True) -> List[RuleCase]:
    """The cases a rule class ships (``Rule.cases``; built-in rules: ``rules/cases/CODE.yaml``):
    its doc cases (``doc: true``), or with ``doc_only=False`` every case of its file.

    ``Rule.cases`` is a case file, a folder holding ``CODE.yaml``, or (YAML
    identity rules) the case document itself, whose cases are doc cases unless
    marked ``doc: false``.
    """
    where = getattr(rule, "cases", None)
    code = rule.code
    if isinstance(where, Mapping):
        cases = cases_from_document(where, f"{code} (rule pack)", None, code)
        for case in cases:
            case.doc = bool(case.data.get("doc", True))
    else:
        cases = list(_file_cases(code, where))
    return [c for c in cases if c.doc or not doc_only]


@functools.lru_cache(maxsize=None)
def _file_cases(code: str, where: Any) -> Tuple[RuleCase, ...]:
    source = builtin_cases_folder() if where is None else (Path(where) if isinstance(where, str) else where)
    if _is_dir(source):
        source = source / f"{code}.yaml"
    if not getattr(source, "is_file", lambda: False)():
        return ()
    try:
        document = load_yaml(source)
    except PackError as exc:
        raise CaseError(str(exc)) from None
    return tuple(cases_from_document(document, str(source), _parent(source), code))


# -- docs ---------------------------------------------------------------------------


def excerpt(case: RuleCase, limit: int = 12) -> str:
    """What a case's input looks like, for the docs: the lines its edits change, or its text."""
    if "files" in case.data or case.data.get("history"):
        parts = []
        entries = [(str(n), s) for n, s in case.data.get("files", {}).items()]
        entries += [(f"{HISTORY_FOLDER}/{n}", s) for n, s in (case.data.get("history") or {}).items()]
        for name, spec in entries:
            body = _excerpt_of(spec if isinstance(spec, Mapping) else {"text": spec}, case, max(limit // 2, 4))
            parts.append(f"{name}:\n" + "\n".join("  " + line for line in body.splitlines()))
        return "\n".join(parts)
    return _excerpt_of(case.data, case, limit)


def _excerpt_of(spec: Mapping[str, Any], case: RuleCase, limit: int, width: int = 72) -> str:
    if "binary" in spec:
        data = case._content(spec, case.where)
        name = spec.get("name", DEFAULT_NAME)
        return f"（{name}，{len(data)} 字节）" if data else f"（空文件 {name}）"
    text = source_text(spec, case.folder, case.where)
    lines = text.rstrip("\n").split("\n")
    if "text" in spec or "file" in spec:
        shown = lines
    else:
        shown = _changed_lines(str(spec.get("base", DEFAULT_BASE)), lines)
    shown = [line if len(line) <= width else line[: width - 1] + "…" for line in shown]
    return "\n".join(shown[:limit] + (["…"] if len(shown) > limit else []))


def _changed_lines(base: str, lines: List[str]) -> List[str]:
    """The lines of an edited base report that differ from the clean one, under their section heading."""
    clean = build_report(base).rstrip("\n").split("\n")
    headings = {s.heading for t in _templates().values() for s in t.sections}
    shown: List[str] = []

    def context(source: List[str], start: int, new: List[str]) -> None:
        heading = next((source[k] for k in range(start - 1, -1, -1) if source[k] in headings), None)
        if heading is not None and heading not in shown and heading not in new and not (new and new[0].startswith("|")):
            shown.append(heading)

    for tag, a1, a2, b1, b2 in difflib.SequenceMatcher(None, clean, lines, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if b2 > b1:
            context(lines, b1, lines[b1:b2])
            shown += lines[b1:b2]
        else:
            context(clean, a1, [])
            shown += [f"（删去“{line}”一行）" for line in clean[a1:a2]]
    return shown or ["（标准示例报告，未作改动）"]


def examples_markdown(cases: Sequence[RuleCase]) -> str:
    """:data:`FAILS_HEADING` and :data:`PASSES_HEADING` from doc cases: each case with its
    description and its input."""
    sections = []
    for heading, fail in ((FAILS_HEADING, True), (PASSES_HEADING, False)):
        chosen = [c for c in cases if c.doc and c.expect_fail == fail]
        if not chosen:
            continue
        blocks = []
        for case in chosen:
            body = "\n".join("    " + line if line else "" for line in excerpt(case).splitlines())
            blocks.append((f"{case.description}：\n\n" if case.description else "") + body)
        sections.append(f"{heading}\n\n" + "\n\n".join(blocks))
    return "\n\n".join(sections)


_EXAMPLES = r"(?:错误示例|正确示例|Fails|Passes)"
_EXAMPLE_HEADING = re.compile(rf"^## {_EXAMPLES}\b.*$", re.MULTILINE)
_OTHER_HEADING = re.compile(rf"^## (?!{_EXAMPLES}\b)", re.MULTILINE)
#: Where a docstring's English part begins: the generated examples go before it.
_ENGLISH_PART = re.compile(r"^## Why\b", re.MULTILINE)


def rule_docs(rule: type, docstring: str) -> str:
    """A rule's documentation, Chinese first: its ``title`` over the docstring's lead (or its
    ``summary`` when it has no docstring), the docstring's sections up to ``## Why``
    (``## 为什么``, settings), the examples generated from its doc cases, then the English
    sections (``## Why`` and the ones after it).

    Hand-written example sections of the docstring are replaced by the generated ones;
    a rule without doc cases keeps them where they are.
    """
    try:
        examples = examples_markdown(rule_cases(rule))
    except CaseError as exc:
        examples = f"（无法生成示例：{exc}）"
    prose = docstring or getattr(rule, "summary", "")
    match = _EXAMPLE_HEADING.search(prose) if examples else None
    if match:
        rest = prose[match.end():]
        after = _OTHER_HEADING.search(rest)
        prose = prose[: match.start()].rstrip() + ("\n\n" + rest[after.start():] if after else "")
    title = getattr(rule, "title", "")
    if title:
        prose = title + ("\n\n" if not prose or prose.startswith("#") else "\n") + prose
    english = _ENGLISH_PART.search(prose)
    cut = english.start() if english else len(prose)
    return "\n\n".join(part for part in (prose[:cut].strip(), examples, prose[cut:].strip()) if part)


# -- settings as TOML ---------------------------------------------------------------
