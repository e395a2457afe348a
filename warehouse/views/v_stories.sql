-- One row per story: its title and first publication, the sites and articles that carry it.
create or replace view v_stories as
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
