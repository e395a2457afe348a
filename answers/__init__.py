"""Answers: each question the archive answers, computed once and rendered from one object.

datasette's `renderer.py` is the model: an answer is computed once, into a frozen object, and
every renderer is a function of that object, never a second query:

    JSON   answer.to_json()   the CLI's --json and the web API print the same object
    CSV    answer.csv()       the CLI's --csv and the web's downloads write the same rows
    table  answer.table()     the terminal's table and the web page's table show the same cells
    HTML   web/templates/     render answer.table() (and charts drawn from the answer)

    answers/base.py        Answer, Table, and the number formats every renderer shares
    answers/trend.py       a term's stories (articles) per period: `trend`, /trend
    answers/search.py      the articles that contain a query: `search`, /
    answers/people.py      officeholders and post timelines: `people`, /people
    answers/emerging.py    the terms whose share rose most: `emerging`, /emerging
    answers/corpus.py      entities, kwic and collocates: `entities`, `kwic`, `collocates`
    answers/archive.py     what the warehouse holds and how its runs went: `stats`, `health`

Layering (tests/test_layers.py): answers import parsers and warehouse; the CLI (cli/)
and the web (web/) import answers; nothing here imports either of them.
"""
