"""Any number of sample articles, composed from sentence banks (benchmarks at 10k-100k).

    generate_articles(1000)                       # 2019-01-01 .. 2026-11-01, seed 0
    generate_articles(50_000, seed=7, start=datetime(2024, 1, 1))

Deterministic: the same arguments give the same specs. Titles and paths are unique. Topics
follow realistic trends (新质生产力 only from late 2023, rising through 2026; 人代会 in
January and February), bylines, footers, captions and templates vary like the handwritten
articles. Bodies are 2-6 paragraphs, about 1-3 KB of UTF-8 text. Articles rendered in the
kicker_subtitle template get an 引题 (about 15%) and a ——副题 (about 15%), drawn from a random
source of their own so that every other field stays as it was.

Planted sentences (`PLANTED`) give the analytics their ground truth, also drawn from a source
of their own: 低空经济 from 2024 with 无人机 always a few words away (a designed collocate),
the made-up slogan 融链强群 from 2025 only (in no lexicon, split by the tokenizer, in varied
contexts: a designed term suggestion), and 市人大代表、市长X in 人代会 stories (two posts, one
name; 代市长X while the mayor is acting). The officials are the roster's
(tests/sample_site/roster.py), each in the post the roster gives at the article's date.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from tests.sample_site import roster
from tests.sample_site.roster import ROSTER
from tests.sample_site.specs import ArticleSpec, Credit, Footer, Lead, id_for
from tests.sample_site.templates import TEMPLATES, pick_template

SLOT = re.compile(r"\{(\w+)\}")
DEFAULT_START = datetime(2019, 1, 1)
DEFAULT_END = datetime(2026, 11, 1)
# Body length in characters (3 bytes each in UTF-8): about 1-3 KB.
MIN_BODY_CHARS = 380
MAX_BODY_CHARS = 1000


@dataclass(frozen=True)
class Place:
    """Where a story happens: its name in titles and in text, and its own leader."""

    title_name: str
    text_name: str
    leader: str | None


@dataclass(frozen=True)
class Topic:
    """A policy theme: title patterns, opening events, facts, calls to action and slogans."""

    key: str
    titles: tuple[str, ...]
    events: tuple[str, ...]
    facts: tuple[str, ...]
    calls: tuple[str, ...]
    slogans: tuple[str, ...]
    # Relative weight per year from 2019 on (the last value holds for later years).
    weights: tuple[float, ...] = (1, 1, 1, 1, 1, 1, 1, 1)
    not_before: datetime | None = None
    months: tuple[int, ...] | None = None

    def weight(self, when: datetime) -> float:
        if self.not_before and when < self.not_before:
            return 0.0
        if self.months and when.month not in self.months:
            return 0.0
        index = min(max(when.year - 2019, 0), len(self.weights) - 1)
        return self.weights[index]


CITY = Place("扬州", "我市", None)
PLACES = (
    CITY,
    CITY,
    CITY,
    Place("宝应", "宝应县", "宝应县委书记袁立民"),
    Place("高邮", "高邮市", "高邮市委书记杭晓东"),
    Place("仪征", "仪征市", "仪征市长倪振宇"),
    Place("江都", "江都区", "江都区委书记殷建华"),
    Place("广陵", "广陵区", "广陵区长祁文静"),
    Place("邗江", "邗江区", "邗江区委书记蔡永康"),
    Place("扬州经开区", "扬州经济技术开发区", "经开区党工委书记许立新"),
    Place("扬州高新区", "扬州高新区", "高新区管委会主任罗子健"),
    Place("生态科技新城", "生态科技新城", "新城管委会主任汤铭"),
)

TOPICS = (
    Topic(
        "二次创业",
        (
            "{place}开发园区“二次创业”{period}交出亮眼成绩单",
            "{place}推进开发园区“二次创业”新开工项目{n}个",
            "{place}园区{period}工业开票销售增长{pct}%",
            "{place}：以“二次创业”再造园区发展新优势",
            "{place}{n}个园区项目集中开工",
        ),
        (
            "{place}召开开发园区“二次创业”推进会",
            "{place}举行园区重大项目集中开工活动，{n}个项目总投资{yi}亿元",
            "{place}开发园区“二次创业”现场观摩活动举行",
        ),
        (
            "{period}，{place}开发园区完成工业开票销售同比增长{pct}%，新开工亿元以上项目{n}个。",
            "园区坚持“一区一主导产业”，主导产业集聚度提高到{pct}%。",
            "园区推行“全员聘用、绩效考核”改革，{n}名干部竞聘上岗。",
            "园区新建标准厂房{big}万平方米，为项目落地提供了充足空间。",
            "一批“专精特新”企业在园区加速成长，{n}家企业入选省级名单。",
        ),
        (
            "要以“二次创业”的闯劲拼劲，推动园区争先进位",
            "要聚焦主导产业强链补链，提升园区产业层次",
            "要深化园区体制机制改革，激发干事创业活力",
            "要把园区打造成高质量发展的主阵地、主引擎",
        ),
        ("二次创业", "一区一主导产业", "亩均论英雄", "园区速度"),
        (0.3, 2.5, 2.0, 1.5, 1.0, 1.0, 0.8, 0.6),
    ),
    Topic(
        "新质生产力",
        (
            "{place}加快培育新质生产力",
            "{place}：以科技创新引领新质生产力发展",
            "{place}新质生产力重点项目{period}完成投资{yi}亿元",
            "新质生产力为{place}高质量发展注入新动能",
            "{place}{n}家企业获评新质生产力标杆企业",
        ),
        (
            "{place}召开加快发展新质生产力推进会",
            "{place}发布支持新质生产力发展的{n}条政策措施",
            "{place}新质生产力发展论坛举行",
        ),
        (
            "{period}，{place}战略性新兴产业产值同比增长{pct}%，占规上工业比重提高到{pct}%。",
            "{place}聚焦人工智能、新型储能、生物医药等领域，培育未来产业项目{n}个。",
            "一批企业通过智能化改造“老树发新芽”，{n}家工厂入选省级智能工厂。",
            "{place}设立{n}亿元产业基金，重点投向新质生产力相关项目。",
            "以新质生产力为引领，{place}新增国家高新技术企业{n}家。",
        ),
        (
            "要因地制宜发展新质生产力，推动传统产业焕新、新兴产业壮大、未来产业培育",
            "要以科技创新引领产业创新，加快形成新质生产力",
            "要坚持“以新促新、以新带旧”，推动产业全面升级",
            "要让新质生产力成为高质量发展的强劲引擎",
        ),
        ("新质生产力", "以新促新", "智改数转网联", "科创名城"),
        (0, 0, 0, 0, 0.8, 2.5, 3.5, 5.0),
        not_before=datetime(2023, 9, 15),
    ),
    Topic(
        "营商环境",
        (
            "{place}出台优化营商环境{n}条举措",
            "{place}政务服务“{slogan}”改革见成效",
            "{place}{period}新增市场主体{big}0户",
            "{place}营商环境满意度达{pct}分",
            "{place}涉企审批时限压缩{pct}%",
        ),
        (
            "{place}召开优化营商环境大会",
            "{place}政企恳谈会举行，{n}位企业家代表建言献策",
            "{place}发布优化营商环境行动方案",
        ),
        (
            "{period}，{place}新设立市场主体同比增长{pct}%，企业开办时间压缩至1个工作日以内。",
            "{place}推行涉企事项“一件事一次办”，{n}个高频事项实现“全程网办”。",
            "工程建设项目审批实行“容缺受理”，平均审批时间缩短{n}个工作日。",
            "{place}建立企业诉求“直通车”机制，累计解决企业问题{big}个。",
        ),
        (
            "要把优化营商环境作为“一把手”工程，以企业满意度为第一标准",
            "要持续深化“放管服”改革，让企业办事更省心、更顺心",
            "要以“企业有呼、政府必应”的态度，做好涉企服务",
        ),
        ("放管服", "一网通办", "一件事一次办", "不见面审批", "企业有呼、政府必应"),
    ),
    Topic(
        "乡村振兴",
        (
            "{place}乡村振兴“{slogan}”结硕果",
            "{place}新建高标准农田{n}万亩",
            "{place}{n}个村集体经营性收入超百万元",
            "{place}特色产业带动农民增收",
            "{place}：和美乡村建设扮靓农村新颜",
        ),
        (
            "{place}召开乡村振兴工作推进会",
            "{place}举行农民丰收节活动",
            "{place}和美乡村建设现场会召开",
        ),
        (
            "{period}，{place}农村居民人均可支配收入同比增长{pct}%。",
            "{place}新建和改造农村公路{big}公里，{n}个村完成人居环境整治提升。",
            "依托“一村一品”特色产业，{place}培育农业龙头企业{n}家。",
            "{place}探索“田长制”管护模式，确保农田建得好、管得住、长受益。",
        ),
        (
            "要立足资源禀赋做好“特”字文章，让农民在家门口就业增收",
            "要把高标准农田建设作为“三农”工作的重中之重",
            "要全面推进乡村振兴，加快建设宜居宜业和美乡村",
        ),
        ("一村一品", "田长制", "和美乡村", "望天田变高产田"),
    ),
    Topic(
        "强富美高",
        (
            "{place}奋力谱写“强富美高”新篇章",
            "“强富美高”新{place}建设{period}迈出坚实步伐",
            "{place}：{n}项民生实事全部按时序推进",
            "{place}扎实推进“强富美高”现代化建设",
        ),
        (
            "{place}召开“强富美高”现代化建设推进会",
            "市委理论学习中心组举行专题学习会",
            "{place}民生实事项目推进会召开",
        ),
        (
            "{period}，{place}地区生产总值同比增长{pct}%，一般公共预算收入增长{pct}%。",
            "{place}{n}项民生实事项目全部按时序推进，群众获得感持续增强。",
            "{place}新增城镇就业{big}0人，城乡居民收入稳步增长。",
        ),
        (
            "要深刻把握“强富美高”的丰富内涵，坚持以高质量发展为首要任务",
            "要持续保障和改善民生，让人民群众的获得感、幸福感、安全感更加充实",
            "要锚定“产业强市”主攻方向，做大做强先进制造业集群",
        ),
        ("强富美高", "产业强市", "好地方", "三个名城"),
    ),
    Topic(
        "公园城市",
        (
            "{place}“公园城市”建设再添新景",
            "{place}新建改造口袋公园{n}个",
            "{place}城市绿道总长突破{big}公里",
            "{place}：推窗见绿 出门入园",
        ),
        (
            "{place}一座新公园正式开园",
            "{place}召开“公园城市”建设推进会",
            "{place}绿道贯通工程完工",
        ),
        (
            "{period}，{place}新建和改造提升城市公园{n}个，新增绿地{big}亩。",
            "市民出门“300米见绿、500米见园”，公园成为城市最美的“客厅”。",
            "{place}推进“公园+”模式，让公园与文化、体育、旅游深度融合。",
        ),
        (
            "要坚持“把最好的资源留给百姓”，让公园城市成色更足",
            "要把绿色空间嵌入城市肌理，让群众享受“推窗见绿”的幸福",
        ),
        ("公园城市", "公园+", "推窗见绿", "把最好的资源留给百姓"),
    ),
    Topic(
        "长江大保护",
        (
            "{place}腾退长江岸线{pct}公里",
            "{place}沿江生态修复工程通过验收",
            "{place}：共抓大保护 守护一江清水",
            "{place}长江禁渔工作{period}成效明显",
        ),
        (
            "{place}召开长江大保护工作推进会",
            "{place}沿江生态修复工程通过验收",
            "{place}开展长江岸线专项整治行动",
        ),
        (
            "{period}，{place}清理整治沿江违规项目{n}处，腾退岸线{pct}公里。",
            "腾退后的岸线优先用于生态修复和滨江绿廊建设，新增生态林地{big}亩。",
            "{place}长江干流水质稳定保持Ⅱ类，重点水功能区水质达标率100%。",
        ),
        (
            "要牢固树立“共抓大保护、不搞大开发”的理念，持续修复长江生态环境",
            "要坚决扛起长江大保护的政治责任，打造“生态绿廊、美丽江岸”",
        ),
        ("共抓大保护、不搞大开发", "生态绿廊、美丽江岸", "十年禁渔"),
    ),
    Topic(
        "大运河文化带",
        (
            "{place}大运河文化带建设重点项目{period}完成投资{yi}亿元",
            "大运河文化带{place}段建设成效显著",
            "{place}运河沿线{n}处文化遗产完成保护修缮",
            "{place}：让千年运河焕发时代光彩",
        ),
        (
            "{place}召开大运河文化带建设工作推进会",
            "{place}运河文化旅游活动启幕",
            "{place}一处运河遗产保护展示工程完工",
        ),
        (
            "{period}，{place}大运河文化带建设重点项目完成投资{yi}亿元。",
            "运河沿线{n}处文化遗产完成保护修缮，{n}个运河主题展馆向公众开放。",
            "作为大运河原点城市，扬州统筹推进遗产保护、生态修复和文旅融合。",
        ),
        (
            "要扛起“让大运河成为造福人民的幸福河”的使命担当",
            "要以大运河文化带建设为牵引，推动文旅深度融合",
        ),
        ("运河原点城市", "幸福河", "扬州样板"),
    ),
    Topic(
        "人代会",
        (
            "人代会{place}代表团审议政府工作报告",
            "{place}代表热议政府工作报告",
            "人代会上，{place}代表聚焦“{slogan}”建言",
            "代表委员为{place}高质量发展建言献策",
        ),
        (
            "市人代会{place}代表团分组审议政府工作报告",
            "市人代会举行第{ordinal}次全体会议",
        ),
        (
            "代表们认为，政府工作报告目标明确、举措务实，{n}项民生实事回应群众期盼。",
            "报告提出，今年全市地区生产总值预期增长{pct}%左右。",
            "{n}名代表围绕产业发展、城市建设、民生保障等提出建议。",
        ),
        (
            "要认真落实政府工作报告部署，确保各项目标任务圆满完成",
            "要依法履职尽责，更好汇聚推动高质量发展的强大合力",
        ),
        ("强富美高", "产业强市", "好地方"),
        (2, 2, 2, 2, 2, 2, 2, 2),
        months=(1, 2),
    ),
    Topic(
        "科创",
        (
            "{place}新增省级以上研发机构{n}家",
            "{place}科创载体建设跑出“加速度”",
            "{place}{period}技术合同成交额增长{pct}%",
            "{place}：打造科创名城新引擎",
        ),
        (
            "{place}科技创新大会召开",
            "{place}一批科技成果集中发布",
            "{place}科创产业园正式开园，首批{n}家企业入驻",
        ),
        (
            "{period}，{place}新增国家高新技术企业{n}家，高新技术产业产值占比达{pct}%。",
            "{place}各类科创载体面积突破{big}万平方米。",
            "{place}与{n}所高校院所共建研发平台，一批科技成果在扬转化落地。",
        ),
        (
            "要强化企业创新主体地位，让科技创新成为扬州发展最鲜明的底色",
            "要加快集聚创新要素，让更多科技成果在扬州转化落地",
        ),
        ("科创名城", "产学研", "揭榜挂帅"),
    ),
    Topic(
        "招商引资",
        (
            "{place}集中签约{n}个重大产业项目",
            "{place}{period}新签约亿元以上项目{n}个",
            "{place}招商引资“一号工程”结硕果",
            "{place}重大项目签约总投资{yi}亿元",
        ),
        (
            "{place}举行重大项目集中签约活动，{n}个项目总投资{yi}亿元",
            "{place}赴长三角开展专题招商活动",
            "{place}重大项目建设推进会召开",
        ),
        (
            "{period}，{place}新签约亿元以上产业项目{n}个，同比增长{pct}%。",
            "签约项目涵盖高端装备、新能源、新材料等领域，其中十亿元以上项目{n}个。",
            "{place}坚持“走出去”与“请进来”相结合，先后赴上海、深圳等地开展专题招商。",
        ),
        (
            "要坚持“项目为王”，瞄准产业链关键环节精准招商",
            "要以最优的服务、最好的环境，让企业放心投资、安心发展",
        ),
        ("项目为王", "一号工程", "走出去、请进来"),
    ),
    Topic(
        "文旅",
        (
            "{place}{period}接待游客{big}万人次",
            "{place}“世界美食之都”吸引八方来客",
            "{place}文旅消费{period}增长{pct}%",
            "{place}：假日旅游市场持续火爆",
        ),
        (
            "{place}文旅消费季活动启动",
            "{place}举行美食文化节",
            "{place}假日旅游市场安全检查开展",
        ),
        (
            "{period}，{place}接待游客{big}万人次，实现旅游收入同比增长{pct}%。",
            "瘦西湖、个园、东关街等景点游人如织，运河三湾等新晋打卡地人气高涨。",
            "早茶、炒饭、狮子头等扬州美食成为吸引游客的“金字招牌”。",
        ),
        (
            "要做好游客服务和安全保障，让八方游客“来了还想再来”",
            "要推动文旅深度融合，擦亮“好地方”城市品牌",
        ),
        ("世界美食之都", "好地方", "烟花三月下扬州", "来了还想再来"),
    ),
)

TIME_OPENERS = (
    "昨天，",
    "近日，",
    "日前，",
    "{month_day}，",
    "昨天上午，",
    "记者昨天从{dept}获悉，",
)
DEPARTMENTS = (
    "市发改委",
    "市工信局",
    "市商务局",
    "市科技局",
    "市统计局",
    "市农业农村局",
    "市文广旅局",
)
PERIODS = ("今年以来", "一季度", "上半年", "前三季度", "今年1至{month}月", "去年")
CLOSERS = (
    "会上，{n}个单位作交流发言。",
    "相关部门负责人参加会议。",
    "据悉，下一步{place}将细化工作举措，确保各项任务落地见效。",
    "活动现场，不少市民纷纷点赞。",
    "会议还对下一阶段重点工作作了部署。",
)
GENERIC_FACTS = (
    "{place}坚持问题导向，建立“周调度、月通报、季考核”工作机制。",
    "各相关部门密切配合，形成了上下联动、齐抓共管的工作格局。",
    "{place}梳理形成年度重点任务清单，明确责任单位和完成时限。",
    "据统计，{period}，{place}已累计召开专题推进会{n}次。",
    "不少企业负责人表示，政策红利实实在在，发展信心更足了。",
    "群众纷纷表示，家门口的变化看得见、摸得着。",
    "下一步，{place}将在完善机制、强化保障上持续用力。",
    "{place}成立工作专班，实行“一个项目、一名领导、一套班子”推进机制。",
    "记者在现场看到，工人们正在加紧施工，现场一派繁忙景象。",
    "{place}还将加强督查考核，对工作推进不力的予以通报。",
    "专家认为，这一做法为同类地区提供了有益借鉴。",
    "目前，相关工作已进入全面实施阶段。",
    "{place}有关负责人介绍，今年将重点抓好{n}项具体任务。",
    "截至目前，{place}已完成年度目标任务的{pct}%。",
    "{place}还将加大要素保障力度，全力破解用地、资金、人才等难题。",
)
CITY_QUOTES = (
    "{leader}强调，{call}。",
    "{leader}表示，{call}，努力为“强富美高”新扬州建设作出更大贡献。",
    "{leader}在调研时指出，{call}，确保各项工作落地见效。",
)
REPORTERS = (
    "若溪",
    "文涛",
    "思远",
    "朝晖",
    "静怡",
    "雨桐",
    "俊杰",
    "书瑶",
    "一帆",
    "子墨",
    "安然",
    "周逸凡",
    "孙可欣",
    "陆晨阳",
    "钱雨萌",
    "吴一鸣",
    "薛舒文",
    "葛欣然",
    "蒋文博",
    "许诺",
)
SPACED_NAMES = ("汪 滢", "林 琳", "万 凌", "倪 敏", "丁 宁")
TRAINEES = ("李想", "赵一诺", "陈可", "王悦", "孟洁")
CORRESPONDENTS = (
    "扬宣",
    "邗宣",
    "广宣",
    "仪宣",
    "宝宣",
    "邮宣",
    "都宣",
    "张晨",
    "刘婷",
    "王慧",
    "孙浩",
    "周敏",
    "韩雪",
    "李明",
    "陈默",
    "王立群",
)
EDITORS = ("马丽花", "陈茜", "煜婕", "顾晓婷", "杨帆", "林雪", "黄珊", "张慰", "崔欣")
# 引题 and 副题 patterns; {topic} is the topic's key, {place} the place as titles name it.
KICKERS = (
    "聚焦“{slogan}”",
    "坚持“{slogan}”不动摇",
    "奋力推进“强富美高”新扬州现代化建设",
    "高质量发展调研行",
    "{period}经济运行观察",
    "在“{slogan}”中走在前列",
    "勇当{topic}排头兵",
)
SUBTITLES = (
    "{place}推进{topic}工作综述",
    "来自{place}的调查",
    "{place}{topic}工作见闻",
    "{period}{place}{topic}工作观察",
    "记{place}干部群众奋力推进{topic}",
)
# How papers open a subtitle: mostly an em-dash pair, sometimes one dash or a space after.
SUBTITLE_DASHES = ("——", "——", "——", "—", "—— ")
HEADLINE_TEMPLATE = "kicker_subtitle"
KICKER_SHARE = 0.15
SUBTITLE_SHARE = 0.15
CAPTIONS = (
    "图为活动现场。",
    "图为项目建设现场。",
    "图为市民在公园休闲游玩。",
    "图为企业生产车间一角。",
    "图为游客在景区参观。",
)


@dataclass(frozen=True)
class Planted:
    """Sentences planted in a share of each year's articles (of some topics only, if given)."""

    key: str
    sentences: tuple[str, ...]
    shares: Mapping[int, float]  # year -> share of the year's articles; absent years: none
    topics: tuple[str, ...] = field(default=())


# The made-up slogan: in no lexicon and no dictionary; jieba cuts it 融链/强群.
SLOGAN = "融链强群"
PLANTED = (
    Planted(
        "低空经济",
        (
            "{place}抢抓低空经济发展机遇，无人机物流配送航线开通{n}条。",
            "低空经济加速起飞，无人机产业链企业在{place}集聚{n}家。",
            "{place}加快发展低空经济，新建无人机起降点{n}个。",
        ),
        {2024: 0.15, 2025: 0.3, 2026: 0.4},
    ),
    Planted(
        SLOGAN,
        (
            "{place}深入实施融链强群行动，{n}条重点产业链加快壮大。",
            "以“融链强群”为抓手，{place}新招引链上企业{n}家。",
            "围绕融链强群，{place}出台{n}条支持措施。",
            "企业负责人表示，融链强群让上下游配套更顺畅了。",
            "{place}融链强群三年行动计划正式发布。",
            "推动融链强群取得新成效，是今年工作的重中之重。",
        ),
        {2025: 0.35, 2026: 0.45},
    ),
    Planted(
        "人大代表",
        ("市人大代表、{mayor}参加{place}代表团审议。",),
        dict.fromkeys(range(2019, 2027), 1.0),
        topics=("人代会",),
    ),
)
# Every leader's name the generator writes (with its post): none is a policy term.
LEADER_NAMES = tuple(sorted({term.name for term in ROSTER}))
# Written where no mayor (2019, spring 2023) or no secretary (before 2017) is named, so that
# every article draws as many leaders, and so the same random numbers, as it always did.
STAND_IN = next(term for term in ROSTER if term.role == "市委副书记")
SECRETARY_STAND_IN = next(term for term in ROSTER if term.role == "市委常委")


def month_day(when: datetime) -> str:
    """`1月5日`: the day as datelines and openers write it."""
    return f"{when.month}月{when.day}日"


def mayor_at(when: datetime) -> str | None:
    """The mayor (or acting mayor) in office at a date, as written before the name: 市长张宝娟,
    代市长王进健; None where the roster names none (tests/sample_site/roster.py)."""
    term = roster.mayor_at(when)
    return None if term is None else term.role + term.name


def city_leaders(when: datetime) -> tuple[str, ...]:
    """The city's leaders in office at a date, post and name, as the roster has them."""
    secretary = roster.secretary_at(when) or SECRETARY_STAND_IN
    mayor = mayor_at(when) or STAND_IN.role + STAND_IN.name
    vice = {
        2019: ("沈家和", "陆思诚"),
        2020: ("沈家和", "陆思诚"),
        2021: ("沈家和", "陆思诚", "温晓岚"),
        2022: ("沈家和", "陆思诚", "温晓岚"),
        2023: ("陆思诚", "温晓岚", "蒋立夫"),
        2024: ("陆思诚", "温晓岚", "蒋立夫"),
    }.get(when.year, ("温晓岚", "蒋立夫", "顾春雷") if when.year > 2019 else ("沈家和", "陆思诚"))
    return (secretary.role + secretary.name, mayor, *(f"副市长{name}" for name in vice))


@dataclass
class _Writer:
    """Fills one article's patterns; every `{slot}` occurrence draws a fresh value.

    Sentences are dealt from shuffled decks (main topic, a second topic, generic lines), so an
    article never repeats a sentence pattern and reads as one story touching two themes.
    """

    rng: random.Random
    when: datetime
    place: Place
    topic: Topic
    second: Topic

    def slot(self, match: re.Match[str]) -> str:
        """The value of one `{name}` (an if-chain: this runs ~25 times per article)."""
        name, rng = match.group(1), self.rng
        if name == "place":
            return self.place.text_name
        if name == "n":
            return str(rng.randrange(3, 61))
        if name == "big":
            return str(rng.randrange(100, 1000))
        if name == "yi":
            return str(rng.randrange(10, 601))
        if name == "pct":
            return f"{rng.uniform(2, 40):.1f}"
        if name == "slogan":
            return rng.choice(self.topic.slogans)
        if name == "period":
            return self.fill(rng.choice(PERIODS))
        if name == "month":
            return str(max(2, self.when.month - 1))
        if name == "month_day":
            return month_day(self.when - timedelta(days=1))
        if name == "dept":
            return rng.choice(DEPARTMENTS)
        if name == "ordinal":
            return rng.choice(("一", "二", "三", "四", "五"))
        raise KeyError(f"unknown slot {{{name}}}")

    def fill(self, pattern: str) -> str:
        return SLOT.sub(self.slot, pattern) if "{" in pattern else pattern

    def title(self) -> str:
        pattern = self.rng.choice(self.topic.titles)
        return self.fill(pattern.replace("{place}", self.place.title_name))

    def headline(self, pattern: str) -> str:
        """A kicker or subtitle: the topic's key and the place's title name, then the slots."""
        pattern = pattern.replace("{topic}", self.topic.key)
        return self.fill(pattern.replace("{place}", self.place.title_name))

    def _deck(self, *pools: Sequence[str]) -> list[str]:
        deck: list[str] = []
        for pool in pools:
            shuffled = list(pool)
            self.rng.shuffle(shuffled)
            deck.extend(shuffled)
        return deck

    def body(self) -> list[str]:
        rng = self.rng
        target = rng.randrange(MIN_BODY_CHARS, MAX_BODY_CHARS)
        facts = self._deck(self.topic.facts, self.second.facts, GENERIC_FACTS)
        calls = self._deck(self.topic.calls, self.second.calls)
        leaders = list(city_leaders(self.when))
        rng.shuffle(leaders)
        if self.place.leader:
            leaders.insert(0, self.place.leader)
        opener = self.fill(rng.choice(TIME_OPENERS))
        event = self.fill(rng.choice(self.topic.events)) + "。"
        # 记者从...获悉 introduces a fact, not an event.
        lead_in = opener if "获悉" in opener else opener + event
        paragraphs = [lead_in + self.fill(facts.pop(0))]
        # Two to five paragraphs; past that, sentences lengthen the last one.
        most = rng.randrange(2, 6)
        while facts and (len(paragraphs) < 2 or sum(map(len, paragraphs)) < target):
            sentences = [self.fill(facts.pop(0)) for _ in range(rng.randrange(1, 4)) if facts]
            # A leader's words in about every other paragraph, each leader and call once.
            if calls and leaders and rng.random() < 0.6:
                quote = rng.choice(CITY_QUOTES).format(leader=leaders.pop(0), call=calls.pop(0))
                sentences.insert(rng.randrange(len(sentences) + 1), quote)
            paragraph = "".join(sentences)
            if sum(map(len, paragraphs)) + len(paragraph) > MAX_BODY_CHARS:
                break
            if len(paragraphs) < most:
                paragraphs.append(paragraph)
            else:
                paragraphs[-1] += paragraph
        if sum(map(len, paragraphs)) < MAX_BODY_CHARS - 40 and rng.random() < 0.4:
            paragraphs.append(self.fill(rng.choice(CLOSERS)))
        return paragraphs


def plant(rng: random.Random, writer: _Writer, paragraphs: list[str]) -> None:
    """Append the planted sentences an article gets to its paragraphs, where they fit."""
    for planted in PLANTED:
        share = planted.shares.get(writer.when.year, 0.0)
        if planted.topics and writer.topic.key not in planted.topics:
            continue
        if rng.random() >= share:
            continue
        sentence = rng.choice(planted.sentences)
        if "{mayor}" in sentence:
            mayor = mayor_at(writer.when)
            if mayor is None:
                continue  # no mayor named at that date: the roster has none
            sentence = sentence.replace("{mayor}", mayor)
        sentence = sentence.replace("{place}", writer.place.text_name)
        sentence = sentence.replace("{n}", str(rng.randrange(3, 30)))
        if sum(map(len, paragraphs)) + len(sentence) <= MAX_BODY_CHARS:
            paragraphs[rng.randrange(len(paragraphs))] += sentence


def _names(rng: random.Random, pool: Sequence[str], low: int, high: int) -> tuple[str, ...]:
    return tuple(rng.sample(pool, rng.randrange(low, high + 1)))


def _lead(rng: random.Random, when: datetime) -> tuple[Lead, str]:
    """A byline in one of the known shapes and the source that goes with it."""
    day = month_day(when)
    dice = rng.random()
    if dice < 0.06:
        return Lead("扬州网讯", (Credit("记者", _names(rng, REPORTERS, 1, 2)),), "tight"), "扬州网"
    if dice < 0.10:
        return Lead("扬州网讯", (Credit("记者", _names(rng, REPORTERS, 1, 2)),)), "扬州网"
    if dice < 0.14:
        return Lead(f"新华社南京{day}电", (Credit("记者", _names(rng, REPORTERS, 1, 2)),)), "新华社"
    if dice < 0.17:
        return Lead(
            f"中国江苏网{day}讯", (Credit("记者", (rng.choice(SPACED_NAMES),)),)
        ), "中国江苏网"
    if dice < 0.20:
        return Lead(
            f"中新网扬州{day}电", (Credit("记者", _names(rng, REPORTERS, 1, 1)),)
        ), "中新网江苏"
    if dice < 0.24:
        return Lead("交汇点讯", (Credit("记者", _names(rng, REPORTERS, 1, 2)),)), "新华日报"
    if dice < 0.30:
        return Lead(
            None, (Credit("本报记者", _names(rng, REPORTERS, 1, 2)),), "own_line"
        ), "扬州日报"
    if dice < 0.35:
        return Lead(None, style="none"), rng.choice(("扬州日报", "扬州日报", "新华日报"))
    if dice < 0.40:
        return Lead("本报讯", style="none"), "扬州日报"
    reporters = list(REPORTERS)
    rng.shuffle(reporters)
    shape = rng.random()
    credits: tuple[Credit, ...]
    if shape < 0.45:
        credits = (Credit("记者", tuple(reporters[: rng.randrange(1, 4)])),)
    elif shape < 0.70:
        credits = (
            Credit("记者", tuple(reporters[: rng.randrange(1, 3)])),
            Credit("通讯员", _names(rng, CORRESPONDENTS, 1, 2)),
        )
    elif shape < 0.80:
        credits = (
            Credit("通讯员", _names(rng, CORRESPONDENTS, 1, 2)),
            Credit("记者", tuple(reporters[:1])),
        )
    elif shape < 0.90:
        credits = (Credit("见习记者", tuple(reporters[:1])),)
    else:
        credits = (Credit("记者", tuple(reporters[:1])), Credit("实习生", (rng.choice(TRAINEES),)))
    source = "新华日报" if rng.random() < 0.08 else "扬州日报"
    return Lead("本报讯", credits), source


def _footer(rng: random.Random, lead: Lead) -> Footer:
    dice = rng.random()
    if dice < 0.45:
        author = None
        if rng.random() < 0.15 and lead.credits:
            author = "".join(lead.credits[0].names[0].split())
        return Footer("author_editor", (rng.choice(EDITORS),), author)
    if dice < 0.65:
        return Footer("responsible", (rng.choice(EDITORS),))
    if dice < 0.75:
        return Footer("short", tuple(rng.sample(EDITORS, 2)))
    return Footer("editor", (rng.choice(EDITORS),))


def _caption(rng: random.Random, lead: Lead) -> str:
    """A photo caption credited to a byline reporter, another reporter or a correspondent."""
    dice = rng.random()
    if dice < 0.4 and lead.credits and not lead.credits[0].is_correspondent:
        role, name = "记者", lead.credits[0].names[0]
    elif dice < 0.9:
        role, name = "记者", rng.choice(REPORTERS)
    else:
        role, name = "通讯员", rng.choice(CORRESPONDENTS)
    if " " in name:
        role, name = "记者", rng.choice(REPORTERS)
    return f"{rng.choice(CAPTIONS)}（{role} {name} 摄）"


def _pick_topic(rng: random.Random, when: datetime, exclude: Topic | None = None) -> Topic:
    """A topic by its weight at that date (新质生产力 only from late 2023, rising)."""
    weights = [0.0 if topic is exclude else topic.weight(when) for topic in TOPICS]
    return rng.choices(TOPICS, weights=weights)[0]


def _times(rng: random.Random, n: int, start: datetime, end: datetime) -> list[datetime]:
    """n publication times (minute precision), during the day, sorted."""
    days = max(1, (end - start).days)
    times: list[datetime] = []
    for _ in range(n):
        day = start + timedelta(days=rng.randrange(days))
        hour = rng.choice((7, 8, 8, 9, 9, 9, 10, 10, 11, 14, 15, 16, 17, 19, 21))
        when = day.replace(hour=hour, minute=rng.randrange(60), second=0, microsecond=0)
        times.append(min(when, end))
    return sorted(times)


def generate_articles(
    n: int,
    seed: int = 0,
    start: datetime = DEFAULT_START,
    end: datetime = DEFAULT_END,
) -> list[ArticleSpec]:
    """n article specs between start and end, oldest first; deterministic for the arguments."""
    if end <= start:
        raise ValueError("end must be after start")
    times = _times(random.Random(f"times:{seed}"), n, start, end)
    specs: list[ArticleSpec] = []
    titles: set[str] = set()
    last_id = 0
    for index, when in enumerate(times):
        rng = random.Random(f"article:{seed}:{index}")
        article_id = max(last_id + 1, id_for(when))
        last_id = article_id
        template = pick_template(when, str(article_id))
        if TEMPLATES[template].shows_seconds and rng.random() < 0.3:
            when = when.replace(second=rng.randrange(1, 60))
        topic = _pick_topic(rng, when)
        second = _pick_topic(rng, when, exclude=topic)
        writer = _Writer(rng, when, rng.choice(PLACES), topic, second)
        title = writer.title()
        for _ in range(30):
            if title not in titles:
                break
            writer.place = rng.choice(PLACES)
            title = writer.title()
        suffix = 2
        base = title
        while title in titles:
            title = f"{base}（{suffix}）"
            suffix += 1
        titles.add(title)
        lead, source = _lead(rng, when)
        paragraphs = writer.body()
        # A random source of their own: planting never shifts any other field.
        plant(random.Random(f"planted:{seed}:{index}"), writer, paragraphs)
        if rng.random() < 0.15 and len(paragraphs) < 6:
            paragraphs.insert(rng.randrange(1, len(paragraphs) + 1), _caption(rng, lead))
        footer = _footer(rng, lead)
        if not TEMPLATES[template].shows_author:
            footer = replace(footer, author=None)
        kicker, subtitle = _headlines(random.Random(f"headline:{seed}:{index}"), writer, template)
        specs.append(
            ArticleSpec(
                id=str(article_id),
                published_at=when,
                title=title,
                source=source,
                lead=lead,
                paragraphs=tuple(paragraphs),
                footer=footer,
                kicker=kicker,
                subtitle=subtitle,
            )
        )
    return specs


def _headlines(rng: random.Random, writer: _Writer, template: str) -> tuple[str | None, str | None]:
    """An 引题 and a ——副题 for a share of the articles rendered in the kicker_subtitle template."""
    if template != HEADLINE_TEMPLATE:
        return None, None
    # Its own writer and random source: drawing these never shifts the article's other fields.
    own = replace(writer, rng=rng)
    kicker = own.headline(rng.choice(KICKERS)) if rng.random() < KICKER_SHARE else None
    subtitle = None
    if rng.random() < SUBTITLE_SHARE:
        subtitle = rng.choice(SUBTITLE_DASHES) + own.headline(rng.choice(SUBTITLES))
    return kicker, subtitle
