"""Cost of DL603 near-duplicate-report (summarize + check_run) at 1,000 and 10,000 reports.

Synthetic reports are made from the prose of the seed reports: sentences drawn
at random, shuffled, with new figures and agency names; 1% of the reports are
figure-changed copies of an earlier one (the pairs DL603 must find).  Reports
are built, summarised and dropped one at a time, as the engine does, so the
memory that counts is that of the summaries and of check_run.

    python benchmarks/bench_duplicates.py [N ...]
"""

from __future__ import annotations

import random
import re
import sys
import time
import tracemalloc
from pathlib import Path
from collections import deque
from typing import Deque, Iterator, List, Sequence

from disclosurelint.checks.duplicates import NearDuplicateReport
from disclosurelint.config import Config
from disclosurelint.identity import GOVERNMENT
from disclosurelint.model import Document, Line, Location, Report, ReportIdentity, Section
from disclosurelint.parse import default_context
from disclosurelint.rule import RuleContext

SEEDS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "seeds"
PLACES = "东南西北中上下新老大小长平安宁和兴华阳山河湖海江林泉石桥"
HEADINGS = {1: "一、总体情况", 5: "五、存在的主要问题及改进情况", 6: "六、其他需要报告的事项"}


def sentence_pool() -> List[str]:
    pool = []
    for path in sorted(SEEDS.glob("*.txt")):
        for sentence in re.split(r"(?<=。)", path.read_text(encoding="utf-8")):
            sentence = sentence.strip()
            if 20 <= len(sentence) <= 200 and "|" not in sentence and "\t" not in sentence:
                pool.append(sentence)
    return pool


def build_report(index: int, paragraphs: Sequence[str], agency: str, year: int) -> Report:
    lines: List[Line] = []
    sections: List[Section] = []

    def add(text: str) -> int:
        lines.append(Line(text, Location(line=len(lines) + 1, column=1)))
        return len(lines) - 1

    add(f"{agency}{year}年政府信息公开工作年度报告")
    for number, body in zip((1, 5, 6), paragraphs):
        start = add(HEADINGS[number])
        for paragraph in body.split("\n"):
            add(paragraph)
        sections.append(Section(number, HEADINGS[number][0], HEADINGS[number], HEADINGS[number], True, lines[start].location, start, len(lines)))
    identity = ReportIdentity(agency=agency, year=year, kind=GOVERNMENT, sources={"agency": "title", "year": "title"})
    return Report(f"synthetic/{index:06d}.txt", Document(f"synthetic/{index:06d}.txt", "text", lines), "2021", sections, {}, identity)


def renumber(text: str, rng: random.Random) -> str:
    return re.sub(r"\d+", lambda m: str(rng.randint(0, 5000)), text)


def synthetic_reports(n: int, seed: int = 7) -> Iterator[Report]:
    """n synthetic reports, one at a time."""
    rng = random.Random(seed)
    pool = sentence_pool()
    kept: Deque[Sequence[str]] = deque(maxlen=100)  # recent prose only: the copies' sources
    for i in range(n):
        agency = "".join(rng.choice(PLACES) for _ in range(2)) + rng.choice("市区县") + "人民政府"
        if i >= 100 and i % 100 == 0:  # 1%: the prose of a recent report, figures changed
            paragraphs = [renumber(p, rng) for p in rng.choice(kept)]
        else:
            chosen = rng.sample(pool, 24)
            paragraphs = ["\n".join(chosen[0:12]), "\n".join(chosen[12:20]), "\n".join(chosen[20:24])]
            paragraphs = [renumber(p, rng) for p in paragraphs]
        kept.append(paragraphs)
        yield build_report(i, paragraphs, agency, 2024)


def measure(n: int, trace: bool) -> dict:
    rule = NearDuplicateReport()
    ctx = RuleContext(Config(), default_context())
    if trace:
        tracemalloc.start()
    summarize = 0.0
    summaries = []
    for report in synthetic_reports(n):
        t0 = time.perf_counter()
        summary = rule.summarize(report, ctx)
        summarize += time.perf_counter() - t0
        if summary is not None:
            summaries.append(summary)
        del report
    t0 = time.perf_counter()
    findings = list(rule.check_run(summaries, [], ctx))
    check = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    if trace:
        tracemalloc.stop()
    return {"n": n, "summarize": summarize, "check_run": check, "findings": len(findings), "peak_mb": peak / 2**20}


def main(sizes: Sequence[int]) -> None:
    measure(200, trace=False)  # warm-up: imports and caches
    rows = []
    for n in sizes:
        timing = measure(n, trace=False)
        timing["peak_mb"] = measure(n, trace=True)["peak_mb"]
        rows.append(timing)
        print(
            f"n={n:>6}  summarize {timing['summarize']:7.2f}s ({timing['summarize'] / n * 1e3:.2f} ms/report)  "
            f"check_run {timing['check_run']:6.2f}s  findings {timing['findings']:>4}  peak {timing['peak_mb']:6.1f} MiB"
        )
    base = rows[0]
    for row in rows[1:]:
        factor = row["n"] / base["n"]
        total = (row["summarize"] + row["check_run"]) / (base["summarize"] + base["check_run"])
        check = row["check_run"] / base["check_run"]
        print(
            f"{factor:.0f}x reports: total time x{total:.1f}, check_run x{check:.1f} "
            f"(linear x{factor:.0f}, quadratic x{factor * factor:.0f}); memory x{row['peak_mb'] / base['peak_mb']:.1f}"
        )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000])
