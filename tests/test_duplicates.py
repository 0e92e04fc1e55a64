"""DL603 near-duplicate-report: copies with the figures changed, masking, threshold, scale.

The rule cases that need no computed input are YAML: rules/cases/DL603.yaml and
tests/rule_cases/DL603.yaml (run by test_rule_cases.py).
"""

from __future__ import annotations

import pickle
import re
from pathlib import Path
from typing import List

import pytest

from disclosurelint.api import Linter
from disclosurelint.checks.duplicates import (
    NUM_PERM,
    NearDuplicateReport,
    ProseSummary,
    duplicate_threshold,
    masked_prose,
    minhash,
    similar_pairs,
    similarity,
)
from disclosurelint.findings import Finding
from disclosurelint.rule import RuleContext

from conftest import SEEDS, builtin_config, findings_of, write

SEED_000 = SEEDS["000"].read_text(encoding="utf-8")
NEW_SECTION_5 = (
    "2025年,我市政府信息公开工作存在的主要问题是基层政务公开标准化规范化水平有待提升,政策解读的形式还不够丰富,"
    "互动回应的及时性有待加强。下一步,我市将加强培训指导,推动基层政务公开提质增效,丰富图解、视频等解读形式,"
    "健全网民留言办理机制,确保回应及时准确。"
)


def figures_changed(text: str) -> str:
    """Every figure +7 and the year moved on: the same prose with other numbers."""
    return re.sub(r"\d+", lambda m: str(int(m.group()) + 7) if len(m.group()) < 4 else str(int(m.group()) + 1), text)


def dl603(paths: List[Path], **config) -> List[Finding]:
    return findings_of(paths, ("DL603",), **config)


def test_copied_report_with_only_figures_changed(tmp_path):
    old = write(tmp_path / "永州", "2024.txt", SEED_000)
    new = write(tmp_path / "永州", "2025.txt", figures_changed(SEED_000))
    (finding,) = dl603([tmp_path])
    assert finding.path == str(new) and str(old) in finding.message
    assert "本机关上一份（2024年）报告" in finding.message and "100%" in finding.message
    assert finding.related[0][0] == str(old)


def test_threshold_from_config(tmp_path):
    five = SEED_000.split("五、存在的主要问题及改进情况\n")[1].split("\n")[0]
    write(tmp_path, "2024.txt", SEED_000)
    write(tmp_path, "2025.txt", figures_changed(SEED_000).replace(figures_changed(five), NEW_SECTION_5))
    assert dl603([tmp_path]) == []  # about 73% similar
    assert len(dl603([tmp_path], duplicate_threshold=0.7)) == 1
    assert len(dl603([tmp_path], duplicate_threshold=70)) == 1  # a percentage


def test_threshold_falls_back_to_plugin_settings():
    config = builtin_config(duplicate_threshold=None, plugins={"disclosurelint": {"duplicate_threshold": 0.8}})
    assert duplicate_threshold(RuleContext(config, None)) == 0.8
    assert duplicate_threshold(RuleContext(builtin_config(duplicate_threshold=None), None)) == 0.9


def test_previous_report_from_history(tmp_path):
    write(tmp_path / "archive", "2024.txt", SEED_000)
    new = write(tmp_path / "reports", "2025.txt", figures_changed(SEED_000))
    (finding,) = dl603([new], history=[tmp_path / "archive"])
    assert "archive" in finding.message


def test_masking_figures_years_and_agency():
    linter = Linter(builtin_config())
    parsed = linter.parse(SEEDS["000"])
    text = masked_prose(parsed, "永州市人民政府办公室")
    assert "永州" not in text and not re.search(r"\d", text) and "#" in text
    assert not re.search(r"[，。,.;；、（）()\s]", text)


def test_similarity_estimates():
    a = minhash("政务公开工作" * 80)
    assert similarity(a, a) == 1.0
    assert similarity(a, minhash("依申请公开办理" * 80)) < 0.2
    assert len(a) == NUM_PERM * 4


def test_summary_keeps_no_text():
    linter = Linter(builtin_config())
    summary = NearDuplicateReport().summarize(linter.parse(SEEDS["000"]), linter.context)
    assert isinstance(summary, ProseSummary) and summary.length > 300
    assert len(pickle.dumps(summary)) < 1200
    assert "紧紧围绕" not in repr(summary)


def test_pairs_found_without_comparing_everything():
    texts = [f"第{i}号机关的报告写了完全不同的内容，编号{i}，" + "".join(chr(0x4E00 + (i * 131 + k * 7) % 20000) for k in range(400)) for i in range(60)]
    summaries = [ProseSummary(f"{i}.txt", f"agency{i}", 2024, minhash(t), len(t)) for i, t in enumerate(texts)]
    summaries.append(ProseSummary("copy.txt", "agency-copy", 2024, summaries[5].minhash, 400))
    assert [(i, j) for i, j, _ in similar_pairs(summaries, 0.9)] == [(5, 60)]


@pytest.mark.parametrize("code", ["DL603"])
def test_rule_metadata(code):
    assert NearDuplicateReport.code == code and NearDuplicateReport.scope == "run"
    assert "O(n·b)" in NearDuplicateReport.docs()


def test_minhash_estimates_jaccard_of_shingles():
    """The one-permutation MinHash tracks the exact shingle Jaccard similarity."""
    from disclosurelint.checks.duplicates import SHINGLE, minhash, similarity

    base = SEED_000 * 2
    variants = [base, base[: len(base) // 2] + NEW_SECTION_5 * 3, NEW_SECTION_5 * 6 + base[:2000]]
    for text in variants[1:]:
        a = {base[i : i + SHINGLE] for i in range(len(base) - SHINGLE + 1)}
        b = {text[i : i + SHINGLE] for i in range(len(text) - SHINGLE + 1)}
        exact = len(a & b) / len(a | b)
        assert abs(similarity(minhash(base), minhash(text)) - exact) < 0.15
    assert similarity(minhash(base), minhash(base)) == 1.0


def test_mass_copies_stay_linear():
    """A bucket of 500 copies of one text is windowed, not expanded into 124,750 pairs."""
    from disclosurelint.checks.duplicates import WINDOW, ProseSummary, minhash, similar_pairs

    signature = minhash(SEED_000)
    copies = [ProseSummary(path=f"r{i:03}.txt", agency=f"机关{i}", year=2024, minhash=signature, length=3000) for i in range(500)]
    pairs = list(similar_pairs(copies, 0.9))
    assert len(pairs) <= len(copies) * WINDOW
    assert {i for pair in pairs for i in pair[:2]} == set(range(500))  # every copy has a twin
    assert all(score == 1.0 for _, _, score in pairs)


def test_every_mass_copy_is_reported(tmp_path):
    """In a run of many copies of one text, each copy but the earliest gets its DL603."""
    from disclosurelint.checks.duplicates import NearDuplicateReport, ProseSummary, minhash

    signature = minhash(SEED_000)
    copies = [ProseSummary(path=f"r{i:03}.txt", agency=f"机关{i}", year=2024, minhash=signature, length=3000) for i in range(120)]
    rule = NearDuplicateReport()
    findings = list(rule.check_run(copies, [], RuleContext(builtin_config(), None)))
    assert sorted(f.path for f in findings) == [f"r{i:03}.txt" for i in range(1, 120)]
