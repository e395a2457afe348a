"""Decode fetched HTML bytes to text ourselves; never trust a library's guess.

Order (DESIGN.md 2.1): byte-order mark, the HTTP header's charset, the page's
`<meta charset>` / `<meta http-equiv="Content-Type">`, then detection. The GB family
(gb2312, gbk, x-gbk, ...) is read as gb18030, its superset: pages that declare gb2312
routinely contain GBK-only characters such as 旻.

A declared charset is used only if it decodes the page strictly and sanely: a header saying
utf-16 about a UTF-8 page decodes without error into CJK-looking garbage with no `<` left,
so the meta tag (or detection) is asked next. Labels of codecs that are no text encoding
(rot13, base64, unicode_escape, ...) are ignored, as unknown labels are.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

# How far into a page a meta charset may sit (the HTML spec says 1024 bytes; CMS pages pad more).
META_SNIFF_BYTES = 8192

CONTENT_TYPE_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
META_CHARSET = re.compile(
    rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)",
    re.IGNORECASE,
)
GB_FAMILY = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "ms936", "euc-cn", "hz-gb-2312"}
# Python codecs that decode bytes to text but never a web page: a header naming one is wrong.
NOT_PAGE_ENCODINGS = {"undefined", "unicode-escape", "raw-unicode-escape", "idna", "punycode"}
BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def canonical_encoding(label: str | None) -> str | None:
    """Python codec name for a declared label, GB family widened to gb18030; None if unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in GB_FAMILY or label.startswith("gb_2312"):
        return "gb18030"
    try:
        info = codecs.lookup(label)
    except LookupError:
        return None
    # rot13, base64, zlib ... are codecs too, of bytes to bytes or str to str.
    if not info._is_text_encoding or info.name in NOT_PAGE_ENCODINGS:
        return None
    # codecs.lookup("gbk") answers "gbk": widen whatever alias it resolved to.
    return "gb18030" if info.name in GB_FAMILY else info.name


def charset_from_content_type(content_type: str | None) -> str | None:
    """The charset parameter of an HTTP Content-Type header, if any."""
    if not content_type:
        return None
    match = CONTENT_TYPE_CHARSET.search(content_type)
    return match.group(1) if match else None


def sniff_meta_charset(body: bytes) -> str | None:
    """The charset a page declares in its own meta tags, if any."""
    match = META_CHARSET.search(body[:META_SNIFF_BYTES])
    return match.group(1).decode("ascii", "replace") if match else None


def detect_encoding(body: bytes) -> str | None:
    """Best statistical guess, for pages that declare nothing."""
    best = from_bytes(body[:65536]).best()
    return canonical_encoding(best.encoding) if best else None


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode a page; returns (text, encoding used).

    A declared charset that fails strict decoding is skipped rather than trusted, so a
    wrong header cannot garble a page whose meta tag is right.
    """
    for bom, encoding in BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(encoding, errors="replace"), encoding
    declared = [
        canonical_encoding(charset_from_content_type(content_type)),
        canonical_encoding(sniff_meta_charset(body)),
    ]
    candidates: list[str] = [enc for enc in declared if enc]
    for encoding in candidates:
        text = _decoded_sanely(body, encoding)
        if text is not None:
            return text, encoding
    guessed = detect_encoding(body) if body else None
    for encoding in (guessed or "utf-8", "utf-8", "gb18030"):
        text = _decoded_sanely(body, encoding)
        if text is not None:
            return text, encoding
    # Nothing decodes cleanly: keep the page readable, with U+FFFD marking the damage.
    fallback = candidates[0] if candidates else "utf-8"
    return body.decode(fallback, errors="replace"), fallback


def _decoded_sanely(body: bytes, encoding: str) -> str | None:
    """The body decoded strictly, or None when that fails or gives garbage: NULs (a page in a
    wider encoding than named), or markup whose `<` did not survive (UTF-8 read as UTF-16)."""
    try:
        text = body.decode(encoding)
    except UnicodeError:
        return None
    if "\x00" in text:
        return None
    if b"<" in body and "<" not in text:
        return None
    return text
