"""Validate SARIF the way GitHub code scanning ingests it, with Microsoft's SARIF Multitool.

The Multitool comes from npm as a self-contained Linux x86-64 executable (no
.NET needed).  ``.ci/run`` installs it, pinned by ``.ci/node/package-lock.json``
(exact version and sha512), with ``npm ci --prefix .ci/node``; the binary is
then ``.ci/node/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool``.
``DISCLOSURELINT_MULTITOOL`` names another binary.

What this module relies on (Multitool 5.7.0):

* GitHub's rules GH1001-GH1007 are off by default; a ``--config`` file must
  both add ``Ghas`` to ``RuleKinds`` and enable each rule (either alone
  enables nothing, silently).  :func:`canary` breaks each rule once, so a
  test can prove they fire.
* ``validate`` exits 0 even when it reports errors: the verdict is its
  ``--output`` log, a SARIF file whose results carry ``message.id`` and
  ``arguments``; the text is the rule's ``messageStrings[id]`` with ``{0}``,
  ``{1}`` … filled in.  A result without ``level`` takes the rule's default
  level, else ``warning``.
* A value outside a schema enum makes the Multitool report nothing at all for
  the file: validate the same document against the JSON schema too.
* It cannot see paths: :func:`check_paths` mirrors how ``upload-sarif`` finds
  the files (relative to the checkout root, ``uriBaseId`` ignored).
"""

from __future__ import annotations

import json
import os
import platform
import re
import stat
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Dict, Iterable, List, NamedTuple, Optional
from urllib.parse import unquote

VERSION = "5.7.0"
PREFIX = Path(__file__).resolve().parents[1] / ".ci" / "node"
BINARY = PREFIX / "node_modules" / "@microsoft" / "sarif-multitool-linux" / "Sarif.Multitool"
#: The binary the tests use.
EXE = Path(os.environ.get("DISCLOSURELINT_MULTITOOL") or BINARY)

#: GitHub's ingestion rules: id -> the name in the option key.
GH_RULES: Dict[str, str] = {
    "GH1001": "ProvideRequiredLocationProperties",
    "GH1002": "InlineThreadFlowLocations",
    "GH1003": "ProvideRequiredRegionProperties",
    "GH1004": "ReviewArraysThatExceedConfigurableDefaults",
    "GH1005": "LocationsMustBeRelativeUrisOrFilePaths",
    "GH1006": "ProvideCheckoutPath",
    "GH1007": "ProvideFullyFormattedMessageStrings",
}


class Problem(NamedTuple):
    rule: str  # GH1003, SARIF2017, JSON1005 … or PATH for check_paths
    level: str  # error | warning | note
    message: str  # starts with the JSON path of the offending node


class MultitoolError(RuntimeError):
    """The Multitool did not run, or reported a configuration or execution error."""


def find_multitool() -> Optional[Path]:
    """:data:`EXE` (made executable), or None when it is not installed on this linux-x64 machine."""
    if sys.platform != "linux" or platform.machine().lower() not in ("x86_64", "amd64") or not EXE.is_file():
        return None
    if not os.access(EXE, os.X_OK):  # npm ci --ignore-scripts skips the package's chmod
        EXE.chmod(EXE.stat().st_mode | stat.S_IXUSR)
    return EXE


def version(exe: Path) -> str:
    out = subprocess.run([str(exe), "--version"], capture_output=True, text=True, timeout=120, env=_env())
    match = re.search(r"SARIF Multitool (\d+\.\d+\.\d+)", out.stdout + out.stderr)
    if out.returncode != 0 or not match:
        raise MultitoolError(f"{exe} --version: exit {out.returncode}: {(out.stdout + out.stderr)[-500:]}")
    return match.group(1)


def config_xml() -> str:
    """The ``--config`` that switches GitHub's rules on, as errors, next to the SARIF rules."""
    rules = "".join(
        f'  <Properties Key="{rule}.{name}.Options"><Property Key="RuleEnabled" Value="Error" /></Properties>\n'
        for rule, name in GH_RULES.items()
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<Properties>\n'
        '  <Properties Key="CoreSettings.Options">\n'
        '    <Property Key="RuleKinds" Type="RuleKindSet"><Item>Sarif</Item><Item>Ghas</Item></Property>\n'
        f"  </Properties>\n{rules}</Properties>\n"
    )


def validate(sarif: Path, exe: Path) -> List[Problem]:
    """Every problem ``Sarif.Multitool validate`` reports on ``sarif`` (errors, warnings and notes)."""
    with tempfile.TemporaryDirectory(prefix="multitool-") as tmp:
        config, log = Path(tmp) / "github.config.xml", Path(tmp) / "log.sarif"
        config.write_text(config_xml(), encoding="utf-8")
        command = [
            str(exe), "validate", str(Path(sarif).resolve()), "--config", str(config),
            "--output", str(log), "--log", "ForceOverwrite", "--level", "Error;Warning;Note",
        ]
        proc = subprocess.run(command, capture_output=True, text=True, timeout=600, env=_env(), cwd=tmp)
        if proc.returncode != 0 or not log.is_file():
            raise MultitoolError(f"exit {proc.returncode}: {(proc.stdout + proc.stderr)[-2000:]}")
        return read_log(json.loads(log.read_text(encoding="utf-8-sig")))


def read_log(data: Dict[str, Any]) -> List[Problem]:
    """The problems of a Multitool output log; raises on an error-level tool notification."""
    problems = []
    for run in data.get("runs", []):
        rules = run.get("tool", {}).get("driver", {}).get("rules") or []
        for invocation in run.get("invocations") or []:
            for key in ("toolConfigurationNotifications", "toolExecutionNotifications"):
                for note in invocation.get(key) or []:
                    if note.get("level", "warning") == "error":
                        raise MultitoolError(f"{key}: {note.get('descriptor', {}).get('id')}: {note.get('message')}")
        for result in run.get("results") or []:
            index = result.get("ruleIndex")
            rule = rules[index] if isinstance(index, int) and 0 <= index < len(rules) else {}
            level = result.get("level") or rule.get("defaultConfiguration", {}).get("level") or "warning"
            problems.append(Problem(result.get("ruleId") or rule.get("id", "?"), level, _message(result, rule)))
    return sorted(problems)


def _message(result: Dict[str, Any], rule: Dict[str, Any]) -> str:
    message = result.get("message") or {}
    if "text" in message:
        return str(message["text"])
    template = rule.get("messageStrings", {}).get(message.get("id"), {}).get("text", "{0}")
    arguments = [str(a) for a in message.get("arguments") or []]
    filled = re.sub(r"\{(\d+)\}", lambda m: arguments[int(m.group(1))] if int(m.group(1)) < len(arguments) else m.group(0), template)
    return filled.replace("{{", "{").replace("}}", "}")  # .NET composite format


def _env() -> Dict[str, str]:
    env = dict(os.environ, DOTNET_CLI_TELEMETRY_OPTOUT="1")
    libraries = ("/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib/x86_64-linux-gnu")
    if not any(Path(d).glob("libicuuc.so*") for d in libraries):  # .NET aborts without ICU unless told
        env.setdefault("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1")
    return env


def errors(problems: Iterable[Problem]) -> List[Problem]:
    return [p for p in problems if p.level == "error"]


def check_paths(doc: Dict[str, Any], checkout: Path) -> List[Problem]:
    """Result locations (primary and related) that ``upload-sarif`` would not find in ``checkout``.

    Mirrors ``resolveUriToFile`` (github/codeql-action ``src/fingerprints.ts``):
    ``artifactLocation.index`` may stand in for the URI, the URI is
    percent-decoded and ``file://`` stripped, other schemes are refused, and a
    relative path is relative to the checkout root whatever its ``uriBaseId``.
    """
    root = checkout.resolve()
    found = []
    for r, run in enumerate(doc.get("runs", [])):
        artifacts = run.get("artifacts") or []
        for i, result in enumerate(run.get("results") or []):
            for kind, locations in (("locations", result.get("locations")), ("relatedLocations", result.get("relatedLocations"))):
                for j, location in enumerate(locations or []):
                    where = f"runs[{r}].results[{i}].{kind}[{j}]"
                    artifact = location.get("physicalLocation", {}).get("artifactLocation") or {}
                    if "uri" not in artifact and isinstance(artifact.get("index"), int):
                        artifact = artifacts[artifact["index"]].get("location", {})
                    uri = unquote(str(artifact.get("uri", "")))
                    uri = uri[len("file://"):] if uri.startswith("file://") else uri
                    path = root / uri
                    if "://" in uri or not path.resolve().is_relative_to(root) or not path.is_file():
                        found.append(Problem("PATH", "error", f"{where}: {uri!r} is not a file of the checkout {root}"))
    return found


def canary() -> Dict[str, Any]:
    """A log that breaks each of GH1001-GH1007 once (GH1004 with 11 locations)."""

    def location(uri: str, region: bool = True) -> Dict[str, Any]:
        physical: Dict[str, Any] = {"artifactLocation": {"uri": uri}}
        if region:
            physical["region"] = {"startLine": 1}
        return {"physicalLocation": physical}

    def result(**changes: Any) -> Dict[str, Any]:
        return {"ruleId": "T1", "level": "error", "message": {"text": "m"}, "locations": [location("a.txt")], **changes}

    rule = {"id": "T1", "name": "t", "shortDescription": {"text": "s"}, "fullDescription": {"text": "f"},
            "help": {"text": "h"}, "messageStrings": {"default": {"text": "m {0}"}}}
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "canary", "rules": [rule]}},
            "threadFlowLocations": [{"location": location("a.txt")}],
            "results": [
                result(locations=[]),                                                  # GH1001
                result(codeFlows=[{"threadFlows": [{"locations": [{"index": 0}]}]}]),  # GH1002
                result(locations=[location("a.txt", region=False)]),                   # GH1003
                result(locations=[location("a.txt")] * 11),                            # GH1004
                result(locations=[location("https://example.invalid/a.txt")]),         # GH1005
                result(locations=[location("file:///abs/a.txt")]),                     # GH1006
                result(message={"id": "default", "arguments": ["x"]}),                 # GH1007
            ],
        }],
    }
