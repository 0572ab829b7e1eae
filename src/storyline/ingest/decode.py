"""Ingest stage: turn the bytes of one input into text, or say why they are not text.

UTF-8 (with or without BOM) and the UTF-16/32 BOM encodings are taken as they are; anything else
goes through charset-normalizer's detection. Binary data is recognised by NUL bytes or by a high
share of control characters after decoding, so a PDF renamed to .txt fails instead of becoming
a document full of garbage.
"""
from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

# BOMs checked longest first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Above this share of control characters the "text" is really binary (tab/newline excluded).
_MAX_CONTROL_SHARE = 0.01
_SNIFF_BYTES = 65536
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")  # control characters other than tab, newlines, \v and \f


class NotText(ValueError):
    """The bytes are not text; the message is the one-line reason."""


def decode_bytes(data: bytes) -> str:
    """Decode ``data`` to ``str`` or raise :class:`NotText` with a short reason."""
    if not data:
        raise NotText("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise NotText(f"undecodable {encoding} text ({exc.reason})") from None
            if not text:
                raise NotText("empty file (only a byte-order mark)")
            return text
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise NotText("binary file, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        if best is None:
            raise NotText("undecodable text: no character encoding fits") from None
        text = str(best)
    if _control_share(text[:_SNIFF_BYTES]) > _MAX_CONTROL_SHARE:
        raise NotText("binary file, not text")
    return text


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    return len(_CONTROL.findall(text)) / len(text)
