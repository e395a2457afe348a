"""Every byte that comes from outside: the sites, the web archives, files.

    fetching/http.py          the polite Fetcher: robots.txt, a delay per host, retries,
                              timeouts, a size cap and a deadline per response
    fetching/raw_archive.py   every fetched body, kept before it is parsed (data/raw/…/<sha256>.gz)
    fetching/web_archives.py  the Wayback Machine's and Common Crawl's indexes and captures
    fetching/reading.py       local files read under caps (import, the raw archive)

Imports parsers, warehouse (the fetch log's rows) and config; never flows.
"""
