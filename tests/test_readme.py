"""The README's rule table is the catalog's (``disclosurelint rules --format markdown``)."""

from __future__ import annotations

from pathlib import Path

from disclosurelint.cli import main

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_rule_table_is_generated_from_the_catalog(capsys):
    assert main(["rules", "--format", "markdown", "--no-plugins", "--isolated"]) == 0
    table = capsys.readouterr().out.strip()
    lines = table.splitlines()
    assert lines[0] == "| code | name | severity | checks | 说明 |" and len(lines) > 20
    readme = README.read_text(encoding="utf-8")
    assert table in readme, "README's rule table is stale: paste `disclosurelint rules --format markdown --no-plugins`"
    start = readme.index(lines[0])
    written = readme[start:].split("\n\n", 1)[0].strip()
    assert written == table
