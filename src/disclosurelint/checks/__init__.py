"""The national rules, one module per family; registered by :mod:`disclosurelint.builtin`."""
