-- 0002: rows derived by the NLP pass (parsers.nlp), and the views analysts read them through.
-- Forward-only: never edit after landing; add a new numbered file instead.
-- Every derived row carries the nlp_version that made it; a new version means a reprocess.
-- article_keywords (0001) now holds two methods: 'tfidf' and 'textrank'.

-- Search postings: normalised terms of title and body (byline, dateline, footer left out).
-- Loads insert each batch sorted by term, so scans for one term touch few row groups.
create table article_terms (
    article_id   varchar not null,
    term         varchar not null,
    tf           integer not null,           -- occurrences in title and body
    nlp_version  varchar not null,
    primary key (article_id, term)
);

create table article_entities (
    article_id   varchar not null,
    name         varchar not null,
    kind         varchar not null,           -- 'person', 'place', 'org'
    mentions     integer not null,           -- occurrences in title and body
    nlp_version  varchar not null,
    primary key (article_id, kind, name)
);

-- Post + name as the press writes it: 市长张宝娟 gives (张宝娟, 市长).
create table person_mentions (
    article_id   varchar not null,
    name         varchar not null,
    role         varchar not null,
    nlp_version  varchar not null,
    primary key (article_id, name, role)
);

-- Phrases in quotation marks (“二次创业”): how this press marks slogans.
create table article_phrases (
    article_id   varchar not null,
    phrase       varchar not null,
    nlp_version  varchar not null,
    primary key (article_id, phrase)
);

-- Who held which post when, from the press itself (dates of the articles naming them).
create view v_officeholders as
with dated_mentions as (
    select m.name, m.role, m.article_id, cast(a.published_at as date) as published_date
    from person_mentions m
    join articles a using (article_id)
)
select
    name,
    role,
    min(published_date) as first_seen,
    max(published_date) as last_seen,
    count(distinct article_id) as articles
from dated_mentions
group by name, role;

-- Document frequency of every term: the IDF of TF-IDF keywords and of BM25 search.
create view v_term_document_frequency as
select term, count(*) as documents
from article_terms
group by term;
