"""Tier 1: person mentions from post + name patterns."""

from __future__ import annotations

import pytest

from parsers.models import PersonMention
from parsers.nlp import Segmenter
from parsers.people import PersonFinder
from tests.session import jieba_cache_dir


@pytest.fixture(scope="module")
def segmenter() -> Segmenter:
    return Segmenter(cache_dir=jieba_cache_dir())  # the session's: loaded warm


def pairs(finder: PersonFinder, text: str) -> list[tuple[str, str]]:
    return [(m.name, m.role) for m in finder.find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("市委书记夏心旻强调,要深入贯彻", [("夏心旻", "市委书记")]),
        ("市长张宝娟主持会议。", [("张宝娟", "市长")]),
        ("代市长王进健出席会议", [("王进健", "代市长")]),
        ("副市长方桂林进行了解读", [("方桂林", "副市长")]),
        # Posts chained by 、 before one name: the person holds each of them.
        ("市委常委、宣传部部长张小辉,", [("张小辉", "市委常委"), ("张小辉", "宣传部部长")]),
        ("市委副书记、市长张宝娟", [("张宝娟", "市委副书记"), ("张宝娟", "市长")]),
        ("市人大代表、市长郑海涛参加审议", [("郑海涛", "市人大代表"), ("郑海涛", "市长")]),
        ("市委书记夏心旻,市长张宝娟", [("夏心旻", "市委书记"), ("张宝娟", "市长")]),
        ("常务副市长李航等同志参加", [("李航", "常务副市长")]),
        ("副市长李航和市长张宝娟", [("李航", "副市长"), ("张宝娟", "市长")]),
        ("副市长王林进行点评", [("王林", "副市长")]),
        ("市长张宝娟一行", [("张宝娟", "市长")]),
        ("市长张宝娟", [("张宝娟", "市长")]),
        ("局长欧阳明达说", [("欧阳明达", "局长")]),
        # The place or institution written before the post belongs to the role ...
        ("广陵区委书记王三出席", [("王三", "广陵区委书记")]),
        ("高邮市委书记李四调研", [("李四", "高邮市委书记")]),
        ("宝应县县长赵六在会上讲话", [("赵六", "宝应县长")]),  # the level written once
        ("市发改委主任刘五介绍", [("刘五", "市发改委主任")]),
        ("市政协主席朱民阳出席", [("朱民阳", "市政协主席")]),
        ("市人大常委会主任孔令俊", [("孔令俊", "市人大常委会主任")]),
        # Issue 16: the institution read whole, its variants folded (parsers/data/offices.txt).
        ("高新区管委会主任罗子健强调,", [("罗子健", "高新区管委会主任")]),
        ("扬州高新区管委会主任罗子健", [("罗子健", "高新区管委会主任")]),
        # A bare 开发区 or 新城 names no one park: kept as written.
        ("开发区党工委书记许立新表示,", [("许立新", "开发区党工委书记")]),
        ("新城管委会主任汤铭在调研时指出", [("汤铭", "新城管委会主任")]),
        # Issue 24: 扬州经开区 is 经开区, never 开发区 (the 经 kept); 生态科技新城 whole.
        ("扬州经济技术开发区党工委书记张八", [("张八", "经开区党工委书记")]),
        ("扬州经开区党工委书记张八", [("张八", "经开区党工委书记")]),
        ("扬州经开区管委会主任胡春风表示", [("胡春风", "经开区管委会主任")]),
        ("市经济技术开发区党工委书记张八", [("张八", "经开区党工委书记")]),
        ("生态科技新城管委会主任汤铭", [("汤铭", "生态科技新城管委会主任")]),
        ("高新区管委会副主任周明", [("周明", "高新区管委会副主任")]),
        # ... except the press's own city and province.
        ("扬州市委书记夏心旻", [("夏心旻", "市委书记")]),
        ("扬州市长张宝娟表示", [("张宝娟", "市长")]),
        ("扬州市市长张宝娟表示", [("张宝娟", "市长")]),
        ("扬州市副市长温晓岚表示", [("温晓岚", "副市长")]),
        ("扬州市政协主席朱民阳出席", [("朱民阳", "市政协主席")]),
        ("江苏省委书记吴政隆", [("吴政隆", "省委书记")]),
        # A former holder is not the sitting one.
        ("原市委书记谢正义", [("谢正义", "原市委书记")]),
        ("时任市长朱民阳", [("朱民阳", "时任市长")]),
        # The same pair twice is one mention.
        ("市长张宝娟强调。市长张宝娟要求", [("张宝娟", "市长")]),
        # 、-lists of names after a post: each holds it ...
        ("副市长李航、王炳松出席", [("李航", "副市长"), ("王炳松", "副市长")]),
        (
            "副市长李航、王炳松、陈锴竑等参加",
            [("李航", "副市长"), ("王炳松", "副市长"), ("陈锴竑", "副市长")],
        ),
        # ... unless the text names them with another post.
        (
            "市委书记夏心旻、张宝娟率团。市长张宝娟主持",
            [("夏心旻", "市委书记"), ("张宝娟", "市长")],
        ),
        # 、-lists before 等…领导: the group is the role.
        (
            "孔令俊、李航、陈锴竑、王炳松、张长金、韩骅、焦庆标等市四套班子领导参加会议。",
            [
                (name, "市四套班子领导")
                for name in ("孔令俊", "李航", "陈锴竑", "王炳松", "张长金", "韩骅", "焦庆标")
            ],
        ),
        ("会上,李航、王炳松等扬州市领导出席", [("李航", "市领导"), ("王炳松", "市领导")]),
    ],
)
def test_post_and_name(segmenter: Segmenter, text: str, expected: list[tuple[str, str]]) -> None:
    assert pairs(segmenter.people, text) == expected


# Issue 24: the patterns of real reports (sentences written for these tests; the officials'
# names and posts are public facts, other places' officials but 蓝绍敏 and 王天琦 invented).
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A label of leaders, then their names; a post after the list reads as a post.
        (
            "市领导王炳松、方桂林、韩骅,市政府秘书长尤在晶参加观摩。",
            [
                ("王炳松", "市领导"),
                ("方桂林", "市领导"),
                ("韩骅", "市领导"),
                ("尤在晶", "市政府秘书长"),
            ],
        ),
        (
            "市四套班子领导孔令俊、李航出席",
            [("孔令俊", "市四套班子领导"), ("李航", "市四套班子领导")],
        ),
        ("扬州市领导陈锴竑会见客商", [("陈锴竑", "市领导")]),
        # Appointment, resignation, election; 代理市长 is 代市长.
        (
            "任命王进健为扬州市人民政府副市长、代理市长。",
            [("王进健", "副市长"), ("王进健", "代市长")],
        ),
        ("决定接受张宝娟辞去扬州市人民政府市长职务的请求", [("张宝娟", "市长")]),
        ("会议决定免去王进健的扬州市人民政府市长职务。", [("王进健", "市长")]),
        ("潘国强当选为扬州市人民政府市长。", [("潘国强", "市长")]),
        ("王进健同志任扬州市委书记。", [("王进健", "市委书记")]),
        ("扬州市代理市长潘国强主持会议", [("潘国强", "代市长")]),
        # Titles before a name, with the institution written before them.
        (
            "中国科学院院士、浙江大学教授杨德仁作报告",
            [("杨德仁", "中国科学院院士"), ("杨德仁", "浙江大学教授")],
        ),
        ("英国皇家工程院院士董洪标围绕新材料作报告", [("董洪标", "英国皇家工程院院士")]),
        (
            "中集产城发展集团有限公司总经理禹振飞表示",
            [("禹振飞", "中集产城发展集团有限公司总经理")],
        ),
        ("扬州市发展和改革委员会主任张三说", [("张三", "市发展和改革委员会主任")]),
        # Other places' posts keep their place, carried over along a list.
        (
            "宿迁市委书记蓝绍敏、代市长王天琦来扬考察,市委书记谢正义陪同。",
            [("蓝绍敏", "宿迁市委书记"), ("王天琦", "宿迁市代市长"), ("谢正义", "市委书记")],
        ),
        (
            "宿迁市委书记蓝绍敏,市委副书记、代市长王天琦一行来我市考察",
            [("蓝绍敏", "宿迁市委书记"), ("王天琦", "宿迁市委副书记"), ("王天琦", "宿迁市代市长")],
        ),
        (
            "无锡市委常委、副市长周文彬一行",
            [("周文彬", "无锡市委常委"), ("周文彬", "无锡市副市长")],
        ),
        ("宿迁市发改委主任张三说", [("张三", "宿迁市发改委主任")]),
        # A list names no post twice: the second 市委书记 is Yangzhou's.
        (
            "宿迁市委书记蓝绍敏,市委书记谢正义陪同",
            [("蓝绍敏", "宿迁市委书记"), ("谢正义", "市委书记")],
        ),
        # Places beyond Jiangsu's list: China's divisions (jionlp's data) know them.
        ("江阴市委书记钱卫东率队来扬", [("钱卫东", "江阴市委书记")]),
        (
            "浙江省委常委、宁波市委书记汪建平一行",
            [("汪建平", "浙江省委常委"), ("汪建平", "宁波市委书记")],
        ),
        (
            "贵州省铜仁市委副书记、市长杨文军率队",
            [("杨文军", "铜仁市委副书记"), ("杨文军", "铜仁市长")],
        ),
        ("省委书记吴政隆来扬州调研", [("吴政隆", "省委书记")]),
        ("江苏省长许昆林说", [("许昆林", "省长")]),
        # Yangzhou's counties: a 、 carries the place over, a comma does not.
        (
            "高邮市委书记杭晓东、市长陈晓平陪同",
            [("杭晓东", "高邮市委书记"), ("陈晓平", "高邮市长")],
        ),
        ("仪征市委书记孙立华,市长张宝娟出席", [("孙立华", "仪征市委书记"), ("张宝娟", "市长")]),
        # National leaders, the general secretary written before or after his name.
        ("深入学习贯彻习近平总书记重要讲话精神", [("习近平", "总书记")]),
        (
            "中共中央总书记、国家主席习近平签署主席令",
            [("习近平", "总书记"), ("习近平", "国家主席")],
        ),
        ("国务院总理李强主持会议", [("李强", "国务院总理")]),
        # A function character inside a name (尤在晶); still none ending one (王林在).
        ("市政府秘书长尤在晶等参加", [("尤在晶", "市政府秘书长")]),
        ("副市长王林在会上讲话", [("王林", "副市长")]),
    ],
)
def test_the_patterns_of_real_reports(
    segmenter: Segmenter, text: str, expected: list[tuple[str, str]]
) -> None:
    assert pairs(segmenter.people, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "市长主持会议",  # no name at all
        "市委书记强调",
        "市委书记、市长在会上讲话",
        "书记项目化推进",  # a dictionary word, not a name
        "书记高度重视",
        "书记马上就办",
        "部长方面表示",
        "书记于会上强调",  # 于 starts a clause far more often than a name
        "书记全程参加",
        "主任医师王强",  # 主任医师 is no post + name
        "市长热线",
        "城市长远发展",
        "夏心旻、张宝娟率市党政代表团",  # names without a post
        "瘦西湖、个园、东关街等景点游人如织",  # a list, but of places
        "出席会议的有孔令俊、李航等市领导",  # not a strong pattern: 有 runs into the name
        "全市领导干部大会召开",  # 市领导 inside a word, no name after it
        "任命书已经下发",
        "老书记项目化推进",
    ],
)
def test_no_mention_without_post_and_name(segmenter: Segmenter, text: str) -> None:
    assert pairs(segmenter.people, text) == []


def test_finder_works_from_any_post_list() -> None:
    finder = PersonFinder(posts=["校长"], prefixes=["扬州大学"])
    assert finder.find("扬州大学校长焦新安致辞") == [PersonMention("焦新安", "扬州大学校长")]
    assert finder.find("市长张宝娟主持") == []


@pytest.mark.parametrize(
    ("written", "role"),
    [
        ("扬州市副市长", "副市长"),
        ("市副市长", "副市长"),
        ("扬州市长", "市长"),
        ("代市长", "代市长"),  # the acting mayor stays apart
        ("经开区党工委书记", "经开区党工委书记"),
        ("扬州经济技术开发区党工委书记", "经开区党工委书记"),
        ("代理市长", "代市长"),
        ("扬州市人民政府副市长", "副市长"),
        ("宿迁市委书记", "宿迁市委书记"),
        ("宿迁代市长", "宿迁市代市长"),
        ("江苏省委书记", "省委书记"),
        ("江苏省长", "省长"),
        ("宝应县县长", "宝应县长"),
        ("总理", "国务院总理"),
        ("中共中央总书记", "总书记"),
        ("扬州高新区管委会主任", "高新区管委会主任"),
        ("时任扬州市长", "时任市长"),
        ("广陵区委书记", "广陵区委书记"),
        ("扬州市政协主席", "市政协主席"),
        ("不是职务", "不是职务"),
    ],
)
def test_roles_read_as_mentions_do(segmenter: Segmenter, written: str, role: str) -> None:
    assert segmenter.people.roles.canonical(written) == role


def test_a_role_and_its_variants(segmenter: Segmenter) -> None:
    assert segmenter.people.roles.variants("扬州市长") == ["市长", "时任市长", "前任市长", "原市长"]
    assert segmenter.people.roles.variants("原市委书记")[0] == "市委书记"


def test_finder_needs_posts() -> None:
    with pytest.raises(ValueError, match="post"):
        PersonFinder(posts=[])


def test_names_are_kept_whole_in_the_segmentation(segmenter: Segmenter) -> None:
    text = "市委书记夏心旻强调,要加快发展。夏心旻指出,要优化营商环境。"
    analysis = segmenter.analyse(text)
    assert ("夏心旻", "市委书记") in [(m.name, m.role) for m in analysis.mentions]
    terms = {t.term: t.tf for t in analysis.terms}
    assert terms["夏心旻"] == 2
    assert not any(term in terms for term in ("夏心", "心旻"))
