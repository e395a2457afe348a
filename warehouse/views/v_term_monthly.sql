-- Stories holding each search term per month (a story's month: its first publication's), their
-- copies (the tokenizer's words; see v_articles for substring counts), and all stories and
-- articles of the month: every term in every month of the archive, 0 where it is missing.
create or replace view v_term_monthly as
select term, period as month, stories, articles, total_stories, total_articles
from term_periods('month');
