"""JSON Schemas (draft 2020-12) of the JSON outputs: ``check.schema.json`` (``check --format json``),
``statistics.schema.json`` (``check --statistics --format json``) and ``extract.schema.json``
(``extract --format json``).  Data files; read them with ``importlib.resources``."""
