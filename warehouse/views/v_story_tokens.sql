-- One token sequence per story: its first published copy's (article_tokens), the text that
-- collocations and term suggestions count, so that a cross-posted story counts once; its corpus
-- (city) is its first copy's.
create or replace view v_story_tokens as
select a.story_id, a.published_at, a.city, t.tokens, t.words
from articles a
join article_tokens t using (article_id)
where a.article_id = a.story_id;
