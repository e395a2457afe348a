"""Tier 1: segmentation with the project lexicon, terms, keywords, entities, phrases, IDF."""

from __future__ import annotations

import math
import re
from collections import Counter
from datetime import datetime
from itertools import pairwise
from pathlib import Path

import pytest

from parsers.enrich import byline_names, enrich_article
from parsers.models import Article, EnrichedArticle
from parsers.nlp import (
    ARCHIVE_IDF_MIN_ARTICLES,
    LEXICON_FILE,
    LINE_BREAK,
    MIN_KEYWORDS,
    STOPWORDS_FILE,
    Segmenter,
    archive_idf,
    build_idf,
    extract_phrases,
    is_content_token,
    nlp_version,
    rank_textrank,
    read_lexicon,
)
from parsers.sites.zgjssw import ZGJSSW
from tests.session import jieba_cache_dir

parse_text = ZGJSSW.parse_text

DATA = Path(__file__).resolve().parents[2] / "parsers" / "data"
SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seed" / "000_a3c0c7b5f9c8f680.txt"
SEED_URL = "http://zgjssw.jschina.com.cn/shixianchuanzhen/yangzhou/202010/t20201022_6842645.shtml"
SEED_BYLINE = ("邹平", "世春", "刘宁", "马丽花")
# jieba's own block pattern: a word with any other character can never be one token.
JIEBA_BLOCK = re.compile(r"^[\u4e00-\u9fd5a-zA-Z0-9+#&._%\-]+$")


@pytest.fixture(scope="module")
def segmenter() -> Segmenter:
    return Segmenter(cache_dir=jieba_cache_dir())  # the session's: loaded warm


@pytest.fixture(scope="module")
def seed(segmenter: Segmenter) -> EnrichedArticle:
    article = parse_text(SEED.read_text(encoding="utf-8"), SEED_URL)
    return enrich_article(article, "zgjssw:/seed", segmenter, "test")


def words(segmenter: Segmenter, text: str) -> list[str]:
    return [word for word, _ in segmenter.tag(text)]


# --- the lexicon and stopword files -----------------------------------------------------------


def sections(name: str) -> list[list[str]]:
    """Entry lines of a data file, grouped by its `# ---` section headers."""
    groups: list[list[str]] = [[]]
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.startswith("# ---"):
            groups.append([])
        elif line.strip() and not line.startswith("#"):
            groups[-1].append(line.split()[0])
    return [group for group in groups if group]


@pytest.mark.parametrize("name", [LEXICON_FILE, STOPWORDS_FILE])
def test_data_files_are_sorted_within_sections_and_free_of_duplicates(name: str) -> None:
    groups = sections(name)
    assert len(groups) >= 4
    for group in groups:
        assert group == sorted(group)
    every = [word for group in groups for word in group]
    assert [w for w, n in Counter(every).items() if n > 1] == []


def test_lexicon_entries_can_be_single_tokens_and_carry_tags() -> None:
    for entry in read_lexicon():
        assert JIEBA_BLOCK.match(entry.word), entry.word
        assert entry.tag or entry.freq == 0, entry.word


def test_lexicon_covers_the_issue_terms() -> None:
    tags = {entry.word: entry.tag for entry in read_lexicon()}
    for term in ("二次创业", "高质量发展", "新质生产力", "营商环境", "乡村振兴", "强富美高"):
        assert tags[term] == "nz"
    for term in ("三个名城", "公园城市", "新兴科创名城", "长江大保护", "大运河文化带", "开发园区"):
        assert tags[term] == "nz"
    for place in ("宝应", "宝应县", "广陵区", "邗江区", "江都区", "仪征市", "高邮市", "瘦西湖"):
        assert tags[place] == "ns"
    for post in ("市委书记", "市长", "代市长", "副市长", "宣传部部长"):
        assert tags[post] == "post"


# --- segmentation -------------------------------------------------------------------------------

CONTEXTS = ("{}", "全面推进{}工作", "在{}召开会议", "我市{}的发展", "关于{}的意见", "和{}一起")


def test_every_lexicon_word_is_one_token_in_context(segmenter: Segmenter) -> None:
    # Longer lexicon entries that contain a shorter one (扬州高新区) win, as they should.
    split = [
        (entry.word, text)
        for entry in read_lexicon()
        if entry.tag and entry.freq != 0
        for text in (context.format(entry.word) for context in CONTEXTS)
        if entry.word not in words(segmenter, text)
    ]
    assert split == []


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("加快发展新质生产力", ["加快", "发展", "新质生产力"]),
        ("奋力推进开发园区“二次创业”", ["奋力", "推进", "开发园区", "“", "二次创业", "”"]),
        ("建设“强富美高”新扬州", ["建设", "“", "强富美高", "”", "新", "扬州"]),
        ("宝应县和高邮市", ["宝应县", "和", "高邮市"]),
        ("仪征市和江都区", ["仪征市", "和", "江都区"]),
        ("扬州经济技术开发区", ["扬州经济技术开发区"]),
        ("公园城市建设", ["公园城市", "建设"]),
        ("长江大保护", ["长江大保护"]),
        ("大运河文化带建设", ["大运河文化带", "建设"]),
        ("打造新兴科创名城", ["打造", "新兴科创名城"]),
        ("宝应召开乡村振兴推进会", ["宝应", "召开", "乡村振兴", "推进", "会"]),
        ("实现碳达峰碳中和", ["实现", "碳达峰", "碳中和"]),
        ("持续优化营商环境", ["持续", "优化", "营商环境"]),
        ("推进专精特新企业发展", ["推进", "专精特新", "企业", "发展"]),
        ("十四五规划", ["十四五", "规划"]),
        ("瘦西湖和个园", ["瘦西湖", "和", "个园"]),
        ("这个园区", ["这个", "园区"]),  # 个园 must not eat 这个园区
        ("邵伯镇和瓜洲镇", ["邵伯镇", "和", "瓜洲镇"]),
        ("中国大运河博物馆开馆", ["中国大运河博物馆", "开馆"]),
        ("市住房和城乡建设局", ["市住房和城乡建设局"]),
        ("代市长王进健出席", ["代市长", "王进健", "出席"]),
        ("市和县(市、区)", ["市", "和", "县", "(", "市", "、", "区", ")"]),
    ],
)
def test_golden_tokens(segmenter: Segmenter, text: str, tokens: list[str]) -> None:
    assert words(segmenter, text) == tokens


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("奋力推进开发园区二次创业", "二次创业"),
        ("加快发展新质生产力", "新质生产力"),
        ("持续优化营商环境", "营商环境"),
        ("全面推进乡村振兴", "乡村振兴"),
        ("建设强富美高新扬州", "强富美高"),
        ("为新兴科创名城建设提供支撑", "新兴科创名城"),
        ("推进开发园区高质量发展", "开发园区"),
        ("宝应县召开大会", "宝应县"),
    ],
)
def test_lexicon_terms_are_single_tokens(segmenter: Segmenter, text: str, term: str) -> None:
    assert term in segmenter.cut(text)
    assert term in words(segmenter, text)


# Issue 16: slogans the tokenizer used to split (低空经济 -> 低空/经济), each in a sentence of its
# own year's prose; a split term never becomes a keyword, an emerging term or a trend.
NEWEST_SLOGANS = [
    ("抢抓机遇加快发展低空经济", "低空经济"),
    ("积极培育银发经济新业态", "银发经济"),
    ("大力发展首发经济和冰雪经济", "首发经济"),
    ("推进新型工业化取得新突破", "新型工业化"),
    ("前瞻布局未来产业", "未来产业"),
    ("扎实做好六稳六保工作", "六稳六保"),
    ("加快建设产业科创名城和科创名城", "科创名城"),
    ("深入推进智改数转网联", "智改数转网联"),
]


@pytest.mark.parametrize(("text", "term"), NEWEST_SLOGANS)
def test_the_newest_slogans_are_single_tokens(segmenter: Segmenter, text: str, term: str) -> None:
    assert term in words(segmenter, text)
    assert dict(segmenter.tag(text))[term] == "nz"


def test_longer_entries_still_win_over_the_newest_slogans(segmenter: Segmenter) -> None:
    assert words(segmenter, "打造新兴科创名城") == ["打造", "新兴科创名城"]
    assert words(segmenter, "做好六稳工作、落实六保任务") == [
        "做好", "六稳", "工作", "、", "落实", "六保", "任务"
    ]  # fmt: skip


def test_tagging_uses_lexicon_tags(segmenter: Segmenter) -> None:
    tags = dict(segmenter.tag("市委书记在宝应县调研新质生产力,市政府参加"))
    assert tags["市委书记"] == "post"
    assert tags["宝应县"] == "ns"
    assert tags["新质生产力"] == "nz"
    assert tags["市政府"] == "nt"


@pytest.mark.parametrize(
    ("token", "kept"),
    [
        ("开发园区", True),
        ("的", False),
        ("记者", False),
        ("本报讯", False),
        ("2020", False),
        ("10月", False),
        ("第一", False),
        ("二期", False),
        ("昨天", False),
        ("GDP", True),
        ("5G", True),
    ],
)
def test_content_tokens(segmenter: Segmenter, token: str, kept: bool) -> None:
    assert is_content_token(token, segmenter.stopwords) is kept


def test_lexicon_words_count_even_when_they_look_numeric(segmenter: Segmenter) -> None:
    assert not is_content_token("十四五", segmenter.stopwords)
    assert segmenter.is_content("十四五")


# --- keywords -----------------------------------------------------------------------------------


def test_keywords_skip_byline_names(segmenter: Segmenter) -> None:
    text = "邹平表示，开发园区二次创业是高质量发展的主阵地。" * 3 + "招商引资和营商环境同样重要。"
    tokens = segmenter.content_tokens(text)
    keywords = segmenter.keywords(tokens, exclude=("邹平",))
    found = [k.keyword for k in keywords]
    assert len(found) >= 5
    assert "邹平" not in found
    assert found[0] in {"开发园区", "二次创业"}
    assert [k.rank for k in keywords] == list(range(1, len(keywords) + 1))
    assert all(a.weight >= b.weight for a, b in pairwise(keywords))


def test_keywords_use_a_given_idf(segmenter: Segmenter) -> None:
    tokens = ["园区", "园区", "营商环境"]
    assert segmenter.keywords(tokens)[0].keyword == "园区"
    # With an archive where 园区 is everywhere and 营商环境 rare, the rare word wins.
    idf = build_idf(100, {"园区": 100, "营商环境": 1})
    ranked = segmenter.keywords(tokens, idf=idf)
    assert [k.keyword for k in ranked] == ["营商环境", "园区"]
    assert ranked[0].weight == pytest.approx(1 / 3 * (math.log(101 / 2) + 1), abs=1e-6)
    # Words the table lacks get default_idf (else the table's median).
    unseen = segmenter.keywords(["新词", "园区"], idf=idf, default_idf=100.0)
    assert unseen[0].keyword == "新词"
    assert unseen[0].weight == pytest.approx(50.0)


def test_build_idf_is_smoothed_and_archive_idf_waits_for_enough_articles() -> None:
    idf = build_idf(9, {"a": 9, "b": 0, "c": 4})
    assert idf["a"] == pytest.approx(1.0)
    assert idf["b"] == pytest.approx(math.log(10) + 1)
    assert idf["a"] < idf["c"] < idf["b"]
    assert archive_idf(ARCHIVE_IDF_MIN_ARTICLES - 1, {"a": 1}) is None
    assert archive_idf(ARCHIVE_IDF_MIN_ARTICLES, {"a": 1}) == build_idf(
        ARCHIVE_IDF_MIN_ARTICLES, {"a": 1}
    )


def test_textrank_ranks_the_hub_first_and_is_deterministic() -> None:
    sequence = ["园区", "产业", "园区", "项目", "园区", "招商", "园区", "人才"] * 3
    ranked = rank_textrank(sequence)
    assert ranked[0] == ("园区", 1.0)
    assert {word for word, _ in ranked} == {"园区", "产业", "项目", "招商", "人才"}
    assert all(a[1] >= b[1] for a, b in pairwise(ranked))
    assert rank_textrank(sequence) == ranked
    assert rank_textrank([]) == []
    assert rank_textrank(["孤词"]) == [("孤词", 1.0)]


def test_textrank_window_limits_edges() -> None:
    # Window 2: only neighbours share an edge, so the sequence is a chain: ends rank lowest.
    scores = dict(rank_textrank(["a", "b", "c", "d", "e", "f"], window=2))
    assert scores["a"] == pytest.approx(scores["f"])
    assert scores["b"] == pytest.approx(scores["e"])
    assert scores["a"] < scores["b"]


# --- phrases ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "phrases"),
    [
        ("推进开发园区“二次创业”,建设“强富美高”新扬州", ("二次创业", "强富美高")),
        ("“二次创业”和“二次创业”", ("二次创业",)),
        ("拿出“闯”的精神", ()),  # one character: not a phrase
        ("他说:“我们要加快发展,不能等。”", ()),  # a quoted sentence, not a slogan
        ("实现“二次振兴、二次腾飞”", ("二次振兴、二次腾飞",)),
        ('「公园城市」与"好地方扬州"', ("公园城市", "好地方扬州")),
        ("“这是一个远远超过十二个字的很长的引语啊”", ()),
        ("没有引号", ()),
    ],
)
def test_extract_phrases(text: str, phrases: tuple[str, ...]) -> None:
    assert extract_phrases(text) == phrases


# --- one pass: analyse and enrich ---------------------------------------------------------------


def test_analyse_keeps_byline_names_out_of_everything(segmenter: Segmenter) -> None:
    text = "邹平在宝应县调研。市长张宝娟强调,邹平等人要推进乡村振兴,乡村振兴是宝应的大事。"
    analysis = segmenter.analyse(text, exclude=("邹平", "张宝娟"))
    assert not any("邹平" in t.term or "张宝娟" in t.term for t in analysis.terms)
    assert not any("邹平" in k.keyword for k in analysis.keywords)
    assert not any(e.name in {"邹平", "张宝娟"} for e in analysis.entities)
    assert analysis.mentions == ()
    assert not any("邹平" in token or "张宝娟" in token for token in analysis.tokens)
    # 宝应县 and 宝应 are one place, counted under its short name (parsers/data/places.txt).
    places = {e.name: e.mentions for e in analysis.entities if e.kind == "place"}
    assert places == {"宝应": 2}


def test_tokens_are_the_tagged_words_with_line_breaks(segmenter: Segmenter) -> None:
    text = "宝应县加快发展低空经济\n市长张宝娟强调,要抢抓机遇。\n\n记者 邹平 摄"
    analysis = segmenter.analyse(text, exclude=("邹平",))
    lines = ["宝应县加快发展低空经济", "市长张宝娟强调,要抢抓机遇。", "记者 摄"]
    expected: list[str] = []
    for line in lines:
        expected += [LINE_BREAK] if expected else []
        expected += [word for word, _ in segmenter.tag(line, keep_whole={"张宝娟"})]
    assert list(analysis.tokens) == expected
    assert analysis.tokens.count(LINE_BREAK) == 2  # two breaks in a row leave one
    assert "邹平" not in analysis.tokens and "低空经济" in analysis.tokens


def test_short_texts_let_every_content_word_compete(segmenter: Segmenter) -> None:
    # Fewer than MIN_KEYWORDS noun/verb candidates: 狠抓落实 (tagged z) and 久久 (d) join in.
    text = "市长张宝娟主持会议,要求狠抓落实、久久为功、真抓实干,营商环境持续向好。"
    analysis = segmenter.analyse(text)
    tfidf = [k.keyword for k in analysis.keywords if k.method == "tfidf"]
    assert len(tfidf) == MIN_KEYWORDS
    assert "狠抓落实" in tfidf
    assert not {"张宝娟", "市长"} & set(tfidf)


def test_enrich_fills_every_derived_field(segmenter: Segmenter) -> None:
    article = Article(
        url="https://www.zgjssw.gov.cn/shixianchuanzhen/yangzhou/202601/t20260105_1.shtml",
        site="zgjssw",
        title="宝应县加快发展新质生产力",
        published_at=datetime(2026, 1, 5, 9, 30),
        paragraphs=("市长张宝娟在宝应县调研,要求加快发展新质生产力,打造“公园城市”。",),
        reporters=("王进",),
    )
    record = enrich_article(article, "zgjssw:/1", segmenter, "p-1")
    assert record.nlp_version == segmenter.version == nlp_version()
    assert {k.method for k in record.keywords} == {"tfidf", "textrank"}
    assert {t.term: t.tf for t in record.terms}["新质生产力"] == 2
    assert ("宝应", "place") in {(e.name, e.kind) for e in record.entities}  # 宝应县 folded
    assert [(m.name, m.role) for m in record.mentions] == [("张宝娟", "市长")]
    assert record.phrases == ("公园城市",)
    assert byline_names(article) == ("王进",)


# --- the seed article ---------------------------------------------------------------------------


def test_seed_mentions(seed: EnrichedArticle) -> None:
    found = {(m.name, m.role) for m in seed.mentions}
    assert {("夏心旻", "市委书记"), ("张宝娟", "市长"), ("方桂林", "副市长")} <= found


def test_seed_phrases(seed: EnrichedArticle) -> None:
    assert seed.phrases[:2] == ("二次创业", "强富美高")
    assert "闯" not in seed.phrases


def test_seed_keywords(seed: EnrichedArticle) -> None:
    tfidf = [k.keyword for k in seed.keywords if k.method == "tfidf"]
    textrank = [k.keyword for k in seed.keywords if k.method == "textrank"]
    assert len(tfidf) == len(textrank) == 10
    assert {"开发园区", "二次创业"} & set(tfidf[:5])
    assert "开发园区" in textrank[:3]


def test_seed_byline_names_are_nowhere(seed: EnrichedArticle) -> None:
    derived = [
        *(k.keyword for k in seed.keywords),
        *(t.term for t in seed.terms),
        *(e.name for e in seed.entities),
        *(m.name for m in seed.mentions),
    ]
    assert not [word for word in derived if any(name in word for name in SEED_BYLINE)]


def test_seed_entities(seed: EnrichedArticle) -> None:
    entities = {(e.name, e.kind): e.mentions for e in seed.entities}
    assert entities[("扬州", "place")] >= 2
    assert ("广陵", "place") in entities  # 广陵区, counted under its short name
    assert ("扬州市", "place") not in entities  # folded into 扬州
    assert entities[("夏心旻", "person")] == 6
    assert ("市委市政府", "org") in entities
    # The HMM tags this official's name as a place; the list of leaders says it is a person.
    assert ("韩骅", "person") in entities
    leaders = {"孔令俊", "李航", "陈锴竑", "王炳松", "张长金", "韩骅", "焦庆标"}
    people = {name for name, kind in entities if kind == "person"}
    assert people == {"夏心旻", "张宝娟", "方桂林", *leaders}
    kinds = {kind for _, kind in entities}
    assert kinds == {"person", "place", "org"}


# Issue 24: a person entity is a person, places and organisations are what they say. Each
# sentence is ours; the words are those the old rules took for people and organisations.
@pytest.mark.parametrize(
    "text",
    [
        "扬州城鼎盛于唐,古城街巷的马头墙错落有致。",  # 盛于唐 cut out of 鼎盛于唐
        "项目已完成施工图设计,一批惠民政策落地见效。",
        "市民可通过高德地图查询停车位,文昌中路两侧商铺林立。",
        "不少常州人周末来扬旅游。",
        "金秋时节,白鹭翔集。节日期间客流迎来高峰,游客王女士说,这里风景方正如画。",
        "全区夏粮收购进度过半,申请人只需提交一次材料,以高水平开放推动发展。",
        "把流动书车开进校园,整治低洼易淹地段,推行田长制,送去党和政府的关怀。",
    ],
)
def test_words_are_no_people(segmenter: Segmenter, text: str) -> None:
    assert [e.name for e in segmenter.analyse(text).entities if e.kind == "person"] == []


def test_a_name_inside_a_name_is_no_second_person(segmenter: Segmenter) -> None:
    analysis = segmenter.analyse("副市长方桂林进行了解读。方桂林指出,要抓好落实。")
    entities = {(e.name, e.kind): e.mentions for e in analysis.entities}
    assert entities[("方桂林", "person")] == 2
    assert not any(name == "桂林" for name, _ in entities)


def test_organisations_are_shaped_like_them(segmenter: Segmenter) -> None:
    text = (
        "扬州加快培育新兴产业,推动国际化进程,开发园区情况通报会召开,拓展国际经贸合作。"
        "中国科学院、浙江大学与市政府签署协议。"
    )
    orgs = {e.name for e in segmenter.analyse(text).entities if e.kind == "org"}
    assert orgs == {"中国科学院", "浙江大学", "市政府"}


def test_jieba_cache_goes_to_the_given_dir(tmp_path: Path) -> None:
    Segmenter(cache_dir=tmp_path)
    assert any(path.name.endswith(".cache") for path in tmp_path.iterdir())


def test_a_segmenter_from_the_pickled_dictionary_reads_as_one_from_jiebas_own(
    tmp_path: Path, segmenter: Segmenter
) -> None:
    text = SEED.read_text(encoding="utf-8")
    first = Segmenter(cache_dir=tmp_path)  # jieba's own load; leaves the pickle
    (pickled,) = tmp_path.glob("jieba-*-dictionary.pickle")
    second = Segmenter(cache_dir=tmp_path)  # from the pickle
    assert second._tokenizer.FREQ == first._tokenizer.FREQ
    assert second._tokenizer.total == first._tokenizer.total
    assert second.analyse(text) == first.analyse(text) == segmenter.analyse(text)
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]  # no partial file

    pickled.write_bytes(b"not a pickle")  # a torn or foreign file: loaded from jieba, rewritten
    third = Segmenter(cache_dir=tmp_path)
    assert third.analyse(text) == first.analyse(text)
    assert pickled.read_bytes() != b"not a pickle"


def test_jiebas_idf_table_is_read_from_its_pickle_without_importing_jieba_analyse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    import jieba.analyse

    bundled = dict(jieba.analyse.default_tfidf.idf_freq)
    monkeypatch.delitem(sys.modules, "jieba.analyse")
    first = Segmenter(cache_dir=tmp_path)
    assert first._idf[0] == bundled  # jieba.analyse imported again, its table pickled
    assert list(tmp_path.glob("jieba-*-idf.pickle"))
    monkeypatch.delitem(sys.modules, "jieba.analyse")
    second = Segmenter(cache_dir=tmp_path)
    table, median_idf = second._idf
    assert "jieba.analyse" not in sys.modules  # read from the pickle
    assert table == bundled
    assert median_idf == first._idf[1]


def test_nlp_version_is_stable_and_names_jieba() -> None:
    assert nlp_version() == nlp_version()
    assert nlp_version().startswith("jieba-0.42")
    assert re.fullmatch(r"jieba-[\d.]+\+lex-[0-9a-f]{10}", nlp_version())
