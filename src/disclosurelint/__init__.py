"""disclosurelint: lint Chinese government annual reports on information disclosure.

The public API is :func:`lint_paths`, :func:`lint_file` and :func:`lint_text`
(and :class:`disclosurelint.api.Linter` for repeated use); they are imported
lazily so that ``import disclosurelint`` stays cheap.
"""

from typing import Any

from ._version import __version__
__all__ = ["lint_paths", "lint_file", "lint_text", "__version__"]


def __getattr__(name: str) -> Any:
    if name in ("lint_paths", "lint_file", "lint_text"):
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'disclosurelint' has no attribute {name!r}")
