"""The review model a format with ``needs_model`` gets: what it holds, from workers, cached apart."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path
from typing import Any, Dict, List

import pytest

from conftest import HUAIAN_PDF, SEEDS, builtin_config
from disclosurelint import runner
from disclosurelint.api import Linter
from disclosurelint.findings import Finding, Severity
from disclosurelint.numerals import prose_streams
from disclosurelint.review import review_model


def models(run) -> List[Any]:
    return [f.model for f in run.files]


def test_model_is_the_extract_layout_without_texts_with_the_template_grid(linter: Linter) -> None:
    (file,) = runner.run_files(linter, [str(SEEDS["001"])], jobs=1, use_cache=False, models=True).files
    model = file.model
    assert model["path"] == str(SEEDS["001"]) and model["template"] == "2021" and model["error"] is None
    assert [s["number"] for s in model["sections"]] == [1, 2, 3, 4, 5, 6]
    assert not any("text" in s for s in model["sections"])
    assert "claims" not in model["identity"] and model["identity"]["agency"] == "平阳县"
    assert [s["heading"] for s in model["outline"]][1] == "二、主动公开政府信息情况"
    table2 = model["tables"]["table2"]
    assert (table2["short_title"], table2["title"]) == ("表2", "主动公开政府信息情况")
    assert [c["id"] for c in table2["columns"]] == ["issued", "repealed", "in_force", "decisions", "amount"]
    row = next(r for r in table2["rows"] if r["id"] == "normative_documents")
    assert (row["block"], row["group"], row["columns"]) == ("第二十条第（一）项", "", ["issued", "repealed", "in_force"])
    assert [(c["column"], c["kind"]) for c in row["cells"]] == [("issued", "number"), ("repealed", "number"), ("in_force", "blank")]
    table3 = model["tables"]["table3"]
    assert len(table3["rows"]) == 25 and len(table3["columns"]) == 7
    assert next(r for r in table3["rows"] if r["id"] == "refused_3")["group"] == "（三）不予公开"
    assert model["excerpts"] == []
    assert len(pickle.dumps(model)) < 40_000


def test_prose_findings_get_their_sentence_with_the_figure_marked(linter: Linter) -> None:
    (file,) = runner.run_files(linter, [str(SEEDS["004"])], jobs=1, use_cache=False, models=True).files
    excerpts = [e for e in file.model["excerpts"] if e["code"] == "DL501"]
    dl501 = [f for f in file.findings if f.code == "DL501"]
    assert [(e["code"], e["message"], e["location"]) for e in excerpts] == [(f.code, f.message, f.location.to_dict()) for f in dl501]
    marked = [e["text"][slice(*e["mark"])] for e in excerpts]
    assert marked == ["4", "2"]
    assert all(e["text"].startswith("2023年,累计收到受理公民依申请公开18件") and e["text"].endswith("无超期情况。") for e in excerpts)


def test_a_page_located_finding_is_narrowed_to_the_text_its_message_quotes(linter: Linter) -> None:
    report = linter.parse(HUAIAN_PDF)
    stream = next(s for s in prose_streams(report) if "共受理政府信息公开申请3119件" in s.text)
    quoted = "共受理政府信息公开申请3119件"
    location = stream.location(stream.text.index(quoted))
    assert location.span is None and location.page  # a PDF page: many characters share it
    finding = Finding("DL501", "narrative-table-mismatch", Severity.WARNING, f"正文“{quoted}”所述……", report.path, location)
    (excerpt,) = review_model(report, linter.context.template(report), [finding])["excerpts"]
    assert excerpt["text"][slice(*excerpt["mark"])] == "3119"
    assert quoted in excerpt["text"] and len(excerpt["text"]) <= 2 * 120 + len("3119")


def test_no_model_unless_asked(linter: Linter) -> None:
    run = runner.run_files(linter, [str(SEEDS["001"])], jobs=1, use_cache=False)
    assert models(run) == [None]


def test_models_from_workers_equal_those_made_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = []
    for n in range(5):
        for seed in SEEDS.values():
            paths.append(str(shutil.copyfile(seed, tmp_path / f"{n}-{seed.name}")))
    assert len(paths) >= runner.MIN_PARALLEL
    pools: List[int] = []
    original = runner._parallel
    monkeypatch.setattr(runner, "_parallel", lambda *args: pools.append(1) or original(*args))
    linter = Linter(builtin_config(root=tmp_path, cache=False))
    parallel = runner.run_files(linter, paths, jobs=2, models=True)
    assert pools == [1]
    assert models(parallel) == models(runner.run_files(linter, paths, jobs=1, models=True))
    assert all(m is not None for m in models(parallel))


def test_a_cached_outcome_without_a_model_never_answers_a_run_that_needs_one(tmp_path: Path) -> None:
    path = str(shutil.copyfile(SEEDS["004"], tmp_path / "report.txt"))
    linter = Linter(builtin_config(root=tmp_path))

    def run(wanted: bool) -> Dict[str, Any]:
        (file,) = runner.run_files(linter, [path], jobs=1, models=wanted).files
        return {"cached": file.cached, "model": file.model is not None}

    assert run(False) == {"cached": False, "model": False}
    assert run(True) == {"cached": False, "model": True}
    assert run(True) == {"cached": True, "model": True}
    assert run(False) == {"cached": True, "model": False}
