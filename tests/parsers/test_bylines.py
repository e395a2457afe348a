"""Tier 1: datelines, bylines, photo credits and footers, roles kept apart."""

from __future__ import annotations

import pytest

from parsers.bylines import parse_credits, parse_footer, photo_credits, split_lead, split_names
from parsers.models import Byline, Footer
from parsers.text import normalize_text

# The seed article's lead paragraph (../shared/seed/000_a3c0c7b5f9c8f680.txt), first sentences.
SEED_LEAD = (
    "本报讯 (记者 邹平 世春 刘宁) 昨天,市委市政府召开全市推进开发园区“二次创业”高质量发展大会。"
    "市委书记夏心旻强调,全市上下要深入贯彻落实新发展理念。市长张宝娟主持会议。"
)
SEED_REST = SEED_LEAD.split(") ", 1)[1]


def reporters(*names: str, dateline: str | None = None) -> Byline:
    """A byline with reporters only (keeps the tables short)."""
    return Byline(dateline=dateline, reporters=names)


@pytest.mark.parametrize(
    ("paragraph", "byline", "rest"),
    [
        # The seed article and DESIGN.md 2.3.
        (SEED_LEAD, reporters("邹平", "世春", "刘宁", dateline="本报讯"), SEED_REST),
        ("本报讯 (记者 玉菁 世春)", reporters("玉菁", "世春", dateline="本报讯"), ""),
        (
            "本报讯(记者 玉菁 通讯员 张三 李四) 近日,",
            Byline("本报讯", ("玉菁",), ("张三", "李四")),
            "近日,",
        ),
        ("本报讯 (通讯员 李四 记者 王五) 近日,", Byline("本报讯", ("王五",), ("李四",)), "近日,"),
        ("本报讯 (见习记者 赵六) 昨天,", reporters("赵六", dateline="本报讯"), "昨天,"),
        ("本报讯 (记者 邹平 实习生 周七)", reporters("邹平", "周七", dateline="本报讯"), ""),
        ("本报讯 (记者 邹平 摄)", reporters("邹平", dateline="本报讯"), ""),
        (
            "本报讯 (本报记者 王五 特约记者 孙八) 日前,",
            reporters("王五", "孙八", dateline="本报讯"),
            "日前,",
        ),
        ("本报讯 (文/记者 王五) 日前,", reporters("王五", dateline="本报讯"), "日前,"),
        (
            "本报讯 (记者 邹平、世春,刘宁，张三)",
            reporters("邹平", "世春", "刘宁", "张三", dateline="本报讯"),
            "",
        ),
        (
            "扬州网讯 (记者 伊然 仁辂) 2月9日,",
            reporters("伊然", "仁辂", dateline="扬州网讯"),
            "2月9日,",
        ),
        ("扬州网讯(记者 薛舒文)近日,", reporters("薛舒文", dateline="扬州网讯"), "近日,"),
        ("扬州网讯 (记者 朱轩卿) 昨天,", reporters("朱轩卿", dateline="扬州网讯"), "昨天,"),
        ("交汇点讯 (记者 张三) 近日,", reporters("张三", dateline="交汇点讯"), "近日,"),
        # Wire copy: {agency}{place}{M月D日}电/讯.
        (
            "新华社南京1月5日电 (记者 王五) 江苏省",
            reporters("王五", dateline="新华社南京1月5日电"),
            "江苏省",
        ),
        (
            "中国江苏网5月2日讯 (记者 汪 滢) 近日,",
            reporters("汪滢", dateline="中国江苏网5月2日讯"),
            "近日,",
        ),
        ("新华社北京3月5日电 国务院总理", Byline(dateline="新华社北京3月5日电"), "国务院总理"),
        (
            "中新网扬州3月1日电 (记者 崔佳明) 1日,",
            reporters("崔佳明", dateline="中新网扬州3月1日电"),
            "1日,",
        ),
        ("人民日报北京3月5日电 全国", Byline(dateline="人民日报北京3月5日电"), "全国"),
        ("本报3月5日讯 昨天,", Byline(dateline="本报3月5日讯"), "昨天,"),
        ("新华社南京 1月5日电 全省", Byline(dateline="新华社南京1月5日电"), "全省"),
        # Not yet normalised: full-width brackets still work.
        ("本报讯（记者　邹平）昨天,", reporters("邹平", dateline="本报讯"), "昨天,"),
        (
            normalize_text("本报讯　（记者　邹平　通讯员　张三）　昨天，"),
            Byline("本报讯", ("邹平",), ("张三",)),
            "昨天,",
        ),
        # Dateline without byline.
        ("本报讯 昨天,市委召开会议。", Byline(dateline="本报讯"), "昨天,市委召开会议。"),
        ("本报讯昨天,市委召开会议。", Byline(dateline="本报讯"), "昨天,市委召开会议。"),
        # A bracket after the dateline that is not credits stays in the text.
        ("本报讯 (2020年度) 全市", Byline(dateline="本报讯"), "(2020年度) 全市"),
        # A dateline alone on its line (the byline follows on the next one).
        ("本报讯", Byline(dateline="本报讯"), ""),
        ("扬州网讯 ", Byline(dateline="扬州网讯"), ""),
        ("本报讯:昨天,", Byline(dateline="本报讯"), "昨天,"),
        # Byline-only paragraphs: the caller drops them.
        ("本报记者 王五", reporters("王五"), ""),
        ("记者 邹平 通讯员 张三", Byline(None, ("邹平",), ("张三",)), ""),
        ("记者 邹平 世春 通讯员 扬宣", Byline(None, ("邹平", "世春"), ("扬宣",)), ""),
        ("(记者 邹平 世春)", reporters("邹平", "世春"), ""),
        ("本报讯 记者 邹平 通讯员 张三", Byline("本报讯", ("邹平",), ("张三",)), ""),
        # An unbracketed byline running into the text is ambiguous: only the dateline is taken.
        ("本报讯 记者 邹平 昨天,市委", Byline(dateline="本报讯"), "记者 邹平 昨天,市委"),
    ],
)
def test_split_lead(paragraph: str, byline: Byline, rest: str) -> None:
    assert split_lead(paragraph) == (byline, rest)


@pytest.mark.parametrize(
    "paragraph",
    [
        # Reprints without a dateline come back unchanged.
        "1月5日上午,市长张宝娟主持召开市政府常务会议。",
        # Sentences that start with 记者 are text, not bylines.
        "记者从市发改委获悉,今年以来全市固定资产投资稳步增长。",
        "记者从市发改委获悉",
        "记者在现场看到,市民排起长队。",
        "记者节到来之际,市领导看望新闻工作者。",
        "记者 昨天 获悉",
        # Too long for a byline line, even if every word could be a name.
        "记者 " + " ".join(["张三", "李四", "王五", "赵六"] * 5),
        "通讯员队伍建设座谈会召开",
        "(上接第一版)市委书记强调,",
        "据新华社报道,全国",
        "又讯 为了开好这次大会,10月12日-13日,夏心旻、张宝娟率市党政代表团赴南通、泰州。",
        "夏心旻指出,自1992年设立第一个开发区以来,",
        "",
    ],
)
def test_split_lead_leaves_text_alone(paragraph: str) -> None:
    assert split_lead(paragraph) == (Byline(), paragraph)


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("(记者 张三 摄)", reporters("张三")),
        ("市民在瘦西湖畔赏花。(记者 张三 摄)", reporters("张三")),
        ("市民在瘦西湖畔赏花。 记者 张三 摄", reporters("张三")),
        ("市民在瘦西湖畔赏花。记者 张三 摄", reporters("张三")),
        ("市民在瘦西湖畔赏花 记者 张三/摄", reporters("张三")),
        ("(通讯员 李四 摄)", Byline(correspondents=("李四",))),
        ("图为活动现场。(记者 张三 通讯员 李四 摄)", Byline(None, ("张三",), ("李四",))),
        ("(记者 张三摄)", reporters("张三")),
        ("(记者 汪 滢 摄)", reporters("汪滢")),
        ("（记者　张三　摄）", reporters("张三")),
        (
            "上图:开工现场(记者 张三 摄) 下图:签约仪式(通讯员 李四 摄)",
            Byline(None, ("张三",), ("李四",)),
        ),
        ("(记者 张三 摄) 又见(记者 张三 摄)", reporters("张三")),
        # Not photo credits.
        ("市民接受记者采访时拍摄", Byline()),
        ("(记者 张三)", Byline()),
        ("(张三 摄)", Byline()),
        ("摄影展在市美术馆开幕", Byline()),
        ("记者在现场看到 摄", Byline()),
        ("", Byline()),
    ],
)
def test_photo_credits(paragraph: str, expected: Byline) -> None:
    assert photo_credits(paragraph) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # The seed article's footer, raw and normalised.
        ("作者:  编辑:马丽花", Footer(None, ("马丽花",))),
        (normalize_text("作者：　　编辑：马丽花"), Footer(None, ("马丽花",))),
        ("作者:张三 编辑:李四", Footer("张三", ("李四",))),
        ("作者:  编辑:陈茜", Footer(None, ("陈茜",))),
        ("编辑:陈茜", Footer(None, ("陈茜",))),
        ("责任编辑:煜婕", Footer(None, ("煜婕",))),
        ("责编:张慰 崔欣", Footer(None, ("张慰", "崔欣"))),
        ("责编:张慰、崔欣", Footer(None, ("张慰", "崔欣"))),
        ("责任编辑:张慰,崔欣", Footer(None, ("张慰", "崔欣"))),
        ("(责任编辑:王芳)", Footer(None, ("王芳",))),
        ("[责任编辑:王芳]", Footer(None, ("王芳",))),
        ("【责任编辑:王芳】", Footer(None, ("王芳",))),
        ("责任编辑：王芳", Footer(None, ("王芳",))),
        ("作者:汪 滢 编辑:李四", Footer("汪滢", ("李四",))),
        ("作者:张三 李四 编辑:王五", Footer("张三、李四", ("王五",))),
        ("编辑:陈茜 审核:王五 校对:赵六", Footer(None, ("陈茜",))),
        ("作者:张三 编辑:李四 责任编辑:王五", Footer("张三", ("李四", "王五"))),
        # Still footers, with nothing in them.
        ("作者:", Footer()),
        ("编辑:", Footer()),
        ("作者: 编辑:", Footer()),
    ],
)
def test_parse_footer(line: str, expected: Footer) -> None:
    assert parse_footer(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "市编辑出版协会召开年会",
        "编辑部收到读者来信",
        "责任编辑",
        "来源:扬州日报",
        "作者简介:张三,扬州大学教授。",
        "本报编辑:张三",
        "编辑:这是一段很长的正文,它以编辑开头,却是一句话。",
        "夏心旻强调,要聚焦关键、紧抓实干,编辑:无",
        "",
    ],
)
def test_parse_footer_rejects_non_footers(line: str) -> None:
    assert parse_footer(line) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("邹平 世春 刘宁", ("邹平", "世春", "刘宁")),
        ("汪 滢", ("汪滢",)),
        ("汪 滢 李 明", ("汪滢", "李明")),
        ("欧 阳 明", ("欧阳明",)),
        ("夏心旻 汪 滢", ("夏心旻", "汪滢")),
        ("王 小明", ("王", "小明")),
        ("张慰、崔欣", ("张慰", "崔欣")),
        ("张慰,崔欣", ("张慰", "崔欣")),
        ("张慰，崔欣", ("张慰", "崔欣")),
        ("张三/文 李四/摄", ("张三", "李四")),
        ("张三 摄", ("张三",)),
        (" :张三; ", ("张三",)),
        ("阿布都·热合曼", ("阿布都·热合曼",)),
        ("张三 等", ("张三",)),
        ("", ()),
        ("、 ,", ()),
    ],
)
def test_split_names(text: str, expected: tuple[str, ...]) -> None:
    assert split_names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("记者 邹平 世春 刘宁", reporters("邹平", "世春", "刘宁")),
        ("记者 X 通讯员 Y", Byline(None, ("X",), ("Y",))),
        ("记者 张三 记者 张三", reporters("张三")),
        ("首席记者 张三 摄影记者 李四", reporters("张三", "李四")),
        ("会议 记者 张三", None),
        ("邹平 世春", None),
        ("记者", None),
        ("", None),
    ],
)
def test_parse_credits(text: str, expected: Byline | None) -> None:
    assert parse_credits(text) == expected
