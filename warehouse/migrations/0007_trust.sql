-- 0007: trust what is loaded. The kicker (引题) and subtitle (副题) of articles, and the health
-- of every site in every run: what the run read of the site against the site's own history.
-- Forward-only: never edit after landing; add a new numbered file instead.

alter table articles add column kicker varchar;
alter table articles add column subtitle varchar;
alter table article_versions add column kicker varchar;
alter table article_versions add column subtitle varchar;

-- The worst site verdict of the run (ok, warn, fail); null for runs that judged no site.
alter table runs add column health varchar;

-- One row per run and site read: counts of what was read, each field's fill rate beside the
-- site's history, and the verdict. The history of a site is its earlier rows that did not fail.
create table site_health (
    run_id               varchar not null,
    site                 varchar not null,
    flow                 varchar not null,   -- ingest, backfill, import
    started_at           timestamp not null, -- UTC, the run's
    verdict              varchar not null,   -- ok, warn, fail
    reasons              varchar[] not null, -- why warn or fail, one sentence each
    notes                varchar[] not null, -- what could not be judged, and why
    list_pages           integer not null,   -- list pages read (a 304 is not read)
    empty_list_pages     integer not null,   -- of which yielded no article link
    article_pages        integer not null,   -- article pages parsed (fetched, or in files)
    parse_failures       integer not null,   -- of which did not read as an article
    articles             integer not null,   -- articles read and loaded
    new                  integer not null,   -- of which were new to the warehouse
    with_source          integer not null,   -- articles with the field filled, one per field
    with_dateline        integer not null,
    with_reporters       integer not null,
    with_correspondents  integer not null,
    with_editors         integer not null,
    body_chars_median    integer,            -- of the articles read; null when none
    rates                varchar not null,   -- JSON {field: {"recent": r, "history": h}}
    primary key (run_id, site)
);
