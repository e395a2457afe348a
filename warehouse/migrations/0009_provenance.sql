-- 0009: provenance. Where each article's page came from: the live site, a web archive
-- (the Wayback Machine, Common Crawl) or an imported file, and when an archive captured it.
-- Forward-only: never edit after landing; add a new numbered file instead.

-- live, wayback, commoncrawl or import; captured_at is the archive's capture time (UTC),
-- null for a page fetched live or imported.
alter table articles add column fetched_via varchar;
alter table articles add column captured_at timestamp;

-- `url` stays the URL requested (for an archived page: the replay URL, or the WARC file's
-- URL); `original_url` is the page's own URL (as captured; for a live fetch the one requested).
alter table raw_fetches add column original_url varchar;
alter table raw_fetches add column fetched_via varchar;
alter table raw_fetches add column captured_at timestamp;

-- Every page so far was fetched live or imported; imports carry their file in the headers.
update raw_fetches
set original_url = url,
    fetched_via = case
        when headers like '%"X-Yzdaily-Imported-From"%' then 'import' else 'live' end;

update articles
set fetched_via = case
    when starts_with(article_id, 'file:') then 'import'
    when exists (
        select 1 from raw_fetches f where f.sha256 = articles.raw_sha256 and f.fetched_via = 'import'
    ) then 'import'
    else 'live' end;
