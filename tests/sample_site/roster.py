"""Who held which post when, in the sample site: the officials its articles may name.

The city's top posts follow the public record as reports show it (and the real seed page of
2020-10-22: 市委书记夏心旻, 市长张宝娟, 副市长方桂林, 孔令俊 first of the 市四套班子领导):
市委书记 谢正义 (to 2019), 夏心旻 (2020 to July 2021), 张宝娟 (from August 2021), 王进健 (from
March 2023); 市长 张宝娟 (2020 to July 2021), 王进健 (代市长 from August 2021, 市长 from the
人代会 of January 2022 to February 2023), 潘国强 (代市长 from May 2023, 市长 from October 2023),
郑海涛 (from 2026); 市人大常委会主任 孔令俊. No mayor is named in 2019, nor in March and April
2023, nor a 市委书记 before 2017 (the older pages of tests/sample_site/history.py), where the
record given to this project names none. The vice mayors, the 市委副书记, the 市委常委 and the
leaders of the counties, districts and parks are invented, one post each at a time.

Roles are written as `person_mentions` holds them (docs/ANALYTICS.md): `written` lists the
forms an article may print before the name (扬州市副市长温晓岚 is the 副市长).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

OPEN = date(2100, 1, 1)


@dataclass(frozen=True)
class Term:
    """One person in one post over [start, end), and how articles may write the post."""

    name: str
    role: str
    start: date
    end: date = OPEN
    written: tuple[str, ...] = ()

    def holds(self, when: date | datetime) -> bool:
        """Whether the post is held on that day."""
        day = when.date() if isinstance(when, datetime) else when
        return self.start <= day < self.end

    def forms(self) -> tuple[str, ...]:
        """The posts as printed before the name."""
        return self.written or (self.role,)


SECRETARY = "市委书记"
MAYOR = "市长"
ACTING_MAYOR = "代市长"
VICE_MAYOR = "副市长"

ROSTER: tuple[Term, ...] = (
    Term("谢正义", SECRETARY, date(2017, 1, 1), date(2020, 1, 1), ("市委书记", "扬州市委书记")),
    Term("夏心旻", SECRETARY, date(2020, 1, 1), date(2021, 8, 1), ("市委书记", "扬州市委书记")),
    Term("张宝娟", SECRETARY, date(2021, 8, 1), date(2023, 3, 1), ("市委书记", "扬州市委书记")),
    Term("王进健", SECRETARY, date(2023, 3, 1), OPEN, ("市委书记", "扬州市委书记")),
    Term("张宝娟", MAYOR, date(2020, 1, 1), date(2021, 8, 1), ("市长", "扬州市长")),
    Term("王进健", ACTING_MAYOR, date(2021, 8, 1), date(2022, 1, 20)),
    Term("王进健", MAYOR, date(2022, 1, 20), date(2023, 3, 1), ("市长", "扬州市长")),
    Term("潘国强", ACTING_MAYOR, date(2023, 5, 1), date(2023, 10, 1)),
    Term("潘国强", MAYOR, date(2023, 10, 1), date(2026, 1, 1), ("市长", "扬州市长")),
    Term("郑海涛", MAYOR, date(2026, 1, 1), OPEN, ("市长", "扬州市长")),
    Term("孔令俊", "市人大常委会主任", date(2020, 1, 1), date(2024, 1, 1)),
    Term("方桂林", VICE_MAYOR, date(2020, 1, 1), date(2022, 1, 1)),
    # Invented from here on.
    Term("方立明", "市委副书记", date(2015, 1, 1), date(2024, 1, 1)),
    Term("严立衡", "市委常委", date(2015, 1, 1), date(2020, 1, 1)),
    Term("沈家和", VICE_MAYOR, date(2015, 1, 1), date(2023, 1, 1)),
    Term("陆思诚", VICE_MAYOR, date(2015, 1, 1), date(2025, 1, 1)),
    Term("温晓岚", VICE_MAYOR, date(2021, 1, 1), OPEN, ("副市长", "扬州市副市长")),
    Term("蒋立夫", VICE_MAYOR, date(2023, 1, 1), OPEN, ("副市长", "扬州市副市长")),
    Term("顾春雷", VICE_MAYOR, date(2025, 1, 1), OPEN),
    Term("袁立民", "宝应县委书记", date(2015, 1, 1)),
    Term("杭晓东", "高邮市委书记", date(2015, 1, 1)),
    Term("倪振宇", "仪征市长", date(2015, 1, 1)),
    Term("殷建华", "江都区委书记", date(2015, 1, 1)),
    Term("祁文静", "广陵区长", date(2015, 1, 1)),
    Term("蔡永康", "邗江区委书记", date(2015, 1, 1)),
    Term("许立新", "经开区党工委书记", date(2015, 1, 1)),
    Term("罗子健", "高新区管委会主任", date(2015, 1, 1)),
    Term("汤铭", "新城管委会主任", date(2015, 1, 1)),
)
# The seed page's 市四套班子领导 (2020-10-22), named in a list before 等市四套班子领导.
SEED_LEADERS = ("孔令俊", "李航", "陈锴竑", "王炳松", "张长金", "韩骅", "焦庆标")


def holders(role: str, when: date | datetime) -> list[Term]:
    """Who holds `role` on that day."""
    return [term for term in ROSTER if term.role == role and term.holds(when)]


def mayor_at(when: date | datetime) -> Term | None:
    """The mayor, or the acting mayor, on that day (None where none is named)."""
    found = [*holders(MAYOR, when), *holders(ACTING_MAYOR, when)]
    return found[0] if found else None


def secretary_at(when: date | datetime) -> Term | None:
    """The party secretary on that day (None before 2017, where the record given names none)."""
    found = holders(SECRETARY, when)
    return found[0] if found else None


def terms_of(name: str) -> list[Term]:
    """Every post `name` holds in the roster."""
    return [term for term in ROSTER if term.name == name]
