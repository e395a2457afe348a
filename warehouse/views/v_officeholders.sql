-- Who was named with which post, and the publication days of the first and last article doing so.
create or replace view v_officeholders as
with dated_mentions as (
    select m.name, m.role, m.article_id, a.story_id, cast(a.published_at as date) as published_date
    from person_mentions m
    join articles a using (article_id)
)
select
    name,
    role,
    min(published_date) as first_published_date,
    max(published_date) as last_published_date,
    count(distinct story_id) as stories,
    count(distinct article_id) as articles
from dated_mentions
group by name, role;
