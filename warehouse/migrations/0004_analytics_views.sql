-- 0004: views for analysts (docs/ANALYTICS.md shows them at work). Views only: no data moves.
-- Forward-only: never edit after landing; add a new numbered file instead.
-- Periods are text that sorts in time order: year 2024, quarter '2024-Q1', month '2024-03'.

-- Articles with their calendar periods and lengths in characters.
create view v_articles as
with dated as (
    select
        article_id,
        url,
        site,
        title,
        published_at,
        cast(published_at as date) as published_date,
        source,
        dateline,
        reporters,
        correspondents,
        editors,
        author,
        column_name,
        body
    from articles
),
with_periods as (
    select
        *,
        year(published_at) as year,
        printf('%d-Q%d', year(published_at), quarter(published_at)) as quarter,
        strftime(published_at, '%Y-%m') as month,
        length(title) as title_length,
        length(body) as body_length
    from dated
)
select * from with_periods;

-- One row per reporter credit of an article (记者, 见习记者, 实习生, photo credits).
create view v_article_reporters as
with credits as (
    select article_id, published_at, source, unnest(reporters) as reporter
    from articles
)
select article_id, reporter, published_at, source from credits;

-- Articles holding each search term, per month (the tokenizer's words; see v_articles for
-- substring counts).
create view v_term_monthly as
with dated_terms as (
    select t.term, t.article_id, strftime(a.published_at, '%Y-%m') as month
    from article_terms t
    join articles a using (article_id)
)
select term, month, count(distinct article_id) as articles
from dated_terms
group by term, month;

-- Articles ranking each keyword, per year and method, with the mean weight it had there.
create view v_keyword_yearly as
with dated_keywords as (
    select k.keyword, k.method, k.weight, k.article_id, year(a.published_at) as year
    from article_keywords k
    join articles a using (article_id)
)
select
    keyword,
    method,
    year,
    count(distinct article_id) as articles,
    avg(weight) as mean_weight
from dated_keywords
group by keyword, method, year;

-- Where each term first appeared: the earliest article holding it, and how many hold it.
create view v_term_first_seen as
with dated_terms as (
    select t.term, t.article_id, a.published_at
    from article_terms t
    join articles a using (article_id)
),
firsts as (
    select
        term,
        min(published_at) as first_published_at,
        -- Ties (same minute) go to the smaller article id: the result never varies.
        arg_min(article_id, strftime(published_at, '%Y%m%d%H%M%S') || article_id)
            as first_article_id,
        count(*) as articles
    from dated_terms
    group by term
)
select
    term,
    cast(first_published_at as date) as first_seen,
    first_article_id,
    articles
from firsts;

-- Search postings without the primary-key index: loads replace an article's rows by
-- delete + insert, so nothing needs the key, and its index cost load time and memory at
-- every batch. The table is rewritten in term order (warehouse.search.cluster_postings):
-- a term's postings then sit in a few row groups that DuckDB finds by their min/max.
create table article_terms_sorted (
    article_id   varchar not null,
    term         varchar not null,
    tf           integer not null,           -- occurrences in title and body
    nlp_version  varchar not null
);
insert into article_terms_sorted
select article_id, term, tf, nlp_version from article_terms order by term, article_id;
drop table article_terms;
alter table article_terms_sorted rename to article_terms;

-- Postings appended (out of term order) since the table was last rewritten in term order:
-- a writer re-clusters once they are a good share of the table (search.maintain_postings).
create table postings_layout (
    appended_rows  bigint not null,
    clustered_at   timestamp not null           -- UTC, as every *_at
);
insert into postings_layout values (0, timezone('UTC', now()));
