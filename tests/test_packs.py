"""Rule packs: checked once when they load, merged in load order, read by rules as typed data.

A bad pack is reported naming its plugin, file and key path and left out whole,
the packs before it intact; nothing about a pack can fail at check time.
"""

from __future__ import annotations

import io
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Dict

import pypdf
import pytest

from disclosurelint.api import Linter, lint_text
from disclosurelint.config import ConfigError
from disclosurelint.hookspecs import hookimpl
from disclosurelint.normalize import PAGE_MARKER, is_page_marker
from disclosurelint.packs import (
    FeeVocabulary,
    PackError,
    PatternSet,
    RulePacks,
    builtin_sources,
    check_pack,
    load_packs,
    pack_keys_table,
)
from disclosurelint.readers import Limits
from disclosurelint.readers.pdf import PdfReader
from disclosurelint.templates import builtin_templates

from conftest import builtin_config, codes, pack_plugin, write
from handmade import report

TEMPLATES = builtin_templates()
BUILTIN = load_packs(builtin_sources("national") + builtin_sources("narrative"), TEMPLATES)
DOCS = Path(__file__).parent.parent / "docs" / "plugins.md"

IDENTITY: Dict[str, Any] = {
    "code": "ZJ301",
    "name": "county-regulations-nonzero",
    "table": "table2",
    "checks": [{"check": "regulations == 0", "message": "规章 {regulations}", "at": "regulations"}],
}
PATTERN: Dict[str, Any] = {
    "id": "registered",
    "keywords": ["登记"],
    "compare": [{"cells": "table3.new.total", "label": "表3 本年新收"}],
}


def with_identity(**changes: Any) -> Dict[str, Any]:
    return {"identities": [{**IDENTITY, **changes}]}


def with_pattern(**changes: Any) -> Dict[str, Any]:
    return {"narrative": [{**PATTERN, **changes}]}


def error_of(data: Any) -> str:
    """The message of the PackError that checking and adding ``data`` after the built-in packs raises."""
    with pytest.raises(PackError) as raised:
        BUILTIN.add(check_pack(data, "county.yaml", TEMPLATES))
    return str(raised.value)


# -- the documented keys -------------------------------------------------------------


def test_docs_list_every_pack_key_with_its_meaning():
    assert pack_keys_table() in DOCS.read_text(encoding="utf-8")


def test_builtin_packs_load_typed_and_compiled(linter):
    packs = linter.context.packs
    assert linter.catalog.errors == [] and packs is linter.catalog.packs
    assert len(packs.packs) == 2 and [p.prefix for p in packs.packs] == ["DL", None]
    assert isinstance(packs.fee_statements, FeeVocabulary) and isinstance(packs.narrative, PatternSet)
    assert {a.kind for a in packs.artifacts} >= {"bookmark", "page-marker"} and "暂无" in packs.placeholders
    assert not hasattr(linter.context, "pack_list")


# -- checked at load: unknown and retired keys -----------------------------------------


def test_unknown_key_skips_the_pack_with_a_did_you_mean(tmp_path):
    data = {"identites": [IDENTITY], "identities": [IDENTITY]}
    linter = Linter(builtin_config(), plugins=[pack_plugin(tmp_path, data, "zhejiang")])
    assert linter.catalog.errors == [
        f"plugin 'zhejiang': rule pack skipped: {tmp_path / 'zhejiang.yaml'}: `identites`: unknown key (did you mean `identities`?)"
    ]
    assert "ZJ301" not in [r.code for r in linter.catalog.rules]  # the pack is left out whole
    assert len(linter.catalog.packs.packs) == 2


def test_a_bad_pack_leaves_the_plugins_other_packs_in(tmp_path):
    bad = write(tmp_path, "bad.yaml", "placeholder: [暂缺]\n")
    good = write(tmp_path, "good.yaml", "placeholders: [暂缺]\n")
    plugin = SimpleNamespace(disclosurelint_rule_packs=hookimpl(lambda: [bad, good]))
    linter = Linter(builtin_config(), plugins=[("zhejiang", plugin)])
    (error,) = linter.catalog.errors
    assert error.endswith("bad.yaml: `placeholder`: unknown key (did you mean `placeholders`?)")
    assert "暂缺" in linter.catalog.parse.placeholders


@pytest.mark.parametrize(
    "key, message",
    [
        ("pack", "`pack`: no longer read: remove it (messages name the pack's file)"),
        ("fee_terms", "`fee_terms`: replaced by `fee_statements.subject` (see docs/plugins.md)"),
    ],
)
def test_retired_keys_say_what_became_of_them(key, message):
    assert error_of({key: "x"}) == f"county.yaml: {message}"


def test_a_pack_is_a_mapping():
    assert error_of(["placeholders"]) == "county.yaml: expected a mapping of pack keys, got list"
    assert BUILTIN.add(check_pack(None, "empty.yaml", TEMPLATES)).placeholders == BUILTIN.placeholders


# -- checked at load: identities, ids against the templates ------------------------------


@pytest.mark.parametrize(
    "data, message",
    [
        (with_identity(table="tabel2"), "`identities[0].table`: 'tabel2' is not a table of the templates (did you mean `table2`?)"),
        (with_identity(checks=[{"check": "regulation == 0", "message": "", "at": "regulations"}]),
         "`identities[0].checks[0].check`: 'regulation' is not a row of table2 (did you mean `regulations`?)"),
        (with_identity(each="row", checks=[{"check": "issued == in_forse", "message": "", "at": "issued"}]),
         "`identities[0].checks[0].check`: 'in_forse' is not a column of table2 (did you mean `in_force`?)"),
        (with_identity(table="table3", checks=[{"check": "total == sum(refusd)", "message": "", "at": "total"}]),
         "`identities[0].checks[0].check`: 'refusd' is not a row group of table3 (did you mean `refused`?)"),
        (with_identity(checks=[{"check": "regulations == 0", "message": "", "at": "regulation"}]),
         "`identities[0].checks[0].at`: 'regulation' is not a row of table2 (did you mean `regulations`?)"),
        (with_identity(checks=[{"check": "regulations = 0", "message": "", "at": "regulations"}]),
         "`identities[0].checks[0].check`: 'regulations = 0': unexpected text at 11: ' = 0'"),
        (with_identity(checks=[{"check": "regulations == 0", "message": "{total}", "at": "regulations"}]),
         "`identities[0].checks[0].message`: fields ['total'] are not terms of 'regulations == 0'"),
        (with_identity(checks=[]), "`identities[0].checks`: expected a non-empty list, got []"),
        (with_identity(each="cell"), "`identities[0].each`: expected \"column\" or \"row\", got 'cell'"),
        (with_identity(severity="fatal"), "`identities[0].severity`: expected \"error\", \"warning\" or \"note\", got 'fatal'"),
        (with_identity(code="zj301"), "`identities[0].code`: invalid rule code 'zj301' (expected 1-5 upper-case letters and 1-4 digits)"),
        (with_identity(cheks=[]), "`identities[0].cheks`: unknown key (did you mean `checks`?)"),
        ({"identities": [{"code": "ZJ301"}]}, "`identities[0].name`: required key missing"),
        ({"prefix": "ZJ", **with_identity(code="JZ301")}, "`identities[0].code`: 'JZ301' does not start with the pack's prefix 'ZJ'"),
        ({"prefix": "zj"}, "`prefix`: invalid code prefix 'zj' (expected the start of a rule code, such as \"ZJ\")"),
    ],
)
def test_malformed_identities(data, message):
    assert error_of(data) == f"county.yaml: {message}"


def test_ids_are_checked_against_the_templates_the_run_loaded(tmp_path):
    template = {
        "id": "zj", "inherit": "2021",
        "tables": [{"id": "table5", "title": "县级附表", "columns": [{"id": "count", "label": "数量"}],
                    "blocks": [{"label": "", "rows": [{"id": "villages", "label": "村级公开"}]}]}],
    }
    pack = with_identity(table="table5", checks=[{"check": "villages == 0", "message": "", "at": "villages"}])
    without = Linter(builtin_config(), plugins=[pack_plugin(tmp_path / "a", pack, "zhejiang")])
    assert [e.rsplit(": ", 2)[1:] for e in without.catalog.errors] == [
        ["`identities[0].table`", "'table5' is not a table of the templates (did you mean `table4`?)"]
    ]
    path = write(tmp_path, "zj-template.yaml", str(template).replace("'", '"'))
    name, plugin = pack_plugin(tmp_path / "b", pack, "zhejiang")
    plugin.disclosurelint_templates = hookimpl(lambda: [path])
    with_template = Linter(builtin_config(), plugins=[(name, plugin)])
    assert with_template.catalog.errors == [] and "ZJ301" in [r.code for r in with_template.catalog.rules]


def test_a_row_of_any_template_is_known():
    # 本年新制作数量 (made) is a column of the 2019 template only
    alternative = {"cells": "table2.normative_documents.made", "label": "表2"}
    assert len(BUILTIN.add(check_pack(with_pattern(compare=[alternative]), "c.yaml", TEMPLATES)).narrative.patterns) == 31


# -- checked at load: narrative patterns ----------------------------------------------------


@pytest.mark.parametrize(
    "data, message",
    [
        ({"narrative": [{"id": "broken", "keywords": ["收到"]}]}, "`narrative[0].compare`: required key missing"),
        (with_pattern(compare=[{"cells": "table3.nw.total"}]), "`narrative[0].compare[0].cells`: 'nw' is not a row of table3 (did you mean `new`?)"),
        (with_pattern(compare=[{"cells": "table3.new.totl"}]), "`narrative[0].compare[0].cells`: 'totl' is not a column of table3 (did you mean `total`?)"),
        (with_pattern(compare=[{"cells": "table3.refusd_*.total"}]), "`narrative[0].compare[0].cells`: no row of table3 starts with 'refusd_'"),
        (with_pattern(compare=[{"cells": "table3.new"}]), "`narrative[0].compare[0].cells`: term 'table3.new' is not TABLE.ROW.COLUMN"),
        (with_pattern(compare=[{"cels": "table3.new.total"}]), "`narrative[0].compare[0].cels`: unknown key (did you mean `cells`?)"),
        (with_pattern(keywords=["(登记"]), "`narrative[0].keywords[0]`: invalid regular expression '(登记': missing ), unterminated subpattern at position 0"),
        (with_pattern(keywords=[]), "`narrative[0].keywords`: expected a non-empty list, got []"),
        (with_pattern(number="around"), "`narrative[0].number`: expected \"after\" or \"before\" or \"both\", got 'around'"),
        (with_pattern(follows=["review"], compare={"reviw": []}), "`narrative[0].compare.reviw`: 'reviw' is not a head in `follows` (did you mean `review`?)"),
        (with_pattern(follows=["review"]), "`narrative[0].compare`: expected a mapping of head ids (see `follows`) to alternatives, got [{'cells': 'table3.new.total', 'label': '表3 本年新收'}]"),
        (with_pattern(follows=["revew"], compare={}), "`narrative[0].follows[0]`: 'revew' is not a pattern (did you mean `review`?)"),
        (with_pattern(id="received"), "`narrative[0].id`: pattern 'received' is already defined (add phrasings with `extend: received`)"),
        ({"narrative": [{"extend": "recieved", "keywords": ["登记"]}]}, "`narrative[0].extend`: 'recieved' is not a pattern defined before (did you mean `received`?)"),
        ({"narrative": [{"extend": "received", "compare": []}]}, "`narrative[0].compare`: unknown key (expected one of extend, keywords, skip, segment_skip)"),
        ({"narrative_skip": "同比"}, "`narrative_skip`: expected a list, got '同比'"),
    ],
)
def test_malformed_narrative(data, message):
    assert error_of(data) == f"county.yaml: {message}"


def test_a_pack_extends_a_pattern_defined_earlier_in_itself():
    data = {"narrative": [PATTERN, {"extend": "registered", "keywords": ["备案"], "skip": ["网上"]}]}
    pattern = next(p for p in BUILTIN.add(check_pack(data, "c.yaml", TEMPLATES)).narrative.patterns if p.id == "registered")
    assert pattern.keywords.pattern == "(?:登记)|(?:备案)" and pattern.skip is not None and pattern.skip.pattern == "(?:网上)"


def test_malformed_narrative_entry_no_longer_breaks_dl501(tmp_path):
    # 2.1.5: a pack entry without `compare` loaded, then DL501 failed on every file, built-in patterns lost
    path = write(tmp_path, "report.md", report(prose={1: "本年度共收到政府信息公开申请12件。"}))
    broken = {"narrative": [{"id": "broken", "keywords": ["收到"]}]}
    run = Linter(builtin_config(), plugins=[pack_plugin(tmp_path, broken, "zhejiang")]).run([path])
    (error,) = run.plugin_errors
    assert error.startswith("plugin 'zhejiang': rule pack skipped: ") and error.endswith("`narrative[0].compare`: required key missing")
    assert codes(run.findings) == ["DL501"] and run.internal_errors == []


def test_strict_makes_a_skipped_pack_a_configuration_error(tmp_path):
    with pytest.raises(ConfigError, match=r"plugins or rule packs did not load cleanly:\n  plugin 'zhejiang': rule pack skipped: .*`identites`"):
        Linter(builtin_config(strict=True), plugins=[pack_plugin(tmp_path, {"identites": []}, "zhejiang")])


# -- checked at load: artifacts, lists, fee wording clashes --------------------------------------


@pytest.mark.parametrize(
    "data, message",
    [
        ({"artifacts": [{"kind": "x", "label": "x"}]}, "`artifacts[0]`: expected exactly one of `pattern` and `builtin`"),
        ({"artifacts": [{"kind": "x", "label": "x", "pattern": "x", "builtin": "page-marker"}]}, "`artifacts[0]`: expected exactly one of `pattern` and `builtin`"),
        ({"artifacts": [{"kind": "x", "label": "x", "builtin": "page-number"}]}, "`artifacts[0].builtin`: expected \"page-marker\", got 'page-number'"),
        ({"artifacts": [{"kind": "x", "label": "x", "pattern": "[x"}]}, "`artifacts[0].pattern`: invalid regular expression '[x': unterminated character set at position 0"),
        ({"placeholders": "暂无"}, "`placeholders`: expected a list, got '暂无'"),
        ({"empty_section_lines": [3]}, "`empty_section_lines[0]`: expected a regular expression, got 3"),
        ({"fee_statements": {"subject": ["(?P<x>费)", "(?P<x>款)"]}},
         "`fee_statements.subject`: the patterns do not combine: redefinition of group name 'x' as group 2; was group 1 at position 20"),
    ],
)
def test_malformed_lists(data, message):
    assert error_of(data) == f"county.yaml: {message}"


def test_patterns_that_clash_across_packs_reject_the_later_pack():
    first = check_pack({"narrative_skip": ["(?P<x>同比)"]}, "first.yaml", TEMPLATES)
    second = check_pack({"narrative_skip": ["(?P<x>环比)"]}, "second.yaml", TEMPLATES)
    with pytest.raises(PackError, match=r"^second.yaml: `narrative_skip`: the patterns do not combine: redefinition of group name 'x'"):
        BUILTIN.add(first).add(second)


def test_packs_add_in_load_order():
    province = check_pack({"placeholders": ["暂缺"], "artifacts": [{"kind": "stamp", "label": "印章", "pattern": "^【印章】$"}]}, "c.yaml", TEMPLATES)
    merged = BUILTIN.add(province)
    assert merged.placeholders[-1] == "暂缺" and merged.artifacts[-1].kind == "stamp"
    assert merged.packs[:-1] == BUILTIN.packs and BUILTIN.placeholders[-1] != "暂缺"  # BUILTIN is unchanged
    assert RulePacks().add(province).narrative == PatternSet()


# -- one page-marker definition ---------------------------------------------------------------


MARKERS = ["3/12", "‐5‐", "共6页 第5页", "- 5 -", "第 5 页"]


def test_the_page_marker_artifact_is_the_readers_definition():
    (marker,) = [a for a in BUILTIN.artifacts if a.kind == "page-marker"]
    assert marker.pattern.pattern == PAGE_MARKER.pattern


@pytest.mark.parametrize("marker", MARKERS)
def test_page_markers_are_one_thing_everywhere(marker, monkeypatch):
    assert is_page_marker(marker)
    # DL801 reports it in text ...
    findings = lint_text(report(prose={5: f"存在问题是解读形式单一。\n{marker}\n下一步将丰富解读形式。"}), "r.md", builtin_config()).findings
    assert [(f.code, f.context.get("artifact")) for f in findings] == [("DL801", "page-marker")]
    # ... and the PDF reader drops it
    monkeypatch.setattr(pypdf.PageObject, "extract_text", lambda self, *a, **k: f"正文\n{marker}\n5")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    data = io.BytesIO()
    writer.write(data)
    doc = PdfReader().read(data.getvalue(), "x.pdf", Limits())
    assert [line.text for line in doc.lines] == ["正文", "5"] and doc.metadata["page_markers"] == 1


@pytest.mark.parametrize("text", ["5", "- 5 -正文", "第5页正文", "3/12件", "2024年3月"])
def test_not_page_markers(text):
    assert not is_page_marker(text)
