"""Bytes to text for documents in any encoding, and a test for binary junk."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from charset_normalizer import from_bytes

__all__ = ["DecodedText", "decode_text", "binary_reason"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True, slots=True)
class DecodedText:
    """Text, the encoding it was read with, and a note when the guess was uncertain."""

    text: str
    encoding: str
    note: str | None = None


def decode_text(data: bytes, declared: str | None = None) -> DecodedText:
    """Decode `data`: BOM, then the declared charset, UTF-8, a detected charset, else UTF-8
    with replacement characters (and a note saying so). Never raises."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return DecodedText(data.decode(encoding, errors="replace"), encoding)
    for candidate in (declared, "utf-8"):
        if candidate and _known(candidate):
            try:
                return DecodedText(data.decode(candidate), codecs.lookup(candidate).name)
            except UnicodeDecodeError:
                continue
    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        text = data.decode(best.encoding, errors="replace")
        note = f"encoding not declared; detected {best.encoding}"
        return DecodedText(text, best.encoding, note)
    text = data.decode("utf-8", errors="replace")
    return DecodedText(text, "utf-8", "unknown encoding; undecodable bytes replaced with U+FFFD")


def binary_reason(text: str) -> str | None:
    """Why `text` looks like binary data rather than a document, or None."""
    if not text:
        return None
    sample = text[:100_000]
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\n\r\f\v")
    replaced = sample.count("\ufffd")
    if "\x00" in sample or controls > len(sample) // 100:
        return f"binary content ({controls} control characters in {len(sample)})"
    if replaced > len(sample) // 10:
        return f"binary content ({replaced} undecodable bytes in {len(sample)})"
    return None


def _known(encoding: str) -> bool:
    try:
        codecs.lookup(encoding)
    except LookupError:
        return False
    return True
