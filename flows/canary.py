"""`yzdaily doctor --live`: does the parser read the real pages? A canary for the first run on a
machine that can reach the sites.

For each site: fetch its first list page and its newest article (politely: robots.txt, the
delay, real timeouts), parse both and report every field with the checks a reader would make:
the list yields article links, the article reads as one (not refused), its date is the URL's,
its title is the page's headline, and the fields a site's pages usually fill are filled.
Nothing is written: not the warehouse, not the raw archive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from config.settings import Settings
from fetching.http import Fetcher, FetchError, build_site_fetcher
from flows.doctor import Check
from parsers.dates import url_date
from parsers.encoding import decode_html
from parsers.models import Article, ParseError
from parsers.page import read_page
from parsers.site import SiteAdapter
from parsers.sources import selected

# Fields the sites' pages fill nearly always (DESIGN.md 2.1-2.3); empty means look closer.
USUALLY_FILLED = ("source", "editors")
SOMETIMES_EMPTY = ("dateline", "reporters", "correspondents", "author", "kicker", "subtitle")


@dataclass
class CanaryReport:
    """What the canary found on one site: the pages it read, the fields, a verdict per check."""

    site: str
    list_url: str
    article_url: str | None = None
    links: int = 0
    fields: dict[str, Any] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        verdicts = [check.verdict for check in self.checks]
        return "fail" if "fail" in verdicts else "warn" if "warn" in verdicts else "ok"


def _get(fetcher: Fetcher, url: str) -> tuple[str, str | None]:
    page = fetcher.get(url)
    html, encoding = decode_html(page.body, page.content_type)
    return html, encoding


def _title_in_markup(article: Article, html: str) -> bool:
    page = read_page(html)
    marks = [page.html_title or "", *page.headings, page.meta.get("ArticleTitle", "")]
    return any(article.title in mark or (mark and mark in article.title) for mark in marks)


def _field_checks(article: Article, html: str) -> list[Check]:
    checks: list[Check] = []
    day = url_date(article.url)
    if day is None:
        checks.append(Check("date", "warn", f"{article.published_at} (the URL carries no date)"))
    elif article.published_at.date() == day:
        checks.append(Check("date", "ok", f"{article.published_at} (the URL's day)"))
    else:
        checks.append(Check("date", "fail", f"{article.published_at}, the URL says {day}"))
    in_markup = _title_in_markup(article, html)
    checks.append(
        Check(
            "title",
            "ok" if in_markup else "warn",
            article.title + ("" if in_markup else " (not in <title>, <h1> or ArticleTitle)"),
        )
    )
    for name in USUALLY_FILLED:
        value = getattr(article, name)
        checks.append(Check(name, "ok" if value else "warn", _shown(value)))
    for name in SOMETIMES_EMPTY:
        checks.append(Check(name, "ok", _shown(getattr(article, name))))
    paragraphs = article.paragraphs
    checks.append(
        Check(
            "body",
            "ok",
            f"{len(paragraphs)} paragraph(s), {len(article.body)} characters; first:"
            f" {paragraphs[0][:40]!r}; last: {paragraphs[-1][-40:]!r}",
        )
    )
    return checks


def _shown(value: object) -> str:
    if isinstance(value, tuple):
        return " ".join(value) if value else "(none)"
    return str(value) if value else "(none)"


def probe_site(fetcher: Fetcher, source: SiteAdapter, base_url: str | None) -> CanaryReport:
    """Read one site's first list page and newest article; never raises for the site's faults."""
    list_url = source.first_list_url(base_url)
    report = CanaryReport(site=source.name, list_url=list_url)
    try:
        html, encoding = _get(fetcher, list_url)
    except FetchError as error:
        report.checks.append(Check("list page", "fail", f"{list_url}: {error.reason}"))
        return report
    listing = source.parse_list(html, list_url)
    report.links = len(listing.refs)
    if not listing.refs:
        report.checks.append(
            Check("list page", "fail", f"{list_url} ({encoding}): no article links on it")
        )
        return report
    report.checks.append(
        Check("list page", "ok", f"{list_url} ({encoding}): {len(listing.refs)} article links")
    )
    newest = listing.refs[0]
    report.article_url = newest.url
    try:
        html, encoding = _get(fetcher, newest.url)
    except FetchError as error:
        report.checks.append(Check("article page", "fail", f"{newest.url}: {error.reason}"))
        return report
    try:
        article = source.parse_article(html, newest.url)
    except ParseError as error:
        report.checks.append(
            Check("article page", "fail", f"{newest.url} ({encoding}): refused: {error}")
        )
        return report
    report.checks.append(Check("article page", "ok", f"{newest.url} ({encoding}): read"))
    report.fields = article.to_json()
    report.checks.extend(_field_checks(article, html))
    return report


def run_canary(settings: Settings) -> list[CanaryReport]:
    """The live canary over the selected sites (`--source`, default every one)."""
    sources = selected(settings.source)
    with build_site_fetcher(settings, sources, retries=1) as fetcher:
        return [probe_site(fetcher, source, settings.base_url) for source in sources]
