"""The plugin as users get it: installed, found through its entry point."""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path

import pytest

from disclosurelint.plugins import ENTRY_POINT_GROUP

FIXTURES = Path(__file__).parent / "fixtures"


def pytest_configure(config: pytest.Config) -> None:
    if not any(ep.name == "zhejiang" for ep in entry_points(group=ENTRY_POINT_GROUP)):
        raise pytest.UsageError(
            "disclosurelint-zhejiang is not installed: pip install ./plugins/disclosurelint-example-province"
        )


@pytest.fixture
def county_text() -> str:
    """A clean county government report (synthetic, 2021 format)."""
    return (FIXTURES / "county-2024.txt").read_text(encoding="utf-8")
