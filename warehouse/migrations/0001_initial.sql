-- 0001: articles, their keywords, and the run log.
-- Forward-only: never edit after landing; add a new numbered file instead.

create table articles (
    article_id      varchar primary key,     -- '{site}:{canonical url path}'
    url             varchar not null,        -- canonical URL (https, primary host)
    site            varchar not null,        -- 'zgjssw', 'yznews', ...
    title           varchar not null,
    published_at    timestamp not null,      -- Beijing time, as printed on the page
    source          varchar,                 -- 来源: 扬州日报, 扬州网, 新华日报 ...
    dateline        varchar,                 -- 本报讯, 扬州网讯, 新华社南京1月5日电 ...
    reporters       varchar[] not null,      -- 记者, 见习记者, 实习生, photo credits
    correspondents  varchar[] not null,      -- 通讯员
    editors         varchar[] not null,      -- 编辑, 责任编辑, 责编
    author          varchar,                 -- 作者 (usually empty on the page: null)
    column_name     varchar,                 -- the site's column, e.g. 扬州
    body            varchar not null,        -- paragraphs joined by '\n', NFKC-normalised
    content_hash    varchar not null,        -- sha256 of the parsed record's content fields
    parser_version  varchar not null,
    nlp_version     varchar not null,
    first_seen_at   timestamp not null,      -- UTC
    updated_at      timestamp not null       -- UTC; changes only when content_hash changes
);

create table article_keywords (
    article_id   varchar not null,
    keyword      varchar not null,
    weight       double not null,
    rank         integer not null,
    method       varchar not null,           -- 'tfidf'
    nlp_version  varchar not null,
    primary key (article_id, method, keyword)
);

create table runs (
    run_id        varchar primary key,
    flow          varchar not null,
    started_at    timestamp not null,        -- UTC
    finished_at   timestamp,
    status        varchar not null,          -- completed, partial, failed
    pages         integer not null default 0,
    discovered    integer not null default 0,
    fetched       integer not null default 0,
    new           integer not null default 0,
    changed       integer not null default 0,
    unchanged     integer not null default 0,
    not_modified  integer not null default 0,
    failed        integer not null default 0,
    message       varchar
);
