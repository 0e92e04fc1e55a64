"""encoding.decode: BOMs, UTF-8, GB18030/GBK detected from content, junk refused."""

from __future__ import annotations

import codecs

import pytest

from builders import FIXTURES, SEED_001, table_values
from conftest import imported_after
from disclosurelint.readers.encoding import DecodeFailure, decode

SEEDS = sorted((FIXTURES / "seeds").glob("*.txt"))


def seed_text() -> str:
    return SEED_001.read_text(encoding="utf-8")


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
@pytest.mark.parametrize("codec", ["gb18030", "gbk"])
def test_gb_encoded_seed_decodes_to_the_utf8_text(seed, codec):
    text = seed.read_text(encoding="utf-8")
    assert decode(text.encode(codec)) == (text, "gb18030")


def test_gb2312_subset_decodes_with_gb18030():
    text = "二、主动公开政府信息情况\n规章 0 0 0\n"
    assert decode(text.encode("gb2312")) == (text, "gb18030")


def test_utf8_fast_path():
    assert decode(seed_text().encode("utf-8")) == (seed_text(), "utf-8")


@pytest.mark.parametrize("codec,name", [("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"), ("utf-32", "utf-32")])
def test_bom_selects_the_encoding_and_is_removed(codec, name):
    text, encoding = decode(seed_text().encode(codec))
    assert (text, encoding) == (seed_text(), name)
    assert not text.startswith("\ufeff")


def test_utf16_big_endian_with_bom():
    data = codecs.BOM_UTF16_BE + "政府信息公开".encode("utf-16-be")
    assert decode(data) == ("政府信息公开", "utf-16")


def test_newlines_are_normalised():
    assert decode("一\r\n二\r三\n".encode("gbk"))[0] == "一\n二\n三\n"
    assert decode(b"a\r\nb\rc")[0] == "a\nb\nc"


def test_declared_charset_is_used_when_not_utf8():
    assert decode("政府信息公开年报".encode("gbk"), declared="GB2312") == ("政府信息公开年报", "gb18030")
    # a valid UTF-8 file is UTF-8 whatever the container declares
    assert decode("政府信息公开年报".encode("utf-8"), declared="gbk") == ("政府信息公开年报", "utf-8")
    # an unknown label is ignored
    assert decode("政府信息公开年报".encode("gbk"), declared="x-nonsense")[1] == "gb18030"


def test_a_few_broken_bytes_do_not_lose_the_file():
    gbk = seed_text().encode("gbk")
    text, encoding = decode(gbk[:-1])  # cut in the middle of the last character
    assert encoding == "gb18030" and text.count("\ufffd") == 1
    text, encoding = decode(seed_text().encode("utf-8")[:-1])
    assert encoding == "utf-8" and text.count("\ufffd") == 1


def test_big5_is_left_to_charset_normalizer():
    text = "政府資訊公開工作年度報告，本機關依申請公開資訊。"
    assert decode(text.encode("big5")) == (text, "big5")


def test_empty_bytes_decode_to_empty_text():
    assert decode(b"") == ("", "utf-8")


@pytest.mark.parametrize(
    "data,hint",
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, ".doc"),
        (b"PK\x03\x04\x14\x00\x06\x00", "zip"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "文本、网页"),
    ],
)
def test_nul_bytes_are_binary(data, hint):
    with pytest.raises(DecodeFailure) as info:
        decode(data)
    assert info.value.kind == "binary"
    assert "二进制" in info.value.reason and hint in info.value.reason


def test_control_character_junk_is_binary():
    with pytest.raises(DecodeFailure) as info:
        decode(bytes(range(1, 9)) * 20 + "年报".encode())
    assert info.value.kind == "binary"


def test_undecodable_bytes_fail_with_a_chinese_reason():
    with pytest.raises(DecodeFailure) as info:
        decode(bytes(range(1, 256)) * 4)
    assert info.value.kind in ("decode", "binary")
    assert "编码" in info.value.reason or "字符" in info.value.reason


def test_charset_normalizer_is_not_imported_for_utf8_or_gbk():
    script = (
        "from disclosurelint.readers.encoding import decode; "
        "decode('年报'.encode('utf-8')); decode('政府信息公开工作年度报告'.encode('gbk'))"
    )
    assert imported_after(script, ["charset_normalizer"]) == []


@pytest.mark.parametrize("codec", ["gb18030", "utf-16", "utf-8-sig"])
def test_encoded_seed_binds_the_same_tables_as_the_utf8_seed(codec):
    from disclosurelint.parse import parse_text

    plain = table_values(parse_text(seed_text()))
    assert sum(len(cells) for cells in plain.values()) == 200
    assert table_values(parse_text(decode(seed_text().encode(codec))[0])) == plain
