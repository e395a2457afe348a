-- One row per reporter credit of an article (记者, 见习记者, 实习生, photo credits).
create or replace view v_article_reporters as
with credits as (
    select article_id, published_at, source, unnest(reporters) as reporter
    from articles
)
select article_id, reporter, published_at, source from credits;
