"""Shared fixtures: the fixture files and a linter with only the built-in plugin."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Dict, List, Sequence, Tuple

import pytest

from disclosurelint.api import Linter
from disclosurelint.config import Config
from disclosurelint.findings import Finding
from disclosurelint.hookspecs import hookimpl

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS: Dict[str, Path] = {p.name[:3]: p for p in sorted((FIXTURES / "seeds").glob("*.txt"))}
HUAIAN_PDF = FIXTURES / "real" / "huaian-city-2024.pdf"
HUAIAN_TEXT = FIXTURES / "real" / "huaian-city-2024.pdftext.txt"
EXCERPTS = sorted((FIXTURES / "excerpts").glob("*.txt"))


def builtin_config(**changes: object) -> Config:
    """A config that ignores installed plugins (so results do not depend on the environment)."""
    config = Config(autoload_plugins=False)
    for key, value in changes.items():
        setattr(config, key, value)
    return config


@pytest.fixture(scope="session")
def linter() -> Linter:
    return Linter(builtin_config())


def seed_text(number: str) -> str:
    return SEEDS[number].read_text(encoding="utf-8")


def codes(findings: List[Finding]) -> List[str]:
    return sorted(f.code for f in findings)


def pack_plugin(folder: Path, pack: Any, name: str = "province") -> Tuple[str, Any]:
    """A ``(name, plugin)`` pair for ``Linter(plugins=...)`` whose one rule pack is ``pack``
    (YAML text, or data written as JSON, which is YAML too) in ``folder/NAME.yaml``."""
    text = pack if isinstance(pack, str) else json.dumps(pack, ensure_ascii=False)
    path = write(folder, f"{name}.yaml", text)
    return name, SimpleNamespace(disclosurelint_rule_packs=hookimpl(lambda: [path]))


def write(folder: Path, name: str, text: str) -> Path:
    """Write a report into ``folder`` (created if needed)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def findings_of(paths: List[Path], codes_wanted: tuple, **config: object) -> List[Finding]:
    """The findings with the given codes of one run over ``paths`` (built-in plugin only)."""
    from disclosurelint.api import lint_paths

    result = lint_paths([str(p) for p in paths], builtin_config(**config))
    return [f for file in result.files for f in file.findings if f.code in codes_wanted]


def imported_after(script: str, modules: Sequence[str]) -> List[str]:
    """Which of ``modules`` a fresh interpreter has imported after running ``script``."""
    code = f"{script}\nimport json, sys\nprint(json.dumps(sorted(m for m in {tuple(modules)!r} if m in sys.modules)))\n"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])
