"""The ASGI app: pages, their JSON API, CSV downloads, static files, and every error answered.

    app = build_app(WebConfig(db_path=Path("data/yzdaily.duckdb"), jieba_cache_dir=...))

Routes (GET and HEAD only; the app never writes):

    /                      search: q, since, until, source, reporter, site, sort, offset, limit
    /search.csv            the whole result of a search, UTF-8 with a BOM (Excel reads it)
    /article/{id}          one article, everything about it
    /trend                 term (repeated), by, measure, since, until; /trend.csv
    /compare               term (repeated), by, city: Yangzhou among its peers (compare and
                           the first term's diffusion); /compare.csv, /api/compare
    every page that reads articles takes city (NAME[,NAME], peers, all; default Yangzhou)
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
from collections.abc import Iterable
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

from answers.archive import rate
from answers.base import Answer, Table, csv_rows
from answers.people import TimelineAnswer, head_of
from parsers.cities import ALL, CITIES, HOME, PEERS, PROVINCE, city_label
from warehouse.analytics import PERIODS, UNITS
from warehouse.results import NO_SOURCE, SORTS
from warehouse.search import MAX_LIMIT
from web import charts, params
from web.jsonout import json_response
from web.labels import (
    BY_LABELS,
    FIELD_LABELS,
    FILTER_LABELS,
    FLOW_LABELS,
    KIND_LABELS,
    MEASURE_LABELS,
    SITE_LABELS,
    SORT_LABELS,
    STATUS_LABELS,
    UNIT_LABELS,
    VERDICT_LABELS,
    label,
    zh,
)
from web.pages import (
    MEASURES,
    PAGE_SIZES,
    Context,
    TrendPage,
    WebConfig,
    article_answer,
    article_json,
    collocates_page,
    compare_page,
    emerging_page,
    entities_page,
    health_page,
    kwic_page,
    people_page,
    search_page,
    stats_page,
    trend_page,
)
from web.params import BadRequest, query_string
from web.reading import SharedTokenizer, Unavailable, WarehouseReader

PACKAGE_DIR = Path(str(resources.files("web")))
STATIC_DIR = PACKAGE_DIR / "static"
NAV = (
    ("/", "检索"),
    ("/trend", "趋势"),
    ("/kwic", "语境"),
    ("/collocates", "搭配"),
    ("/entities", "实体"),
    ("/people", "人物"),
    ("/emerging", "新词"),
    ("/health", "运行状况"),
)
# Answers with a CSV download at /{name}.csv (search and trend have their own routes).
CSV_ANSWERS = (
    *("kwic", "collocates", "entities", "people", "emerging", "health", "runs", "stats"),
    "compare",
)
# The `city` choices every page's selector offers: Yangzhou (the default, ""), the other
# cities, the province's 要闻, the thirteen cities, every corpus.
CITY_CHOICES = (
    ("", "扬州"),
    *((code, name) for code, name in CITIES.items() if code != HOME),
    (PROVINCE, "江苏省要闻"),
    (PEERS, "十三市"),
    (ALL, "全部（含省要闻）"),
)
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


def csv_response(table: Table, filename: str) -> Response:
    """A CSV download of an answer's rows (answers.base.csv_rows, as the CLI's --csv), UTF-8
    with a byte-order mark, so that Excel reads the Chinese."""
    out = io.StringIO()
    csv.writer(out).writerows(csv_rows(table))
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
            rate=rate,
            format_value=charts.format_value,
            site_labels=SITE_LABELS,
            filter_labels=FILTER_LABELS,
            field_labels=FIELD_LABELS,
            status_labels=STATUS_LABELS,
            verdict_labels=VERDICT_LABELS,
            flow_labels=FLOW_LABELS,
            label=label,
            zh=zh,
            merged=merged,
            db_name=config.db_path.name,
            city_choices=CITY_CHOICES,
            city_value=params.city_value,
        )

    def render(self, template: str, status_code: int = 200, **values: Any) -> HTMLResponse:
        """A page from its template (every value escaped unless marked safe)."""
        page = self.templates.get_template(template).render(**values)
        return HTMLResponse(page, status_code=status_code, headers={"cache-control": "no-cache"})

    # --- pages ---------------------------------------------------------------------------

    def search_page(self, request: Request) -> Response:
        page = search_page(
            self.context, request.query_params, max(PAGE_SIZES), False, with_sites=True
        )
        search = page.request
        stats = stats_page(self.context).stats if search.query is None else None
        result = page.result
        return self.render(
            "search.html",
            active="/",
            search=search,
            result=result,
            answer=page.answer,
            table=page.answer.table() if page.answer else None,
            stats=stats,
            sites=page.sites,
            sorts=[(sort, SORT_LABELS[sort]) for sort in SORTS],
            page_sizes=PAGE_SIZES,
            pages=pager(result.total, search.offset, search.limit) if result else [],
            no_source=NO_SOURCE,
        )

    def search_csv(self, request: Request) -> Response:
        page = search_page(self.context, request.query_params, MAX_LIMIT, True, whole=True)
        assert page.answer is not None
        return csv_response(page.answer.csv(), "yzdaily-search.csv")

    def article_page(self, request: Request) -> Response:
        article = self._article(request)
        return self.render("article.html", active="", article=article)

    def trend_page(self, request: Request) -> Response:
        page = trend_page(self.context, request.query_params, required=False)
        answer = page.answer
        return self.render(
            "trend.html",
            active="/trend",
            page=page,
            answer=answer,
            table=answer.table() if answer else None,
            chart=Markup(self._trend_chart(page)) if answer and answer.points else None,
            term_inputs=[*page.request.terms, *[""] * max(1, 4 - len(page.request.terms))],
            by_labels=[(by, BY_LABELS[by]) for by in PERIODS],
            measure_labels=[(m, MEASURE_LABELS[m]) for m in MEASURES],
            unit_labels=[(u, UNIT_LABELS[u]) for u in UNITS],
        )

    def compare_page(self, request: Request) -> Response:
        page = compare_page(self.context, request.query_params, required=False)
        diffusion = page.diffusion
        chart = ""
        if diffusion is not None:
            marks = [
                charts.Mark(row.label, row.first_published_date, row.city == HOME)
                for row in diffusion.rows
            ]
            chart = charts.first_mentions_chart(
                marks, f"首次提及“{diffusion.request.term}”：各市与省要闻"
            )
        return self.render(
            "compare.html",
            active="/trend",
            page=page,
            answer=page.answer,
            table=page.answer.table() if page.answer else None,
            diffusion=diffusion,
            diffusion_table=diffusion.table() if diffusion else None,
            chart=Markup(chart),
            term_inputs=[*page.request.terms, *[""] * max(1, 2 - len(page.request.terms))],
            by_labels=[(by, BY_LABELS[by]) for by in PERIODS],
            city_label=city_label,
        )

    def trend_csv(self, request: Request) -> Response:
        answer = trend_page(self.context, request.query_params, required=True).answer
        assert answer is not None
        return csv_response(answer.csv(), "yzdaily-trend.csv")

    def people_page(self, request: Request) -> Response:
        page = people_page(self.context, request.query_params)
        answer = page.answer
        if isinstance(answer, TimelineAnswer):
            spans = [
                charts.Span(
                    f"{t.name} · {t.role}", t.first_published_date, t.last_published_date, t.role
                )
                for t in answer.rows
            ]
            title = f"{answer.request.post}任期（据报道中首次、末次提及）"
        else:
            spans = [
                charts.Span(
                    f"{r.name} · {r.role}", r.first_published_date, r.last_published_date, r.role
                )
                for r in answer.rows
            ]
            title = "官员任职时间线（据报道中首次、末次提及）"
        return self.render(
            "people.html",
            active="/people",
            page=page,
            answer=answer,
            table=answer.table(),
            timeline=isinstance(answer, TimelineAnswer),
            single_holder=head_of,
            chart=Markup(charts.timeline_chart(spans, title)),
        )

    def emerging_page(self, request: Request) -> Response:
        answer = emerging_page(self.context, request.query_params)
        return self.render("emerging.html", active="/emerging", answer=answer, table=answer.table())

    def kwic_page(self, request: Request) -> Response:
        answer = kwic_page(self.context, request.query_params)
        return self.render(
            "kwic.html",
            active="/kwic",
            answer=answer,
            table=answer.table() if answer else None,
            values=request.query_params,
            sites=SITE_LABELS,
        )

    def collocates_page(self, request: Request) -> Response:
        answer = collocates_page(self.context, request.query_params)
        return self.render(
            "collocates.html",
            active="/collocates",
            answer=answer,
            table=answer.table() if answer else None,
            values=request.query_params,
            by_labels=[(by, BY_LABELS[by]) for by in PERIODS],
        )

    def entities_page(self, request: Request) -> Response:
        answer = entities_page(self.context, request.query_params)
        return self.render(
            "entities.html",
            active="/entities",
            answer=answer,
            table=answer.table(),
            by_labels=[(by, BY_LABELS[by]) for by in PERIODS],
            unit_labels=[(u, UNIT_LABELS[u]) for u in UNITS],
            kind_labels=KIND_LABELS,
        )

    def answer_csv(self, request: Request) -> Response:
        """`/{answer}.csv`: the rows of any answer, as the CLI's --csv writes them."""
        name = request.url.path.removeprefix("/").removesuffix(".csv")
        answer = self._answer(name, request)
        return csv_response(answer.csv(), f"yzdaily-{name}.csv")

    def answer_json(self, request: Request) -> Response:
        """`/api/{answer}`: any answer's object, as the CLI's --json prints it."""
        return json_response(
            self._answer(request.url.path.removeprefix("/api/"), request).to_json()
        )

    def _answer(self, name: str, request: Request) -> Answer:
        values = request.query_params
        found: Answer | None
        if name == "kwic":
            found = kwic_page(self.context, values)
        elif name == "collocates":
            found = collocates_page(self.context, values)
        elif name == "entities":
            found = entities_page(self.context, values)
        elif name == "people":
            found = people_page(self.context, values).answer
        elif name == "emerging":
            found = emerging_page(self.context, values)
        elif name == "compare":
            found = compare_page(self.context, values, required=True).answer
        elif name == "diffusion":
            found = compare_page(self.context, values, required=True).diffusion
        elif name == "health":
            found = health_page(self.context, values).health
        elif name == "runs":
            found = health_page(self.context, values).runs
        elif name == "stats":
            params.known(values, ())
            found = stats_page(self.context)
        else:
            raise HTTPException(404, f"no answer {name!r}")
        if found is None:
            raise BadRequest("term: give a word, e.g. term=新质生产力")
        return found

    def health_page(self, request: Request) -> Response:
        answer = health_page(self.context, request.query_params)
        return self.render("health.html", active="/health", answer=answer)

    def _article(self, request: Request) -> Any:
        params.known(request.query_params, ())
        article_id = str(request.path_params["article_id"])
        article = article_answer(self.context, article_id)
        if article is None:
            raise HTTPException(404, f"no article with id {article_id!r}")
        return article

    def _trend_chart(self, page: TrendPage) -> str:
        answer = page.answer
        assert answer is not None
        share = page.measure == "share"
        lines = [
            charts.Line(
                term,
                tuple(
                    (point.share or 0.0) if share else float(answer.count(point))
                    for row in answer.rows
                    for point in row.points
                    if point.term == term
                ),
            )
            for term in answer.request.terms
        ]
        unit = UNIT_LABELS[answer.request.unit]
        title = f"按{BY_LABELS[answer.request.by]}：" + "、".join(answer.request.terms)
        return charts.line_chart(
            [row.period for row in answer.rows],
            lines,
            [row.partial is not None for row in answer.rows],
            title=title + (f"（占当期{unit}的比例）" if share else f"（{unit}数）"),
            percent=share,
        )

    # --- the JSON API ----------------------------------------------------------------------

    def api_search(self, request: Request) -> Response:
        page = search_page(self.context, request.query_params, MAX_LIMIT, True)
        assert page.answer is not None
        return json_response(page.answer.to_json())

    def api_trend(self, request: Request) -> Response:
        answer = trend_page(self.context, request.query_params, required=True).answer
        assert answer is not None
        return json_response(answer.to_json())

    def api_article(self, request: Request) -> Response:
        return json_response(article_json(self._article(request)))

    def api_people(self, request: Request) -> Response:
        return json_response(people_page(self.context, request.query_params).answer.to_json())

    def api_emerging(self, request: Request) -> Response:
        return json_response(emerging_page(self.context, request.query_params).to_json())

    def api_health(self, request: Request) -> Response:
        return json_response(health_page(self.context, request.query_params).health.to_json())

    def api_runs(self, request: Request) -> Response:
        return json_response(health_page(self.context, request.query_params).runs.to_json())

    def api_stats(self, request: Request) -> Response:
        params.known(request.query_params, ())
        return json_response(stats_page(self.context).to_json())

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
            error = {"error": message, "error_zh": zh(message), "status": status_code}
            return json_response(error, status_code, headers)
        response = self.render(
            "error.html",
            status_code,
            active="",
            status=status_code,
            message=zh(message),
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
        Route("/compare", web.compare_page),
        Route("/people", web.people_page),
        Route("/emerging", web.emerging_page),
        Route("/health", web.health_page),
        Route("/kwic", web.kwic_page),
        Route("/collocates", web.collocates_page),
        Route("/entities", web.entities_page),
        *(Route(f"/{name}.csv", web.answer_csv) for name in CSV_ANSWERS),
        *(
            Route(f"/api/{name}", web.answer_json)
            for name in ("kwic", "collocates", "entities", "compare", "diffusion")
        ),
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
