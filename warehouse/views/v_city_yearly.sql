-- Each corpus's stories and articles per year (a story's year: its first publication's, on any
-- site; the corpus: articles.city, a city of Jiangsu or the province's 要闻): the denominators
-- of a comparison of cities (`yzdaily compare`, the macro city_term_periods).
create or replace view v_city_yearly as
select
    city,
    year(story_published_at) as year,
    count(distinct story_id) as stories,
    count(*) as articles
from v_articles
group by city, year(story_published_at);
