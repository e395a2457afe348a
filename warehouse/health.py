"""Source health: what a run read of each site, against that site's own history (issue 12).

A layout change raises no error: it loads a sidebar as the body, or articles without their
editors, and the run ends as if nothing happened. So every ingest, backfill and import counts,
per site, what it read (`SiteTally`), and `judge` compares that with the site's history: its
earlier runs in the trailing 90 days, or its last 20 runs if those are more, leaving out runs
that failed (a broken layout must not become the norm).

    fail  a list page (HTTP 200) without a single article link
    fail  parse failures: more than 5% of the article pages read, and at least two
    warn  a single parse failure
    fail  a field's fill rate collapsed: e.g. editors on 0% of the run's articles after 95%
          before (so unlikely by chance that p < 0.001, and under half the usual rate)
    warn  a field's fill rate drifted (p < 0.01 either way, or 25 points over 10+ articles)
    fail  the median body under a third of the usual length; warn under 60% or over 2.5x
    warn  new articles per day under a quarter of the usual (runs a day or more apart)
    ok    too little history to judge (under 20 articles): said in a note

Fields judged: source (来源), dateline, reporters, correspondents, editors, and body length.
"""

from __future__ import annotations

import json
import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import pairwise
from typing import Any

import duckdb

from parsers.models import Article
from warehouse.runs import RunRecord

VERDICTS = ("ok", "warn", "fail")
FIELDS = ("source", "dateline", "reporters", "correspondents", "editors")
HISTORY_DAYS = 90
HISTORY_RUNS = 20
MIN_HISTORY_ARTICLES = 20
FAIL_P = 0.001
WARN_P = 0.01
DRIFT_POINTS = 0.25
DRIFT_MIN_ARTICLES = 10
MAX_PARSE_FAILURE_SHARE = 0.05
MIN_PARSE_FAILURES = 2
BODY_FAIL_RATIO = 1 / 3
BODY_WARN_LOW, BODY_WARN_HIGH = 0.6, 2.5
MIN_RATE_INTERVALS = 3
MIN_EXPECTED_NEW = 4.0


def worst(verdicts: Iterable[str]) -> str:
    """The worst of some verdicts (`ok` for none)."""
    return max(verdicts, key=VERDICTS.index, default="ok")


@dataclass
class SiteTally:
    """What one run read of one site; the flows count into it as batches are processed."""

    site: str
    list_pages: int = 0
    empty_list_pages: list[str] = field(default_factory=list)
    article_pages: int = 0
    parse_failures: int = 0
    articles: int = 0
    new: int = 0
    filled: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    body_chars: list[int] = field(default_factory=list)

    def count_article(self, article: Article) -> None:
        """One article read and loaded."""
        self.article_pages += 1
        self.articles += 1
        for name in FIELDS:
            if getattr(article, name):
                self.filled[name] += 1
        self.body_chars.append(len(article.body))

    def count_parse_failure(self) -> None:
        """One article page that did not read as an article."""
        self.article_pages += 1
        self.parse_failures += 1

    @property
    def body_chars_median(self) -> int | None:
        return int(statistics.median(self.body_chars)) if self.body_chars else None


@dataclass(frozen=True)
class HistoryRun:
    """One earlier run's row for the site, as history needs it."""

    run_id: str
    flow: str
    started_at: datetime
    verdict: str
    articles: int
    new: int
    filled: Mapping[str, int]
    body_chars_median: int | None


@dataclass(frozen=True)
class SiteHistory:
    """The site's earlier runs that count as its normal."""

    runs: tuple[HistoryRun, ...] = ()
    # New articles per day over ingests a day or more apart, and how many such intervals.
    new_per_day: float | None = None
    rate_intervals: int = 0
    last_ingest_at: datetime | None = None  # the site's previous ingest, whatever its verdict

    @property
    def articles(self) -> int:
        return sum(run.articles for run in self.runs)

    def filled(self, name: str) -> int:
        return sum(run.filled.get(name, 0) for run in self.runs)

    @property
    def body_chars_median(self) -> int | None:
        values = [run.body_chars_median for run in self.runs if run.body_chars_median]
        return int(statistics.median(values)) if values else None

    @property
    def last_good(self) -> HistoryRun | None:
        return next((run for run in self.runs if run.verdict == "ok"), None)


@dataclass(frozen=True)
class SiteHealth:
    """The verdict on one site for one run, with its reasons and every field's two rates."""

    site: str
    verdict: str
    reasons: tuple[str, ...]
    notes: tuple[str, ...]
    rates: dict[str, dict[str, float | None]]
    last_good_run: str | None = None
    last_good_at: datetime | None = None

    def summary(self) -> str:
        """One line for the run's summary: the site, its verdict and why."""
        said = "; ".join(self.reasons) or "; ".join(self.notes) or "as usual"
        return f"health {self.site}: {self.verdict}: {said}"


def binomial_cdf(k: int, n: int, p: float) -> float:
    """P(X <= k) for X ~ Binomial(n, p), summed in log space (n may be large)."""
    if k < 0:
        return 0.0
    if k >= n or p <= 0.0:
        return 1.0
    if p >= 1.0:
        return 0.0
    log_p, log_q = math.log(p), math.log1p(-p)
    base = math.lgamma(n + 1)
    total = 0.0
    for i in range(k + 1):
        total += math.exp(
            base - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * log_p + (n - i) * log_q
        )
    return min(1.0, total)


def _percent(value: float) -> str:
    return f"{value:.0%}"


def _judge_field(
    name: str, filled: int, articles: int, history: SiteHistory
) -> tuple[str, str | None]:
    """(verdict, reason) for one field's fill rate against history."""
    past_articles = history.articles
    past_rate = history.filled(name) / past_articles
    rate = filled / articles
    said = (
        f"{name} filled on {_percent(rate)} of {articles} article(s)"
        f" ({_percent(past_rate)} of {past_articles} before)"
    )
    low = binomial_cdf(filled, articles, past_rate)
    high = 1.0 - binomial_cdf(filled - 1, articles, past_rate)
    if low < FAIL_P and rate < past_rate / 2:
        return "fail", said
    drifted = articles >= DRIFT_MIN_ARTICLES and abs(rate - past_rate) >= DRIFT_POINTS
    if min(low, high) < WARN_P or drifted:
        return "warn", said
    return "ok", None


def _judge_body(median: int | None, history: SiteHistory) -> tuple[str, str | None]:
    past = history.body_chars_median
    if median is None or not past:
        return "ok", None
    ratio = median / past
    said = f"median body {median} characters ({past} before)"
    if ratio < BODY_FAIL_RATIO:
        return "fail", said
    if ratio < BODY_WARN_LOW or ratio > BODY_WARN_HIGH:
        return "warn", said
    return "ok", None


def _judge_rate(
    tally: SiteTally, history: SiteHistory, flow: str, now: datetime
) -> tuple[str, str | None, str | None]:
    """(verdict, reason, note) for new articles per day, judged on ingests a day apart."""
    if flow != "ingest" or history.last_ingest_at is None:
        return "ok", None, None
    days = (now - history.last_ingest_at).total_seconds() / 86400
    if days < 1 or history.new_per_day is None or history.rate_intervals < MIN_RATE_INTERVALS:
        return "ok", None, None
    expected = history.new_per_day * days
    if expected >= MIN_EXPECTED_NEW and tally.new < expected / 4:
        said = (
            f"{tally.new} new article(s) in {days:.1f} days"
            f" ({history.new_per_day:.1f} a day before)"
        )
        return "warn", said, None
    return "ok", None, None


def judge(
    tally: SiteTally, history: SiteHistory, flow: str = "ingest", now: datetime | None = None
) -> SiteHealth:
    """The verdict on what a run read of a site, against the site's history."""
    verdicts: list[str] = ["ok"]
    reasons: list[str] = []
    notes: list[str] = []

    def add(verdict: str, reason: str | None) -> None:
        verdicts.append(verdict)
        if reason:
            reasons.append(reason)

    for url in tally.empty_list_pages:
        add("fail", f"list page {url} yielded no article links")
    if tally.parse_failures:
        share = tally.parse_failures / tally.article_pages
        said = (
            f"{tally.parse_failures} of {tally.article_pages} article page(s) did not read as"
            f" articles ({_percent(share)})"
        )
        serious = tally.parse_failures >= MIN_PARSE_FAILURES and share > MAX_PARSE_FAILURE_SHARE
        add("fail" if serious else "warn", said)
    rates: dict[str, dict[str, float | None]] = {}
    past_articles = history.articles
    for name in FIELDS:
        recent = tally.filled[name] / tally.articles if tally.articles else None
        past = history.filled(name) / past_articles if past_articles else None
        rates[name] = {"recent": recent, "history": past}
    body = tally.body_chars_median
    rates["body_chars_median"] = {
        "recent": float(body) if body is not None else None,
        "history": float(history.body_chars_median) if history.body_chars_median else None,
    }
    if not tally.articles:
        notes.append("no article read: fields not judged")
    elif past_articles < MIN_HISTORY_ARTICLES:
        notes.append(
            f"too little history to judge fields ({past_articles} article(s) before;"
            f" {MIN_HISTORY_ARTICLES} needed)"
        )
    else:
        for name in FIELDS:
            add(*_judge_field(name, tally.filled[name], tally.articles, history))
        add(*_judge_body(body, history))
    verdict, reason, note = _judge_rate(tally, history, flow, now or datetime.now())
    add(verdict, reason)
    if note:
        notes.append(note)
    good = history.last_good
    return SiteHealth(
        site=tally.site,
        verdict=worst(verdicts),
        reasons=tuple(reasons),
        notes=tuple(notes),
        rates=rates,
        last_good_run=good.run_id if good else None,
        last_good_at=good.started_at if good else None,
    )


HISTORY_COLUMNS = (
    "run_id, flow, started_at, verdict, articles, new, with_source, with_dateline,"
    " with_reporters, with_correspondents, with_editors, body_chars_median"
)


def _history_run(row: Sequence[Any]) -> HistoryRun:
    return HistoryRun(
        run_id=str(row[0]),
        flow=str(row[1]),
        started_at=row[2],
        verdict=str(row[3]),
        articles=int(row[4]),
        new=int(row[5]),
        filled=dict(zip(FIELDS, (int(value) for value in row[6:11]), strict=True)),
        body_chars_median=int(row[11]) if row[11] is not None else None,
    )


def read_history(con: duckdb.DuckDBPyConnection, site: str, before: datetime) -> SiteHistory:
    """The site's normal: runs of the trailing 90 days (or the last 20) that did not fail."""
    rows = con.execute(
        f"select {HISTORY_COLUMNS} from site_health"
        " where site = ? and started_at < ? order by started_at desc",
        [site, before],
    ).fetchall()
    earlier = [_history_run(row) for row in rows]
    normal = [run for run in earlier if run.verdict != "fail"]
    horizon = before - timedelta(days=HISTORY_DAYS)
    recent = [run for run in normal if run.started_at >= horizon]
    kept = recent if len(recent) >= HISTORY_RUNS else normal[:HISTORY_RUNS]
    ingests = sorted((run for run in earlier if run.flow == "ingest"), key=lambda r: r.started_at)
    new = days = 0.0
    intervals = 0
    for previous, current in pairwise(ingests):
        elapsed = (current.started_at - previous.started_at).total_seconds() / 86400
        if elapsed >= 1:
            new += current.new
            days += elapsed
            intervals += 1
    return SiteHistory(
        runs=tuple(kept),
        new_per_day=new / days if days else None,
        rate_intervals=intervals,
        last_ingest_at=ingests[-1].started_at if ingests else None,
    )


def upsert_site_health(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    flow: str,
    started_at: datetime,
    tally: SiteTally,
    health: SiteHealth,
) -> None:
    """Record one site's tally and verdict for a run (inside the caller's transaction)."""
    con.execute(
        "insert or replace into site_health values"
        " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            run_id,
            tally.site,
            flow,
            started_at,
            health.verdict,
            list(health.reasons),
            list(health.notes),
            tally.list_pages,
            len(tally.empty_list_pages),
            tally.article_pages,
            tally.parse_failures,
            tally.articles,
            tally.new,
            *(tally.filled[name] for name in FIELDS),
            tally.body_chars_median,
            json.dumps(health.rates),
        ],
    )


def judge_and_save(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    flow: str,
    started_at: datetime,
    tallies: Iterable[SiteTally],
    now: datetime,
) -> list[SiteHealth]:
    """Judge each site the run read against its history and record the verdicts."""
    verdicts: list[SiteHealth] = []
    for tally in tallies:
        if not (tally.list_pages or tally.article_pages):
            continue  # the run read nothing of this site: nothing to judge
        health = judge(tally, read_history(con, tally.site, started_at), flow, now)
        upsert_site_health(con, run_id, flow, started_at, tally, health)
        verdicts.append(health)
    return verdicts


def judge_run(
    con: duckdb.DuckDBPyConnection, run: RunRecord, tallies: Iterable[SiteTally], now: datetime
) -> None:
    """Judge every site a run read, record the verdicts, and put the worst on the run."""
    verdicts = judge_and_save(con, run.run_id, run.flow, run.started_at, tallies, now)
    run.health = worst(v.verdict for v in verdicts) if verdicts else None
    run.health_reports = [v.summary() for v in verdicts]


def latest_health(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Per site: the verdict of its latest judged run, the reasons, rates and last good run."""
    rows = con.execute(
        """
        with ranked as (
            select *, row_number() over (partition by site order by started_at desc) as recency
            from site_health
        ),
        good as (
            select site, arg_max(run_id, started_at) as run_id, max(started_at) as started_at
            from site_health where verdict = 'ok' group by site
        )
        select r.site, r.verdict, r.reasons, r.notes, r.rates, r.run_id, r.flow, r.started_at,
               r.articles, r.article_pages, r.parse_failures, r.list_pages, r.empty_list_pages,
               g.run_id, g.started_at
        from ranked r left join good g using (site)
        where r.recency = 1
        order by r.site
        """
    ).fetchall()
    return [
        {
            "site": row[0],
            "verdict": row[1],
            "reasons": list(row[2]),
            "notes": list(row[3]),
            "fields": json.loads(row[4]),
            "run_id": row[5],
            "flow": row[6],
            "checked_at": row[7],
            "articles": row[8],
            "article_pages": row[9],
            "parse_failures": row[10],
            "list_pages": row[11],
            "empty_list_pages": row[12],
            "last_good_run": row[13],
            "last_good_at": row[14],
        }
        for row in rows
    ]
