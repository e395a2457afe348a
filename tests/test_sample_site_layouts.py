"""Issue 12's test material itself: the TRS variants, random layouts, broken and foreign pages.

These tests check the pages and their truth, not the parser (tests/parsers/test_layout_variants.py,
test_random_layouts.py and test_foreign_shapes.py do that): every trap a page is said to carry is
on the page, every truth string is on the page, and rendering is deterministic.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from parsers.dates import find_datetimes
from parsers.encoding import decode_html
from parsers.site import EARLIEST_PUBLICATION
from tests.sample_site.broken import BROKEN_TEMPLATES, HOT_TOPICS
from tests.sample_site.fixtures import FIXTURE_TITLES, fixture_articles
from tests.sample_site.foreign import (
    BY_SCRIPT,
    FOREIGN_SHAPES,
    ForeignShape,
    Read,
    Refused,
    page_bytes,
    save_foreign_pages,
)
from tests.sample_site.generator import generate_articles
from tests.sample_site.random_layout import (
    RandomLayouts,
    random_layout_corpus,
    render_random_layout,
)
from tests.sample_site.site import (
    SampleArticle,
    SampleSite,
    build_site,
    default_specs,
    expected_article,
    subtitle_text,
    template_of,
    validate,
)
from tests.sample_site.specs import ArticleSpec
from tests.sample_site.templates import (
    OTHER_HEADLINES,
    TEMPLATES,
    VARIANT_TEMPLATES,
    mismatched_pub_dates,
    render_page,
)

DATE = re.compile(r"(?:19|20)\d{2}(?:[-/.]\d{1,2}[-/.]\d{1,2}|\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)")
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
# Words a CMS class name would give away; random layouts must use none of them.
TELLING_NAMES = re.compile(
    r"content|article|title|text|body|main|info|date|time|source|editor|share|nav|footer|header|"
    r"side|news|list|detail|trs|zoom",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def site() -> SampleSite:
    return build_site()


@pytest.fixture(scope="module")
def generated() -> SampleSite:
    return build_site(generate_articles(600))


def visible_text(html: str) -> str:
    """The page's text as a reader sees it: no scripts or styles, NFKC, whitespace runs as one."""
    soup = BeautifulSoup(html, "lxml")
    for tag in soup(["script", "style", "head"]):
        tag.decompose()
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", soup.get_text("")))


def page_html(site: SampleSite, article: SampleArticle) -> str:
    page = site.pages[article.path]
    return decode_html(page.body, page.content_type)[0]


def assert_truth_on_page(truth: SampleArticle, html: str) -> None:
    """Every truth string can be read off the page's visible text."""
    text = visible_text(html)
    squeezed = text.replace(" ", "")
    where = f"{truth.template} {truth.path}"
    assert truth.title in text, where
    for paragraph in truth.paragraphs:
        assert paragraph in text, (where, paragraph)
    for value in (truth.kicker, truth.subtitle, truth.source, truth.author):
        if value:
            assert value in text, (where, value)
    for name in (*truth.editors, *truth.reporters, *truth.correspondents):
        assert name in squeezed, (where, name)
    if truth.dateline:
        assert truth.dateline in squeezed, where


# --- the TRS-style variants ----------------------------------------------------------------------


def test_every_variant_is_in_the_default_site_and_the_generator(
    site: SampleSite, generated: SampleSite
) -> None:
    assert set(VARIANT_TEMPLATES) <= set(TEMPLATES)
    assert set(VARIANT_TEMPLATES) <= set(site.templates)
    assert set(VARIANT_TEMPLATES) <= set(generated.templates)
    pinned = Counter(spec.template for spec in default_specs() if spec.template)
    assert all(pinned[name] >= 1 for name in VARIANT_TEMPLATES), pinned
    # Picked for some articles too, by the stable roll.
    rolled = {template_of(s) for s in default_specs() if not s.template}
    assert len(rolled & set(VARIANT_TEMPLATES)) >= 3
    assert not set(BROKEN_TEMPLATES) & set(site.templates)


@pytest.mark.parametrize("name", VARIANT_TEMPLATES)
def test_variant_pages_are_deterministic_and_carry_their_truth(
    name: str, site: SampleSite, generated: SampleSite
) -> None:
    articles = [*site.templates[name], *generated.templates[name]]
    assert len(articles) >= 5
    specs = {s.path: s for s in [*site.specs, *generated.specs]}
    for truth in articles:
        spec = specs[truth.path]
        assert render_page(spec, name) == render_page(spec, name)
        assert_truth_on_page(truth, page_html(site if truth in site.articles else generated, truth))


def variant_pages(site: SampleSite, name: str) -> list[tuple[ArticleSpec, SampleArticle, str]]:
    specs = {s.path: s for s in site.specs}
    return [(specs[a.path], a, page_html(site, a)) for a in site.templates[name]]


def test_publish_line_puts_date_source_and_counter_on_one_line(generated: SampleSite) -> None:
    forms: Counter[str] = Counter()
    for _, truth, html in variant_pages(generated, "publish_line"):
        info = BeautifulSoup(html, "lxml").select_one("div.gov-info")
        assert info is not None
        line = unicodedata.normalize("NFKC", info.get_text())
        assert line.startswith(f"发布时间:{truth.published_at:%Y-%m-%d %H:%M:%S}")
        assert "浏览次数:" in line and ("来源:" in line) == bool(truth.source)
        forms["empty counter" if line.rstrip().endswith("浏览次数:") else "number"] += 1
        forms["glued spans" if "<span>发布时间" in html else "gaps"] += 1
        assert '<meta name="PubDate"' in html and '<meta name="ArticleTitle"' in html
    assert set(forms) == {"empty counter", "number", "glued spans", "gaps"}, forms


def test_kicker_and_subtitle_surround_the_title(site: SampleSite) -> None:
    seen: Counter[str] = Counter()
    for _, truth, html in variant_pages(site, "kicker_subtitle"):
        soup = BeautifulSoup(html, "lxml")
        # <title> and ArticleTitle carry the main title only.
        assert soup.title is not None
        assert (
            unicodedata.normalize("NFKC", soup.title.get_text())
            == f"{truth.title}_中共江苏省委新闻网"
        )
        meta = soup.find("meta", attrs={"name": "ArticleTitle"})
        assert meta is not None
        assert unicodedata.normalize("NFKC", str(meta["content"])) == truth.title
        text = visible_text(html)
        title_at = text.index(truth.title)
        if truth.kicker:
            assert text.index(truth.kicker) < title_at
            seen["kicker"] += 1
        if truth.subtitle:
            assert (
                title_at < text.index(truth.subtitle) < text.index(f"{truth.published_at:%Y-%m-%d}")
            )
            seen["subtitle"] += 1
        if not truth.kicker and not truth.subtitle:
            seen["neither"] += 1
    assert seen["kicker"] >= 2 and seen["subtitle"] >= 2 and seen["neither"] >= 2, seen
    by_title = {a.title: a for a in site.articles}
    both = by_title["扬州经开区前三季度工业开票销售增长一成半"]
    assert both.kicker == "聚焦“二次创业” 建设园区主阵地"
    assert both.subtitle == "全市开发园区高质量发展观察之一"
    assert by_title["大运河畔的“绿色答卷”"].subtitle == "广陵区推进运河沿线生态修复纪实"


def test_editor_stands_alone_after_the_tools(site: SampleSite) -> None:
    where: Counter[str] = Counter()
    for _, truth, html in variant_pages(site, "editor_after_tools"):
        text = visible_text(html)
        tools = text.index("【打印本页】【关闭窗口】")
        editor = text.index("编辑:" + " ".join(truth.editors))
        assert text.index(truth.paragraphs[-1]) < tools < editor
        assert "作者" not in text and truth.author is None
        container = BeautifulSoup(html, "lxml").select_one("#zoom")
        assert container is not None
        where["inside" if "编辑:" in visible_text(str(container)) else "after"] += 1
    assert set(where) == {"inside", "after"}, where


def test_table_cells_print_minutes_and_cells_of_their_own(site: SampleSite) -> None:
    labels: set[str] = set()
    for _, truth, html in variant_pages(site, "table_cells"):
        assert truth.published_at.second == 0 and not TEMPLATES["table_cells"].shows_seconds
        soup = BeautifulSoup(html, "lxml")
        cells = [unicodedata.normalize("NFKC", td.get_text()) for td in soup.find_all("td")]
        assert any(
            c.startswith(("责任编辑:", "编辑:")) and c.endswith(" ".join(truth.editors))
            for c in cells
        )
        assert (f"来源:{truth.source}" in cells) == bool(truth.source)
        assert not re.search(rf"{truth.published_at:%H:%M}:\d\d", visible_text(html))
        labels.update(c.split(":")[0] for c in cells if c.startswith(("责任编辑:", "编辑:")))
    assert labels == {"责任编辑", "编辑"}


def test_inline_chrome_sits_in_the_paragraphs_own_div(site: SampleSite) -> None:
    orders: Counter[str] = Counter()
    for _, truth, html in variant_pages(site, "inline_chrome"):
        container = BeautifulSoup(html, "lxml").select_one("div.xw-nr")
        assert container is not None
        text = visible_text(str(container))
        assert truth.paragraphs[0] in text
        for marker in ("分享到:", "上一篇:", "下一篇:", "相关新闻"):
            assert marker in text, marker
        # The related list carries the article's own date: the trap.
        assert f"{truth.published_at:%Y-%m-%d}" in text
        footer = re.search("(?:编辑|责编):", text)
        assert footer is not None
        footer_at = footer.start()
        orders["footer first" if footer_at < text.index("相关新闻") else "footer last"] += 1
    assert set(orders) == {"footer first", "footer last"}, orders


def test_pubdate_meta_disagrees_with_the_printed_date(
    site: SampleSite, generated: SampleSite
) -> None:
    kinds: Counter[str] = Counter()
    for source in (site, generated):
        for spec, truth, html in variant_pages(source, "pubdate_mismatch"):
            meta, other = mismatched_pub_dates(spec)
            assert meta != truth.published_at.replace(second=0)
            assert f'<meta name="PubDate" content="{meta:%Y-%m-%d %H:%M}">' in html
            if other:
                assert f'name="publishdate" content="{other:%Y-%m-%d %H:%M:%S}"' in html
            assert f"{truth.published_at:%Y-%m-%d %H:%M:%S}" in visible_text(html)
            kinds[
                "another day" if meta.date() != truth.published_at.date() else "another time"
            ] += 1
    assert set(kinds) == {"another day", "another time"}, kinds


# --- kicker and subtitle in the truth and the generator ------------------------------------------


@pytest.mark.parametrize(
    ("printed", "truth"),
    [
        ("——沿线文化遗产保护利用水平全面提升", "沿线文化遗产保护利用水平全面提升"),
        ("—— 广陵区推进运河沿线生态修复纪实", "广陵区推进运河沿线生态修复纪实"),
        ("—来自高邮的调查", "来自高邮的调查"),
        ("--记宝应干部群众", "记宝应干部群众"),
        ("－－全市一季度综述", "全市一季度综述"),
    ],
)
def test_subtitle_truth_drops_its_dashes(printed: str, truth: str) -> None:
    assert subtitle_text(printed) == truth


def test_a_layout_that_cannot_print_a_field_refuses_the_spec() -> None:
    spec = next(s for s in default_specs() if s.template == "kicker_subtitle" and s.kicker)
    plain = replace(spec, kicker=None, subtitle=None)
    for bad, reason in (
        (replace(spec, template="trs2019"), "prints no kicker"),
        (replace(plain, subtitle="——副题", template="modern2024"), "prints no subtitle"),
        (replace(plain, subtitle="全市开发园区高质量发展观察"), "opens with its dashes"),
        (
            replace(
                plain, template="editor_after_tools", footer=replace(spec.footer, author="俊杰")
            ),
            "prints no 作者",
        ),
        (
            replace(
                plain, template="table_cells", published_at=spec.published_at.replace(second=5)
            ),
            "cannot show",
        ),
    ):
        with pytest.raises(ValueError, match=reason):
            validate(bad, expected_article(bad))


def test_generator_gives_kickers_and_subtitles_to_the_kicker_template_only() -> None:
    specs = generate_articles(3000)
    site = build_site(specs)
    with_headlines = [a for a in site.articles if a.kicker or a.subtitle]
    assert {a.template for a in with_headlines} == {"kicker_subtitle"}
    own = site.templates["kicker_subtitle"]
    kickers = sum(1 for a in own if a.kicker) / len(own)
    subtitles = sum(1 for a in own if a.subtitle) / len(own)
    assert 0.05 < kickers < 0.3 and 0.05 < subtitles < 0.3, (kickers, subtitles)


# --- random layouts ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus() -> list[tuple[SampleArticle, bytes, str]]:
    return random_layout_corpus(120, seed=5)


def test_random_layouts_are_deterministic_and_truthful(
    corpus: list[tuple[SampleArticle, bytes, str]],
) -> None:
    assert corpus == random_layout_corpus(120, seed=5)
    assert corpus != random_layout_corpus(120, seed=6)
    specs = generate_articles(120, seed=5)
    for spec, (truth, body, content_type) in zip(specs, corpus, strict=True):
        assert truth == replace(
            expected_article(spec), template="random_layout", encoding=truth.encoding
        )
        assert render_random_layout(spec, 5) == (body, content_type)
        html, encoding = decode_html(body, content_type)
        assert encoding == truth.encoding
        assert_truth_on_page(truth, html)
        # A truth with seconds is printed with them.
        if truth.published_at.second:
            assert f"{truth.published_at:%H:%M:%S}" in html


def test_random_layouts_vary_names_orders_headers_and_encodings(
    corpus: list[tuple[SampleArticle, bytes, str]],
) -> None:
    class_sets: list[set[str]] = []
    seen: Counter[str] = Counter()
    for truth, body, content_type in corpus:
        html, _ = decode_html(body, content_type)
        soup = BeautifulSoup(html, "lxml")
        names = {c for tag in soup.find_all(class_=True) for c in tag["class"]}
        names |= {str(tag["id"]) for tag in soup.find_all(id=True)}
        assert not any(TELLING_NAMES.search(name) for name in names), names
        class_sets.append(names)
        text = visible_text(html)
        article_at = text.index(truth.paragraphs[0])
        sidebar_at = [text.index(h) for h in OTHER_HEADLINES if h in text]
        seen["sidebar before"] += any(at < article_at for at in sidebar_at)
        seen["sidebar after"] += any(at > article_at for at in sidebar_at)
        seen["h1"] += soup.find("h1") is not None
        seen["年月日"] += f"{truth.published_at:%Y年%m月%d日}" in text
        seen["no seconds"] += f"{truth.published_at:%Y-%m-%d %H:%M} " in text + " "
        seen["labelled date"] += bool(re.search(r"(?:发布时间|时间|日期):\s*20", text))
        seen["稿源"] += "稿源:" in text
        seen["文章来源"] += "文章来源:" in text
        seen["counter"] += bool(re.search("浏览次数:|阅读:|点击:", text))
        seen["tools"] += "打印" in text
        seen["share"] += "分享到" in text
        seen["table wrapper"] += soup.find("table") is not None
        seen[f"encoding {truth.encoding}"] += 1
        seen["charset in header"] += "charset" in content_type
        seen["charset in meta"] += b"charset" in body[:600]
        seen["PubDate"] += b'name="PubDate"' in body
        seen["title joined ——"] += f"{truth.title}——".encode() in body
    assert min(seen.values()) >= 3, seen
    # No two pages share much of their class names.
    overlaps = [len(a & b) for a, b in itertools.pairwise(class_sets)]
    assert max(overlaps) <= 2, overlaps


def test_a_site_in_random_layouts_serves_those_pages() -> None:
    specs = generate_articles(30, seed=2)
    site = build_site(specs, layout=RandomLayouts(seed=2))
    assert {a.template for a in site.articles} == {"random_layout"}
    spec = site.specs[0]
    assert site.pages[spec.path].body == render_random_layout(spec, 2)[0]
    original = site.pages[spec.path].body
    site.set_template([spec.path], "script_body")
    assert site.pages[spec.path].body != original
    site.set_template([spec.path], None)
    assert site.pages[spec.path].body == original


# --- broken layouts ------------------------------------------------------------------------------


def test_set_template_swaps_pages_and_restores_them() -> None:
    site = build_site()
    paths = [a.path for a in site.articles[:5]]
    before = {p: site.pages[p].body for p in paths}
    truths = list(site.articles)
    site.set_template(paths, "script_body")
    for path in paths:
        assert site.pages[path].body != before[path]
        assert b'<div id="zoom"></div>' in site.pages[path].body
    site.set_template(paths[:2], "bare_fields")
    site.set_template(paths, None)
    assert {p: site.pages[p].body for p in paths} == before
    assert site.articles == truths
    with pytest.raises(KeyError):
        site.set_template(paths, "no_such_template")
    with pytest.raises(KeyError):
        site.set_template(["/no/such/article.shtml"], "script_body")


def test_script_body_has_a_header_an_empty_container_and_a_plain_sidebar() -> None:
    site = build_site()
    truth = site.articles[0]
    site.set_template([truth.path], "script_body")
    html = page_html(site, truth)
    soup = BeautifulSoup(html, "lxml")
    zoom = soup.select_one("#zoom")
    assert zoom is not None and zoom.get_text(strip=True) == "" and not zoom.contents
    assert "loadArticle(" in html
    text = visible_text(html)
    assert truth.title in text and f"{truth.published_at:%Y-%m-%d %H:%M:%S}" in text
    assert f"来源:{truth.source}" in text
    assert not any(p in text for p in truth.paragraphs) and "编辑:" not in text
    first = f"{HOT_TOPICS[0]}{truth.published_at:%Y-%m-%d}"
    assert f"<li>{first}</li>" in html  # plain text, not a link, with the article's own date


def test_bare_fields_keeps_the_body_and_drops_source_and_editor() -> None:
    site = build_site()
    truth = next(a for a in site.articles if a.source and a.editors)
    site.set_template([truth.path], "bare_fields")
    html = page_html(site, truth)
    text = visible_text(html)
    assert all(p in text for p in truth.paragraphs) and truth.title in text
    assert "来源" not in text and "编辑" not in text and "ContentSource" not in html
    assert site.article(truth.path) == truth  # the truth is the article's, unchanged


# --- foreign shapes ------------------------------------------------------------------------------


def test_foreign_shapes_are_many_and_mixed() -> None:
    names = [shape.name for shape in FOREIGN_SHAPES]
    assert len(names) == len(set(names)) >= 25
    outcomes = Counter(type(shape.expected).__name__ for shape in FOREIGN_SHAPES)
    assert abs(outcomes["Read"] - outcomes["Refused"]) <= 2, outcomes
    refused = Counter(s.expected.field for s in FOREIGN_SHAPES if isinstance(s.expected, Refused))
    assert set(refused) == {"body", "title", "published_at"}, refused


def text_lines(html: str) -> list[str]:
    """The page's visible text, one normalised line per text node."""
    soup = BeautifulSoup(html, "lxml")
    for tag in soup(["script", "style", "head"]):
        tag.decompose()
    lines = (
        unicodedata.normalize("NFKC", line).strip() for line in soup.get_text("\n").split("\n")
    )
    return [line for line in lines if line]


@pytest.mark.parametrize("shape", FOREIGN_SHAPES, ids=lambda s: s.name)
def test_foreign_shape_pages_hold_what_they_declare(shape: ForeignShape) -> None:
    page, content_type = shape.page()
    assert shape.page() == (page, content_type)
    # Imported as a file, the page must decode the same without any HTTP header.
    html = decode_html(page_bytes(shape), None)[0]
    assert html == (decode_html(page, content_type)[0] if isinstance(page, bytes) else page)
    text = visible_text(html)
    expected = shape.expected
    if isinstance(expected, Read):
        truth = SampleArticle(
            id="0",
            path=shape.import_url,
            template=shape.name,
            encoding="",
            **{k: getattr(expected, k) for k in expected.__dataclass_fields__},
        )
        assert_truth_on_page(truth, html)
        for paragraph in expected.paragraphs:
            assert not PRIVATE_USE.search(paragraph)
            assert paragraph == unicodedata.normalize("NFKC", paragraph).strip()
        day = expected.published_at
        assert f"{day:%Y-%m-%d}" in text or f"{day:%Y年%m月%d日}" in text
    elif expected.field == "title":
        # No headline anywhere a reader could see it: no <h1>, no ArticleTitle, a bare <title>
        # (a site's name, a label: each of its parts a few characters).
        soup = BeautifulSoup(html, "lxml")
        assert soup.find("h1") is None and soup.find("meta", attrs={"name": "ArticleTitle"}) is None
        assert soup.title is not None
        assert all(len(part) <= 6 for part in soup.title.get_text().split("_"))
        assert BY_SCRIPT.title not in text
    elif expected.field == "published_at":
        # Any date printed belongs to a list item, a hit or a sidebar (it sits in a link's item),
        # or is one no page can carry (a CMS's default 1900-01-01).
        soup = BeautifulSoup(html, "lxml")
        for tag in soup(["script", "style", "head"]):
            tag.decompose()
        for string in soup.find_all(string=DATE):
            days = [found.value.date() for found in find_datetimes(str(string))]
            if days and all(day < EARLIEST_PUBLICATION for day in days):
                continue
            assert string.find_parent(["li", "div"]) is not None
            holder = string.find_parent(["li", "div"])
            assert holder is not None and holder.find("a") is not None, string
    else:
        # No prose: no line sentence-long that ends a sentence.
        prose = [line for line in text_lines(html) if len(line) > 40 and line.endswith("。")]
        assert not prose, prose


def test_save_foreign_pages_writes_one_file_per_shape(tmp_path: Path) -> None:
    written = save_foreign_pages(tmp_path / "imports")
    assert [p.name for p in written] == [f"{s.name}.html" for s in FOREIGN_SHAPES]
    for path, shape in zip(written, FOREIGN_SHAPES, strict=True):
        assert path.read_bytes() == page_bytes(shape)


# --- golden material -----------------------------------------------------------------------------


def test_fixture_titles_name_an_article_of_each_template(site: SampleSite) -> None:
    assert set(FIXTURE_TITLES) == set(TEMPLATES)
    chosen = fixture_articles(site)
    for template, article in chosen.items():
        assert article.title == FIXTURE_TITLES[template], template
