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
-- (A table macro binds its tables when it is created, before the views: so `articles`, and the
-- story's date as v_articles has it, not v_articles itself.)
with dated_articles as (
    select
        article_id,
        story_id,
        date_trunc(period, min(published_at) over (partition by story_id)) as period_start
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
