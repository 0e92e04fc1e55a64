"""DL301–DL305 and every identity declared in rule packs: arithmetic that must hold.

Identities are data (``identities`` in a YAML rule pack, see
``rules/national.yaml``); this module turns each entry into a rule class, so a
province adds checks without writing Python.  An identity is checked only
when every cell it uses is a number: blank, placeholder and invalid cells are
reported once by DL201–DL203, missing rows by DL105.
"""

from __future__ import annotations

import textwrap
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple, Type

from ..expressions import Identity, evaluate_side
from ..findings import Finding
from ..model import BoundTable, Number, Report
from ..packs import IdentitySpec, RulePack
from ..cases import FAILS_HEADING, PASSES_HEADING
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


def identity_rules(pack: RulePack, plugin: str) -> List[Type[IdentityRule]]:
    """One rule class per identity of a (checked) pack."""
    return [_identity_rule(spec, plugin) for spec in pack.identities]


def _identity_rule(spec: IdentitySpec, plugin: str) -> Type[IdentityRule]:
    # The docstring in the order Rule.docs() expects: Chinese first, English from ## Why on.
    # Runnable cases (``cases:``) make the examples; a plain ``fail``/``pass`` text is shown as written.
    examples = () if spec.cases else (
        (FAILS_HEADING, textwrap.indent(textwrap.dedent(spec.fail).strip(), "    ")),
        (PASSES_HEADING, textwrap.indent(textwrap.dedent(spec.passes).strip(), "    ")),
    )
    sections = (
        ("## 为什么", textwrap.dedent(spec.why_zh).strip()),
        *examples,
        ("## Why", textwrap.dedent(spec.why).strip()),
        ("## Checks", "\n".join(f"    {c[0].source}" for c in spec.checks)),
    )
    parts = [spec.summary] if spec.summary != spec.title else []  # the English lead, under the title
    parts += [f"{heading}\n{body}" for heading, body in sections if body.strip()]
    doc = "\n\n".join(parts)
    return type(
        f"Identity_{spec.code}",
        (IdentityRule,),
        {
            "__doc__": doc,
            "__module__": __name__,
            "code": spec.code,
            "name": spec.name,
            "severity": spec.severity,
            "title": spec.title,
            "summary": spec.summary,
            "tags": ["identity", spec.table],
            "table": spec.table,
            "each": spec.each,
            "checks": spec.checks,
            "plugin": plugin,
            "cases": {"rule": spec.code, "cases": dict(spec.cases)} if spec.cases else None,
        },
    )
