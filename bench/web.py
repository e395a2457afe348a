"""`/api/search` latency over HTTP at 2,000 articles (issue 15: p95 <= 150 ms).

    .venv/bin/python -m bench.web

The warehouse is built as bench.search builds its own: 2,000 articles from the sample site's
generator, their search terms from the project's Segmenter, loaded with the real schema and
the postings clustered by the writer's own `cluster_postings`. The app is the real
`yzdaily web --port 0` in its own process (as a user runs it; a server thread in this process
would share its interpreter with the client); one keep-alive `requests` session sends ROUNDS
runs of a query mix (bench.search's cases, plus pages further down and date order), after one
uncounted warm-up run (jieba loads on the first split phrase). Each request attaches the
warehouse, counts the whole result for its total and facets, ranks it as far as the page and
fetches that page: the time is the client's, from request to the last byte of the answer.
"""

from __future__ import annotations

import re
import signal
import statistics
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import requests

from bench.common import CLI, Figure, clean_env, progress
from bench.search import CASES, article_tables, build_warehouse, cluster, percentile
from parsers.nlp import Segmenter
from tests.sample_site.generator import generate_articles
from tests.sample_site.site import expected_article

SIZE = 2_000
SEED = 15
ROUNDS = 20
TARGET_P95_MS = 150.0
URL = re.compile(r"yzdaily web: (http://\S+?)/\s")


@contextmanager
def yzdaily_web(db: Path, data_dir: Path) -> Iterator[str]:
    """`yzdaily web --db DB --port 0` running; its base URL. Stopped with SIGTERM."""
    process = subprocess.Popen(
        [str(CLI), "web", "--db", str(db), "--port", "0"],
        env=clean_env(data_dir, data_dir / "prefect"),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()  # printed once it listens
        match = URL.search(line)
        if match is None:
            raise RuntimeError(f"yzdaily web did not start: {line!r}")
        yield match.group(1)
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=30)


def query_mix() -> list[tuple[str, dict[str, Any]]]:
    """(kind, query values) of every request of one round."""
    mix: list[tuple[str, dict[str, Any]]] = []
    for case in CASES:
        values: dict[str, Any] = {"q": case.text}
        if case.filters is not None:
            f = case.filters
            values |= {
                "since": f.since,
                "until": f.until,
                "source": f.source,
                "reporter": f.reporter,
            }
        mix.append((case.kind, {k: v for k, v in values.items() if v is not None}))
    mix += [
        ("date order", {"q": "扬州", "sort": "date"}),
        ("page 3", {"q": "市长", "offset": 40}),
        ("limit 100", {"q": "营商环境", "limit": 100}),
    ]
    return mix


def time_requests(base_url: str, rounds: int) -> dict[str, list[float]]:
    """Seconds per /api/search request, by kind, after one warm-up round."""
    mix = query_mix()
    timings: dict[str, list[float]] = {}
    with requests.Session() as session:
        for round_number in range(rounds + 1):
            for kind, values in mix:
                url = f"{base_url}/api/search?{urlencode(values)}"
                started = time.perf_counter()
                response = session.get(url, timeout=60)
                elapsed = time.perf_counter() - started
                if response.status_code != 200:
                    raise RuntimeError(f"{url}: {response.status_code} {response.text[:300]}")
                if round_number:
                    timings.setdefault(kind, []).append(elapsed)
    return timings


def main() -> list[Figure]:
    """Build the 2,000-article warehouse, serve it, time /api/search; print p50/p95."""
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="yzdaily-bench-web-") as tmp:
        work = Path(tmp)
        segmenter = Segmenter(cache_dir=work / "cache")
        progress(f"web: building the {SIZE:,}-article warehouse")
        articles = [expected_article(spec) for spec in generate_articles(SIZE, seed=SEED)]
        as_loaded, db = work / "as-loaded.duckdb", work / "yzdaily.duckdb"
        build_warehouse(as_loaded, *article_tables(articles, segmenter))
        cluster(as_loaded, db)
        as_loaded.unlink()
        progress(f"web: timing {ROUNDS} rounds of {len(query_mix())} searches over HTTP")
        with yzdaily_web(db, work / "data") as base_url:
            timings = time_requests(base_url, ROUNDS)
    every = [t for values in timings.values() for t in values]
    p50, p95 = statistics.median(every) * 1000, percentile(every, 0.95) * 1000
    verdict = "met" if p95 <= TARGET_P95_MS else "MISSED"
    print(f"web /api/search at {SIZE:,} articles ({len(every)} requests over HTTP, keep-alive):")
    print(
        f"  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  (target p95 <= {TARGET_P95_MS:.0f} ms: {verdict})"
    )
    for kind, values in timings.items():
        print(f"      {kind:<13} median {statistics.median(values) * 1000:7.1f} ms")
    progress(f"web: done in {time.monotonic() - started:.0f} s")
    return [
        Figure(f"web /api/search p95, {SIZE // 1000}k", p95, "ms", TARGET_P95_MS),
        Figure(f"web /api/search p50, {SIZE // 1000}k", p50, "ms"),
    ]


if __name__ == "__main__":
    from bench.common import print_table

    print_table(main())
