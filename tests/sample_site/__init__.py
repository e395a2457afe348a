"""The sample site: zgjssw's 市县传真 > 扬州 column imitated on a loopback HTTP server.

specs.py         ArticleSpec: an article as written (text, byline, footer, kicker, subtitle)
seed_article.py  the project's real example article
articles.py      the handwritten articles (2019-2026)
generator.py     generate_articles(n): any number of articles for benchmarks
templates.py     twelve page layouts and encodings (six of them issue 12's TRS variants)
broken.py        layouts of a site that changed: script_body, bare_fields (set_template)
random_layout.py pages of random structure: render_random_layout, random_layout_corpus
foreign.py       pages of other sites imported as zgjssw pages, each Read or Refused
site.py          build_site(): pages + ground truth (SampleArticle)
peers.py         the other cities' columns and 要闻, designed diffusion and its truth
server.py        SampleServer: a real HTTP/1.1 keep-alive server on 127.0.0.1
history.py       what the web archives hold of the sample sites, with each article's truth
apiserver.py     ApiServer: a loopback server answering with a function (the archives' base)
wayback.py       WaybackServer: the Wayback CDX API and replay over history.py's captures
commoncrawl.py   CommonCrawlServers: Common Crawl's index and data servers, real WARC files
fixtures.py      save_fixtures(): one raw page + expected JSON per template
scoring.py       parsed pages against their truth, field by field
measure.py       python -m tests.sample_site.measure: today's parser on the material above
"""
