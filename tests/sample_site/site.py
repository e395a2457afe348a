"""The sample site: zgjssw's 市县传真 > 扬州 column as pages, with each article's ground truth.

    /robots.txt                                                  Disallow: /private/
    /shixianchuanzhen/yangzhou/            (= index.shtml)
    /shixianchuanzhen/yangzhou/index.shtml, index_1.shtml, ...    newest first, `page_size` each
    /shixianchuanzhen/yangzhou/202010/t20201022_6842645.shtml    an article (URL date = its date)
    anything else                                                404

`build_site()` serves the seed and the handwritten articles; `build_site(generate_articles(n))`
serves any number. Pages are rendered on first use and cached, so 100,000 articles fit in memory.
Each `SampleArticle` is the parse result a correct parser must return for its page.

`build_site(specs, layout=RandomLayouts(seed))` serves every article in a random layout instead
(random_layout.py). `site.set_template(paths, "script_body")` swaps those articles' pages for a
broken layout (broken.py) and `site.set_template(paths, None)` restores them: a site changing its
layout and its repair, while the articles' truth stays the same.
"""

from __future__ import annotations

import html
import re
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from typing import Protocol

from parsers.models import Article
from tests.sample_site.articles import HANDWRITTEN
from tests.sample_site.broken import BROKEN_TEMPLATES
from tests.sample_site.seed_article import SEED
from tests.sample_site.specs import (
    COLUMN_NAME,
    COLUMN_PATH,
    CORRESPONDENT_ROLES,
    ArticleSpec,
)
from tests.sample_site.templates import (
    COPYRIGHT,
    ICP,
    OTHER_HEADLINES,
    PHOTO_CREDIT,
    SITE_NAME,
    TEMPLATES,
    Template,
    header_nav,
    pick_template,
    render_page,
)

__all__ = [
    "COLUMN_NAME",
    "COLUMN_PATH",
    "ArticleSpec",
    "Layout",
    "Page",
    "SampleArticle",
    "SampleSite",
    "build_site",
    "default_specs",
    "expected_article",
]

ROBOTS_PATH = "/robots.txt"
PRIVATE_PATH = "/private/index.shtml"
ROBOTS_TXT = "User-agent: *\nDisallow: /private/\nAllow: /\n"
VIDEO_HOST = "http://v.jschina.com.cn"
NOT_FOUND_BODY = (
    b'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>404 Not Found</title></head>\n'
    b"<body><h1>404 Not Found</h1><p>The requested page does not exist.</p></body></html>\n"
)
NOT_FOUND_TYPE = "text/html; charset=utf-8"
LIST_CONTENT_TYPE = "text/html; charset=utf-8"
# Rendered pages kept in memory; the rest are rendered again when asked for.
PAGE_CACHE_SIZE = 4096
LIST_LOCATION = (
    '<div class="location">当前位置：<a href="/">首页</a> &gt; '
    '<a href="/shixianchuanzhen/">市县传真</a> &gt; <a href="./">扬州</a></div>'
)
WHITESPACE_RUN = re.compile(r"\s{2,}|[^\S ]")
# The dashes that open a printed subtitle (——, —, --, a full-width －－ after NFKC), and spaces.
SUBTITLE_DASHES = re.compile(r"^[\s—―–\-~～]+")


@dataclass(frozen=True)
class SampleArticle:
    """The expected parse of one article page (NFKC-normalised strings, naive Beijing time)."""

    id: str
    path: str
    title: str
    published_at: datetime
    source: str | None
    dateline: str | None
    reporters: tuple[str, ...]
    correspondents: tuple[str, ...]
    editors: tuple[str, ...]
    author: str | None
    paragraphs: tuple[str, ...]
    template: str
    encoding: str
    kicker: str | None = None
    subtitle: str | None = None

    @property
    def url_path(self) -> str:
        return self.path

    @property
    def body(self) -> str:
        """Paragraphs joined by newlines, as the warehouse stores them."""
        return "\n".join(self.paragraphs)

    def as_article(self, host: str = "https://www.zgjssw.gov.cn") -> Article:
        """The Article the parser must return for this page (for tests that skip parsing)."""
        return Article(
            url=host + self.path,
            site="zgjssw",
            title=self.title,
            published_at=self.published_at,
            paragraphs=self.paragraphs,
            source=self.source,
            dateline=self.dateline,
            reporters=self.reporters,
            correspondents=self.correspondents,
            editors=self.editors,
            author=self.author,
            column=COLUMN_NAME,
            kicker=self.kicker,
            subtitle=self.subtitle,
        )


@dataclass
class Page:
    """One servable resource: its bytes and the Content-Type header sent with them."""

    body: bytes
    content_type: str


class Capabilities(Protocol):
    """What a layout can print: a spec needing more cannot be rendered truthfully."""

    @property
    def name(self) -> str: ...
    @property
    def shows_seconds(self) -> bool: ...
    @property
    def shows_author(self) -> bool: ...
    @property
    def shows_kicker(self) -> bool: ...
    @property
    def shows_subtitle(self) -> bool: ...


class Layout(Capabilities, Protocol):
    """Renders every article of a site instead of its template (random_layout.RandomLayouts)."""

    def truth(self, spec: ArticleSpec) -> SampleArticle:
        """The expected parse of the spec's page in this layout."""
        ...

    def page(self, spec: ArticleSpec) -> Page:
        """The spec's page in this layout."""
        ...


class PageStore(MutableMapping[str, Page]):
    """Path -> Page, rendered on first access and kept in a bounded cache (thread-safe).

    Behaves like a dict: `del pages[path]` makes a path 404, `pages[path] = Page(...)` replaces
    a page (both are how tests simulate broken or changed pages).
    """

    def __init__(self, cache_size: int = PAGE_CACHE_SIZE) -> None:
        self._sources: dict[str, Callable[[], Page]] = {}
        self._cache: OrderedDict[str, Page] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()

    def add(self, path: str, source: Callable[[], Page]) -> None:
        """Register how to render `path`."""
        with self._lock:
            self._sources[path] = source
            self._cache.pop(path, None)

    def __getitem__(self, path: str) -> Page:
        with self._lock:
            page = self._cache.get(path)
            if page is not None:
                self._cache.move_to_end(path)
                return page
            source = self._sources[path]
        page = source()
        with self._lock:
            if path in self._sources:
                self._cache[path] = page
                if len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
        return page

    def __setitem__(self, path: str, page: Page) -> None:
        self.add(path, lambda: page)

    def __delitem__(self, path: str) -> None:
        with self._lock:
            del self._sources[path]
            self._cache.pop(path, None)

    def __contains__(self, path: object) -> bool:
        return path in self._sources

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._sources))

    def __len__(self) -> int:
        return len(self._sources)


@dataclass
class SampleSite:
    """Articles (newest first, with their truth) and every page the server serves."""

    articles: list[SampleArticle]
    pages: PageStore
    page_size: int
    specs: list[ArticleSpec] = field(repr=False)
    layout: Layout | None = field(default=None, repr=False)
    # The other columns' articles by corpus (peers.py adds them); `articles` stays Yangzhou's.
    corpora: dict[str, list[SampleArticle]] = field(default_factory=dict, repr=False)

    def set_template(self, paths: Iterable[str], template: str | None) -> None:
        """Serve these articles in another template (a layout change); None: their own again.

        `template` names a template of TEMPLATES or of broken.BROKEN_TEMPLATES. The articles'
        truth is left as it is: the article is the same, only its page changed.
        """
        specs = {spec.path: spec for spec in self.specs}
        for path in paths:
            spec = specs[path]
            if template is not None:
                self.pages.add(path, _article_source(spec, template))
            elif self.layout is not None:
                self.pages.add(path, _layout_source(spec, self.layout))
            else:
                self.pages.add(path, _article_source(spec, template_of(spec)))

    def list_paths(self) -> list[str]:
        """URL paths of the list pages in order: .../index.shtml, .../index_1.shtml, ..."""
        return [list_path(k) for k in range(list_page_count(len(self.articles), self.page_size))]

    def article(self, path: str) -> SampleArticle:
        """The truth for an article path (KeyError if the site has no such article)."""
        return self.by_path[path]

    @cached_property
    def by_path(self) -> dict[str, SampleArticle]:
        """Path -> truth (computed once: build another site rather than editing `articles`)."""
        return {article.path: article for article in self.articles}

    @property
    def templates(self) -> dict[str, list[SampleArticle]]:
        """Articles per template name."""
        found: dict[str, list[SampleArticle]] = {}
        for article in self.articles:
            found.setdefault(article.template, []).append(article)
        return found


def nfkc(text: str) -> str:
    """What the parser compares: NFKC, surrounding whitespace trimmed."""
    return unicodedata.normalize("NFKC", text).strip()


def subtitle_text(printed: str) -> str:
    """`——沿线文化遗产保护利用水平全面提升` -> `沿线文化遗产保护利用水平全面提升`."""
    return SUBTITLE_DASHES.sub("", nfkc(printed)).strip()


def canonical_name(name: str) -> str:
    """`汪 滢` -> `汪滢`: a name printed with a space inside is one name."""
    return "".join(nfkc(name).split())


def template_of(spec: ArticleSpec) -> str:
    """The template a spec is rendered in: its own choice, else the era rule."""
    return spec.template or pick_template(spec.published_at, spec.id)


def _append_unique(target: list[str], names: Sequence[str]) -> None:
    target.extend(name for name in names if name not in target)


def expected_article(
    spec: ArticleSpec, templates: Mapping[str, Template] = TEMPLATES
) -> SampleArticle:
    """The parse result a correct parser returns for the spec's page (rendered by `templates`)."""
    reporters: list[str] = []
    correspondents: list[str] = []
    for credit in spec.lead.credits:
        target = correspondents if credit.is_correspondent else reporters
        _append_unique(target, [canonical_name(name) for name in credit.names])
    for paragraph in spec.paragraphs:
        for match in PHOTO_CREDIT.finditer(paragraph):
            names = [canonical_name(n) for n in re.split("[ 　]+", match.group("names"))]
            target = correspondents if match.group("role") in CORRESPONDENT_ROLES else reporters
            _append_unique(target, names)
    dateline = spec.lead.dateline
    template = template_of(spec)
    return SampleArticle(
        id=spec.id,
        path=spec.path,
        title=nfkc(spec.title),
        published_at=spec.published_at,
        source=nfkc(spec.source) if spec.source else None,
        dateline="".join(nfkc(dateline).split()) if dateline else None,
        reporters=tuple(reporters),
        correspondents=tuple(correspondents),
        editors=tuple(canonical_name(name) for name in spec.footer.editors),
        author=nfkc(spec.footer.author) if spec.footer.author else None,
        paragraphs=tuple(nfkc(p) for p in spec.paragraphs),
        template=template,
        encoding=templates[template].codec,
        kicker=nfkc(spec.kicker) if spec.kicker else None,
        subtitle=subtitle_text(spec.subtitle) if spec.subtitle else None,
    )


def validate(spec: ArticleSpec, truth: SampleArticle, template: Capabilities | None = None) -> None:
    """Refuse specs whose page could not carry their truth unambiguously."""
    template = template or TEMPLATES[truth.template]
    if not re.fullmatch(r"\d{7}", spec.id):
        raise ValueError(f"{spec.path}: ids are 7 digits")
    if spec.published_at.microsecond or (not template.shows_seconds and spec.published_at.second):
        raise ValueError(f"{spec.path}: {template.name} cannot show {spec.published_at}")
    if not spec.paragraphs or not spec.footer.editors:
        raise ValueError(f"{spec.path}: an article needs a body and an editor")
    if spec.kicker and not template.shows_kicker:
        raise ValueError(f"{spec.path}: {template.name} prints no kicker")
    if spec.subtitle and not template.shows_subtitle:
        raise ValueError(f"{spec.path}: {template.name} prints no subtitle")
    if spec.subtitle and not SUBTITLE_DASHES.match(spec.subtitle):
        raise ValueError(f"{spec.path}: a subtitle opens with its dashes (——)")
    if spec.footer.author and not template.shows_author:
        raise ValueError(f"{spec.path}: {template.name} prints no 作者")
    # The parser collapses whitespace runs; the truth must not depend on that.
    for text in (truth.title, *truth.paragraphs, truth.kicker or "", truth.subtitle or ""):
        if WHITESPACE_RUN.search(text):
            raise ValueError(f"{spec.path}: whitespace run in {text[:30]!r}")
    if truth.title in OTHER_HEADLINES:
        raise ValueError(f"{spec.path}: title clashes with a sidebar headline")


def list_path(index: int, column_path: str = COLUMN_PATH) -> str:
    """URL path of list page `index` (0 is index.shtml) of a column (default: 扬州)."""
    return f"{column_path}index.shtml" if index == 0 else f"{column_path}index_{index}.shtml"


def list_page_count(articles: int, page_size: int) -> int:
    """Number of list pages (one, possibly empty, even for an empty column)."""
    return max(1, -(-articles // page_size))


def _video_item(after: ArticleSpec, page: int) -> str:
    """A list entry linking to the video site: absolute href, must be skipped by crawlers."""
    when = after.published_at - timedelta(minutes=7)
    vid = int(after.id) + 5 + page
    title = (
        f"【视频】{after.column_name}：{OTHER_HEADLINES[page % len(OTHER_HEADLINES)][:6]}的扬州答卷"
    )
    href = f"{VIDEO_HOST}/shipin/{when:%Y%m}/t{when:%Y%m%d}_{vid}.shtml"
    return (
        f'        <li><a href="{href}" target="_blank">{html.escape(title)}</a>'
        f"<span>{when:%Y-%m-%d  %H:%M}</span></li>"
    )


def render_list_page(
    specs: Sequence[ArticleSpec],
    index: int,
    pages: int,
    column_path: str = COLUMN_PATH,
    column_name: str = COLUMN_NAME,
) -> Page:
    """One list page of a column (default: 扬州): chrome, div.newslist > ul > li, page
    navigation."""
    items: list[str] = []
    for position, spec in enumerate(specs):
        items.append(
            f'        <li><a href="./{spec.published_at:%Y%m}/t{spec.published_at:%Y%m%d}_'
            f'{spec.id}.shtml" target="_blank" title="{html.escape(spec.title)}">'
            f"{html.escape(spec.title, quote=False)}</a>"
            f"<span>{spec.published_at:%Y-%m-%d  %H:%M}</span></li>"
        )
        # Every third list page carries a video entry.
        if index % 3 == 0 and position == 2:
            items.append(_video_item(spec, index))
    previous = (
        f'<a href="{list_path(index - 1, column_path).rsplit("/", 1)[1]}">上一页</a>'
        if index > 0
        else "上一页"
    )
    following = (
        f'<a href="{list_path(index + 1, column_path).rsplit("/", 1)[1]}">下一页</a>'
        if index + 1 < pages
        else "下一页"
    )
    hot = "\n".join(
        f'        <li><a href="/yaowen/">{html.escape(title, quote=False)}</a></li>'
        for title in OTHER_HEADLINES[index % 5 : index % 5 + 5]
    )
    text = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{column_name}_市县传真_{SITE_NAME}</title>
<meta name="ColumnName" content="{column_name}">
<link rel="stylesheet" href="/css/list.css">
</head>
<body>
<div class="header"><a class="logo" href="/">{SITE_NAME}</a></div>
{header_nav()}
{LIST_LOCATION.replace(">扬州<", f">{column_name}<")}
<div class="wrap">
  <div class="left">
    <div class="newslist">
      <ul>
{chr(10).join(items)}
      </ul>
    </div>
    <div class="page">
      <script type="text/javascript">createPageHTML({pages}, {index}, "index", "shtml");</script>
      {previous} {following} 共{pages}页 当前第{index + 1}页
    </div>
  </div>
  <div class="right">
    <div class="hot"><h3>热点新闻</h3>
      <ul>
{hot}
      </ul>
    </div>
  </div>
</div>
<div class="footer"><p>{COPYRIGHT}</p><p>{ICP}</p></div>
</body>
</html>
"""
    return Page(text.encode("utf-8"), LIST_CONTENT_TYPE)


def _article_source(spec: ArticleSpec, template: str) -> Callable[[], Page]:
    if template in BROKEN_TEMPLATES:
        broken = BROKEN_TEMPLATES[template]
        return lambda: Page(broken.render(spec).encode(broken.codec), broken.content_type)
    content_type = TEMPLATES[template].content_type
    return lambda: Page(render_page(spec, template), content_type)


def _layout_source(spec: ArticleSpec, layout: Layout) -> Callable[[], Page]:
    return lambda: layout.page(spec)


def _list_source(
    specs: Sequence[ArticleSpec],
    index: int,
    pages: int,
    column_path: str = COLUMN_PATH,
    column_name: str = COLUMN_NAME,
) -> Callable[[], Page]:
    return lambda: render_list_page(specs, index, pages, column_path, column_name)


def build_site(
    articles: Sequence[ArticleSpec] | None = None,
    page_size: int = 10,
    layout: Layout | None = None,
) -> SampleSite:
    """The sample site for these specs (default: the seed and the handwritten articles).

    With a `layout`, every article is rendered by it instead of by its template.
    """
    if page_size < 1:
        raise ValueError("page_size must be at least 1")
    specs = newest_first(default_specs() if articles is None else articles)
    store = PageStore()
    truths = add_column(store, specs, page_size, layout)
    store[ROBOTS_PATH] = Page(ROBOTS_TXT.encode("ascii"), "text/plain")
    # Disallowed by robots.txt and linked from nowhere: a polite crawler never asks for it.
    store[PRIVATE_PATH] = Page(
        "<html><body><p>内部页面</p></body></html>".encode(), LIST_CONTENT_TYPE
    )
    return SampleSite(articles=truths, pages=store, page_size=page_size, specs=specs, layout=layout)


def newest_first(specs: Iterable[ArticleSpec]) -> list[ArticleSpec]:
    """Specs in list order: newest first."""
    return sorted(specs, key=lambda s: (s.published_at, int(s.id)), reverse=True)


def add_column(
    store: PageStore,
    specs: Sequence[ArticleSpec],
    page_size: int,
    layout: Layout | None = None,
    column_path: str = COLUMN_PATH,
    column_name: str = COLUMN_NAME,
) -> list[SampleArticle]:
    """One column's article pages and list pages (newest-first `specs`, all of this column)
    into the store; their truth in list order."""
    truths: list[SampleArticle] = []
    for spec in specs:
        if spec.path in store:
            raise ValueError(f"duplicate article path {spec.path}")
        if not spec.path.startswith(column_path):
            raise ValueError(f"{spec.path} is not in the column {column_path}")
        if layout is None:
            truth = expected_article(spec)
            validate(spec, truth)
            store.add(spec.path, _article_source(spec, truth.template))
        else:
            truth = layout.truth(spec)
            validate(spec, truth, layout)
            store.add(spec.path, _layout_source(spec, layout))
        truths.append(truth)
    pages = list_page_count(len(specs), page_size)
    for index in range(pages):
        chunk = specs[index * page_size : (index + 1) * page_size]
        store.add(
            list_path(index, column_path),
            _list_source(chunk, index, pages, column_path, column_name),
        )
    # The column root serves the first list page, as the real server does.
    store.add(column_path, _list_source(specs[:page_size], 0, pages, column_path, column_name))
    return truths


def default_specs() -> list[ArticleSpec]:
    """The seed article and the handwritten articles, oldest first."""
    return sorted([SEED, *HANDWRITTEN], key=lambda s: (s.published_at, int(s.id)))
