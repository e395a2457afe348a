"""`python -m tests.sample_site [--port N] [--host H] [--articles N] [--random-layouts SEED]`."""

from __future__ import annotations

import argparse

from tests.sample_site.generator import generate_articles
from tests.sample_site.peers import add_peers
from tests.sample_site.random_layout import RandomLayouts
from tests.sample_site.server import serve_forever
from tests.sample_site.site import build_site


def main(argv: list[str] | None = None) -> None:
    """Serve the default sample site (or N generated articles as 扬州's) with every other
    column (peers.py) on loopback."""
    parser = argparse.ArgumentParser(prog="python -m tests.sample_site", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    parser.add_argument("--page-size", type=int, default=10)
    parser.add_argument(
        "--articles", type=int, default=0, help="serve N generated articles instead"
    )
    parser.add_argument(
        "--random-layouts",
        type=int,
        metavar="SEED",
        help="serve every article in a random layout (random_layout.py) drawn with SEED",
    )
    args = parser.parse_args(argv)
    specs = generate_articles(args.articles) if args.articles else None
    layout = RandomLayouts(args.random_layouts) if args.random_layouts is not None else None
    # 扬州's column (the articles asked for), beside every other city's column and 要闻.
    site = add_peers(build_site(specs, page_size=args.page_size, layout=layout))
    serve_forever(site, host=args.host, port=args.port)


if __name__ == "__main__":
    main()
