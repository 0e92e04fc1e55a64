"""Report identity: agency, year, period, publication date and kind, with their sources."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from disclosurelint.identity import (
    DEPARTMENT,
    GOVERNMENT,
    agency_key,
    agency_kind,
    deadline,
)
from disclosurelint.parse import parse_path, parse_text

from conftest import EXCERPTS, HUAIAN_PDF, HUAIAN_TEXT, SEEDS

EXPECTED = {
    "000": ("永州市人民政府办公室", 2024, None, None, DEPARTMENT, {"agency": "body", "year": "body"}),
    "001": ("平阳县", 2021, ("2021-01-01", "2021-12-31"), "2022-01-31", GOVERNMENT, {"agency": "intro", "year": "period", "published": "signature"}),
    "002": ("汕尾市城区人民政府", 2024, None, None, GOVERNMENT, {"agency": "intro", "year": "intro"}),
    "003": ("尖山区", 2024, ("2024-01-01", "2024-12-31"), None, GOVERNMENT, {"agency": "title", "year": "title"}),
    "004": ("南湖区人民政府办公室", 2023, ("2023-01-01", "2023-12-31"), "2024-01-10", DEPARTMENT, {"agency": "title", "published": "header"}),
}


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_seed_identities(seed):
    agency, year, period, published, kind, sources = EXPECTED[seed]
    identity = parse_path(SEEDS[seed]).identity
    assert (identity.agency, identity.year, identity.period, identity.published, identity.kind) == (agency, year, period, published, kind)
    assert sources.items() <= identity.sources.items()


@pytest.mark.parametrize("path", [HUAIAN_TEXT, HUAIAN_PDF], ids=lambda p: Path(p).suffix)
def test_title_over_two_lines_with_spaces(path):
    identity = parse_path(path).identity
    assert (identity.agency, identity.year, identity.kind) == ("淮安市人民政府", 2024, GOVERNMENT)
    assert identity.period == ("2024-01-01", "2024-12-31") and identity.period_year == 2024
    assert identity.sources["agency"] == "title"


@pytest.mark.parametrize(
    "name, agency, year, published",
    [
        ("excerpt-016.txt", "湛江市人民政府地方志办公室", 2023, None),
        ("excerpt-029.txt", "孝感市人民政府办公室", 2020, None),
        ("excerpt-034.txt", "五常市背荫河镇", 2022, "2023-01-11"),
        ("excerpt-041.txt", "天门市人民政府办公室", 2025, None),  # title cut to 市人民政府办公室, completed by the intro
        ("excerpt-053.txt", "攀枝花市西区审计局", 2020, "2021-01-11"),
    ],
)
def test_excerpt_identities(name, agency, year, published):
    path = next(p for p in EXCERPTS if p.name == name)
    identity = parse_path(path).identity
    assert (identity.agency, identity.year, identity.published) == (agency, year, published)


def test_lines_as_strings_and_period_without_repeated_year():
    lines = ["某某市统计局2023年政府信息公开工作年度报告", "本报告所列数据的统计期限为2023年1月1日至12月31日。", "一、总体情况", "2023年，我局认真做好政务公开工作。"]
    identity = parse_text("\n".join(lines)).identity
    assert (identity.agency, identity.year, identity.period, identity.kind) == ("某某市统计局", 2023, ("2023-01-01", "2023-12-31"), DEPARTMENT)


def test_overrides_win_and_are_recorded():
    identity = parse_path(SEEDS["003"], overrides={"agency": "黑龙江省双鸭山市尖山区人民政府", "year": 2024, "kind": "department"}).identity
    assert identity.agency == "黑龙江省双鸭山市尖山区人民政府" and identity.kind == "department"
    assert identity.sources["agency"] == identity.sources["kind"] == "override"


def test_signature_in_chinese_numerals_after_attachments():
    lines = ["某某县教育局2021年政府信息公开工作年度报告", "一、总体情况", "2021年，本局……", "六、其他需要报告的事项", "无。", "某某县教育局", "二〇二二年一月二十日", "附件：图解.jpg"]
    identity = parse_text("\n".join(lines)).identity
    assert identity.published == "2022-01-20" and identity.sources["published"] == "signature"


def test_claims_have_locations():
    claims = parse_path(SEEDS["004"]).identity.claims
    period = next(c for c in claims if c.field == "period")
    assert (period.location.span.line, period.value) == (9, ("2023-01-01", "2023-12-31"))


def test_statistical_period_is_not_a_publication_date():
    lines = ["某某区司法局2020年政府信息公开工作年度报告", "本报告中所列数据的统计时间为2020年1月1日至2020年12月31日。", "一、总体情况"]
    assert parse_text("\n".join(lines)).identity.published is None


@pytest.mark.parametrize(
    "agency, kind",
    [
        ("淮安市人民政府", GOVERNMENT),
        ("尖山区", GOVERNMENT),
        ("汕尾市城区人民政府", GOVERNMENT),
        ("五常市背荫河镇", GOVERNMENT),
        ("平阳县政府", GOVERNMENT),
        ("南湖区人民政府办公室", DEPARTMENT),
        ("平阳县政府办", DEPARTMENT),
        ("攀枝花市西区审计局", DEPARTMENT),
        ("某某市发展和改革委员会", DEPARTMENT),
        (None, None),
    ],
)
def test_agency_kind(agency, kind):
    assert agency_kind(agency) == kind


def test_agency_key_folds_variants():
    assert agency_key("平阳县人民政府办公室") == agency_key("平阳县政府办公室") == agency_key("平阳县政府办")
    assert agency_key("尖山区") == agency_key("尖山区人民政府") == agency_key(" 尖山区 政府")
    assert agency_key("尖山区人民政府") != agency_key("尖山区人民政府办公室")
    assert agency_key("南湖区（嘉兴）人民政府") == agency_key("南湖区(嘉兴)人民政府")


def test_deadlines():
    assert deadline(2023, DEPARTMENT) == datetime.date(2024, 1, 31)
    assert deadline(2023, GOVERNMENT) == datetime.date(2024, 3, 31)
    assert deadline(2023, None) == datetime.date(2024, 3, 31)


@pytest.mark.parametrize(
    "text, date",
    [
        ("2024-01-10 10:26", datetime.date(2024, 1, 10)),
        ("2022年1月31日", datetime.date(2022, 1, 31)),
        ("2024 年 3 月 5 日", datetime.date(2024, 3, 5)),
        ("二〇二二年一月三十一日", datetime.date(2022, 1, 31)),
        ("2024/1/9", datetime.date(2024, 1, 9)),
        ("2023年2月30日", None),
        ("无日期", None),
    ],
)
def test_header_dates(text, date):
    identity = parse_text(f"发布日期：{text}\n某某区司法局2023年政府信息公开工作年度报告\n一、总体情况\n").identity
    assert identity.published == (date.isoformat() if date else None)
