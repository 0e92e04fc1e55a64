"""DL603 near-duplicate-report: prose copied from last year's report or from another agency's.

Each report is reduced to a 128-value MinHash (512 bytes) of the 5-character
shingles of its prose (intro and sections 一, 五, 六) after masking: digits
(figures and years) and the agency's own name are replaced, and whitespace and
punctuation dropped, so a report that only changed its figures, its year and
its name is still caught.  Pairs are found with locality-sensitive hashing
(banding): O(n·b) bucketing for n reports and b bands, then O(c·128) to
estimate the similarity of the c candidate pairs.  Pure Python: no numeric
library is loaded on the lint path.
"""

from __future__ import annotations

import re
import sys
import zlib
from array import array
from operator import eq
from typing import Any, Dict, Iterable, List, NamedTuple, Optional, Tuple

from ..findings import Finding, Severity
from ..identity import agency_key
from ..model import Location, Report
from ..numerals import prose_streams
from ..rule import Rule, RuleContext

NUM_PERM = 128
SHINGLE = 5
#: Reports with less masked prose than this are skipped: boilerplate-only reports are all alike.
MIN_PROSE = 300
DEFAULT_THRESHOLD = 0.9
#: How far below the threshold LSH looks for candidates (fewer missed pairs, a few more checks).
LSH_MARGIN = 0.1
#: LSH buckets up to this size are expanded into all their pairs; larger ones are windowed.
FULL_BUCKET = 32
#: Neighbours each member of a larger bucket is compared with.
WINDOW = 2
_KEEP = re.compile(r"[^\u3400-\u9fffA-Za-z#]+")
_DIGITS = re.compile(r"\d+")
_AGENCY_SUFFIX = re.compile(r"(?:人民政府办公室|人民政府办公厅|政府办公室|人民政府|政府办|政府|办公室)$")
#: What the agency's own name becomes.
_MASK = "A"
#: The level of a place name (永州市 → 永州), dropped for masking when two characters remain.
_PLACE_LEVEL = re.compile(r"(?<=..)[省市区县旗州盟镇乡]$")


class ProseSummary(NamedTuple):
    """What DL603 keeps of one report: who, when, and the MinHash of its masked prose."""

    path: str
    agency: Optional[str]  # agency_key(), None when unknown
    year: Optional[int]
    minhash: bytes  # NUM_PERM uint32 hash values
    length: int
    location: Optional[Location] = None


def masked_prose(report: Report, agency: Optional[str]) -> str:
    """The prose of the report with figures, years and the agency's name masked, punctuation dropped."""
    text = "".join(stream.text for stream in prose_streams(report))
    if agency:
        place = _AGENCY_SUFFIX.sub("", agency)
        names = {agency, agency.replace("人民政府", "政府"), place, _PLACE_LEVEL.sub("", place)}
        for name in sorted((n for n in names if len(n) >= 2), key=len, reverse=True):
            text = text.replace(name, _MASK)
    return _KEEP.sub("", _DIGITS.sub("#", text))


_EMPTY = 0xFFFFFFFF
_BIN_BITS = 7  # NUM_PERM == 1 << _BIN_BITS bins


def minhash(text: str) -> bytes:
    """A 128-value MinHash of the shingles of ``text``, as little-endian uint32 bytes.

    One-permutation hashing (Li, Owen & Zhang, 2012): each shingle is hashed
    once, the low bits pick one of 128 bins and each bin keeps its minimum;
    empty bins borrow from the next filled bin (rotation densification).  The
    share of equal bins estimates the Jaccard similarity like 128 separate
    permutations would, at the cost of one hash per shingle in pure Python.
    """
    data = text.encode("utf-32-le")
    width = 4 * SHINGLE
    bins = [_EMPTY] * NUM_PERM
    mask = NUM_PERM - 1
    crc32 = zlib.crc32
    for start in range(0, max(len(data) - width, 0) + 1, 4):
        h = crc32(data[start : start + width])
        h = ((h ^ (h >> 16)) * 0x85EBCA6B) & 0xFFFFFFFF  # MurmurHash3's finaliser, inlined:
        h = ((h ^ (h >> 13)) * 0xC2B2AE35) & 0xFFFFFFFF  # it spreads crc32's linear bits
        h ^= h >> 16
        value = h >> _BIN_BITS
        if value < bins[h & mask]:
            bins[h & mask] = value
    filled = [i for i, v in enumerate(bins) if v != _EMPTY]
    if filled and len(filled) < NUM_PERM:
        for i in range(NUM_PERM):
            if bins[i] == _EMPTY:
                distance = next((d for d in range(1, NUM_PERM) if bins[(i + d) & mask] != _EMPTY))
                bins[i] = bins[(i + distance) & mask] | (distance << (32 - _BIN_BITS))
    return array("I", bins).tobytes() if sys.byteorder == "little" else _swapped(bins)


def _swapped(bins: List[int]) -> bytes:
    values = array("I", bins)
    values.byteswap()
    return values.tobytes()


def _values(signature: bytes) -> array:
    values = array("I")
    values.frombytes(signature)
    if sys.byteorder != "little":
        values.byteswap()
    return values


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two MinHashes (share of equal values)."""
    return _agreement(_values(a), _values(b))


def _agreement(a: array, b: array) -> float:
    return sum(map(eq, a, b)) / NUM_PERM


def bands_for(threshold: float) -> Tuple[int, int]:
    """(bands, rows) whose LSH S-curve turns at ``threshold``: (1/b) ** (1/r) closest to it."""
    pairs = [(b, NUM_PERM // b) for b in range(1, NUM_PERM + 1) if NUM_PERM // b >= 1]
    return min(pairs, key=lambda p: (abs((1 / p[0]) ** (1 / p[1]) - threshold), -p[0]))


def similar_pairs(summaries: List[ProseSummary], threshold: float) -> Iterable[Tuple[int, int, float]]:
    """(i, j, similarity) with i < j for the pairs at or above ``threshold``.

    LSH banding: each signature is cut into b bands of r values; reports that
    share a band land in one bucket and become candidates.  Bucketing is
    O(n·b) dictionary inserts; each candidate pair is confirmed on the whole
    signature, once (in the first band it shares).  The bands are chosen a
    little below the threshold so that pairs near it are not missed.  A
    bucket of more than :data:`FULL_BUCKET` reports (mass copies of one text)
    is not expanded into all its pairs: its members, ordered by year and
    path, are compared with their :data:`WINDOW` nearest neighbours (so each
    has an earlier twin to be reported against), which keeps time and memory
    linear in n.
    """
    bands, rows = bands_for(max(min(threshold - LSH_MARGIN, 0.99), 0.05))
    width = 4 * rows
    signatures = [s.minhash for s in summaries]
    values = [_values(signature) for signature in signatures]
    order = {i: (s.year or 0, s.path) for i, s in enumerate(summaries)}
    for band in range(bands):
        buckets: Dict[bytes, List[int]] = {}
        for i, signature in enumerate(signatures):
            buckets.setdefault(signature[band * width : (band + 1) * width], []).append(i)
        for members in buckets.values():
            if len(members) < 2:
                continue
            reach = len(members)
            if reach > FULL_BUCKET:
                members.sort(key=order.__getitem__)
                reach = WINDOW
            for k, a in enumerate(members):
                for b in members[k + 1 : k + 1 + reach]:
                    if _shared_before(signatures[a], signatures[b], band, width):
                        continue  # confirmed in an earlier band already
                    score = _agreement(values[a], values[b])
                    if score >= threshold:
                        yield (a, b, score) if a < b else (b, a, score)


def _shared_before(a: bytes, b: bytes, band: int, width: int) -> bool:
    return any(a[k * width : (k + 1) * width] == b[k * width : (k + 1) * width] for k in range(band))


def summarize_prose(report: Report, ctx: RuleContext) -> Optional[ProseSummary]:
    """The summary of one report, or None when its prose is too short to compare."""
    identity = report.identity
    text = masked_prose(report, identity.agency)
    if len(text) < MIN_PROSE:
        return None
    first = report.section(1)
    return ProseSummary(
        path=report.path,
        agency=agency_key(identity.agency),
        year=identity.year,
        minhash=minhash(text),
        length=len(text),
        location=first.location if first else None,
    )


def duplicate_threshold(ctx: RuleContext) -> float:
    """``duplicate_threshold`` of the config, else of the plugin settings, else 0.9 (90 means 0.9)."""
    value = getattr(ctx.config, "duplicate_threshold", None)
    if value is None:
        value = ctx.settings.get("duplicate_threshold", DEFAULT_THRESHOLD)
    value = float(value)
    return value / 100 if value > 1 else value


class NearDuplicateReport(Rule):
    """The prose is nearly identical to the agency's previous report or to another agency's report.

    ## 为什么
    30号要求对报告内容雷同等问题追究责任；第三方评估曾发现，有的报告与上一年度文字重复率高达90%。本规则比较报告的文字部分（导语和第一、五、六部分），比较前先去掉数字、年份和本机关名称，所以只改了数字的报告同样会被发现。

    比较的对象是同一机关上一年度的报告（在本次检查的文件或 `history` 目录中）和本次检查的其他机关的报告；一份报告与较早的报告（先按年度、再按路径排序）雷同的，只提示一次。相似度达到 `duplicate-threshold`（默认 0.9）即报告；文字部分不足300字的报告不参与比较。

    ## Why
    国办公开办函〔2021〕30号 holds agencies accountable for reports whose
    content is copied (内容雷同); evaluators have found reports repeating last
    year's text up to 90%.  The prose (intro, sections 一, 五, 六) is compared
    after masking figures, years and the agency's name, so a report that only
    changed its numbers is still caught.  It is compared with the same agency's
    previous report (in the run or the ``history`` folders) and with the other
    agencies' reports of the run; one finding per report that duplicates an
    earlier one (earlier year, then path order).  Similarity is the Jaccard
    similarity of 5-character shingle sets estimated with a 128-permutation
    MinHash; the threshold is ``duplicate-threshold`` (default 0.9).  Reports
    with under 300 characters of prose are skipped.

    Cost: summaries are O(text) each; pairs are found by LSH bucketing in
    O(n·b) (n reports, b bands) plus O(c·128) for the c candidate pairs —
    never the n² comparisons of every pair.
    """

    code = "DL603"
    name = "near-duplicate-report"
    title = "报告内容雷同"
    severity = Severity.WARNING
    summary = "The prose is nearly identical to the previous report or to another agency's report"
    scope = "run"
    wants_history = True
    tags = ["history"]

    def summarize(self, report: Report, ctx: RuleContext) -> Optional[ProseSummary]:
        return summarize_prose(report, ctx)

    def check_run(self, summaries: List[Any], history: List[Any], ctx: RuleContext) -> Iterable[Finding]:
        run = sorted((s for s in summaries if isinstance(s, ProseSummary)), key=lambda s: s.path)
        if not run:
            return
        pool: List[ProseSummary] = run + sorted((h for h in history if isinstance(h, ProseSummary)), key=lambda s: s.path)
        in_run = len(run)
        previous_year = _previous_years(pool)
        best: Dict[int, Tuple[float, int]] = {}
        if len(pool) < 2:
            return
        for i, j, score in similar_pairs(pool, duplicate_threshold(ctx)):
            for later, earlier in ((i, j), (j, i)):
                if later < in_run and _duplicates(pool[later], pool[earlier], earlier, in_run, previous_year):
                    if score > best.get(later, (-1.0, 0))[0]:
                        best[later] = (score, earlier)
        for later, (score, earlier) in sorted(best.items()):
            this, other = pool[later], pool[earlier]
            relation = f"本机关上一份（{other.year}年）报告" if this.agency and this.agency == other.agency else "另一机关的报告"
            finding = self.finding(
                this.path,
                f"正文（开头及“总体情况”“存在的主要问题及改进情况”“其他需要报告的事项”）与{relation} {other.path} "
                f"的相似度约为 {score:.0%}（已忽略数字、年份和本机关名称；阈值 {duplicate_threshold(ctx):.0%}），疑似照搬，请按本年度实际情况撰写",
                this.location,
            )
            finding.related.append((other.path, other.location))
            yield finding


def _previous_years(pool: List[ProseSummary]) -> Dict[Tuple[str, int], int]:
    """(agency, year) -> the latest earlier year of that agency's reports in the pool."""
    years: Dict[str, List[int]] = {}
    for s in pool:
        if s.agency and s.year is not None:
            years.setdefault(s.agency, []).append(s.year)
    out: Dict[Tuple[str, int], int] = {}
    for agency, found in years.items():
        ordered = sorted(set(found))
        for before, after in zip(ordered, ordered[1:]):
            out[(agency, after)] = before
    return out


def _duplicates(
    this: ProseSummary, other: ProseSummary, j: int, in_run: int, previous_year: Dict[Tuple[str, int], int]
) -> bool:
    """Whether ``this`` copies ``other`` (pool index ``j``): an earlier report it may be compared with."""
    if this.agency and this.agency == other.agency:
        return this.year is not None and previous_year.get((this.agency, this.year)) == other.year
    if j >= in_run:
        return False  # another agency's report from the history folders
    return ((this.year or 0), this.path) > ((other.year or 0), other.path)


RULES = [NearDuplicateReport]
