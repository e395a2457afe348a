-- 0003: nothing lost. The raw fetch log, failures being retried, HTTP validators for
-- conditional GET, and earlier versions of articles whose page changed.
-- Forward-only: never edit after landing; add a new numbered file instead.

-- The raw page each article row was parsed from (content address in the raw archive).
alter table articles add column raw_sha256 varchar;

-- Every response stored before parsing: bodies live compressed in the raw archive
-- (data/raw/ab/cd/<sha256>.gz); this is their index. `reprocess` reads it.
create table raw_fetches (
    url           varchar not null,          -- as requested
    final_url     varchar not null,          -- after redirects between the source's own hosts
    status        integer not null,
    content_type  varchar,
    headers       varchar not null,          -- the response headers as a JSON object
    fetched_at    timestamp not null,        -- UTC
    sha256        varchar not null,          -- of the body; the archive file's name
    size          bigint not null,
    primary key (url, fetched_at)
);

-- URLs failing now. A URL that later succeeds leaves the table; the others are retried,
-- permanent failures (404, not an article) with growing backoff.
create table failures (
    url              varchar primary key,
    site             varchar not null,
    stage            varchar not null,       -- fetch, parse
    reason           varchar not null,
    permanent        boolean not null,
    attempts         integer not null,
    first_failed_at  timestamp not null,     -- UTC
    last_failed_at   timestamp not null,
    next_attempt_at  timestamp not null
);

-- Validators of the last 200 response per URL, sent back as If-None-Match/If-Modified-Since.
create table http_validators (
    url            varchar primary key,
    etag           varchar,
    last_modified  varchar,
    sha256         varchar,
    checked_at     timestamp not null        -- UTC
);

-- An article's earlier content, kept when a re-check finds its page changed.
create table article_versions (
    article_id      varchar not null,
    content_hash    varchar not null,
    raw_sha256      varchar,
    title           varchar not null,
    published_at    timestamp not null,
    source          varchar,
    dateline        varchar,
    reporters       varchar[] not null,
    correspondents  varchar[] not null,
    editors         varchar[] not null,
    author          varchar,
    body            varchar not null,
    parser_version  varchar not null,
    valid_from      timestamp not null,      -- UTC: when this content was first loaded
    replaced_at     timestamp not null,      -- UTC: when newer content replaced it
    primary key (article_id, content_hash)
);
