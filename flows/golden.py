"""`yzdaily golden add URL|FILE --site S`: keep a real page as a golden test page, for review.

The page is saved as raw bytes (`tests/fixtures/<site>/<name>.html`) with its parse beside it
(`<name>.expected.json`: the parser's reading, or the field it refused on). The JSON is a
draft: a person reads the page, corrects the JSON to what the page really says, and commits
both. From then on the eval gate (`python -m tests.eval_gate`) counts the page in the
per-field accuracy it pins, so a parser change that reads it worse is caught.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from config.settings import Settings
from fetching.http import Fetcher, FetchError
from parsers.encoding import decode_html
from parsers.models import ParseError
from parsers.saved import saved_page_urls
from parsers.sources import SOURCES

SAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]+")


class GoldenError(Exception):
    """The page cannot be saved as a golden; the message says why."""


@dataclass(frozen=True)
class SavedGolden:
    """Where the page and its draft expectation went, and what the parser made of it."""

    page: Path
    expected: Path
    refused: str | None  # the parser's reason, when it refused the page


def _name_for(url: str | None, path: Path | None) -> str:
    if path is not None:
        stem = path.name.split(".", 1)[0]
    else:
        stem = Path(urlsplit(url or "").path).name.split(".", 1)[0] or "page"
    return SAFE_NAME.sub("_", stem).strip("_") or "page"


def _read(target: str, settings: Settings) -> tuple[bytes, str | None, str, Path | None]:
    """(bytes, content type, the page's URL, the file) of a URL fetched or a file read."""
    if target.lower().startswith(("http://", "https://")):
        with Fetcher(settings.user_agent, settings.delay, settings.timeout, retries=1) as fetcher:
            try:
                page = fetcher.get(target)
            except FetchError as error:
                raise GoldenError(f"cannot fetch {target}: {error.reason}") from error
        return page.body, page.content_type, target, None
    path = Path(target)
    if not path.is_file():
        raise GoldenError(f"no such file: {target} (give a URL or a saved page)")
    body = path.read_bytes()
    html, _ = decode_html(body, None)
    urls = saved_page_urls(html)
    return body, None, urls[0] if urls else path.resolve().as_uri(), path


def add_golden(
    target: str,
    site: str,
    fixtures: Path,
    settings: Settings,
    name: str | None = None,
    url: str | None = None,
    force: bool = False,
) -> SavedGolden:
    """Save a page and its parse (a draft to review) under `fixtures/<site>/`."""
    source = SOURCES.get(site)
    if source is None:
        raise GoldenError(f"unknown site {site!r}: choose one of {', '.join(SOURCES)}")
    if not fixtures.is_dir():
        raise GoldenError(
            f"no fixtures folder at {fixtures}: run this in the project's checkout or give"
            " --fixtures"
        )
    body, content_type, page_url, path = _read(target, settings)
    page_url = url or page_url
    stem = name or _name_for(page_url if path is None else None, path)
    folder = fixtures / site
    page_file, expected_file = folder / f"{stem}.html", folder / f"{stem}.expected.json"
    if not force and (page_file.exists() or expected_file.exists()):
        raise GoldenError(f"{page_file} exists: choose another --name, or --force to replace it")
    html, _ = decode_html(body, content_type)
    expected: dict[str, object]
    refused: str | None = None
    try:
        expected = source.parse_article(html, page_url).to_json()
    except ParseError as error:
        refused = str(error)
        expected = {"url": page_url, "site": site, "refused": error.field_name}
    if content_type:
        expected["_content_type"] = content_type  # the charset may be in the header only
    expected["_review"] = "draft written by `yzdaily golden add`: check every field, then delete"
    folder.mkdir(exist_ok=True)
    page_file.write_bytes(body)
    expected_file.write_text(
        json.dumps(expected, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    return SavedGolden(page_file, expected_file, refused)
