-- Stories holding each search term per year (a story's year: its first publication's), their
-- copies (the tokenizer's words; see v_articles for substring counts), and all stories and
-- articles of the year: every term in every year of the archive, 0 where it is missing.
create or replace view v_term_yearly as
select term, period as year, stories, articles, total_stories, total_articles
from term_periods('year');
