"""Linking the articles of one story across sites: `articles.story_id` (parsers/stories.py).

Run inside each load's transaction for the articles it loaded. Candidates come from SQL
(another site, another corpus of the same site (a provincial story zgjssw reprints in a city's
column), or an imported file; the same normalised title; published within two days),
the decision from `parsers.stories.same_story`. A story's id is the article_id of its earliest
published article, so it does not depend on which site was crawled first: when an earlier
copy arrives, the whole story is relabelled to it. An article that no longer matches any other
(its page changed) becomes a story of its own again. Every story a pass touches is dated
afresh: `story_published_at`, its first publication, is stored on each of its articles so that
readers never compute it over the whole archive.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb

from parsers.stories import same_story
from warehouse.db import among_ids

# Copies of a story are published within two days of each other (the join's condition below).
CANDIDATE_DAYS = timedelta(days=2)
# The SQL twin of parsers.stories.title_key: a prefilter; same_story decides.
TITLE_KEY_SQL = "regexp_replace(lower({0}.title), '[^\\p{{L}}\\p{{N}}]+', '', 'g')"
CANDIDATES_SQL = f"""
select b.article_id, c.article_id, c.title, c.published_at, c.body, c.story_id
from articles b
join articles c
  on c.article_id <> b.article_id
 and (c.site <> b.site or c.city <> b.city
      or starts_with(b.article_id, 'file:') or starts_with(c.article_id, 'file:'))
 and c.published_at between b.published_at - interval 2 day and b.published_at + interval 2 day
 and {TITLE_KEY_SQL.format("c")} = {TITLE_KEY_SQL.format("b")}
where BATCH_ARTICLES
  -- The batch's days, as constants: DuckDB skips the row groups of other days (the articles
  -- are in time order) instead of joining every article of the archive.
  and c.published_at between ? and ?
order by b.article_id, c.published_at, c.article_id
"""


@dataclass
class _Member:
    article_id: str
    title: str
    published_at: datetime
    body: str
    story_id: str

    @property
    def order(self) -> tuple[datetime, str]:
        return (self.published_at, self.article_id)


def link_stories(con: duckdb.DuckDBPyConnection, article_ids: Sequence[str]) -> int:
    """Set story_id for these articles (and relabel stories they join), and date every story
    this touched by its first publication; returns links made."""
    ids = list(dict.fromkeys(article_ids))
    if not ids:
        return 0
    touched: set[str] = set()
    links = _link(con, ids, touched, depth=0)
    _date_stories(con, touched)
    return links


def _date_stories(con: duckdb.DuckDBPyConnection, story_ids: set[str]) -> None:
    """Store each of these stories' first publication on its articles (a story relabelled
    away has none left, and nothing to date)."""
    if not story_ids:
        return
    con.execute(
        """
        update articles set story_published_at = s.first_published_at
        from (
            select story_id, min(published_at) as first_published_at from articles
            where list_contains(?, story_id) group by story_id
        ) s
        where articles.story_id = s.story_id
          and articles.story_published_at is distinct from s.first_published_at
        """,
        [sorted(story_ids)],
    )


def _link(con: duckdb.DuckDBPyConnection, ids: list[str], touched: set[str], depth: int) -> int:
    """link_stories' pass over `ids`, adding every story id it gives or takes to `touched`."""
    con.execute(
        "update articles set story_id = article_id"
        " where story_id is null and list_contains(?, article_id)",
        [ids],
    )
    batch = [
        _Member(str(r[0]), str(r[1]), r[2], str(r[3]), str(r[4]))
        for r in con.execute(
            "select article_id, title, published_at, body, story_id from articles"
            " where list_contains(?, article_id) order by published_at, article_id",
            [ids],
        ).fetchall()
    ]
    candidates: dict[str, list[_Member]] = {}
    days = (
        [min(m.published_at for m in batch) - CANDIDATE_DAYS,
         max(m.published_at for m in batch) + CANDIDATE_DAYS]
        if batch
        else [None, None]
    )  # fmt: skip
    among, id_values = among_ids("b.article_id", ids)
    candidates_sql = CANDIDATES_SQL.replace("BATCH_ARTICLES", among)
    for row in con.execute(candidates_sql, [*id_values, *days]).fetchall():
        candidates.setdefault(str(row[0]), []).append(
            _Member(str(row[1]), str(row[2]), row[3], str(row[4]), str(row[5] or row[1]))
        )
    # Story ids as they change during this pass, so later articles see earlier decisions.
    current: dict[str, str] = {m.article_id: m.story_id for m in batch}
    touched.update(current.values())
    # The stories others name these articles by (one read of every story id), and later those
    # the pass gives: an article no other names leaves no orphans, so it needs no read of its
    # own (at a million articles each is ~120 ms, most articles of a batch are new).
    named = {
        str(row[0])
        for row in con.execute(
            "select distinct story_id from articles"
            " where list_contains(?, story_id) and article_id <> story_id",
            [ids],
        ).fetchall()
    }
    links = 0
    for article in batch:
        matches = [
            c
            for c in candidates.get(article.article_id, [])
            if same_story(
                article.title, article.published_at, article.body, c.title, c.published_at, c.body
            )
        ]
        if not matches:
            links += _leave_story(con, article.article_id, current, touched, named, depth)
            continue
        members = [article, *matches]
        for member in members:
            member.story_id = current.get(member.article_id, member.story_id)
        earliest = min(members, key=lambda m: m.order)
        chosen = earliest.story_id
        old_ids = sorted({m.story_id for m in members} - {chosen})
        _relabel(con, [m.article_id for m in members], old_ids, chosen)
        touched.update([chosen, *(m.story_id for m in matches)])
        named.add(chosen)
        for member_id, story in list(current.items()):
            if story in old_ids:
                current[member_id] = chosen
        for member in members:
            current[member.article_id] = chosen
        links += len(matches)
    return links


def _leave_story(
    con: duckdb.DuckDBPyConnection,
    article_id: str,
    current: dict[str, str],
    touched: set[str],
    named: set[str],
    depth: int,
) -> int:
    """An article matching no other is its own story; the story it named is linked afresh
    (`named`: the story ids other articles may hold)."""
    rows = (
        con.execute(
            "select article_id from articles where story_id = ? and article_id <> ?",
            [article_id, article_id],
        ).fetchall()
        if article_id in named
        else []
    )
    orphans = [str(row[0]) for row in rows]
    touched.update([article_id, current[article_id], *orphans])
    if current[article_id] != article_id:
        _relabel(con, [article_id], [], article_id)
        current[article_id] = article_id
    if not orphans or depth > 0:
        return 0  # one level is enough: the orphans' own pass settles among themselves
    con.execute(
        "update articles set story_id = article_id where list_contains(?, article_id)", [orphans]
    )
    return _link(con, orphans, touched, depth + 1)


def _relabel(
    con: duckdb.DuckDBPyConnection, article_ids: list[str], story_ids: list[str], story_id: str
) -> None:
    """Put these articles, and every article of these stories, in story `story_id`."""
    con.execute(
        "update articles set story_id = ?"
        " where (list_contains(?, article_id) or list_contains(?, story_id))"
        " and story_id is distinct from ?",
        [story_id, article_ids, story_ids, story_id],
    )
