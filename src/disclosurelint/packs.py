"""YAML data loaded once per process, and rule packs checked and compiled when they load.

A rule pack is a YAML mapping whose keys are :data:`PACK_KEYS` (documented in
``docs/plugins.md``; a test keeps the two in step).  :func:`read_pack` checks
one pack against the templates of the run: unknown keys get a "did you mean",
regular expressions are compiled, identity expressions parsed, and every row,
column and table id is looked up in the templates.  :meth:`RulePacks.add`
merges a checked pack after the earlier ones (built-in packs first, then
plugins): lists are appended, ``fee_statements`` grow per class, and a
``narrative`` entry ``{extend: ID, …}`` adds phrasings to an earlier pattern.
Rules read the merged, compiled result (``ctx.packs.fee_statements`` …), so
nothing about a pack can fail at check time.

Every problem is a :class:`PackError` naming the file and the key path::

    county.yaml: `narrative[0].compare[0].cells`: unknown row 'nw' of table3 (did you mean `new`?)
"""

from __future__ import annotations

import contextlib
import functools
import re
import string
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Collection, Dict, FrozenSet, Iterable, Iterator, List, Mapping, Optional, Sequence, Tuple, Union

from . import codes
from . import settings as conv
from .expressions import ExpressionError, Identity, parse_identity
from .findings import Severity
from .normalize import PAGE_MARKER
from .settings import ConfigError, did_you_mean, join

if TYPE_CHECKING:  # pragma: no cover
    from .templates import TableSpec, Template

Source = Union[str, Path, Any]  # a path or an importlib.resources Traversable


class PackError(Exception):
    """A template or rule pack that cannot be loaded or is malformed."""


def builtin_sources(prefix: str) -> List[Any]:
    """The YAML files shipped in ``rules/`` whose names start with ``prefix``."""
    root = resources.files("disclosurelint.rules")
    return sorted(
        (p for p in root.iterdir() if p.name.startswith(prefix) and p.name.endswith(".yaml")),
        key=lambda p: p.name,
    )


@functools.lru_cache(maxsize=64)
def _load_text(text: str, name: str) -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        return YAML(typ="safe").load(text)
    except YAMLError as exc:
        raise PackError(f"{name}: invalid YAML: {exc}") from None


def load_yaml(source: Source) -> Any:
    """Parse one YAML source with the safe loader (no tags, no code)."""
    name = str(source)
    try:
        text = source.read_text(encoding="utf-8") if hasattr(source, "read_text") else Path(source).read_text(encoding="utf-8")
    except OSError as exc:
        raise PackError(f"{name}: cannot read: {exc}") from None
    return _load_text(text, name)


# -- the typed model ---------------------------------------------------------------

#: Keys of ``fee_statements``; a clause gets the first of ``not_applicable``, ``not_charged``, ``notices``
#: that matches, then ``charged`` with the amount.
FEE_KEYS = ("subject", "not_applicable", "not_charged", "notices", "charged", "amount")
_FEE_CLASSES = ("not_applicable", "not_charged", "notices")
#: Artifact kinds whose pattern is disclosurelint's own (``builtin: KIND``), shared with the readers.
BUILTIN_ARTIFACTS: Mapping[str, "re.Pattern[str]"] = {"page-marker": PAGE_MARKER}
_NEVER = re.compile(r"(?!)")


@dataclass(frozen=True)
class IdentitySpec:
    """One entry of ``identities``: an arithmetic check over a table, which becomes a rule."""

    code: str
    name: str
    severity: Severity
    title: str  # Chinese, for reviewers
    summary: str  # English
    table: str
    each: str  # column | row
    checks: Tuple[Tuple[Identity, str, str], ...]  # (identity, message template, anchor term)
    why_zh: str  # the docs' ## 为什么
    why: str  # the docs' ## Why
    fail: str
    passes: str
    #: Runnable examples in the case format of :mod:`disclosurelint.testing` (name -> case), or None.
    cases: Optional[Mapping[str, Any]] = None


@dataclass(frozen=True)
class FeeVocabulary:
    """The compiled ``fee_statements`` of the loaded packs."""

    subject: "re.Pattern[str]"
    amounts: Tuple["re.Pattern[str]", ...]
    classes: Tuple[Tuple[str, "re.Pattern[str]"], ...]  # not_applicable, not_charged, notices: tried in order
    charged: "re.Pattern[str]"


@dataclass(frozen=True)
class Artifact:
    """One entry of ``artifacts``: a conversion leftover, searched line by line (and in the joined text)."""

    kind: str
    label: str
    pattern: "re.Pattern[str]"  # compiled with re.MULTILINE


@dataclass(frozen=True)
class Alternative:
    """One table figure a prose figure may equal: a sum of cells."""

    terms: Tuple[Tuple[str, str, str], ...]  # (table, row or row prefix*, column)
    label: str
    row: str = ""
    column: str = ""


@dataclass(frozen=True)
class NarrativePattern:
    """One ``narrative`` entry, compiled (schema in ``rules/narrative.yaml``)."""

    id: str
    title: str
    keywords: "re.Pattern[str]"
    after: bool
    before: bool
    gap: int
    units: Tuple[str, ...]
    context: Optional["re.Pattern[str]"]
    skip: Optional["re.Pattern[str]"]
    segment_skip: Optional["re.Pattern[str]"]
    head: bool
    follows: Tuple[str, ...]
    #: Alternatives per head id (``None`` when the pattern follows no head).
    compare: Mapping[Optional[str], Tuple[Alternative, ...]]


@dataclass(frozen=True)
class NarrativeExtension:
    """A ``narrative`` entry ``{extend: ID, …}``: phrasings added to an earlier pattern."""

    target: str
    keywords: Tuple[str, ...]
    skip: Tuple[str, ...]
    segment_skip: Tuple[str, ...]

    def applied_to(self, pattern: NarrativePattern, source: conv.Source, key: str) -> NarrativePattern:
        """``pattern`` with these phrasings added (``key``: this entry's, for errors)."""
        return replace(
            pattern,
            keywords=_combine(source, join(key, "keywords"), self.keywords, pattern.keywords) or _NEVER,
            skip=_combine(source, join(key, "skip"), self.skip, pattern.skip),
            segment_skip=_combine(source, join(key, "segment_skip"), self.segment_skip, pattern.segment_skip),
        )


@dataclass(frozen=True)
class PatternSet:
    """The narrative patterns of the loaded packs, with ``narrative_skip`` and ``narrative_scope`` compiled."""

    patterns: Tuple[NarrativePattern, ...] = ()
    skip: Optional["re.Pattern[str]"] = None
    scope: Optional["re.Pattern[str]"] = None


NarrativeItem = Union[NarrativePattern, NarrativeExtension]


@dataclass(frozen=True)
class RulePack:
    """One pack, checked: each key typed, its patterns compiled (lists of patterns keep their source text)."""

    source: str
    #: The YAML as written (what the cache's run key hashes).
    data: Mapping[str, Any]
    prefix: Optional[str] = None
    identities: Tuple[IdentitySpec, ...] = ()
    placeholders: Tuple[str, ...] = ()
    fee_statements: Mapping[str, Tuple[str, ...]] = field(default_factory=dict)
    empty_section_lines: Tuple["re.Pattern[str]", ...] = ()
    empty_section_placeholders: Tuple["re.Pattern[str]", ...] = ()
    artifacts: Tuple[Artifact, ...] = ()
    #: (key path, entry) in pack order.
    narrative: Tuple[Tuple[str, NarrativeItem], ...] = ()
    narrative_skip: Tuple[str, ...] = ()
    narrative_scope: Tuple[str, ...] = ()


# -- checking one pack ---------------------------------------------------------------


@dataclass(frozen=True)
class _TableIds:
    """The ids a table has in any of the loaded templates."""

    rows: FrozenSet[str]
    columns: FrozenSet[str]
    groups: FrozenSet[str]


@dataclass(frozen=True)
class _PackSource(conv.Source):
    """A pack file as the source of values, with the templates its ids are checked against."""

    templates: Mapping[str, "Template"] = field(default_factory=dict)

    @functools.cached_property
    def tables(self) -> Dict[str, _TableIds]:
        """Table id -> its ids over all templates."""
        specs: Dict[str, List["TableSpec"]] = {}
        for template in self.templates.values():
            for table in template.tables:
                specs.setdefault(table.id, []).append(table)
        return {
            table_id: _TableIds(
                frozenset(r.id for t in tables for r in t.rows),
                frozenset(c.id for t in tables for c in t.columns()),
                frozenset(g for t in tables for g in t.groups()),
            )
            for table_id, tables in specs.items()
        }


@contextlib.contextmanager
def _pack_errors() -> Iterator[None]:
    """Report the converters' errors (``file: `key`: problem``) as a PackError."""
    try:
        yield
    except ConfigError as exc:
        raise PackError(str(exc)) from None


def _items(convert: conv.Converter, non_empty: bool = False) -> conv.Converter:
    """A list whose items are each checked by ``convert`` (key path ``key[i]``)."""

    def convert_all(source: conv.Source, key: str, value: Any) -> Tuple[Any, ...]:
        if not isinstance(value, list) or (non_empty and not value):
            raise source.expected(key, "a non-empty list" if non_empty else "a list", value)
        return tuple(convert(source, f"{key}[{i}]", item) for i, item in enumerate(value))

    return convert_all


def _mapping(
    source: conv.Source, key: str, value: Any, fields: Mapping[str, conv.Converter], required: Sequence[str] = ()
) -> Dict[str, Any]:
    """A mapping with no unknown key and the ``required`` ones, each value checked by its converter."""
    data = conv.convert_table(source, key, conv.table(source, key, value, "a mapping"), fields)
    for name in required:
        if name not in data:
            raise source.error(join(key, name), "required key missing")
    return data


def _text(source: conv.Source, key: str, value: Any) -> str:
    if not isinstance(value, str):
        raise source.expected(key, "a string", value)
    return value


def _patterns(non_empty: bool = False) -> conv.Converter:
    """A list of regular expressions kept as written (rules join them into one), checked by compiling
    them joined; only when that fails is each compiled alone, to name the culprit."""

    def convert(source: conv.Source, key: str, value: Any) -> Tuple[str, ...]:
        words = _items(_text, non_empty)(source, key, value)
        try:
            _alternation(words)
        except re.error as exc:
            for i, word in enumerate(words):
                conv.regex(source, f"{key}[{i}]", word)
            raise source.error(key, f"the patterns do not combine: {exc}") from None
        return words

    return convert


def _count(source: conv.Source, key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise source.expected(key, "an integer >= 0", value)
    return value


def _known(source: conv.Source, key: str, name: str, what: str, candidates: Collection[str]) -> None:
    """``name`` must be one of ``candidates`` (ids the templates know, patterns defined before …)."""
    if name not in candidates:
        raise source.error(key, f"{name!r} is not {what} ({did_you_mean(name, sorted(candidates))})")


def _table(source: conv.Source, key: str, table_id: str) -> _TableIds:
    """The ids of the table ``table_id`` (an error when no template has it)."""
    tables = source.tables if isinstance(source, _PackSource) else {}
    _known(source, key, table_id, "a table of the templates", tables.keys())
    return tables[table_id]


# identities


def _code(source: conv.Source, key: str, value: Any) -> str:
    code = conv.name(source, key, value)
    if not codes.is_code(code):
        raise source.error(key, f"invalid rule code {code!r} (expected {codes.CODE_GRAMMAR})")
    return code


def _prefix(source: conv.Source, key: str, value: Any) -> str:
    prefix = conv.name(source, key, value)
    if not codes.SELECTOR.fullmatch(prefix):
        raise source.error(key, f"invalid code prefix {prefix!r} (expected the start of a rule code, such as \"ZJ\")")
    return prefix


def _expression(source: conv.Source, key: str, value: Any) -> Identity:
    try:
        return parse_identity(conv.name(source, key, value))
    except ExpressionError as exc:
        raise source.error(key, str(exc)) from None


_CHECK_FIELDS: Dict[str, conv.Converter] = {"check": _expression, "message": _text, "at": conv.name}


def _check(source: conv.Source, key: str, value: Any) -> Dict[str, Any]:
    """One of an identity's ``checks`` (its ids are checked with the identity's table)."""
    return _mapping(source, key, value, _CHECK_FIELDS, ("check", "message", "at"))


def _cases(source: conv.Source, key: str, value: Any) -> Dict[str, Any]:
    """An identity's runnable examples; their own format is checked by :mod:`disclosurelint.testing`."""
    return conv.table(source, key, value, "a table of case name = case (see disclosurelint.testing)")


_IDENTITY_FIELDS: Dict[str, conv.Converter] = {
    "code": _code,
    "name": conv.name,
    "severity": conv.severity,
    "title": _text,
    "summary": _text,
    "table": conv.name,
    "each": conv.choice("column", "row"),
    "checks": _items(_check, non_empty=True),
    "why_zh": _text,
    "why": _text,
    "fail": _text,
    "pass": _text,
    "cases": _cases,
}


def _identity(source: conv.Source, key: str, value: Any) -> IdentitySpec:
    """An identity whose terms are ids of its table: rows (``each: column``) or columns (``each: row``)."""
    data = _mapping(source, key, value, _IDENTITY_FIELDS, ("code", "name", "table", "checks"))
    each = data.get("each", "column")
    table = _table(source, join(key, "table"), data["table"])
    what = "row" if each == "column" else "column"
    names = table.rows if each == "column" else table.columns
    checks = []
    for i, check in enumerate(data["checks"]):
        where = f"{join(key, 'checks')}[{i}]"
        identity, message = check["check"], check["message"]
        for term in identity.left + identity.right:
            if term.group:
                _known(source, join(where, "check"), term.name, f"a row group of {data['table']}", table.groups)
            elif term.name:
                _known(source, join(where, "check"), term.name, f"a {what} of {data['table']}", names)
        _known(source, join(where, "at"), check["at"], f"a {what} of {data['table']}", names)
        allowed = set(identity.names()) | {"left", "right", "column", "row"}
        unknown = {f for _, f, _, _ in string.Formatter().parse(message) if f} - allowed
        if unknown:
            raise source.error(join(where, "message"), f"fields {sorted(unknown)} are not terms of {identity.source!r}")
        checks.append((identity, message, check["at"]))
    title = data.get("title", "")
    return IdentitySpec(
        code=data["code"],
        name=data["name"],
        severity=data.get("severity", Severity.ERROR),
        title=title,
        summary=data.get("summary", title or data["name"]),
        table=data["table"],
        each=each,
        checks=tuple(checks),
        why_zh=data.get("why_zh", ""),
        why=data.get("why", ""),
        fail=data.get("fail", ""),
        passes=data.get("pass", ""),
        cases=data.get("cases"),
    )


# fee_statements and artifacts


def _amount(source: conv.Source, key: str, value: Any) -> str:
    if "value" not in conv.regex(source, key, value).groupindex:
        raise source.error(key, f"pattern {value!r} has no (?P<value>…) group")
    return value


def _fee_statements(source: conv.Source, key: str, value: Any) -> Dict[str, Tuple[str, ...]]:
    fields = {name: _items(_amount) if name == "amount" else _patterns() for name in FEE_KEYS}
    return _mapping(source, key, value, fields)


_ARTIFACT_FIELDS: Dict[str, conv.Converter] = {
    "kind": conv.name,
    "label": conv.name,
    "pattern": conv.regex,
    "builtin": conv.choice(*BUILTIN_ARTIFACTS),
}


def _artifact(source: conv.Source, key: str, value: Any) -> Artifact:
    """``kind``, ``label`` and either a ``pattern`` or ``builtin: KIND`` (a definition of disclosurelint's own)."""
    data = _mapping(source, key, value, _ARTIFACT_FIELDS, ("kind", "label"))
    if ("pattern" in data) == ("builtin" in data):
        raise source.error(key, "expected exactly one of `pattern` and `builtin`")
    pattern = data["pattern"] if "pattern" in data else BUILTIN_ARTIFACTS[data["builtin"]]
    return Artifact(data["kind"], data["label"], re.compile(pattern.pattern, re.MULTILINE))


# narrative


def _cells(source: conv.Source, key: str, value: Any) -> Tuple[Tuple[str, str, str], ...]:
    """``TABLE.ROW.COLUMN`` terms joined by ``+``; a ROW ending in ``*`` is a prefix of row ids."""
    terms = []
    for term in conv.name(source, key, value).split("+"):
        parts = tuple(term.strip().split("."))
        if len(parts) != 3 or not all(parts):
            raise source.error(key, f"term {term.strip()!r} is not TABLE.ROW.COLUMN")
        table_id, row, column = parts
        table = _table(source, key, table_id)
        if row.endswith("*"):
            if not any(r.startswith(row[:-1]) for r in table.rows):
                raise source.error(key, f"no row of {table_id} starts with {row[:-1]!r}")
        else:
            _known(source, key, row, f"a row of {table_id}", table.rows)
        _known(source, key, column, f"a column of {table_id}", table.columns)
        terms.append((table_id, row, column))
    return tuple(terms)


_ALTERNATIVE_FIELDS: Dict[str, conv.Converter] = {"cells": _cells, "label": conv.name, "row": conv.name, "column": conv.name}


def _alternative(source: conv.Source, key: str, value: Any) -> Alternative:
    data = _mapping(source, key, value, _ALTERNATIVE_FIELDS, ("cells",))
    label = data.get("label", value["cells"])
    return Alternative(data["cells"], label, data.get("row", ""), data.get("column", ""))


_PATTERNS = _patterns()
_PATTERN_FIELDS: Dict[str, conv.Converter] = {
    "id": conv.name,
    "title": conv.name,
    "keywords": _patterns(non_empty=True),
    "number": conv.choice("after", "before", "both"),
    "gap": _count,
    "units": _items(conv.name),
    "context": conv.regex,
    "skip": _PATTERNS,
    "segment_skip": _PATTERNS,
    "head": conv.boolean,
    "follows": _items(conv.name),
    "compare": lambda source, key, value: value,  # checked below, against `follows`
}
_EXTENSION_FIELDS: Dict[str, conv.Converter] = {"extend": conv.name, "keywords": _PATTERNS, "skip": _PATTERNS, "segment_skip": _PATTERNS}


def _compare(source: conv.Source, key: str, value: Any, follows: Tuple[str, ...]) -> Dict[Optional[str], Tuple[Alternative, ...]]:
    """A list of alternatives, or (for a pattern that ``follows`` heads) a mapping head id -> list."""
    alternatives = _items(_alternative)
    if not follows:
        return {None: alternatives(source, key, value)}
    table = conv.table(source, key, value, "a mapping of head ids (see `follows`) to alternatives")
    for head in table:
        _known(source, join(key, head), head, "a head in `follows`", follows)
    return {head: alternatives(source, join(key, head), table.get(head) or []) for head in follows}


def _narrative_item(source: conv.Source, key: str, value: Any) -> NarrativeItem:
    if isinstance(value, dict) and "extend" in value:
        data = _mapping(source, key, value, _EXTENSION_FIELDS, ("extend",))
        return NarrativeExtension(data["extend"], *(data.get(k, ()) for k in ("keywords", "skip", "segment_skip")))
    data = _mapping(source, key, value, _PATTERN_FIELDS, ("id", "keywords", "compare"))
    follows = data.get("follows", ())
    number = data.get("number", "after")
    return NarrativePattern(
        id=data["id"],
        title=data.get("title", data["id"]),
        keywords=_alternation(data["keywords"]) or _NEVER,
        after=number in ("after", "both"),
        before=number in ("before", "both"),
        gap=data.get("gap", 12),
        units=data.get("units", ("件", "宗", "个", "份", "条")),
        context=data.get("context"),
        skip=_alternation(data.get("skip", ())),
        segment_skip=_alternation(data.get("segment_skip", ())),
        head=data.get("head", False),
        follows=follows,
        compare=_compare(source, join(key, "compare"), data["compare"], follows),
    )


def _narrative(source: conv.Source, key: str, value: Any) -> Tuple[Tuple[str, NarrativeItem], ...]:
    if not isinstance(value, list):
        raise source.expected(key, "a list", value)
    return tuple((f"{key}[{i}]", _narrative_item(source, f"{key}[{i}]", item)) for i, item in enumerate(value))


def _alternation(words: Iterable[str], base: Optional["re.Pattern[str]"] = None) -> Optional["re.Pattern[str]"]:
    """One regex matching any of ``words`` (and whatever ``base`` matches); None for none."""
    parts = ([base.pattern] if base is not None else []) + [f"(?:{w})" for w in words if w]
    return re.compile("|".join(parts)) if parts else None


def _combine(
    source: conv.Source, key: str, words: Iterable[str], base: Optional["re.Pattern[str]"] = None
) -> Optional["re.Pattern[str]"]:
    """:func:`_alternation`, its failure (patterns valid alone that clash, e.g. on a group name) an error at ``key``."""
    try:
        return _alternation(words, base)
    except re.error as exc:
        raise source.error(key, f"the patterns do not combine: {exc}") from None


# the pack


@dataclass(frozen=True)
class PackKey:
    """One top-level key of a rule pack: its check and what it means (the docs table)."""

    check: conv.Converter
    holds: str
    read_by: str


PACK_KEYS: Dict[str, PackKey] = {
    "prefix": PackKey(_prefix, "The code prefix of the pack's `identities` (`ZJ`): each of their codes starts with it", "the loader"),
    "identities": PackKey(_items(_identity), "Arithmetic checks of a table, each a rule with its own code (see below)", "DL301–DL305, a plugin's own codes"),
    "placeholders": PackKey(_items(conv.name), "Words written in a numeric cell instead of a number (`暂无`, `/`)", "parsing; DL202"),
    "fee_statements": PackKey(_fee_statements, "The wording of section 六 on 信息处理费, by class (see below)", "DL401, DL402"),
    "empty_section_lines": PackKey(_items(conv.regex), "Regular expressions: lines of a prose section that are not content (`（此页无正文）`)", "DL103"),
    "empty_section_placeholders": PackKey(_items(conv.regex), "Regular expressions: what a prose section holds instead of content (`暂无`, `略`)", "DL103"),
    "artifacts": PackKey(_items(_artifact), "Conversion leftovers: `kind`, `label`, and a regular expression over one line (`pattern`) or `builtin: page-marker`", "DL801; DL103 skips them"),
    "narrative": PackKey(_narrative, "Prose figures and the cells they must equal, or `{extend: ID, keywords: […]}` (schema in `rules/narrative.yaml`)", "DL501"),
    "narrative_skip": PackKey(_PATTERNS, "Regular expressions that disqualify a prose figure (`同比`, `上年`)", "DL501"),
    "narrative_scope": PackKey(_PATTERNS, "Regular expressions naming a scope wider than the agency (`全市`, `各部门`)", "DL501"),
}
#: Keys of earlier versions and what became of them.
_RETIRED = {
    "pack": "no longer read: remove it (messages name the pack's file)",
    "fee_terms": "replaced by `fee_statements.subject` (see docs/plugins.md)",
    "no_fee_terms": "replaced by `fee_statements.not_charged` (see docs/plugins.md)",
    "fee_notice_terms": "replaced by `fee_statements.notices` (see docs/plugins.md)",
}


def pack_keys_table() -> str:
    """The Markdown table of :data:`PACK_KEYS` that ``docs/plugins.md`` shows."""
    rows = [f"| `{key}` | {spec.holds} | {spec.read_by} |" for key, spec in PACK_KEYS.items()]
    return "\n".join(["| key | holds | read by |", "|---|---|---|", *rows])


def check_pack(data: Any, where: str, templates: Mapping[str, "Template"]) -> RulePack:
    """One pack's parsed YAML checked against ``templates``; raises :class:`PackError`."""
    data = {} if data is None else data
    if not isinstance(data, dict):
        raise PackError(f"{where}: expected a mapping of pack keys, got {type(data).__name__}")
    source = _PackSource(where, Path("."), templates)
    with _pack_errors():
        for key in data:
            if key in _RETIRED:
                raise source.error(key, _RETIRED[key])
        fields = conv.convert_table(source, "", data, {key: spec.check for key, spec in PACK_KEYS.items()})
        prefix = fields.get("prefix")
        for i, identity in enumerate(fields.get("identities", ())):
            if prefix and not identity.code.startswith(prefix):
                raise source.error(f"identities[{i}].code", f"{identity.code!r} does not start with the pack's prefix {prefix!r}")
    return RulePack(source=where, data=data, **fields)


def read_pack(source: Source, templates: Mapping[str, "Template"]) -> RulePack:
    """Load and check one pack file; raises :class:`PackError`."""
    return check_pack(load_yaml(source), str(source), templates)


# -- merging ------------------------------------------------------------------------


@dataclass(frozen=True)
class RulePacks:
    """The packs of a run merged in load order, compiled: what rules read as ``ctx.packs``.

    One attribute per pack key but ``prefix`` and ``identities`` (those become rules).
    """

    packs: Tuple[RulePack, ...] = ()
    placeholders: Tuple[str, ...] = ()
    fee_statements: FeeVocabulary = field(default_factory=lambda: _fee_vocabulary(()))
    empty_section_lines: Tuple["re.Pattern[str]", ...] = ()
    empty_section_placeholders: Tuple["re.Pattern[str]", ...] = ()
    artifacts: Tuple[Artifact, ...] = ()
    narrative: PatternSet = field(default_factory=PatternSet)

    def add(self, pack: RulePack) -> "RulePacks":
        """These packs and ``pack`` after them; raises :class:`PackError` when ``pack`` does not fit
        (an ``extend`` of an unknown pattern, a pattern id defined twice, patterns that clash)."""
        packs = self.packs + (pack,)
        with _pack_errors():
            return RulePacks(
                packs=packs,
                placeholders=self.placeholders + pack.placeholders,
                fee_statements=_fee_vocabulary(packs),
                empty_section_lines=self.empty_section_lines + pack.empty_section_lines,
                empty_section_placeholders=self.empty_section_placeholders + pack.empty_section_placeholders,
                artifacts=self.artifacts + pack.artifacts,
                narrative=_pattern_set(packs),
            )


def load_packs(sources: Iterable[Source], templates: Mapping[str, "Template"]) -> RulePacks:
    """The packs of ``sources`` merged (all or none: raises :class:`PackError`)."""
    packs = RulePacks()
    for source in sources:
        packs = packs.add(read_pack(source, templates))
    return packs


def _source_of(pack: RulePack) -> conv.Source:
    return conv.Source(pack.source, Path("."))


def _last_source(packs: Sequence[RulePack]) -> conv.Source:
    """The source of the pack added last: a clash of merged patterns is its doing."""
    return _source_of(packs[-1]) if packs else conv.Source("", Path("."))


def _fee_vocabulary(packs: Sequence[RulePack]) -> FeeVocabulary:
    """``fee_statements`` of ``packs``, each list appended in pack order."""
    source = _last_source(packs)
    lists = {key: [p for pack in packs for p in pack.fee_statements.get(key, ())] for key in FEE_KEYS}

    def alternation(key: str) -> "re.Pattern[str]":
        return _combine(source, join("fee_statements", key), lists[key]) or _NEVER

    return FeeVocabulary(
        subject=alternation("subject"),
        amounts=tuple(re.compile(p) for p in lists["amount"]),
        classes=tuple((c, alternation(c)) for c in _FEE_CLASSES),
        charged=alternation("charged"),
    )


def _pattern_set(packs: Sequence[RulePack]) -> PatternSet:
    """The ``narrative`` entries of ``packs`` in order, ``extend`` entries applied to their targets."""
    patterns: Dict[str, NarrativePattern] = {}
    for pack in packs:
        source = _source_of(pack)
        for key, item in pack.narrative:
            if isinstance(item, NarrativeExtension):
                _known(source, join(key, "extend"), item.target, "a pattern defined before", patterns)
                patterns[item.target] = item.applied_to(patterns[item.target], source, key)
            elif item.id in patterns:
                raise source.error(join(key, "id"), f"pattern {item.id!r} is already defined (add phrasings with `extend: {item.id}`)")
            else:
                patterns[item.id] = item
        for key, item in pack.narrative:
            if isinstance(item, NarrativePattern):
                for i, head in enumerate(item.follows):
                    _known(source, f"{join(key, 'follows')}[{i}]", head, "a pattern", patterns)
    last = _last_source(packs)
    skip = _combine(last, "narrative_skip", (s for p in packs for s in p.narrative_skip))
    scope = _combine(last, "narrative_scope", (s for p in packs for s in p.narrative_scope))
    return PatternSet(tuple(patterns.values()), skip, scope)
