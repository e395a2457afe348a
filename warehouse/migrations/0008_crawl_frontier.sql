-- 0008: the crawl frontier and the state of each source's walk of its list pages, so that a
-- run killed, stopped or failing half way leaves its unfinished work to the next run.
-- Forward-only: never edit after landing; add a new numbered file instead.

-- Article links a walk found and no batch has settled yet. A walk writes its links here
-- before the first batch commits; each batch deletes the links it settled (loaded, 304, or
-- now in `failures`) in its own transaction. The next run loads whatever is left.
create table crawl_frontier (
    url        varchar primary key,      -- as fetched: query and fragment dropped
    site       varchar not null,
    title      varchar not null,         -- as the list gave it
    listed_at  timestamp,                -- the list's date for the link, Beijing time
    found_at   timestamp not null,       -- UTC
    run_id     varchar not null          -- the run whose walk found it
);

-- Where each walk of a source's list pages ended. `complete` only when it reached the end of
-- the list or a page with nothing new; a walk stopped by --max-pages or a failing list page
-- is not, and the next walk reads on past `resume_after` (the last link it listed), with no
-- conditional request (its validators would say "nothing new").
create table crawl_walks (
    list_url      varchar primary key,   -- the first list page (source and host)
    site          varchar not null,
    complete      boolean not null,
    resume_after  varchar,               -- null when complete
    walked_at     timestamp not null,    -- UTC
    run_id        varchar not null
);
