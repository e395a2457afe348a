-- 0013: two things the readers of a big archive (#29) used to compute on every read.
-- Forward-only: never edit after landing; add a new numbered file instead.
--
-- 1. articles.story_published_at: the first publication of the article's story (on any site),
--    kept by the loads as they link stories (warehouse/stories.py), the date a story counts
--    under. v_articles computed it with a window over every article, which held every
--    article's title and body in memory at once: out of the readers' memory at a million.
-- 2. term_city_document_frequencies: articles holding each search term, per corpus
--    (articles.city), kept by the loads beside term_document_frequencies (the sum over
--    cities). A search of Yangzhou ranks within Yangzhou's articles, and counted this from the
--    term's postings joined with every article.

alter table articles add column story_published_at timestamp;

update articles set story_published_at = s.first_published_at
from (select story_id, min(published_at) as first_published_at from articles group by story_id) s
where articles.story_id = s.story_id;

create table term_city_document_frequencies (
    term       varchar not null,
    city       varchar not null,
    documents  bigint not null,              -- articles of the city whose postings hold the term
    primary key (term, city)
);

insert into term_city_document_frequencies
select t.term, a.city, count(*)
from article_terms t
join articles a using (article_id)
group by t.term, a.city
order by t.term, a.city;
