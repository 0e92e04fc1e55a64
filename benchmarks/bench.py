"""End-to-end benchmark of the ``disclosurelint`` command line.

    python benchmarks/bench.py [--quick] [--jobs N] [--keep DIR]

Builds a corpus in a temporary folder from the fixtures — the five seed
reports and the PDF's extracted text (six text layouts), HTML and DOCX
reports built with ``tests/builders.py``, Markdown reports as converters
write them (marker's pipe tables, MinerU's HTML tables) built with
``tests/layouts.py``, copies of the PDF report (ruled tables) — and prints
one Markdown table:

* start-up: one text report linted by the CLI against a bare ``python -c pass``;
* reports per second for text, HTML, DOCX, Markdown grids, HTML in Markdown
  and ruled PDF with 1 and N jobs (``--no-cache``);
* a cached re-run against the cold run that filled the cache;
* peak RSS of the largest process (``ru_maxrss`` of the CLI and its workers)
  at 1,000 and 20,000 text files (5,000 with ``--quick``).

Every copy of a report gets its own prose (a random substitution of some of
its hanzi, tables and headings untouched) so that DL603 does not see a
corpus of near-duplicates.  Timings are wall-clock and include the start-up
of the command (and of its worker processes).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SEEDS = sorted((FIXTURES / "seeds").glob("*.txt")) + [FIXTURES / "real" / "huaian-city-2024.pdftext.txt"]
PDF = FIXTURES / "real" / "huaian-city-2024.pdf"
sys.path.insert(0, str(ROOT / "tests"))

_HANZI = re.compile(r"[\u4e00-\u9fff]")
_HEADING_START = tuple("第一二三四五六七八九十（(")
#: Share of a report's distinct prose hanzi replaced in each copy.
_MUTATION = 0.25

TARGETS = {
    "startup": 8.0,  # × a bare interpreter
    "text_rate": 1000.0,  # reports/s with 2 jobs
    "cache_speedup": 10.0,
    "rss_mb": 200.0,  # at 20,000 files
}


# -- corpus -------------------------------------------------------------------------


def is_prose(line: str) -> bool:
    return len(line) > 40 and "|" not in line and "\t" not in line and not line.lstrip().startswith(_HEADING_START)


def mutate(text: str, rng: random.Random) -> str:
    """The report with some of its prose hanzi consistently replaced by others: a different report's prose."""
    lines = text.split("\n")
    prose = sorted({c for line in lines if is_prose(line) for c in _HANZI.findall(line)})
    chosen = rng.sample(prose, int(len(prose) * _MUTATION))
    table = str.maketrans({c: chr(rng.randrange(0x4E00, 0x9FA5)) for c in chosen})
    return "\n".join(line.translate(table) if is_prose(line) else line for line in lines)


def build_text(folder: Path, count: int, offset: int = 0) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    sources = [p.read_text(encoding="utf-8") for p in SEEDS]
    for n in range(offset, offset + count):
        text = mutate(sources[n % len(sources)], random.Random(n))
        (folder / f"{n:05d}-{SEEDS[n % len(SEEDS)].stem[:12]}.txt").write_text(text, encoding="utf-8")


def build_structured(folder: Path, count: int, suffix: str) -> None:
    from builders import SEED_001, blocks, docx_bytes, html_bytes

    render: Callable = html_bytes if suffix == ".html" else docx_bytes
    folder.mkdir(parents=True, exist_ok=True)
    source = SEED_001.read_text(encoding="utf-8")
    for n in range(count):
        (folder / f"{n:05d}{suffix}").write_bytes(render(blocks(mutate(source, random.Random(n)))))


def build_markdown(folder: Path, count: int, layout: str) -> None:
    """Converter Markdown of the seeds' content (``tests/layouts.py``), each copy with its own prose."""
    import expected_tables
    import layouts

    folder.mkdir(parents=True, exist_ok=True)
    seeds = [p for p in SEEDS if hasattr(expected_tables, f"SEED_{p.name[:3]}")]
    for n in range(count):
        seed = seeds[n % len(seeds)]
        number = seed.name[:3]
        text = mutate(seed.read_text(encoding="utf-8"), random.Random(n))
        content = layouts.seed_content(text, number, getattr(expected_tables, f"SEED_{number}"))
        (folder / f"{n:05d}-{number}.md").write_bytes(layouts.render(content, layout))


def build_pdf(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        shutil.copyfile(PDF, folder / f"{n:05d}.pdf")


# -- measuring ----------------------------------------------------------------------


def cli() -> List[str]:
    script = shutil.which("disclosurelint")
    return [script] if script else [sys.executable, "-m", "disclosurelint.cli"]


def run(command: Sequence[str], cwd: Path) -> Tuple[float, float]:
    """(wall seconds, peak RSS in MB of the largest process) of one command, run in a fresh child."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
        "elapsed = time.perf_counter() - start\n"
        "print(elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe, *command], cwd=cwd, capture_output=True, text=True, check=True).stdout.split()
    if int(out[2]) not in (0, 1):
        raise SystemExit(f"benchmark command failed ({out[2]}): {' '.join(command)}")
    return float(out[0]), int(out[1]) / 1024


def median_time(command: Sequence[str], cwd: Path, repeat: int) -> float:
    return statistics.median(run(command, cwd)[0] for _ in range(repeat))


def lint(folder: Path, jobs: int, *extra: str) -> List[str]:
    return [*cli(), "check", str(folder), "--isolated", "--jobs", str(jobs), "--format", "json", "--no-progress", *extra]


class Table:
    def __init__(self) -> None:
        self.rows: List[Tuple[str, str, str, str]] = []

    def add(self, measure: str, value: str, target: str = "", met: Optional[bool] = None) -> None:
        verdict = "" if met is None else ("yes" if met else "**no**")
        self.rows.append((measure, value, target, verdict))
        print(f"  {measure}: {value}", file=sys.stderr, flush=True)

    def render(self) -> str:
        head = ("measure", "result", "target", "met")
        widths = [max(len(r[i]) for r in [head, *self.rows]) for i in range(4)]
        line = lambda r: "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |"  # noqa: E731
        return "\n".join([line(head), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, self.rows)])


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller corpus (about a minute)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="N for the parallel runs (default: CPUs)")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="build the corpus in DIR and keep it")
    args = parser.parse_args(argv)
    quick, jobs = args.quick, args.jobs
    sizes = {
        "text": 300 if quick else 1000,
        "html": 100 if quick else 300,
        "docx": 60 if quick else 200,
        "markdown-pipe": 100 if quick else 300,
        "markdown-html": 100 if quick else 300,
        "pdf-ruled": 6 if quick else 20,
    }
    large = 5_000 if quick else 20_000

    work = args.keep or Path(tempfile.mkdtemp(prefix="disclosurelint-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    table = Table()
    try:
        print(f"building the corpus in {work} …", file=sys.stderr, flush=True)
        build_text(work / "text", sizes["text"])
        build_structured(work / "html", sizes["html"], ".html")
        build_structured(work / "docx", sizes["docx"], ".docx")
        build_markdown(work / "markdown-pipe", sizes["markdown-pipe"], "md_pipe_empty_merges")
        build_markdown(work / "markdown-html", sizes["markdown-html"], "md_html_tables")
        build_pdf(work / "pdf-ruled", sizes["pdf-ruled"])

        bare = median_time([sys.executable, "-c", "pass"], work, 7)
        one = median_time([*cli(), "--isolated", "--no-cache", str(SEEDS[0])], work, 7)
        ratio = one / bare
        table.add("start-up, one text report (× `python -c pass`)", f"{one * 1000:.0f} ms vs {bare * 1000:.0f} ms = {ratio:.1f}×", f"≤ {TARGETS['startup']:g}×", ratio <= TARGETS["startup"])

        for kind, count in sizes.items():
            for j in sorted({1, jobs}):
                elapsed, _ = run(lint(work / kind, j, "--no-cache"), work)
                rate = count / elapsed
                target, met = ("", None)
                if kind == "text" and j == jobs:
                    target, met = f"≥ {TARGETS['text_rate']:g}/s", rate >= TARGETS["text_rate"]
                table.add(f"{kind}: {count} reports, {j} job{'s' if j > 1 else ''}", f"{rate:.0f} reports/s ({elapsed:.2f} s)", target, met)

        cache_dir = work / "cache"
        cold, _ = run(lint(work / "text", jobs, "--cache-dir", str(cache_dir)), work)
        warm, _ = run(lint(work / "text", jobs, "--cache-dir", str(cache_dir)), work)
        speedup = cold / warm
        table.add(
            f"cached re-run, {sizes['text']} text reports ({jobs} jobs)",
            f"{warm:.2f} s vs cold {cold:.2f} s = {speedup:.1f}× ({sizes['text'] / warm:.0f} reports/s)",
            f"≥ {TARGETS['cache_speedup']:g}×",
            speedup >= TARGETS["cache_speedup"],
        )

        for count in (1000, large):
            folder = work / f"text-{count}"
            build_text(folder, count)
            elapsed, rss = run(lint(folder, jobs, "--no-cache"), work)
            target, met = (f"≤ {TARGETS['rss_mb']:g} MB", rss <= TARGETS["rss_mb"]) if count == large else ("", None)
            table.add(f"peak RSS, {count:,} text reports ({jobs} jobs)", f"{rss:.0f} MB ({count / elapsed:.0f} reports/s)", target, met)
            shutil.rmtree(folder)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\ndisclosurelint benchmark ({'quick, ' if quick else ''}{os.cpu_count()} CPUs, Python {sys.version.split()[0]})\n")
    print(table.render())
    return 0


if __name__ == "__main__":
    sys.exit(main())
