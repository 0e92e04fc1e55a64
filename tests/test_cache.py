"""The content-hash cache: hits, invalidation, corrupt entries, concurrent writers, no writes to reports."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

from builders import SEED_001, blocks, docx_bytes, html_bytes
from disclosurelint import runner
from disclosurelint.api import FileOutcome, Linter
from disclosurelint.cache import CACHEDIR_TAG, Cache, run_key
from disclosurelint.cli import main
from disclosurelint.config import Config
from disclosurelint.readers import Limits
from conftest import pack_plugin

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = sorted((FIXTURES / "seeds").glob("*.txt"))
PDF = FIXTURES / "real" / "huaian-city-2024.pdf"


def reports(folder: Path, pdf: bool = False) -> List[str]:
    """The seeds, an HTML, a DOCX (and the PDF report) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for seed in SEEDS:
        shutil.copyfile(seed, folder / seed.name)
    items = blocks(SEED_001.read_text(encoding="utf-8"))
    (folder / "report.html").write_bytes(html_bytes(items))
    (folder / "report.docx").write_bytes(docx_bytes(items))
    if pdf:
        shutil.copyfile(PDF, folder / PDF.name)
    return sorted(str(p) for p in folder.iterdir())


def cached_config(root: Path, **kwargs) -> Config:
    return Config(root=root, autoload_plugins=False, **kwargs)


def entries(cache_dir: Path) -> List[Path]:
    return [p for p in cache_dir.rglob("*") if p.is_file() and p.parent.parent.parent == cache_dir]


def as_tuples(run) -> List[Tuple]:
    return [(f.path, f.code, f.message, f.location) for r in run.files for f in r.findings]


def test_second_run_is_answered_from_the_cache_without_parsing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = reports(tmp_path / "reports", pdf=True)
    linter = Linter(cached_config(tmp_path))
    cold = runner.run_files(linter, paths, jobs=1)
    assert not any(r.cached for r in cold.files)
    assert len(entries(tmp_path / ".disclosurelint_cache")) == len(paths)

    def no_parsing(self, path):
        raise AssertionError(f"{path} parsed despite the cache")

    monkeypatch.setattr(Linter, "parse", no_parsing)
    warm = runner.run_files(Linter(cached_config(tmp_path)), paths, jobs=1)
    assert all(r.cached for r in warm.files)
    assert as_tuples(warm) == as_tuples(cold)


def test_cached_run_summaries_feed_the_cross_file_rules(tmp_path: Path) -> None:
    paths = reports(tmp_path / "reports")
    linter = Linter(cached_config(tmp_path))
    cold = runner.run_files(linter, paths, jobs=1)
    warm = runner.run_files(linter, paths, jobs=1)
    assert as_tuples(warm) == as_tuples(cold) == as_tuples(linter.run(paths))


def test_cache_hits_do_not_import_the_heavy_readers(tmp_path: Path) -> None:
    paths = reports(tmp_path / "reports", pdf=True)
    runner.run_files(Linter(cached_config(tmp_path)), paths, jobs=1)
    script = (
        "import sys, json\n"
        "from disclosurelint.api import Linter\n"
        "from disclosurelint.config import Config\n"
        "from disclosurelint.runner import run_files\n"
        f"run = run_files(Linter(Config(root={str(tmp_path)!r}, autoload_plugins=False)), {paths!r}, jobs=1)\n"
        "print(json.dumps([all(r.cached for r in run.files), sorted(m for m in ('lxml', 'docx', 'pypdf') if m in sys.modules)]))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == [True, []]


def test_a_changed_file_is_linted_again(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    text = SEEDS[0].read_text(encoding="utf-8")
    report.write_text(text, encoding="utf-8")
    linter = Linter(cached_config(tmp_path))
    assert runner.run_files(linter, [str(report)]).files[0].findings == []
    report.write_text(text + "\n[bookmark: _GoBack]\n", encoding="utf-8")
    result = runner.run_files(linter, [str(report)]).files[0]
    assert not result.cached and [f.code for f in result.findings] == ["DL801"]


@pytest.mark.parametrize(
    "change",
    [
        {"ignore": ["DL801"]},
        {"severity": {"DL801": "error"}},
        {"limits": Limits(max_pdf_pages=3)},
        {"duplicate_threshold": 0.5},
    ],
)
def test_run_key_changes_with_anything_that_changes_findings(tmp_path: Path, change: Dict) -> None:
    base = Linter(cached_config(tmp_path))
    if "severity" in change:
        changed = Config(root=tmp_path, autoload_plugins=False).merge_cli(severity=["DL801=error"])
    else:
        changed = dataclasses.replace(cached_config(tmp_path), **change)
    assert run_key(base) != run_key(Linter(changed))
    assert run_key(base) == run_key(Linter(cached_config(tmp_path)))


def test_run_key_changes_with_plugins_and_rule_packs(tmp_path: Path) -> None:
    linter = Linter(cached_config(tmp_path))
    before = run_key(linter)
    linter.catalog.plugins["sh-pack"] = "1.0"
    with_plugin = run_key(linter)
    linter.catalog.plugins["sh-pack"] = "1.1"
    upgraded = run_key(linter)
    with_pack = run_key(Linter(cached_config(tmp_path), plugins=[pack_plugin(tmp_path / "a", {"placeholders": ["暂无"]})]))
    other_pack = run_key(Linter(cached_config(tmp_path), plugins=[pack_plugin(tmp_path / "b", {"placeholders": ["未统计"]})]))
    assert len({before, with_plugin, upgraded, with_pack, other_pack}) == 5


def test_the_same_bytes_under_another_path_are_another_entry(tmp_path: Path) -> None:
    linter = Linter(cached_config(tmp_path))
    cache = Cache.for_linter(linter)
    data = SEEDS[0].read_bytes()
    assert cache.key("a/r.txt", data) != cache.key("b/r.txt", data)
    assert cache.key("a/r.txt", data) == cache.key("a/r.txt", data)


@pytest.mark.parametrize("damage", [b"", b"garbage", b"\x80\x05\x95 truncated pickle", b"pickle of another type"])
def test_corrupt_entries_are_ignored_and_rewritten(tmp_path: Path, damage: bytes) -> None:
    report = tmp_path / "r.txt"
    shutil.copyfile(SEEDS[1], report)
    linter = Linter(cached_config(tmp_path))
    cold = runner.run_files(linter, [str(report)])
    [entry] = entries(tmp_path / ".disclosurelint_cache")
    if damage == b"pickle of another type":
        import pickle

        damage = pickle.dumps({"not": "an outcome"})
    entry.write_bytes(damage)
    again = runner.run_files(linter, [str(report)])
    assert not again.files[0].cached and as_tuples(again) == as_tuples(cold)
    assert runner.run_files(linter, [str(report)]).files[0].cached


def test_cache_folder_is_tagged_and_ignored_by_git(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    shutil.copyfile(SEEDS[0], report)
    assert main(["check", str(report), "--cache-dir", str(tmp_path / "c")]) == 0
    assert (tmp_path / "c" / "CACHEDIR.TAG").read_text() == CACHEDIR_TAG
    assert (tmp_path / "c" / ".gitignore").read_text().splitlines()[-1] == "*"


def test_no_cache_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    paths = reports(tmp_path / "reports")
    main(["check", "reports", "--no-cache", "--format", "json"])
    assert not (tmp_path / ".disclosurelint_cache").exists()
    main(["check", "reports", "--format", "json"])
    assert (tmp_path / ".disclosurelint_cache" / "CACHEDIR.TAG").is_file()
    assert sorted(str(p) for p in (tmp_path / "reports").iterdir()) == paths  # nothing added to the reports


def test_the_linter_never_writes_into_the_reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    paths = reports(tmp_path / "reports")
    before = {p: (Path(p).read_bytes(), os.stat(p).st_mtime_ns) for p in paths}
    for extra in ([], ["--jobs", "2"], ["--no-cache"], ["--format", "sarif"]):
        main(["check", "reports", *extra])
    assert {p: (Path(p).read_bytes(), os.stat(p).st_mtime_ns) for p in paths} == before


def test_a_cache_folder_inside_the_linted_tree_is_not_linted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    monkeypatch.chdir(tmp_path)
    reports(tmp_path / "reports")
    main(["check", "reports", "--format", "json", "--cache-dir", "reports/.lintcache"])
    capsys.readouterr()
    main(["check", "reports", "--format", "json", "--cache-dir", "reports/.lintcache"])
    linted = {f["path"] for f in json.loads(capsys.readouterr().out)["files"]}
    assert linted and not any(".lintcache" in p for p in linted)


def test_concurrent_writers_never_leave_half_an_entry(tmp_path: Path) -> None:
    linter = Linter(cached_config(tmp_path))
    outcome = linter.lint_path(SEEDS[4])
    caches = [Cache.for_linter(linter) for _ in range(4)]
    key = caches[0].key(str(SEEDS[4]), SEEDS[4].read_bytes())
    seen: List[object] = []

    def write() -> None:
        for _ in range(50):
            caches[1].store(key, outcome)

    def read() -> None:
        for _ in range(200):
            seen.append(caches[2].load(key))

    threads = [threading.Thread(target=write) for _ in range(3)] + [threading.Thread(target=read)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    loaded = [o for o in seen if o is not None]
    assert all(isinstance(o, FileOutcome) and o.result.findings == outcome.result.findings for o in loaded)
    assert not [p for p in (tmp_path / ".disclosurelint_cache").rglob(".tmp-*")]


def test_an_unwritable_cache_does_not_stop_the_run(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    config = dataclasses.replace(cached_config(tmp_path), cache_dir=blocker / "cache")
    run = runner.run_files(Linter(config), [str(SEEDS[1])])
    assert [f.code for f in run.files[0].findings] == ["DL201"]


def test_timeouts_are_not_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = tmp_path / "r.txt"
    shutil.copyfile(SEEDS[0], report)
    linter = Linter(cached_config(tmp_path))

    def too_slow(self, path):
        raise runner.FileTimeout()

    with monkeypatch.context() as patch:
        patch.setattr(Linter, "parse", too_slow)
        assert runner.run_files(linter, [str(report)]).files[0].findings[0].context["kind"] == "timeout"
    assert not entries(tmp_path / ".disclosurelint_cache")
    assert runner.run_files(linter, [str(report)]).files[0].findings == []


def test_parallel_cold_run_fills_the_cache_for_a_cached_rerun(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    paths = []
    for n in range(6):
        for seed in SEEDS:
            target = folder / f"{n}-{seed.name}"
            shutil.copyfile(seed, target)
            paths.append(str(target))
    linter = Linter(cached_config(tmp_path))
    cold = runner.run_files(linter, paths, jobs=2)
    warm = runner.run_files(linter, paths, jobs=2)
    assert all(r.cached for r in warm.files) and as_tuples(warm) == as_tuples(cold)


def test_editing_a_plugin_invalidates_the_cache(tmp_path, monkeypatch):
    import importlib
    import sys

    from disclosurelint.api import Linter
    from disclosurelint.cache import run_key
    from disclosurelint.config import Config

    module_file = tmp_path / "edited_plugin.py"
    module_file.write_text(
        "from disclosurelint.hookspecs import hookimpl\n"
        "from disclosurelint.rule import Rule\n"
        "class Local(Rule):\n"
        "    '''A local rule.'''\n"
        "    code = 'ED101'\n"
        "    name = 'edited'\n"
        "@hookimpl\n"
        "def disclosurelint_rules():\n"
        "    return [Local]\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    given = [("edited", importlib.import_module("edited_plugin"))]
    before = run_key(Linter(Config(), plugins=given))
    assert run_key(Linter(Config(), plugins=given)) == before
    module_file.write_text(module_file.read_text(encoding="utf-8") + "# changed\n", encoding="utf-8")
    assert run_key(Linter(Config(), plugins=given)) != before
    sys.modules.pop("edited_plugin", None)
