-- Articles holding each search term, per month (the tokenizer's words; see v_articles for
-- substring counts).
create or replace view v_term_monthly as
with dated_terms as (
    select t.term, t.article_id, period_label(a.published_at, 'month') as month
    from article_terms t
    join articles a using (article_id)
)
select term, month, count(distinct article_id) as articles
from dated_terms
group by term, month;
