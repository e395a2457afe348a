-- 0005: one identity per story across sites (articles.story_id) and the v_stories view.
-- Forward-only: never edit after landing; add a new numbered file instead.
--
-- An article's story_id is the article_id of the earliest published article of its story:
-- its own, unless the same story is also in the warehouse from another site (same
-- normalised title, dates within a day, similar bodies: warehouse/stories.py). Existing rows
-- start as stories of their own; the next load or `yzdaily reprocess` links them.

alter table articles add column story_id varchar;

update articles set story_id = article_id where story_id is null;

-- One row per story: its title and first publication, the sites and articles that carry it.
create view v_stories as
with story_articles as (
    select story_id, article_id, site, url, title, published_at
    from articles
)
select
    story_id,
    arg_min(title, published_at) as title,
    min(published_at) as first_published_at,
    max(published_at) as last_published_at,
    count(*) as articles,
    list(distinct site order by site) as sites,
    list(article_id order by published_at, article_id) as article_ids,
    list(url order by published_at, article_id) as urls
from story_articles
group by story_id;

-- v_articles (0004) with the story each article belongs to.
create or replace view v_articles as
with dated as (
    select
        article_id,
        story_id,
        url,
        site,
        title,
        published_at,
        cast(published_at as date) as published_date,
        source,
        dateline,
        reporters,
        correspondents,
        editors,
        author,
        column_name,
        body
    from articles
),
with_periods as (
    select
        *,
        year(published_at) as year,
        printf('%d-Q%d', year(published_at), quarter(published_at)) as quarter,
        strftime(published_at, '%Y-%m') as month,
        length(title) as title_length,
        length(body) as body_length
    from dated
)
select * from with_periods;
