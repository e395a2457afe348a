-- Articles with the story they belong to, their calendar periods and lengths in characters.
-- story_published_at: the first publication of the article's story (on any site), the date a
-- story is counted under (a story cross-posted a day later counts once, on its first day);
-- stored on every article by the loads (warehouse/stories.py), never computed here.
-- city: the corpus (parsers/cities.py): a city of Jiangsu's code, or 'province' (要闻).
create or replace view v_articles as
with dated as (
    select
        article_id,
        story_id,
        url,
        site,
        title,
        kicker,
        subtitle,
        published_at,
        cast(published_at as date) as published_date,
        story_published_at,
        source,
        dateline,
        reporters,
        correspondents,
        editors,
        author,
        column_name,
        body,
        city
    from articles
),
with_periods as (
    select
        *,
        year(published_at) as year,
        period_label(published_at, 'quarter') as quarter,
        period_label(published_at, 'month') as month,
        length(title) as title_length,
        length(body) as body_length
    from dated
)
select * from with_periods;
