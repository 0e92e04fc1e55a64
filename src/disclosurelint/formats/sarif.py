"""SARIF 2.1.0, for GitHub code scanning and other SARIF consumers.

The log is built from ``sarif-om`` objects and written by :func:`serialize`,
shaped by what GitHub ingests (``upload-sarif`` and the code-scanning service):

* ``tool.driver`` lists the national rules that ran; rules of third-party
  plugins go under ``tool.extensions`` (one component per plugin) and their
  results carry a ``rule`` reference naming the component.
* URIs are relative to the repository root (``run.root``: GitHub reads them
  from there and ignores ``uriBaseId``), percent-encoded (RFC 3986, UTF-8),
  with ``%SRCROOT%`` naming that root.  Files outside it get ``file://`` URIs.
* Every result has a region, columns in UTF-16 code units, always with an
  end.  A finding without file lines (DOCX, PDF, a whole-file finding) points
  at the start of the file and names its place (page, table cell, labels) in
  the message; a logical location carries the template's labels.
* ``partialFingerprints.primaryLocationLineHash`` (the one fingerprint GitHub
  reads) is :func:`~disclosurelint.findings.fingerprints` (the baseline's and
  the suppressions file's key too): the finding's identity and related files
  hashed, never a line, so an alert stays the same alert when lines move or
  other cells change.
* A finding a suppression accepted is a result with ``suppressions`` (kind
  ``inSource`` for a comment in the report, ``external`` for the suppressions
  file; status ``accepted`` and the reason as justification): GitHub shows
  it as dismissed.  Findings in the baseline are left out (as semgrep does):
  a baseline records what nobody has reviewed yet, not what was accepted.
* Related files (DL6xx) are related locations linked from the message:
  ``[2023/报告.txt](1)``.
* At most :data:`MAX_RESULTS` results, the most severe first, with a notification.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any, Dict, List, Optional, Tuple, Type, TypeVar
from urllib.parse import quote

import attr
import sarif_om as om

from ..findings import Finding
from ..model import Location
from ..results import RunResult
from . import FormatOptions, display_path, file_fingerprints, message_with_place

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
TOOL_NAME = "disclosurelint"
INFORMATION_URI = "https://github.com/disclosurelint/disclosurelint"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "primaryLocationLineHash"
#: GitHub code scanning rejects a run with more results than this ...
MAX_RESULTS = 25_000
#: ... and shows this many of them, the most severe first.
SHOWN_RESULTS = 5_000

T = TypeVar("T")

#: Attribute on sarif-om objects built by :func:`make`: the fields set explicitly.
_EXPLICIT = "_disclosurelint_explicit"
#: sarif-om 1.0.4 predates a rename in the final 2.1.0 schema.
_FINAL_NAMES = {(om.Suppression, "state"): "status"}


def render(run: RunResult, options: FormatOptions) -> str:
    log = serialize(build_log(run, options))
    ordered = {"$schema": log.pop("$schema"), "version": log.pop("version"), **log}
    return json.dumps(ordered, ensure_ascii=False, indent=2) + "\n"


# -- sarif-om objects <-> JSON ------------------------------------------------------


def make(cls: Type[T], **values: Any) -> T:
    """A sarif-om object that remembers which fields were given explicitly.

    :func:`serialize` writes explicit fields even when they equal the sarif-om
    default (``level: "warning"``, ``results: []``).
    """
    obj = cls(**values)
    setattr(obj, _EXPLICIT, frozenset(values))
    return obj


def serialize(value: Any) -> Any:
    """sarif-om objects (recursively) as JSON data with the schema's property names.

    ``None`` is always dropped; fields not set through :func:`make` are dropped
    when they hold the sarif-om default or an empty container.
    """
    if attr.has(type(value)):
        explicit = getattr(value, _EXPLICIT, frozenset())
        out: Dict[str, Any] = {}
        for f in attr.fields(type(value)):
            item = getattr(value, f.name)
            if item is None or (f.name not in explicit and (_is_default(f, item) or item in ({}, []))):
                continue
            key = _FINAL_NAMES.get((type(value), f.name), f.metadata["schema_property_name"])
            out[key] = serialize(item)
        return out
    if isinstance(value, dict):
        return {k: serialize(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [serialize(v) for v in value]
    return value


def _is_default(f: "attr.Attribute[Any]", value: Any) -> bool:
    default = f.default
    if default is attr.NOTHING:
        return False
    if isinstance(default, attr.Factory):
        default = default.factory()
    return bool(value == default)


# -- the log ---------------------------------------------------------------------


@dataclass
class _Component:
    """One tool component (the driver or a plugin's extension) and its rules."""

    name: str
    rules: List[Dict[str, Any]] = field(default_factory=list)
    positions: Dict[str, int] = field(default_factory=dict)

    def add(self, description: Dict[str, Any]) -> None:
        if description["code"] not in self.positions:
            self.positions[description["code"]] = len(self.rules)
            self.rules.append(description)


def _components(run: RunResult) -> Tuple[_Component, List[_Component]]:
    """The driver and the extensions, rules sorted by code, plugins by name.

    Codes that reported findings without being among ``run.rules`` are
    described from their findings so that every result has a rule.
    """
    descriptions = [r.describe() for r in run.rules]
    known = {(d["plugin"], d["code"]) for d in descriptions}
    for f in run.findings:
        if (f.plugin, f.code) not in known:
            known.add((f.plugin, f.code))
            descriptions.append(
                {
                    "code": f.code,
                    "name": f.name,
                    "severity": f.severity.value,
                    "title": "",
                    "summary": "",
                    "docs": "",
                    "tags": [],
                    "plugin": f.plugin,
                }
            )
    by_plugin: Dict[str, _Component] = {TOOL_NAME: _Component(TOOL_NAME)}
    for d in sorted(descriptions, key=lambda d: d["code"]):
        by_plugin.setdefault(d["plugin"], _Component(d["plugin"])).add(d)
    driver = by_plugin.pop(TOOL_NAME)
    return driver, [by_plugin[name] for name in sorted(by_plugin)]


def build_log(run: RunResult, options: FormatOptions) -> om.SarifLog:
    driver, extensions = _components(run)
    artifacts = _Artifacts(run)
    findings: List[Finding] = []
    prints: List[str] = []
    for file in run.files:
        printed = file_fingerprints(run, file)
        for finding in sorted([*file.findings, *file.suppressed], key=Finding.sort_key):
            findings.append(finding)
            prints.append(printed[id(finding)])
    kept, notes = _cap(findings)
    for note in notes:
        options.warn(note)
    results = [_result(findings[i], driver, extensions, artifacts, prints[i]) for i in kept]
    tool = make(
        om.Tool,
        driver=make(
            om.ToolComponent,
            name=TOOL_NAME,
            version=options.tool_version,
            semantic_version=options.tool_version,
            information_uri=INFORMATION_URI,
            rules=[_descriptor(d) for d in driver.rules],
        ),
        extensions=[
            make(
                om.ToolComponent,
                name=ext.name,
                version=run.plugins.get(ext.name),
                rules=[_descriptor(d) for d in ext.rules],
            )
            for ext in extensions
        ]
        or None,
    )
    invocation = make(
        om.Invocation,
        execution_successful=True,
        tool_execution_notifications=[
            make(om.Notification, level="warning", message=make(om.Message, text=e))
            for e in [*run.plugin_errors, *notes]
        ]
        or None,
    )
    root_uri = Path(os.path.abspath(run.root)).as_uri()
    sarif_run = make(
        om.Run,
        tool=tool,
        invocations=[invocation],
        original_uri_base_ids={
            SRCROOT: make(om.ArtifactLocation, uri=root_uri if root_uri.endswith("/") else root_uri + "/")
        },
        artifacts=artifacts.listed or None,
        results=results,
        column_kind="utf16CodeUnits",
        language="zh-CN",
    )
    return make(om.SarifLog, schema_uri=SCHEMA_URI, version=SARIF_VERSION, runs=[sarif_run])


def _descriptor(d: Dict[str, Any]) -> om.ReportingDescriptor:
    """A rule's descriptor, in the run's language (zh-CN): the Chinese title as
    ``shortDescription``, the docs' first paragraph (title and English lead) as
    ``fullDescription``, the docs (Chinese first, then English) as ``help``."""
    short = d["title"] or d["summary"] or d["name"]
    docs = d["docs"] or short
    return make(
        om.ReportingDescriptor,
        id=d["code"],
        name=d["name"],
        short_description=make(om.MultiformatMessageString, text=short),
        full_description=make(om.MultiformatMessageString, text=docs.split("\n\n")[0]),
        help=make(om.MultiformatMessageString, text=docs, markdown=docs),
        default_configuration=make(om.ReportingConfiguration, level=d["severity"]),
        properties=make(om.PropertyBag, tags=d["tags"]) if d["tags"] else None,
    )


class _Artifacts:
    """``run.artifacts`` (every linted file) and artifact locations pointing into it."""

    def __init__(self, run: RunResult) -> None:
        self.run = run
        self.listed: List[om.Artifact] = []
        self.index: Dict[str, int] = {}
        for file in run.files:
            shown = display_path(run, file.path)
            if shown not in self.index:
                self.index[shown] = len(self.listed)
                location = self.location(file.path, indexed=False)
                self.listed.append(make(om.Artifact, location=location, roles=["analysisTarget"]))

    def location(self, path: str, indexed: bool = True) -> om.ArtifactLocation:
        shown = display_path(self.run, path)
        values: Dict[str, Any] = {}
        if PurePath(shown).is_absolute():
            values["uri"] = Path(shown).as_uri()
        else:
            values.update(uri=quote(shown, safe="/"), uri_base_id=SRCROOT)
        if indexed and shown in self.index:
            values["index"] = self.index[shown]
        return make(om.ArtifactLocation, **values)


def _cap(findings: List[Finding]) -> Tuple[List[int], List[str]]:
    """Indexes of the findings to write (when there are too many, the most severe, reported before
    suppressed; in order) and what to tell the user about GitHub's limits."""
    total = len(findings)
    notes: List[str] = []
    kept = list(range(total))
    if total > MAX_RESULTS:
        chosen = sorted(kept, key=lambda i: (findings[i].suppression is not None, -findings[i].severity.rank))
        kept = sorted(chosen[:MAX_RESULTS])
        notes.append(
            f"{total} results exceed GitHub code scanning's limit of {MAX_RESULTS} per run: only the "
            f"{MAX_RESULTS} most severe are written; --format json lists them all"
        )
    if total > SHOWN_RESULTS:
        notes.append(f"GitHub code scanning shows {SHOWN_RESULTS} results per run, the most severe first ({total} found)")
    return kept, notes


def _result(
    finding: Finding,
    driver: _Component,
    extensions: List[_Component],
    artifacts: _Artifacts,
    fingerprint: str,
) -> om.Result:
    values: Dict[str, Any] = {}
    if finding.plugin == TOOL_NAME:
        rule_index = driver.positions[finding.code]
    else:
        ext_index = next(i for i, e in enumerate(extensions) if e.name == finding.plugin)
        rule_index = extensions[ext_index].positions[finding.code]
        values["rule"] = make(
            om.ReportingDescriptorReference,
            id=finding.code,
            index=rule_index,
            tool_component=make(om.ToolComponentReference, name=finding.plugin, index=ext_index),
        )
    message = message_with_place(artifacts.run, finding)
    related: List[om.Location] = []
    for number, (path, loc) in enumerate(finding.related, start=1):
        shown = display_path(artifacts.run, path)
        related.append(_location(artifacts, path, loc, id=number, message=make(om.Message, text=shown)))
        link = f"[{_escape_link_text(shown)}]({number})"
        message = message.replace(shown, link, 1) if shown in message else f"{message}（{link}）"
    return make(
        om.Result,
        rule_id=finding.code,
        rule_index=rule_index,
        level=finding.severity.value,
        message=make(om.Message, text=message),
        locations=[_location(artifacts, finding.path, finding.location, finding.where())],
        related_locations=related or None,
        partial_fingerprints={FINGERPRINT_KEY: fingerprint},
        suppressions=[
            make(om.Suppression, kind=finding.suppression.kind, state="accepted", justification=finding.suppression.justification)
        ]
        if finding.suppression is not None
        else None,
        **values,
    )


def _escape_link_text(text: str) -> str:
    """Link text of a SARIF message (§3.11.6): brackets and backslashes escaped."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _location(artifacts: _Artifacts, path: str, loc: Optional[Location], where: str = "", **values: Any) -> om.Location:
    labels = [p for p in where.split(" / ") if p]
    logical = [
        make(om.LogicalLocation, name=labels[-1], fully_qualified_name="/".join(labels), kind="element")
    ] if labels else None
    physical = make(om.PhysicalLocation, artifact_location=artifacts.location(path), region=_region(loc))
    return make(om.Location, physical_location=physical, logical_locations=logical, **values)


def _region(loc: Optional[Location]) -> om.Region:
    """The span's region; the start of the file for a finding without file lines (GitHub needs a
    region).  A span without an end is an empty region at its start, never the rest of the line."""
    span = loc.span if loc is not None else None
    if span is None:
        return make(om.Region, start_line=1, start_column=1, end_line=1, end_column=1)
    column = span.column or 1
    end_line = span.end_line or span.line
    end_column = span.end_column or (column if end_line == span.line else 1)
    return make(om.Region, start_line=span.line, start_column=column, end_line=end_line, end_column=end_column)
