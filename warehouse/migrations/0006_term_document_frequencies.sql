-- 0006: document frequencies kept as the postings change, not counted over every posting.
-- Forward-only: never edit after landing; add a new numbered file instead.
-- Every TF-IDF ranking of a big archive needs the IDF of every term: counting it over the
-- postings (27 million rows at 100,000 articles) cost a run ~200 MB of memory and a scan.
-- Loads now add and subtract the articles they change (warehouse/load.py); search reads the
-- frequencies of its terms here too.

create table term_document_frequencies (
    term       varchar not null,
    documents  bigint not null               -- articles whose postings hold the term
);

insert into term_document_frequencies
select term, count(*) from article_terms group by term order by term;

create or replace view v_term_document_frequency as
select term, documents from term_document_frequencies;
