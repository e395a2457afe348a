-- Stories holding a search term per month (a story's month: its first publication's), and
-- their copies (the tokenizer's words; see v_articles for substring counts).
create or replace view v_term_monthly as
with dated_terms as (
    select t.term, t.article_id, a.story_id, period_label(a.story_published_at, 'month') as month
    from article_terms t
    join v_articles a using (article_id)
)
select
    term,
    month,
    count(distinct story_id) as stories,
    count(distinct article_id) as articles
from dated_terms
group by term, month;
