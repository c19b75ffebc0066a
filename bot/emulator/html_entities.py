"""Telegram's HTML parse mode: turn marked-up text into plain text plus message entities.

Follows the rules of Telegram's own parser (tdlib `parse_html`): only the documented tags,
balanced and properly closed; `&lt; &gt; &amp; &quot;` and numeric character references are
decoded, any other `&` is kept literally. Errors carry the same wording and UTF-8 byte offsets.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

__all__ = ["EntityParseError", "parse_html", "utf16_len"]

# Tag name -> entity type. Aliases (strong, em, ...) are accepted by Telegram too.
_TAG_ENTITY = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


class EntityParseError(ValueError):
    """The text is not valid Telegram HTML; the message is Telegram's reason."""


@dataclass
class _OpenTag:
    name: str
    offset: int  # UTF-16 offset in the output text
    attributes: dict[str, str] = field(default_factory=dict)


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram entity offsets and limits."""
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(source: str, index: int) -> int:
    return len(source[:index].encode("utf-8"))


def _decode_entity(source: str, start: int) -> tuple[str, int] | None:
    """Decode the character reference at `start` ('&'), or None to keep the '&' literally."""
    end = source.find(";", start + 1, start + 12)
    if end < 0:
        return None
    name = source[start + 1 : end]
    if name in _NAMED_ENTITIES:
        return _NAMED_ENTITIES[name], end + 1 - start
    if name.startswith("#") and len(name) > 1:
        digits = name[1:]
        try:
            code = int(digits[1:], 16) if digits[0] in "xX" else int(digits, 10)
            return chr(code), end + 1 - start
        except (ValueError, OverflowError):
            return None
    return None


def _read_name(source: str, i: int) -> tuple[str, int]:
    start = i
    while i < len(source) and not source[i].isspace() and source[i] not in "<>/=\"'":
        i += 1
    return source[start:i].lower(), i


def _skip_spaces(source: str, i: int) -> int:
    while i < len(source) and source[i].isspace():
        i += 1
    return i


def _read_attributes(source: str, i: int, tag: str, begin: int) -> tuple[dict[str, str], int]:
    """Parse `name="value"` pairs up to the closing '>'; return them and the index after '>'."""
    attributes: dict[str, str] = {}
    while True:
        i = _skip_spaces(source, i)
        if i >= len(source):
            raise EntityParseError(
                f"Unclosed start tag at byte offset {_byte_offset(source, begin)}"
            )
        if source[i] == ">":
            return attributes, i + 1
        if source[i] == "/" and source[i + 1 : i + 2] == ">":
            return attributes, i + 2
        name, j = _read_name(source, i)
        if not name:
            raise EntityParseError(
                f'Empty attribute name in the tag "{tag}" at byte offset {_byte_offset(source, i)}'
            )
        j = _skip_spaces(source, j)
        if j >= len(source) or source[j] != "=":
            attributes[name] = ""  # value-less attribute such as <blockquote expandable>
            i = j
            continue
        j = _skip_spaces(source, j + 1)
        if j < len(source) and source[j] in "\"'":
            close = source.find(source[j], j + 1)
            if close < 0:
                raise EntityParseError(
                    f"Unclosed start tag at byte offset {_byte_offset(source, begin)}"
                )
            raw, i = source[j + 1 : close], close + 1
        else:
            k = j
            while k < len(source) and not source[k].isspace() and source[k] != ">":
                k += 1
            raw, i = source[j:k], k
        attributes[name] = html.unescape(raw)


def _entity_for(tag: _OpenTag, end: int, inside_pre: bool) -> dict[str, Any] | None:
    length = end - tag.offset
    kind = _TAG_ENTITY[tag.name]
    if tag.name == "code" and inside_pre:
        return None  # <pre><code class="language-x"> is one pre entity with a language
    entity: dict[str, Any] = {"type": kind, "offset": tag.offset, "length": length}
    if kind == "text_link":
        entity["url"] = tag.attributes.get("href", "")
    elif kind == "pre":
        language = tag.attributes.get("language")
        if language:
            entity["language"] = language
    elif kind == "blockquote" and "expandable" in tag.attributes:
        entity["type"] = "expandable_blockquote"
    elif kind == "custom_emoji":
        entity["custom_emoji_id"] = tag.attributes.get("emoji-id", "")
    return entity if length > 0 else None


def _check_start_tag(tag: _OpenTag, stack: list[_OpenTag], source: str, begin: int) -> None:
    where = f"at byte offset {_byte_offset(source, begin)}"
    if tag.name not in _TAG_ENTITY:
        raise EntityParseError(f'Unsupported start tag "{tag.name}" {where}')
    if tag.name == "span" and tag.attributes.get("class") != "tg-spoiler":
        raise EntityParseError(f'Tag "span" must have class "tg-spoiler" {where}')
    if tag.name == "tg-emoji" and not tag.attributes.get("emoji-id"):
        raise EntityParseError(f'Tag "tg-emoji" must have attribute "emoji-id" {where}')
    if tag.name == "code" and stack and stack[-1].name == "pre":
        language = tag.attributes.get("class", "")
        if language.startswith("language-"):
            stack[-1].attributes["language"] = language.removeprefix("language-")


def parse_html(source: str) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram HTML into (plain text, entities) or raise `EntityParseError`."""
    out: list[str] = []
    offset = 0  # UTF-16 length of `out`
    stack: list[_OpenTag] = []
    entities: list[dict[str, Any]] = []
    i = 0
    while i < len(source):
        char = source[i]
        if char == "&":
            decoded = _decode_entity(source, i)
            text, i = (decoded[0], i + decoded[1]) if decoded else ("&", i + 1)
            out.append(text)
            offset += utf16_len(text)
            continue
        if char != "<":
            out.append(char)
            offset += utf16_len(char)
            i += 1
            continue
        begin = i
        if source[i + 1 : i + 2] == "/":
            name, i = _read_name(source, i + 2)
            i = _skip_spaces(source, i)
            if i >= len(source) or source[i] != ">":
                raise EntityParseError(
                    f"Unclosed end tag at byte offset {_byte_offset(source, begin)}"
                )
            i += 1
            if not stack:
                raise EntityParseError(
                    f"Unexpected end tag at byte offset {_byte_offset(source, begin)}"
                )
            top = stack.pop()
            if name != top.name:
                raise EntityParseError(
                    f"Unmatched end tag at byte offset {_byte_offset(source, begin)}, "
                    f'expected "</{top.name}>", found "</{name}>"'
                )
            entity = _entity_for(top, offset, inside_pre=any(t.name == "pre" for t in stack))
            if entity:
                entities.append(entity)
            continue
        name, i = _read_name(source, i + 1)
        tag = _OpenTag(name, offset)
        if name in _TAG_ENTITY:
            tag.attributes, i = _read_attributes(source, i, name, begin)
        _check_start_tag(tag, stack, source, begin)
        stack.append(tag)
    if stack:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return _strip("".join(out), entities)


def _strip(text: str, entities: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """Trim surrounding whitespace as Telegram does, keeping entity offsets right."""
    lead = utf16_len(text) - utf16_len(text.lstrip())
    stripped = text.strip()
    end = utf16_len(stripped)
    kept = []
    for entity in entities:
        start = max(entity["offset"] - lead, 0)
        stop = min(entity["offset"] + entity["length"] - lead, end)
        if stop > start:
            kept.append({**entity, "offset": start, "length": stop - start})
    return stripped, kept
