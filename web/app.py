"""The ASGI app: pages, their JSON API, CSV downloads, static files, and every error answered.

    app = build_app(WebConfig(db_path=Path("data/yzdaily.duckdb"), jieba_cache_dir=...))

Routes (GET and HEAD only; the app never writes):

    /                      search: q, since, until, source, reporter, site, sort, offset, limit
    /search.csv            the whole result of a search, UTF-8 with a BOM (Excel reads it)
    /article/{id}          one article, everything about it
    /trend                 term (repeated), by, measure, since, until; /trend.csv
    /people, /emerging, /health
    /api/search, /api/trend, /api/article/{id}, /api/people, /api/emerging, /api/health,
    /api/runs, /api/stats  the same answers as JSON (web/pages.py: as the CLI's --json)
    /static/...            web/static only; /fonts/NotoSansSC-Regular.otf, the bundled font

Endpoints are plain functions: Starlette runs them in its thread pool, so a request waiting
for the warehouse (web/reading.py) never blocks the others. Errors: a bad parameter is 400
with its message, an unknown article 404, a warehouse busy or missing 503 with Retry-After,
anything unexpected 500 with a plain page (the traceback goes to the server's log, never to
the client). No page has a script; the Content-Security-Policy lets nothing load from
another host.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from warehouse.analytics import PERIODS
from warehouse.results import NO_SOURCE, SORTS
from warehouse.search import MAX_LIMIT
from web import charts
from web.jsonout import json_response
from web.pages import (
    MEASURES,
    PAGE_SIZES,
    Context,
    TrendAnswer,
    WebConfig,
    article_answer,
    article_json,
    emerging_answer,
    health_answer,
    people_answer,
    search_answer,
    search_json,
    stats_answer,
    stats_json,
    trend_answer,
    trend_json,
)
from web.params import BadRequest, query_string
from web.reading import SharedTokenizer, Unavailable, WarehouseReader

PACKAGE_DIR = Path(str(resources.files("web")))
STATIC_DIR = PACKAGE_DIR / "static"
NAV = (
    ("/", "检索"),
    ("/trend", "趋势"),
    ("/people", "人物"),
    ("/emerging", "新词"),
    ("/health", "运行状况"),
)
SORT_LABELS = {"relevance": "相关度", "date": "发布时间（新的在前）"}
BY_LABELS = {"year": "年", "quarter": "季度", "month": "月"}
MEASURE_LABELS = {"share": "占当期文章的比例", "count": "文章数"}
SITE_LABELS = {"zgjssw": "中共江苏省委新闻网", "yznews": "扬州网"}
FILTER_LABELS = {
    "since": "起始",
    "until": "截止",
    "source": "来源",
    "reporter": "记者",
    "site": "站点",
}
PAGER_WINDOW = 3  # page links either side of the current one
# The only links to outside pages a page carries: http(s) URLs of a host (web_link).
WEB_URL = re.compile(r"https?://[^/?#\s]", re.IGNORECASE)
UNSAFE_IN_URL = re.compile(r"[\s\x00-\x1f\x7f-\x9f]")
# Nothing but this app itself: no script at all, styles, fonts and images from here only.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self';"
    " form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    # A click on an article's original URL tells the public site nothing of this machine.
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]
# CSV cells a spreadsheet would run as a formula (OWASP "CSV injection"): shown as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def bundled_font() -> Path:
    """Noto Sans SC from the font wheel the project already ships for its PNG charts: Chinese
    text on a machine without a CJK font, with no font from outside (style.css names it last)."""
    return Path(str(resources.files("pylopdf_fonts_zh_cn").joinpath("NotoSansSC-Regular.otf")))


class SecurityHeaders:
    """ASGI middleware: the same security headers on every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def href(path: str, values: dict[str, Any] | None = None, **more: Any) -> str:
    """A link to `path` with these query values (None and "" left out; `more` wins)."""
    given = (values or {}) | more
    # The query first: links read better, and a truncated one still says what was searched.
    query = query_string({key: given[key] for key in ("q", "term") if key in given} | given)
    return f"{path}?{query}" if query else path


def merged(values: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """`values` with some keys changed (a link that keeps the other filters)."""
    return values | changes


def article_href(article_id: str, api: bool = False) -> str:
    """The article page (or its JSON) of an article id (`zgjssw:/shixianchuanzhen/...`)."""
    return ("/api/article/" if api else "/article/") + quote(article_id, safe=":/")


def web_link(url: str | None) -> str | None:
    """`url` when a page may link it: an http(s) URL without whitespace or control characters
    (a browser drops tabs and newlines inside a scheme: `java\tscript:` runs). Anything else
    (`javascript:...`, `data:`, a `file://` identity) is shown as text, never linked: a
    warehouse written by another tool, or a WARC record, may say anything."""
    if url is None or not WEB_URL.match(url) or UNSAFE_IN_URL.search(url):
        return None
    return url


def when(value: datetime | date | None, with_time: bool = True) -> str:
    """A timestamp or day as the pages print it."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M" if with_time else "%Y-%m-%d")
    return value.isoformat()


def marked(segments: Iterable[tuple[str, bool]]) -> Markup:
    """Snippet pieces as HTML: matches in <mark>, everything escaped."""
    return Markup("").join(
        Markup("<mark>{}</mark>").format(text) if matched else Markup.escape(text)
        for text, matched in segments
    )


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def pager(total: int, offset: int, limit: int) -> list[tuple[int, int]]:
    """(page number, offset) of the page links around the current page."""
    pages = max(1, -(-total // limit))
    current = offset // limit
    first, last = max(0, current - PAGER_WINDOW), min(pages - 1, current + PAGER_WINDOW)
    return [(page + 1, page * limit) for page in range(first, last + 1)]


def csv_response(header: Sequence[str], rows: Iterable[Sequence[Any]], filename: str) -> Response:
    """A CSV download: UTF-8 with a byte-order mark, so that Excel reads the Chinese."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow(
            [
                "'" + cell if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) else cell
                for cell in row
            ]
        )
    return Response(
        ("\ufeff" + out.getvalue()).encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{filename}"'},
    )


class WebApp:
    """The pages and API over one warehouse: templates, the shared tokenizer, the handlers."""

    def __init__(self, config: WebConfig) -> None:
        self.config = config
        self.context = Context(
            config,
            WarehouseReader(config.db_path, config.read_wait),
            SharedTokenizer(config.jieba_cache_dir),
        )
        self.templates = jinja2.Environment(
            loader=jinja2.PackageLoader("web", "templates"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.templates.globals.update(
            nav=NAV,
            href=href,
            article_href=article_href,
            web_link=web_link,
            when=when,
            marked=marked,
            percent=percent,
            format_value=charts.format_value,
            site_labels=SITE_LABELS,
            filter_labels=FILTER_LABELS,
            merged=merged,
            db_name=config.db_path.name,
        )

    def render(self, template: str, status_code: int = 200, **values: Any) -> HTMLResponse:
        """A page from its template (every value escaped unless marked safe)."""
        page = self.templates.get_template(template).render(**values)
        return HTMLResponse(page, status_code=status_code, headers={"cache-control": "no-cache"})

    # --- pages ---------------------------------------------------------------------------

    def search_page(self, request: Request) -> Response:
        answer = search_answer(
            self.context, request.query_params, max(PAGE_SIZES), False, with_sites=True
        )
        search = answer.request
        stats = stats_answer(self.context) if search.query is None else None
        result = answer.result
        return self.render(
            "search.html",
            active="/",
            search=search,
            result=result,
            stats=stats,
            sites=answer.sites,
            sorts=[(sort, SORT_LABELS[sort]) for sort in SORTS],
            page_sizes=PAGE_SIZES,
            pages=pager(result.total, search.offset, search.limit) if result else [],
            no_source=NO_SOURCE,
        )

    def search_csv(self, request: Request) -> Response:
        answer = search_answer(self.context, request.query_params, MAX_LIMIT, True, whole=True)
        assert answer.result is not None
        rows = (
            (
                number,
                row.hit.article_id,
                row.hit.url,
                row.hit.title,
                when(row.hit.published_at),
                row.hit.source or "",
                row.site,
                " ".join(row.reporters),
                row.hit.score,
                row.hit.match,
                row.hit.snippet,
            )
            for number, row in enumerate(answer.result.rows, start=1)
        )
        header = [
            "rank",
            "article_id",
            "url",
            "title",
            "published_at",
            "source",
            "site",
            "reporters",
            "score",
            "match",
            "snippet",
        ]
        return csv_response(header, rows, "yzdaily-search.csv")

    def article_page(self, request: Request) -> Response:
        article = self._article(request)
        return self.render("article.html", active="", article=article)

    def trend_page(self, request: Request) -> Response:
        answer = trend_answer(self.context, request.query_params, required=False)
        return self.render(
            "trend.html",
            active="/trend",
            answer=answer,
            chart=Markup(self._trend_chart(answer)) if answer.points else None,
            term_inputs=[*answer.terms, *[""] * max(1, 4 - len(answer.terms))],
            by_labels=[(by, BY_LABELS[by]) for by in PERIODS],
            measure_labels=[(m, MEASURE_LABELS[m]) for m in MEASURES],
        )

    def trend_csv(self, request: Request) -> Response:
        answer = trend_answer(self.context, request.query_params, required=True)
        partial = {row.period: row.partial or "" for row in answer.rows}
        rows = (
            (p.term, p.period, p.articles, p.total, p.share, partial[p.period])
            for p in answer.points
        )
        return csv_response(
            ("term", "period", "articles", "total", "share", "partial"), rows, "yzdaily-trend.csv"
        )

    def people_page(self, request: Request) -> Response:
        name, rows = people_answer(self.context, request.query_params)
        spans = [
            charts.Span(
                f"{r.name} · {r.role}", r.first_published_date, r.last_published_date, r.role
            )
            for r in rows
        ]
        chart = charts.timeline_chart(spans, "官员任职时间线（据报道中首次、末次提及）")
        return self.render(
            "people.html", active="/people", name=name, rows=rows, chart=Markup(chart)
        )

    def emerging_page(self, request: Request) -> Response:
        answer = emerging_answer(self.context, request.query_params)
        return self.render("emerging.html", active="/emerging", answer=answer)

    def health_page(self, request: Request) -> Response:
        answer = health_answer(self.context, request.query_params)
        return self.render("health.html", active="/health", answer=answer)

    def _article(self, request: Request) -> Any:
        article_id = str(request.path_params["article_id"])
        article = article_answer(self.context, article_id)
        if article is None:
            raise HTTPException(404, f"no article with id {article_id!r}")
        return article

    def _trend_chart(self, answer: TrendAnswer) -> str:
        share = answer.measure == "share"
        lines = [
            charts.Line(
                term,
                tuple(
                    (point.share if share else float(point.articles))
                    for row in answer.rows
                    for point in row.points
                    if point.term == term
                ),
            )
            for term in answer.terms
        ]
        title = f"按{BY_LABELS[answer.by]}：" + "、".join(answer.terms)
        return charts.line_chart(
            [row.period for row in answer.rows],
            lines,
            [row.partial is not None for row in answer.rows],
            title=title + ("（占当期文章的比例）" if share else "（文章数）"),
            percent=share,
        )

    # --- the JSON API ----------------------------------------------------------------------

    def api_search(self, request: Request) -> Response:
        answer = search_answer(self.context, request.query_params, MAX_LIMIT, True)
        return json_response(search_json(answer))

    def api_trend(self, request: Request) -> Response:
        return json_response(trend_json(trend_answer(self.context, request.query_params, True)))

    def api_article(self, request: Request) -> Response:
        return json_response(article_json(self._article(request)))

    def api_people(self, request: Request) -> Response:
        _, rows = people_answer(self.context, request.query_params)
        return json_response([asdict(row) for row in rows])

    def api_emerging(self, request: Request) -> Response:
        answer = emerging_answer(self.context, request.query_params)
        return json_response([asdict(term) for term in answer.terms])

    def api_health(self, request: Request) -> Response:
        return json_response(health_answer(self.context, request.query_params).sites)

    def api_runs(self, request: Request) -> Response:
        return json_response(health_answer(self.context, request.query_params).runs)

    def api_stats(self, request: Request) -> Response:
        return json_response(stats_json(self.context, stats_answer(self.context)))

    def font(self, request: Request) -> Response:
        # One fixed file, no path from the request: nothing else outside static/ is served.
        return FileResponse(bundled_font(), media_type="font/otf")

    # --- errors ----------------------------------------------------------------------------

    def error(
        self,
        request: Request,
        status_code: int,
        message: str,
        headers: dict[str, str] | None = None,
        refresh: int | None = None,
    ) -> Response:
        """An error as JSON for the API, as a page for everything else."""
        if request.url.path.startswith("/api/"):
            return json_response({"error": message, "status": status_code}, status_code, headers)
        response = self.render(
            "error.html",
            status_code,
            active="",
            status=status_code,
            message=message,
            refresh=refresh,
        )
        response.headers.update(headers or {})
        return response

    def bad_request(self, request: Request, error: Exception) -> Response:
        return self.error(request, 400, str(error))

    def unavailable(self, request: Request, error: Exception) -> Response:
        assert isinstance(error, Unavailable)
        retry = str(error.retry_after)
        return self.error(request, 503, str(error), {"retry-after": retry}, error.retry_after)

    def http_error(self, request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        message = (
            error.detail if error.status_code == 404 else f"{error.status_code}: {error.detail}"
        )
        return self.error(request, error.status_code, message, dict(error.headers or {}))

    def server_error(self, request: Request, error: Exception) -> Response:
        # Starlette raises the error again once this answer is sent: uvicorn logs it.
        return self.error(request, 500, "the server failed to answer this request (see its log)")


def build_app(config: WebConfig) -> Starlette:
    """The web app over the warehouse at `config.db_path` (opened per request, read-only)."""
    web = WebApp(config)
    routes = [
        Route("/", web.search_page),
        Route("/search.csv", web.search_csv),
        Route("/article/{article_id:path}", web.article_page),
        Route("/trend", web.trend_page),
        Route("/trend.csv", web.trend_csv),
        Route("/people", web.people_page),
        Route("/emerging", web.emerging_page),
        Route("/health", web.health_page),
        Route("/api/search", web.api_search),
        Route("/api/trend", web.api_trend),
        Route("/api/article/{article_id:path}", web.api_article),
        Route("/api/people", web.api_people),
        Route("/api/emerging", web.api_emerging),
        Route("/api/health", web.api_health),
        Route("/api/runs", web.api_runs),
        Route("/api/stats", web.api_stats),
        Route("/fonts/NotoSansSC-Regular.otf", web.font),
        # StaticFiles resolves every path and refuses any outside its directory (../, %2e%2e).
        Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
    ]
    return Starlette(
        routes=routes,
        middleware=[Middleware(SecurityHeaders)],
        exception_handlers={
            BadRequest: web.bad_request,
            Unavailable: web.unavailable,
            HTTPException: web.http_error,
            Exception: web.server_error,
        },
    )
