-- Stories ranking each keyword per year (a story's year: its first publication's) and method,
-- their copies, and the mean weight the keyword had there.
create or replace view v_keyword_yearly as
with dated_keywords as (
    select k.keyword, k.method, k.weight, k.article_id, a.story_id,
           year(a.story_published_at) as year
    from article_keywords k
    join v_articles a using (article_id)
)
select
    keyword,
    method,
    year,
    count(distinct story_id) as stories,
    count(distinct article_id) as articles,
    avg(weight) as mean_weight
from dated_keywords
group by keyword, method, year;
