-- Where each term first appeared: the publication day of the earliest article holding it, that
-- article, and how many stories and articles hold it.
create or replace view v_term_first_seen as
with dated_terms as (
    select t.term, t.article_id, a.story_id, a.published_at
    from article_terms t
    join articles a using (article_id)
),
firsts as (
    select
        term,
        min(published_at) as first_published_at,
        -- Ties (same minute) go to the smaller article id: the result never varies.
        arg_min(article_id, strftime(published_at, '%Y%m%d%H%M%S') || article_id)
            as first_article_id,
        count(distinct story_id) as stories,
        count(*) as articles
    from dated_terms
    group by term
)
select
    term,
    cast(first_published_at as date) as first_published_date,
    first_article_id,
    stories,
    articles
from firsts;
