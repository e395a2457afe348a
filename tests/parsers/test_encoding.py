"""Tier 1: decoding fetched bytes (header, then meta, then detection; GB family as gb18030)."""

from __future__ import annotations

import pytest

from parsers.encoding import canonical_encoding, charset_from_content_type, decode_html

TEXT = "市委书记夏心旻强调，扬州召开全市推进开发园区“二次创业”高质量发展大会。" * 5


def page(charset_meta: str | None, body: str = TEXT) -> str:
    meta = (
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset_meta}">'
        if charset_meta
        else ""
    )
    return f"<html><head>{meta}<title>t</title></head><body><p>{body}</p></body></html>"


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("gb2312", "gb18030"),
        ("GBK", "gb18030"),
        ("x-gbk", "gb18030"),
        ("GB_2312-80", "gb18030"),
        ("gb18030", "gb18030"),
        ("UTF-8", "utf-8"),
        ("utf8", "utf-8"),
        ("no-such-charset", None),
        (None, None),
    ],
)
def test_canonical_encoding(label: str | None, expected: str | None) -> None:
    assert canonical_encoding(label) == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("text/html; charset=GBK", "GBK"),
        ('text/html;charset="utf-8"', "utf-8"),
        ("text/html", None),
        (None, None),
    ],
)
def test_charset_from_content_type(header: str | None, expected: str | None) -> None:
    assert charset_from_content_type(header) == expected


def test_gb2312_declared_in_meta_only_keeps_gbk_only_characters() -> None:
    # 旻 is not in GB2312: a gb2312 decoder garbles it, gb18030 reads it.
    body = page("gb2312").encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        body.decode("gb2312")
    text, encoding = decode_html(body, "text/html")
    assert encoding == "gb18030"
    assert "夏心旻" in text


def test_header_charset_wins_over_meta() -> None:
    body = page("utf-8").encode("gb18030")
    text, encoding = decode_html(body, "text/html; charset=GBK")
    assert encoding == "gb18030" and "夏心旻" in text


def test_wrong_header_falls_back_to_meta() -> None:
    body = page("gbk").encode("gb18030")
    text, encoding = decode_html(body, "text/html; charset=utf-8")
    assert encoding == "gb18030" and "二次创业" in text


@pytest.mark.parametrize("codec", ["utf-8", "gb18030"])
def test_undeclared_pages_are_detected(codec: str) -> None:
    text, _ = decode_html(page(None).encode(codec), None)
    assert "高质量发展大会" in text


def test_utf8_bom() -> None:
    text, encoding = decode_html("\ufeff".encode() + page(None).encode(), None)
    assert encoding == "utf-8" and text.startswith("<html>")


@pytest.mark.parametrize("padding", ["", " "])  # UTF-16 decodes any even number of bytes
@pytest.mark.parametrize("header", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_a_header_charset_that_decodes_to_garbage_falls_back_to_meta(
    header: str, padding: str
) -> None:
    body = page("utf-8", TEXT + padding).encode("utf-8")
    text, encoding = decode_html(body, f"text/html; charset={header}")
    assert encoding == "utf-8" and TEXT in text


@pytest.mark.parametrize("header", ["utf-16", "utf-16-be"])
def test_a_wrong_header_and_no_meta_fall_back_to_detection(header: str) -> None:
    body = page(None).encode("utf-8")
    text, _ = decode_html(body, f"text/html; charset={header}")
    assert TEXT in text


def test_a_real_utf16_page_without_bom_is_read_by_its_header() -> None:
    text, encoding = decode_html(page(None).encode("utf-16-le"), "text/html; charset=utf-16-le")
    assert encoding == "utf-16-le" and TEXT in text


@pytest.mark.parametrize(
    "label", ["rot13", "base64", "hex", "zlib", "uu", "undefined", "unicode_escape", "idna"]
)
def test_a_charset_that_is_no_text_encoding_is_ignored(label: str) -> None:
    # Codecs Python knows that decode no page: naming one in a header must not crash the URL.
    assert canonical_encoding(label) is None
    body = page("utf-8").encode("utf-8")
    text, encoding = decode_html(body, f"text/html; charset={label}")
    assert encoding == "utf-8" and TEXT in text


def test_a_utf16_page_declared_utf8_is_not_read_as_nuls() -> None:
    text, encoding = decode_html(page(None).encode("utf-16-le"), "text/html; charset=utf-8")
    assert encoding.startswith("utf-16") and TEXT in text and "\x00" not in text
