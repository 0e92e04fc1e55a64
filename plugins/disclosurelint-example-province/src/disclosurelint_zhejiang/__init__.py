"""disclosurelint-zhejiang: an example province plugin for disclosurelint (codes ``ZJ``)."""

__version__ = "0.1.0"
