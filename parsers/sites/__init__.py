"""One module per site, each defining one `SiteAdapter` (parsers/site.py) and nothing else.

The registry (parsers/sources.py) finds every module here: adding a site is adding its module
(with its goldens under tests/fixtures/<site>/ and its sample pages), nothing more.
"""
