-- People, places and organisations per year (a story's year: its first publication's): the
-- stories naming each, their copies, and how often they name it.
create or replace view v_entity_yearly as
with dated_entities as (
    select e.name, e.kind, e.mentions, e.article_id, a.story_id,
           year(a.story_published_at) as year
    from article_entities e
    join v_articles a using (article_id)
)
select
    kind,
    name,
    year,
    count(distinct story_id) as stories,
    count(distinct article_id) as articles,
    sum(mentions) as mentions
from dated_entities
group by kind, name, year;
