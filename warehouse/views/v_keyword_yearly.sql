-- Articles ranking each keyword, per year and method, with the mean weight it had there.
create or replace view v_keyword_yearly as
with dated_keywords as (
    select k.keyword, k.method, k.weight, k.article_id, year(a.published_at) as year
    from article_keywords k
    join articles a using (article_id)
)
select
    keyword,
    method,
    year,
    count(distinct article_id) as articles,
    avg(weight) as mean_weight
from dated_keywords
group by keyword, method, year;
