"""disclosurelint: lint Chinese government annual reports on information disclosure."""

__version__ = "0.1.0"
