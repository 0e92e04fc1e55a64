"""DL301–DL305 and every identity declared in rule packs: arithmetic that must hold.

Identities are data (``identities`` in a YAML rule pack, see
``rules/national.yaml``); this module turns each entry into a rule class, so a
province adds checks without writing Python.  An identity is checked only
when every cell it uses is a number: blank, placeholder and invalid cells are
reported once by DL201–DL203, missing rows by DL105.
"""

from __future__ import annotations

import string
import textwrap
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple, Type

from ..expressions import Identity, evaluate_side, parse_identity
from ..findings import Finding, Severity
from ..model import BoundTable, Number, Report
from ..packs import PackError
from ..rule import Rule, RuleContext


def _show(value: Number) -> str:
    return format(value, "f") if not isinstance(value, int) else str(value)


class IdentityRule(Rule):
    """Base class of the rules generated from pack identities."""

    table: str = ""
    each: str = "column"  # column | row
    checks: Tuple[Tuple[Identity, str, str], ...] = ()  # (identity, message template, anchor term)

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        table = report.table(self.table)
        if table is None:
            return
        spec = ctx.template(report).table(self.table)
        groups = spec.groups()
        if self.each == "column":
            lines = [(c.id, c.label) for c in spec.columns()]
        else:
            lines = [(r.id, r.label) for r in spec.rows if table.rows[r.id].present]
        for identity, message, anchor in self.checks:
            if any(n not in groups and not self._known(spec, n) for n in identity.names()):
                continue  # the identity is for another template's rows
            for line_id, line_label in lines:
                yield from self._check_line(report, table, spec, groups, identity, message, anchor, line_id, line_label)

    def _known(self, spec: Any, name: str) -> bool:
        if self.each == "column":
            return any(r.id == name for r in spec.rows)
        return any(c.id == name for c in spec.columns())

    def _check_line(
        self, report: Report, table: BoundTable, spec: Any, groups: Mapping[str, List[str]],
        identity: Identity, message: str, anchor: str, line_id: str, line_label: str,
    ) -> Iterable[Finding]:
        def cell_of(name: str) -> Tuple[str, str]:
            return (name, line_id) if self.each == "column" else (line_id, name)

        def value(name: str) -> Optional[Number]:
            row, column = cell_of(name)
            bound = table.rows.get(row)
            return bound.value(column) if bound is not None else None

        left = evaluate_side(identity.left, value, groups.get)
        right = evaluate_side(identity.right, value, groups.get)
        if left is None or right is None or left == right:
            return
        values: Dict[str, str] = {}
        for name in identity.names():
            v = value(name)
            if v is not None:
                values[name] = _show(v)
        text = message.format_map(
            {**values, "left": _show(left), "right": _show(right), "column": line_label, "row": line_label}
        )
        cell = table.cell(*cell_of(anchor))
        if cell is not None:
            yield self.finding_at(report, cell, text)
        else:
            yield self.finding(report, text, table.location, **table.context())


def identity_rules(pack: Mapping[str, Any], plugin: str, source: str) -> List[Type[IdentityRule]]:
    """One rule class per identity entry of a pack (raises PackError on malformed entries)."""
    rules: List[Type[IdentityRule]] = []
    for index, entry in enumerate(pack.get("identities") or ()):
        where = f"{source}: identities[{index}]"
        try:
            code, name, table = str(entry["code"]), str(entry["name"]), str(entry["table"])
            checks = tuple(
                (parse_identity(str(c["check"])), str(c["message"]), str(c["at"])) for c in entry["checks"]
            )
            severity = Severity.parse(str(entry.get("severity", "error")))
        except (KeyError, TypeError, ValueError) as exc:
            raise PackError(f"{where}: {exc}") from None
        each = str(entry.get("each", "column"))
        if each not in ("column", "row"):
            raise PackError(f"{where}: each must be 'column' or 'row'")
        for identity, message, _ in checks:
            known = set(identity.names()) | {"left", "right", "column", "row"}
            unknown = {f for _, f, _, _ in string.Formatter().parse(message) if f} - known
            if unknown:
                raise PackError(f"{where}: message fields {sorted(unknown)} are not terms of {identity.source!r}")
        cases = entry.get("cases")
        if cases is not None and not isinstance(cases, Mapping):
            raise PackError(f"{where}: cases must be a mapping of case name to case (see disclosurelint.testing)")
        # Runnable cases (``cases:``) make the examples; a plain ``fail``/``pass`` text is shown as written.
        examples = () if cases else (
            "## Fails\n" + textwrap.indent(textwrap.dedent(str(entry.get("fail", ""))).strip(), "    "),
            "## Passes\n" + textwrap.indent(textwrap.dedent(str(entry.get("pass", ""))).strip(), "    "),
        )
        doc = "\n\n".join(
            part
            for part in (
                str(entry.get("title", "")),
                "## Why\n" + textwrap.dedent(str(entry.get("why", ""))).strip(),
                "## Checks\n" + "\n".join(f"    {c[0].source}" for c in checks),
                *examples,
            )
            if part.strip() and not part.rstrip().endswith(("## Fails", "## Passes"))
        )
        rules.append(
            type(
                f"Identity_{code}",
                (IdentityRule,),
                {
                    "__doc__": doc,
                    "__module__": __name__,
                    "code": code,
                    "name": name,
                    "severity": severity,
                    "summary": str(entry.get("summary", entry.get("title", name))),
                    "tags": ["identity", table],
                    "table": table,
                    "each": each,
                    "checks": checks,
                    "plugin": plugin,
                    "cases": {"rule": code, "cases": cases} if cases else None,
                },
            )
        )
    return rules
