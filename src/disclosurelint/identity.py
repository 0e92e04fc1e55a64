"""Report identity: agency, reporting year, statistical period, publication date, kind.

The identity is read from what the report states about itself (*claims*):

- ``title``: ``南湖区人民政府办公室2023年度政府信息公开工作年度报告``, or a title
  over two lines (``淮安市人民政府`` / ``2024 年政府信息公开工作年度报告``);
- ``intro``: ``现公布汕尾市城区人民政府2024年政府信息公开工作年度报告``,
  ``由平阳县结合有关统计数据编制``;
- ``period``: ``统计期限为2023年1月1日至12月31日``;
- ``body``: the lead of section 一 (``2024年，永州市人民政府办公室紧紧围绕…``);
- ``header``: site chrome (``发布日期:2024-01-10``, ``日期:2023-01-11``);
- ``signature``: the closing block (``平阳县人民政府办公室`` / ``2022年1月31日``).

:func:`extract_identity` (called by the parse stage) lists every claim with
its location (``ReportIdentity.claims``; DL701 compares them) and keeps the
best claim per field, after the per-path overrides of the config.  ``kind`` follows from the agency: a
government's own report (``人民政府``, ``区政府``, a bare place name such as
``尖山区``) is due by 3月31日, a department's (局, 委, and also
``人民政府办公室``) by 1月31日.
"""

from __future__ import annotations

import datetime
import re
from typing import Any, List, Mapping, Optional, Sequence, Tuple

from .model import Claim, Line, ReportIdentity, Section
from .normalize import fold, is_page_marker, squeeze
from .numerals import BREAK, TextStream, parse_chinese_numeral

GOVERNMENT = "government"
DEPARTMENT = "department"

#: Sources in order of trust, per field (overrides always win).
_PRIORITY = {
    "agency": ("title", "intro", "body", "signature", "header"),
    "year": ("title", "period", "intro", "body"),
    "published": ("header", "signature"),
}

_YEAR = r"(\d{4}|[〇○零一二三四五六七八九]{4})"
_MD = r"(\d{1,2}|[一二三四五六七八九十]{1,3})"
_DATE = _YEAR + r"\s*[年\-/.]\s*" + _MD + r"\s*[月\-/.]\s*" + _MD + r"(?:\s*日)?"
_DATE_RE = re.compile(_DATE)
_AGENCY_SUFFIX = (
    r"(?:人民政府办公室|人民政府办公厅|政府办公室|人民政府|政府办|政府|办公室|办公厅|委员会|管委会|办事处|"
    r"局|委|办|厅|署|院|中心|所|站|队|会|处|街道|镇|乡|省|市|区|县|旗|州|盟)"
)
_AGENCY = r"([\u4e00-\u9fff（）()]{2,40}?" + _AGENCY_SUFFIX + ")"
_REPORT = r"(?:本机关)?(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?报告"
_TITLE_RE = re.compile(r"^(?:关于)?(.*?)" + _YEAR + r"年度?" + _REPORT + r"(?:[（(].*[)）])?$")
_YEAR_ONLY_TITLE_RE = re.compile(r"^" + _YEAR + r"年度?" + _REPORT)
_INTRO_RES = (
    re.compile(r"现(?:予以)?(?:公布|公开|发布|印发)" + _AGENCY + r"(?:\d{4})年度?" + _REPORT),
    re.compile(r"编制(?:了)?" + _AGENCY + r"(?:\d{4})年度?" + _REPORT),
    re.compile(r"由" + _AGENCY + r"(?:根据|依据|按照|结合|依照)"),
)
_INTRO_YEAR_RE = re.compile(r"(?:公布|公开|发布|编制|总结)(?:了)?[^。\n]{0,40}?" + _YEAR + r"年度?(?:的)?" + r"(?:" + _REPORT + r"|政府信息公开工作)")
_PERIOD_RE = re.compile(
    r"统计(?:期限|时间|区间|周期|时段|范围)?[^。\n\d]{0,8}?" + _DATE + r"(?:起)?(?:至|到|—|-|~|－)(?:" + _YEAR + r"年)?" + _MD + r"月" + _MD + r"日"
)
_BODY_LEAD_RE = re.compile(r"^" + _YEAR + r"年度?[,、]?(?:以来)?")
_BODY_AGENCY_RE = re.compile(r"^(?:\d{4})年度?,?" + _AGENCY + r"(?:坚持|紧紧|认真|深入|全面|积极|围绕|始终|持续|高度|严格|以|在|按照|根据|聚焦|扎实|不断|进一步)")
_HEADER_DATE_RE = re.compile(r"(?:^|\s|:|：)(?:发布日期|发布时间|发文日期|成文日期|公开日期|日期)\s*[:：]?\s*" + _DATE)
_HEADER_AGENCY_RE = re.compile(r"(?:发布单位|发布机构|信息来源|来源)\s*[:：]?\s*" + _AGENCY + r"(?=\s|$)")
_ATTACHMENT_RE = re.compile(r"\.(?:jpe?g|png|gif|docx?|pdf|xlsx?|wps|zip|rar|ofd)\s*$|^\s*附件", re.IGNORECASE)
_NOT_AGENCY = re.compile(r"^(?:我|本|该|各|全)")
_GOVERNMENT_RE = re.compile(r"(?:人民政府|(?<!办)政府|[省市区县旗州盟镇乡])$")
_DEPARTMENT_RE = re.compile(r"(?:办公室|办公厅|政府办|局|委|办|厅|署|院|中心|所|站|队|会|处|街道|办事处)$")
#: Lines of the document searched for the signature block, from the end.
_SIGNATURE_WINDOW = 12
#: The title is looked for among the first lines of the intro.
_TITLE_WINDOW = 15
#: Lines of section 一 that hold its lead (year and agency).
_LEAD_LINES = 3


def _number(text: str) -> Optional[int]:
    return int(text) if text.isdigit() else parse_chinese_numeral(text)


def _date(year: str, month: str, day: str) -> Optional[datetime.date]:
    try:
        y, m, d = _number(year), _number(month), _number(day)
        return datetime.date(y, m, d) if y and m and d else None
    except ValueError:
        return None


def agency_kind(agency: Optional[str]) -> Optional[str]:
    """``government`` for a government's own report, ``department`` for a department's, else None.

    ``人民政府办公室`` is a department; a bare place name (``尖山区``) or a
    town (``背荫河镇``) is a government.
    """
    if not agency:
        return None
    name = squeeze(agency)
    if _GOVERNMENT_RE.search(name):
        return GOVERNMENT
    if _DEPARTMENT_RE.search(name):
        return DEPARTMENT
    return None


def agency_key(agency: Optional[str]) -> Optional[str]:
    """The agency name normalised for matching across reports and years.

    Width, spaces and brackets are folded; ``人民政府办公室``/``政府办公室``/``政府办``
    become one form, ``人民政府`` becomes ``政府``, and a bare place name gets
    ``政府`` appended (``尖山区`` = ``尖山区人民政府``).
    """
    if not agency:
        return None
    name = squeeze(agency).translate(str.maketrans("", "", "()（）\"'“”"))
    name = re.sub(r"(?:人民)?政府办(?:公室|公厅)?$", "政府办", name)
    name = name.replace("人民政府", "政府")
    if re.search(r"[省市区县旗州盟镇乡]$", name):
        name += "政府"
    return name or None


def deadline(year: int, kind: Optional[str]) -> datetime.date:
    """The statutory publication deadline of the report on ``year`` (条例 第四十九条).

    Departments publish by 1月31日 of the next year, a government's own report is
    due by 3月31日; an unknown kind gets the later deadline (no false alarm).
    """
    return datetime.date(year + 1, 1, 31) if kind == DEPARTMENT else datetime.date(year + 1, 3, 31)


def _bounds(lines: Sequence[Line], sections: Sequence[Section]) -> Tuple[int, int]:
    """(index of the first section heading, index one past section 一's lead window)."""
    first = min((s.start for s in sections), default=min(len(lines), _TITLE_WINDOW))
    one = next((s for s in sections if s.number == 1), None)
    lead = (one.start + 1, one.end) if one else (first, first)
    return first, _lead_end(lines, *lead)


def _lead_end(lines: Sequence[Line], start: int, end: int) -> int:
    """Index one past the first ``_LEAD_LINES`` non-empty lines from ``start``."""
    seen = 0
    for i in range(start, end):
        if lines[i].text.strip():
            seen += 1
            if seen == _LEAD_LINES:
                return i + 1
    return end


def _title_claims(lines: Sequence[Line], first: int) -> List[Claim]:
    claims: List[Claim] = []
    previous: Optional[Line] = None
    for line in lines[: min(first, _TITLE_WINDOW)]:
        if line.is_row or not line.text.strip() or is_page_marker(line.text):
            continue
        text = squeeze(line.text)
        m = _TITLE_RE.match(text)
        if m and len(text) <= 80:
            agency = m.group(1)
            if not agency and previous is not None and _YEAR_ONLY_TITLE_RE.match(text):
                candidate = squeeze(previous.text)
                if re.fullmatch(_AGENCY, candidate) and not re.search(r"\d", candidate):
                    agency = candidate
            year = _number(m.group(2))
            claims.append(Claim("year", "title", year, line.location, text))
            if agency and not _NOT_AGENCY.match(agency) and re.fullmatch(_AGENCY, agency):
                claims.append(Claim("agency", "title", agency, line.location, text))
            return claims
        previous = line
    return claims


def _header_claims(lines: Sequence[Line], first: int) -> List[Claim]:
    claims: List[Claim] = []
    for line in lines[:first]:
        text = fold(line.text)
        m = _HEADER_DATE_RE.search(text)
        if m and not any(c.field == "published" for c in claims):
            value = _date(*m.groups())
            if value:
                claims.append(Claim("published", "header", value, line.location, m.group(0).strip()))
        a = _HEADER_AGENCY_RE.search(text)
        if a and not any(c.field == "agency" for c in claims) and not _NOT_AGENCY.match(a.group(1)):
            claims.append(Claim("agency", "header", a.group(1), line.location, a.group(0)))
    return claims


def _stream_claims(lines: Sequence[Line], first: int, lead_end: int) -> List[Claim]:
    """Claims of the intro and of section 一's lead, read from the flattened text."""
    claims: List[Claim] = []
    intro = TextStream.from_lines([l for l in lines[:first] if not l.is_row])
    for pattern in _INTRO_RES:
        m = pattern.search(intro.text)
        if m and not _NOT_AGENCY.match(m.group(1)):
            claims.append(Claim("agency", "intro", m.group(1), intro.location(m.start(1)), m.group(0)))
            break
    m = _INTRO_YEAR_RE.search(intro.text)
    if m:
        claims.append(Claim("year", "intro", _number(m.group(1)), intro.location(m.start(1)), m.group(0)))
    both = TextStream.from_lines([l for l in lines[:lead_end] if not l.is_row])
    m = _PERIOD_RE.search(both.text)
    if m:
        start = _date(m.group(1), m.group(2), m.group(3))
        end_year = m.group(4) or m.group(1)
        end = _date(end_year, m.group(5), m.group(6))
        if start and end:
            claims.append(Claim("period", "period", (start.isoformat(), end.isoformat()), both.location(m.start()), m.group(0)))
            claims.append(Claim("year", "period", end.year, both.location(m.start()), m.group(0)))
    lead = TextStream.from_lines([l for l in lines[first + 1 : lead_end] if not l.is_row])
    for paragraph_start in [0] + [i + 1 for i, c in enumerate(lead.text) if c == BREAK]:
        paragraph = lead.text[paragraph_start:]
        y = _BODY_LEAD_RE.match(paragraph)
        if y and not y.group(0).endswith("以来"):
            claims.append(Claim("year", "body", _number(y.group(1)), lead.location(paragraph_start), y.group(0)))
            a = _BODY_AGENCY_RE.match(paragraph)
            if a and not _NOT_AGENCY.match(a.group(1)):
                claims.append(Claim("agency", "body", a.group(1), lead.location(paragraph_start + a.start(1)), a.group(0)))
            break
    return claims


def _signature_claims(lines: Sequence[Line]) -> List[Claim]:
    tail = [l for l in lines if l.text.strip() and not l.is_row and not is_page_marker(l.text)][-_SIGNATURE_WINDOW:]
    for i in range(len(tail) - 1, -1, -1):
        text = squeeze(tail[i].text)
        if _ATTACHMENT_RE.search(text):
            continue
        m = _DATE_RE.fullmatch(text)
        if not m:
            continue
        value = _date(*m.groups())
        if value is None:
            return []
        claims = [Claim("published", "signature", value, tail[i].location, text)]
        if i > 0:
            above = squeeze(tail[i - 1].text)
            if len(above) <= 40 and re.fullmatch(_AGENCY, above) and not _NOT_AGENCY.match(above):
                claims.append(Claim("agency", "signature", above, tail[i - 1].location, above))
        return claims
    return []


def _claims(lines: Sequence[Line], sections: Sequence[Section]) -> List[Claim]:
    first, lead_end = _bounds(lines, sections)
    return _title_claims(lines, first) + _stream_claims(lines, first, lead_end) + _header_claims(lines, first) + _signature_claims(lines)


def _best(claims: Sequence[Claim], field: str) -> Optional[Claim]:
    ranked = [c for c in claims if c.field == field]
    order = _PRIORITY.get(field, ())
    ranked.sort(key=lambda c: order.index(c.source) if c.source in order else len(order))
    return ranked[0] if ranked else None


def extract_identity(
    lines: Sequence[Line], sections: Sequence[Section], overrides: Optional[Mapping[str, Any]] = None
) -> ReportIdentity:
    """The identity of a segmented report, with every claim it rests on; ``overrides`` (agency/year/kind) win."""
    claims = _claims(lines, sections)
    identity = ReportIdentity(claims=tuple(claims))
    title = next((c for c in claims if c.source == "title"), None)
    identity.title = title.text if title else None
    agency = _best(claims, "agency")
    if agency is not None:
        identity.agency = agency.value
        identity.sources["agency"] = agency.source
        # A title truncated to 市人民政府办公室 is completed by the intro's 天门市人民政府办公室.
        longer = [c for c in claims if c.field == "agency" and c is not agency and c.value.endswith(agency.value)]
        if longer and len(longer[0].value) > len(agency.value):
            identity.agency = longer[0].value
            identity.sources["agency"] = longer[0].source
    year = _best(claims, "year")
    if year is not None:
        identity.year = year.value
        identity.sources["year"] = year.source
    period = _best(claims, "period")
    if period is not None:
        identity.period = period.value
        identity.period_year = int(period.value[1][:4])
        identity.sources["period"] = "period"
    published = _best(claims, "published")
    if published is not None:
        identity.published = published.value.isoformat()
        identity.sources["published"] = published.source
    for key in ("agency", "year", "kind"):
        if overrides and overrides.get(key) is not None:
            setattr(identity, key, overrides[key])
            identity.sources[key] = "override"
    if identity.kind is None:
        identity.kind = agency_kind(identity.agency)
        if identity.kind is not None:
            identity.sources["kind"] = "agency"
    return identity
