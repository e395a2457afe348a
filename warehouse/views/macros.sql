-- Macros the views and the analytics queries share (applied before the views).
-- Period labels, defined once: text that sorts in time order.
--   year '2024', quarter '2024-Q1', month '2024-03'
create or replace macro period_label(ts, period) as
    case period
        when 'year' then strftime(ts, '%Y')
        when 'quarter' then printf('%d-Q%d', year(ts), quarter(ts))
        when 'month' then strftime(ts, '%Y-%m')
    end;

-- Stories holding each search term per period (a story's period: its first publication's),
-- their copies, and all stories and articles of the period: one row for every term and every
-- period from the archive's first to its last, 0 where the term is missing. The views
-- v_term_monthly, v_term_quarterly and v_term_yearly are this macro's three forms.
create or replace macro term_periods(period) as table
-- (A table macro binds its tables when it is created, before the views: so `articles`, and its
-- story's date, not v_articles itself.)
with dated_articles as (
    select
        article_id,
        story_id,
        date_trunc(period, story_published_at) as period_start
    from articles
),
periods as (
    select unnest(generate_series(
        min(period_start),
        max(period_start),
        case period when 'year' then interval 1 year when 'quarter' then interval 3 month
                    else interval 1 month end
    )) as period_start
    from dated_articles
),
totals as (
    select period_start, count(distinct story_id) as total_stories, count(*) as total_articles
    from dated_articles
    group by period_start
),
mentions as (
    select t.term, d.period_start, count(distinct d.story_id) as stories, count(*) as articles
    from article_terms t
    join dated_articles d using (article_id)
    group by t.term, d.period_start
)
select
    f.term,
    p.period_start,
    period_label(p.period_start, period) as period,
    coalesce(m.stories, 0) as stories,
    coalesce(m.articles, 0) as articles,
    coalesce(o.total_stories, 0) as total_stories,
    coalesce(o.total_articles, 0) as total_articles
from term_document_frequencies f
cross join periods p
left join totals o on o.period_start = p.period_start
left join mentions m on m.term = f.term and m.period_start = p.period_start;

-- The text match every per-city answer uses, as `trend` matches (warehouse/analytics.py): the
-- title or body contains the term, Latin letters case-insensitively (pass the term lower-cased).
create or replace macro holds_text(title, body, needle) as
    contains(title, needle) or contains(body, needle)
    or (needle <> upper(needle) and (contains(lower(title), needle) or contains(lower(body), needle)));

-- Where a term first appeared in each corpus (articles.city: a city of Jiangsu, or the
-- province's 要闻), by text: the earliest article of the corpus whose title or body holds it
-- (its own publication, ties to the smaller article id), and the stories of the corpus holding
-- it. A corpus that never used the term has no row.
--   select * from city_term_first('新质生产力') order by first_published_at;
create or replace macro city_term_first(needle) as table
with holding as (
    select city, article_id, story_id, published_at, title, url
    from articles
    where holds_text(title, body, needle)
)
select
    city,
    min(published_at) as first_published_at,
    cast(min(published_at) as date) as first_published_date,
    arg_min(article_id, (published_at, article_id)) as first_article_id,
    arg_min(story_id, (published_at, article_id)) as first_story_id,
    arg_min(title, (published_at, article_id)) as first_title,
    arg_min(url, (published_at, article_id)) as first_url,
    count(distinct story_id) as stories,
    count(*) as articles
from holding
group by city;

-- Each corpus's stories holding a term per period, of all its stories of the period: every
-- corpus in every period from the archive's first story to its last, 0 where nothing matched.
-- A story is dated as `trend` dates it (its first publication on any site) and belongs to the
-- corpora of its copies; a story holds the term when a copy of that corpus does. So
-- `where city = 'yangzhou'` gives `yzdaily trend TERM --by PERIOD` (from Yangzhou's first period).
--   select * from city_term_periods('新质生产力', 'year') where city in ('yangzhou', 'nantong');
create or replace macro city_term_periods(needle, period) as table
with dated as (
    select
        city,
        story_id,
        holds_text(title, body, needle) as holds,
        date_trunc(period, story_published_at) as period_start
    from articles
),
periods as (
    select unnest(generate_series(
        min(period_start),
        max(period_start),
        case period when 'year' then interval 1 year when 'quarter' then interval 3 month
                    else interval 1 month end
    )) as period_start
    from dated
),
corpora as (
    select distinct city from dated
),
counted as (
    select
        city,
        period_start,
        count(distinct story_id) filter (where holds) as stories,
        count(distinct story_id) as total_stories
    from dated
    group by city, period_start
)
select
    c.city,
    p.period_start,
    period_label(p.period_start, period) as period,
    coalesce(n.stories, 0) as stories,
    coalesce(n.total_stories, 0) as total_stories
from corpora c
cross join periods p
left join counted n on n.city = c.city and n.period_start = p.period_start;
