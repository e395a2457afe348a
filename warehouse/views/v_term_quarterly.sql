-- Stories holding each search term per quarter (a story's quarter: its first publication's), their
-- copies (the tokenizer's words; see v_articles for substring counts), and all stories and
-- articles of the quarter: every term in every quarter of the archive, 0 where it is missing.
create or replace view v_term_quarterly as
select term, period as quarter, stories, articles, total_stories, total_articles
from term_periods('quarter');
