"""The sample site: zgjssw's 市县传真 > 扬州 column imitated on a loopback HTTP server.

specs.py         ArticleSpec: an article as written (text, byline, footer), constructors
seed_article.py  the project's real example article
articles.py      the handwritten articles (2019-2026)
generator.py     generate_articles(n): any number of articles for benchmarks
templates.py     six page layouts and encodings
site.py          build_site(): pages + ground truth (SampleArticle)
server.py        SampleServer: a real HTTP/1.1 keep-alive server on 127.0.0.1
fixtures.py      save_fixtures(): one raw page + expected JSON per template
"""
