"""`python -m tests.sample_site.measure`: how today's parser reads issue 12's test material.

    python -m tests.sample_site.measure [--pages 500] [--seed 12]

Prints three tables: per-field accuracy on random layouts (random_layout.py), per-template
results on the TRS variants (default site and generated articles), and the outcome of every
foreign shape (foreign.py). The numbers are a baseline to beat, not a test: the tests with
floors are tests/parsers/test_random_layouts.py, test_layout_variants.py, test_foreign_shapes.py.
"""

from __future__ import annotations

import argparse
from collections import Counter

from parsers.encoding import decode_html
from parsers.models import ParseError
from parsers.sites.zgjssw import ZGJSSW
from tests.sample_site.foreign import FOREIGN_SHAPES, ForeignShape, Read
from tests.sample_site.generator import generate_articles
from tests.sample_site.random_layout import random_layout_corpus
from tests.sample_site.scoring import Tally, score_pages, wrong_fields
from tests.sample_site.site import SampleSite, build_site
from tests.sample_site.templates import VARIANT_TEMPLATES

parse_article = ZGJSSW.parse_article

LOCAL_ROOT = "http://127.0.0.1:8000"


def random_layout_tally(pages: int, seed: int) -> Tally:
    """Parse `pages` random-layout pages and tally their fields."""
    decoded = []
    for truth, body, content_type in random_layout_corpus(pages, seed):
        html, _ = decode_html(body, content_type)
        decoded.append((truth.path, truth, html, LOCAL_ROOT + truth.path))
    return score_pages(decoded, parse_article)


def variant_tallies(sites: list[SampleSite]) -> dict[str, Tally]:
    """One tally per TRS variant template over the given sites' pages."""
    tallies: dict[str, Tally] = {}
    for name in VARIANT_TEMPLATES:
        pages = []
        for site in sites:
            for truth in site.templates.get(name, []):
                page = site.pages[truth.path]
                html, _ = decode_html(page.body, page.content_type)
                pages.append((truth.path, truth, html, LOCAL_ROOT + truth.path))
        tallies[name] = score_pages(pages, parse_article)
    return tallies


def foreign_outcome(shape: ForeignShape) -> str:
    """What the parser did with a foreign shape, against what it should have done."""
    page, content_type = shape.page()
    html = decode_html(page, content_type)[0] if isinstance(page, bytes) else page
    try:
        parsed = parse_article(html, shape.import_url)
    except ParseError as error:
        if isinstance(shape.expected, Read):
            return f"REFUSED ({error.field_name}) but readable"
        if error.field_name == shape.expected.field:
            return "refused right"
        return f"refused, but named {error.field_name}"
    if not isinstance(shape.expected, Read):
        return f"LOADED WRONG (title {getattr(parsed, 'title', '')[:16]!r})"
    wrong = wrong_fields(parsed, shape.expected)
    return f"LOADED WRONG ({', '.join(wrong)})" if wrong else "read right"


def main(argv: list[str] | None = None) -> None:
    """Print the three tables."""
    parser = argparse.ArgumentParser(prog="python -m tests.sample_site.measure")
    parser.add_argument("--pages", type=int, default=500, help="random-layout pages")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args(argv)

    print(f"== random layouts: {args.pages} generated articles, seed {args.seed}")
    print(random_layout_tally(args.pages, args.seed).table())

    print("\n== TRS variants: default site + generate_articles(600, seed=21)")
    print(f"{'template':<20}{'pages':>6}{'right':>7}{'refused':>9}{'wrong':>7}  fields wrong")
    sites = [build_site(), build_site(generate_articles(600, seed=21))]
    for name, tally in variant_tallies(sites).items():
        fields = Counter(field for _, wrong in tally.loaded_wrong for field in wrong)
        refused = sum(tally.refused.values())
        right = tally.pages - refused - len(tally.loaded_wrong)
        print(
            f"{name:<20}{tally.pages:>6}{right:>7}{refused:>9}{len(tally.loaded_wrong):>7}  "
            f"{dict(fields.most_common())}"
        )

    print("\n== foreign shapes (imported as files: no URL date)")
    outcomes: Counter[str] = Counter()
    for shape in FOREIGN_SHAPES:
        expected = "read" if isinstance(shape.expected, Read) else f"refuse {shape.expected.field}"
        outcome = foreign_outcome(shape)
        outcomes[outcome.split(" (")[0].split(",")[0]] += 1
        print(f"{shape.name:<26}{expected:<22}{outcome}")
    print(f"{len(FOREIGN_SHAPES)} shapes: {dict(outcomes.most_common())}")


if __name__ == "__main__":
    main()
