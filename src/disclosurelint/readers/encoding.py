"""Bytes -> text for report files, with encodings detected from content.

Order of attempts: byte-order mark, strict UTF-8 (most files), a charset the
container declares (HTML ``<meta charset>``), strict GB18030 when the text
looks Chinese (GB2312/GBK files are common in government sites), UTF-8 or
GB18030 with a few broken bytes (a file cut mid-character), and finally
charset-normalizer.  The locale is never consulted.
"""

from __future__ import annotations

import codecs
import re
from typing import Optional, Tuple

#: Byte-order marks, longest first (the UTF-32-LE mark starts with the UTF-16-LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: Labels decoded with GB18030, their superset (as browsers do).
_GB_LABELS = {"gb2312", "gbk", "gb18030"}

#: Magic numbers of binary formats that end up here, with advice for the editor.
_BINARY_HINTS = (
    (b"\xd0\xcf\x11\xe0", "这是旧版 Office 文件（.doc/.xls）或加密的 Office 文件，请用 Word/WPS 另存为 .docx（取消密码）后再检查"),
    (b"PK\x03\x04", "这是 zip 压缩格式的文件（如 .docx），请使用正确的扩展名后再检查"),
    (b"%PDF-", "这是 PDF 文件，请使用 .pdf 扩展名后再检查"),
    (b"{\\rtf", "这是 RTF 文件，请用 Word/WPS 另存为 .docx 后再检查"),
)

#: Control characters (other than whitespace), C1 controls and U+FFFD: junk in a report.
_JUNK = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")
#: Above this share of junk characters the "text" is binary.
_MAX_JUNK = 0.1
#: Share of non-ASCII characters that must be in GB2312 for bytes to "look Chinese".
_MIN_GB2312 = 0.9


class DecodeFailure(Exception):
    """The bytes are not text in any encoding we accept."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind  # binary | decode (a ReadError kind)
        self.reason = reason  # Chinese, actionable


def decode(data: bytes, declared: Optional[str] = None) -> Tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)`` with newlines normalised to ``\\n``.

    ``declared`` is a charset label the container states (HTML meta); it is
    used only when the bytes are not valid UTF-8.  Raises :class:`DecodeFailure`.
    """
    text, encoding = _decode(data, declared)
    if text and len(_JUNK.findall(text)) > _MAX_JUNK * len(text):
        raise DecodeFailure("binary", f"文件内容大部分是不可显示的字符（按 {encoding} 解码），不是文本报告；请确认文件没有损坏，或提供 Word/PDF/网页原件")
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding


def _decode(data: bytes, declared: Optional[str]) -> Tuple[str, str]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError as exc:
                raise DecodeFailure("decode", f"文件以 {codec.upper()} 字节序标记开头，但第 {exc.start + 1} 字节起的内容不是有效的 {codec.upper()}；请另存为 UTF-8 后再检查") from exc
    if b"\x00" in data:
        hint = next((h for magic, h in _BINARY_HINTS if data.startswith(magic)), "请提供文本、网页、Word（.docx）或 PDF 格式的报告")
        raise DecodeFailure("binary", f"文件包含二进制数据（NUL 字节），不是文本文件：{hint}")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    codec = _codec_name(declared) if declared else None
    if codec and codec != "utf-8":
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    else:
        if _looks_chinese(text):
            return text, "gb18030"
    for codec in ("utf-8", "gb18030"):
        text = data.decode(codec, errors="replace")
        if text.count("\ufffd") <= 1 + len(text) // 1000 and _looks_chinese(text):
            return text, codec
    return _detect(data)


def _codec_name(label: str) -> Optional[str]:
    """The Python codec for a charset label, GB labels widened to GB18030; None if unknown."""
    try:
        name = codecs.lookup(label.strip()).name
    except LookupError:
        return None
    return "gb18030" if name in _GB_LABELS else name


def _looks_chinese(text: str) -> bool:
    """Most non-ASCII characters are in GB2312 (common hanzi and punctuation)."""
    wide = "".join(ch for ch in text if ch > "\x7f" and ch != "\ufffd")
    if not wide:
        return True
    in_gb2312 = len(wide.encode("gb2312", errors="ignore")) // 2
    return in_gb2312 >= _MIN_GB2312 * len(wide)


def _detect(data: bytes) -> Tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise DecodeFailure("decode", "无法识别文件的字符编码（不是 UTF-8，也不是 GBK/GB18030）；请用记事本或 WPS 另存为 UTF-8 编码后再检查")
    return str(best), best.encoding
